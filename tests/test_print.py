"""Booklets and collections: real PDFs read back with pypdf, pictures for a human look."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from generator.bank.collections import contents, load_collections, select
from generator.problems import Problems
from generator.validate.bank import load_bank

from tests.conftest import PRACTICES, ROOT
from tests.sitebuild import mkdocs_build, page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bank():
    b, problems = load_bank(PRACTICES)
    assert not problems.errors
    return b


def norm(text: str) -> str:
    """PDF text without hyphenation breaks and with single spaces."""
    text = text.replace("\u00ad", "").replace("‐\n", "").replace("-\n", "-")
    return re.sub(r"\s+", " ", text).strip().lower().replace("ё", "е")


def fonts(reader: PdfReader) -> dict[str, bool]:
    out = {}
    for pg in reader.pages:
        res = pg.get("/Resources") or {}
        for font in (res.get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            out[str(font.get("/BaseFont"))] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


def test_every_practice_and_programme_has_booklet_html_and_pdf(sample_site, bank):
    for kind in ("tutoring", "programmes"):
        for record in bank.of_kind(kind):
            html = page(sample_site, f"{kind}/{record.slug}/booklet")
            assert record.title in html.find("h1").get_text()
            assert "@page" in html.find("style").get_text()
            entry = page(sample_site, f"{kind}/{record.slug}")
            assert entry.select_one(".bank-actions a[href='booklet/']") is not None
            assert entry.select_one(f".bank-actions a[href='{record.slug}.pdf']") is not None
            pdf = sample_site / kind / record.slug / f"{record.slug}.pdf"
            reader = PdfReader(str(pdf))
            # one sheet: a booklet that runs over is set tighter until it fits
            assert len(reader.pages) == 1, (record.slug, len(reader.pages))
            text = norm("\n".join(p.extract_text() for p in reader.pages))
            raw = reader.pages[0].extract_text()
            for form in {m.form for m in getattr(record.model, "modules", []) if m.form}:
                label = bank.vocabulary.label("forms", form)
                assert label in raw.replace("\n", " "), (record.slug, label)  # whole words in the forms column
            assert norm(record.title) in text, record.slug
            assert "\ufffd" not in text
            assert re.search(r"[а-я]{4,}", text)
            if kind == "programmes":
                assert norm(record.model.modules[0].title)[:40] in text
            used = fonts(reader)
            assert used and all(used.values()), used
            assert any("PT-Sans" in name for name in used)
            # QR code with the absolute URL is drawn, and the URL is printed
            assert f"https://institute.example/bank/{kind}/{record.slug}/" in text.replace(" ", "")


def _toc_entries(reader: PdfReader) -> list[tuple[str, int]]:
    toc_page = next(i for i, p in enumerate(reader.pages) if "Содержание" in (p.extract_text() or ""))
    lines = (reader.pages[toc_page].extract_text() or "").splitlines()
    entries, pending = [], ""
    for line in lines[1:]:
        m = re.match(r"^(.*?)[\s.]*?(\d+)\s*$", line)
        if m and "." in line:
            entries.append(((pending + " " + m.group(1)).strip(" ."), int(m.group(2))))
            pending = ""
        elif line.strip() and not line.strip().isdigit():
            pending = (pending + " " + line).strip()
    return entries


def test_collections_toc_page_numbers_bookmarks_headers(sample_site, bank, artifacts):
    problems = Problems()
    collections = load_collections(PRACTICES, bank, problems)
    assert not problems.errors and len(collections) >= 2
    for coll in collections:
        records, _ = contents(bank, coll)
        reader = PdfReader(str(sample_site / "collections" / f"{coll.slug}.pdf"))
        texts = [norm(p.extract_text() or "") for p in reader.pages]
        toc = _toc_entries(reader)
        assert len(toc) == len(records), (coll.slug, toc)
        for (title, number), record in zip(toc, records):
            assert norm(title)[:30] == norm(record.title)[:30]
            assert norm(record.title)[:40] in texts[number - 1], (coll.slug, record.slug, number)
        outline_titles = [norm(item.title) for item in reader.outline if not isinstance(item, list)]
        for record in records:
            assert norm(record.title) in outline_titles
        # running header with the collection title and page numbers on every page but the cover
        for i, text in enumerate(texts[1:], start=2):
            assert norm(coll.title) in text, (coll.slug, i)
            assert re.search(rf"(^|\s){i}(\s|$)", text), (coll.slug, i)
        assert all(fonts(reader).values())
        page_html = page(sample_site, "collections")
        assert page_html.select_one(f"a[href='{coll.slug}.pdf']") is not None
        # the printable HTML leads back to the site and to its PDF on screen; the PDF has no such line
        printable = page(sample_site, f"collections/{coll.slug}")
        back = [a["href"] for a in printable.select("nav.site-nav a")]
        assert back == ["../", f"../{coll.slug}.pdf"]
        assert (sample_site / "collections" / f"{coll.slug}.pdf").exists()
        assert not any("Все сборники" in t for t in texts)
        # no page holds only the end of the previous entry (the page's address is in its facts table)
        assert all(len(t) > 200 for t in texts[1:]), [(i + 1, t[:80]) for i, t in enumerate(texts) if len(t) <= 200]
        assert printable.select_one("meta[name='viewport']") is not None  # readable on a phone


def test_collection_takes_the_newest_entries_up_to_its_limit(bank, tmp_path):
    """A filter matching thousands of entries must not make a PDF of thousands of pages."""
    from generator.outputs.booklets import collection_html

    problems = Problems()
    coll = max(load_collections(PRACTICES, bank, problems), key=lambda c: len(select(bank, c)))
    matching = select(bank, coll)
    assert len(matching) > 2
    small = coll.model_copy(update={"limit": 2})
    chosen, total = contents(bank, small)
    newest = sorted(matching, key=lambda r: (r.model.added, r.slug), reverse=True)[:2]
    assert total == len(matching) and {r.slug for r in chosen} == {r.slug for r in newest}
    html = collection_html(bank, small, "https://institute.example/bank/")
    assert sum(f'id="e-{r.slug}"' in html for r in matching) == 2
    assert f"В сборник вошли 2 самые новые записи из {total}, подходящих под его отбор" in html
    assert "https://institute.example/bank/bank/" in html
    # the validator warns (it is not an error) and says what to do
    practices = tmp_path / "practices"
    shutil.copytree(PRACTICES, practices)
    text = (practices / "collections.yml").read_text(encoding="utf-8")
    at = text.index(f"slug: {coll.slug}")
    (practices / "collections.yml").write_text(text[:at] + "limit: 2\n    " + text[at:], encoding="utf-8")
    loaded, found = load_bank(practices)
    assert not found.errors, [p.format() for p in found.errors]
    warning = next(p for p in found.warnings if "collections.yml" in p.path)
    assert f"попадает {total} записей, в PDF войдут 2 самых новых" in warning.message


def test_pictures_of_first_pages(sample_site, artifacts):
    if not shutil.which("pdftoppm"):
        pytest.fail("нет pdftoppm: установите poppler-utils (./run.sh setup)")
    for pdf, name in ((sample_site / "tutoring/mostovsky-tutor-community/mostovsky-tutor-community.pdf", "booklet"),
                      (sample_site / "programmes/timashevsky-ict-competences/timashevsky-ict-competences.pdf",
                       "booklet-programme"),
                      (sample_site / "collections/staging-site-programmes.pdf", "collection")):
        out = artifacts / name
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(out)], check=True)
        assert list(artifacts.glob(f"{name}-*.png"))


def test_warm_cache_rebuild_renders_nothing_new(sample_build, tmp_path):
    again = mkdocs_build(ROOT, tmp_path / "site", env={"BANK_NO_SEARCH": "1"})
    assert again.returncode == 0
    assert re.search(r"PDF: 0 создано, \d+ из кэша", again.stderr), again.stderr[-2000:]


def test_editing_one_entry_lays_out_only_its_booklet(sample_build, bank_copy, tmp_path):
    """A warm rebuild after one edit: that entry's booklet (and the collections it is in) are
    made anew, every other booklet and PDF comes from the cache unchanged."""
    cache = tmp_path / "cache"  # the session build's cache, so only the edit is new
    shutil.copytree(ROOT / ".cache" / "pdf", cache, copy_function=os.link)
    slug = "mostovsky-tutor-community"
    entry = bank_copy / "practices" / "tutoring" / f"{slug}.yml"
    text = entry.read_text(encoding="utf-8")
    title = "Муниципальное сообщество тьюторов Мостовского района"
    entry.write_text(text.replace(f"title: {title}", f"title: {title} (новая редакция)"), encoding="utf-8")
    edited, problems = load_bank(bank_copy / "practices")
    assert not problems.errors
    in_collections = sum(any(r.slug == slug for r in contents(edited, c)[0]) for c in edited.collections)
    site = tmp_path / "site"
    result = mkdocs_build(bank_copy, site, env={"BANK_NO_SEARCH": "1", "BANK_PDF_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr[-3000:]
    made = re.search(r"PDF: (\d+) создано, (\d+) из кэша", result.stderr)
    assert made and int(made.group(1)) == 1 + in_collections, result.stderr[-2000:]
    assert "(новая редакция)" in (site / "tutoring" / slug / "booklet" / "index.html").read_text(encoding="utf-8")
    pdf_text = "".join(p.extract_text() for p in PdfReader(site / "tutoring" / slug / f"{slug}.pdf").pages)
    assert "(новая редакция)" in pdf_text.replace("\n", " ")
    # the others are the cached files as they are: same HTML, same PDF
    old_site = sample_build[0]
    others = [p.relative_to(site) for p in site.glob("*/*/booklet/index.html") if slug not in str(p)]
    assert len(others) > 5
    for rel in others:
        assert (site / rel).read_bytes() == (old_site / rel).read_bytes(), rel
        pdf = rel.parent.parent / f"{rel.parent.parent.name}.pdf"
        assert (site / pdf).read_bytes() == (old_site / pdf).read_bytes(), pdf


def test_a_new_pdf_never_writes_through_a_link_into_the_cache(tmp_path):
    """Site PDFs are hard links into the cache: a rebuilt one replaces the link, it does not
    write into the cached file of the document's previous version."""
    from generator.outputs.pdf import render_pdf

    cache = tmp_path / "cache"
    cache.mkdir()
    previous = cache / "previous.pdf"
    previous.write_bytes(b"%PDF-1.4 previous version")
    target = tmp_path / "site" / "a.pdf"
    target.parent.mkdir()
    os.link(previous, target)
    render_pdf("<html><body><p>Новая редакция</p></body></html>", target, cache)
    assert previous.read_bytes() == b"%PDF-1.4 previous version"
    assert "Новая редакция" in PdfReader(target).pages[0].extract_text()
    assert len(list(cache.glob("*.pdf"))) == 2


