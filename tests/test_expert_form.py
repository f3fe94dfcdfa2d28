"""«Экспертная оценка»: the form's description from the registry, criteria and model, and the
static form in Chromium, its files round-tripped through the validator.

The bank here is a scratch copy of the sample with TEST DATA added: two fictional experts
(«Эксперт Тестовый Первый», «Эксперт Тестовый Второй»), one assessment already filed, and one
author of a practice renamed to the first expert (for the conflict of interest by person). The
sample bank itself has no experts and gets none.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.bank.benchmarking import conflict, network_of, people_keys, person_key
from generator.render.expert_form import expert_page, expert_rules, expert_spec
from generator.render.page import SiteOptions
from generator.validate.bank import load_bank

from tests.conftest import PRACTICES, ROOT, run_cli

FIRST, SECOND = "test-expert-first", "test-expert-second"
ENTRY = "cheboksary-tutor-technologies"  # both test experts may assess it
SEEDED = "timashevsky-ict-competences"  # the first test expert has assessed it already
REPO = "https://github.com/institute-example/practice-bank"

EXPERTS_YML = f"""\
# ТЕСТОВЫЕ ДАННЫЕ (tests/test_expert_form.py): вымышленные эксперты, только для проверки формы.
experts:
  {FIRST}:
    name: Эксперт Тестовый Первый
    position: тестовая должность (вымышленный эксперт)
    organization: school-21
    area: тестовая область экспертизы
    consent: 2026-01-10
  {SECOND}:
    name: Эксперт Тестовый Второй
    position: тестовая должность (вымышленный эксперт)
    organization: mostovsky-education-department
    area: тестовая область экспертизы
    consent: 2026-01-10
"""

SEEDED_YML = f"""\
# ТЕСТОВЫЕ ДАННЫЕ: оценка вымышленного эксперта
expert: {FIRST}
date: 2026-01-15
scores:
  relevance: {{score: 3}}
  effectiveness: {{score: 3}}
  transferability: {{score: 3}}
  innovation: {{score: 3}}
  resource_efficiency: {{score: 3}}
