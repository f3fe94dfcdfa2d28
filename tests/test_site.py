"""The site: `mkdocs build --strict` of the sample bank, read as HTML."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.validate.bank import load_bank

from tests.conftest import PRACTICES, ROOT, entry_files
from tests.minibank import make_minibank
from tests.sitebuild import mkdocs_build, page, soup

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def sample_bank():
    bank, problems = load_bank(PRACTICES)
    assert not problems.errors
    return bank


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def test_every_entry_has_a_page_with_title_and_panel(sample_site, sample_bank):
    for record in sample_bank.published():
        html = page(sample_site, f"{record.kind}/{record.slug}")
        h1 = html.find("h1")
        assert h1 is not None and record.title in _text(h1), record.slug
        panel = html.select_one(".bank-panel")
        assert panel is not None, record.slug
        assert html.find("html")["lang"] == "ru"


def test_tutoring_panel_rows_and_section_order(sample_site, sample_bank):
    record = sample_bank.get("kemerovo-tutor-technologies")
    html = page(sample_site, "tutoring/kemerovo-tutor-technologies")
    labels = [_text(dt) for dt in html.select(".bank-panel dt")]
    for label in ("Направления", "Целевые группы", "Организация", "Годы", "Статус", "Последняя проверка"):
        assert label in labels
    headings = [_text(h) for h in html.select("article h2")]
    order = ["Проблема", "Цель", "Задачи", "Этапы", "Ожидаемые результаты", "Источники описания"]
    positions = [next(i for i, h in enumerate(headings) if h.startswith(name)) for name in order]
    assert positions == sorted(positions), headings
    site = sample_bank.get(record.model.organization)
    link = html.select_one(".bank-panel a[href*='sites/']")
    assert link is not None and _text(link) == site.title


def test_programme_page_lists_every_module(sample_site, sample_bank):
    for record in sample_bank.of_kind("programmes"):
        html = page(sample_site, f"programmes/{record.slug}")
        table = html.find("table")
        cells = _text(table)
        for module in record.model.modules:
            assert module.title.split("«")[0].strip()[:30] in cells, (record.slug, module.title)
        assert "Всего" in cells


def test_programme_total_hours_with_minibank(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    make_minibank(project)
    # the hand-written pages cite sample entries: keep them out of this build
    for md in (project / "content").rglob("*.md"):
        md.write_text(re.sub(r"\[\[[^\]]*\]\]", "", md.read_text(encoding="utf-8")), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    html = page(tmp_path / "site", "programmes/young-teachers")
    rows = [[_text(td) for td in tr.find_all("td")] for tr in html.find("table").find_all("tr")[1:]]
    assert rows[0][1] == "Введение" and rows[0][3] == "4"
    assert rows[1][1] == "Практика" and rows[1][3] == "8"
    assert rows[-1][1] == "Всего" and rows[-1][3] == "12"
    panel = _text(html.select_one(".bank-panel"))
    assert "12 ч" in panel


def test_backlinks(sample_site, sample_bank):
    for practice in sample_bank.of_kind("tutoring"):
        cases = sample_bank.cases_of(practice.slug)
        html = page(sample_site, f"tutoring/{practice.slug}")
        hrefs = {a["href"] for a in html.select("article a[href]")}
        for case in cases:
            assert any(f"cases/{case.slug}/" in h for h in hrefs), (practice.slug, case.slug)
    for site in sample_bank.of_kind("sites"):
        html = page(sample_site, f"sites/{site.slug}")
        hrefs = {a["href"] for a in html.select("article a[href]")}
        for r in sample_bank.practices_of(site.slug) + sample_bank.programmes_of(site.slug):
            assert any(f"{r.kind}/{r.slug}/" in h for h in hrefs), (site.slug, r.slug)


def test_case_links_to_its_practice(sample_site, sample_bank):
    for case in sample_bank.of_kind("cases"):
        html = page(sample_site, f"cases/{case.slug}")
        assert html.select_one(f"a[href*='tutoring/{case.model.practice}/']") is not None


def test_edit_link_opens_yaml_source(sample_site):
    html = page(sample_site, "tutoring/mostovsky-tutor-community")
    edit = html.select_one("a.md-content__button[href*='/edit/']")
    assert edit is not None
    assert edit["href"].endswith("/edit/main/practices/tutoring/mostovsky-tutor-community.yml")
    # at the end, for authors: a sentence with the same link and the file's name
    source = html.select_one(".bank-source")
    assert "Предложите правку" in _text(source) and "practices/tutoring/mostovsky-tutor-community.yml" in _text(source)
    assert source.select_one("a")["href"] == edit["href"]


def test_entry_actions_stand_above_the_title(sample_site, sample_bank):
    for record in sample_bank.published():
        html = page(sample_site, f"{record.kind}/{record.slug}")
        buttons = html.select(".bank-entry-head .bank-actions [data-compare-slug]")
        if record.kind == "sites":  # organisations are neither compared nor printed as booklets
            assert not buttons, record.slug
            continue
        assert [b["data-compare-slug"] for b in buttons] == [record.slug]
        order = [el.name for el in html.select(".bank-entry-head .bank-actions, h1")]
        assert order[:2] == ["p", "h1"], (record.slug, order)  # not after the whole text


def test_entry_pages_are_not_in_navigation(sample_site):
    html = page(sample_site, "tutoring/mostovsky-tutor-community")
    nav_links = [a.get("href", "") for a in html.select("nav.md-nav a")]
    assert not any("mostovsky-tutor-community" in h for h in nav_links)
    assert not any("/programmes/timashevsky" in h for h in nav_links)


def _nav_targets(site: Path, path: Path) -> dict[str, str]:
    """Label → page the tabs and the site navigation of ``path`` lead to, as site paths."""
    html = soup(path)
    out = {}
    for a in html.select("a.md-tabs__link, nav.md-nav--primary a.md-nav__link[href]"):
        if a["href"].startswith("#"):  # the page's own contents
            continue
        target = (path.parent / a["href"].split("#")[0]).resolve()
        out[_text(a)] = target.relative_to(site.resolve()).as_posix()
    return out


def test_navigation_on_entry_pages_leads_where_it_says(sample_site, sample_bank):
    # the tabs and the navigation are rendered once per folder of entries and reused: from
    # tutoring/x/ the catalogue of practices is ../, from cases/y/ it is ../../tutoring/
    expected = _nav_targets(sample_site, sample_site / "index.html")
    assert expected.get("Каталог") == "tutoring" and len(expected) > 5
    for record in sample_bank.records.values():
        got = _nav_targets(sample_site, sample_site / record.kind / record.slug / "index.html")
        assert got == expected, record.path


def test_catalogues_terms_and_places(sample_site, sample_bank):
    for kind in ("tutoring", "programmes", "cases", "sites"):
        html = page(sample_site, kind)
        cards = html.select(".bank-card")
        assert len(cards) == len(sample_bank.of_kind(kind))
    html = page(sample_site, "terms/directions/gifted-children")
    titles = {_text(a) for a in html.select(".bank-card__title a")}
    expected = {r.title for r in sample_bank.term_index[("directions", "gifted-children")]}
    assert titles == expected and expected
    html = page(sample_site, "terms/municipalities/timashevsky-district")
    assert len(html.select(".bank-card")) == len(sample_bank.place_index[("municipalities", "timashevsky-district")])
    terms = page(sample_site, "terms")
    assert terms.select_one("a[href*='directions/gifted-children/']") is not None
    places = page(sample_site, "places")
    assert "Краснодарский край" in _text(places)


def test_all_internal_links_resolve(sample_site):
    missing = []
    for path in sample_site.rglob("*.html"):
        html = soup(path)
        for a in html.select("a[href]"):
            href = a["href"].split("#")[0].split("?")[0]
            if not href or href.startswith(("http:", "https:", "mailto:", "javascript:", "webcal:")):
                continue
            if href.startswith("/"):  # 404.html links from the site root (site_url path /bank/)
                assert href.startswith("/bank/"), href
                target = (sample_site / href[len("/bank/"):]).resolve()
            else:
                target = (path.parent / href).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{path.relative_to(sample_site)} -> {a['href']}")
    assert not missing, missing[:20]


def test_hand_written_pages_and_recommendations(sample_site):
    home = page(sample_site, "")
    assert home.select(".bank-card"), "на главной нет новых записей"
    rec = page(sample_site, "recommendations/tutoring-and-staging-sites")
    entry_links = [a for a in rec.select("article a[href]") if re.search(r"(tutoring|programmes|cases|sites)/[a-z0-9-]+/", a["href"])]
    assert len(entry_links) >= 5
    assert rec.select(".bank-card")
    for url in ("about", "contribute", "recommendations"):
        assert page(sample_site, url).find("h1") is not None


def test_cyrillic_heading_anchors(sample_site):
    html = page(sample_site, "tutoring/mostovsky-tutor-community")
    ids = [h.get("id") for h in html.select("article h2[id]")]
    assert "проблема" in ids and "цель" in ids


def test_unknown_entry_reference_fails_build_with_page_and_line(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "test-artifacts",
                                                              "__pycache__", ".pytest_cache"))
    about = project / "content" / "about.md"
    lines = about.read_text(encoding="utf-8").split("\n")
    lines.insert(8, "См. также [[no-such-practice]].")
    about.write_text("\n".join(lines), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "content/about.md:9:" in result.stderr and "no-such-practice" in result.stderr


def test_invalid_entry_fails_build_with_validator_message(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "test-artifacts",
                                                              "__pycache__", ".pytest_cache"))
    path = project / "practices" / "sites" / "kripkipro.yml"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    n = next(i for i, l in enumerate(lines) if l.startswith("type:"))
    lines[n] = "type: institut"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"practices/sites/kripkipro.yml:{n + 1}:7: «institut» нет в словаре «site_types»" in result.stderr


def _scale_copy(src: Path, dst: Path, copies: int) -> None:
    """Copy every entry `copies` times under new slugs, references rewired to the copies."""
    slugs = [p.stem for p in entry_files(src)]
    pattern = re.compile(r"^(organization|site|practice|parent): (\S+)$", re.M)
    for path in entry_files(src):
        text = path.read_text(encoding="utf-8")
        for n in range(1, copies):
            new = pattern.sub(lambda m: f"{m.group(1)}: {m.group(2)}-x{n}" if m.group(2) in slugs else m.group(0), text)
            new = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1).rstrip()} (копия {n})"
                         if not m.group(1).startswith(('"', "'", ">", "|")) else m.group(0), new, count=1, flags=re.M)
            if new.count("(копия") == 0:
                new = re.sub(r"^title: ([\"'])(.*)\1$", lambda m: f"title: {m.group(1)}{m.group(2)} (копия {n}){m.group(1)}",
                             new, count=1, flags=re.M)
            (dst / path.parent.name / f"{path.stem}-x{n}.yml").write_text(new, encoding="utf-8")


def test_entry_page_size_does_not_grow_with_bank(tmp_path, sample_site):
    project = tmp_path / "p"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "test-artifacts",
                                                              "__pycache__", ".pytest_cache"))
    _scale_copy(PRACTICES, project / "practices", 10)
    bank, problems = load_bank(project / "practices")
    assert not problems.errors, problems.errors[:3]
    assert len(bank.records) == 10 * len(entry_files())
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    for url in ("tutoring/mostovsky-tutor-community", "programmes/timashevsky-ict-competences",
                "cases/timashevsky-young-teacher-case"):
        small = (sample_site / url / "index.html").stat().st_size
        large = (tmp_path / "site" / url / "index.html").stat().st_size
        assert abs(large - small) <= small * 0.01, (url, small, large)
    # the catalogue is paginated: its first page does not hold every entry
    assert len(page(tmp_path / "site", "sites").select(".bank-card")) <= 60


def test_browse_lists_and_search_index_describe_every_published_entry(sample_site, sample_bank):
    """api/browse/ (facets, cards) and search/ (words) number the entries the same way, and
    the index finds every entry by each word of its title; the site's other pages are in the
    manifest with their titles."""
    import base64
    import json

    from generator.outputs.browse import ordered
    from generator.bank.views import facet_config, search_data
    from generator.outputs.search_index import terms, words

    urls = [r.url for r in ordered(sample_bank)]
    assert len(urls) == len(sample_bank.published())
    for number, url in enumerate(urls):
        card = json.loads((sample_site / f"api/cards/{number}.json").read_text(encoding="utf-8"))
        assert card["url"] == url
    manifest = json.loads((sample_site / "search/index.json").read_text(encoding="utf-8"))
    assert manifest["entries"] == len(urls)
    shards = {key: json.loads((sample_site / f"search/t/{name}.json").read_text(encoding="utf-8"))
              for key, name in manifest["shards"].items()}

    def holder(term: str) -> dict:
        key = max((k for k in shards if term.startswith(k)), key=len)
        return shards[key][term]

    def members(posting) -> set[int]:
        if not posting:
            return set()
        if isinstance(posting, str):
            bits = base64.b64decode(posting)
            return {i for i in range(len(bits) * 8) if bits[i >> 3] >> (i & 7) & 1}
        out, n = set(), -1
        for gap in posting:
            n += gap
            out.add(n)
        return out

    by_url = {f"{r.kind}/{r.slug}/": r for r in sample_bank.published()}
    for number, url in enumerate(urls):
        for term in terms(by_url[url].title):
            assert number in members(holder(term)[0]), (url, term)  # title words: «head» set
    assert words("Одарённые дети, ИКТ-компетенции") == ["одаренные", "дети", "икт", "компетенции"]
    pages = {url: title for url, title in manifest["pages"]}
    recommendations = [u for u in pages if u.startswith("recommendations/")]
    assert recommendations and all(pages[u] and (sample_site / u / "index.html").exists() for u in recommendations)
    # corrections for misspelt queries: every vocabulary label's words, then the bank's
    # frequent words as written, no function words, bounded whatever the size of the bank
    from generator.outputs.search_index import STOP_WORDS, WORDS_LIMIT

    offered = json.loads((sample_site / "search/words.json").read_text(encoding="utf-8"))["words"]
    assert len(offered) == len(set(offered)) <= WORDS_LIMIT
    assert {"тьюторское", "одарённые", "профориентация"} <= set(offered)
    assert not set(offered) & STOP_WORDS and all(len(w) >= 4 for w in offered)

    assert not set(pages) & set(urls)
    assert not (sample_site / "pagefind").exists()
    # every facet value's entry list matches the YAML
    by_url = {f"{r.kind}/{r.slug}/": r for r in sample_bank.published()}
    for facet in facet_config(sample_bank):
        lists = json.loads((sample_site / f"api/browse/{facet['key']}.json").read_text(encoding="utf-8"))
        for value in facet["values"]:
            numbers, n = [], -1
            for delta in lists.get(value["id"], []):
                n += delta
                numbers.append(n)
            expected = sorted(i for i, u in enumerate(urls)
                              if value["label"] in search_data(sample_bank, by_url[u])["filters"].get(facet["key"], []))
            assert numbers == expected, (facet["key"], value["id"])


def test_spelling_words_keep_the_frequent_and_the_vocabulary():
    from generator.outputs.search_index import spelling_words

    texts = ["Тьютор и тьюторы", "Тьютор в школе", "тьютор, школа", "Школа и олимпиада"]
    assert spelling_words(texts, always=["Одарённые дети"], limit=4) == ["одарённые", "дети", "тьютор", "школа"]


def test_theme_chrome_speaks_russian(sample_site):
    for name in ("", "tutoring", "bank"):
        html = page(sample_site, name)
        footer = html.select_one(".md-copyright").get_text(" ", strip=True)
        assert "Made with" not in footer and "Сайт собран с помощью Material for MkDocs" in footer
        logos = html.select(".md-logo img")
        assert logos and all(img.get("alt") == "" for img in logos)
        assert all(a.get("aria-label") for a in html.select("a.md-logo"))


def test_home_and_bank_pages_have_different_titles(sample_site):
    assert page(sample_site, "").title.get_text(strip=True) == "Банк практик"
    assert page(sample_site, "bank").title.get_text(strip=True) == "Поиск по банку практик - Банк практик"
