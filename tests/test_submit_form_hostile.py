"""«Предложить практику» with hostile input: whatever the author types, the form either refuses it
with a message next to the field or writes YAML that the validator's reader reads back unchanged.

The browser tests drive the real page (submit.js) on the sample site; many inputs are checked in
one `page.evaluate` call, so the property test stays within a few seconds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model.entries import _INVISIBLE, PLACEHOLDERS
from generator.problems import Problems
from generator.validate.bank import validate_document
from generator.load.yamlio import load_text

from tests.conftest import ROOT
from tests.minibank import make_project
from tests.sitebuild import mkdocs_build, page

try:
    import ryaml
except ImportError:  # pragma: no cover - as in generator/load/yamlio.py
    ryaml = None

# What JavaScript's \s and trim() take for white space (WhiteSpace and LineTerminator).
JS_SPACE = "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000\ufeff"
FIELDS = ("title", "summary", "address")  # «Организация»: a line, a text of several lines, a line
SLUG = "hostile-input-probe"

# Fills the three fields of the «sites» form with each case (UTF-16 code units, so that lone
# surrogates survive the trip), submits it and returns the YAML or the messages per field.
DRIVE = """async cases => {
  const form = document.querySelector("form[data-kind=sites]");
  const result = form.querySelector(".bank-submit__result");
  const summary = form.querySelector(".bank-submit__summary");
  const names = %s;
  const out = [];
  for (const units of cases) {
    const texts = units.map(u => String.fromCharCode.apply(null, u));
    const inputs = names.map(n => form.querySelector("#sites-" + n));
    inputs.forEach((input, i) => { input.value = texts[i]; });
    summary.hidden = true;
    form.requestSubmit();
    const start = performance.now();
    while (result.hidden && summary.hidden && performance.now() - start < 2000) {
      await new Promise(r => setTimeout(r, 0));
    }
    if (result.hidden && summary.hidden) {  // the form answered nothing at all
      out.push({yaml: null, errors: {}, github: null, silent: true});
      continue;
    }
    const errors = {};
    form.querySelectorAll(".bank-field--invalid").forEach(el => {
      errors[el.dataset.field] = el.querySelector(".bank-field__error").textContent;
    });
    out.push({yaml: result.hidden ? null : form.querySelector(".bank-submit__yaml code").textContent,
              errors, silent: false,
              github: result.hidden ? null : form.querySelector(".bank-submit__github").href});
  }
  return out;
}""" % list(FIELDS)


def _units(text: str) -> list[int]:
    raw = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(raw[i:i + 2], "little") for i in range(0, len(raw), 2)]


def _as_js(text: str) -> str:
    """The string JavaScript builds from the code units: adjacent halves make one character."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _js_clean(text: str) -> str:
    """What the form does to any text before it checks it (submit.js `clean`)."""
    text = re.sub(r"\r\n?", "\n", text)
    text = re.sub(r"[ \t]+(?=[\n\u2028\u2029]|\Z)", "", text)
    return text.strip(JS_SPACE)


def _expected(name: str, typed: str) -> tuple[str, str]:
    """(the text the form checks, the text it writes) for what was typed into a field."""
    if name == "summary":  # a text of several lines
        return _js_clean(typed), _js_clean(typed)
    checked = _js_clean(typed.replace("\r", "").replace("\n", ""))  # an <input> drops line breaks
    return checked, re.sub(f"[{JS_SPACE}]+", " ", checked)  # one line: white space as one space


def _may_refuse(text: str, max_length: int) -> bool:
    """Inputs the form may refuse: empty, with a refused character, markup-like, a template stub, too long."""
    return (not text or bool(_INVISIBLE.search(text)) or "\ufeff" in text or any(c in text for c in "<[]{")
            or text in PLACEHOLDERS or len(text) > max_length)


@pytest.fixture(scope="module")
def sites_form(browser, server):
    context = browser.new_context(locale="ru-RU")
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(server.base + "submit/")
    pg.locator("input[name=bank-submit-kind][value=sites]").check()
    form = pg.locator("form[data-kind=sites]")
    form.locator("#sites-type").select_option("school")
    form.locator("#sites-slug").fill(SLUG)
    yield pg
    assert pg.errors == []
    context.close()


def _drive(pg, cases: list[tuple[str, ...]]) -> list[dict]:
    return pg.evaluate(DRIVE, [[_units(t) for t in case] for case in cases])


