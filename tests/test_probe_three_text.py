"""Hostile input, round three (text and numbers): emoji shortcodes, non-finite numbers, the phone
field and the invisible characters the rules missed. Each test failed before its fix (third
probe, findings H2 and H3, the phone and character findings of its validation batch)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from generator.model.entries import _INVISIBLE, KINDS, Indicator, Strict, text_problem
from generator.render.submit_form import _js_class

from tests.conftest import ROOT, run_cli
from tests.minibank import make_minibank, make_project
from tests.sitebuild import mkdocs_build, page

ENTRY = "practices/tutoring/gifted-practice.yml"


def _append(practices: Path, text: str) -> list[str]:
    """Append ``text`` to the test practice; return its lines."""
    entry = practices / "tutoring" / "gifted-practice.yml"
    entry.write_text(entry.read_text(encoding="utf-8") + text, encoding="utf-8")
    return entry.read_text(encoding="utf-8").splitlines()


def _errors(practices: Path) -> list[str]:
    result = run_cli("validate", "--root", str(practices))
    assert "Traceback" not in result.text
    assert result.code == 1, result.text
    return [e for e in result.out.splitlines() if e.startswith(ENTRY)]


def _at(lines: list[str], needle: str) -> int:
    return next(i for i, line in enumerate(lines, 1) if needle in line)


# -- H3: emoji shortcodes never become pictures from a CDN ---------------------------------------

def _site_markdown():
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def test_emoji_are_characters_and_icons_inline_pictures():
    html = _site_markdown().convert("Проектор :smile: и :thumbsup:, значок :material-domain:")
    assert "\U0001F604" in html and "\U0001F44D" in html, html
    assert "<img" not in html and "cdn.jsdelivr" not in html, html
    assert re.search(r'<span class="twemoji"><svg[^>]*>.*</svg></span>', html), html  # the theme's icon


@pytest.mark.slow
def test_emoji_shortcode_in_an_entry_builds_strict(tmp_path):
    project, practices = make_project(tmp_path)
    _append(practices, 'resources: "Нужен проектор :smile:"\n')
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env={"BANK_PDF": "0", "BANK_NO_SEARCH": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    entry = page(site, "tutoring/gifted-practice")
    assert "Нужен проектор \U0001F604" in entry.get_text()
    assert not [img["src"] for img in entry.find_all("img") if re.match(r"(https?:)?//", img.get("src", ""))]
    home = page(site, ".")
    assert home.select("span.twemoji svg"), "the hand-written pages' icons are gone"


# -- H2: numbers are finite ----------------------------------------------------------------------

def test_nan_and_infinity_are_refused_on_their_line(tmp_path):
    practices = make_minibank(tmp_path)
    lines = _append(practices, "indicators:\n"
                               '  - {name: Доля, value: .nan, unit: "%", source: Отчёт}\n'
                               '  - {name: Охват, value: .inf, unit: "%", source: Отчёт}\n'
                               '  - {name: Рост, value: 2, baseline: -.Inf, unit: "%", source: Отчёт}\n')
    errors = _errors(practices)
    for needle, field in ((".nan", "Достигнутое значение"), (".inf", "Достигнутое значение"),
                          ("-.Inf", "Исходное значение")):
        line = _at(lines, needle)
        assert any(e.startswith(f"{ENTRY}:{line}:") and f"«{field}»" in e and "конечное число" in e
                   for e in errors), (needle, errors)
    assert not any("finite" in e for e in errors), errors


def _models(model: type[BaseModel], seen: set) -> None:
    if model in seen:
        return
    seen.add(model)
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                _models(tp, seen)
            stack.extend(getattr(tp, "__args__", ()))


def test_every_model_refuses_non_finite_numbers():
    seen: set = set()
    for model in KINDS.values():
        _models(model, seen)
    assert Indicator in seen
    assert all(issubclass(m, Strict) and m.model_config.get("allow_inf_nan") is False for m in seen), seen
    for value in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValidationError) as caught:
            Indicator(type="outcome", name="Доля", value=1, baseline=value, unit="%", source="Отчёт")
        assert caught.value.errors()[0]["type"] == "finite_number"


# -- the phone and the file paths obey the character rules -------------------------------------

def test_phone_obeys_the_character_rules(tmp_path):
    practices = make_minibank(tmp_path)
    phones = {"\\f": "U+000C", "\\v": "U+000B", "\\x85": "U+0085", "\\n": "одна строка"}
    lines = _append(practices, "contacts:\n" + "".join(
        f'  - {{name: Контакт, phone: "+7 900 123{escape}45 67"}}\n' for escape in phones))
    errors = _errors(practices)
    for escape, code in phones.items():
        line = _at(lines, f"123{escape}45")
        assert any(e.startswith(f"{ENTRY}:{line}:") and "«Телефон»" in e and code in e for e in errors), errors


def test_file_paths_obey_the_character_rules(tmp_path):
    practices = make_minibank(tmp_path)
    lines = _append(practices, "materials:\n"
                               '  - {title: План, file: "plan\\u202Efdp.png", alt: План}\n'
                               "indicators:\n"
                               '  - {name: Доля, value: 1, unit: "%", source: Отчёт, source_file: "a\\x9b.pdf"}\n')
    errors = _errors(practices)
    for needle, code in (("plan", "U+202E"), ("source_file", "U+009B")):
        line = _at(lines, needle)
        assert any(e.startswith(f"{ENTRY}:{line}:") and code in e for e in errors), errors


# -- non-characters and tag characters are refused -----------------------------------------------

REFUSED = ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0001ffff", "\U0010fffe", "\U0010ffff",
           "\U000e0000", "\U000e0001", "\U000e0041", "\U000e007f"]
ACCEPTED = ["\ufdcf", "\ufdf0", "\ufffd", "\U0001fffd", "\U00020000", "\U000e0080", "\U000e0100",
            "\U0001F600", "\u2028", "\t", "\xa0"]


@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_non_characters_and_tags_are_refused(char):
    assert f"U+{ord(char):04X}" in (text_problem(f"Текст{char}текст") or ""), char


@pytest.mark.parametrize("char", ACCEPTED, ids=lambda c: f"U+{ord(c):04X}")
def test_neighbours_of_refused_characters_are_text(char):
    assert text_problem(f"Текст{char}текст") is None


def test_non_character_in_an_entry_is_refused_on_its_line(tmp_path):
    practices = make_minibank(tmp_path)
    lines = _append(practices, 'transfer: "Условия \\U000E0041 переноса"\nresources: "Ресурсы\uFDD0"\n')
    errors = _errors(practices)
    assert any(e.startswith(f"{ENTRY}:{_at(lines, 'transfer')}:") and "U+E0041" in e for e in errors), errors
    assert any(e.startswith(f"{ENTRY}:{_at(lines, 'resources')}:") and "U+FDD0" in e for e in errors), errors


def test_the_form_gets_the_refused_characters_as_a_javascript_class():
    js = _js_class(_INVISIBLE.pattern)
    assert "\\u{e0000}-\\u{e007f}" in js and "\\u{10fffe}-\\u{10ffff}" in js and "\\u{fdd0}-\\u{fdef}" in js
    # the class JavaScript reads, back in Python: the same characters
    back = re.compile(re.sub(r"\\u\{([0-9a-f]+)\}", lambda m: chr(int(m.group(1), 16)), js))
    for char in REFUSED + ACCEPTED + ["\x00", "\x9f", "\ud800", "\u202e", "\u2069"]:
        assert bool(back.search(char)) == bool(_INVISIBLE.search(char)), char
