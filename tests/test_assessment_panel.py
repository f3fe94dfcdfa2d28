"""Expert assessment by panels, without a site build: the files' rules (each a Russian error on
its line), the panel's arithmetic (medians, spread, disagreement, preliminary), Krippendorff's
alpha, the CLI that writes an assessment — and expected versus achieved results in the model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.bank import benchmarking as bm
from generator.validate.bank import load_bank
from tests.conftest import PRACTICES
from tests.minibank import EXPERTS, FILES, add_assessment, assessment, make_minibank, scores


def _bank(tmp_path: Path, practices_extra=None) -> Path:
    practices = make_minibank(tmp_path)
    shutil.copy(PRACTICES / "criteria.yml", practices / "criteria.yml")
    (practices / "experts.yml").write_text(EXPERTS, encoding="utf-8")
    for slug in ("gifted-b", "gifted-c", "gifted-d"):
        text = FILES["tutoring/gifted-practice.yml"].replace("Тьюторское сопровождение одарённых детей",
                                                             f"Практика {slug}")
        (practices / "tutoring" / f"{slug}.yml").write_text(text, encoding="utf-8")
    return practices


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _messages(practices: Path) -> list[str]:
    _, problems = load_bank(practices)
    return [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in problems.items]


# -- the files' rules ---------------------------------------------------------------------------

def test_scores_scale_justification_and_criteria_are_checked_on_their_lines(tmp_path):
    practices = _bank(tmp_path)
    text = assessment("expert-one", scores(4, 7, 3)).replace("  innovation:\n    score: 4\n", "")
    text = text.replace("    score: 3\n", "    score: 3\n  novelty:\n    score: 3\n", 1)
    path = add_assessment(practices, "gifted-practice", "expert-one", text)
    shown = "practices/assessments/gifted-practice/expert-one.yml"
    found = _messages(practices)
    assert f"{shown}:{_line(path, 'score: 7')}:12: балл 7 по критерию «Результативность» вне шкалы 1–5" in found
    assert any(m.startswith(f"{shown}:{_line(path, 'novelty:')}:3: неизвестный критерий «novelty»") for m in found), found
    assert f"{shown}:{_line(path, 'scores:')}:1: нет баллов по критериям: innovation (Инновационность)" in found


def test_a_score_at_either_end_needs_a_justification(tmp_path):
    practices = _bank(tmp_path)
    text = assessment("expert-one", scores(5, 1, 3)).replace("    justification: Обоснование балла.\n", "")
    path = add_assessment(practices, "gifted-practice", "expert-one", text)
    found = _messages(practices)
    shown = "practices/assessments/gifted-practice/expert-one.yml"
    assert (f"{shown}:{_line(path, 'relevance:')}:3: по критерию «Актуальность» стоит высший балл (5): "
            "напишите обоснование (justification) — почему именно он") in found
    assert any(m.startswith(f"{shown}:{_line(path, 'effectiveness:')}:3: по критерию «Результативность» стоит "
                            "низший балл (1)") for m in found), found
    # in the middle of the scale none is needed
    add_assessment(practices, "gifted-practice", "expert-one", assessment("expert-one", scores(4, 3, 3)))
    assert _messages(practices) == []


def test_conflict_of_interest_is_an_error_on_the_expert_line(tmp_path):
    practices = _bank(tmp_path)
    path = add_assessment(practices, "gifted-practice", "insider", assessment("insider", scores(4, 4, 4)))
    found = _messages(practices)
    assert found == [f"practices/assessments/gifted-practice/insider.yml:{_line(path, 'expert:')}:9: конфликт "
                     "интересов: эксперт работает в организации, которая ведёт эту запись («Школа для проверки»); "
                     "эту запись оценивает другой эксперт"]
    # an author of the practice may not assess it either, whatever their workplace
    (practices / "experts.yml").write_text(EXPERTS.replace("Первый Эксперт Тестовый", "Иванова Анна Петровна"),
                                           encoding="utf-8")
    path.unlink()
    add_assessment(practices, "gifted-practice", "expert-one", assessment("expert-one", scores(4, 4, 4)))
    assert _messages(practices) == ["practices/assessments/gifted-practice/expert-one.yml:1:9: конфликт интересов: "
                                    "эксперт — автор, наставник или контактное лицо этой записи; эту запись "
                                    "оценивает другой эксперт"]


def test_network_head_is_a_conflict_too(tmp_path):
    practices = _bank(tmp_path)
    site = practices / "sites" / "test-network.yml"
    site.write_text(FILES["sites/test-school.yml"].replace("Школа для проверки", "Сеть для проверки"),
                    encoding="utf-8")
    school = practices / "sites" / "test-school.yml"
    school.write_text(school.read_text(encoding="utf-8") + "parent: test-network\n", encoding="utf-8")
    (practices / "experts.yml").write_text(EXPERTS.replace("organization: test-school", "organization: test-network"),
                                           encoding="utf-8")
    add_assessment(practices, "gifted-practice", "insider", assessment("insider", scores(4, 4, 4)))
    assert _messages(practices) == ["practices/assessments/gifted-practice/insider.yml:1:9: конфликт интересов: "
                                    "эксперт работает в «Сеть для проверки», в сеть которой входит организация "
                                    "этой записи; эту запись оценивает другой эксперт"]


def test_one_expert_one_file_per_entry(tmp_path):
    practices = _bank(tmp_path)
    add_assessment(practices, "gifted-practice", "expert-one", assessment("expert-one", scores(4, 4, 4)))
    add_assessment(practices, "gifted-practice", "expert-one-again", assessment("expert-one", scores(3, 3, 3)))
    assert _messages(practices) == [
        "practices/assessments/gifted-practice/expert-one.yml:1:9: эксперт «expert-one» уже оценил эту запись в "
        "practices/assessments/gifted-practice/expert-one-again.yml; у одного эксперта — одна оценка записи: "
        "исправьте тот файл, а этот удалите"]


def test_unknown_expert_entry_future_date_and_registry(tmp_path):
    practices = _bank(tmp_path)
    add_assessment(practices, "gifted-practice", "expert-on", assessment("expert-on", scores(4, 4, 4)))
    add_assessment(practices, "olympiad-choice", "expert-one", assessment("expert-one", scores(4, 4, 4)))
    add_assessment(practices, "no-such-entry", "expert-one", assessment("expert-one", scores(4, 4, 4)))
    add_assessment(practices, "gifted-b", "expert-one", assessment("expert-one", scores(4, 4, 4), day="2999-01-01"))
    found = _messages(practices)
    assert "practices/assessments/gifted-practice/expert-on.yml:1:9: эксперта «expert-on» нет в реестре; " \
           "возможно, «expert-one»" in found
    assert "practices/assessments/olympiad-choice/expert-one.yml:1:1: «olympiad-choice» — не практика и не " \
           "программа: папка оценки называется именем практики или программы" in found
    assert any(m.startswith("practices/assessments/no-such-entry/expert-one.yml:1:1: записи «no-such-entry» нет")
               for m in found)
    assert "practices/assessments/gifted-b/expert-one.yml:2:7: дата оценки 2999-01-01 ещё не наступила" in found
    (practices / "experts.yml").write_text(EXPERTS.replace("    organization_name: Тестовый институт\n", "")
                                           .replace("organization: test-school", "organization: no-school"),
                                           encoding="utf-8")
    found = _messages(practices)
    assert any("experts.yml:3:5: эксперт «expert-one»: укажите место работы эксперта" in m for m in found), found
    assert any("experts.yml:" in m and "организации «no-school» нет среди practices/sites/" in m for m in found)


# -- the panel's arithmetic ---------------------------------------------------------------------

@pytest.mark.parametrize("given, agree", [([3, 4], True), ([2, 4], False), ([2, 4, 4], True), ([1, 3, 5], False),
                                          ([2, 3, 4], True), ([4, 4], True), ([1, 5, 5, 1], False)])
def test_settled_means_a_majority_within_one_point(given, agree):
    assert bm.settled(given, 2) is agree


def test_panel_statuses_medians_spread_and_ranking(tmp_path):
    practices = _bank(tmp_path)
    add_assessment(practices, "gifted-practice", "expert-one", assessment("expert-one", scores(5, 4, 4)))
    add_assessment(practices, "gifted-practice", "expert-two", assessment("expert-two", scores(4, 4, 5)))
    add_assessment(practices, "gifted-b", "expert-one", assessment("expert-one", scores(3, 2, 3)))
    add_assessment(practices, "gifted-b", "expert-two", assessment("expert-two", scores(3, 4, 3)))
    add_assessment(practices, "gifted-c", "expert-one", assessment("expert-one", scores(3, 3, 3)))
    bank, problems = load_bank(practices)
    assert problems.items == []
    a, b, c, d = (bank.get(s) for s in ("gifted-practice", "gifted-b", "gifted-c", "gifted-d"))
    pa = bm.panel(bank, a)
    assert pa.status == "final" and pa.count == 2
    rows = {r["id"]: r for r in pa.rows}
    assert rows["relevance"]["median"] == 4.5 and rows["relevance"]["scores"] == [4, 5]
    # weighted mean of the medians by the weights of criteria.yml (1, 2, 1.5, 1, 1)
    assert pa.score == round((4.5 * 1 + 4 * 2 + 4.5 * 1.5 + 4 * 1 + 4 * 1) / 6.5, 2)
    pb = bm.panel(bank, b)
    assert pb.status == "disputed" and [r["label"] for r in pb.rows if r["disputed"]] == ["Результативность"]
    assert bm.panel(bank, c).status == "preliminary" and bm.panel(bank, d).status == "none"
    assert bm.ranking(bank, [a, b, c, d]) == [a]
    assert bm.overall_score(bank, b) is None and bm.overall_score(bank, c) is None
    # a third expert settles the disagreement: 2, 4, 4 — the entry is ranked with the median 4
    add_assessment(practices, "gifted-b", "expert-three", assessment("expert-three", scores(3, 4, 3)))
    bank, _ = load_bank(practices)
    pb = bm.panel(bank, bank.get("gifted-b"))
    assert pb.status == "final" and {r["id"]: r["median"] for r in pb.rows}["effectiveness"] == 4
    assert bm.ranking(bank, list(bank.records.values())) == [bank.get("gifted-practice"), bank.get("gifted-b")]


def test_agreement_is_krippendorffs_alpha_once_enough_entries_have_two_assessments(tmp_path):
    import krippendorff
    import numpy as np

    practices = _bank(tmp_path)
    given = {"gifted-practice": (scores(5, 4, 4), scores(4, 4, 5)), "gifted-b": (scores(2, 2, 3), scores(2, 3, 3))}
    for entry, (one, two) in given.items():
        add_assessment(practices, entry, "expert-one", assessment("expert-one", one))
        add_assessment(practices, entry, "expert-two", assessment("expert-two", two))
    bank, _ = load_bank(practices)
    result = bm.agreement(bank)
    assert result["alpha"] is None and result["entries"] == 2 and result["need"] == 3
    given["gifted-c"] = (scores(3, 3, 2, 2, 3), scores(3, 3, 2, 3, 3))
    add_assessment(practices, "gifted-c", "expert-one", assessment("expert-one", given["gifted-c"][0]))
    add_assessment(practices, "gifted-c", "expert-two", assessment("expert-two", given["gifted-c"][1]))
    bank, _ = load_bank(practices)
    data = np.array([[v for entry in sorted(given) for v in given[entry][i].values()] for i in (0, 1)], dtype=float)
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal", value_domain=[1, 2, 3, 4, 5])
    assert bm.agreement(bank)["alpha"] == round(float(expected), 2)
    assert 0 < bm.agreement(bank)["alpha"] <= 1


# -- the CLI writes an assessment ------------------------------------------------------------------

def test_cli_writes_template_and_finished_assessment(cli, tmp_path):
    practices = _bank(tmp_path)
    result = cli("new", "assessment", "gifted-practice", "--expert", "expert-one", "--root", str(practices))
    assert result.code == 0, result.text
    template = (practices / "assessments" / "gifted-practice" / "expert-one.yml").read_text(encoding="utf-8")
    for cid in ("relevance", "effectiveness", "transferability", "innovation", "resource_efficiency"):
        assert f"  {cid}:\n" in template
    assert "#   5 — Проблема признана значимой" in template
    # the template is not an assessment yet: the validator says what to fill
    assert cli("validate", "--root", str(practices)).code == 1
    (practices / "assessments" / "gifted-practice" / "expert-one.yml").unlink()
    result = cli("new", "assessment", "gifted-practice", "--expert", "expert-two", "--root", str(practices),
                 "--score", "relevance=5:Проблема подтверждена данными", "--score", "effectiveness=4",
                 "--score", "transferability=4", "--score", "innovation=3", "--score", "resource_efficiency=4",
                 "--conclusion", "Практику можно переносить.")
    assert result.code == 0 and "ошибок нет" in result.out, result.text
    # a second expert by the CLI: the panel is final, the entry takes its place in the ranking
    result = cli("new", "assessment", "gifted-practice", "--expert", "expert-three", "--root", str(practices),
                 "--score", "relevance=4", "--score", "effectiveness=3", "--score", "transferability=4",
                 "--score", "innovation=3", "--score", "resource_efficiency=4", "--conclusion", "Согласен.")
    assert result.code == 0, result.text
    bank, _ = load_bank(practices)
    record = bank.get("gifted-practice")
    panel = bm.panel(bank, record)
    assert panel.status == "final" and {r["id"]: r["scores"] for r in panel.rows}["relevance"] == [4, 5]
    assert bm.ranking(bank, list(bank.records.values())) == [record]
    result = cli("new", "assessment", "gifted-practice", "--expert", "insider", "--root", str(practices),
                 "--score", "relevance=4", "--score", "effectiveness=4", "--score", "transferability=4",
                 "--score", "innovation=3", "--score", "resource_efficiency=4", "--conclusion", "Вывод.")
    assert result.code == 1 and "конфликт интересов" in result.err, result.text
    assert cli("new", "assessment", "olympiad-choice", "--expert", "expert-one", "--root", str(practices)).code == 1
    assert "нет в practices/experts.yml" in cli("new", "assessment", "gifted-practice", "--expert", "nobody",
                                                "--root", str(practices)).err


# -- expected and achieved results ---------------------------------------------------------------

def test_achieved_results_need_a_source_and_some_result_is_required(tmp_path):
    practices = _bank(tmp_path)
    path = practices / "tutoring" / "gifted-practice.yml"
    text = path.read_text(encoding="utf-8")
    no_source = text.replace("sources:\n  - type: report\n    title: Отчёт школы о работе тьюторов\n    year: 2021\n", "")
    path.write_text(no_source, encoding="utf-8")
    found = _messages(practices)
    assert any("указаны достигнутые результаты (results), но не указано, из какого документа они взяты" in m
               for m in found), found
    path.write_text(no_source.replace("results:\n  - Ученики составили индивидуальные программы.\n", ""),
                    encoding="utf-8")
    assert any("нет ни достигнутых (results), ни ожидаемых (expected_results) результатов" in m
               for m in _messages(practices))
    path.write_text(no_source.replace("results:", "expected_results:"), encoding="utf-8")
    assert _messages(practices) == []


def test_evidence_counts_only_achieved_outcomes(tmp_path):
    practices = _bank(tmp_path)
    path = practices / "tutoring" / "gifted-practice.yml"
    base = path.read_text(encoding="utf-8")
    indicator = ("indicators:\n  - type: {type}\n    name: Доля учеников с ИОП\n    baseline: 10\n    value: 40\n"
                 "    unit: \"%\"\n    source: Отчёт школы\n")
    path.write_text(base + indicator.format(type="output"), encoding="utf-8")
    bank, problems = load_bank(practices)
    assert problems.items == [] and bm.evidence_level(bank.get("gifted-practice")) == "described"
    path.write_text(base + indicator.format(type="outcome"), encoding="utf-8")
    bank, _ = load_bank(practices)
    assert bm.evidence_level(bank.get("gifted-practice")) == "compared"
    path.write_text(base.replace("results:", "expected_results:"), encoding="utf-8")
    bank, _ = load_bank(practices)
    assert bm.evidence_level(bank.get("gifted-practice")) == "none"
    path.write_text(base + indicator.replace("  - type: {type}\n    name", "  - name"), encoding="utf-8")
    assert any("нет обязательного поля «type» (Что показывает)" in m for m in _messages(practices))


def test_sample_bank_benchmarking_is_never_empty():
    """On the sample bank, before any expert: the factual rankings hold entries, and the empty
    experts' ranking says in one sentence what is missing."""
    from generator.render.benchmarking import expert_ranking, factual_rankings
    from generator.render.page import Linker

    bank, problems = load_bank(PRACTICES)
    assert problems.errors == []
    records = [r for r in bank.published() if bm.assessable(r)]
    link = Linker(bank, "rankings/index.md")
    rankings = {k["id"]: k for k in factual_rankings(bank, records, link)}
    assert len(rankings["completeness"]["rows"]) == len(records)
    assert rankings["years"]["rows"] and rankings["network"]["rows"]
    for k in rankings.values():
        assert k["ordered_by"] and k["why"]
        assert k["rows"] or k["empty"], k["id"]
    experts = expert_ranking(bank, records, link)
    assert experts["rows"] == [] and experts["guide"].endswith("experts/index.md")


def test_no_sample_entry_claims_results_without_a_source():
    bank, _ = load_bank(PRACTICES)
    for r in bank.published():
        if bm.assessable(r):
            assert r.model.sources, r.slug
            if r.model.results:
                assert bm.results_basis(r)["documents"], r.slug