def test_pdf_switch_skips_pdfs(tmp_path):
    result = mkdocs_build(ROOT, tmp_path / "site", env={"BANK_PDF": "0", "BANK_NO_SEARCH": "1"})
    assert result.returncode == 0
    site = tmp_path / "site"
    assert not list(site.rglob("*.pdf"))
    # quick previews skip booklets altogether, and entry pages do not offer them
    assert not (site / "tutoring" / "mostovsky-tutor-community" / "booklet").exists()
    html = (site / "tutoring" / "mostovsky-tutor-community" / "index.html").read_text(encoding="utf-8")
    assert 'href="booklet/"' not in html and ".pdf" not in html
    assert (site / "collections" / "index.html").exists()


@pytest.mark.browser
def test_print_view_of_a_selection(server, browser, bank):
    expected = [r for r in bank.published() if "gifted-children" in bank.terms_of(r, "directions")]
    pg = browser.new_page()
    pg.goto(server.base + "print/?direction=gifted-children")
    pg.wait_for_selector("#bank-print[data-ready='true']", timeout=20000)
    sections = pg.locator(".bank-print__entry")
    assert sections.count() == len(expected)
    titles = sections.locator("h1").all_inner_texts()
    assert sorted(titles) == sorted(r.title for r in expected)
    assert "Направление: Одарённые дети" in pg.locator("#bank-print-query").inner_text()
    pg.emulate_media(media="print")
    assert pg.locator(".md-header").is_hidden()
    pg.close()


def test_browser_print_of_an_entry_starts_with_its_facts(server, browser, tmp_path):
    """Printing an entry page from the browser: the panel of facts follows the title on page 1
    (kept whole, a long panel used to leave page 1 with the title alone)."""
    pg = browser.new_page()
    pg.goto(server.base + "tutoring/mostovsky-tutor-community/")
    pdf = tmp_path / "entry.pdf"
    pg.pdf(path=str(pdf), format="A4")
    first = norm(PdfReader(str(pdf)).pages[0].extract_text())
    assert "направления" in first and "целевые группы" in first, first[:400]
    pg.close()


def test_booklet_page_on_a_phone(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    for url in ("programmes/timashevsky-steps-to-success/booklet/", "tutoring/mostovsky-tutor-community/booklet/",
                "collections/tutor-practices/"):
        response = pg.goto(server.base + url)
        assert response.ok, url
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390, url
    icon = pg.goto(server.base + "programmes/timashevsky-steps-to-success/booklet/")
    assert icon.ok
    href = pg.evaluate("document.querySelector('link[rel=icon]').href")
    assert pg.request.get(href).ok  # no 404 for the icon
    context.close()
