"""JSON Schema (draft-07) per kind, derived from the models and vocabulary.

Editors with the YAML language server read these files through the
``# yaml-language-server: $schema=…`` line at the top of each entry and offer
completion of fields and vocabulary terms with their Russian labels.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from generator.model.entries import KINDS
from generator.safewrite import write_inside
from generator.model.vocabulary import Vocabulary

SCHEMA_DIR = "schema"
DRAFT = "http://json-schema.org/draft-07/schema#"


def schema_filename(kind: str) -> str:
    return f"{kind}.schema.json"


def _walk(node: Any, vocab: Vocabulary | None, slugs: dict[str, list[str]] | None) -> Any:
    if isinstance(node, dict):
        section = node.pop("vocabulary", None)
        node.pop("reference", None)
        node = {k: _walk(v, vocab, slugs) for k, v in node.items()}
        if section and vocab is not None:
            choices = [{"const": t.id, "title": t.label,
                        **({"description": t.description} if t.description else {})}
                       for t in vocab.terms(section)]
            target = node
            if node.get("type") == "array":
                target = node.setdefault("items", {})
            elif "anyOf" in node:
                target = next((a for a in node["anyOf"] if a.get("type") == "string"), node)
            if choices:
                target.pop("type", None)
                target["oneOf"] = choices if choices else []
        # draft-07 has no "const: null" issues but pydantic emits "default": null widely; keep.
        return node
    if isinstance(node, list):
        return [_walk(v, vocab, slugs) for v in node]
    if isinstance(node, str):
        return node.replace("#/$defs/", "#/definitions/")
    return node


def build_schema(kind: str, vocab: Vocabulary | None) -> dict[str, Any]:
    model = KINDS[kind]
    raw = model.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    defs = raw.pop("$defs", {})
    out: dict[str, Any] = {"$schema": DRAFT, "$id": schema_filename(kind)}
    out.update(raw)
    out["title"] = model.label
    out["description"] = (f"{model.label}: запись банка практик (practices/{kind}/<имя>.yml). "
                          "Создано командой practice-bank schema — не редактируйте вручную.")
    if defs:
        out["definitions"] = defs
    return _walk(out, vocab, None)


def render_schema(kind: str, vocab: Vocabulary | None) -> str:
    return json.dumps(build_schema(kind, vocab), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(out_dir: Path, vocab: Vocabulary | None, inside: Path | None = None) -> Iterator[Path]:
    """Write the schemas into ``out_dir`` (within ``inside``, by default ``out_dir`` itself), yielding each path."""
    base = inside or out_dir
    for kind in KINDS:
        yield write_inside(base, out_dir.relative_to(base) / schema_filename(kind), render_schema(kind, vocab))
