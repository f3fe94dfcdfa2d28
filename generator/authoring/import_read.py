"""Reading an import spreadsheet (XLSX or CSV) safely: regular files only, bounded size and
unpacked size, cells as text, formulas named; every problem a Russian `ImportError_`."""

from __future__ import annotations


import csv
import io
import math
import os
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any



MAX_BYTES = 20 * 1024 * 1024


class ImportError_(Exception):
    """A problem with the whole file (exit code 2)."""


def read_rows(path: Path) -> tuple[list[str], list[list[str]], str]:
    """Headers, rows of text and a note about the encoding (for CSV)."""
    from generator.load.yamlio import NotRegularFile, open_regular, os_error_message

    try:  # a named pipe or a device (/dev/zero) would be read for ever: only a regular file is opened
        fd, status = open_regular(path, follow_symlinks=True)
    except FileNotFoundError:
        raise ImportError_(f"{path}: файл не найден") from None
    except NotRegularFile as exc:
        if stat.S_ISDIR(exc.mode):
            raise ImportError_(f"{path}: это папка, а нужен файл .xlsx или .csv") from None
        raise ImportError_(f"{path}: это не обычный файл (именованный канал, устройство или сокет); "
                           "укажите файл таблицы .xlsx или .csv") from None
    except OSError as exc:
        raise ImportError_(f"{path}: {os_error_message(exc)}") from None
    with os.fdopen(fd, "rb") as stream:
        raw = stream.read(MAX_BYTES + 1) if status.st_size <= MAX_BYTES else b""
    size = max(status.st_size, len(raw))
    if size > MAX_BYTES:
        raise ImportError_(f"{path}: файл слишком большой ({size // (1024 * 1024)} МБ, допустимо "
                           f"{MAX_BYTES // (1024 * 1024)} МБ); разделите таблицу на части")
    if not raw:
        raise ImportError_(f"{path}: файл пустой")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path, raw)
    if suffix == ".csv":
        return _read_csv(path, raw)
    raise ImportError_(f"{path}: неподдерживаемый тип файла «{path.suffix}»; нужна таблица .xlsx или .csv "
                       "(в Excel: «Файл → Сохранить как → Книга Excel»)")


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


MAX_UNPACKED = 10 * MAX_BYTES  # an XLSX is a zip: its parts unpacked, at most


class FormulaCell(str):
    """An XLSX cell holding a formula but no value computed for it (a file written by a program
    rather than saved by Excel): its text is the formula, reported instead of «empty»."""


def _formula(value: Any) -> str | None:
    """The formula of a cell read without computed values, or None (a text typed as «=…» too)."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    if isinstance(value, (ArrayFormula, DataTableFormula)):
        return getattr(value, "text", None) or "="
    return value if isinstance(value, str) and value.startswith("=") else None


MAX_ROWS, MAX_COLUMNS = 20_000, 200  # an import table is far smaller: a cell beyond is a mistake
SHEET = "Заявки"  # the sheet of the import template


def _import_sheet(book):
    """The sheet to read: the visible one named «Заявки», else the active sheet if it is visible,
    else the first visible one (a hidden sheet is never read in place of the one on screen)."""
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"] or book.worksheets[:1]
    named = [ws for ws in visible if ws.title.strip().lower() == SHEET.lower()]
    active = book.active if book.active in visible else None
    return (named or [active or visible[0]])[0]


def _sheet_rows(path: Path, raw: bytes, data_only: bool) -> tuple[str, int, list[tuple]]:
    """The title of the sheet read (`_import_sheet`), the number of sheets in the book and the
    sheet's values: with ``data_only`` those the spreadsheet program computed for formulas,
    without it the formulas themselves. Only the cells present in the file are read (the used range
    a file declares may be the whole sheet, A1:XFD1048576); one beyond `MAX_ROWS` or
    `MAX_COLUMNS` is refused."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
    try:
        sheet = _import_sheet(book)
        sheet.reset_dimensions()  # rows are then as long as their last cell, missing rows empty
        rows: list[tuple] = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            beyond = row[MAX_COLUMNS:] if number <= MAX_ROWS else row
            far = next((i for i, v in enumerate(beyond) if v not in (None, "")), None)
            if far is not None:
                cell = f"{get_column_letter(far + 1 + len(row) - len(beyond))}{number}"
                raise ImportError_(f"{path}: на листе «{sheet.title}» заполнена ячейка {cell}, а таблица "
                                   f"для импорта — не больше {MAX_COLUMNS} столбцов и {MAX_ROWS} строк; очистите эту ячейку "
                                   "(или разделите таблицу на части) и сохраните файл заново")
            if number <= MAX_ROWS:
                rows.append(row[:MAX_COLUMNS])
        return sheet.title, len(book.sheetnames), rows
    finally:
        book.close()


