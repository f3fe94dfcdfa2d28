"""Accessible PDFs: booklets and collections are tagged (PDF/UA-1) with language and title.

The PDFs are made by the core functions (`booklet_html`/`collection_html` and `render_pdf`),
without a site build, and read back with pypdf; the first pages are also drawn with pdftoppm
(test-artifacts/tagged-*.png) for a human look.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from generator.outputs.booklets import booklet_html, collection_html
from generator.outputs.pdf import PDF_CREATOR, render_pdf
from generator.validate.bank import load_bank

from tests.conftest import PRACTICES, ROOT

SITE_URL = "https://institute.example/bank/"
BOOKLET = "mostovsky-tutor-community"  # a practice
PROGRAMME = "timashevsky-ict-competences"  # a programme: its modules are a table


@pytest.fixture(scope="module")
def bank():
    b, problems = load_bank(PRACTICES)
    assert not problems.errors
    return b


@pytest.fixture(scope="module")
def made(bank, tmp_path_factory):
    """Two booklets and a collection, rendered once for the module, with WeasyPrint's log."""
    folder = tmp_path_factory.mktemp("tagged")
    records = {"booklet": bank.get(BOOKLET), "programme": bank.get(PROGRAMME)}
    collection = next(c for c in bank.collections if c.slug == "staging-site-programmes")
    htmls = {name: booklet_html(bank, record, SITE_URL) for name, record in records.items()}
    htmls["collection"] = collection_html(bank, collection, SITE_URL, pdf=True)
    logged: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.ERROR)
    handler.emit = logged.append
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        pdfs = {name: render_pdf(html, folder / f"{name}.pdf", None) for name, html in htmls.items()}
    finally:
        logger.removeHandler(handler)
    return {"pdfs": pdfs, "htmls": htmls, "records": records, "collection": collection,
            "errors": [r.getMessage() for r in logged], "folder": folder}


def norm(text: str) -> str:
    text = text.replace("\u00ad", "").replace("‐\n", "").replace("-\n", "-")
    return re.sub(r"\s+", " ", text).strip().lower().replace("ё", "е")


def structure(reader: PdfReader) -> tuple[list[str], list[dict]]:
    """The structure types of the tag tree in document order, and its /Figure elements."""
    kinds: list[str] = []
    figures: list[dict] = []
    seen: set[int] = set()

    def walk(node) -> None:
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
        node = node.get_object()
        if not hasattr(node, "get") or "/S" not in node:
            return
        kinds.append(str(node["/S"]))
        if node["/S"] == "/Figure":
            figures.append(node)
        for kid in node.get("/K", []):
            walk(kid)

    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    for kid in root["/K"]:
        walk(kid)
    return kinds, figures


