"""Open data: the bank as CSV, XLSX (a sheet per kind), JSON and an Atom feed.

One column specification (`COLUMNS`) drives the tables and the page that
documents them. The JSON is a faithful dump of every entry (it round-trips to
the same models) plus the derived benchmarking values. Outputs are
deterministic: no build time is written anywhere.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any, Callable
from xml.sax.saxutils import escape

from .bank import KIND_ORDER, Bank, Record
from .benchmarking import EVIDENCE_LABELS, evidence_level, is_recommended, overall_score, status_label
from .models import KINDS, RECOGNITION_LABELS, Case, Programme, Site, TutoringPractice
from .textutil import plain_text

ALL = ("tutoring", "programmes", "cases", "sites")


@dataclass(frozen=True)
class Column:
    header: str
    kinds: tuple[str, ...]
    get: Callable[[Bank, Record], Any]
    description: str


def _labels(bank: Bank, r: Record, section: str) -> str:
    return "; ".join(bank.vocabulary.label(section, t) for t in bank.terms_of(r, section))


def _place(bank: Bank, r: Record, which: int) -> str:
    value = bank.place_of(r)[which]
    section = "regions" if which == 0 else "municipalities"
    return bank.vocabulary.label(section, value) if value else ""


def _years(r: Record, which: str) -> Any:
    years = getattr(r.model, "years", None)
    return getattr(years, which) if years is not None else None


def _site(bank: Bank, r: Record) -> str:
    site = bank.site_of(r)
    return site.title if site is not None and site is not r else ""


def _join(items) -> str:
    return "\n".join(plain_text(x) for x in items)


def _crit(bank: Bank, r: Record, cid: str) -> Any:
    a = getattr(r.model, "assessment", None)
    return a.scores.get(cid) if a else None


ASSESSED = ("tutoring", "programmes")

COLUMNS: list[Column] = [
    Column("Вид", ALL, lambda b, r: KINDS[r.kind].label, "Вид записи: тьюторская практика, программа, кейс, организация"),
    Column("Имя записи", ALL, lambda b, r: r.slug, "Имя файла записи; часть адреса страницы"),
    Column("Название", ALL, lambda b, r: r.title, "Полное название"),
    Column("Кратко", ALL, lambda b, r: plain_text(r.model.summary), "Краткое описание"),
    Column("Организация", ("tutoring", "programmes", "cases"), _site, "Организация или площадка, которая ведёт запись"),
    Column("Регион", ALL, lambda b, r: _place(b, r, 0), "Регион (свой или организации)"),
    Column("Муниципалитет", ALL, lambda b, r: _place(b, r, 1), "Муниципалитет (свой или организации)"),
    Column("Год начала", ("tutoring", "programmes"), lambda b, r: _years(r, "start"), "Год начала реализации"),
    Column("Год окончания", ("tutoring", "programmes"), lambda b, r: _years(r, "end"),
           "Год окончания; пусто — продолжается или не указан"),
    Column("Направления", ("tutoring", "programmes", "cases"), lambda b, r: _labels(b, r, "directions"),
           "Направления через «; »"),
    Column("Целевые группы", ("tutoring", "programmes"), lambda b, r: _labels(b, r, "audiences"),
           "Целевые группы через «; »"),
    Column("Уровни образования", ("tutoring", "programmes"), lambda b, r: _labels(b, r, "levels"),
           "Уровни образования через «; »"),
    Column("Компетенции", ("tutoring", "programmes"), lambda b, r: _labels(b, r, "competences"),
           "Развиваемые компетенции через «; »"),
    Column("Формы и технологии", ("tutoring", "programmes"), lambda b, r: _labels(b, r, "forms"),
           "Формы работы через «; »"),
    Column("Проблема", ("tutoring", "cases"), lambda b, r: plain_text(r.model.problem), "Решаемая проблема"),
    Column("Цель", ("tutoring",), lambda b, r: plain_text(r.model.goal), "Цель практики"),
    Column("Задачи", ("tutoring",), lambda b, r: _join(r.model.tasks), "Задачи, каждая с новой строки"),
    Column("Результаты", ("tutoring", "programmes"), lambda b, r: _join(r.model.results),
           "Результаты, каждый с новой строки"),
    Column("Условия переноса", ("tutoring",), lambda b, r: plain_text(r.model.transfer or ""),
           "Условия переноса в другую школу"),
    Column("Авторы", ("tutoring",), lambda b, r: "; ".join(p.name for p in r.model.authors), "Авторы практики"),
    Column("Тема", ("programmes",), lambda b, r: plain_text(r.model.topic), "Тема программы"),
    Column("Формат", ("programmes",), lambda b, r: b.vocabulary.label("route_formats", r.model.format),
           "Индивидуальный или групповой маршрут"),
    Column("Продолжительность", ("programmes",), lambda b, r: r.model.duration or "", "Продолжительность программы"),
    Column("Модули", ("programmes",), lambda b, r: "\n".join(
        f"{m.title}" + (f" — {m.hours} ч" if m.hours else "") for m in r.model.modules), "Модули с часами"),
    Column("Всего часов", ("programmes",), lambda b, r: r.model.computed_hours, "Сумма часов модулей, если известна"),
    Column("Педагоги-мастера", ("programmes",), lambda b, r: "; ".join(p.name for p in r.model.mentors),
           "Наставники программы"),
    Column("Практика", ("cases",), lambda b, r: (b.get(r.model.practice).title if b.get(r.model.practice) else ""),
           "Практика, к которой относится кейс"),
    Column("Тьюторант", ("cases",), lambda b, r: b.vocabulary.label("tutee_types", r.model.tutee), "Кто тьюторант"),
    Column("Ситуация", ("cases",), lambda b, r: plain_text(r.model.situation), "Описание ситуации"),
    Column("Действия тьютора", ("cases",), lambda b, r: plain_text(r.model.actions), "Что сделал тьютор"),
    Column("Результат кейса", ("cases",), lambda b, r: plain_text(r.model.outcome), "Чем закончилось"),
    Column("Тип организации", ("sites",), lambda b, r: b.vocabulary.label("site_types", r.model.type), "Тип организации"),
    Column("Адрес", ("sites",), lambda b, r: r.model.address or "", "Почтовый адрес"),
    Column("Сайт", ("sites",), lambda b, r: r.model.website or "", "Сайт организации"),
    Column("Входит в сеть", ("sites",), lambda b, r: (b.get(r.model.parent).title if r.model.parent and b.get(r.model.parent) else ""),
           "Головная организация сети"),
    Column("Доказательность", ASSESSED, lambda b, r: EVIDENCE_LABELS[evidence_level(r)],
           "Уровень доказательности, вычисляется банком"),
    Column("Итоговый балл", ASSESSED, lambda b, r: overall_score(r, b.criteria) if b.criteria else None,
           "Взвешенное среднее баллов эксперта (1–5); пусто — не оценено"),
    Column("Стадия", ASSESSED, lambda b, r: status_label(r, b.criteria) if b.criteria else "",
           "пилот, проверена или рекомендована (по правилу из criteria.yml)"),
    Column("Признание", ASSESSED, lambda b, r: RECOGNITION_LABELS.get(getattr(r.model, "recognition", None) or "", ""),
           "Уровень признания"),
    Column("Рекомендована", ASSESSED, lambda b, r: "да" if b.criteria and is_recommended(r, b.criteria) else "нет",
           "Выполнено ли правило значка «рекомендована»"),
    Column("Добавлена", ALL, lambda b, r: r.model.added, "Дата добавления в банк"),
    Column("Проверена", ALL, lambda b, r: r.model.reviewed or r.model.added, "Дата последней проверки"),
    Column("Адрес страницы", ALL, lambda b, r: f"{r.kind}/{r.slug}/", "Адрес страницы записи относительно сайта"),
]


def criteria_columns(bank: Bank) -> list[Column]:
    if not bank.criteria or not bank.criteria.items:
        return []
    return [Column(f"Балл: {c.label}", ASSESSED, lambda b, r, cid=cid: _crit(b, r, cid),
                   f"Балл эксперта по критерию «{c.label}»") for cid, c in bank.criteria.items.items()]


def all_columns(bank: Bank) -> list[Column]:
    cols = list(COLUMNS)
    at = next(i for i, c in enumerate(cols) if c.header == "Добавлена")
    return cols[:at] + criteria_columns(bank) + cols[at:]


def _ordered(bank: Bank) -> list[Record]:
    return [r for kind in KIND_ORDER for r in bank.of_kind(kind)]


def table(bank: Bank, kind: str | None = None, cell: Callable[[Any], Any] | None = None):
    """A pandas DataFrame of published entries (all kinds, or one kind's columns), each value
    passed through ``cell`` if given."""
    import pandas as pd

    every = all_columns(bank)
    picked = [i for i, c in enumerate(every) if kind is None or kind in c.kinds]
    records = _ordered(bank) if kind is None else bank.of_kind(kind)
    cells = _cells(bank)
    rows = [[cells[r.slug][i] for i in picked] for r in records] if cell is None else \
        [[cell(cells[r.slug][i]) for i in picked] for r in records]
    # object columns: a year stays 2021 (a column of numbers with gaps would turn it into 2021.0),
    # a date stays a date (ГГГГ-ММ-ДД in CSV, a date cell in XLSX)
    return pd.DataFrame(rows, columns=[every[i].header for i in picked], dtype=object)


def _cells(bank: Bank) -> dict[str, list[Any]]:
    """Every entry's value in every column of `all_columns`, worked out once per bank
    (CSV and XLSX share them)."""
    cells = bank.memo("export_cells")
    if not cells:
        cols = all_columns(bank)
        cells.update((r.slug, [(c.get(bank, r) if r.kind in c.kinds else None) for c in cols])
                     for r in _ordered(bank))
    return cells


# A spreadsheet takes a cell starting with one of these for a formula (OWASP, «CSV injection»).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: Any) -> Any:
    """A text cell made safe to open in a spreadsheet: a formula-like start is prefixed with «'»
    (numbers, dates and empty cells stay as they are)."""
    if value.__class__ is str and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(bank: Bank) -> bytes:
    """One table of every kind; the XLSX writes each value with its type instead."""
    # UTF-8 with BOM so that Excel opens Cyrillic correctly
    return table(bank, cell=csv_text).to_csv(index=False).encode("utf-8-sig")


SHEET_NAMES = {"tutoring": "Практики", "programmes": "Программы", "cases": "Кейсы", "sites": "Организации"}
_FIXED = datetime(2000, 1, 1)


def to_xlsx(bank: Bank) -> bytes:
    """One sheet per kind, with a bold frozen header, filter buttons and date cells.

    XlsxWriter in constant-memory mode writes each row as it comes: linear and light at
    10,000 rows, about twice as fast as openpyxl's write-only mode (which reads the
    import tables). Every value goes in with its own type — a text is never taken for a
    formula or a link."""
    import math

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for kind in KIND_ORDER:
        df = table(bank, kind)
        sheet = book.add_worksheet(SHEET_NAMES[kind])
        sheet.freeze_panes(1, 0)
        for i, col in enumerate(df.columns):
            sheet.set_column(i, i, min(60, max(10, len(str(col)) + 2)))
            sheet.write_string(0, i, str(col), bold)
        for r, row in enumerate(df.itertuples(index=False, name=None), 1):
            for c, v in enumerate(row):
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    continue
                if isinstance(v, str):
                    sheet.write_string(r, c, v)
                elif isinstance(v, bool):
                    sheet.write_boolean(r, c, v)
                elif isinstance(v, (int, float)):
                    sheet.write_number(r, c, v)
                elif isinstance(v, date):
                    sheet.write_datetime(r, c, datetime(v.year, v.month, v.day), day)
                else:
                    sheet.write_string(r, c, str(v))
        if len(df.columns):  # filter buttons on the header row
            sheet.autofilter(0, 0, len(df), len(df.columns) - 1)
    # with a fixed creation date XlsxWriter's output is the same bytes for the same bank
    # (its zip entries carry a fixed date of their own)
    book.set_properties({"author": "Банк практик", "created": _FIXED})
    book.close()
    return buffer.getvalue()


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


def entry_json(bank: Bank, record: Record) -> dict[str, Any]:
    """One entry: the author's data as validated, plus derived values."""
    data = record.model.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    derived: dict[str, Any] = {"url": f"{record.kind}/{record.slug}/"}
    if record.kind in ASSESSED and bank.criteria is not None:
        derived.update({
            "evidence_level": evidence_level(record),
            "overall_score": overall_score(record, bank.criteria),
            "status": status_label(record, bank.criteria),
            "recommended": is_recommended(record, bank.criteria),
        })
    site = bank.site_of(record)
    labels = {
        "kind": KINDS[record.kind].label,
        "organization": site.title if site is not None and site is not record else "",
        "region": _place(bank, record, 0), "municipality": _place(bank, record, 1),
        "directions": [bank.vocabulary.label("directions", t) for t in bank.terms_of(record, "directions")],
        "audiences": [bank.vocabulary.label("audiences", t) for t in bank.terms_of(record, "audiences")],
        "levels": [bank.vocabulary.label("levels", t) for t in bank.terms_of(record, "levels")],
        "competences": [bank.vocabulary.label("competences", t) for t in bank.terms_of(record, "competences")],
        "forms": [bank.vocabulary.label("forms", t) for t in bank.terms_of(record, "forms")],
    }
    return {"kind": record.kind, "slug": record.slug, "data": data, "derived": derived, "labels": labels}


