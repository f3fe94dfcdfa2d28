"""A model's validation errors as Russian messages on their lines — one way for every data file
(entries' lists, assessments, experts, events, settings)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from generator.load.yamlio import Document
from generator.model.messages import translate
from generator.problems import Problems


def validated(model_cls: type[BaseModel], data: Any, doc: Document, problems: Problems, prefix: tuple = (),
              who: str = "", point_at: dict[str, tuple] | None = None) -> Any:
    """``model_cls`` made from ``data`` (which sits at ``prefix`` in ``doc``), or None with every
    error on its line: a missing field at its parent's key, an unknown one at its own key, a rule
    between fields where ``point_at`` says; ``who`` names the item in the message."""
    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = prefix + tuple(error.get("loc", ()))
            kind = error.get("type", "")
            if kind == "missing":
                line, col = doc.key_position(loc[:-1]) if loc[:-1] else doc.position(())
            elif kind == "extra_forbidden":
                line, col = doc.key_position(loc)
            else:
                line, col = doc.position(loc + (point_at or {}).get(kind, ()))
            message = translate(model_cls, error)
            problems.add(doc.path, line, col, f"{who}: {message}" if who else message)
        return None
