"""JSON Schema (draft-07) per kind, derived from the models and vocabulary.

Editors with the YAML language server read these files through the
``# yaml-language-server: $schema=…`` line at the top of each entry and offer
completion of fields and vocabulary terms with their Russian labels.

`write_inside` is how every command writes the files it owns (entries, schemas, the issue
form, templates): atomically, never through a symbolic link, never outside its folder.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any, Iterator

from .models import KINDS
from .vocabulary import Vocabulary

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


# ---- writing files the tool owns ---------------------------------------------------

class WriteRefused(Exception):
    """A file the tool did not write; the message (Russian) names the file, the reason and the fix."""


def unsafe_target(base: Path, relative: str | Path) -> str | None:
    """Why ``base/relative`` must not be written, or None.

    Neither the file nor any folder between ``base`` and it may be a symbolic link: a write
    through one lands outside ``base`` (an entry that is a link is refused by the validator too).
    """
    rel = Path(relative)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        return f"{base / rel}: путь ведёт за пределы папки {base}; файл не записан"
    path = base
    for part in rel.parts:
        path = path / part
        if path.is_symlink():
            where = os.readlink(path)
            if path.is_dir():
                return (f"{path}: папка — символическая ссылка (на {where}); в неё ничего не записано, "
                        f"чтобы не писать за пределы {base}. Замените ссылку настоящей папкой и повторите команду")
            return (f"{path}: файл — символическая ссылка (на {where}); он не записан, чтобы не изменить файл, "
                    "на который она указывает. Удалите ссылку или замените её настоящим файлом и повторите команду")
        if not path.exists():
            break
    return None


def write_inside(base: Path, relative: str | Path, data: str | bytes) -> Path:
    """Write ``base/relative`` atomically, never through a symbolic link and never outside ``base``.

    A symbolic link on the way is refused (`unsafe_target`). The data goes to a temporary file in
    the same folder, which then replaces the target: a hard link there (or a symbolic one made
    meanwhile) is replaced itself, the file it leads to is never touched. Raises `WriteRefused`.
    """
    why = unsafe_target(base, relative)
    if why:
        raise WriteRefused(why)
    path = base / relative
    if path.is_dir():
        raise WriteRefused(f"{path}: на месте файла — папка; файл не записан. Уберите папку или выберите другое имя")
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")  # a dot file: the validator skips it
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "xb") as stream:  # "x": a new file, never an existing one or a link
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WriteRefused(f"{path}: файл не записан ({exc.strerror or exc}); проверьте права на папку "
                           "и свободное место") from None
    return path
