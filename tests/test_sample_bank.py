"""The committed sample bank is valid and covers what the seeds describe."""

from __future__ import annotations

from collections import Counter

from generator.bank.core import Bank
from generator.validate.bank import load_bank

from tests.conftest import PRACTICES, entry_files


def _bank() -> Bank:
    bank, problems = load_bank(PRACTICES)
    assert not problems.errors, "\n".join(p.format() for p in problems.errors)
    return bank


def test_sample_bank_validates_with_cli(cli):
    result = cli("validate")
    assert result.code == 0, result.text
    assert "Ошибок нет" in result.out


def test_sample_bank_has_enough_entries_of_every_kind():
    bank = _bank()
    kinds = Counter(r.kind for r in bank.records.values())
    assert sum(kinds.values()) >= 20
    assert kinds["programmes"] >= 8
    assert kinds["cases"] >= 4
    assert kinds["tutoring"] >= 6
    assert kinds["sites"] >= 3


def test_eight_staging_site_programmes_of_seed_004():
    bank = _bank()
    titles = " ".join(r.title.lower() for r in bank.of_kind("programmes"))
    for topic in ("методических компетенций", "проектно-исследовательских", "оценке качества",
                  "ступеньки успеха", "системно-деятельностный", "икт", "здоровьесберегающих",
                  "предметно-развивающей"):
        assert topic in titles, topic


def test_every_reference_resolves_and_cases_point_to_practices():
    bank = _bank()
    for record in bank.records.values():
        site = bank.site_of(record)
        if record.kind != "sites":
            assert site is not None and site.kind == "sites", record.path
    for case in bank.of_kind("cases"):
        assert bank.get(case.model.practice).kind == "tutoring"


def test_each_entry_file_starts_with_its_schema_line():
    for path in entry_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{path.parent.name}.schema.json", path
