"""Adoptions («внедрили у себя»): a kind of entry validated like every kind, counted on the
practice's page, in the bank's filter, in benchmarking (transfer shown in practice from two
other organisations), in statistics, open data and the feed; an honest empty state on the
sample bank, which documents none."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.bank import benchmarking as bm
from generator.validate.bank import load_bank
from tests.conftest import PRACTICES
from tests.minibank import FILES, make_minibank, make_project
from tests.sitebuild import mkdocs_build, page

ADOPTION = """\
title: {title}
summary: Школа перенесла практику к себе.
added: 2024-02-01
practice: gifted-practice
{who}
stage: {stage}
since: {since}
adapted: Сопровождение начали с седьмых классов, а не с пятых.
sources:
  - type: report
    title: Отчёт школы за год
"""

OTHER_SITE = FILES["sites/test-school.yml"].replace("Школа для проверки", "Вторая школа")


def _write(practices: Path, slug: str, who: str, stage: str = "adopted", since: int = 2023,
           title: str | None = None) -> Path:
    folder = practices / "adoptions"
    folder.mkdir(exist_ok=True)
    path = folder / f"{slug}.yml"
    path.write_text(ADOPTION.format(title=title or f"Внедрение {slug}", who=who, stage=stage, since=since),
                    encoding="utf-8")
    return path


def _fixture(root: Path) -> Path:
    practices = make_minibank(root)
    (practices / "sites" / "second-school.yml").write_text(OTHER_SITE, encoding="utf-8")
    _write(practices, "in-second-school", "organization: second-school", title="Вторая школа внедрила")
    _write(practices, "in-kuzbass", "organization_name: Гимназия в Кемерове\nregion: kemerovo-oblast",
           since=2024, title="Гимназия в Кемерове внедрила")
    _write(practices, "planned-elsewhere", "organization_name: Школа, которая собирается\nregion: chuvashia",
           stage="planned", since=2030, title="Школа в Чувашии планирует")
    return practices


def _messages(practices: Path) -> list[str]:
    _, problems = load_bank(practices)
    return [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in problems.items]


def test_adoptions_count_other_organisations_only(tmp_path):
    practices = _fixture(tmp_path)
    bank, problems = load_bank(practices)
    assert problems.items == []
    record = bank.get("gifted-practice")
    assert len(bank.adoptions_of("gifted-practice")) == 3
    assert len(bm.adopters(bank, record)) == 2  # the planned one does not count
    assert bm.transfer_level(bank, record).startswith("переносимость подтверждена: внедрена в 2")
    from generator.bank.views import search_data

    assert search_data(bank, record)["filters"]["adopted"] == ["есть внедрения"]
    assert "adopted" not in search_data(bank, bank.get("young-teachers"))["filters"]


def test_each_rule_is_an_error_on_its_line(tmp_path):
    practices = make_minibank(tmp_path)
    path = _write(practices, "both", "organization: test-school\nprogramme: young-teachers")
    found = _messages(practices)
    assert any(m.startswith("practices/adoptions/both.yml:1:1: ") and "одно из двух: практику (practice) или "
               "программу (programme)" in m for m in found), found
    path.write_text(path.read_text(encoding="utf-8").replace("programme: young-teachers\n", ""), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("organization:"))
    assert _messages(practices) == [f"practices/adoptions/both.yml:{line}:15: «test-school» ведёт «Тьюторское "
                                    "сопровождение одарённых детей» (или это её головная организация): внедрение — "
                                    "это перенос практики в другую организацию; укажите организацию, которая её "
                                    "внедрила"]
    path.unlink()
    _write(practices, "nameless", "organization_name: Школа без региона")
    assert any("у организации не из банка укажите регион (region)" in m for m in _messages(practices))
    (practices / "adoptions" / "nameless.yml").unlink()
    path = _write(practices, "future", "organization_name: Школа\nregion: chuvashia", since=2099)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("since"))
    assert _messages(practices) == [f"practices/adoptions/future.yml:{line}:8: год 2099 ещё не наступил, а стадия — "
                                    "«внедрено»; если внедрение только планируется, укажите stage: planned"]
    path.write_text(path.read_text(encoding="utf-8").replace("practice: gifted-practice", "practice: gone"),
                    encoding="utf-8")
    assert any("ссылка на «gone» не найдена среди записей practices/tutoring/" in m for m in _messages(practices))


def test_sample_bank_shows_an_honest_empty_state():
    from generator.render.pages import build_pages

    bank, _ = load_bank(PRACTICES)
    assert bank.of_kind("adoptions") == []  # the seeds document no adoption
    pages = {p.src_uri: p for p in build_pages(bank)}
    practice = pages["tutoring/mostovsky-tutor-community.md"].markdown()
    assert "## Внедрили у себя: 0" in practice and "Пока никто не сообщил о внедрении этой практики" in practice
    assert "(../submit.md)" in practice  # a Markdown link: MkDocs checks it
    catalogue = pages["adoptions/index.md"].markdown()
    assert "Пока никто не сообщил о внедрении" in catalogue


@pytest.fixture(scope="module")
def adopted_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("adopted")
    project, practices = make_project(tmp)
    import shutil

    shutil.rmtree(practices)
    _fixture(project)
    site = tmp / "site"
    result = mkdocs_build(project, site, env={"BANK_PDF": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


@pytest.mark.slow
def test_practice_page_rankings_stats_and_data_show_adoptions(adopted_site):
    html = page(adopted_site, "tutoring/gifted-practice")
    section = _text(html.select_one("article"))
    assert "Внедрили у себя: 2" in section
    assert "Вторая школа внедрила — Вторая школа, Тимашевский район, с 2023 г." in section
    assert "Гимназия в Кемерове внедрила — Гимназия в Кемерове, Кемеровская область — Кузбасс, с 2024 г." in section
    assert "Планируют внедрить (в бенчмаркинге не учитывается)" in section and "Школа в Чувашии планирует" in section
    adoption = page(adopted_site, "adoptions/in-kuzbass")
    assert "Сопровождение начали с седьмых классов" in _text(adoption.select_one("article"))
    assert adoption.select_one(".bank-panel a[href$='tutoring/gifted-practice/']") is not None
    rankings = page(adopted_site, "rankings")
    table = rankings.find(id="adoptions").find_next("table")
    row = _text(table.select_one("tbody tr"))
    assert "Тьюторское сопровождение одарённых детей" in row and "2 орг." in row
    assert "переносимость подтверждена" in row
    stats = page(adopted_site, "stats")
    years = {_text(r.find_all("td")[0]): _text(r.find_all("td")[1]) for r in stats.select("#chart-adoption_years-table tbody tr")}
    assert years == {"2023": "1", "2024": "1"}  # planned adoptions are not counted
    regions = {_text(r.find_all("td")[0]): _text(r.find_all("td")[1]) for r in stats.select("#chart-adoption_regions-table tbody tr")}
    assert regions == {"Краснодарский край": "1", "Кемеровская область — Кузбасс": "1"}
    data = json.loads((adopted_site / "data" / "bank.json").read_text(encoding="utf-8"))
    kinds = [e["kind"] for e in data["entries"]]
    assert kinds.count("adoptions") == 3
    import pandas as pd

    sheet = pd.read_excel(adopted_site / "data" / "bank.xlsx", sheet_name="Внедрения")
    assert set(sheet["Стадия внедрения"]) == {"внедрено", "планируется"}
    practices = pd.read_excel(adopted_site / "data" / "bank.xlsx", sheet_name="Практики")
    assert practices.set_index("Имя записи").loc["gifted-practice", "Внедрения"] == 2
    feed = (adopted_site / "feed.xml").read_text(encoding="utf-8")
    assert "Гимназия в Кемерове внедрила" in feed


@pytest.mark.slow
@pytest.mark.browser
def test_bank_filter_finds_adopted_entries(adopted_site):
    from playwright.sync_api import sync_playwright

    from tests.browser import SiteServer, launch

    with SiteServer(adopted_site) as srv, sync_playwright() as p:
        browser = launch(p)
        pg = browser.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(srv.base + "bank/?adopted=yes")
        pg.wait_for_selector("#bank-results .bank-card")
        titles = pg.locator("#bank-results .bank-card__title").all_inner_texts()
        assert titles == ["Тьюторское сопровождение одарённых детей"]
        label = pg.locator("fieldset[data-facet='adopted'] label").first
        assert "есть внедрения" in label.inner_text() and "(1)" in label.inner_text()
        assert errors == []
        browser.close()
