"""Hostile input, round two: formulas in the CSV, named pipes and devices in the bank, English
leaking from the YAML reader and the import, names Windows keeps for devices."""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import ROOT, run_cli
from tests.minibank import TUTORING, make_minibank, make_project

TIMEOUT = 60  # the old code waited on a named pipe for ever


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`practice-bank …` that must finish (run_cli would wait five minutes on a hang)."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, timeout=TIMEOUT)


_ENGLISH = re.compile(r"\b(?!YAML\b|UTF\b|FIFO\b|Excel\b|CSV\b|XLSX\b|Windows\b)[A-Za-z]{4,}\b")


# ---- 7. formulas in data/bank.csv -------------------------------------------------------

HOSTILE = {"title": '=HYPERLINK("http://evil.example/","нажмите")', "summary": "@SUM(1+1)",
           "goal": "+7 (999) 000-00-00", "problem": "-2+3"}


def _hostile_bank(tmp_path: Path):
    from generator.validate.bank import load_bank

    practices = make_minibank(tmp_path)
    text = TUTORING
    for key, value in HOSTILE.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: '{value}'", text, count=1, flags=re.M)
    (practices / "tutoring" / "gifted-practice.yml").write_text(text, encoding="utf-8")
    bank, problems = load_bank(practices)
    assert not problems.errors, [p.format() for p in problems.errors]
    return bank


def test_csv_neutralises_formulas_but_keeps_numbers_dates_and_the_other_formats(tmp_path):
    import json

    from generator.outputs.data import to_csv, to_json, to_xlsx

    bank = _hostile_bank(tmp_path)
    rows = list(csv.DictReader(io.StringIO(to_csv(bank).decode("utf-8-sig"))))
    row = next(r for r in rows if r["Имя записи"] == "gifted-practice")
    assert row["Название"] == "'" + HOSTILE["title"]
    assert row["Кратко"] == "'@SUM(1+1)"
    assert row["Цель"] == "'+7 (999) 000-00-00"
    assert row["Проблема"] == "'-2+3"
    assert row["Год начала"] == "2019" and row["Добавлена"] == "2024-01-10"  # numbers and dates untouched
    for r in rows:  # no cell of any entry starts a formula
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in r.values()), r
    # the XLSX holds the author's text as a text cell (never a formula); the JSON keeps it as written
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(bank)))
    sheet = book["Практики"]
    headers = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=headers.index("Название") + 1)
    assert cell.value == HOSTILE["title"] and cell.data_type == "s"
    entry = next(e for e in json.loads(to_json(bank))["entries"] if e["slug"] == "gifted-practice")
    assert entry["data"]["title"] == HOSTILE["title"]


def test_csv_cell_rule_covers_tab_and_carriage_return_and_spares_numbers():
    from datetime import date

    from generator.outputs.data import csv_text

    for text in ("\t=1+1", "\r=1+1", "=1", "+1", "-1", "@A1"):
        assert csv_text(text) == "'" + text
    for value in (-5, -2.5, 2019, None, date(2024, 1, 10), "", "Текст", "'уже с апострофом", " =1"):
        assert csv_text(value) == value


def test_data_page_explains_the_apostrophe():
    text = (ROOT / "generator" / "render" / "templates" / "data.md.j2").read_text(encoding="utf-8")
    csv_line = next(line for line in text.splitlines() if line.startswith("- **CSV**"))
    assert "апостроф" in csv_line and "формул" in csv_line


# ---- 12. named pipes and devices are never read ------------------------------------------

@pytest.mark.parametrize("rel", ["tutoring/pipe.yml", "vocabulary.yml", "settings.yml", "criteria.yml",
                                 "collections.yml", "redirects.yml", "published.txt"])
def test_named_pipe_in_the_bank_is_refused_not_waited_on(tmp_path, rel):
    practices = make_minibank(tmp_path)
    target = practices / rel
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    result = _cli("validate", "--root", str(practices))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"practices/{rel}:1:1: не удалось прочитать файл: это не обычный файл, а именованный канал" \
        in result.stdout, result.stdout
    assert "неожиданный файл" not in result.stdout  # a data file's name is not «unexpected»


def test_named_pipe_given_as_the_file_to_validate(tmp_path):
    folder = tmp_path / "tutoring"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yml")
    make_minibank(tmp_path)
    result = _cli("validate", str(folder / "pipe.yml"), "--root", str(tmp_path / "practices"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "это не обычный файл, а именованный канал" in result.stdout


def test_named_pipe_among_the_materials(tmp_path):
    practices = make_minibank(tmp_path)
    (practices / "materials").mkdir()
    os.mkfifo(practices / "materials" / "plan.pdf")
    entry = practices / "tutoring" / "gifted-practice.yml"
    entry.write_text(TUTORING + "materials:\n  - title: План\n    file: plan.pdf\n", encoding="utf-8")
    result = _cli("validate", "--root", str(practices))
    assert result.returncode == 1
    assert "practices/materials/plan.pdf — не обычный файл" in result.stdout, result.stdout

    from generator.validate.materials import MaterialSettings, publishable_files
    assert publishable_files(practices, MaterialSettings()) == []


def test_named_pipe_in_content_stops_the_build_with_a_message(tmp_path):
    project, _ = make_project(tmp_path)
    os.mkfifo(project / "content" / "pipe.md")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BANK_PDF="0", BANK_NO_SEARCH="1", BANK_PRIVACY="false")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(tmp_path / "site"),
                             "--config-file", str(project / "mkdocs.yml")], cwd=project, capture_output=True,
                            text=True, env=env, timeout=TIMEOUT * 3)
    assert result.returncode == 1
    assert "content/pipe.md: это не обычный файл (именованный канал" in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize("name", ["pipe.csv", "pipe.xlsx", "zero.csv", "/dev/zero"])
