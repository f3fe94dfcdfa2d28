"""Page building without MkDocs: `build_pages` on the sample bank returns every page of the site,
each with its front matter, its body and links that point at pages that exist."""

from __future__ import annotations

import posixpath
import re

import markdown
import pytest

from generator.render.page import SiteOptions, fill_blocks
from generator.render.pages import build_pages
from generator.urls import entry_url, page_url, term_src
from generator.validate.bank import load_bank

from .conftest import PRACTICES, ROOT


@pytest.fixture(scope="module")
def bank():
    bank, problems = load_bank(PRACTICES)
    assert not problems.errors
    return bank


@pytest.fixture(scope="module")
def pages(bank):
    return build_pages(bank, SiteOptions(per_page=5, site_url="https://example.ru/bank/"))


def _html(page) -> str:
    """The page body as HTML (plain Python-Markdown), its generated blocks put back."""
    body = page.markdown(placeholders=True).split("\n---\n", 1)[1]
    html = markdown.markdown(body, extensions=["tables", "attr_list", "md_in_html"])
    return fill_blocks(html, page.blocks)


def test_one_page_per_address_and_every_kind_of_page(bank, pages):
    sources = [p.src_uri for p in pages]
    assert len(sources) == len(set(sources))
    urls = {p.url for p in pages}
    for record in bank.published():
        assert entry_url(record) in urls
    for fixed in ("bank/", "terms/", "places/", "assessment/", "rankings/", "compare/", "stats/", "data/",
                  "collections/", "print/", "submit/"):
        assert fixed in urls, fixed


def test_catalogues_are_paginated(bank, pages):
    tutoring = [p for p in pages if p.src_uri == "tutoring/index.md" or p.src_uri.startswith("tutoring/page/")]
    expected = -(-len(bank.of_kind("tutoring")) // 5)
    assert len(tutoring) == expected
    first = _html(next(p for p in tutoring if p.src_uri == "tutoring/index.md"))
    assert len(re.findall(r'class="bank-card ', first)) == min(5, len(bank.of_kind("tutoring")))


def test_entry_page_carries_its_facts_and_edit_path(bank, pages):
    record = bank.of_kind("tutoring")[0]
    page = next(p for p in pages if p.entry == record.slug)
    assert page.meta["title"] == record.title
    assert page.edit_path == record.path and not page.in_nav
    html = _html(page)
    assert "BANKHTML" not in html
    assert record.title in page.markdown()


def test_term_pages_exist_for_every_term_in_use(bank, pages):
    urls = {p.url for p in pages}
    for record in bank.published():
        for term in bank.terms_of(record, "directions"):
            assert page_url(term_src("directions", term)) in urls


def test_every_relative_link_of_generated_html_resolves(pages):
    """Links written by the templates lead to generated pages (or files the site also carries)."""
    urls = {p.url for p in pages}
    sources = {p.src_uri for p in pages} | {md.relative_to(ROOT / "content").as_posix()
                                            for md in (ROOT / "content").rglob("*.md")}
    elsewhere = ("data/", "api/", "feed.xml", "assets/", "search/", "materials/", "collections/")
    broken = []
    for page in pages:
        for href in re.findall(r'href="([^"#?:]+)(?=["#?])', _html(page)):  # no scheme (mailto:, https:)
            if href.endswith(".md"):  # a Markdown link: relative to the source, the engine makes it a URL
                if posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), href)) not in sources:
                    broken.append((page.src_uri, href))
                continue
            target = posixpath.normpath(posixpath.join(page.url, href))
            target = "" if target == "." else target + "/"
            if href.endswith((".pdf", ".xml", ".json", ".xlsx", ".csv", ".ics")) or target.startswith(elsewhere) \
                    or target.endswith("/booklet/"):
                continue
            if target not in urls:
                broken.append((page.src_uri, href))
    assert broken == []
