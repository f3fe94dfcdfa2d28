"""The «Предложить практику» form, described from the same models and vocabulary as the validator.

`form_spec(bank)` turns each kind's JSON Schema (pydantic + vocabulary) into
a list of form fields: widget, Russian label and hint, whether it is
required, limits and choices. The theme template draws the form from this
description and the browser script validates against it and writes the YAML
entry, so the form cannot drift from what `practice-bank validate` accepts.
"""

from __future__ import annotations

import json
from typing import Any

from generator.bank.core import Bank, KIND_ORDER
from generator.model.entries import (ADOPTION_STAGES, INDICATOR_TYPES, KINDS, PLACEHOLDERS, PUBLISHABLE, SLUG_PATTERN,
                                     SOURCE_TYPES, TEXT_PATTERNS)
from generator.model.names import RESERVED_SLUGS

# Fields the form leaves to the editors and experts, or fills itself.
SKIPPED = {"status", "added", "reviewed", "recognition", "service", "recognition_source", "licence", "maturity", "total_hours",
           "file", "source_file", "alt"}
# Above this many candidates a reference is typed (and looked up) rather than picked from a list.
MAX_LISTED_REFERENCES = 400
HINTS = {
    "consent": "Контакт человека публикуется только с его отдельного согласия на распространение персональных "
               "данных (152-ФЗ, ст. 10.1): отметьте, что он разрешил опубликовать, и дату подписанного согласия — "
               "сам документ передайте редакции. Как банк обращается с персональными данными — на странице "
               "«Политика обработки персональных данных». Данные детей не указывайте никогда.",
    "summary": "Одно-два предложения: что делают и зачем.",
    "tasks": "Каждая задача — с новой строки.",
    "results": "Только то, что уже получено, каждый результат — с новой строки; укажите ниже документ "
               "(отчёт, публикацию), где это сказано. Числа — в «Измеримых показателях».",
    "expected_results": "Что планируется получить, каждый результат — с новой строки.",
    "products": "Каждый продукт — с новой строки.",
    "partners": "Каждая организация — с новой строки.",
    "questions": "Каждый вопрос — с новой строки.",
    "diagnostics": "Каждый инструмент — с новой строки.",
}
REFERENCE_HINTS = {
    "consent": "Контакт человека публикуется только с его отдельного согласия на распространение персональных "
               "данных (152-ФЗ, ст. 10.1): отметьте, что он разрешил опубликовать, и дату подписанного согласия — "
               "сам документ передайте редакции. Как банк обращается с персональными данными — на странице "
               "«Политика обработки персональных данных». Данные детей не указывайте никогда.",
    "sites": "Начните вводить название и выберите организацию из списка. Если её нет в банке, "
             "сначала предложите её саму (вид «Организация»).",
    "tutoring": "Начните вводить название практики и выберите её из списка.",
}
ITEM_LABELS = {"authors": "Автор", "mentors": "Наставник", "contacts": "Контакт", "materials": "Материал",
               "stages": "Этап", "modules": "Модуль", "indicators": "Показатель", "sources": "Источник", "plan": "Мероприятие"}
KIND_INTRO = {
    "tutoring": "Практика тьюторского сопровождения: проблема, цель, этапы, результаты и условия переноса.",
    "programmes": "Программа стажировочной площадки: модули с часами, наставники, формат.",
    "cases": "Случай из практики: ситуация, действия тьютора, результат и вопросы для обсуждения.",
    "sites": "Организация, которая реализует практики или программы: школа, площадка, методическая служба.",
    "adoptions": "Вы внедрили у себя практику или программу из банка: что изменили, что получилось.",
}


# Russian names of the values of the fields that take one of a few words.
ENUM_LABELS = {("indicators", "type"): INDICATOR_TYPES, ("sources", "type"): SOURCE_TYPES, ("", "stage"): ADOPTION_STAGES,
               ("consent", "publish"): PUBLISHABLE}


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return defs[ref.rsplit("/", 1)[-1]]
    return node


