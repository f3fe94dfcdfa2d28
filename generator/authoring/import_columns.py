"""The columns of an import spreadsheet: the Russian field titles of a kind's model (the same
words the schema, the form and the error messages use), never kept by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.entries import KINDS

LIST_SPLIT = re.compile(r"\s*(?:;|\n)\s*")
SLUG_COLUMN = "Имя файла"
# Nested lists the spreadsheet cannot express well: added to the YAML afterwards.
UNSUPPORTED = {"plan", "indicators", "materials", "contacts", "recognition", "maturity",
               "total_hours", "sources", "reach", "results", "recognition_source", "licence"}
# Achieved results need the document that reports them (sources), which a row of a table does not
# hold: tables of applications bring expected results, and a column headed «Результаты» is read so.
ALIASES = {"Результаты": "expected_results"}


@dataclass(eq=False)
class Column:
    header: str
    field: str
    kind: str  # text, lines, term, terms, ref, people, years_start, years_end, date, stages, modules, status, slug
    required: bool = False
    section: str | None = None  # vocabulary section
    target: str | None = None   # referenced kind
    help: str = ""


def norm(text: str) -> str:
    text = str(text).replace("ё", "е").replace("Ё", "Е").lower()
    text = re.sub(r"\(.*?\)|\*", "", text)
    return re.sub(r"\s+", " ", text).strip(" :")


def columns(kind: str) -> list[Column]:
    """The spreadsheet columns of a kind, derived from its model."""
    model = KINDS[kind]
    cols = [Column(SLUG_COLUMN, "__slug", "slug", help="Необязательно: латиница, цифры, дефисы. "
                                                        "Если пусто — из названия")]
    for name, info in model.model_fields.items():
        if name in UNSUPPORTED:
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        title = info.title or name
        required = info.is_required()
        ann = str(info.annotation)
        if name == "years":
            cols.append(Column("Год начала", "years.start", "years_start", help="Например 2019"))
            cols.append(Column("Год окончания", "years.end", "years_end",
                               help="Пусто — практика продолжается"))
        elif extra.get("reference"):
            cols.append(Column(title, name, "ref", required, target=extra["reference"],
                               help="Название или имя файла записи из банка"))
        elif extra.get("vocabulary"):
            many = "list" in ann
            cols.append(Column(title, name, "terms" if many else "term", required, section=extra["vocabulary"],
                               help="Значения через «;»" if many else "Одно значение из списка"))
        elif name in ("authors", "mentors"):
            cols.append(Column(title, name, "people", required,
                               help="«ФИО, должность»; несколько человек — через «;»"))
        elif name == "stages":
            cols.append(Column(title, name, "stages", required,
                               help="Каждый этап с новой строки: «сроки: содержание»"))
        elif name == "modules":
            cols.append(Column(title, name, "modules", required,
                               help="Через «;»: «название (часы)», например «Введение (4)»"))
        elif name in ("added", "reviewed"):
            cols.append(Column(title, name, "date", False if name == "added" else required,
                               help="ГГГГ-ММ-ДД или ДД.ММ.ГГГГ" + ("; пусто — сегодня" if name == "added" else "")))
        elif name == "status":
            cols.append(Column(title, name, "status", help="черновик или опубликована; пусто — черновик"))
        elif "list" in ann:
            cols.append(Column(title, name, "lines", required, help="Каждый пункт с новой строки или через «;»"))
        else:
            cols.append(Column(title, name, "text", required, help=info.description or ""))
    return cols


def header_map(headers: list[str], cols: list[Column]) -> tuple[dict[int, Column], list[str]]:
    by_name: dict[str, Column] = {}
    for col in cols:
        by_name[norm(col.header)] = col
        by_name[norm(col.field.split(".")[0] if col.field != "years.end" else "years_end")] = col
    by_name.setdefault("slug", cols[0])
    for alias, field in ALIASES.items():
        target = next((c for c in cols if c.field == field), None)
        if target is not None:
            by_name.setdefault(norm(alias), target)
    found: dict[int, Column] = {}
    unknown = []
    for i, header in enumerate(headers):
        col = by_name.get(norm(header))
        if col is not None and col not in found.values():
            found[i] = col
        elif str(header).strip() and not str(header).startswith("Unnamed"):
            unknown.append(str(header))
    return found, unknown


