"""Property-based tests (Hypothesis): whatever the bytes or the YAML, the loader and the validator
answer with problems that carry a file and a line — never with an exception."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.validate.bank import load_bank
from generator.load.yamlio import load_file

from tests.conftest import PRACTICES
from tests.minibank import TUTORING

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _tree(tmp: Path) -> Path:
    root = tmp / "practices"
    if not root.exists():
        for kind in ("tutoring", "programmes", "cases", "sites"):
            (root / kind).mkdir(parents=True)
        shutil.copy(PRACTICES / "vocabulary.yml", root / "vocabulary.yml")
    return root


def _check(root: Path, content: bytes) -> None:
    target = root / "tutoring" / "entry.yml"
    target.write_bytes(content)
    doc, problem = load_file(target, "practices/tutoring/entry.yml")
    assert (doc is None) != (problem is None)
    if problem is not None:
        assert problem.path and problem.line >= 1 and problem.column >= 1 and problem.message
    _, problems = load_bank(root)  # any input: problems, never an exception
    for p in problems.items:
        assert p.path and isinstance(p.line, int) and p.line >= 1 and p.message, p


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(tmp_path_factory, data):
    _check(_tree(tmp_path_factory.mktemp("b")), data)


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(max_size=40), st.dates().map(str),
                         st.sampled_from(["yes", "no", "on", "off", "~", "2021-13-45", "<script>", "*a", "&a",
                                          "javascript:alert(1)", "{: onclick=x}", "gifted-children"]))
yaml_keys = st.one_of(st.sampled_from(["title", "summary", "authors", "organization", "directions", "years",
                                       "added", "status", "tasks", "results", "problem", "goal", "forms",
                                       "audience", "stages", "materials", "indicators"]),
                      st.text(string.ascii_letters + "_-", min_size=1, max_size=12))
documents = st.recursive(yaml_scalars,
                         lambda children: st.one_of(st.lists(children, max_size=5),
                                                    st.dictionaries(yaml_keys, children, max_size=6)),
                         max_leaves=40)


@SETTINGS
@given(documents)
def test_arbitrary_yaml_documents(tmp_path_factory, document):
    text = yaml.safe_dump(document, allow_unicode=True)
    _check(_tree(tmp_path_factory.mktemp("y")), text.encode("utf-8"))


@SETTINGS
@given(st.integers(min_value=0, max_value=len(TUTORING) - 1), st.integers(min_value=0, max_value=40),
       st.text(alphabet=" :-[]{}&*!|>#'\"\t\n%@`,?ё\x00\x07", max_size=12))
def test_mutations_of_a_valid_entry(tmp_path_factory, start, length, insert):
    text = TUTORING[:start] + insert + TUTORING[start + length:]
    _check(_tree(tmp_path_factory.mktemp("m")), text.encode("utf-8"))