def _unwrap_optional(node: dict[str, Any]) -> dict[str, Any]:
    """`anyOf: [X, null]` → X (merged with the outer title/description)."""
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1:
        inner = dict(options[0])
        for key in ("title", "description", "vocabulary", "reference"):
            if key in node and key not in inner:
                inner[key] = node[key]
        return inner
    return node


def _choices(section: str, bank: Bank) -> list[dict[str, str]]:
    return [{"value": t.id, "label": t.label} for t in bank.vocabulary.terms(section)]


def _field(name: str, node: dict[str, Any], required: bool, defs: dict[str, Any], bank: Bank,
           context: str) -> dict[str, Any] | None:
    if name in SKIPPED:
        return None
    title = node.get("title") or name
    node = _resolve(_unwrap_optional(node), defs)
    spec: dict[str, Any] = {"name": name, "label": title, "required": required,
                            "hint": HINTS.get(name) or node.get("description") or ""}
    if spec["hint"].strip().rstrip(".").lower() == title.strip().lower():
        spec["hint"] = ""  # a model's docstring that only repeats the label says nothing
    section = node.get("vocabulary")
    reference = node.get("reference")
    kind = node.get("type")
    if reference or section:  # hints written for YAML authors name files and dictionaries
        spec["hint"] = HINTS.get(name) or REFERENCE_HINTS.get(reference or "", "")
    if reference:
        candidates = [{"value": r.slug, "label": r.title} for r in bank.of_kind(reference)]
        spec.update(widget="ref", kind=reference,
                    options=candidates if len(candidates) <= MAX_LISTED_REFERENCES else [],
                    pattern=SLUG_PATTERN)
    elif section and kind == "array":
        spec.update(widget="choices", options=_choices(section, bank), min_items=node.get("minItems", 0))
    elif section:
        spec.update(widget="choice", options=_choices(section, bank))
    elif kind == "array" and "enum" in _resolve(node.get("items", {}), defs):
        labels = ENUM_LABELS.get((context, name), {})
        spec.update(widget="choices", options=[{"value": v, "label": labels.get(v, v)}
                                               for v in _resolve(node["items"], defs)["enum"]],
                    min_items=node.get("minItems", 0))
    elif kind == "array":
        items = _resolve(node.get("items", {}), defs)
        if items.get("type") == "object":
            fields = _fields(items, defs, bank, context=name)
            spec.update(widget="group", fields=fields, min_items=node.get("minItems", 0),
                        item_label=ITEM_LABELS.get(name) or items.get("title") or title)
        else:
            spec.update(widget="lines", min_items=node.get("minItems", 0),
                        max_length=items.get("maxLength"), multiline=(items.get("maxLength") or 0) > 300)
    elif kind == "object":
        spec.update(widget="object", fields=_fields(node, defs, bank, context=name))
    elif kind == "integer":
        spec.update(widget="int", min=node.get("minimum"), max=node.get("maximum"))
        if context == "years" and name == "start":  # as validate_document: only what has been done
            spec["not_future"] = True
    elif kind == "number":
        spec.update(widget="number")
    elif kind == "string" and node.get("format") == "date":
        spec.update(widget="date")
    elif kind == "string" and "enum" in node:
        labels = ENUM_LABELS.get((context, name), {})
        spec.update(widget="choice", options=[{"value": v, "label": labels.get(v, v)} for v in node["enum"]])
    elif kind == "string":
        max_length = node.get("maxLength")
        if name in ("url", "website", "source_url"):
            spec.update(widget="url", max_length=max_length)
        elif name == "email":
            spec.update(widget="email", max_length=max_length, pattern=node.get("pattern"))
        elif name == "phone":
            spec.update(widget="phone", pattern=node.get("pattern"))
        elif max_length and max_length > 300:
            spec.update(widget="text", max_length=max_length)
        else:
            spec.update(widget="line", max_length=max_length or 300)
    else:
        return None
    return spec


