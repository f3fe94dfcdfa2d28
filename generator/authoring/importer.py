"""Import of entries from a spreadsheet (XLSX or CSV): one row, one entry.

The stages of an import, each in its own module: `import_read` reads the file safely,
`import_columns` maps its Russian headers to the model's fields, `import_rows` turns each
row into checked entry data; this module names the files, writes them as YAML that looks
hand-written (through `safewrite`) and checks the written bank once more. Rows that cannot
go in are reported with row number, column and the reason. `import_template` makes the
matching empty spreadsheet.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.safewrite import WriteRefused, unsafe_target, write_inside
from generator.model.names import RESERVED_SLUGS, latin_slug, slug_problem
from generator.validate.bank import load_bank
from generator.authoring.import_columns import SLUG_COLUMN, columns, header_map, norm
from generator.authoring.import_read import FormulaCell, ImportError_, read_rows
from generator.authoring.import_rows import RowResult, check_model, row_data

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
    mapping, unknown = header_map(headers, cols)
    if not any(c.field == "title" for c in mapping.values()):
        raise ImportError_(f"{path}: не найден столбец «Название» в первой строке; возьмите шаблон: "
                           "practice-bank import-template")
    folder_problem = unsafe_target(root, kind)
    if folder_problem:
        raise ImportError_(folder_problem)
    bank, problems = load_bank(root)
    titles: dict[str, dict[str, str]] = {}
    for record in bank.records.values():
        titles.setdefault(record.kind, {})[norm(record.title)] = record.slug
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
        data = row_data(cells, kind, cols, bank, titles, result, today)
        wanted = "" if isinstance(cells.get(cols[0]), FormulaCell) else cells.get(cols[0], "").strip()
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
            check_model(kind, data, cols, result, today)
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