def test_import_refuses_a_pipe_or_a_device(tmp_path, name):
    practices = make_minibank(tmp_path)
    if name.startswith("/"):
        path = Path(name)
    elif name.startswith("zero"):
        path = tmp_path / name
        path.symlink_to("/dev/zero")
    else:
        path = tmp_path / name
        os.mkfifo(path)
    result = _cli("import", str(path), "--root", str(practices), "--dry-run")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "это не обычный файл (именованный канал, устройство или сокет)" in result.stderr


def test_reader_helpers_refuse_what_is_not_a_regular_file(tmp_path):
    from generator.load.yamlio import NotRegularFile, os_error_message, read_regular

    os.mkfifo(tmp_path / "pipe")
    for path in (tmp_path / "pipe", Path("/dev/null")):
        with pytest.raises(NotRegularFile) as info:
            read_regular(path, follow_symlinks=True)
        assert "не обычный файл" in os_error_message(info.value)
    # the system's English never reaches a message
    for code in (errno.EIO, errno.ENAMETOOLONG, errno.ELOOP):
        message = os_error_message(OSError(code, os.strerror(code)))
        assert os.strerror(code) not in message and not re.search(r"\b[a-z]{3,}\b", message), message


# ---- 15. Russian only: the YAML reader ------------------------------------------------------

