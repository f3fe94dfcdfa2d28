"""The two YAML readers agree: whatever ryaml (the fast path) accepts, the event parser reads
to the same data, so a file means the same whether or not it holds an "&" or a "**bold**"."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import yamlio
from generator.load.yamlio import _DECLINED, Document, _fast_parse, _parse, load_text

from tests.conftest import entry_files
from tests.minibank import TUTORING

pytestmark = pytest.mark.skipif(yamlio._fast is None, reason="ryaml is not installed")


def _slow(text: str):
    doc = Document(path="x.yml", data=None)
    _parse(text, doc, positions=False)
    return doc.data


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _agree(text: str) -> bool:
    """True if the fast path took the text (and then both read it the same)."""
    fast = _fast_parse(text)
    if fast is _DECLINED:
        return False
    slow = _slow(text)
    assert _same(fast, slow), (text, fast, slow)
    return True


BODIES = ["0", "00", "007", "7", "12", "0x1F", "0X1F", "0xg", "0x", "0o17", "0o8", "0b101", "0b2", "0b",
          "1.", ".5", "1.5", "1.e3", "1e3", "1E-3", "1e+3", "1e", ".", "e3", "inf", "infinity", "nan",
          ".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", ".iNf", "1_000", "1,5", "12:30", "1:20:30",
          "2024-01-01", "2024-01-01T10:00:00", str(2 ** 63 - 1), str(2 ** 63), str(2 ** 64 - 1),
          str(2 ** 64), str(2 ** 127), str(2 ** 127 + 1), str(2 ** 128 - 1), str(2 ** 128), "9" * 50,
          "1e308", "1e400", "0x" + "f" * 16, "0x" + "f" * 32, "0x" + "f" * 33, "0x+1", "0x-1",
          "\u0661\u0662", "\u00b2", "0x\u0661", "1\u00b2", "00.5", "0.0", "0e0", "-", "+", "1.2.3"]
WORDS = ["~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE",
         "yes", "no", "on", "off", "y", "n", "=", "<<"]


@pytest.mark.parametrize("sign", ["", "+", "-", "+-", "--", "-+"])
def test_numbers_resolve_alike(sign):
    taken = 0
    for body in BODIES:
        value = sign + body
        for text in (f"a: {value}\n", f"- {value}\n", f"a: [{value}, x]\n", f"a: '{value}'\n",
                     f'a: "{value}"\n', f"a: |\n  {value}\n"):
            taken += _agree(text)
    assert taken > len(BODIES) * 4  # the fast path did read most of them


def test_words_resolve_alike():
    for word in WORDS:
        for text in (f"a: {word}\n", f"- {word}\n", f"a: {{b: {word}}}\n"):
            _agree(text)
    assert _fast_parse("a: yes\nb: on\n") == {"a": "yes", "b": "on"}
    assert _fast_parse("a: 007\nb: 0x1F\nc: 1e3\n") == {"a": "007", "b": 31, "c": 1000.0}


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                   # anchors and aliases
    "a: !!str 2\n", "a: !foo 2\n",         # tags
    "a: 1\na: 2\n", "a:\n  b: 1\n  b: 2\n",  # duplicate keys
    "a: 1\n---\nb: 2\n",                  # two documents
    "? [a, b]\n: 1\n", "1: x\n", "~: x\n", "true: x\n",  # keys that are not text
    "[" * 25 + "]" * 25,                   # deeper than MAX_DEPTH
    "a: 18446744073709551616\n",           # an integer the fast path cannot hand over
    "a: b: c\n", "a: 'x\n",               # syntax errors
])
def test_what_the_fast_path_declines(text):
    assert _fast_parse(text) is _DECLINED


def test_hostile_features_still_get_their_message():
    for text, words in [("a: &x 1\nb: *x\n", "якоря"), ("a: !!python/object x\n", "теги"),
                        ("a: 1\na: 2\n", "повторяется")]:
        with pytest.raises(yamlio.YamlProblem) as info:
            load_text(text, "x.yml")
        assert words in info.value.message


def test_node_count_limit_is_the_same():
    text = "a: [" + ", ".join(["1"] * (yamlio.MAX_NODES + 10)) + "]\n"
    assert _fast_parse(text) is _DECLINED
    with pytest.raises(yamlio.YamlProblem, match="слишком сложный"):
        load_text(text, "x.yml")


def test_every_sample_entry_reads_alike():
    files = entry_files()
    taken = sum(_agree(path.read_text(encoding="utf-8")) for path in files)
    assert taken >= len(files) // 2, taken  # most entries take the fast path
    assert _agree(TUTORING)


def test_markdown_bold_after_a_space_goes_the_slow_way_and_reads_the_same():
    text = "summary: |\n  - **Этап 1.** Диагностика & план!\n"
    assert _fast_parse(text) is _DECLINED
    assert load_text(text, "x.yml").data == {"summary": "- **Этап 1.** Диагностика & план!\n"}
    assert _agree("summary: Этап&план, ура!\n")  # no node can start there: the fast path reads it


scalars = st.one_of(st.sampled_from(BODIES + WORDS), st.text(max_size=30), st.integers(),
                    st.floats(), st.booleans(), st.none())
keys = st.text(min_size=1, max_size=10)
documents = st.recursive(scalars, lambda children: st.one_of(st.lists(children, max_size=4),
                                                              st.dictionaries(keys, children, max_size=5)),
                         max_leaves=30)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from([None, True]), st.sampled_from([None, 40]))
def test_any_document_reads_alike(document, flow, width):
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow, width=width or 80)
    try:
        _slow(text)
    except yamlio.YamlProblem:
        assert _fast_parse(text) is _DECLINED
        return
    _agree(text)
