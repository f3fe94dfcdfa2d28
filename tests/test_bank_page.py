"""The bank page in a real browser: Russian search, facets with counts, URL state, a11y."""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from generator.bank.views import search_data
from generator.validate.bank import load_bank

from tests.conftest import PRACTICES

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


@pytest.fixture(scope="module")
def bank():
    b, problems = load_bank(PRACTICES)
    assert not problems.errors
    return b


def _titles(pg) -> list[str]:
    return pg.locator("#bank-results .bank-card__title").all_inner_texts()


def _wait_results(pg):
    pg.wait_for_function("document.getElementById('bank-search').getAttribute('aria-busy') === 'false'",
                         timeout=15000)


def all_result_slugs(pg) -> list[str]:
    urls = pg.evaluate("Promise.all(window.bankSearch.results().map(r => r.data())).then(d => d.map(x => x.url))")
    return [u.rstrip("/").rsplit("/", 1)[-1] for u in urls]


def open_bank(pg, server, query: str = ""):
    pg.goto(server.base + "bank/" + query)
    _wait_results(pg)


@pytest.mark.parametrize("query, expected", [
    ("тьюторского", "mostovsky-tutor-community"),
    ("тьюторского", "mostovsky-tutor-network"),    # text has «тьютор…» forms only, no «тьюторск…»
    ("тьюторов", "kemerovo-tutor-technologies"),   # text has «тьюторск…» forms only
    ("стажировочной", "timashevsky-staging-sites-model"),
    ("стажировками", "timashevsky-staging-sites-model"),
    ("одаренные", "school-21-gifted-children"),     # «е» finds «ё»
    ("одарённых", "school-21-gifted-children"),
])
@pytest.mark.slow
def test_query_in_other_grammatical_form(page, server, bank, query, expected):
    open_bank(page, server, f"?q={query}")
    slugs = all_result_slugs(page)
    assert expected in slugs, (query, slugs)
    assert page.locator("#bank-results .bank-card").count() == min(12, len(slugs))
    assert page.errors == []


