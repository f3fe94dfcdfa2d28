"""`practice-bank render --out` writes everything the site generates: the same pages as the
built site (Markdown for the engine, HTML for print) and the same data files, byte for byte —
the site can be rebuilt by another engine from it (README «Долговечность»)."""

from __future__ import annotations


import pytest

from generator.urls import page_url

from .conftest import ROOT, run_cli

pytestmark = pytest.mark.slow


def _hand_written() -> set[str]:
    """URLs of the pages of content/ (not generated)."""
    return {page_url(md.relative_to(ROOT / "content").as_posix()) for md in (ROOT / "content").rglob("*.md")}


def test_render_out_has_every_generated_page_and_file(tmp_path, sample_site):
    out = tmp_path / "out"
    result = run_cli("render", "--out", str(out))
    assert result.code == 0, result.text
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}

    rendered_pages = {page_url(p) for p in written if p.endswith(".md")}
    print_pages = {p[: -len("index.html")] for p in written if p.endswith("/index.html")}
    site_pages = {p.relative_to(sample_site).as_posix()[: -len("index.html")]
                  for p in sample_site.rglob("index.html")}
    generated_site_pages = site_pages - _hand_written()
    assert rendered_pages | print_pages == generated_site_pages
    assert not rendered_pages & print_pages

    data = {p for p in written if not p.endswith((".md", "/index.html"))}
    assert {"data/bank.csv", "data/bank.xlsx", "data/bank.json", "data/import-template.xlsx", "feed.xml"} <= data
    assert any(p.startswith("api/entries/") for p in data) and any(p.startswith("api/browse/") for p in data)
    for rel in sorted(data):
        assert (sample_site / rel).read_bytes() == (out / rel).read_bytes(), rel


def test_render_out_lists_each_kind_of_generated_page(tmp_path):
    out = tmp_path / "out"
    assert run_cli("render", "--out", str(out)).code == 0
    for rel in ("tutoring/index.md", "bank/index.md", "terms/index.md", "collections/index.md", "print/index.md",
                "rankings/index.md", "stats/index.md", "submit.md"):
        assert (out / rel).is_file(), rel
    booklets = list(out.glob("tutoring/*/booklet/index.html"))
    assert booklets and "<html" in booklets[0].read_text(encoding="utf-8")
    assert list(out.glob("collections/*/index.html"))
