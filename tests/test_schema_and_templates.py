"""JSON Schema and `new` templates come from the same models as the validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.model.entries import KINDS
from generator.problems import Problems
from generator.authoring.schema import SCHEMA_DIR, render_schema, schema_filename
from generator.model.vocabulary import load_vocabulary
from generator.load.yamlio import load_file

from tests.conftest import PRACTICES, entry_files
from tests.minibank import make_minibank

LATER_KEYWORDS = {"$defs", "prefixItems", "unevaluatedProperties", "unevaluatedItems",
                  "dependentRequired", "dependentSchemas", "$anchor", "$dynamicRef", "minContains"}


def _keys(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from _keys(v)
    elif isinstance(node, list):
        for v in node:
            yield from _keys(v)


@pytest.mark.parametrize("kind", list(KINDS))
def test_committed_schema_matches_models(kind):
    vocab = load_vocabulary(PRACTICES, Problems())
    committed = (PRACTICES / SCHEMA_DIR / schema_filename(kind)).read_text(encoding="utf-8")
    assert committed == render_schema(kind, vocab), (
        "схема устарела: выполните `practice-bank schema` и закоммитьте practices/schema/")


@pytest.mark.parametrize("kind", list(KINDS))
def test_schema_is_draft_07_with_russian_titles(kind):
    schema = json.loads((PRACTICES / SCHEMA_DIR / schema_filename(kind)).read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert not LATER_KEYWORDS & set(_keys(schema))
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["properties"]["title"]["title"] == "Название"
    assert schema["additionalProperties"] is False


def test_sample_entries_validate_against_their_schema():
    validators = {kind: jsonschema.Draft7Validator(json.loads(
        (PRACTICES / SCHEMA_DIR / schema_filename(kind)).read_text(encoding="utf-8")),
        format_checker=jsonschema.FormatChecker()) for kind in KINDS}
    count = 0
    for path in entry_files():
        if path.parent.name not in KINDS:
            continue
        doc, problem = load_file(path)
        assert problem is None, problem
        errors = list(validators[path.parent.name].iter_errors(doc.data))
        assert not errors, f"{path}: {errors[0].message}"
        count += 1
    assert count >= 20


def _fill(node, path=()):
    """Fill every hole of a template with a plausible value."""
    choices = {"organization": "test-school", "site": "test-school", "practice": "gifted-practice",
               "region": "krasnodar-krai", "format": "group", "tutee": "pupil", "type": "school",
               "directions": "gifted-children", "audience": "teachers", "forms": "tutorial",
               "competences": "methodical", "levels": "basic"}
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if v is None and k in ("start", "since"):
                out[k] = 2020
            else:
                out[k] = _fill(v, path + (k,))
        return out
    if isinstance(node, list):
        return [_fill(v, path) for v in node]
    if isinstance(node, str) and node.strip() in ("", "..."):
        key = path[-1] if path else ""
        return choices.get(key, f"Текст поля {key}")
    return node


def _dump(node, indent=0) -> str:
    pad = " " * indent
    if isinstance(node, dict):
        lines = []
        for k, v in node.items():
            if isinstance(v, (dict, list)):
                lines.append(f"{pad}{k}:\n{_dump(v, indent + 2)}")
            else:
                lines.append(f"{pad}{k}: {json.dumps(v, ensure_ascii=False) if isinstance(v, str) else v}")
        return "\n".join(lines)
    return "\n".join(
        f"{pad}- " + _dump(v, indent + 2).lstrip() if isinstance(v, dict)
        else f"{pad}- {json.dumps(v, ensure_ascii=False)}" for v in node)


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_template_validates_once_filled(cli, tmp_path: Path, kind):
    practices = make_minibank(tmp_path)
    slug = f"new-{kind}-entry"
    result = cli("new", kind, slug, "--root", str(practices))
    assert result.code == 0, result.text
    path = practices / kind / f"{slug}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n")
    assert "(обязательно)" in text
    # unfilled, it is rejected with line numbers
    result = cli("validate", str(path), "--root", str(practices))
    assert result.code == 1 and f"practices/{kind}/{slug}.yml:" in result.out
    if "  ...\n" in text:  # a text left as the template's «...» is not a text
        assert "осталась заготовка «...» из шаблона" in result.out
    # filled, it passes
    doc, problem = load_file(path)
    assert problem is None, problem
    filled = _fill(doc.data)
    filled["title"] = f"Новая запись {kind}"
    path.write_text(_dump(filled) + "\n", encoding="utf-8")
    result = cli("validate", str(path), "--root", str(practices))
    assert result.code == 0, result.text + path.read_text(encoding="utf-8")


def test_new_refuses_existing_and_bad_slug(cli, tmp_path: Path):
    practices = make_minibank(tmp_path)
    result = cli("new", "sites", "test-school", "--root", str(practices))
    assert result.code == 1 and "уже есть" in result.err
    result = cli("new", "sites", "Школа", "--root", str(practices))
    assert result.code == 2 and "кириллицей" in result.err and "«shkola»" in result.err
    result = cli("new", "nonsense", "x", "--root", str(practices))
    assert result.code == 2 and "недопустимое значение" in result.err
