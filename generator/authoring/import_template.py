"""The empty spreadsheet for `practice-bank import`: the columns of a kind, a help sheet and
the vocabulary as drop-down lists. Published on the /data/ page too."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from generator.authoring.import_columns import columns
from generator.safewrite import write_inside


def import_template(vocab, kind: str = "tutoring") -> bytes:
    """An empty spreadsheet with the columns of ``kind``, a help sheet and vocabulary drop-downs
    (the same vocabulary gives the same bytes)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = columns(kind)
    book = Workbook()
    sheet = book.active
    sheet.title = "Заявки"
    lists = book.create_sheet("Словари")
    help_sheet = book.create_sheet("Справка")
    bold = Font(bold=True)
    for i, col in enumerate(cols, 1):
        cell = sheet.cell(row=1, column=i, value=col.header + (" *" if col.required else ""))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(i)].width = 40 if col.kind in ("text", "lines", "stages") else 24
    sheet.freeze_panes = "A2"
    list_col = 0
    for i, col in enumerate(cols, 1):
        if col.kind not in ("term", "terms") or not col.section:
            continue
        list_col += 1
        letter = get_column_letter(list_col)
        lists.cell(row=1, column=list_col, value=col.header).font = bold
        terms = vocab.terms(col.section)
        for j, term in enumerate(terms, 2):
            lists.cell(row=j, column=list_col, value=term.label)
        if col.kind == "term" and terms:
            rule = DataValidation(type="list", formula1=f"=Словари!${letter}$2:${letter}${len(terms) + 1}",
                                  allow_blank=True, showErrorMessage=True,
                                  errorTitle="Значение не из словаря",
                                  error="Выберите значение из списка")
            sheet.add_data_validation(rule)
            rule.add(f"{get_column_letter(i)}2:{get_column_letter(i)}1000")
    help_sheet.append(["Столбец", "Обязательно", "Как заполнять", "Допустимые значения"])
    for cell in help_sheet[1]:
        cell.font = bold
    for col in cols:
        allowed = "; ".join(t.label for t in vocab.terms(col.section)) if col.section else ""
        help_sheet.append([col.header, "да" if col.required else "", col.help, allowed])
    for letter, width in zip("ABCD", (28, 12, 60, 80)):
        help_sheet.column_dimensions[letter].width = width
    help_sheet.append([])
    help_sheet.append(["Одна строка — одна запись. Этапы, показатели, материалы и контакты "
                       "добавляются в файл записи после импорта."])

    book.properties.creator = "Банк практик"
    book.properties.created = book.properties.modified = _FIXED
    buffer = io.BytesIO()
    book.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def write_import_template(path: Path, vocab, kind: str = "tutoring") -> None:
    write_inside(path.parent, path.name, import_template(vocab, kind))


_FIXED = datetime(2000, 1, 1)  # the template's creation date: the same vocabulary gives the same bytes


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps, so equal content gives equal bytes (openpyxl's
    workbooks: the import template)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re
                body = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*</dcterms:\1>",
                              rb"<dcterms:\1\2>2000-01-01T00:00:00Z</dcterms:\1>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, body)
    return out.getvalue()
