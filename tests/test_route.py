"""The individual educational route (ИОМ) in a real browser: a teacher adds modules of two
programmes on their pages, orders them on the route page, sees the hours, shares the link,
prints the plan — by mouse and by keyboard, on a phone and on a desktop."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.validate.bank import load_bank
from generator.urls import RESERVED_SLUGS

from tests.conftest import PRACTICES
from tests.sitebuild import page as built_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAME = "Смирнова Ольга Викторовна"
GOAL = "Освоить цифровые инструменты и психолого-педагогическое сопровождение"
NAVIGATION = ["В маршрут", "Главная", "Каталог", "Рубрики", "Поиск по банку практик", "Найти",
              "Напечатать маршрут", "Скопировать ссылку", "Сохранить как мой маршрут", "Выше", "Ниже",
              "Убрать", "Удалить их из браузера", "Сравнить"]


@pytest.fixture(scope="module")
def bank():
    b, problems = load_bank(PRACTICES)
    assert not problems.errors
    return b


@pytest.fixture(scope="module")
def two(bank):
    """Two programmes with three modules or more: the teacher takes modules from both."""
    found = [r for r in bank.of_kind("programmes") if len(r.model.modules) >= 3]
    assert len(found) >= 2, "the sample bank needs two programmes with three modules"
    return found[0], found[1]


def _new_page(browser, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return context, pg


@pytest.fixture
def page(browser):
    context, pg = _new_page(browser)
    yield pg
    context.close()


def _module(bank, key):
    slug, n = key.rsplit(".", 1)
    return bank.records[slug].model.modules[int(n) - 1]


def _toggle(pg, key):
    slug, n = key.rsplit(".", 1)
    return pg.locator(f".bank-route-toggle[data-programme='{slug}'][data-module='{n}']")


def _open_route(pg):
    pg.wait_for_selector("#bank-route[data-ready='true']", timeout=15000)


def _rows(pg) -> list[str]:
    return pg.locator("#bank-route-groups tbody tr").evaluate_all("rs => rs.map(r => r.getAttribute('data-key'))")


def _stored(pg) -> list[str]:
    return json.loads(pg.evaluate("localStorage.getItem('bank-route') || '[]'"))


def _in_address(pg) -> list[str]:
    query = parse_qs(urlsplit(pg.url).query)
    return query["m"][0].split(",") if "m" in query else []


def _button(pg, key, action):
    return pg.locator(f"#bank-route-groups button[data-key='{key}'][data-action='{action}']")


def _focused(pg) -> tuple[str | None, str | None]:
    return tuple(pg.evaluate("[document.activeElement.getAttribute('data-key'), "
                             "document.activeElement.getAttribute('data-action')]"))


def _expected_hours(bank, keys):
    hours = [_module(bank, k).hours for k in keys]
    return sum(h for h in hours if h is not None), sum(1 for h in hours if h is None), len(hours)


def _check_total(pg, bank, keys):
    known, missing, count = _expected_hours(bank, keys)
    total = " ".join(pg.locator("#bank-route-total").inner_text().split())
    if count > missing:
        assert total.startswith(f"Всего часов: {known}"), total
    else:
        assert total.startswith("Всего часов: не указано"), total
    genitive = "модуля" if missing % 10 == 1 and missing % 100 != 11 else "модулей"
    if missing:
        assert f"часы не указаны у {missing} {genitive}" in total, total
    else:
        assert "не указаны" not in total, total
    return total


def _squash(text: str) -> str:
    return "".join(text.split())


def test_programme_pages_carry_a_slot_per_module_and_the_route_page_is_built(sample_site, bank):
    assert "route" in RESERVED_SLUGS
    for record in bank.of_kind("programmes"):
        html = built_page(sample_site, f"programmes/{record.slug}")
        slots = [s["data-slug"] for s in html.select(".bank-route-slot")]
        assert slots == [f"{record.slug}.{i}" for i in range(1, len(record.model.modules) + 1)]
    route = built_page(sample_site, "route")
    assert route.select_one("#bank-route") is not None
    forms = json.loads(route.select_one("#bank-route-forms").string)
    assert forms == {t.id: t.label for t in bank.vocabulary.terms("forms")}
    assert route.select_one("h1").get_text(strip=True).startswith("Индивидуальный образовательный маршрут педагога")
    compare = built_page(sample_site, "compare")
    assert compare.select(".md-nav a[href='../route/']"), "the route page is in the navigation"


def test_teacher_builds_orders_shares_and_prints_a_route(browser, page, server, bank, two, artifacts):
    a, b = two
    first, second = [f"{a.slug}.1", f"{a.slug}.2"], [f"{b.slug}.2", f"{b.slug}.3"]

    # programme A: two modules by mouse; the toggles say what they did
    page.goto(server.base + f"programmes/{a.slug}/")
    assert page.locator(".bank-route-toggle").count() == len(a.model.modules)
    assert not page.locator(".bank-route-link").is_visible()  # an empty route: no counter
    for key in first:
        _toggle(page, key).click()
        assert _toggle(page, key).get_attribute("aria-pressed") == "true"
        assert _toggle(page, key).inner_text().startswith("В маршруте ✓")
    assert page.locator(".bank-route-link").inner_text() == "Мой маршрут: 2 модуля"
    # the accessible name tells which module: «В маршруте ✓: модуль 1 «…»»
    assert _module(bank, first[0]).title in _toggle(page, first[0]).text_content()
    # a second press takes the module out again, a third puts it back
    _toggle(page, first[1]).click()
    assert _toggle(page, first[1]).get_attribute("aria-pressed") == "false"
    assert page.locator(".bank-route-link").inner_text() == "Мой маршрут: 1 модуль"
    _toggle(page, first[1]).click()
    assert _stored(page) == first

    # programme B: by keyboard — Enter on one toggle, Tab to the next one, Space
    page.goto(server.base + f"programmes/{b.slug}/")
    assert page.locator(".bank-route-link").inner_text() == "Мой маршрут: 2 модуля"
    _toggle(page, second[0]).focus()
    page.keyboard.press("Enter")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-module')") == second[1].rsplit(".", 1)[1]:
            break
    assert page.evaluate("document.activeElement.getAttribute('data-programme')") == b.slug
    page.keyboard.press("Space")
    assert _toggle(page, second[1]).get_attribute("aria-pressed") == "true"
    assert _stored(page) == first + second
    assert page.locator(".bank-route-note").is_visible()  # said under the table too
    assert "В маршруте 4 модуля" in page.locator(".bank-route-note").inner_text()

    # the route page: the modules by site, with their programmes, forms and hours
    page.locator(".bank-route-link").click()
    _open_route(page)
    order = first + second
    assert _rows(page) == order
    assert _in_address(page) == order
    text = page.locator("#bank-route-groups").inner_text()
    for key in order:
        module = _module(bank, key)
        assert module.title in text
        if module.form:
            assert bank.vocabulary.label("forms", module.form) in text
    headings = " ".join(page.locator("#bank-route-groups h3").all_inner_texts())
    for record in (a, b):
        assert record.title in text
        assert bank.site_of(record).title in headings  # grouped by staging site
    assert page.locator("#bank-route-shared").is_hidden()  # the teacher's own route
    _check_total(page, bank, order)

    # reorder by keyboard: Space on «Ниже», Shift+Tab to «Выше», Enter — focus stays on the module
    _button(page, first[0], "down").focus()
    page.keyboard.press("Space")
    assert _rows(page)[:2] == [first[1], first[0]]
    assert _focused(page) == (first[0], "down")
    page.keyboard.press("Shift+Tab")
    assert _focused(page) == (first[0], "up")
    page.keyboard.press("Enter")
    assert _rows(page) == order
    assert _focused(page) == (first[0], "down")  # at the top «Выше» is off: the focus moves to «Ниже»
    # and by mouse: the last module one place up
    _button(page, second[1], "up").click()
    order = first + [second[1], second[0]]
    assert _rows(page) == order
    assert _in_address(page) == order and _stored(page) == order
    assert [c.strip() for c in page.locator("#bank-route-groups .bank-route__num").all_inner_texts()] == ["1", "2", "3", "4"]

    # remove one
    _button(page, first[1], "remove").click()
    order = [first[0], second[1], second[0]]
    assert _rows(page) == order
    assert _in_address(page) == order and _stored(page) == order
    assert _focused(page)[1] == "remove"  # the focus goes to the next module, not to the page's top
    total = _check_total(page, bank, order)

    # name and goal: kept in this browser only
    page.locator("#bank-route-name").fill(NAME)
    page.locator("#bank-route-goal").fill(GOAL)
    person = json.loads(page.evaluate("localStorage.getItem('bank-route-person')"))
    assert person == {"name": NAME, "goal": GOAL}
    link = page.locator("#bank-route-link").input_value()
    assert link == page.url
    assert "Смирнова" not in link and "%D0%A1" not in link and "name" not in urlsplit(link).query

    # the shared link in a fresh browser: the same modules, no name, an offer to save
    context2, fresh = _new_page(browser)
    try:
        fresh.goto(link)
        _open_route(fresh)
        assert _rows(fresh) == order
        assert fresh.locator("#bank-route-name").input_value() == ""
        assert fresh.locator("#bank-route-shared").is_visible()
        assert _stored(fresh) == []
        fresh.get_by_role("button", name="Сохранить как мой маршрут").click()
        assert _stored(fresh) == order
        assert fresh.locator("#bank-route-shared").is_hidden()
        assert fresh.errors == []
    finally:
        context2.close()

    # print: a clean A4 plan
    page.emulate_media(media="print")
    assert page.locator(".bank-route__person").is_hidden() and page.locator("#bank-route-print").is_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (artifacts / "route.pdf").write_bytes(pdf)
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    printed = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    squashed = _squash(printed)
    assert len(reader.pages) <= 2, len(reader.pages)
    assert "Индивидуальный образовательный маршрут педагога" in printed
    assert NAME in printed and _squash(GOAL) in squashed
    for key in order:
        assert _squash(_module(bank, key).title) in squashed, key
    assert _squash(total) in squashed  # the total and the note on modules without hours
    assert _squash(bank.site_of(a).title) in squashed
    assert re.search(r"\d{1,2} [а-яё]+ \d{4} г\.", printed), printed[:300]  # the date
    for word in NAVIGATION:
        assert word not in printed, word
    assert page.errors == []


def test_hours_contacts_and_forms_from_the_entries(page, server, bank, two):
    """With hours on two of three modules and a site with an address and contacts (the sample
    programmes give none), the route sums what is given and names what is not."""
    a, _ = two
    site = bank.site_of(a)
    hours = {1: 12, 2: 6}

    def programme(route):
        data = route.fetch().json()
        for n, h in hours.items():
            data["data"]["modules"][n - 1]["hours"] = h
        data["data"]["modules"][2].pop("hours", None)
        route.fulfill(json=data)

    def organisation(route):
        data = route.fetch().json()
        data["data"]["address"] = "352700, Тимашевск, ул. Проверочная, 1"
        data["data"]["website"] = "https://route-test.example.ru/"
        data["data"]["contacts"] = [{"name": "Петрова Мария Ивановна", "position": "методист",
                                     "phone": "+7 (861) 300-00-00", "email": "route@example.ru"}]
        route.fulfill(json=data)

    page.route(f"**/api/entries/{a.slug}.json", programme)
    page.route(f"**/api/entries/{site.slug}.json", organisation)
    keys = [f"{a.slug}.{n}" for n in (1, 2, 3)]
    page.goto(server.base + "route/?m=" + ",".join(keys))
    _open_route(page)
    assert _rows(page) == keys
    total = " ".join(page.locator("#bank-route-total").inner_text().split())
    assert total.startswith("Всего часов: 18"), total
    assert "часы не указаны у 1 модуля" in total
    cells = page.locator("#bank-route-groups .bank-route__hours").all_inner_texts()
    assert [c.replace("Часы:", "").strip() for c in cells] == ["12", "6", "не указаны"]
    contacts = page.locator("#bank-route-groups .bank-route__contacts").inner_text()
    for part in ("ул. Проверочная, 1", "Петрова Мария Ивановна", "+7 (861) 300-00-00", "route@example.ru",
                 "https://route-test.example.ru/"):
        assert part in contacts
    forms = page.locator("#bank-route-groups .bank-route__form").all_inner_texts()
    for key, cell in zip(keys, forms):
        form = _module(bank, key).form
        assert cell.replace("Форма:", "").strip() == (bank.vocabulary.label("forms", form) if form else "—")
    assert page.locator("#bank-route-shared").is_visible()  # a link, not (yet) the teacher's route
    assert page.errors == []


def test_modules_of_two_sites_are_grouped_and_the_sites_can_be_reordered(page, server, bank, two, artifacts):
    """The sample programmes all belong to one site: programme B is moved to another one here."""
    a, b = two
    other = next(r for r in bank.of_kind("sites") if r.slug != a.model.site)

    def moved(route):
        data = route.fetch().json()
        data["data"]["site"] = other.slug
        data["labels"]["organization"] = other.title
        route.fulfill(json=data)

    page.route(f"**/api/entries/{b.slug}.json", moved)
    page.goto(server.base + f"route/?m={a.slug}.1,{b.slug}.1,{a.slug}.2")
    _open_route(page)
    grouped = [f"{a.slug}.1", f"{a.slug}.2", f"{b.slug}.1"]
    assert _rows(page) == grouped and _in_address(page) == grouped  # by site, in order of first appearance
    heads = page.locator("#bank-route-groups h3").all_inner_texts()
    assert [h.replace("Площадка: ", "") for h in heads] == [bank.site_of(a).title, other.title]
    down = page.locator("#bank-route-groups button[data-action='group-down']").first
    down.focus()
    page.keyboard.press("Enter")
    assert _rows(page) == [f"{b.slug}.1", f"{a.slug}.1", f"{a.slug}.2"]
    assert _focused(page) == (f"site:{a.model.site}", "group-up")  # now last: the focus moves to «выше»
    heads = page.locator("#bank-route-groups h3").all_inner_texts()
    assert [h.replace("Площадка: ", "") for h in heads] == [other.title, bank.site_of(a).title]
    page.screenshot(path=str(artifacts / "route-two-sites.png"), full_page=True)
    assert page.errors == []


def test_a_broken_link_and_vanished_modules(page, server, two):
    a, _ = two
    page.goto(server.base + "route/?m=%3Cscript%3E,javascript:alert(1)")
    _open_route(page)
    assert "нет модулей, которые удалось бы распознать" in page.locator("#bank-route-status").inner_text()
    assert page.locator("#bank-route-empty").is_visible()
    empty = page.locator("#bank-route-empty a")
    assert empty.get_attribute("href").rstrip("/").endswith("programmes")
    assert page.errors == []

    page.goto(server.base + f"route/?m={a.slug}.1,{a.slug}.99,no-such-programme.1")
    _open_route(page)
    assert _rows(page) == [f"{a.slug}.1", f"{a.slug}.99", "no-such-programme.1"]
    assert "Модули, которых больше нет в банке" in page.locator("#bank-route-groups").inner_text()
    _button(page, f"{a.slug}.99", "remove").click()
    _button(page, "no-such-programme.1", "remove").click()
    assert _rows(page) == [f"{a.slug}.1"]


@pytest.mark.parametrize("width", [360, 1280])
def test_layout_on_a_phone_and_a_desktop(browser, server, two, artifacts, width):
    a, b = two
    context, pg = _new_page(browser, width, 800 if width == 360 else 900)
    try:
        pg.goto(server.base + f"programmes/{a.slug}/")
        pg.locator("[data-compare-slug]").first.click()  # the compare bar shows at the bottom
        _toggle(pg, f"{a.slug}.1").click()
        toggle = _toggle(pg, f"{a.slug}.2")
        toggle.scroll_into_view_if_needed()
        box = toggle.bounding_box()
        word = toggle.locator(".bank-route-toggle__text")
        assert word.inner_text() == "В маршрут" and word.bounding_box()["width"] > 40  # a word, not an icon only
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        pg.screenshot(path=str(artifacts / f"route-programme-{width}.png"))
        # the route counter sits in the action row, clear of the floating compare bar
        pg.evaluate("window.scrollTo(0, 0)")
        link, bar = pg.locator(".bank-route-link").bounding_box(), pg.locator(".bank-compare-bar").bounding_box()
        assert link and bar
        assert link["y"] + link["height"] <= bar["y"] or bar["y"] + bar["height"] <= link["y"], (link, bar)

        pg.goto(server.base + f"route/?m={a.slug}.1,{a.slug}.2,{b.slug}.3")
        _open_route(pg)
        pg.get_by_role("button", name="Сохранить как мой маршрут").click()
        pg.locator("#bank-route-name").fill(NAME)
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        for button in pg.locator("#bank-route-groups button").all():
            bb = button.bounding_box()
            assert bb["x"] >= 0 and bb["x"] + bb["width"] <= width, bb
        pg.screenshot(path=str(artifacts / f"route-page-{width}.png"), full_page=True)
        assert pg.errors == []
    finally:
        context.close()


@pytest.mark.parametrize("state", ["filled", "shared", "empty"])
def test_route_page_accessibility(page, server, two, state):
    from axe_playwright_python.sync_playwright import Axe

    a, b = two
    keys = f"{a.slug}.1,{a.slug}.2,{b.slug}.3"
    if state == "empty":
        page.goto(server.base + "route/")
    else:
        page.goto(server.base + "route/?m=" + keys)
    _open_route(page)
    if state == "filled":
        page.get_by_role("button", name="Сохранить как мой маршрут").click()
        page.locator("#bank-route-name").fill(NAME)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
    assert page.errors == []


def test_programme_page_accessibility(page, server, two):
    from axe_playwright_python.sync_playwright import Axe

    a, _ = two
    page.goto(server.base + f"programmes/{a.slug}/")
    _toggle(page, f"{a.slug}.1").click()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    ours = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")
            and any("bank-route" in json.dumps(n["target"]) for n in v["nodes"])]
    assert not ours, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in ours]
