"""Benchmarking: scales, rankings, comparison, statistics and open data."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from generator.model.entries import KINDS
from generator.validate.bank import load_bank
from generator.load.yamlio import load_file

from tests.conftest import PRACTICES, ROOT, entry_files
from tests.minibank import EXPERTS, FILES, add_assessment, assessment, make_minibank, scores
from tests.sitebuild import mkdocs_build, page

FACTS = """\
recognition: {recognition}
recognition_source: тестовое основание признания
maturity: verified
indicators:
  - type: outcome
    name: Доля учеников с ИОП
    baseline: 10
    value: 40
    unit: "%"
    source: Отчёт школы за 2023 год
"""
# (entry, title, recognition, scores of expert-one, of expert-two — None: no second assessment)
ASSESSED = (("gifted-a", "Олимпиадная школа", "regional", scores(5, 5, 5), scores(5, 5, 5)),
            ("gifted-b", "Исследовательский клуб", "municipal", scores(3, 3, 3), scores(3, 3, 3)),
            ("gifted-c", "Индивидуальные программы одарённых", "school", scores(4, 2, 4), scores(4, 4, 4)),
            ("gifted-d", "Летняя школа одарённых", "school", scores(4, 4, 4), None))


def _raw_entries():
    out = []
    for path in entry_files():
        if path.parent.name not in KINDS:
            continue
        doc, _ = load_file(path)
        out.append((path.parent.name, path.stem, doc.data))
    return out


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


@pytest.mark.slow
def test_statistics_numbers_equal_yaml_counts(sample_site):
    raw = [e for e in _raw_entries() if e[2].get("status", "published") == "published"]
    vocab = load_file(PRACTICES / "vocabulary.yml")[0].data
    practices = {slug: data for kind, slug, data in raw if kind == "tutoring"}
    kinds = Counter(KINDS[k].plural_label for k, _, _ in raw)
    directions: Counter = Counter()
    for kind, slug, data in raw:
        own = data.get("directions") or []
        if kind == "cases" and not own:
            own = practices[data["practice"]].get("directions", [])
        for d in set(own):
            label = vocab["directions"][d]
            directions[label if isinstance(label, str) else label["label"]] += 1
    html = page(sample_site, "stats")

    def table(facet):
        rows = html.select(f"#chart-{facet}-table tbody tr")
        return {_text(r.find_all("td")[0]): int(_text(r.find_all("td")[1])) for r in rows}

    assert table("kind") == dict(kinds)
    assert table("directions") == dict(directions)
    svg = html.select_one("figure.bank-chart svg[role='img']")
    assert svg is not None and svg.find("title") is not None and svg.find("desc") is not None
    bank, _ = load_bank(PRACTICES)
    from generator.bank import benchmarking as bm

    benchmarked = [r for r in bank.published() if bm.assessable(r)]
    levels = Counter(bm.EVIDENCE_LABELS[bm.evidence_level(r)] for r in benchmarked)
    assert table("evidence") == dict(levels)
    assert sum(table("results").values()) == len(benchmarked)
    assert table("panel") == {"не оценена экспертами": len(benchmarked)}
    assert f"Экспертиза: не оценена экспертами — {len(benchmarked)}" in _text(html)


@pytest.mark.slow
def test_xlsx_csv_json_feed(sample_site):
    bank, _ = load_bank(PRACTICES)
    documented = [_text(tr.find("td")) for tr in page(sample_site, "data").select("table")[0].select("tbody tr")]
    sheets = pd.read_excel(sample_site / "data" / "bank.xlsx", sheet_name=None)
    assert set(sheets) == {"Практики", "Программы", "Кейсы", "Организации", "Внедрения", "События"}
    for name, kind in (("Практики", "tutoring"), ("Программы", "programmes"), ("Кейсы", "cases"),
                       ("Организации", "sites")):
        df = sheets[name]
        assert len(df) == len(bank.of_kind(kind))
        assert set(df.columns) <= set(documented)
        assert sorted(df["Имя записи"]) == sorted(r.slug for r in bank.of_kind(kind))
    assert "Название" in sheets["Практики"].columns and "Всего часов" in sheets["Программы"].columns
    csv = pd.read_csv(sample_site / "data" / "bank.csv", encoding="utf-8-sig")
    assert len(csv) == len(bank.published()) and list(csv.columns) == documented
    # whole years as written, dates as ГГГГ-ММ-ДД (pandas would write a year next to gaps as 2021.0)
    raw = pd.read_csv(sample_site / "data" / "bank.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    starts = {r.slug: str(r.model.years.start) for r in bank.published() if getattr(r.model, "years", None)}
    assert starts and all(raw.set_index("Имя записи").loc[slug, "Год начала"] == year for slug, year in starts.items())
    assert all(len(d) == 10 and d[4] == "-" for d in raw["Добавлена"])
    # in the workbook: filter buttons on every sheet and real dates
    from openpyxl import load_workbook

    book = load_workbook(sample_site / "data" / "bank.xlsx")
    for sheet in book.worksheets:
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        headers = [c.value for c in sheet[1]]
        if "Добавлена" not in headers or sheet.max_row < 2:
            continue  # the events' sheet has its own dates; a kind with no entries has no rows
        added = headers.index("Добавлена") + 1
        assert hasattr(sheet.cell(row=2, column=added).value, "year"), sheet.title
    payload = json.loads((sample_site / "data" / "bank.json").read_text(encoding="utf-8"))
    assert len(payload["entries"]) == len(bank.published())
    for item in payload["entries"]:
        model = KINDS[item["kind"]].model_validate_json(json.dumps(item["data"]))
        assert model == bank.get(item["slug"]).model
    feed = ET.parse(sample_site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.find("a:title", ns).text for e in feed.findall("a:entry", ns)]
    newest = sorted(bank.published(), key=lambda r: ((r.model.reviewed or r.model.added), r.model.added, r.slug),
                    reverse=True)
    assert titles[:5] == [r.title for r in newest[:5]]


@pytest.mark.slow
def test_practice_page_shows_scales_and_not_assessed(sample_site):
    from generator.bank.benchmarking import EVIDENCE_LABELS, evidence_level

    bank, _ = load_bank(PRACTICES)
    record = bank.get("timashevsky-staging-sites-model")
    html = page(sample_site, "tutoring/timashevsky-staging-sites-model")
    scores_ = html.select_one(".bank-scores")
    label = EVIDENCE_LABELS[evidence_level(record)]
    assert "не оценена экспертами" in _text(scores_) and label in _text(scores_)
    meter = scores_.select_one(".bank-meter[role='img']")
    assert meter["aria-label"].startswith(f"Доказательность: {label}")
    assert scores_.select_one("a[href$='assessment/']") is not None
    # achieved and expected results apart, each under its heading, with the documents they come from
    headings = [_text(h).rstrip(" ¶") for h in html.select("article h2")]
    assert "Достигнутые результаты" in headings and "Ожидаемые результаты" in headings
    assert html.select_one(".bank-badge--expected") is not None
    assert "Источники описания" in headings and "Заявка" in _text(html)
    # outputs are kept apart from outcomes
    assert "Продукты и охват" in headings
    criteria = page(sample_site, "assessment")
    assert "Результативность" in _text(criteria) and "Тиражируемость" in _text(criteria)
    assert "Достигнутые и ожидаемые результаты" in _text(criteria)


@pytest.fixture(scope="module")
def assessed_site(tmp_path_factory):
    """A minibank with four gifted-children practices and two experts' assessments: two entries
    with a final score, one where the experts disagree, one with a single assessment."""
    tmp = tmp_path_factory.mktemp("assessed")
    project = tmp / "p"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    practices = make_minibank(project)
    shutil.copy(PRACTICES / "criteria.yml", practices / "criteria.yml")
    (practices / "experts.yml").write_text(EXPERTS, encoding="utf-8")
    base = FILES["tutoring/gifted-practice.yml"]
    for slug, title, rec, one, two in ASSESSED:
        text = base.replace("Тьюторское сопровождение одарённых детей", title) + FACTS.format(recognition=rec)
        (practices / "tutoring" / f"{slug}.yml").write_text(text, encoding="utf-8")
        add_assessment(practices, slug, "expert-one", assessment("expert-one", one))
        if two:
            add_assessment(practices, slug, "expert-two", assessment("expert-two", two))
    for md in (project / "content").rglob("*.md"):
        md.write_text(re.sub(r"\[\[[^\]]*\]\]", "", md.read_text(encoding="utf-8")), encoding="utf-8")
    site = tmp / "site"
    result = mkdocs_build(project, site, env={"BANK_PDF": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.mark.slow
def test_ranking_orders_by_score_with_badge(assessed_site):
    html = page(assessed_site, "rankings/directions/gifted-children")
    table = html.select_one("table.bank-ranking:not(.bank-ranking--facts)")
    rows = table.select("tbody tr")
    titles = [_text(r.find_all("td")[1]).replace(" рекомендована", "") for r in rows]
    assert titles == ["Олимпиадная школа", "Исследовательский клуб"]  # final scores only, best first
    assert [_text(r.find_all("td")[2]).split()[-1] for r in rows] == ["4,69", "3,31"]
    # only the top one satisfies the rule (score ≥ 4, measured, verified, municipal+)
    assert "рекомендована" in _text(rows[0]) and "рекомендована" not in _text(rows[1])
    pending = _text(html.select_one("article"))
    assert "Индивидуальные программы одарённых — нужна ещё одна экспертиза: расхождение по критерию " \
           "Результативность" in pending
    assert "Летняя школа одарённых — предварительная оценка (один эксперт" in pending
    entry = page(assessed_site, "tutoring/gifted-a")
    card = _text(entry.select_one(".bank-scores"))
    assert entry.select_one(".bank-scores .bank-badge") is not None
    assert "Итоговый балл 4,69 из 5" in card and "итоговая оценка · экспертиз: 2" in card
    assert "Первый Эксперт Тестовый, методист" in card
    disputed = _text(page(assessed_site, "tutoring/gifted-c").select_one(".bank-scores"))
    assert "нужна ещё одна экспертиза" in disputed and "баллы 2, 4 — расхождение" in disputed
    assert "Балл (не в рейтинге)" in disputed
    # the rankings page: the experts' table, then the factual ones, each saying what orders it
    index = page(assessed_site, "rankings")
    text = _text(index)
    assert text.count("Упорядочено по") == 7 and "Почему это важно" in text  # six facts and adoptions
    assert "пока нет оценённых" not in text
    guide = page(assessed_site, "experts")
    assert "Первый Эксперт Тестовый" in _text(guide) and "Оценок в банке: 7" in _text(guide)


@pytest.mark.browser
@pytest.mark.slow
def test_comparison_view_in_chromium(assessed_site):
    from playwright.sync_api import sync_playwright

    from tests.browser import SiteServer, launch

    with SiteServer(assessed_site) as srv, sync_playwright() as p:
        browser = launch(p)
        pg = browser.new_page()
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        # mark two entries on their pages, then open the comparison from the bar;
        # with one marked, the bar's link says to add another instead of opening a one-column table
        for slug in ("gifted-a", "gifted-b"):
            pg.goto(srv.base + f"tutoring/{slug}/")
            pg.locator(f".bank-actions [data-compare-slug='{slug}']").click()
            if slug == "gifted-a":
                before = pg.url
                pg.locator(".bank-compare-bar a").click(force=True)  # aria-disabled: Playwright would wait
                assert pg.url == before and "добавьте ещё" in pg.locator(".bank-compare-bar").inner_text()
        assert pg.locator(".bank-compare-bar").is_visible()
        pg.locator(".bank-compare-bar a").click()
        pg.wait_for_selector("#bank-compare[data-ready='true']")
        assert "e=gifted-a,gifted-b" in pg.url
        heads = pg.locator("#bank-compare-table thead th[data-slug] > a:first-child").all_inner_texts()
        assert heads == ["Олимпиадная школа", "Исследовательский клуб"]
        row = pg.locator("#bank-compare-table tbody tr", has=pg.locator("th", has_text="Результативность"))
        assert row.locator("td").all_inner_texts() == ["5 из 5 (баллы 5, 5)", "3 из 5 (баллы 3, 3)"]
        row = pg.locator("#bank-compare-table tbody tr", has=pg.locator("th", has_text="Доказательность"))
        assert row.locator("td").all_inner_texts() == ["измерены и сравнены с исходными"] * 2
        # «only differences» hides the rows where both say the same
        pg.locator("#bank-compare-only input").check()
        assert not row.is_visible()
        assert pg.locator("#bank-compare-table tbody tr", has=pg.locator("th", has_text="Результативность")).is_visible()
        # a column can be taken off: the same comparison without it
        pg.locator("#bank-compare-table thead th[data-slug='gifted-b'] .bank-compare__drop").click()
        pg.wait_for_selector("#bank-compare[data-ready='true']")
        assert pg.url.endswith("compare/?e=gifted-a")
        assert "одна запись" in pg.locator("#bank-compare-status").inner_text()
        assert "gifted-b" not in pg.evaluate("localStorage.getItem('bank-compare')")  # the bar forgets it too
        # a link with three entries opens directly
        pg.goto(srv.base + "compare/?e=gifted-a,gifted-b,gifted-c")
        pg.wait_for_selector("#bank-compare[data-ready='true']")
        assert pg.locator("#bank-compare-table thead th[data-slug]").count() == 3
        # an entry removed since the link was shared leaves the others on the table
        pg.goto(srv.base + "compare/?e=gone-entry,gifted-a,gifted-b")
        pg.wait_for_selector("#bank-compare[data-ready='true']")
        assert pg.locator("#bank-compare-table thead th[data-slug]").count() == 2
        assert "Не найдены: «gone-entry»" in pg.locator("#bank-compare-status").inner_text()
        assert errors == []
        # on a phone the table scrolls inside its frame, the labels' column staying in place
        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        phone.goto(srv.base + "compare/?e=gifted-a,gifted-b,gifted-c")
        phone.wait_for_selector("#bank-compare[data-ready='true']")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        label = phone.locator("#bank-compare-table tbody th[scope='row']").first
        before = label.bounding_box()["x"]
        phone.evaluate("document.querySelector('.bank-compare__scroll').scrollLeft = 300")
        assert phone.evaluate("document.querySelector('.bank-compare__scroll').scrollLeft") > 0
        assert abs(label.bounding_box()["x"] - before) < 1
        browser.close()


def _write(practices: Path, rel: str, text: str) -> None:
    (practices / rel).write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_sample_benchmarking_is_true_and_not_empty(sample_site):
    """A methodist opening /rankings/, /compare/ and /stats/ of the sample bank finds true
    benchmarking with its basis stated — and no lines of empty rankings."""
    from generator.bank.benchmarking import assessable

    bank, _ = load_bank(PRACTICES)
    html = page(sample_site, "rankings")
    text = _text(html.select_one("article"))
    assert "Итоговых экспертных оценок пока нет" in text and "пока нет оценённых" not in text
    assert html.select_one("article a[href$='experts/']") is not None
    facts = html.select("table.bank-ranking--facts")
    assert len(facts) >= 4 and all(t.select("tbody tr") for t in facts)
    # every term page listed holds practices or programmes; none is a page of empty tables
    for link in html.select("article li a[href*='rankings/']"):
        slug = link["href"].rstrip("/").split("/")
        section, term = slug[-2], slug[-1]
        n = sum(1 for r in bank.term_index.get((section, term), []) if assessable(r) and r.published)
        assert n and f"— {n}" in _text(link.parent), (section, term)
        assert page(sample_site, f"rankings/{section}/{term}").select("table.bank-ranking--facts tbody tr")
    entries = json.loads((sample_site / "api" / "entries" / "mostovsky-tutor-community.json").read_text(encoding="utf-8"))
    derived = entries["derived"]
    assert derived["panel"]["status"] == "none" and derived["completeness"]["total"] > 0
    assert derived["sources"].startswith("программа «")
