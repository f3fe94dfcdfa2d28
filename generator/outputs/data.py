"""Open data: the bank as CSV, XLSX (a sheet per kind), JSON and an Atom feed.

One column specification (`COLUMNS`) drives the tables and the page that
documents them. The JSON is a faithful dump of every entry (it round-trips to
the same models) plus the derived benchmarking values. Outputs are
deterministic: no build time is written anywhere.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time, timezone
from typing import Any, Callable
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from generator.bank.columns import ASSESSED, all_columns, place_label
from generator.bank.core import KIND_ORDER, Bank, Record
from generator.bank import benchmarking as bm
from generator.model.entries import KINDS
from generator.model.events import EVENT_COLUMNS
from generator.textutil import plain_text
from generator.urls import DATA_DIR, FEED, calendar_url
from generator.urls import entry_json as entry_json_path

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


SHEET_NAMES = {"tutoring": "Практики", "programmes": "Программы", "cases": "Кейсы", "sites": "Организации",
               "adoptions": "Внедрения"}
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
    _events_sheet(bank, book, bold, day)
    # with a fixed creation date XlsxWriter's output is the same bytes for the same bank
    # (its zip entries carry a fixed date of their own)
    book.set_properties({"author": "Банк практик", "created": _FIXED})
    book.close()
    return buffer.getvalue()


def entry_json(bank: Bank, record: Record) -> dict[str, Any]:
    """One entry: the author's data as validated, plus derived values."""
    data = record.model.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    derived: dict[str, Any] = {"url": record.url}
    if record.kind in ASSESSED:
        p = bm.panel(bank, record)
        years = bm.years_in_operation(record)
        derived.update({
            "evidence_level": bm.evidence_level(record),
            "sources": bm.results_basis(record)["documents"],
            "results_achieved": len(record.model.results),
            "results_expected": len(record.model.expected_results),
            "years_in_operation": years[0] if years else None,
            "reach": (bm.reach(record) or {}).get("text", ""),
            "network": bm.network(bank, record) if record.kind == "tutoring" else None,
            "completeness": bm.completeness(record),
            "panel": {"status": p.status, "label": p.label, "count": p.count, "score": p.score,
                      "criteria": {row["id"]: {"median": row["median"], "scores": row["scores"],
                                               "disputed": row["disputed"]} for row in p.rows},
                      "experts": [{"expert": x["slug"], "name": x["name"], "date": x["date"].isoformat(),
                                   "score": x["score"]} for x in p.experts]},
            "overall_score": bm.overall_score(bank, record),
            "status": bm.status_label(bank, record),
            "recommended": bm.is_recommended(bank, record),
        })
    site = bank.site_of(record)
    labels = {
        "kind": KINDS[record.kind].label,
        "organization": site.title if site is not None and site is not record else "",
        "region": place_label(bank, record, 0), "municipality": place_label(bank, record, 1),
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
        "events": [event_json(bank, f) for f in bank.events],
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
    if bank.publication is not None:
        parts.append(f"<rights>{escape(bank.publication.licence)}</rights>")
    for r in records:
        url = f"{base}{r.url}"
        changed = r.model.reviewed or r.model.added
        parts += ["<entry>", f"<title>{escape(r.title)}</title>", f'<link href="{escape(url)}"/>',
                  f"<id>{escape(url)}</id>", f"<published>{_stamp(r.model.added)}</published>",
                  f"<updated>{_stamp(changed)}</updated>",
                  f'<category term="{r.kind}" label="{escape(KINDS[r.kind].label)}"/>',
                  f"<summary>{escape(plain_text(r.model.summary))}</summary>"]
        if bank.licence_of(r):
            parts.append(f"<rights>{escape(bank.licence_of(r))}</rights>")
        parts.append("</entry>")
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


# -- the events calendar (practices/events/): data/events.csv, the «События» sheet, "events" in bank.json --
def events_table(bank: Bank, cell: Callable[[Any], Any] | None = None):
    """A pandas DataFrame of the events, one row each in date order, columns of `EVENT_COLUMNS`."""
    import pandas as pd

    rows = [[c.get(bank, f) for c in EVENT_COLUMNS] for f in bank.events]
    if cell is not None:
        rows = [[cell(v) for v in row] for row in rows]
    return pd.DataFrame(rows, columns=[c.header for c in EVENT_COLUMNS], dtype=object)


def events_csv(bank: Bank) -> bytes:
    return events_table(bank, cell=csv_text).to_csv(index=False).encode("utf-8-sig")


def _events_sheet(bank: Bank, book: Any, bold: Any, day: Any) -> None:
    sheet = book.add_worksheet("События")
    sheet.freeze_panes(1, 0)
    for i, col in enumerate(EVENT_COLUMNS):
        sheet.set_column(i, i, min(60, max(10, len(col.header) + 2)))
        sheet.write_string(0, i, col.header, bold)
    for r, filed in enumerate(bank.events, 1):
        for c, col in enumerate(EVENT_COLUMNS):
            v = col.get(bank, filed)
            if v is None or v == "":
                continue
            if isinstance(v, date):
                sheet.write_datetime(r, c, datetime(v.year, v.month, v.day), day)
            else:
                sheet.write_string(r, c, str(v))
    sheet.autofilter(0, 0, len(bank.events), len(EVENT_COLUMNS) - 1)


def event_json(bank: Bank, filed: Any) -> dict[str, Any]:
    """One event: its data as validated, where it lives and the Russian labels."""
    e = filed.event
    return {"id": filed.anchor, "file": filed.path, "url": f"{calendar_url()}#{filed.anchor}",
            "data": e.model_dump(mode="json", exclude_none=True),
            "derived": {"first_day": e.first_day.isoformat(), "last_day": e.last_day.isoformat(),
                        "month_precision": e.month_precision, "dates": e.dates_label},
            "labels": {"type": bank.vocabulary.label("event_types", e.type), "status": e.status_label,
                       "format": e.format_label,
                       "site": bank.get(e.site).title if bank.get(e.site) is not None else "",
                       "audience": [bank.vocabulary.label("audiences", a) for a in e.audience]}}


def data_files(bank: Bank, site_url: str, site_name: str) -> dict[str, bytes]:
    """Open data, per-entry JSON for comparisons and the Atom feed: site path → bytes."""
    files = {
        f"{DATA_DIR}/bank.csv": to_csv(bank),
        f"{DATA_DIR}/bank.xlsx": to_xlsx(bank),
        f"{DATA_DIR}/bank.json": to_json(bank),
        f"{DATA_DIR}/events.csv": events_csv(bank),
        **passport(bank, site_url),
        FEED: atom_feed(bank, site_url, site_name),
    }
    for record in bank.published():
        payload = json.dumps(entry_json(bank, record), ensure_ascii=False, separators=(",", ":"))
        files[entry_json_path(record.slug)] = payload.encode("utf-8")
    return files


# -- the data passport: meta.csv and structure.csv as the Russian methodical recommendations on
#    publishing open data describe them (standard version 3.0), made from the bank, not by hand --
PASSPORT_STANDARD = "http://opendata.gosmonitor.ru/standard/3.0"


def passport_rows(bank: Bank, site_url: str) -> list[tuple[str, str]]:
    """(property, value) of the data set's passport."""
    published = bank.published()
    pub = bank.publication
    created = min((r.model.added for r in published), default=None)
    modified = max(((r.model.reviewed or r.model.added) for r in published), default=None)
    base = site_url if site_url.endswith("/") else site_url + "/"
    host = (urlsplit(site_url).hostname or "bank").replace(".", "-")
    return [
        ("standardversion", PASSPORT_STANDARD),
        ("identifier", f"{host}-practice-bank"),
        ("title", "Банк практик: тьюторские практики, программы стажировочных площадок, кейсы, организации, "
                  "внедрения"),
        ("description", "Записи банка лучших практик с вычисленными показателями бенчмаркинга: одна строка — "
                        "одна запись; столбцы описаны в structure.csv."),
        ("creator", pub.institute if pub is not None else ""),
        ("format", "csv"),
        ("subject", "образование; тьюторство; стажировочные площадки; методическая работа"),
        ("created", created.isoformat() if created else ""),
        ("modified", modified.isoformat() if modified else ""),
        ("provenance", "Пересобирается с сайтом после каждого изменения записей банка"),
        ("valid", ""),
        ("publishername", pub.institute if pub is not None else ""),
        ("publishermbox", pub.editors_email if pub is not None else ""),
        ("license", pub.licence if pub is not None else ""),
        ("data", f"{base}{DATA_DIR}/bank.csv"),
        ("structure", f"{base}{DATA_DIR}/structure.csv"),
    ]


def structure_rows(bank: Bank) -> list[tuple[str, str, str, str]]:
    """(field name, English description, Russian description, format) of every column of bank.csv:
    the bank names its columns in Russian only, so the English description stays empty."""
    from generator.bank.columns import all_columns

    return [(f"field{i}", "", f"{c.header}: {c.description}", "string") for i, c in enumerate(all_columns(bank), 1)]


def passport(bank: Bank, site_url: str) -> dict[str, bytes]:
    import csv
    import io

    def table(header: list[str], rows: list) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")

    return {f"{DATA_DIR}/meta.csv": table(["property", "value"], passport_rows(bank, site_url)),
            f"{DATA_DIR}/structure.csv": table(["field name", "english description", "russian description",
                                                 "format"], structure_rows(bank))}