conclusion: Тестовое заключение.
"""


def _make_project(target: Path) -> Path:
    """A copy of the project (as conftest.bank_copy) with the test experts."""
    target.mkdir(parents=True)
    shutil.copytree(PRACTICES, target / "practices")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("content", "overrides"):
        shutil.copytree(ROOT / folder, target / folder)
    practices = target / "practices"
    (practices / "experts.yml").write_text(EXPERTS_YML, encoding="utf-8")
    seeded = practices / "assessments" / SEEDED / f"{FIRST}.yml"
    seeded.parent.mkdir(parents=True)
    seeded.write_text(SEEDED_YML, encoding="utf-8")
    # the first test expert as an author of a practice (case, «ё» and spaces differ from the registry)
    kemerovo = practices / "tutoring" / "kemerovo-tutor-technologies.yml"
    text = kemerovo.read_text(encoding="utf-8")
    assert "  - name: Лебедева Е. П.\n" in text
    kemerovo.write_text(text.replace("  - name: Лебедева Е. П.\n", "  - name: ЭКСПЕРТ Тёстовый  Первый\n"),
                        encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return _make_project(tmp_path_factory.mktemp("expert") / "project")


@pytest.fixture(scope="module")
def bank(project):
    bank, problems = load_bank(project / "practices")
    assert not problems.errors, [p.format() for p in problems.errors]
    return bank


@pytest.fixture(scope="module")
def spec(bank):
    return expert_spec(bank, REPO, "main")


# -- the description -----------------------------------------------------------------------

def test_spec_criteria_come_from_criteria_yml(bank, spec):
    criteria = bank.criteria
    assert [c["id"] for c in spec["criteria"]] == list(criteria.items)
    for c in spec["criteria"]:
        model = criteria.items[c["id"]]
        lo, hi = criteria.scale(c["id"])
        assert (c["lo"], c["hi"]) == (lo, hi)
        assert c["label"] == model.label and c["description"] == model.description
        assert c["weight"] == model.weight
        assert [(lv["score"], lv["text"]) for lv in c["levels"]] == sorted(model.scale_levels.items())
        assert c["justify"] == [lo, hi]  # the validator: a justification at either end of the scale


def test_spec_text_limits_are_the_models(spec):
    """The limits the page applies are the ones pydantic enforces (not a number typed twice)."""
    from pydantic import ValidationError

    from generator.model.assessments import Assessment, Score

    limit = spec["fields"]["justification"]["max_length"]
    assert limit and not spec["fields"]["justification"]["required"]
    Score.model_validate({"score": 3, "justification": "я" * limit})
    with pytest.raises(ValidationError):
        Score.model_validate({"score": 3, "justification": "я" * (limit + 1)})
    limit = spec["fields"]["conclusion"]["max_length"]
    assert limit and spec["fields"]["conclusion"]["required"]
    base = {"expert": FIRST, "date": "2026-01-01", "scores": {}}
    Assessment.model_validate(dict(base, conclusion="я" * limit))
    with pytest.raises(ValidationError):
        Assessment.model_validate(dict(base, conclusion="я" * (limit + 1)))
    assert spec["fields"]["date"]["label"] == Assessment.model_fields["date"].title


def test_spec_experts_and_entries(bank, spec):
    assert [e["slug"] for e in spec["experts"]] == [SECOND, FIRST]  # by name: «…Второй», «…Первый»
    first = spec["experts"][1]
    assert first["name"] == "Эксперт Тестовый Первый" and first["key"] == person_key(first["name"])
    assert first["organization"] == "school-21"
    assert first["organization_title"] == bank.get("school-21").title
    published = [r.slug for kind in ("tutoring", "programmes") for r in bank.of_kind(kind)]
    assert [e["slug"] for e in spec["entries"]] == published
    keys = {e["key"] for e in spec["experts"]}
    for entry in spec["entries"]:
        record = bank.get(entry["slug"])
        assert entry["chain"] == network_of(bank, record)
        assert set(entry["people"]) == people_keys(record) & keys
    by_slug = {e["slug"]: e for e in spec["entries"]}
    assert by_slug[SEEDED]["assessed"] == {FIRST: f"practices/assessments/{SEEDED}/{FIRST}.yml"}
    assert by_slug[ENTRY]["assessed"] == {}
    assert by_slug["kemerovo-tutor-technologies"]["people"] == [first["key"]]
    assert spec["folder"] == "practices/assessments/"
    assert spec["github_new"] == f"{REPO}/new/main/practices/assessments/"
    assert expert_spec(bank, "", "main")["github_new"] == ""
    assert expert_spec(bank, "https://gitlab.example/x", "main")["github_new"] == ""


def _js_conflict(expert: dict, entry: dict) -> str | None:
    """expert.js's conflictOf, line by line."""
    chain = entry["chain"]
    if expert["organization"] and expert["organization"] in chain:
        title = expert["organization_title"] or expert["organization"]
        if expert["organization"] == chain[0]:
            return f"эксперт работает в организации, которая ведёт эту запись («{title}»)"
        return f"эксперт работает в «{title}», в сеть которой входит организация этой записи"
    if expert["key"] in entry["people"]:
        return "эксперт — автор, наставник или контактное лицо этой записи"
    return None


def test_spec_gives_the_page_what_conflict_needs(bank, spec):
    """For every expert and entry the page's two conditions give conflict()'s answer, word for word;
    the test bank has all three kinds of conflict."""
    found = set()
    for e in spec["experts"]:
        expert = bank.experts[e["slug"]]
        for entry in spec["entries"]:
            why = conflict(bank, bank.get(entry["slug"]), expert)
            assert _js_conflict(e, entry) == why, (e["slug"], entry["slug"])
            if why:
                found.add((e["slug"], entry["slug"]))
    assert {(FIRST, "school-21-gifted-children"), (FIRST, "kemerovo-tutor-technologies"),
            (SECOND, "mostovsky-tutor-community")} <= found
    assert (FIRST, ENTRY) not in found and (SECOND, ENTRY) not in found


