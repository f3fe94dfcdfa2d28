"""Findings of the second hostile-input probe (F3, F4, F8, F9): a hand-made folder taken for a
previous site, material names Windows cannot hold, redirect reasons outside the text rules,
a criteria file that is a named pipe and formulas in an imported XLSX.
Each test failed before its fix."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from generator.build import SITE_MARKER, site_dir_problem
from generator.validate.materials import MaterialSettings, path_problem, publishable_files

from tests.conftest import run_cli
from tests.minibank import make_minibank, make_project

ENTRY = "practices/tutoring/gifted-practice.yml"


def _errors(practices: Path) -> list[str]:
    result = run_cli("validate", "--root", str(practices))
    assert "Traceback" not in result.text
    assert result.code == 1, result.text
    return result.out.splitlines()


# -- F4: only a folder this tool built is replaced; never the PDF cache -----------------------------

def test_handmade_folder_with_index_and_sitemap_is_not_wiped(tmp_path):
    project, _ = make_project(tmp_path)
    handmade = tmp_path / "handmade"
    handmade.mkdir()
    (handmade / "index.html").write_text("<h1>мой сайт</h1>", encoding="utf-8")
    (handmade / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (handmade / "thesis.docx").write_bytes(b"precious")
    result = run_cli("build", "--site-dir", str(handmade), cwd=project, env={"BANK_PDF": "0"})
    assert result.code == 2, result.text
    assert "не пуста" in result.err and SITE_MARKER in result.err and "прежней версией" in result.err
    assert (handmade / "thesis.docx").read_bytes() == b"precious"
    (handmade / SITE_MARKER).write_text("")  # a folder the build marked is a previous site
    assert site_dir_problem(project, handmade) is None


def test_plugin_marks_the_folder_it_builds_into(tmp_path):
    from types import SimpleNamespace

    from generator.mkdocs_plugin.plugin import PracticeBankPlugin

    site = tmp_path / "new" / "site"
    PracticeBankPlugin().on_pre_build(config=SimpleNamespace(site_dir=str(site)))
    assert (site / SITE_MARKER).is_file()
    (site / "index.html").write_text("<html>")
    assert site_dir_problem(tmp_path, site) is None


@pytest.mark.parametrize("target", [".cache", ".cache/pdf", ".cache/pdf/site"])
def test_build_refuses_the_pdf_cache(tmp_path, target):
    project, _ = make_project(tmp_path)
    (project / ".cache" / "pdf").mkdir(parents=True)
    (project / ".cache" / "pdf" / "abc.pdf").write_bytes(b"%PDF")
    result = run_cli("build", "--site-dir", target, cwd=project, env={"BANK_PDF": "0"})
    assert result.code == 2 and "кэш" in result.err, result.text
    assert (project / ".cache" / "pdf" / "abc.pdf").read_bytes() == b"%PDF"


def test_site_dir_rule_knows_the_cache_set_for_the_build(tmp_path):
    project = tmp_path / "p"
    (project / "practices").mkdir(parents=True)
    cache = tmp_path / "caches" / "pdf"
    assert "кэш" in site_dir_problem(project, tmp_path / "caches", caches=(cache,))
    assert "кэш" in site_dir_problem(project, cache / "site", caches=(cache,))
    assert site_dir_problem(project, tmp_path / "site", caches=(cache,)) is None
    result = run_cli("build", "--site-dir", str(tmp_path / "caches"), cwd=project,
                     env={"BANK_PDF_CACHE": str(cache)})
    assert result.code == 2 and "кэш" in result.err, result.text


# -- F8: material names Windows cannot hold -----------------------------------------------------

@pytest.mark.parametrize("name, words", [
    ("com¹.pdf", "зарезервировано в Windows"),
    ("LPT².pdf", "зарезервировано в Windows"),
    ("CONIN$.pdf", "зарезервировано в Windows"),
    ("conout$", "зарезервировано в Windows"),
    ("x/a:b.pdf", "символ «:»"),
    ("x*.pdf", "символ «*»"),
    ("x?.pdf", "символ «?»"),
    ('q".pdf', "символ «\"»"),
    ("q<.pdf", "символ «<»"),
    ("q>.pdf", "символ «>»"),
    ("a|b.pdf", "символ «|»"),
    ("a\x01b.pdf", "управляющий символ U+0001"),
    ("plan.pdf.", "кончается точкой или пробелом"),
    ("folder./plan.pdf", "кончается точкой или пробелом"),
    ("folder /plan.pdf", "кончается точкой или пробелом"),
])
def test_material_names_windows_cannot_hold_are_refused(tmp_path, name, words):
    materials = tmp_path / "materials"
    (materials / name).parent.mkdir(parents=True, exist_ok=True)
    (materials / name).write_bytes(b"%PDF-1.4")
    why = path_problem(name, materials, MaterialSettings(allowed=("pdf", "")))
    assert why is not None and words in why and "«.?»" not in why, why
    assert publishable_files(tmp_path, MaterialSettings(allowed=("pdf", ""))) == []


def test_material_names_differing_only_in_case_are_refused(tmp_path):
    practices = make_minibank(tmp_path)
    folder = practices / "materials" / "x"
    folder.mkdir(parents=True)
    (folder / "Plan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "plan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "other.pdf").write_bytes(b"%PDF-1.4")
    entry = practices / "tutoring" / "gifted-practice.yml"
    entry.write_text(entry.read_text(encoding="utf-8") + 'materials:\n  - title: План\n    file: "x/Plan.pdf"\n'
                     '  - title: Другой\n    file: "x/other.pdf"\n', encoding="utf-8")
    errors = [e for e in _errors(practices) if e.startswith(ENTRY)]
    assert len(errors) == 1, errors
    assert "«Plan.pdf», и «plan.pdf»" in errors[0] and "переименуйте или удалите" in errors[0]
    published = [rel for rel, _ in publishable_files(practices, MaterialSettings())]
    assert published == ["x/other.pdf"]


# -- F3: the reason of a removed entry follows the text rules and reads back as written ------------

@pytest.mark.parametrize("reason, words", [
    ('"Причина \\u202eилетеч"', "направлением текста U+202E"),
    ('"Причина \\a"', "управляющий символ U+0007"),
    ('"Причина <b>жирно</b>"', "HTML-разметка"),
])
def test_removed_reason_follows_the_text_rules(tmp_path, reason, words):
    practices = make_minibank(tmp_path)
    (practices / "published.txt").write_text("tutoring/old-one\n", encoding="utf-8")
    (practices / "redirects.yml").write_text(f"# снятые записи\nold-one:\n  removed: {reason}\n", encoding="utf-8")
    errors = _errors(practices)
    assert any(e.startswith("practices/redirects.yml:3:") and words in e for e in errors), errors
    assert not any(e.startswith("practices/published.txt") for e in errors), errors


def test_removed_reason_is_shown_as_written(tmp_path):
    import markdown
    from bs4 import BeautifulSoup
    from mkdocs.config import load_config

    from generator.render.service_pages import redirect_pages
    from generator.validate.bank import load_bank
    from tests.conftest import ROOT

    reason = r"Слияние: 2 < 3 & a > b, *не курсив*, [скобки] (круглые) #1 | a_b_c `код` \ ~ &lt; 1. + - :smile:"
    practices = make_minibank(tmp_path)
    (practices / "published.txt").write_text("tutoring/old-one\n", encoding="utf-8")
    (practices / "redirects.yml").write_text(f"old-one: {{removed: '{reason}'}}\n", encoding="utf-8")
    bank, problems = load_bank(practices)
    assert not problems.errors, [p.format() for p in problems.errors]
    [page] = redirect_pages(bank)
    body = page.markdown().split("\n---\n", 1)[1]
    config = load_config(str(ROOT / "mkdocs.yml"))
    html = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(body)
    first = BeautifulSoup(html, "html.parser").find("p")
    assert first.decode_contents().count("<") == 0, first  # no markup made of the reason
    assert first.get_text() == f"Эта запись снята с публикации. Причина: {reason}"


# -- F9: a criteria file that is a named pipe; formulas in an imported XLSX ---------------------------

def test_criteria_pipe_is_reported_once(tmp_path):
    practices = make_minibank(tmp_path)
    entry = practices / "tutoring" / "gifted-practice.yml"
    entry.write_text(entry.read_text(encoding="utf-8") + "assessment:\n  scores: {novelty: 3}\n"
                     "  reviewer: Эксперт\n  date: 2024-03-01\n  conclusion: Хорошо.\n", encoding="utf-8")
    os.mkfifo(practices / "criteria.yml")
    errors = _errors(practices)
    assert any(e.startswith("practices/criteria.yml:1:1:") and "именованный канал" in e for e in errors), errors
    assert not any("файла критериев" in e for e in errors), errors


def test_imported_formula_cell_is_named_as_a_formula(tmp_path):
    practices = make_minibank(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Название", "Кратко", "Проблема", "Цель"])
    sheet.append(['=CONCAT("Практика ", "один")', "Кратко.", "=1+1", "=не формула"])
    sheet["D2"].data_type = "s"  # a text typed as «=…» stays text
    book.save(tmp_path / "t.xlsx")
    result = run_cli("import", str(tmp_path / "t.xlsx"), "--root", str(practices), "--dry-run")
    assert "Traceback" not in result.text
    out = result.out
    assert "столбец «Название»: в ячейке формула «=CONCAT(\"Практика \", \"один\")»" in out, out
    assert "столбец «Проблема»: в ячейке формула «=1+1»" in out and "Специальная вставка" in out, out
    assert "обязательный столбец пуст" not in out and "«Цель»" not in out, out