def _read_xlsx(path: Path, raw: bytes) -> tuple[list[str], list[list[str]], str]:
    import warnings
    import zipfile

    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE2 container of Excel 97-2003
        raise ImportError_(f"{path}: это книга старого формата Excel 97–2003 (.xls), а не .xlsx; откройте её "
                           "в Excel и сохраните как «Книга Excel (.xlsx)»")
    damaged = (f"{path}: не удалось прочитать таблицу Excel: файл повреждён или это не книга Excel (.xlsx); "
               "откройте его в Excel и сохраните заново как «Книга Excel (.xlsx)»")
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ImportError_(damaged) from None
    if unpacked > MAX_UNPACKED:
        raise ImportError_(f"{path}: в распакованном виде таблица занимает {unpacked // (1024 * 1024)} МБ "
                           f"(допустимо {MAX_UNPACKED // (1024 * 1024)} МБ); разделите её на части")
    try:  # openpyxl reads a read-only book as it goes: a broken part shows only while rows are read
        with warnings.catch_warnings():  # in English, about parts it skips (Excel's drop-down lists…)
            warnings.simplefilter("ignore")
            title, sheets, cells = _sheet_rows(path, raw, data_only=False)
            rows = [[_cell(v) for v in row] for row in cells]
            if any(_formula(v) for row in cells for v in row):  # their values, as the program stored them
                computed = _sheet_rows(path, raw, data_only=True)[2]
                rows = [[_cell(c) or (FormulaCell(_formula(v)) if _formula(v) else "") for v, c in zip(row, values)]
                        for row, values in zip(cells, computed)]
    except ImportError_:
        raise
    except Exception:  # noqa: BLE001 - a damaged file fails anywhere in zipfile, zlib, XML or openpyxl
        raise ImportError_(damaged) from None
    if not rows or not any(rows[0]):
        raise ImportError_(f"{path}: в первой строке листа «{title}» нет заголовков столбцов")
    return rows[0], rows[1:], (f"прочитан лист «{title}»" if sheets > 1 else "")


def _read_csv(path: Path, raw: bytes) -> tuple[list[str], list[list[str]], str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's «Текст Юникод» and the like
        raise ImportError_(f"{path}: CSV в кодировке UTF-16 не читается; сохраните таблицу как UTF-8 "
                           "(в Excel: «Файл → Сохранить как → CSV UTF-8»)")
    if b"\x00" in raw[:4096]:
        raise ImportError_(f"{path}: это не текстовый файл CSV (похоже на двоичный); "
                           "сохраните таблицу как «CSV UTF-8»")
    note = ""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1251")
            note = "кодировка CSV: Windows-1251 (лучше сохранять как «CSV UTF-8»)"
        except UnicodeDecodeError:
            raise ImportError_(f"{path}: неизвестная кодировка; сохраните таблицу как «CSV UTF-8»") from None
    # a BOM doubled by a re-save is not part of the first header; old Mac files end lines with CR alone
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ("\t" if first.count("\t") > first.count(",") else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []  # blank rows too, until the end: a row's number is the spreadsheet's
    try:
        for row in reader:
            rows.append([c.strip() for c in row])
    except csv.Error as exc:
        where = f"{path}: строка {len(rows) + 1}"
        if "field larger than field limit" in str(exc):
            limit = csv.field_size_limit()
            raise ImportError_(f"{where}: в ячейке больше {limit // 1024} КБ текста, столько не допускается; "
                               "сократите текст или проверьте кавычки: незакрытая кавычка «\"» "
                               "склеивает всё, что после неё, в одну ячейку") from None
        raise ImportError_(f"{where}: не удалось разобрать CSV; проверьте кавычки в этой строке "
                           "и сохраните таблицу заново как «CSV UTF-8»") from None
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ImportError_(f"{path}: в файле нет строк")
    return rows[0], rows[1:], note