def _fields(model: dict[str, Any], defs: dict[str, Any], bank: Bank, context: str = "") -> list[dict[str, Any]]:
    required = set(model.get("required", []))
    out = []
    for name, node in model.get("properties", {}).items():
        spec = _field(name, node, name in required, defs, bank, context)
        if spec is not None:
            out.append(spec)
    if context == "materials":  # the form links materials; files come with a pull request
        for spec in out:
            if spec["name"] == "url":
                spec["required"] = True
    return out


def kind_spec(kind: str, bank: Bank) -> dict[str, Any]:
    model = KINDS[kind]
    schema = model.model_json_schema(ref_template="#/$defs/{model}", mode="validation")
    defs = schema.get("$defs", {})
    fields = _fields(schema, defs, bank)
    # the rules between fields, from the models (only those whose fields the form asks for):
    # the entry's own, and those of the items of its lists (a contact's consent)
    for f in fields:
        if f["widget"] == "group":
            item = _item_model(model, f["name"])
            if item is not None:
                f["rules"] = _form_rules(item, f["fields"])
    return {"kind": kind, "label": model.label, "intro": KIND_INTRO[kind], "fields": fields,
            "rules": _form_rules(model, fields)}


def _item_model(model: type, name: str) -> type | None:
    """The model of the items of the list field ``name`` (``contacts`` → Contact), if it has rules."""
    from typing import get_args

    for arg in get_args(model.model_fields[name].annotation):
        if getattr(arg, "rules", None):
            return arg
    return None


def _form_rules(model: type, fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    shown = {f["name"] for f in fields} | set(SKIPPED)  # a skipped flag (``service``) is simply never set
    return [{"check": r.check, "fields": [x for x in r.fields if x in shown], "then": r.then, "unless": r.unless,
             "message": r.message}
            for r in model.rules if {r.then.split(".")[0]} - {""} <= shown and set(r.fields) & shown]


def _js_class(pattern: str) -> str:
    """A class of literal characters (``[a-z…]``) for a JavaScript RegExp with the ``u`` flag, every
    character as an escape: the page is UTF-8 and cannot carry a lone surrogate as it is."""
    if not (pattern.startswith("[") and pattern.endswith("]") and "\\" not in pattern and pattern[1:2] != "^"):
        raise ValueError(f"not a class of literal characters: {pattern!r}")
    return "[" + "".join(c if c == "-" else f"\\u{{{ord(c):x}}}" for c in pattern[1:-1]) + "]"


def form_spec(bank: Bank, repo_url: str = "", branch: str = "main") -> dict[str, Any]:
    """Everything the form page needs, JSON-serialisable."""
    from generator.urls import new_file_urls

    from generator.model.publication import repository_kind

    repo_kind = repository_kind(repo_url, bank.publication.repository_kind if bank.publication else None)
    return {
        "kinds": [kind_spec(kind, bank) for kind in KIND_ORDER],
        "slug_pattern": SLUG_PATTERN,
        "reserved": sorted(RESERVED_SLUGS),
        "placeholders": sorted(PLACEHOLDERS),  # template stubs the validator refuses as text
        # the validator's text rules as JavaScript patterns (named groups as JavaScript writes them)
        "text": {name: _js_class(pattern) if name == "invisible" else pattern.replace("(?P<", "(?<")
                 for name, pattern in TEXT_PATTERNS.items()},
        **new_file_urls(repo_url, repo_kind, branch, "practices/"),
    }


def _rules(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for f in fields:
        rule = {k: v for k, v in f.items() if k not in ("hint", "options", "fields") and v not in (None, "")}
        if f["widget"] == "ref" and f.get("options"):
            rule["options"] = [o["value"] for o in f["options"]]
        if f.get("fields"):
            rule["fields"] = _rules(f["fields"])
        out.append(rule)
    return out


def browser_rules(spec: dict[str, Any]) -> str:
    """What the browser script needs to check and write the entry, as JSON safe inside <script>."""
    compact = dict(spec, kinds=[dict(k, fields=_rules(k["fields"])) for k in spec["kinds"]])
    text = json.dumps(compact, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
