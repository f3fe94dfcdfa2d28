"""One spreadsheet row → the data of an entry: values converted by column, vocabulary labels
and organisation titles resolved, the result checked by the model like any entry."""

from __future__ import annotations


import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from generator.bank.core import Bank
from generator.model.messages import translate
from generator.model.entries import KINDS
from generator.validate.bank import time_problems
from generator.authoring.import_columns import LIST_SPLIT, Column, norm
from generator.authoring.import_read import FormulaCell


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
        slug = titles.get(col.target or "", {}).get(norm(key))
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
        status = STATUS.get(norm(value))
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


def row_data(cells: dict[Column, str], kind: str, cols: list[Column], bank: Bank,
              titles: dict[str, dict[str, str]], result: RowResult, today: date) -> dict[str, Any]:
    data: dict[str, Any] = {}
    years: dict[str, int] = {}
    for col in cols:
        cell = cells.get(col, "")
        if isinstance(cell, FormulaCell):
            result.problems.append((col.header, f"в ячейке формула «{cell[:60]}», а её значения в файле нет; "
                                                "впишите значение текстом или числом (в Excel: «Копировать» → "
                                                "«Специальная вставка» → «Значения»)"))
            continue
        value = cell.strip()
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


def check_model(kind: str, data: dict[str, Any], cols: list[Column], result: RowResult, today: date) -> None:
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