def to_json(bank: Bank) -> bytes:
    payload = {
        "format": "practice-bank/1",
        "entries": [entry_json(bank, r) for r in _ordered(bank)],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


def _stamp(d: date) -> str:
    return datetime.combine(d, time(0, 0), tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")


def atom_feed(bank: Bank, site_url: str, title: str, limit: int = 30) -> bytes:
    """Atom feed of the newest added or updated entries."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    records = sorted(bank.published(), key=lambda r: ((r.model.reviewed or r.model.added), r.model.added, r.slug),
                     reverse=True)[:limit]
    updated = _stamp(max(((r.model.reviewed or r.model.added) for r in records), default=date(2000, 1, 1)))
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">',
             f"<title>{escape(title)}: новые и обновлённые записи</title>",
             f'<link rel="self" href="{escape(base)}feed.xml"/>',
             f'<link rel="alternate" href="{escape(base)}"/>',
             f"<id>{escape(base)}</id>", f"<updated>{updated}</updated>"]
    for r in records:
        url = f"{base}{r.kind}/{r.slug}/"
        changed = r.model.reviewed or r.model.added
        parts += ["<entry>", f"<title>{escape(r.title)}</title>", f'<link href="{escape(url)}"/>',
                  f"<id>{escape(url)}</id>", f"<published>{_stamp(r.model.added)}</published>",
                  f"<updated>{_stamp(changed)}</updated>",
                  f'<category term="{r.kind}" label="{escape(KINDS[r.kind].label)}"/>',
                  f"<summary>{escape(plain_text(r.model.summary))}</summary>", "</entry>"]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


__all__ = ["COLUMNS", "all_columns", "table", "to_csv", "to_xlsx", "to_json", "entry_json", "atom_feed",
           "TutoringPractice", "Programme", "Case", "Site"]