@pytest.mark.slow
def test_browser_stems_every_word_as_the_index_does(page, server):
    """The index is built with PyStemmer, queries are stemmed by the vendored JavaScript
    Snowball stemmer: both must give the same stem for every word of the sample bank."""
    import Stemmer

    from generator.outputs.search_index import words

    texts = [p.read_text(encoding="utf-8") for p in sorted(PRACTICES.rglob("*.yml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((PRACTICES.parent / "content").rglob("*.md"))]
    vocabulary = sorted({w for t in texts for w in words(t) if any("а" <= c <= "я" for c in w)})
    assert len(vocabulary) > 2000
    expected = Stemmer.Stemmer("russian").stemWords(vocabulary)
    open_bank(page, server)
    got = page.evaluate("""words => import(document.getElementById('bank-search').dataset.stemmer)
                           .then(m => words.map(m.stemmer))""", vocabulary)
    differ = [(w, a, b) for w, a, b in zip(vocabulary, got, expected) if a != b]
    assert differ == []
    assert page.errors == []


@pytest.mark.slow
def test_two_facets_narrow_results_and_counts_match_yaml(page, server, bank):
    open_bank(page, server)
    entries = bank.published()
    assert page.locator("#bank-status").inner_text() == f"Найдено: {len(entries)} записей"
    data = {r.slug: search_data(bank, r)["filters"] for r in entries}
    kind_label = "Тьюторские практики"
    count_kind = sum(1 for f in data.values() if kind_label in f.get("kind", []))
    box = page.locator("#f-kind-tutoring")
    expect(page.locator("label[for='f-kind-tutoring'] .bank-facet__count")).to_have_text(f"({count_kind})")
    box.check()
    _wait_results(page)
    chosen = [f for f in data.values() if kind_label in f.get("kind", [])]
    assert len(_titles(page)) == min(12, len(chosen))
    # every direction count equals the YAML count within the selection
    directions = Counter(d for f in chosen for d in f.get("direction", []))
    shown = {}
    for label in page.locator("fieldset[data-facet='direction'] label").all():
        text = label.inner_text()
        name, count = text.rsplit(" (", 1)
        shown[name.strip()] = int(count.rstrip(")"))
    assert shown == dict(directions)
    # second facet
    vocab = bank.vocabulary
    term = next(t for t in vocab.terms("directions") if directions.get(t.label))
    page.locator(f"#f-direction-{term.id}").check()
    _wait_results(page)
    expected = [s for s, f in data.items() if kind_label in f.get("kind", []) and term.label in f.get("direction", [])]
    status = page.locator("#bank-status").inner_text()
    assert status.startswith(f"Найдено: {len(expected)} ")
    assert sorted(all_result_slugs(page)) == sorted(expected)
    params = parse_qs(urlsplit(page.url).query)
    assert params["kind"] == ["tutoring"] and params["direction"] == [term.id]
    # options of one group add up: the other kinds keep their counts (within the chosen direction)
    # and ticking one more widens the results
    cases_label = "Кейсы"
    with_cases = [s for s, f in data.items() if cases_label in f.get("kind", []) and term.label in f.get("direction", [])]
    if with_cases:
        expect(page.locator("label[for='f-kind-cases'] .bank-facet__count")).to_have_text(f"({len(with_cases)})")
        page.locator("#f-kind-cases").check()
        _wait_results(page)
        assert sorted(all_result_slugs(page)) == sorted(expected + with_cases)
        assert set(parse_qs(urlsplit(page.url).query)["kind"][0].split(",")) == {"tutoring", "cases"}
    assert page.errors == []


@pytest.mark.slow
def test_kind_name_finds_every_entry_of_the_kind(page, server, bank):
    open_bank(page, server, "?q=кейс")
    slugs = all_result_slugs(page)
    cases = {r.slug for r in bank.published() if r.kind == "cases"}
    assert len(cases) > 2 and cases <= set(slugs), sorted(cases - set(slugs))
    open_bank(page, server, "?q=кейсы")  # the plural finds them too
    assert cases <= set(all_result_slugs(page))


@pytest.mark.slow
def test_misspelt_query_offers_a_correction(page, server):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    open_bank(page, server, "?q=тьютор")
    assert not any("/search/words.json" in u for u in fetched)  # fetched only when nothing is found
    open_bank(page, server, "?q=тютор")
    expect(page.locator("#bank-suggest")).to_have_text("Возможно, вы искали: тьютор")
    page.locator("#bank-suggest-link").click()
    _wait_results(page)
    assert page.locator("#bank-q").input_value() == "тьютор" and "q=%D1%82%D1%8C" in page.url
    assert all_result_slugs(page)
    # a word far from every word of the bank gets no suggestion
    open_bank(page, server, "?q=зябразюк")
    page.wait_for_timeout(500)
    expect(page.locator("#bank-suggest")).to_be_hidden()
    assert page.errors == []


@pytest.mark.slow
def test_relevance_order_is_offered_only_with_a_query(page, server):
    open_bank(page, server)
    option = page.locator("#bank-sort option[value='relevance']")
    assert option.is_disabled() and "нужен запрос" in option.inner_text()
    assert page.locator("#bank-sort").input_value() == "newest"
    page.locator("#bank-q").fill("тьютор")
    page.locator("#bank-q").press("Enter")
    _wait_results(page)
    assert not option.is_disabled() and option.inner_text() == "по соответствию"
    assert page.locator("#bank-sort").input_value() == "relevance"


@pytest.mark.slow
def test_query_counts_match_yaml_and_no_filter_index_is_downloaded(page, server, bank):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    open_bank(page, server, "?q=стажировочная")
    slugs = all_result_slugs(page)
    assert slugs and page.locator("#bank-status").inner_text().startswith(f"Найдено: {len(slugs)} ")
    if len(slugs) <= 12:  # everything is shown: no «Показать ещё»
        expect(page.locator("#bank-more")).to_be_hidden()
    data = {r.slug: search_data(bank, r)["filters"] for r in bank.published()}
    directions = Counter(d for s in slugs for d in data[s].get("direction", []))
    shown = {}
    for label in page.locator("fieldset[data-facet='direction'] label").all():
        name, count = label.inner_text().rsplit(" (", 1)
        shown[name.strip()] = int(count.rstrip(")"))
    assert shown == dict(directions)
    # a result card shows its tags from the YAML
    checked = 0
    for card in page.locator("#bank-results .bank-card").all():
        slug = card.get_attribute("data-slug")
        expected_tags = (data[slug].get("direction", []) + data[slug].get("competence", []))[:4]
        assert card.locator(".bank-tags li").all_inner_texts() == expected_tags, slug
        checked += bool(expected_tags)
    assert checked
    # words come from a few shards of the index, facets and counts from api/browse/
    shards = [u for u in fetched if "/search/t/" in u]
    assert 1 <= len(shards) <= 3, shards
    assert any("/api/browse/direction.json" in u for u in fetched)
    # under a query the card shows the summary with the query's word marked
    marks = page.locator("#bank-results .bank-card__excerpt mark").all_inner_texts()
    assert marks and all(m.lower().startswith("стажировочн") for m in marks), marks
    assert page.errors == []


@pytest.mark.slow
def test_query_reaches_hand_written_pages(page, server):
    open_bank(page, server, "?q=чек-лист")
    pages = page.locator("#bank-pages")
    expect(pages).to_be_visible()
    hrefs = page.locator("#bank-pages-list a").evaluate_all("els => els.map(a => a.href)")
    assert any(h.startswith(server.base + "recommendations/") for h in hrefs), hrefs
    titles = page.locator("#bank-pages-list a").all_inner_texts()
    assert any("Методические рекомендации" in t or "тьюторских технологий" in t for t in titles), titles
    # entries are never listed among the pages
    assert not any("/tutoring/" in h or "/programmes/" in h for h in hrefs)
    open_bank(page, server)
    expect(pages).to_be_hidden()
    assert page.errors == []


@pytest.mark.slow
def test_reload_and_back_restore_state(page, server):
    open_bank(page, server, "?q=тьютор&direction=gifted-children&sort=title")
    first = _titles(page)
    assert page.locator("#bank-q").input_value() == "тьютор"
    assert page.locator("#f-direction-gifted-children").is_checked()
    assert page.locator("#bank-sort").input_value() == "title"
    page.reload()
    _wait_results(page)
    assert _titles(page) == first
    page.locator("#f-direction-gifted-children").uncheck()
    _wait_results(page)
    assert "direction" not in page.url
    page.go_back()
    _wait_results(page)
    assert page.locator("#f-direction-gifted-children").is_checked()
    assert _titles(page) == first


@pytest.mark.slow
def test_empty_result_offers_reset(page, server, bank):
    open_bank(page, server, "?q=зябразюк")
    expect(page.locator("#bank-empty")).to_be_visible()
    page.locator("#bank-reset-all").click()
    _wait_results(page)
    assert page.locator("#bank-status").inner_text().startswith(f"Найдено: {len(bank.published())}")
    assert page.locator("#bank-q").input_value() == ""


@pytest.mark.slow
def test_keyboard_only(page, server):
    open_bank(page, server)
    page.locator("#bank-q").focus()
    page.keyboard.type("кейс")
    page.keyboard.press("Enter")
    _wait_results(page)
    assert "q=%D0%BA%D0%B5%D0%B9%D1%81" in page.url
    # Tab reaches the sort control, then a skip link straight to the results (past every filter)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "bank-sort"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "К результатам поиска"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#bank-results')"), \
        page.evaluate("document.activeElement.outerHTML")
    # back: the first facet checkbox after the sort control; Space toggles it
    page.locator("#bank-sort").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    focused = page.evaluate("document.activeElement.id")
    assert focused.startswith("f-")
    # the focus can be seen (WCAG 2.4.7): an outline on the checkbox
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    page.keyboard.press("Space")
    _wait_results(page)
    assert page.locator(f"#{focused}").is_checked()
    assert page.evaluate("document.activeElement.id") == focused  # focus survives re-render


@pytest.mark.slow
def test_accessibility_no_serious_violations(page, server):
    from axe_playwright_python.sync_playwright import Axe

    open_bank(page, server, "?q=тьютор")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]


@pytest.mark.slow
def test_header_search_on_every_page_reaches_bank(page, server):
    page.goto(server.base + "tutoring/mostovsky-tutor-community/")
    page.locator("#bank-quicksearch-q").fill("стажировка")
    page.locator("#bank-quicksearch-q").press("Enter")
    _wait_results(page)
    assert "/bank/bank/?q=" in page.url
    assert _titles(page)
    hrefs = page.locator("#bank-results .bank-card__title a").evaluate_all("els => els.map(a => a.href)")
    assert all(h.startswith(server.base) for h in hrefs), hrefs  # sub-path kept


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.slow
def test_layout_screenshots(browser, server, artifacts, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.goto(server.base + "bank/?q=тьютор")
    pg.wait_for_function("document.getElementById('bank-search').getAttribute('aria-busy') === 'false'")
    assert pg.evaluate("document.documentElement.scrollWidth") <= width  # no horizontal scroll
    pg.screenshot(path=str(artifacts / f"bank-{width}.png"), full_page=False)
    pg.goto(server.base + "tutoring/mostovsky-tutor-community/")
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    pg.screenshot(path=str(artifacts / f"entry-{width}.png"), full_page=False)
    context.close()


@pytest.mark.slow
def test_compare_bar_on_a_phone_leaves_the_drawer_and_footer_free(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    for slug in ("mostovsky-tutor-community", "school-21-gifted-children"):
        pg.goto(server.base + f"tutoring/{slug}/")
        pg.locator(f".bank-actions [data-compare-slug='{slug}']").click()
    bar = pg.locator(".bank-compare-bar")
    box = bar.bounding_box()
    assert box and box["width"] <= 390 and box["height"] < 110, box
    # the whole footer can be scrolled clear of the bar
    pg.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer = pg.locator(".md-copyright").bounding_box()
    assert footer["y"] + footer["height"] <= bar.bounding_box()["y"] + 1, (footer, bar.bounding_box())
    # the open navigation drawer is above the bar
    pg.locator("label.md-header__button[for='__drawer']").click()
    pg.wait_for_timeout(400)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert not pg.evaluate(f"!!document.elementFromPoint({x}, {y}).closest('.bank-compare-bar')")
    context.close()


@pytest.mark.slow
def test_phone_filters_keep_the_count_in_sight(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    open_bank(pg, server)
    show = pg.locator("#bank-show-results")
    expect(show).to_be_hidden()  # filters closed: nothing to show over the results
    pg.locator("#bank-facets > summary").tap()
    pg.locator("fieldset[data-facet='kind'] input[type=checkbox]").first.tap()
    _wait_results(pg)
    count = pg.locator("#bank-status").inner_text().split()[1]
    # the results are far below, but the button with their number is on screen
    assert pg.locator("#bank-status").bounding_box()["y"] > 844
    box = show.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= 844, box
    assert show.inner_text().startswith(f"Показать {count} ")
    show.tap()
    pg.wait_for_timeout(300)
    assert not pg.evaluate("document.getElementById('bank-facets').open")
    status = pg.locator("#bank-status").bounding_box()
    header = pg.locator(".md-header").bounding_box()
    assert header["y"] + header["height"] <= status["y"] < 844, (header, status)
    assert pg.evaluate("document.activeElement.id") == "bank-status"
    context.close()


@pytest.mark.slow
def test_show_results_button_is_for_phones_only(page, server):
    open_bank(page, server)
    expect(page.locator("#bank-show-results")).to_be_hidden()