MALFORMED = {
    "bad-hex-escape": ('a: "\\x4"\n', "шестнадцатеричные цифры"),
    "short-u-escape": ('a: "\\u12"\n', "шестнадцатеричные цифры"),
    "beyond-unicode": ('a: "\\U0011FFFF"\n', "не существует в Юникоде"),
    "surrogate-escape": ('a: "\\ud800"\n', "не существует в Юникоде"),
    "deep-flow": ("a: " + "[" * 2000 + "\n", "слишком глубокая вложенность"),
    "deep-flow-top": ("[" * 5000 + "\n", "слишком глубокая вложенность"),
    "stray-bracket": ("a: ]\n", "лишняя запятая, скобка"),
    "double-comma": ("a: [1,, 2]\n", "лишняя запятая, скобка"),
    "at-sign": ("a: @user\n", "служебного символа"),
    "backtick": ("a: `code`\n", "служебного символа"),
    "directive": ("%FOO bar\n---\na: 1\n", "служебная команда YAML"),
    "yaml-version": ("%YAML 2.0\n---\na: 1\n", "служебная команда YAML"),
    "empty-anchor": ("a: & x\n", "должно стоять имя"),
    "empty-alias": ("a: *\n", "должно стоять имя"),
    "bad-tag": ("a: !<x\n", "теги YAML"),
    "undefined-tag-handle": ("a: !foo!bar x\n", "теги YAML"),
    "block-indicator-zero": ("a: |0\n  x\n", "не 0"),
    "text-after-block-indicator": ("a: |x\n  x\n", "после «|» или «>»"),
    "after-document-end": ("a: 1\n...\nb\n", "конец документа"),
    "dash-after-key": ("a: - b\n", "элемент списка"),
    "c1-control": ("a: b\x81c\n", "управляющий символ U+0081"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_yaml_messages_are_russian(name):
    from generator.load.yamlio import YamlProblem, load_text

    text, words = MALFORMED[name]
    with pytest.raises(YamlProblem) as info:
        load_text(text, "x.yml")
    assert words in info.value.message, info.value.message
    assert not _ENGLISH.search(info.value.message), info.value.message


def test_deep_nesting_in_an_entry_is_reported_on_its_line(tmp_path):
    practices = make_minibank(tmp_path)
    (practices / "tutoring" / "deep.yml").write_text(TUTORING + "resources: " + "[" * 3000 + "\n",
                                                     encoding="utf-8")
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 1
    line = next(m for m in result.out.splitlines() if m.startswith("practices/tutoring/deep.yml"))
    assert line.startswith(f"practices/tutoring/deep.yml:{TUTORING.count(chr(10)) + 1}:") and "слишком глубокая вложенность" in line, line
    assert "exceeded" not in result.out


# ---- 15. Russian only: the import --------------------------------------------------------------

def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Название", "Кратко"])
    for i in range(200):
        sheet.append([f"Практика {i}", "Описание " * 20])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _truncated_sheet() -> bytes:
    """A sound zip whose worksheet XML stops half-way (openpyxl raised ParseError)."""
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            body = source.read(name)
            target.writestr(name, body[: len(body) // 2] if name == "xl/worksheets/sheet1.xml" else body)
    return out.getvalue()


@pytest.mark.parametrize("name, content, words", [
    ("truncated-sheet.xlsx", _truncated_sheet(), "файл повреждён или это не книга Excel (.xlsx)"),
    ("cut.xlsx", _workbook()[:3000], "файл повреждён или это не книга Excel (.xlsx)"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "старого формата Excel 97–2003 (.xls)"),
])
def test_damaged_workbook_gives_a_russian_message(tmp_path, name, content, words):
    practices = make_minibank(tmp_path)
    path = tmp_path / name
    path.write_bytes(content)
    result = _cli("import", str(path), "--root", str(practices), "--dry-run")
    assert result.returncode == 2, result.stdout + result.stderr
    assert words in result.stderr
    assert "внутренняя ошибка" not in result.stderr and "Error" not in result.stderr


def test_excel_drop_down_lists_do_not_print_english_warnings(tmp_path):
    """Excel keeps drop-down lists that point at another sheet in an extension openpyxl skips, with a warning."""
    practices = make_minibank(tmp_path)
    extension = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                 b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
                 b'<x14:dataValidations count="0" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
                 b"</x14:dataValidations></ext></extLst>")
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    path = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            body = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</worksheet>", extension + b"</worksheet>")
            target.writestr(name, body)
    result = _cli("import", str(path), "--root", str(practices), "--dry-run")
    assert "строка 2" in result.stdout
    assert "Warning" not in result.stderr and "not supported" not in result.stderr, result.stderr


def test_workbook_that_unpacks_to_hundreds_of_megabytes_is_refused(tmp_path):
    practices = make_minibank(tmp_path)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (250 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    result = _cli("import", str(path), "--root", str(practices), "--dry-run")
    assert result.returncode == 2
    assert "в распакованном виде таблица занимает 250 МБ" in result.stderr, result.stderr


def test_csv_cell_over_the_limit_names_the_row(tmp_path):
    practices = make_minibank(tmp_path)
    path = tmp_path / "big.csv"
    path.write_text("Название;Кратко\nПервая;Кратко\n\nВторая;\"" + "б" * 140_000 + "\n", encoding="utf-8")
    result = _cli("import", str(path), "--root", str(practices), "--dry-run")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{path}: строка 4: в ячейке больше 128 КБ текста" in result.stderr, result.stderr
    assert "field" not in result.stderr


# ---- 15. names Windows keeps for devices ---------------------------------------------------------

@pytest.mark.parametrize("name", ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9", "CON"])
def test_windows_device_names_are_not_slugs(name):
    from generator.model.names import slug_problem

    why = slug_problem(name)
    assert why is not None and "зарезервировано в Windows" in why, why
    assert "«" + name.lower() + "-" in why  # a name to use instead
    for similar in ("console", "com10", f"{name.lower()}-tutors", "icon", "nul1l"):  # only look like one
        assert slug_problem(similar) is None, similar


def test_new_validate_and_import_refuse_a_windows_device_name(tmp_path):
    practices = make_minibank(tmp_path)
    made = run_cli("new", "tutoring", "con", "--root", str(practices))
    assert made.code == 2 and "зарезервировано в Windows" in made.err, made.text
    assert not (practices / "tutoring" / "con.yml").exists()

    (practices / "tutoring" / "aux.yml").write_text(
        TUTORING.replace("Тьюторское сопровождение одарённых детей", "Другая практика"), encoding="utf-8")
    checked = run_cli("validate", "--root", str(practices))
    assert checked.code == 1
    assert "practices/tutoring/aux.yml:1:1: имя «aux» зарезервировано в Windows" in checked.out, checked.out

    table = tmp_path / "rows.csv"
    table.write_text("Имя файла;Название;Кратко\nlpt1;Практика из таблицы;Кратко\n;CON;Кратко\n",
                     encoding="utf-8")
    imported = run_cli("import", str(table), "--root", str(practices), "--dry-run")
    assert "строка 2, столбец «Имя файла»: имя «lpt1» зарезервировано в Windows" in imported.out, imported.text
    from generator.authoring.importer import make_slug
    assert make_slug("CON", set()) != "con"


def test_materials_and_collections_refuse_windows_device_names(tmp_path):
    from generator.validate.materials import MaterialSettings, path_problem

    materials = tmp_path / "materials"
    (materials / "aux").mkdir(parents=True)
    (materials / "aux" / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    (materials / "con.pdf").write_bytes(b"%PDF-1.4\n")
    for value in ("con.pdf", "aux/plan.pdf"):
        why = path_problem(value, materials, MaterialSettings())
        assert why is not None and "зарезервировано в Windows" in why, (value, why)

    practices = make_minibank(tmp_path / "bank")
    (practices / "collections.yml").write_text(
        "collections:\n  - slug: nul\n    title: Сборник\n    intro: Введение.\n    filter:\n      kinds: [tutoring]\n",
        encoding="utf-8")
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 1
    assert "practices/collections.yml:2:" in result.out and "«nul» зарезервировано в Windows" in result.out, \
        result.out