def test_rules_are_safe_inside_a_script(spec):
    hostile = dict(spec, experts=[dict(spec["experts"][0], name="</script><script>alert(1)</script>&amp;\u2028")])
    text = expert_rules(hostile)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == hostile
    assert json.loads(expert_rules(spec)) == spec


def test_page_meta_and_registration(bank, spec):
    from generator.render.pages import build_pages

    page = expert_page(bank, SiteOptions(repo_url=REPO))
    assert page.src_uri == "expert.md" and not page.in_nav and page.own_markup
    assert page.meta["title"] == "Экспертная оценка" and page.meta["template"] == "expert.html"
    assert page.meta["search_exclude"] is True and page.meta["hide"] == ["toc"] and page.meta["description"]
    assert json.loads(page.meta["bank_expert_rules"]) == spec
    assert "entries" not in page.meta["bank_expert"] and page.meta["bank_expert"]["entry_count"] == len(spec["entries"])
    assert page.meta["bank_expert"]["criteria"] == spec["criteria"]
    assert "[«Экспертам банка»](experts/index.md)" in page.body and "Ничего никуда не отправляется" in page.body
    pages = [p.src_uri for p in build_pages(bank)]
    assert pages.index("expert.md") == pages.index("submit.md") + 1


def _render_template(meta: dict) -> str:
    """overrides/expert.html with a stand-in for Material's main.html."""
    import jinja2

    loader = jinja2.ChoiceLoader([jinja2.DictLoader({"main.html": "{% block content %}{% endblock %}"}),
                                  jinja2.FileSystemLoader(str(ROOT / "overrides"))])
    environment = jinja2.Environment(loader=loader, autoescape=True)
    environment.filters["url"] = lambda value: "../" + value
    return environment.get_template("expert.html").render(page=SimpleNamespace(meta=meta), base_url="..")


def test_empty_registry_explains_and_shows_no_form():
    """The sample bank has no experts: the page says so in one sentence, links the guide, no form."""
    from bs4 import BeautifulSoup

    sample, _ = load_bank(PRACTICES)
    assert sample.experts == {}
    page = expert_page(sample, SiteOptions())
    html = BeautifulSoup(_render_template(page.meta), "html.parser")
    assert html.select_one("form") is None
    empty = html.select_one(".bank-expert__empty")
    assert "В реестре экспертов банка пока никого нет" in empty.get_text()
    assert empty.select_one("a")["href"] == "../experts/"
    assert json.loads(html.select_one("#bank-expert-spec").string)["experts"] == []
    assert "Выберите себя" not in page.body and "Экспертная оценка" in page.body


# -- the form in Chromium ------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(project, tmp_path_factory):
    from tests.sitebuild import mkdocs_build

    out = tmp_path_factory.mktemp("expert-site") / "site"
    result = mkdocs_build(project, out, env={"BANK_PDF": "0", "BANK_NO_SEARCH": "1", "BANK_REPO_URL": REPO})
    assert result.returncode == 0, result.stderr[-5000:]
    return out


@pytest.fixture(scope="module")
def expert_server(site):
    from tests.browser import SiteServer

    with SiteServer(site) as srv:
        yield srv