def _read_back(text: str) -> dict:
    """The entry as the validator reads it, checked by the model; the same by the other YAML readers."""
    doc = load_text(text, f"practices/sites/{SLUG}.yml")
    problems = Problems()
    assert validate_document("sites", SLUG, doc, problems) is not None and not problems, \
        (problems.items, text)
    assert yaml.load(text, Loader=yaml.CSafeLoader) == doc.data, text  # YAML 1.1 (PyYAML, libyaml)
    if ryaml is not None:
        assert ryaml.loads(text) == doc.data, text  # YAML 1.2 (serde_yaml)
    return doc.data


def _check(cases: list[tuple[str, ...]], results: list[dict]) -> None:
    for typed, got in zip(cases, results):
        assert not got["silent"], ("the form did nothing", typed)
        for name, value in zip(FIELDS, typed):
            if name in got["errors"]:
                checked = _expected(name, value)[0]
                assert _may_refuse(checked, 600 if name == "summary" else 300), (name, value, got)
                assert got["errors"][name]
        if got["yaml"] is None:
            assert got["errors"], got
            continue
        data = _read_back(got["yaml"])
        # GitHub's «create new file» link carries the same text
        assert parse_qs(urlsplit(got["github"]).query)["value"] == [got["yaml"]]
        for name, value in zip(FIELDS, typed):
            assert data.get(name) == (_expected(name, value)[1] or None), (name, value, got["yaml"])


@pytest.mark.browser
@pytest.mark.slow
def test_any_text_round_trips_or_is_refused(sites_form):
    letters = st.one_of(
        st.characters(categories=["Cf", "Zl", "Zp", "Zs", "Co"],
                      exclude_characters="\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
        st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010, exclude_categories=["Cs"]),  # around surrogates
        st.characters(min_codepoint=0x10000),  # astral
        st.characters(max_codepoint=0x7F, exclude_categories=["Cc"]), st.sampled_from("\t\n\r"),
        st.characters(categories=["L", "N", "P", "S"]))
    words = st.sampled_from([
        "0x1F", "0o17", "0b11", "1e5", "-1.5e-3", "+12", "007", ".inf", "-.Inf", ".NaN", "1_000", "12:30:00",
        "yes", "No", "ON", "off", "y", "N", "true", "False", "null", "Null", "~", "=", "<<",
        "2024-01-02", "2001-12-14t21:59:43.10-05:00", "#", " #", ": ", ":", "- ", "? ", "|", ">", "&a", "*a",
        "!tag", "!!str", "%YAML", "@", "`", "'", '"', "\\", "\\n", "\t", "\n", "\r\n", "\r", "\u2028", "\u2029",
        "\u200b", "\u00ad", "\U0001F600", "---", "...", "…", "«…»", "Школа", "№ 1", "  ", "\n\n", "\n  - пункт",
        "\n\tотступ", "[a](https://example.ru)"])
    refused = st.one_of(st.characters(categories=["Cc", "Cs"], exclude_characters="\t\n\r"),
                        st.sampled_from("\x85\ufeff\ufffe\uffff\u202a\u202e\u2066\u2069"))
    text = st.lists(st.one_of(words, st.text(letters, max_size=4)), min_size=1, max_size=8).map("".join)
    with_refused = st.tuples(text, refused, text).map("".join)
    # one field in eight holds a refused character (and its case is refused as a whole)
    field = st.sampled_from([text] * 7 + [with_refused]).flatmap(lambda strategy: strategy)

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.lists(st.tuples(field, field, field), min_size=10, max_size=10))
    def run(raw):
        cases = [tuple(_as_js(t) for t in case) for case in raw]
        _check(cases, _drive(sites_form, cases))

    run()


# ---- each defect found by the probe ------------------------------------------------------------

ROUND_TRIPS = {
    # Unicode line separators
    "line-separators": [("Школа\u2028один", "Первая\u2028вторая\u2029третья\nчетвёртая", "ул.\u2029Мира"),
                        ("Школа", "Одна строка\u2028и\u2029ещё", "ул. Мира")],
    # text that YAML would read as a number, a boolean, a date or null, and YAML's indicators
    "numbers-and-words": [("0x1F", "1e5", "yes"), ("~", ".inf", "2024-01-02"), ("No", "null\nTrue", "0o17"),
                          ("Школа: № 1 # лучшая", "- не список\n# не комментарий", "&a *b !c"),
                          ('"кавычки" и \\', "'одна", "\U0001F600 смайлик")],
    # a leading tab in a long text
    "leading-tab": [("Школа", "Первая строка\n\tвторая с табуляцией\n  \tи ещё", "ул. Мира")],
}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("name", list(ROUND_TRIPS))
def test_accepted_text_round_trips(sites_form, name):
    cases = ROUND_TRIPS[name]
    results = _drive(sites_form, cases)
    for got in results:
        assert got["yaml"] is not None, got
    _check(cases, results)