def check_tagged(path, title: str) -> tuple[PdfReader, list[str], list[dict]]:
    """What every tagged PDF of the bank carries; returns the reader and its tags."""
    reader = PdfReader(str(path))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    tree = catalog["/StructTreeRoot"].get_object()
    assert len(tree["/K"]) >= 1
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document" and len(document["/K"]) >= 1
    assert "/ParentTree" in tree  # marked content on the pages maps back to the tree
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert str(catalog["/Lang"]).startswith("ru")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    info = reader.metadata
    assert info.title == title
    assert info.creator == PDF_CREATOR and "WeasyPrint" in info.producer
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_title == {"x-default": title}
    assert xmp.get_element("", "http://www.aiim.org/pdfua/ns/id/", "part")  # pdfuaid:part="1"
    assert "1" in str(reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode())
    assert not any("/ID" == key for key in reader.trailer)  # no random file identifier
    assert "/CreationDate" not in info and "/ModDate" not in info  # no date: same bytes each build
    kinds, figures = structure(reader)
    return reader, kinds, figures


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    out = {}
    for pg in reader.pages:
        for font in ((pg.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            out[str(font.get("/BaseFont"))] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


def test_tagging_logs_no_error(made):
    """WeasyPrint reports what breaks PDF/UA (no lang, a picture without its text) as errors."""
    assert made["errors"] == []


@pytest.mark.parametrize("name", ["booklet", "programme"])
def test_booklet_is_a_tagged_pdf_with_language_and_title(made, bank, name):
    record = made["records"][name]
    reader, kinds, figures = check_tagged(made["pdfs"][name], record.title)
    assert len(reader.pages) == 1  # tagging changes nothing of the layout: one sheet still
    html = made["htmls"][name]
    assert kinds.count("/H1") == html.count("<h1") == 1
    assert kinds.count("/H2") == html.count("<h2") > 0 and "/P" in kinds and "/L" in kinds
    if name == "programme":
        assert {"/Table", "/TH", "/TD"} <= set(kinds)
    # the QR code is a figure with its alternative text, the address it leads to
    assert len(figures) == 1
    url = f"{SITE_URL}{record.url}"
    assert str(figures[0]["/Alt"]) == f"QR-код со ссылкой на страницу записи: {url}"
    # the author is the organization (the PDF's /Author and XMP dc:creator)
    site = bank.site_of(record)
    assert site is not None and reader.metadata.author == site.title
    assert reader.xmp_metadata.dc_creator == [site.title]
    # the text is still there to extract, in Russian, with the fonts embedded
    text = norm(reader.pages[0].extract_text())
    assert norm(record.title) in text
    assert "\ufffd" not in text and re.search(r"[а-я]{6,}", text)
    assert url.replace(" ", "") in text.replace(" ", "")
    used = embedded_fonts(reader)
    assert used and all(used.values()), used


def test_the_booklet_page_keeps_its_browser_title(made):
    """The PDF is titled by the entry alone; the HTML page's tab still says what it is."""
    record = made["records"]["booklet"]
    assert f"<title>{record.title} — буклет</title>" in made["htmls"]["booklet"]


def test_collection_is_a_tagged_pdf_with_language_and_title(made, bank):
    from generator.bank.collections import contents

    coll = made["collection"]
    reader, kinds, _ = check_tagged(made["pdfs"]["collection"], coll.title)
    records, _ = contents(bank, coll)
    html = made["htmls"]["collection"]
    # every heading of the HTML is a heading of the tree: the cover, introduction, contents, entries
    assert kinds.count("/H1") == html.count("<h1") >= 1 + len(records)
    assert kinds.count("/H2") == html.count("<h2")
    assert {"/Sect", "/Table", "/TH", "/TD", "/L", "/LI"} <= set(kinds)
    if bank.publication is not None:
        assert reader.metadata.author == bank.publication.institute
    if coll.subtitle:
        assert reader.metadata.subject == coll.subtitle
    texts = [norm(p.extract_text() or "") for p in reader.pages]
    assert norm(coll.title) in texts[0]
    for record in records:
        assert any(norm(record.title)[:40] in t for t in texts), record.slug
    assert not any("\ufffd" in t for t in texts)
    assert reader.outline  # the bookmarks are still there
    used = embedded_fonts(reader)
    assert used and all(used.values()), used


def test_same_html_gives_the_same_bytes_in_another_process(made):
    """A cached PDF stands for its HTML: tagging must add nothing random (ids, dates, the order
    of a hash seed). The same booklet rendered in a fresh interpreter is byte for byte the same."""
    folder = made["folder"]
    html = folder / "booklet.html"
    html.write_text(made["htmls"]["booklet"], encoding="utf-8")
    again = folder / "booklet-again.pdf"
    code = ("import sys; from pathlib import Path; from generator.outputs.pdf import render_pdf; "
            "render_pdf(Path(sys.argv[1]).read_text(encoding='utf-8'), Path(sys.argv[2]), None)")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(html), str(again)], cwd=ROOT, env=env, check=True,
                   timeout=300)
    assert again.read_bytes() == made["pdfs"]["booklet"].read_bytes()


def test_a_document_without_lang_or_title_meta_still_gets_them(tmp_path):
    """Any print document gets a language (Russian by default) and its <title> as the title."""
    target = render_pdf("<html><head><title>Проба</title></head><body><h1>Заголовок</h1>"
                        "<p>Русский текст для проверки.</p></body></html>", tmp_path / "a.pdf", None)
    reader = PdfReader(str(target))
    assert str(reader.trailer["/Root"]["/Lang"]) == "ru"
    assert reader.metadata.title == "Проба"
    kinds, _ = structure(reader)
    assert kinds[:2] == ["/Document", "/H1"] and "/P" in kinds
    assert "Русский текст для проверки." in reader.pages[0].extract_text()


@pytest.mark.parametrize("name", ["booklet", "programme", "collection"])
def test_first_page_draws_something(made, name):
    """The first page drawn at 50 dpi: not blank (kept in test-artifacts for a human look)."""
    if not shutil.which("pdftoppm"):
        pytest.fail("нет pdftoppm: установите poppler-utils (./run.sh setup)")
    from PIL import Image

    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    out = artifacts / f"tagged-{name}"
    for old in artifacts.glob(f"tagged-{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(made["pdfs"][name]), str(out)],
                   check=True, timeout=120)
    (png,) = artifacts.glob(f"tagged-{name}-*.png")
    with Image.open(png) as picture:
        grey = picture.convert("L")
        width, height = grey.size
        assert abs(width - 413) <= 1 and abs(height - 585) <= 1  # A4 at 50 dpi
        histogram = grey.histogram()
    pixels = width * height
    dark = sum(histogram[:128])  # text, headings, the QR code
    inked = pixels - sum(histogram[250:])
    # a booklet's sheet is full (about 4 % dark, 15 % inked); a collection's cover is its title
    # and a few lines (about 1 % and 2 %); a blank page has none
    least = 0.02 if name != "collection" else 0.005
    assert dark > pixels * least, (name, dark / pixels)
    assert inked > pixels * least * 2, (name, inked / pixels)
    assert histogram[255] > pixels * 0.3  # still a white page with ink on it, not a black box