def _open(browser, server, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU", accept_downloads=True)
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(server.base + "expert/")
    return pg


@pytest.fixture
def form_page(browser, expert_server):
    pg = _open(browser, expert_server)
    yield pg
    assert pg.errors == []
    pg.context.close()


def _fresh(pg):
    """The page anew (a reload would let the browser restore what was typed)."""
    pg.goto(pg.url.split("#")[0])


def _submit(pg):
    pg.locator("form.bank-expert__form button[type=submit]").click()
    pg.wait_for_function("""() => !document.querySelector('.bank-expert__result').hidden
                               || !document.querySelector('.bank-submit__summary').hidden""", timeout=10_000)


def _fill(pg, expert: str, entry: str, scores: dict[str, int], justifications: dict[str, str],
          conclusion: str, day: str | None = None):
    pg.select_option("#expert-expert", expert)
    pg.select_option("#expert-entry", entry)
    if day is not None:
        pg.fill("#expert-date", day)
    for cid, score in scores.items():
        pg.locator(f'section[data-criterion="{cid}"] input[type=radio][value="{score}"]').check()
    for cid, text in justifications.items():
        pg.locator(f'section[data-criterion="{cid}"] textarea').fill(text)
    pg.fill("#expert-conclusion", conclusion)


def _errors(pg) -> dict[str, str]:
    return {el.get_attribute("data-field"): el.locator(".bank-field__error").first.inner_text()
            for el in pg.locator(".bank-field.bank-field--invalid").all()}


TRICKY = {
    "relevance": "yes",
    "effectiveness": "Показатели: рост на 20 % — «устойчивый»\n\n- # не комментарий\n- ключ: значение\n  \"кавычки\" и \\ обратная черта",
    "transferability": "  null",
}


@pytest.mark.browser
@pytest.mark.slow
def test_two_experts_round_trip_through_the_validator(form_page, project, bank, tmp_path):
    pg = form_page
    assert pg.title().startswith("Экспертная оценка")
    today = date.today().isoformat()
    assert pg.input_value("#expert-date") == today
    assert pg.get_attribute("#expert-date", "max") == today
    # entries grouped by kind, published practices and programmes only
    groups = pg.locator("#expert-entry optgroup")
    assert groups.count() == 2 and groups.first.get_attribute("label") == "Тьюторские практики"
    assert pg.locator("#expert-entry option[value]:not([value=''])").count() == len(
        [r for k in ("tutoring", "programmes") for r in bank.of_kind(k)])

    filled = {}
    answers = {
        FIRST: ({"relevance": 5, "effectiveness": 1, "transferability": 3, "innovation": 4, "resource_efficiency": 2},
                TRICKY, "Практика «Тьюторские технологии»: сильная сторона — сеть.\n\n1. Первое\n2. Второе"),
        SECOND: ({"relevance": 4, "effectiveness": 2, "transferability": 3, "innovation": 3, "resource_efficiency": 3},
                 {}, "no"),
    }
    for slug, (scores, notes, conclusion) in answers.items():
        _fresh(pg)
        _fill(pg, slug, ENTRY, scores, notes, conclusion)
        assert pg.locator("#expert-notice").inner_text() == ""  # no conflict, no earlier assessment
        _submit(pg)
        assert pg.locator(".bank-submit__summary").is_hidden(), pg.locator(".bank-submit__summary").inner_text()
        text = pg.locator(".bank-expert__yaml code").text_content()
        path = f"practices/assessments/{ENTRY}/{slug}.yml"
        assert pg.locator(".bank-expert__path").inner_text() == path
        expert_name = bank.experts[slug].name
        assert text.splitlines()[0] == f"# Экспертная оценка: {bank.get(ENTRY).title} — {expert_name}"
        with pg.expect_download() as info:
            pg.locator(".bank-expert__download").click()
        download = info.value
        assert download.suggested_filename == f"{slug}.yml"
        assert Path(download.path()).read_text(encoding="utf-8") == text
        href = pg.locator(".bank-expert__github").get_attribute("href")
        parts = urlsplit(href)
        assert parts.netloc == "github.com"
        assert parts.path == f"/institute-example/practice-bank/new/main/practices/assessments/{ENTRY}"
        query = parse_qs(parts.query)
        assert query["filename"] == [f"{slug}.yml"] and query["value"] == [text]
        filled[slug] = (text, scores, notes, conclusion)

    # the two files in the scratch bank: the validator accepts them and reads back what was typed
    checked = tmp_path / "checked"
    _copy_project(project, checked)
    for slug, (text, *_rest) in filled.items():
        target = checked / "practices" / "assessments" / ENTRY / f"{slug}.yml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    result = run_cli("validate", cwd=checked)
    assert result.code == 0, result.text
    assert "Ошибок нет" in result.text, result.text
    reread, problems = load_bank(checked / "practices")
    assert not problems.errors
    filed = {f.model.expert: f.model for f in reread.assessments[ENTRY]}
    assert set(filed) == {FIRST, SECOND}
    for slug, (text, scores, notes, conclusion) in filled.items():
        model = filed[slug]
        assert model.date == date.today()
        assert {c: s.score for c, s in model.scores.items()} == scores
        assert {c: s.justification for c, s in model.scores.items() if s.justification} == \
            {c: t.strip() for c, t in notes.items()}
        assert model.conclusion == conclusion
        assert yaml.safe_load(text)["expert"] == slug  # a YAML 1.1 reader too
    # the two assessments are one panel: the median per criterion, the spread shown, a place in the
    # ranking unless the experts differ by two points or more on some criterion
    from generator.bank import benchmarking as bm

    record = reread.get(ENTRY)
    panel = bm.panel(reread, record)
    assert panel.count == 2
    given = {c: sorted(filled[s][1][c] for s in filled) for c in filled[FIRST][1]}
    for row in panel.rows:
        assert row["scores"] == given[row["id"]] and row["median"] == sum(given[row["id"]]) / 2
    assert not any(b - a >= 2 for a, b in given.values())  # the two agree within a point on every criterion
    assert panel.status == "final" and bm.ranking(reread, [record]) == [record]
    assert panel.score == bm.weighted_score(reread.criteria, {row["id"]: row["median"] for row in panel.rows})


def _copy_project(project: Path, target: Path) -> None:
    target.mkdir(parents=True)
    shutil.copytree(project / "practices", target / "practices")
    shutil.copy(project / "mkdocs.yml", target / "mkdocs.yml")


@pytest.mark.browser
@pytest.mark.slow
def test_browser_refuses_what_the_validator_refuses(form_page, bank, project, tmp_path):
    pg = form_page
    scores = {"relevance": 1, "effectiveness": 3, "transferability": 5, "innovation": 3, "resource_efficiency": 3}
    # the justification is marked required as soon as a score at an end of the scale is chosen
    justification = pg.locator('section[data-criterion="relevance"] textarea')
    assert justification.get_attribute("aria-required") is None
    pg.locator('section[data-criterion="relevance"] input[value="1"]').check()
    assert justification.get_attribute("aria-required") == "true"
    assert "низший балл (1)" in pg.locator('section[data-criterion="relevance"] .bank-expert__need').inner_text()
    pg.locator('section[data-criterion="relevance"] input[value="2"]').check()
    assert justification.get_attribute("aria-required") is None

    future = (date.today() + timedelta(days=1)).isoformat()
    _fill(pg, FIRST, ENTRY, scores, {"transferability": "Перенесена в пять школ."}, "…", day=future)
    _submit(pg)
    errors = _errors(pg)
    assert set(errors) == {"date", "justification-0", "conclusion"}, errors
    assert errors["date"] == "этот день ещё не наступил — укажите сегодняшнюю или прошедшую дату"
    assert "низший балл (1): напишите обоснование" in errors["justification-0"]
    assert "заготовка" in errors["conclusion"]
    summary = pg.locator(".bank-submit__summary")
    assert summary.is_visible() and "Исправьте, пожалуйста (3)" in summary.inner_text()
    assert pg.evaluate("document.activeElement.id") == "expert-date"  # focus on the first error
    assert pg.locator(".bank-expert__result").is_hidden()
    assert pg.get_attribute("#expert-date", "aria-invalid") == "true"

    # nothing chosen: every field says what is missing
    _fresh(pg)
    pg.fill("#expert-conclusion", "")
    _submit(pg)
    errors = _errors(pg)
    assert errors["expert"] == "выберите себя из реестра экспертов"
    assert errors["entry"] == "выберите практику или программу"
    assert errors["score-0"] == "поставьте балл по шкале 1–5"
    assert errors["conclusion"] == "напишите заключение"
    assert pg.evaluate("document.activeElement.id") == "expert-expert"

    # HTML and unsafe links, as the validator's text rules
    _fresh(pg)
    _fill(pg, SECOND, ENTRY, dict(scores, relevance=3, transferability=3), {},
          "См. [отчёт](javascript:alert(1)) <b>важно</b>")
    _submit(pg)
    messages = pg.locator("[data-field=conclusion] .bank-field__error").all_inner_texts()
    assert len(messages) == 2 and messages[0].startswith("HTML-разметка в тексте не допускается (найдено «<b>»)")
    assert messages[1].startswith("ссылка «javascript:alert(1)» не разрешена")

    # the conflicting expert: the validator's reason, next to the expert
    _fresh(pg)
    record = bank.get("mostovsky-tutor-community")
    why = conflict(bank, record, bank.experts[SECOND])
    assert why and "в сеть которой входит" in why
    message = f"конфликт интересов: {why}; эту запись оценивает другой эксперт"
    _fill(pg, SECOND, record.slug, dict(scores, relevance=3, transferability=3), {}, "Заключение.")
    assert pg.locator("#expert-notice").inner_text() == message[0].upper() + message[1:] + "."
    _submit(pg)
    assert _errors(pg) == {"expert": message}
    assert pg.locator(".bank-expert__result").is_hidden()

    # the same file written by hand: the validator refuses it on the `expert:` line
    pg.select_option("#expert-entry", ENTRY)
    _submit(pg)
    text = pg.locator(".bank-expert__yaml code").text_content()
    checked = tmp_path / "conflict"
    _copy_project(project, checked)
    target = checked / "practices" / "assessments" / record.slug / f"{SECOND}.yml"
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"expert: {SECOND}") + 1
    result = run_cli("validate", cwd=checked)
    assert result.code != 0
    assert f"practices/assessments/{record.slug}/{SECOND}.yml:{line}:9: {message}" in result.text, result.text


