"""Import of entries from a spreadsheet (XLSX or CSV): one row, one entry.

Column headers are the Russian field titles of the models (the same words the
schema, the form and the error messages use), so the mapping is derived from
`model/entries.py`, never kept by hand. Each row becomes a data mapping, is checked by
the model and the vocabulary, and only then written as a YAML file that looks
hand-written; rows that cannot go in are reported with row number, column and
the reason. `import_template` makes the matching empty spreadsheet.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import BaseModel, ValidationError

from generator.bank.core import Bank
from generator.model.messages import translate
from generator.model.entries import KINDS
from generator.safewrite import WriteRefused, unsafe_target, write_inside
from generator.model.names import RESERVED_SLUGS, latin_slug, slug_problem
from generator.validate.bank import load_bank, time_problems

MAX_BYTES = 20 * 1024 * 1024
LIST_SPLIT = re.compile(r"\s*(?:;|\n)\s*")
SLUG_COLUMN = "Имя файла"
# Nested lists the spreadsheet cannot express well: added to the YAML afterwards.
UNSUPPORTED = {"plan", "indicators", "materials", "assessment", "contacts", "recognition", "maturity",
               "total_hours"}


class ImportError_(Exception):
    """A problem with the whole file (exit code 2)."""


# ---- columns ------------------------------------------------------------------

@dataclass(eq=False)
class Column:
    header: str
    field: str
    kind: str  # text, lines, term, terms, ref, people, years_start, years_end, date, stages, modules, status, slug
    required: bool = False
    section: str | None = None  # vocabulary section
    target: str | None = None   # referenced kind
    help: str = ""


def _norm(text: str) -> str:
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


def _header_map(headers: list[str], cols: list[Column]) -> tuple[dict[int, Column], list[str]]:
    by_name: dict[str, Column] = {}
    for col in cols:
        by_name[_norm(col.header)] = col
        by_name[_norm(col.field.split(".")[0] if col.field != "years.end" else "years_end")] = col
    by_name.setdefault("slug", cols[0])
    found: dict[int, Column] = {}
    unknown = []
    for i, header in enumerate(headers):
        col = by_name.get(_norm(header))
        if col is not None and col not in found.values():
            found[i] = col
        elif str(header).strip() and not str(header).startswith("Unnamed"):
            unknown.append(str(header))
    return found, unknown


# ---- reading ------------------------------------------------------------------

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
        return _read_xlsx(path, raw) + ("",)
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


def _read_xlsx(path: Path, raw: bytes) -> tuple[list[str], list[list[str]]]:
    import warnings
    import zipfile

    from openpyxl import load_workbook

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
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            finally:
                book.close()
    except Exception:  # noqa: BLE001 - a damaged file fails anywhere in zipfile, zlib, XML or openpyxl
        raise ImportError_(damaged) from None
    if not rows or not any(rows[0]):
        raise ImportError_(f"{path}: в первой строке первого листа нет заголовков столбцов")
    return rows[0], rows[1:]


def _read_csv(path: Path, raw: bytes) -> tuple[list[str], list[list[str]], str]:
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


# ---- one row → data -------------------------------------------------------------

@dataclass
class RowResult:
    row: int
    slug: str = ""
    path: Path | None = None
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    written: bool = False
    previous: bytes | None = None  # the entry the written file replaced (--overwrite)


def _parse_date(text: str) -> str | None:
    text = text.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        text = text[:10]
    elif m := re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", text):
        text = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    else:
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return None
    return text


STATUS = {"черновик": "draft", "draft": "draft", "опубликована": "published", "опубликовано": "published",
          "published": "published"}


def _convert(col: Column, value: str, bank: Bank, titles: dict[str, dict[str, str]],
             problem: Callable[[str], None]) -> Any:
    vocab = bank.vocabulary
    if col.kind in ("text", "slug"):
        return value
    if col.kind == "lines":
        return [v for v in LIST_SPLIT.split(value) if v]
    if col.kind in ("term", "terms"):
        out = []
        for item in ([value] if col.kind == "term" else [v for v in LIST_SPLIT.split(value) if v]):
            term = vocab.find_by_label(col.section or "", item)
            if term is None:
                hint = vocab.suggest(col.section or "", item)
                labels = ", ".join(f"«{t.label}»" for t in vocab.terms(col.section or "")[:8])
                problem(f"«{item}» нет в словаре" + (f"; возможно, «{hint.label}»" if hint else
                                                     f"; допустимо: {labels}…"))
                continue
            out.append(term.id)
        return out if col.kind == "terms" else (out[0] if out else None)
    if col.kind == "ref":
        key = value.strip()
        if key in bank.records and bank.records[key].kind == col.target:
            return key
        slug = titles.get(col.target or "", {}).get(_norm(key))
        if slug:
            return slug
        problem(f"«{key}» не найдено среди записей practices/{col.target}/ — ни по имени файла, "
                "ни по названию; сначала добавьте эту запись или исправьте название")
        return None
    if col.kind == "people":
        people = []
        for item in [v for v in LIST_SPLIT.split(value) if v]:
            name, _, position = item.partition(",")
            person = {"name": name.strip()}
            if position.strip():
                person["position"] = position.strip()
            people.append(person)
        return people
    if col.kind == "stages":
        stages = []
        for line in [v for v in value.split("\n") if v.strip()]:
            period, sep, content = line.partition(":")
            if not sep or not content.strip():
                problem(f"этап «{line[:40]}»: нужна запись «сроки: содержание»")
                continue
            stages.append({"period": period.strip(), "content": content.strip()})
        return stages
    if col.kind == "modules":
        modules = []
        for item in [v for v in LIST_SPLIT.split(value) if v]:
            m = re.match(r"^(.*?)\s*\((\d+)\s*(?:ч\.?|час\w*)?\)\s*$", item)
            modules.append({"title": m.group(1).strip(), "hours": int(m.group(2))} if m else {"title": item})
        return modules
    if col.kind in ("years_start", "years_end"):
        if not re.fullmatch(r"\d{4}", value):
            problem(f"«{value}»: нужен год четырьмя цифрами, например 2019")
            return None
        return int(value)
    if col.kind == "date":
        parsed = _parse_date(value)
        if parsed is None:
            problem(f"«{value}»: нужна дата ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")
        return parsed
    if col.kind == "status":
        status = STATUS.get(_norm(value))
        if status is None:
            problem(f"«{value}»: укажите «черновик» или «опубликована»")
        return status
    return value


def _field_column(cols: list[Column], loc: tuple) -> str:
    if not loc:
        return ""
    name = str(loc[0])
    if name == "years":
        return "Год окончания" if len(loc) > 1 and loc[1] == "end" else "Год начала"
    for col in cols:
        if col.field == name:
            return col.header
    return name


def _row_data(cells: dict[Column, str], kind: str, cols: list[Column], bank: Bank,
              titles: dict[str, dict[str, str]], result: RowResult, today: date) -> dict[str, Any]:
    data: dict[str, Any] = {}
    years: dict[str, int] = {}
    for col in cols:
        value = cells.get(col, "").strip()
        if not value:
            continue

        def problem(message: str, header: str = col.header) -> None:
            result.problems.append((header, message))

        converted = _convert(col, value, bank, titles, problem)
        if converted in (None, [], ""):
            continue
        if col.kind == "slug":
            continue
        if col.kind == "years_start":
            years["start"] = converted
        elif col.kind == "years_end":
            years["end"] = converted
        else:
            data[col.field] = converted
    if years:
        data["years"] = years
    data.setdefault("added", today.isoformat())
    data.setdefault("status", "draft")
    if kind == "programmes" and data.get("modules") and all("hours" in m for m in data["modules"]):
        data["total_hours"] = sum(m["hours"] for m in data["modules"])
    return _ordered(kind, data)


def _ordered(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    order = list(KINDS[kind].model_fields)
    return {k: data[k] for k in order if k in data}


def _check_model(kind: str, data: dict[str, Any], cols: list[Column], result: RowResult, today: date) -> None:
    """The validator's rules for one entry, named by the table's column (a dry run says what a real one would)."""
    model: type[BaseModel] = KINDS[kind]
    try:
        entry = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error.get("loc", ()))
            header = _field_column(cols, loc)
            message = translate(model, error)
            if error.get("type") == "missing":
                message = "обязательный столбец пуст; заполните его"
            result.problems.append((header, message))
        return
    for loc, message in time_problems(entry, today):
        result.problems.append((_field_column(cols, loc), message))


# ---- YAML ---------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ARG002
        return super().increase_indent(flow, False)  # "  - item", as in hand-written entries


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def entry_yaml(kind: str, data: dict[str, Any]) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False, indent=2)
    # dates stay plain (our loader reads them as text; the schema expects ГГГГ-ММ-ДД)
    body = re.sub(r"^(added|reviewed): '(\d{4}-\d{2}-\d{2})'$", r"\1: \2", body, flags=re.M)
    return f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n" \
           f"# Импортировано из таблицы; проверьте и дополните (этапы, показатели, материалы).\n{body}"


# ---- the whole import -------------------------------------------------------------

@dataclass
class ImportReport:
    rows: list[RowResult]
    note: str = ""
    unknown_columns: list[str] = field(default_factory=list)


def make_slug(title: str, taken: set[str]) -> str:
    base = latin_slug(title) or "zapis"
    if base in RESERVED_SLUGS or slug_problem(base):
        base = f"{base}-zapis".strip("-")
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def import_file(path: Path, root: Path, kind: str = "tutoring", dry_run: bool = False,
                overwrite: bool = False, today: date | None = None, progress: bool | None = None) -> ImportReport:
    headers, rows, note = read_rows(path)
    cols = columns(kind)
    mapping, unknown = _header_map(headers, cols)
    if not any(c.field == "title" for c in mapping.values()):
        raise ImportError_(f"{path}: не найден столбец «Название» в первой строке; возьмите шаблон: "
                           "practice-bank import-template")
    folder_problem = unsafe_target(root, kind)
    if folder_problem:
        raise ImportError_(folder_problem)
    bank, problems = load_bank(root)
    titles: dict[str, dict[str, str]] = {}
    for record in bank.records.values():
        titles.setdefault(record.kind, {})[_norm(record.title)] = record.slug
    today = today or date.today()
    existing = {p.stem for p in root.glob("*/*.yml")}
    taken = set(existing)
    report = ImportReport([], note, unknown)
    iterator: Any = enumerate(rows, start=2)
    if progress is None:
        progress = len(rows) >= 50 and sys.stderr.isatty()
    if progress:
        from tqdm import tqdm
        iterator = tqdm(iterator, total=len(rows), desc="Импорт", unit="стр.", file=sys.stderr)
    for number, row in iterator:
        if not any(c.strip() for c in row):
            continue
        result = RowResult(number)
        cells = {col: (row[i] if i < len(row) else "") for i, col in mapping.items()}
        data = _row_data(cells, kind, cols, bank, titles, result, today)
        wanted = cells.get(cols[0], "").strip()
        if wanted:
            why = slug_problem(wanted)
            if why:
                result.problems.append((SLUG_COLUMN, why))
            elif wanted in existing and not overwrite:
                result.problems.append((SLUG_COLUMN, f"запись «{wanted}» уже есть; чтобы заменить её, "
                                                     "запустите импорт с --overwrite"))
            elif wanted in taken and wanted not in existing:
                result.problems.append((SLUG_COLUMN, f"имя «{wanted}» уже взято строкой выше"))
            result.slug = wanted
        else:
            result.slug = make_slug(str(data.get("title", "")), taken)
        taken.add(result.slug)
        if not result.problems:
            _check_model(kind, data, cols, result, today)
        result.data = data
        if not result.problems:
            _write_row(result, root, kind, dry_run)
        report.rows.append(result)
    if not dry_run:
        _recheck(report, root)
    return report


def _write_row(result: RowResult, root: Path, kind: str, dry_run: bool) -> None:
    """Write the row's entry (or, in a dry run, only check that it could be); a refusal becomes its problem."""
    relative = Path(kind, f"{result.slug}.yml")
    why = unsafe_target(root, relative)
    if why:
        result.problems.append(("", why))
        return
    result.path = root / relative
    if dry_run:
        return
    try:
        result.previous = result.path.read_bytes() if result.path.is_file() else None
        write_inside(root, relative, entry_yaml(kind, result.data))
        result.written = True
    except (WriteRefused, OSError) as exc:
        result.problems.append(("", str(exc)))


def _recheck(report: ImportReport, root: Path) -> None:
    """The real validator over the bank with the new files; a file it rejects is taken back."""
    written = {str(r.path.resolve()): r for r in report.rows if r.written and r.path}
    if not written:
        return
    _, problems = load_bank(root)
    for p in problems.errors:
        candidate = (root.parent / p.path).resolve()
        row = written.get(str(candidate))
        if row is not None and row.written:
            row.written = False
            relative = row.path.relative_to(root)  # type: ignore[union-attr]
            try:
                if row.previous is None:
                    row.path.unlink(missing_ok=True)  # type: ignore[union-attr]
                    kept = "не сохранён"
                else:
                    write_inside(root, relative, row.previous)
                    kept = "не заменён: прежняя запись оставлена"
            except (WriteRefused, OSError) as exc:
                kept = f"остался на диске, хотя проверку не прошёл: {exc}; исправьте или удалите его вручную"
            row.problems.append(("", f"{p.message} (файл {p.path} {kept})"))


# ---- the template spreadsheet ------------------------------------------------------
