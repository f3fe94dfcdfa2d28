"""Commented YAML templates for new entries, derived from the models.

`practice-bank new <kind> <slug>` writes one of these: every required field is
present with an empty value to fill in, every optional field is there as a
comment, and each field carries its Russian title, description and, for
vocabulary fields, the allowed terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model.entries import KINDS
from generator.authoring.schema import SCHEMA_DIR, schema_filename
from generator.model.vocabulary import Vocabulary

BLOCK_FIELDS = {"problem", "goal", "topic", "situation", "actions", "outcome"}


@dataclass
class Line:
    help: bool  # a "# …" explanation, never uncommented
    text: str
    off: bool = False  # code of an optional field: written commented out

    def render(self, indent: str = "") -> str:
        if self.help:
            return f"{indent}# {self.text}"
        return f"{indent}# {self.text}" if self.off else f"{indent}{self.text}"


def _unwrap(annotation: Any) -> Any:
    args = get_args(annotation)
    if args and type(None) in args:
        return next(a for a in args if a is not type(None))
    return annotation


def _base(annotation: Any) -> Any:
    """Strip Annotated[...] wrappers."""
    while hasattr(annotation, "__metadata__"):
        annotation = get_args(annotation)[0]
    return annotation


def _extra(info: FieldInfo) -> dict[str, Any]:
    return info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}


def _help(name: str, info: FieldInfo, vocab: Vocabulary | None) -> list[Line]:
    title = info.title or name
    head = f"{title}{' (обязательно)' if info.is_required() else ''}"
    description = (info.description or "").removesuffix(" (обязательно)").strip()
    lines = [Line(True, f"{head}: {description}" if description else head)]
    ref = _extra(info).get("reference")
    if ref and f"practices/{ref}/" not in description:
        lines.append(Line(True, f"имя файла из practices/{ref}/ без .yml"))
    section = _extra(info).get("vocabulary")
    if section and vocab is not None:
        choices = "; ".join(f"{t.id} — {t.label}" for t in vocab.terms(section))
        lines.append(Line(True, f"термины словаря «{section}»: {choices}"))
    return lines


# Optional fields a new entry shows uncommented: a practice needs results of one of the two
# kinds, and most descriptions are written from applications and plans.
# An adoption names one of practice/programme and the adopter by name (with its region) or by file.
SHOWN_OPTIONAL = frozenset({"expected_results", "sources", "practice", "organization_name", "region"})


def _field(name: str, info: FieldInfo, vocab: Vocabulary | None, today: date) -> list[Line]:
    annotation = _base(_unwrap(_base(info.annotation)))
    origin = get_origin(annotation)
    lines = _help(name, info, vocab)
    code: list[Line] = []
    if origin is list:
        item = _base(get_args(annotation)[0])
        code.append(Line(False, f"{name}:"))
        if isinstance(item, type) and issubclass(item, BaseModel):
            code.extend(_list_item(_model(item, vocab, today)))
        else:
            code.append(Line(False, '  - ""'))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        code.append(Line(False, f"{name}:"))
        code.extend(_indent(_model(annotation, vocab, today)))
    elif origin is Literal:
        code.append(Line(False, f"{name}: {'draft' if name == 'status' else get_args(annotation)[0]}"))
    elif annotation is date:
        code.append(Line(False, f"{name}: {today.isoformat()}"))
    elif annotation in (int, float):
        code.append(Line(False, f"{name}:"))
    elif origin is dict:  # a table of names and values, filled in later
        code.append(Line(False, f"{name}: {{}}"))
    elif name in BLOCK_FIELDS:
        code.append(Line(False, f"{name}: |"))
        code.append(Line(False, "  ..."))
    else:
        code.append(Line(False, f'{name}: ""'))
    if not info.is_required() and name not in SHOWN_OPTIONAL:
        code = [Line(l.help, l.text, True) for l in code]
    return lines + code


def _model(model: type[BaseModel], vocab: Vocabulary | None, today: date) -> list[Line]:
    out: list[Line] = []
    for name, info in model.model_fields.items():
        out.extend(_field(name, info, vocab, today))
    return out


def _indent(lines: list[Line]) -> list[Line]:
    return [Line(l.help, ("  " + l.text) if not l.help else ("  " + l.text), l.off) for l in lines]


def _list_item(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    first = True
    for l in lines:
        if not l.help and first:
            out.append(Line(False, "  - " + l.text))
            first = False
        else:
            out.append(Line(l.help, "    " + l.text, l.off))
    return out


def render_template(kind: str, slug: str, vocab: Vocabulary | None, today: date | None = None) -> str:
    today = today or date.today()
    model = KINDS[kind]
    header = [
        f"# yaml-language-server: $schema=../{SCHEMA_DIR}/{schema_filename(kind)}",
        f"# {model.label}: шаблон записи «{slug}».",
        "# Заполните пустые значения (\"\" и «...»). Необязательные поля закомментированы:",
        "# уберите «# » в начале их строк, если поле нужно. Длинный текст пишите после «|»",
        "# с отступом в два пробела. Проверка: practice-bank validate "
        f"practices/{kind}/{slug}.yml",
        "",
    ]
    body: list[str] = []
    for name, info in model.model_fields.items():
        body.extend(_render(l) for l in _field(name, info, vocab, today))
        body.append("")
    return "\n".join(header + body).rstrip() + "\n"


def _render(line: Line) -> str:
    text = line.text
    stripped = text.lstrip(" ")
    indent = text[: len(text) - len(stripped)]
    if line.help:
        return f"{indent}# {stripped}"
    if line.off:
        return f"{indent}# {stripped}"
    return text
