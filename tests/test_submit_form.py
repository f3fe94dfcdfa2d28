"""«Предложить практику»: the static form in Chromium, round-tripped through the validator."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.render.submit_form import form_spec
from generator.validate.bank import load_bank

from tests.conftest import PRACTICES, run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def form_page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU", accept_downloads=True)
    pg = context.new_page()
    pg.errors = []
    # a 404 for api/entries/<new-name>.json is how the form learns that a file name is free
    pg.on("console", lambda m: pg.errors.append(m.text)
          if m.type == "error" and "404" not in m.text else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(server.base + "submit/")
    yield pg
    assert pg.errors == []
    context.close()


def _submit(form):
    form.locator("button[type=submit]").click()
    form.page.wait_for_function(
        """f => !f.querySelector('.bank-submit__result').hidden || !f.querySelector('.bank-submit__summary').hidden""",
        arg=form.element_handle(), timeout=10_000)


def _validate_yaml(text: str, kind: str, slug: str, tmp_path: Path):
    import shutil
    practices = tmp_path / "practices"
    shutil.copytree(PRACTICES, practices, ignore=shutil.ignore_patterns("materials"))
    target = practices / kind / f"{slug}.yml"
    target.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 0, result.text + "\n" + text
    bank, problems = load_bank(practices)
    assert not problems.errors
    return bank.records[slug]


@pytest.mark.slow
def test_form_is_generated_from_models_and_vocabulary(sample_site):
    from tests.sitebuild import page
    html = page(sample_site, "submit")
    bank, _ = load_bank(PRACTICES)
    spec = form_spec(bank)
    for kind in spec["kinds"]:
        form = html.select_one(f"form[data-kind={kind['kind']}]")
        assert form is not None
        for field in kind["fields"]:
            el = form.select_one(f':scope > .bank-field[data-field="{field["name"]}"]')
            assert el is not None, (kind["kind"], field["name"])
            assert el.has_attr("data-required") == field["required"]
            label = el.select_one(".bank-field__label").get_text(" ", strip=True)
            assert label.startswith(field["label"])
    directions = html.select('form[data-kind=tutoring] [data-field=directions] input[type=checkbox]')
    assert [d["value"] for d in directions] == [t.id for t in bank.vocabulary.terms("directions")]
    labels = html.select('form[data-kind=tutoring] [data-field=directions] label')
    assert "Одарённые дети" in [lab.get_text(strip=True) for lab in labels]
    orgs = html.select("#tutoring-organization-list option")
    assert {o["value"] for o in orgs} == {r.slug for r in bank.of_kind("sites")}
    # the page is in the navigation and carries no entry text
    assert html.select_one('nav a[href="./"]') is not None and 'Предложить практику' in html.select_one('nav').get_text()


def test_tutoring_round_trip(form_page, tmp_path):
    pg = form_page
    form = pg.locator("form[data-kind=tutoring]")
    form.locator("#tutoring-title").fill("Тьюторское сопровождение учёбы: «ёлка» проектов")
    form.locator("#tutoring-summary").fill("Сопровождение проектной работы младших школьников.")
    form.locator("#tutoring-authors-n0-name").fill("Петрова Алёна Ивановна")
    form.locator("#tutoring-authors-n0-position").fill("тьютор: школа № 1")
    form.locator("[data-field=authors] .bank-group__add").click()
    form.locator("[data-field=authors] input[id$=-name]").nth(1).fill("Ёлкин Пётр")
    form.locator("#tutoring-organization").fill("timashevsky-school-1")
    form.locator("#tutoring-organization").dispatch_event("change")
    pg.wait_for_function("document.querySelector('#tutoring-organization').getAttribute('data-found') === 'yes'")
    assert "МБОУ" in form.locator("[data-field=organization] output").inner_text() or \
        form.locator("[data-field=organization] output").inner_text().startswith("✓")
    form.locator("[data-field=directions] input[value=gifted-children]").check()
    form.locator("[data-field=audience] input[value=gifted-pupils]").check()
    form.locator("[data-field=forms] input[value=tutorial]").check()
    form.locator("[data-field=levels] input[value=primary]").check()
    form.locator("#tutoring-region").select_option("krasnodar-krai")
    form.locator("#tutoring-years-start").fill("2019")
    form.locator("#tutoring-problem").fill("Нет сопровождения.\n\n- пункт один\n- пункт [два](https://example.ru)")
    form.locator("#tutoring-goal").fill("yes")
    form.locator("#tutoring-tasks").fill("- Выявить интересы\n2. Составить маршрут # не комментарий")
    form.locator("#tutoring-results").fill("Маршруты у 20 учеников\nЗащита проектов")
    form.locator("[data-field=stages] .bank-group__add").click()
    form.locator("[data-field=stages] input[id$=-period]").fill("2019–2020")
    form.locator("[data-field=stages] textarea[id$=-content]").fill("Диагностика интересов: анкеты")
    form.locator("[data-field=indicators] .bank-group__add").click()
    item = form.locator("[data-field=indicators] .bank-group__item")
    item.locator("input[id$=-name]").fill("Ученики с маршрутом")
    item.locator("input[id$=-value]").fill("20")
    item.locator("input[id$=-unit]").fill("человек")
    item.locator("input[id$=-source]").fill("Отчёт школы за 2020 год")
    item.locator("select[id$=-type]").select_option("outcome")
    slug = form.locator("#tutoring-slug").input_value()
    assert slug == "tyutorskoe-soprovozhdenie-ucheby-elka-proektov"
    # achieved results with no document they come from: the model's rule, in its own words
    _submit(form)
    summary = form.locator(".bank-submit__summary")
    assert summary.is_visible() and "не указано, из какого документа они взяты" in summary.inner_text()
    form.locator("[data-field=sources] .bank-group__add").click()
    source = form.locator("[data-field=sources] .bank-group__item").first
    source.locator("select[id$=-type]").select_option("report")
    source.locator("input[id$=-title]").fill("Отчёт школы о тьюторском сопровождении")
    # a person's contact: refused without a consent, and beyond it, in the validator's words
    form.locator("[data-field=contacts] .bank-group__add").click()
    contact = form.locator("[data-field=contacts] .bank-group__item").first
    contact.locator("input[id$=-name]").first.fill("Сидорова Мария Олеговна")
    contact.locator("input[type=email]").fill("sidorova@school1.ru")
    _submit(form)
    assert "контакт человека без согласия на распространение" in summary.inner_text()
    consent = contact.locator("[data-field=consent]")
    consent.locator("input[type=date]").fill("2024-05-20")
    consent.locator("[data-field=publish] input[value=name]").check()
    _submit(form)
    assert "согласие не разрешает публиковать всё" in summary.inner_text()
    consent.locator("[data-field=publish] input[value=email]").check()
    _submit(form)
    assert form.locator(".bank-submit__summary").is_hidden(), form.locator(".bank-submit__summary").inner_text()
    text = form.locator(".bank-submit__yaml code").text_content()

    # the download gives the same file under the entry's name
    with pg.expect_download() as info:
        form.locator(".bank-submit__download").click()
    download = info.value
    assert download.suggested_filename == f"{slug}.yml"
    assert Path(download.path()).read_text(encoding="utf-8") == text

    # GitHub's «create new file» page gets the folder, the name and the text
    href = form.locator(".bank-submit__github").get_attribute("href")
    parts = urlsplit(href)
    assert parts.netloc == "github.com"
    assert parts.path == "/institute-example/practice-bank/new/main/practices/tutoring"
    query = parse_qs(parts.query)
    assert query["filename"] == [f"{slug}.yml"] and query["value"] == [text]

    record = _validate_yaml(text, "tutoring", slug, tmp_path)
    m = record.model
    assert m.title == "Тьюторское сопровождение учёбы: «ёлка» проектов"
    assert [a.name for a in m.authors] == ["Петрова Алёна Ивановна", "Ёлкин Пётр"]
    assert m.authors[0].position == "тьютор: школа № 1"
    assert m.goal == "yes" and m.tasks == ["Выявить интересы", "Составить маршрут # не комментарий"]
    assert m.years.start == 2019 and m.years.end is None
    assert m.indicators[0].value == 20 and m.indicators[0].unit == "человек" and m.indicators[0].type == "outcome"
    assert m.sources[0].type == "report" and m.results == ["Маршруты у 20 учеников", "Защита проектов"]
    assert m.contacts[0].consent.publish == ["name", "email"] and str(m.contacts[0].consent.date) == "2024-05-20"
    assert m.stages[0].content == "Диагностика интересов: анкеты"
    assert yaml.safe_load(text)["organization"] == "timashevsky-school-1"


def test_programme_and_case_round_trip(form_page, tmp_path):
    pg = form_page
    pg.locator("input[name=bank-submit-kind][value=programmes]").check()
    form = pg.locator("form[data-kind=programmes]")
    assert form.is_visible() and pg.locator("form[data-kind=tutoring]").is_hidden()
    form.locator("#programmes-title").fill("Наставничество для молодых учителей начальной школы")
    form.locator("#programmes-summary").fill("Годовая программа стажировки.")
    form.locator("#programmes-site").fill("timashevsky-school-2")
    form.locator("#programmes-topic").fill("Методическое сопровождение молодого учителя.")
    form.locator("[data-field=competences] input").first.check()
    form.locator("[data-field=audience] input").first.check()
    form.locator("#programmes-format").select_option(index=1)
    module = form.locator("[data-field=modules] .bank-group__item").first
    module.locator("input[id$=-title]").fill("Введение в профессию")
    module.locator("input[id$=-hours]").fill("6")
    form.locator("[data-field=modules] .bank-group__add").click()
    second = form.locator("[data-field=modules] .bank-group__item").nth(1)
    second.locator("input[id$=-title]").fill("Открытые уроки")
    second.locator("input[id$=-hours]").fill("10")
    second.locator("select").select_option("master-class")
    _submit(form)
    assert form.locator(".bank-submit__summary").is_hidden(), form.locator(".bank-submit__summary").inner_text()
    text = form.locator(".bank-submit__yaml code").text_content()
    slug = form.locator("#programmes-slug").input_value()
    record = _validate_yaml(text, "programmes", slug, tmp_path)
    assert [m.hours for m in record.model.modules] == [6, 10]
    assert record.model.modules[1].form == "master-class"

    pg.locator("input[name=bank-submit-kind][value=cases]").check()
    form = pg.locator("form[data-kind=cases]")
    form.locator("#cases-title").fill("Девятиклассница выбирает профиль")
    form.locator("#cases-summary").fill("Кейс о выборе профиля.")
    form.locator("#cases-practice").fill("school-21-career-guidance")
    form.locator("#cases-tutee").select_option(index=1)
    for name in ("situation", "problem", "actions", "outcome"):
        form.locator(f"#cases-{name}").fill("Текст раздела «" + name + "».")
    form.locator("#cases-questions").fill("Что ещё мог сделать тьютор?\nКак подключить родителей?")
    _submit(form)
    assert form.locator(".bank-submit__summary").is_hidden(), form.locator(".bank-submit__summary").inner_text()
    text = form.locator(".bank-submit__yaml code").text_content()
    record = _validate_yaml(text, "cases", form.locator("#cases-slug").input_value(), tmp_path / "c")
    assert record.model.practice == "school-21-career-guidance"
    assert len(record.model.questions) == 2


def test_form_shows_russian_errors_on_the_fields(form_page):
    pg = form_page
    form = pg.locator("form[data-kind=tutoring]")
    _submit(form)
    summary = form.locator(".bank-submit__summary")
    assert summary.is_visible()
    text = summary.inner_text()
    for label in ("Название", "Кратко", "Авторы: добавьте хотя бы одну", "Организация", "Направления", "Проблема", "Задачи",
                  "Имя файла"):
        assert label in text, (label, text)
    assert form.locator("#tutoring-title").get_attribute("aria-invalid") == "true"
    assert form.locator("[data-field=title] .bank-field__error").inner_text() == "заполните поле"
    assert form.locator(".bank-submit__result").is_hidden()

    form.locator("#tutoring-title").fill("Практика <script>alert(1)</script>")
    form.locator("#tutoring-problem").fill("См. [материалы](javascript:alert(1))")
    form.locator("#tutoring-goal").fill("Цель {: onclick=alert(1) }")
    form.locator("#tutoring-organization").fill("no-such-school")
    form.locator("#tutoring-slug").fill("Моя_Практика")
    form.locator("#tutoring-years-start").fill("1800")
    _submit(form)
    errors = {el.get_attribute("data-field"): el.locator(".bank-field__error").first.inner_text()
              for el in form.locator(":scope > .bank-field--invalid").all()}
    assert "HTML-разметка в тексте не допускается" in errors["title"]
    assert "«javascript:alert(1)»" in errors["problem"] and "http://, https://" in errors["problem"]
    assert "фигурные скобки" in errors["goal"]
    assert "нет в банке" in errors["organization"]
    assert "латинские строчные буквы" in errors["__slug"]
    assert "не меньше 1990" in form.locator("[data-field=years] .bank-field__error").inner_text()
    form.locator("#tutoring-years-start").fill("2090")  # as the validator: only what has been done
    _submit(form)
    assert "ещё не наступил" in form.locator("[data-field=years] .bank-field__error").inner_text()

    # a name already taken by a published entry
    form.locator("#tutoring-slug").fill("school-21-gifted-children")
    _submit(form)
    assert "уже занято" in form.locator("[data-field=__slug] .bank-field__error").inner_text()
    # clicking an error in the summary moves focus to the field
    form.locator(".bank-submit__summary a").first.click()
    assert pg.evaluate("document.activeElement.id") == "tutoring-title"


def test_form_accessibility_and_screenshot(form_page, artifacts):
    from axe_playwright_python.sync_playwright import Axe

    pg = form_page
    form = pg.locator("form[data-kind=tutoring]")
    _submit(form)  # with error messages shown
    results = Axe().run(pg)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
    pg.screenshot(path=str(artifacts / "submit-form-errors.png"), full_page=False)


def test_hints_do_not_repeat_their_labels():
    from generator.render.submit_form import form_spec
    from generator.validate.bank import load_bank

    from tests.conftest import PRACTICES

    sample_bank, _ = load_bank(PRACTICES)

    def walk(fields):
        for f in fields:
            yield f
            yield from walk(f.get("fields", []))

    spec = form_spec(sample_bank)
    fields = [f for kind in spec["kinds"] for f in walk(kind["fields"])]
    assert any(f["label"] == "Годы реализации" for f in fields)
    for f in fields:
        assert f["hint"].strip().rstrip(".").lower() != f["label"].strip().lower(), f
