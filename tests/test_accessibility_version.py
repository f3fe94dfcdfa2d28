"""«Версия для слабовидящих» (ГОСТ Р 52872-2019) in a real browser: the header's button, the panel,
the choice kept from page to page and set before the first paint, no sideways scroll at 200 % on a
320 px screen, axe in each colour scheme, images off, and «Обычная версия» that undoes it all."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KEY = "bank-a11y"
ENTRY = "tutoring/mostovsky-tutor-community/"
BOOKLET = ENTRY + "booklet/"
PAGES = {  # the pages the version must not break (and a booklet and the rest of the tools)
    "home": "",
    "entry": ENTRY,
    "bank": "bank/?q=тьютор",
    "compare": "compare/?e=school-21-career-guidance%2Cschool-21-gifted-children",
    "submit": "submit/",
    "expert": "expert/",
    "route": "route/?m=timashevsky-ict-competences.1%2Ctimashevsky-steps-to-success.1",
    "calendar": "calendar/",
    "booklet": BOOKLET,
}
SCHEMES = {"white": ("rgb(0, 0, 0)", "rgb(255, 255, 255)"),
           "black": ("rgb(255, 255, 255)", "rgb(0, 0, 0)"),
           "blue": ("rgb(6, 52, 98)", "rgb(157, 209, 255)")}

# What is on <html> at the first animation frame (before anything is painted) and when <body>
# first appears: recorded by a script that runs before the page's own.
FIRST_FRAME = """
window.__a11yFirstFrame = null;
window.__a11yAtBody = null;
const seen = () => ({on: document.documentElement.getAttribute('data-a11y'),
                     size: document.documentElement.getAttribute('data-a11y-size'),
                     scheme: document.documentElement.getAttribute('data-a11y-scheme'),
                     paints: performance.getEntriesByType('paint').length,
                     state: document.readyState});