@pytest.mark.browser
@pytest.mark.slow
def test_broken_and_invisible_characters_are_refused_with_a_message(sites_form):
    cases = [
        ("Школа \ud800 номер", "Текст.", ""),
        ("Школа", "Текст\x85с NEL", ""),
        ("Школа", "[ссылка](\ufeffhttp://example.ru)", ""),
        ("Школа", "Строка\x1c", "ул. Мира\x00"),
        ("Школа \u202eакшолС", "Текст.", ""),  # a bidi override: text shown otherwise than stored
    ]
    results = _drive(sites_form, cases)
    assert all(r["yaml"] is None for r in results), results
    assert "повреждённый символ (U+D800) после «Школа»" in results[0]["errors"]["title"]
    assert "U+0085 после «Текст»" in results[1]["errors"]["summary"]
    assert "U+FEFF" in results[2]["errors"]["summary"]
    assert "U+001C" in results[3]["errors"]["summary"] and "U+0000" in results[3]["errors"]["address"]
    assert "U+202E после «Школа»" in results[4]["errors"]["title"]
    assert sites_form.evaluate("!document.querySelector('form[data-kind=sites] .bank-submit__summary').hidden")


@pytest.mark.browser
@pytest.mark.slow
def test_refused_character_in_a_group_item_is_reported(sites_form):
    """An item holding only a refused character is not taken for an empty one and dropped."""
    contacts = sites_form.locator("form[data-kind=sites] [data-field=contacts]")
    contacts.locator(".bank-group__add").click()
    item = contacts.locator(".bank-group__item").last
    item.locator("input[id$=-name]").evaluate("input => { input.value = '\\ud800'; }")
    results = _drive(sites_form, [("Школа", "Текст.", "")])
    assert results[0]["yaml"] is None and list(results[0]["errors"]) == ["name"], results
    assert "повреждённый символ (U+D800) в начале" in results[0]["errors"]["name"]
    assert item.locator("[data-field=name] .bank-field__error").is_visible()
    item.locator(".bank-group__remove").click()


@pytest.mark.browser
@pytest.mark.slow
def test_template_stub_is_refused(sites_form):
    results = _drive(sites_form, [("...", "«…»", "…")])
    assert results[0]["yaml"] is None
    assert set(results[0]["errors"]) == {"title", "summary", "address"}
    assert "заготовка" in results[0]["errors"]["title"]


# ---- the page is built from contributors' data: nothing of it may become markup ----------------

TITLE = 'Школа "Успех" x" onmouseover="alert(1)'
LABEL = 'Одарённые "дети" & <3 x" onclick="alert(1)'


@pytest.mark.slow
def test_titles_and_labels_stay_text_in_the_form(tmp_path: Path):
    """The organisations' datalist and the vocabulary choices carry contributors' text in
    attributes and elements: a quotation mark must not end the attribute."""
    project, practices = make_project(tmp_path)
    site = practices / "sites" / "test-school.yml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "title: Школа для проверки", f"title: {json.dumps(TITLE, ensure_ascii=False)}"), encoding="utf-8")
    vocab = practices / "vocabulary.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace(
        "label: Одарённые дети", f"label: {json.dumps(LABEL, ensure_ascii=False)}", 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", env={"BANK_PDF": "0", "BANK_NO_SEARCH": "1"})
    assert result.returncode == 0, result.stderr[-3000:]

    html = page(tmp_path / "site", "submit")
    options = html.select("#tutoring-organization-list option")
    assert [(o["value"], o["label"], o.get_text()) for o in options] == [("test-school", TITLE, TITLE)]
    checkbox = html.select_one("form[data-kind=tutoring] [data-field=directions] input[value=gifted-children]")
    assert checkbox.parent.get_text(strip=True) == LABEL
    for element in html.select(".bank-submit *"):
        assert not any(name.startswith("on") for name in element.attrs), element
    spec = json.loads(html.select_one("#bank-submit-spec").get_text())  # the rules reach the script intact
    assert spec["placeholders"] == sorted(PLACEHOLDERS)


def test_submit_script_builds_no_markup_from_strings():
    script = (ROOT / "overrides" / "assets" / "javascripts" / "submit.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", script)
