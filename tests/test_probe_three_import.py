"""Third probe, writing and import: no command replaces a device or a named pipe, an --out that
is a file where a folder is needed gets a Russian message, --per-page is bounded, a spreadsheet
declaring the whole sheet is read quickly, and CSV/XLSX oddities import or are explained."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import ROOT, run_cli
from tests.minibank import IMPORT_ROW as ROW
from tests.minibank import make_minibank



@pytest.fixture
def practices(tmp_path: Path) -> Path:
    return make_minibank(tmp_path)


def _clean(result) -> None:
    assert "Traceback" not in result.text and "внутренняя ошибка" not in result.text, result.text


# ---- H5: a device, a named pipe or a socket is never replaced ------------------------------

@pytest.fixture
def specials(tmp_path: Path) -> dict[str, Path]:
    """A private null device (needs root) and a named pipe in tmp."""
    folder = tmp_path / "special"
    folder.mkdir()
    made = {"fifo": folder / "fifo"}
    os.mkfifo(made["fifo"])
    if os.geteuid() == 0:
        made["device"] = folder / "fakenull"
        os.mknod(made["device"], stat.S_IFCHR | 0o600, os.makedev(1, 3))
    return made


def _still_special(path: Path) -> bool:
    mode = path.lstat().st_mode
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


@pytest.mark.parametrize("which", ["fifo", "device"])
def test_new_and_import_template_refuse_a_device_or_pipe(practices, specials, which):
    if which not in specials:
        pytest.skip("a device node needs root")
    target = specials[which]
    new = run_cli("new", "tutoring", "x", "--root", str(practices), "--out", str(target))
    _clean(new)
    assert new.code == 1 and "а не обычный файл; он не заменён" in new.err, new.text
    assert "--out -" in new.err  # the way to print the template
    template = run_cli("import-template", "--root", str(practices), "--out", str(target))
    _clean(template)
    assert template.code == 1 and "не заменён" in template.err, template.text
    assert _still_special(target)
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(p.name for p in specials.values())


def test_write_inside_refuses_a_pipe_for_every_writer(tmp_path, specials):
    from generator.safewrite import WriteRefused, write_inside

    with pytest.raises(WriteRefused, match="именованный канал"):
        write_inside(specials["fifo"].parent, "fifo", "text")
    assert _still_special(specials["fifo"])


# ---- H6: a file where a folder is needed ---------------------------------------------------

@pytest.mark.parametrize("args", [
    ("schema", "--out", "{file}"),
    ("schema", "--out", "{file}/sub"),
    ("import-template", "--out", "{file}/t.xlsx"),
    ("new", "tutoring", "x", "--out", "{file}/x.yml"),
    ("render", "--out", "{file}/site"),
])
def test_out_under_a_file_gets_a_russian_message(practices, tmp_path, args):
    afile = tmp_path / "afile"
    afile.write_text("x\n", encoding="utf-8")
    result = run_cli(*(a.format(file=afile) for a in args), "--root", str(practices))
    _clean(result)
    assert result.code == 1 and f"{afile}: это файл, а не папка" in result.err, result.text
    assert afile.read_text(encoding="utf-8") == "x\n"


@pytest.mark.parametrize("command", ["import-template", "new"])
def test_out_that_is_a_folder_gets_a_russian_message(practices, tmp_path, command):
    folder = tmp_path / "folder"
    folder.mkdir()
    args = ["new", "tutoring", "x"] if command == "new" else [command]
    result = run_cli(*args, "--root", str(practices), "--out", str(folder))
    _clean(result)
    assert result.code == 1 and "на месте файла — папка" in result.err, result.text


# ---- render --per-page ----------------------------------------------------------------------

@pytest.mark.parametrize("value", ["-5", "0", "10001", "пять"])
def test_per_page_must_be_from_1_to_10000(practices, tmp_path, value):
    out = tmp_path / "out"
    result = run_cli("render", "--root", str(practices), "--out", str(out), "--per-page", value)
    assert result.code == 2 and "нужно целое число от 1 до 10000" in result.err, result.text
    assert not out.exists()


# ---- H4: a spreadsheet declaring the whole sheet ---------------------------------------------

def _import_quickly(table: Path, practices: Path, timeout: float = 30):
    """`import --dry-run`, failing the test (not hanging it) if it runs past ``timeout``."""
    try:
        proc = subprocess.run([sys.executable, "-m", "generator", "import", str(table), "--root", str(practices),
                               "--dry-run"], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"import of {table.name} ran past {timeout} s")
    return proc


def _book(path: Path, far_cell: str | None = None, row: dict | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Заявки"
    row = row or ROW
    sheet.append(list(row))
    sheet.append(list(row.values()))
    if far_cell:
        sheet[far_cell] = "x"
    book.save(path)
    return path


@pytest.mark.parametrize("cell", ["XFD1048576", "A1048576", "GS2"])
def test_a_cell_far_away_is_refused_quickly_and_named(practices, tmp_path, cell):
    proc = _import_quickly(_book(tmp_path / "far.xlsx", cell), practices)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"заполнена ячейка {cell}" in proc.stderr and "не больше 200 столбцов" in proc.stderr


def test_cells_within_bounds_import_as_before(practices, tmp_path):
    proc = _import_quickly(_book(tmp_path / "near.xlsx", "GR3"), practices)  # column 200: allowed
    assert proc.returncode == 1, proc.stdout + proc.stderr  # row 3 has only that cell: its problems
    assert "строка 2: будет записано" in proc.stdout and "строка 3" in proc.stdout


# ---- CSV and sheet oddities ---------------------------------------------------------------------

def _csv_text(row: dict | None = None) -> str:
    row = row or ROW
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(row)
    writer.writerow(row.values())
    return out.getvalue()


def _import_bytes(practices: Path, tmp_path: Path, data: bytes, name: str = "t.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    result = run_cli("import", str(path), "--root", str(practices), "--dry-run")
    _clean(result)
    return result


def test_doubled_bom_is_not_part_of_the_first_header(practices, tmp_path):
    result = _import_bytes(practices, tmp_path, ("\ufeff\ufeff" + _csv_text()).encode("utf-8"))
    assert result.code == 0, result.text
    assert "без соответствия" not in result.out and "будет записано" in result.out


def test_utf16_csv_is_named_and_the_fix_given(practices, tmp_path):
    result = _import_bytes(practices, tmp_path, _csv_text().encode("utf-16"))
    assert result.code == 2 and "UTF-16" in result.err and "CSV UTF-8" in result.err, result.text
    assert "двоичный" not in result.err


def test_old_mac_line_endings_are_accepted(practices, tmp_path):
    result = _import_bytes(practices, tmp_path, _csv_text().replace("\n", "\r").encode("utf-8"))
    assert result.code == 0, result.text
    assert "строка 2: будет записано" in result.out


def test_the_visible_sheet_is_read_not_a_hidden_first_one(practices, tmp_path):
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "Старые заявки"
    hidden.append(["Что-то"])
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("Лист1")
    shown.append(list(ROW))
    shown.append(list(ROW.values()))
    book.active = shown
    path = tmp_path / "t.xlsx"
    book.save(path)
    result = run_cli("import", str(path), "--root", str(practices), "--dry-run")
    _clean(result)
    assert result.code == 0, result.text
    assert "прочитан лист «Лист1»" in result.out


def test_the_sheet_named_zayavki_is_read_wherever_it_is(practices, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Инструкция"
    book.active.append(["Заполните лист «Заявки»"])
    sheet = book.create_sheet("Заявки")
    sheet.append(list(ROW))
    sheet.append(list(ROW.values()))
    path = tmp_path / "t.xlsx"
    book.save(path)
    result = run_cli("import", str(path), "--root", str(practices), "--dry-run")
    _clean(result)
    assert result.code == 0, result.text
    assert "прочитан лист «Заявки»" in result.out and "строка 2: будет записано" in result.out