requestAnimationFrame(() => { window.__a11yFirstFrame = seen(); });
new MutationObserver((records, observer) => {
  if (document.body) { window.__a11yAtBody = seen(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""

# Every box that reaches past the screen's sides, unless a scroll box of its own holds it (a wide
# table), or it is fixed (the closed navigation drawer waits off screen).
SIDEWAYS = """() => {
  const W = document.documentElement.clientWidth, out = [];
  const held = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.position === 'fixed') return true;
      if (/(auto|scroll|hidden)/.test(s.overflowX) && p !== el && p.scrollWidth > p.clientWidth + 1) return true;
    }
    return getComputedStyle(el).position === 'fixed';
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const spill = getComputedStyle(el).overflowX === 'visible' ? el.scrollWidth - el.clientWidth : 0;
    if ((r.right > W + 1 || r.left < -1 || (el.clientWidth && r.left + el.clientWidth + spill > W + 1)) && !held(el))
      out.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' + Math.round(r.left) + '…' +
               Math.round(r.right) + ' «' + (el.textContent || '').trim().slice(0, 30) + '»');
  }
  return {scroll: document.documentElement.scrollWidth, width: W, boxes: out.slice(0, 10)};
}"""


def _state(size="150", scheme="white", images="on", spacing="normal") -> dict:
    return {"on": True, "size": size, "scheme": scheme, "images": images, "spacing": spacing}


def _context(browser, width=1280, height=900, state: dict | None = None):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
    if state is not None:  # as if chosen on an earlier visit (once: later pages keep what the test chose)
        context.add_init_script(f"""if (!sessionStorage.getItem("a11y-test-seeded")) {{
            sessionStorage.setItem("a11y-test-seeded", "1");
            localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps(state))});
        }}""")
    return context


def _page(context):
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return pg


def _attrs(pg) -> dict:
    return pg.evaluate("""() => Object.fromEntries([...document.documentElement.attributes]
        .filter(a => a.name.startsWith('data-a11y')).map(a => [a.name, a.value]))""")


def _colors(pg, selector: str) -> tuple[str, str]:
    return tuple(pg.locator(selector).first.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"))


def _toggle(pg):
    return pg.get_by_role("button", name="Версия для слабовидящих", exact=True)


def _tab_to(pg, locator, limit=60):
    """Press Tab until ``locator`` has the focus, as a keyboard user gets there."""
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    pytest.fail("Tab never reached " + str(locator))


def test_switched_on_by_keyboard_kept_on_the_next_page_before_first_paint(browser, server):
    context = _context(browser)
    pg = _page(context)
    hosts = set()
    pg.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))
    pg.goto(server.base + ENTRY)
    toggle = _toggle(pg)
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert pg.locator(".md-header").locator("[data-a11y-toggle]").count() == 1  # in the header
    assert _attrs(pg) == {"data-a11y-js": ""}

    _tab_to(pg, toggle)
    pg.keyboard.press("Enter")
    panel = pg.get_by_role("region", name="Версия для слабовидящих")
    expect(panel).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert toggle.get_attribute("aria-controls") == "a11y-panel"
    assert pg.evaluate("document.activeElement.id") == "a11y-panel-title"  # the panel is read out
    assert _attrs(pg) == {"data-a11y-js": "", "data-a11y": "on", "data-a11y-size": "150",
                          "data-a11y-scheme": "white", "data-a11y-images": "on", "data-a11y-spacing": "normal"}
    expect(pg.locator("[data-a11y-status]")).to_have_text("Включена версия для слабовидящих")

    # the radio groups: Tab into one, the arrows choose (and apply at once)
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.name") == "a11y-size"
    pg.keyboard.press("ArrowRight")
    assert _attrs(pg)["data-a11y-size"] == "200"
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.name") == "a11y-scheme"
    pg.keyboard.press("ArrowRight")
    assert _attrs(pg)["data-a11y-scheme"] == "black"
    expect(pg.locator("[data-a11y-status]")).to_have_text("Цвета: Белым по чёрному")
    assert _colors(pg, "article h1") == SCHEMES["black"]
    # Escape closes the panel and gives the focus back to the button
    pg.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert pg.evaluate("document.activeElement.hasAttribute('data-a11y-toggle')")
    saved = json.loads(pg.evaluate(f"localStorage.getItem({json.dumps(KEY)})"))
    assert saved == _state(size="200", scheme="black")

    # the next page: the same choice, on <html> before the first frame is drawn
    context.add_init_script(FIRST_FRAME)
    pg.goto(server.base + "bank/", wait_until="commit")
    pg.wait_for_function("window.__a11yFirstFrame !== null && window.__a11yAtBody !== null")
    for seen in (pg.evaluate("window.__a11yAtBody"), pg.evaluate("window.__a11yFirstFrame")):
        assert (seen["on"], seen["size"], seen["scheme"]) == ("on", "200", "black"), seen
        assert seen["paints"] == 0, seen
    pg.wait_for_load_state("load")
    assert _colors(pg, "article h1") == SCHEMES["black"]
    expect(pg.get_by_role("region", name="Версия для слабовидящих")).to_be_hidden()  # closed till asked
    expect(pg.get_by_role("button", name="Обычная версия")).to_be_visible()  # one step back, on every page
    assert hosts == {"127.0.0.1"}, hosts  # nothing from any other server
    assert not pg.errors, pg.errors
    context.close()


def test_site_and_booklet_set_the_choice_in_head_with_the_same_script(sample_site):
    from tests.sitebuild import soup

    def head_script(path):
        html = soup(path)
        scripts = [s.string or "" for s in html.head.find_all("script") if KEY in (s.string or "")]
        assert len(scripts) == 1, path
        assert not html.body.find_all("script", string=re.compile(KEY)), path
        return scripts[0]

    site = head_script(sample_site / ENTRY / "index.html")
    assert site.startswith("(function (root)") and site.endswith("})(document.documentElement);")
    for page in (ENTRY, "bank/", "compare/", "submit/", "expert/", "route/", "calendar/", ""):
        assert head_script(sample_site / page / "index.html") == site
    for page in (BOOKLET, "collections/tutor-practices/"):
        assert site in head_script(sample_site / page / "index.html")  # and a11y.js, the print button
    # the version's own files ask nothing of another server
    for asset in ("assets/javascripts/a11y.js", "assets/stylesheets/a11y.css"):
        text = (sample_site / asset).read_text(encoding="utf-8")
        assert not re.search(r"https?:|url\(|@import|//[a-z]", re.sub(r"/\*.*?\*/", "", text, flags=re.S)), asset


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("spacing", ["normal", "wide"])
def test_no_sideways_scroll_at_200_percent_on_320_px(browser, server, name, spacing):
    context = _context(browser, width=320, height=640, state=_state(size="200", scheme="blue", spacing=spacing))
    pg = _page(context)
    pg.goto(server.base + PAGES[name])
    pg.wait_for_load_state("load")
    pg.wait_for_timeout(300)  # the page's own scripts fill in search results, tables, routes
    assert _attrs(pg)["data-a11y-size"] == "200"
    found = pg.evaluate(SIDEWAYS)
    assert found["scroll"] <= 320 and not found["boxes"], found
    # the panel open, too
    _toggle(pg).click()
    expect(pg.locator("#a11y-panel")).to_be_visible()
    found = pg.evaluate(SIDEWAYS)
    assert found["scroll"] <= 320 and not found["boxes"], found
    assert not pg.errors, pg.errors
    context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_nothing_in_each_scheme(browser, server, scheme):
    from axe_playwright_python.sync_playwright import Axe

    for page, size in ((ENTRY, "150"), (BOOKLET, "200")):
        context = _context(browser, state=_state(size=size, scheme=scheme))
        pg = _page(context)
        pg.goto(server.base + page)
        _toggle(pg).click()  # the panel is checked too
        expect(pg.locator("#a11y-panel")).to_be_visible()
        assert _colors(pg, "h1") == SCHEMES[scheme]
        results = Axe().run(pg)
        violations = results.response["violations"]
        assert not violations, [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
                                for v in violations]
        context.close()


def test_images_off_hide_pictures_and_leave_their_alt_text(browser, server):
    context = _context(browser, state=_state())
    pg = _page(context)
    pg.goto(server.base + ENTRY)
    logo = server.base + "assets/images/logo.svg"
    pg.evaluate("""src => { const img = document.createElement('img');
        img.src = src; img.alt = 'Схема работы сообщества'; img.id = 'picture';
        document.querySelector('article').prepend(img); }""", logo)
    expect(pg.locator("#picture")).to_be_visible()
    _toggle(pg).click()
    pg.get_by_role("radio", name="Не показывать").check()
    assert _attrs(pg)["data-a11y-images"] == "off"
    expect(pg.locator("#picture")).to_be_hidden()
    expect(pg.locator("#picture + .a11y-alt")).to_have_text("Изображение: Схема работы сообщества")
    expect(pg.locator("#picture + .a11y-alt")).to_be_visible()
    assert not pg.locator(".md-header .a11y-alt").count()  # the logo says nothing (alt="")
    # a picture a script adds later gets its text too; every <img> is hidden
    pg.evaluate("""src => { const img = document.createElement('img'); img.src = src; img.alt = 'Позже';
        img.id = 'later'; document.querySelector('article').append(img); }""", logo)
    expect(pg.locator("#later + .a11y-alt")).to_have_text("Изображение: Позже")
    assert pg.evaluate("[...document.images].every(i => getComputedStyle(i).display === 'none')")
    # kept on the next page; and back on
    pg.goto(server.base + "bank/")
    assert _attrs(pg)["data-a11y-images"] == "off"
    assert pg.evaluate("[...document.images].every(i => getComputedStyle(i).display === 'none')")
    _toggle(pg).click()
    pg.get_by_role("radio", name="Показывать", exact=True).check()
    assert pg.evaluate("[...document.images].some(i => getComputedStyle(i).display !== 'none')")
    assert not pg.locator(".a11y-alt").count()
    context.close()


def test_normal_version_restores_everything_and_the_dark_palette(browser, server):
    context = _context(browser)
    pg = _page(context)
    pg.goto(server.base + ENTRY)
    # the theme's dark palette, chosen before
    pg.locator("[data-md-component='palette'] label:not([hidden])").first.click()
    expect(pg.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    probe = """() => ({html: getComputedStyle(document.documentElement).fontSize,
        h1: [getComputedStyle(document.querySelector('article h1')).fontSize,
             getComputedStyle(document.querySelector('article h1')).color],
        body: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.querySelector('article p')).letterSpacing,
        header: getComputedStyle(document.querySelector('.md-header')).backgroundColor})"""
    before = pg.evaluate(probe)

    _toggle(pg).click()
    for name in ("200 %", "Чёрным по белому", "Не показывать", "Увеличенный"):
        pg.get_by_role("radio", name=name, exact=True).check()
    during = pg.evaluate(probe)
    # the version's colours win over the dark palette; the palette's switch steps aside
    assert during["body"] == "rgb(255, 255, 255)" and during["h1"][1] == "rgb(0, 0, 0)", during
    expect(pg.locator("[data-md-component='palette']")).to_be_hidden()
    assert float(during["html"][:-2]) == pytest.approx(2 * float(before["html"][:-2]))
    assert during["text"] != before["text"]

    pg.get_by_role("button", name="Обычная версия").last.click()  # the one in the panel
    expect(pg.locator("#a11y-panel")).to_be_hidden()
    assert _attrs(pg) == {"data-a11y-js": ""}
    assert pg.evaluate(f"localStorage.getItem({json.dumps(KEY)})") is None
    assert pg.evaluate(probe) == before
    expect(pg.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    expect(pg.locator("[data-md-component='palette']")).to_be_visible()
    expect(pg.locator(".md-header [data-a11y-off]")).to_be_hidden()
    assert pg.evaluate("document.activeElement.hasAttribute('data-a11y-toggle')")
    expect(pg.locator("[data-a11y-status]")).to_have_text("Включена обычная версия сайта")
    # and on the next page
    pg.goto(server.base + "compare/")
    assert _attrs(pg) == {"data-a11y-js": ""}
    assert pg.evaluate("getComputedStyle(document.body).backgroundColor") == before["body"]
    # the header's «Обычная версия» does the same in one step
    pg.evaluate(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps(_state(scheme='blue')))})")
    pg.reload()
    assert _attrs(pg)["data-a11y-scheme"] == "blue"
    pg.locator(".md-header").get_by_role("button", name="Обычная версия").click()
    assert _attrs(pg) == {"data-a11y-js": ""}
    assert not pg.errors, pg.errors
    context.close()


def test_booklet_has_the_button_and_keeps_its_print_button(browser, server):
    context = _context(browser, width=360, state=_state(scheme="black"))
    pg = _page(context)
    pg.goto(server.base + BOOKLET)
    expect(pg.locator(".print-button")).to_be_visible()
    assert _attrs(pg)["data-a11y-scheme"] == "black"
    assert _colors(pg, "h1") == SCHEMES["black"]
    _toggle(pg).click()
    pg.get_by_role("radio", name="Тёмно-синим по голубому").check()
    assert _colors(pg, "h1") == SCHEMES["blue"]
    pg.get_by_role("button", name="Обычная версия").last.click()
    assert _attrs(pg) == {"data-a11y-js": "", "data-a11y-print": ""}  # a booklet's mark stays
    assert _colors(pg, "h1")[0] != SCHEMES["blue"][0]
    assert not pg.errors, pg.errors
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_in_each_scheme(browser, server, artifacts, width):
    """For a person to look at: test-artifacts/a11y-<page>-<width>-<scheme>.png."""
    for scheme in SCHEMES:
        context = _context(browser, width=width, state=_state(size="200" if scheme == "black" else "150", scheme=scheme))
        pg = _page(context)
        for name in ("home", "entry", "bank", "compare", "booklet"):
            pg.goto(server.base + PAGES[name])
            pg.wait_for_timeout(200)
            if name == "entry":
                _toggle(pg).click()
            assert pg.evaluate("document.documentElement.scrollWidth") <= width
            pg.screenshot(path=str(artifacts / f"a11y-{name}-{width}-{scheme}.png"))
        context.close()
