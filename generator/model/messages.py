"""Russian messages for pydantic's validation errors.

pydantic reports errors by type and location; authors need to read what is
wrong with which field and how to fix it, in Russian. This module turns one
pydantic error dict into such a sentence, naming the field by its Russian
title from the model.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, get_args

from pydantic import BaseModel


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def field_info(model: type[BaseModel], loc: tuple) -> tuple[str | None, Any]:
    """Russian title and FieldInfo of the field at ``loc`` (indexes skipped)."""
    current: type[BaseModel] | None = model
    title, info = None, None
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return title, None
        title = info.title or part
        current = _model_in(info.annotation)
    return title, info


def describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return "да/нет (true/false)"
    if isinstance(value, (int, float)):
        return f"число {value}"
    if isinstance(value, list):
        return "список"
    if isinstance(value, dict):
        return "набор полей"
    if value is None:
        return "пустое значение"
    text = str(value)
    return f"«{text[:40]}{'…' if len(text) > 40 else ''}»"


def unknown_field_message(model: type[BaseModel], loc: tuple) -> str:
    parent_loc, name = loc[:-1], loc[-1]
    parent_model: type[BaseModel] | None = model
    for part in parent_loc:
        if isinstance(part, int) or parent_model is None:
            continue
        info = parent_model.model_fields.get(part)
        parent_model = _model_in(info.annotation) if info else None
    known = list(parent_model.model_fields) if parent_model else []
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    hint = f"; возможно, имелось в виду «{close[0]}»" if close else \
        (f"; допустимые поля: {', '.join(known)}" if known else "")
    return f"неизвестное поле «{name}»{hint}"


def translate(model: type[BaseModel], error: dict[str, Any]) -> str:
    loc = tuple(error.get("loc", ()))
    etype = error.get("type", "")
    ctx = error.get("ctx") or {}
    value = error.get("input")
    title, info = field_info(model, loc)
    name = f"«{title}»" if title else "значение"
    where = f"поле {name}" if title else "значение"
    if etype == "missing":
        field_name = loc[-1] if loc else ""
        return f"нет обязательного поля «{field_name}» ({title}); добавьте его"
    if etype == "extra_forbidden":
        return unknown_field_message(model, loc)
    if etype in ("string_type",):
        return (f"{where}: ожидается текст, а указано {describe_value(value)}; "
                "если это число или да/нет, заключите значение в кавычки")
    if etype in ("int_type", "int_parsing", "int_from_float"):
        return f"{where}: ожидается целое число, а указано {describe_value(value)}"
    if etype in ("float_type", "float_parsing"):
        return f"{where}: ожидается число, а указано {describe_value(value)}"
    if etype in ("bool_type", "bool_parsing"):
        return f"{where}: ожидается true или false, а указано {describe_value(value)}"
    if etype == "list_type":
        return f"{where}: ожидается список — строки, начинающиеся с «- », а указано {describe_value(value)}"
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return f"{where}: ожидается набор вложенных полей «поле: значение», а указано {describe_value(value)}"
    if etype == "too_short":
        need = ctx.get("min_length", 1)
        return f"{where}: нужно хотя бы {need} {'элемент' if need == 1 else 'элемента'} списка"
    if etype == "too_long":
        return f"{where}: слишком много элементов (не больше {ctx.get('max_length')})"
    if etype in ("string_too_short", "empty_text"):
        if info is not None and info.is_required():
            return f"{where}: пустой текст; заполните поле — оно обязательное"
        return f"{where}: пустой текст; заполните поле или удалите его"
    if etype == "string_too_long":
        return (f"{where}: текст слишком длинный ({len(str(value))} знаков, допустимо "
                f"{ctx.get('max_length')}); сократите его")
    if etype == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "a-z0-9" in pattern:
            return (f"{where}: «{value}» — не имя записи; пишите имя файла без .yml: строчные "
                    "латинские буквы, цифры и дефисы")
        if "@" in pattern:
            return f"{where}: «{value}» не похоже на адрес электронной почты"
        return f"{where}: значение «{value}» в неверном формате"
    if etype == "literal_error":
        allowed = [f"«{a}»" for a in re.findall(r"'([^']*)'", str(ctx.get("expected", "")))]
        shown = " или ".join(filter(None, [", ".join(allowed[:-1]), *allowed[-1:]]))
        return f"{where}: допустимые значения — {shown}, а указано {describe_value(value)}"
    if etype.startswith("date") or etype.startswith("datetime"):
        return (f"{where}: неверная дата {describe_value(value)}; ожидается ГГГГ-ММ-ДД, "
                "например 2021-09-01")
    if etype in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"{where}: значение {value} слишком мало (должно быть не меньше {bound})"
    if etype in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"{where}: значение {value} слишком велико (должно быть не больше {bound})"
    if etype == "finite_number":
        return f"{where}: ожидается конечное число"
    msg = str(error.get("msg", ""))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if title and not msg.startswith(("поле", "у ", "указано", "всего")):
        return f"{where}: {msg}"
    return msg