@pytest.mark.browser
@pytest.mark.slow
def test_notice_for_every_expert_and_entry(form_page, bank):
    """The live notice gives conflict()'s reason for every pair, or that the expert has assessed
    the entry already."""
    pg = form_page
    seen = set()
    for slug, expert in bank.experts.items():
        pg.select_option("#expert-expert", slug)
        for kind in ("tutoring", "programmes"):
            for record in bank.of_kind(kind):
                pg.select_option("#expert-entry", record.slug)
                notice = pg.locator("#expert-notice").inner_text()
                why = conflict(bank, record, expert)
                if why:
                    message = f"конфликт интересов: {why}; эту запись оценивает другой эксперт"
                    assert notice == message[0].upper() + message[1:] + ".", (slug, record.slug)
                    seen.add("conflict")
                elif bank.assessments.get(record.slug) and slug in {f.model.expert for f in bank.assessments[record.slug]}:
                    assert notice.startswith("Эксперт уже оценил эту запись: в банке есть файл "
                                             f"practices/assessments/{record.slug}/{slug}.yml"), notice
                    seen.add("earlier")
                else:
                    assert notice == "", (slug, record.slug, notice)
    assert seen == {"conflict", "earlier"}


@pytest.mark.browser
@pytest.mark.slow
def test_keyboard_accessibility_and_screenshots(browser, expert_server, artifacts):
    from axe_playwright_python.sync_playwright import Axe

    for width in (360, 1280):
        pg = _open(browser, expert_server, width)
        # keyboard: the arrow keys move between the levels of a scale
        first = pg.locator('section[data-criterion="relevance"] input[value="1"]')
        first.focus()
        pg.keyboard.press("Space")
        pg.keyboard.press("ArrowDown")
        assert pg.locator('section[data-criterion="relevance"] input[value="2"]').is_checked()
        assert pg.evaluate("document.activeElement.value") == "2"
        # nothing wider than the screen
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        _submit(pg)  # with error messages shown
        results = Axe().run(pg)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
        pg.screenshot(path=str(artifacts / f"expert-form-{width}.png"), full_page=True)
        assert pg.errors == []
        pg.context.close()
