"""The events calendar: practices/events/<year>.yml, its checks on their lines, the sample events
of the seed plans, the page /calendar/, the «События» sections, [[events:N]], the .ics feeds and
the open data — and, in a browser, the filters."""

from __future__ import annotations

import io
import json
import os
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from generator.model.events import dates_label
from generator.outputs.calendar_ics import calendar_files
from generator.outputs.data import data_files, to_json, to_xlsx
from generator.render.calendar import calendar_page, upcoming
from generator.render.page import SiteOptions, with_blocks
from generator.render.references import expand
from generator.validate.bank import load_bank

from tests.conftest import PRACTICES
from tests.minibank import make_minibank, make_project
from tests.sitebuild import mkdocs_build, page as site_page

SITE_URL = "https://institute.example/bank/"
TODAY = date(2026, 12, 1)

# A second organisation for the tiny bank, so that events have two organisers to filter by.
OTHER_SITE = """\
title: Методическая служба для проверки
summary: Вторая тестовая организация.
added: 2024-01-10
type: methodical-service
region: krasnodar-krai
"""

SOURCE = """\
    source:
      type: plan
      title: План работы для проверки
"""

# Three events of the tiny bank: a day, a month and two months; two organisers, three types.
EVENTS_2021 = """\
events:
  - title: Семинар для молодых педагогов
    type: seminar
    start: 2021-03-15
    site: test-school
    programme: young-teachers
    audience:
      - young-teachers
    format: in_person
    place: Актовый зал школы
    registration: https://example.org/register
    status: planned
""" + SOURCE + """
  - title: Консультация по индивидуальным маршрутам
    type: consultation
    start: 2021-03
    site: test-school
    practice: gifted-practice
    audience:
      - teachers
    status: planned
""" + SOURCE + """
  - title: Фестиваль методических идей
    type: festival
    start: 2021-10
    end: 2021-11
    site: other-service
    audience:
      - teachers
      - methodists
    status: planned
""" + SOURCE


def _bank(practices: Path, today: date = TODAY):
    return load_bank(practices, today=today)


def _errors(practices: Path, today: date = TODAY) -> list[str]:
    """The errors about events (the tiny bank's entries were added in 2024: an earlier «today»
    finds their dates in the future too)."""
    _, problems = _bank(practices, today)
    return [p.format() for p in problems.sorted() if p.severity == "error" and p.path.startswith("practices/events")]


def _line(path: Path, text: str, nth: int = 1) -> int:
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{text!r} not in {path}")


@pytest.fixture
def tiny(tmp_path) -> Path:
    practices = make_minibank(tmp_path)
    (practices / "sites" / "other-service.yml").write_text(OTHER_SITE, encoding="utf-8")
    (practices / "events").mkdir()
    (practices / "events" / "2021.yml").write_text(EVENTS_2021, encoding="utf-8")
    return practices


def _write(practices: Path, name: str, text: str) -> Path:
    path = practices / "events" / name
    path.write_text(text, encoding="utf-8")
    return path


def _one_event(**fields: str) -> str:
    """A file with one valid event whose fields are replaced (value None removes the field)."""
    base = {"title": "Семинар для проверки", "type": "seminar", "start": "2021-05", "site": "test-school",
            "status": "planned"}
    base.update(fields)
    lines = ["events:"]
    first = True
    for key, value in base.items():
        if value is None:
            continue
        lines.append(f"  {'- ' if first else '  '}{key}: {value}")
        first = False
    return "\n".join(lines) + "\n" + SOURCE


# -- the model ------------------------------------------------------------------------------
@pytest.mark.parametrize("start, end, label", [
    ("2021-03", None, "март 2021"),
    ("2020-10", "2020-11", "октябрь – ноябрь 2020"),
    ("2018-04", "2019-04", "апрель 2018 – апрель 2019"),
    ("2021-03-15", None, "15 марта 2021 г."),
    ("2021-03-15", "2021-03-17", "15–17 марта 2021 г."),
    ("2021-02-28", "2021-03-02", "28 февраля – 2 марта 2021 г."),
])
def test_dates_in_russian(start, end, label):
    assert dates_label(start, end) == label


# -- the sample bank: the seed plans -----------------------------------------------------------
@pytest.fixture(scope="module")
def sample():
    bank, problems = load_bank(PRACTICES, today=TODAY)
    assert [p.format() for p in problems.errors] == []
    return bank


def test_sample_events_load(sample):
    years = Counter(f.year for f in sample.events)
    # seed 000 (КРИПКиПРО, 2017–2019) and seed 004 (ресурсный центр Тимашевского района, 2020–2023)
    assert years == {2017: 2, 2018: 7, 2019: 4, 2020: 13, 2021: 11, 2022: 11, 2023: 8}
    assert {f.event.site for f in sample.events} == {"kripkipro", "timashevsky-resource-centre",
                                                     "timashevsky-school-2", "timashevsky-kindergarten-7"}
    types = Counter(f.event.type for f in sample.events)
    assert types["consultation"] == 4 and types["seminar"] >= 8 and types["business-game"] == 1
    assert {"workshop", "festival", "internship", "master-class"} <= set(types)
    # plans are plans: no seed reports an event as held
    assert {f.event.status for f in sample.events} == {"planned"}
    assert all(f.event.source.type == "application" for f in sample.events)
    # in date order, every one with its own stable key
    assert [f.sort_key for f in sample.events] == sorted(f.sort_key for f in sample.events)
    assert len({f.uid for f in sample.events}) == len(sample.events)
    game = next(f for f in sample.events if f.event.type == "business-game")
    assert (game.event.start, game.event.site, game.event.programme) == (
        "2022-01", "timashevsky-school-2", "timashevsky-project-research-competences")


# -- validation errors, each on its line ----------------------------------------------------------
def test_the_tiny_events_are_valid(tiny):
    bank, problems = _bank(tiny)
    assert [p.format() for p in problems.errors] == []
    assert [f.event.title for f in bank.events] == [
        "Консультация по индивидуальным маршрутам", "Семинар для молодых педагогов", "Фестиваль методических идей"]


def test_unknown_term_is_named_with_a_suggestion(tiny):
    path = _write(tiny, "2021.yml", EVENTS_2021.replace("type: festival", "type: festivl")
                  .replace("      - methodists", "      - methodist"))
    errors = _errors(tiny)
    line = _line(path, "type: festivl")
    assert (f"practices/events/2021.yml:{line}:11: событие 3: «festivl» нет в словаре «event_types»; "
            "возможно, имелось в виду «festival» (Фестиваль)") in errors
    line = _line(path, "- methodist")
    assert any(e.startswith(f"practices/events/2021.yml:{line}:9: ") and "«methodist» нет в словаре «audiences»"
               in e and "«methodists»" in e for e in errors), errors


def test_unknown_site_programme_practice(tiny):
    path = _write(tiny, "2021.yml", EVENTS_2021.replace("site: other-service", "site: other-servise")
                  .replace("programme: young-teachers", "programme: gifted-practice")
                  .replace("practice: gifted-practice", "practice: no-such-practice"))
    errors = _errors(tiny)
    line = _line(path, "site: other-servise")
    assert (f"practices/events/2021.yml:{line}:11: событие 3: ссылка на «other-servise» не найдена среди записей "
            "practices/sites/; возможно, «other-service»") in errors
    line = _line(path, "programme: gifted-practice")
    assert (f"practices/events/2021.yml:{line}:16: событие 1: «gifted-practice» — запись вида tutoring, а здесь "
            "нужна запись из practices/programmes/") in errors
    line = _line(path, "practice: no-such-practice")
    assert any(e.startswith(f"practices/events/2021.yml:{line}:15: событие 2: ссылка на «no-such-practice» не найдена")
               for e in errors), errors


def test_end_before_start(tiny):
    path = _write(tiny, "2021.yml", _one_event(start="2021-05", end="2021-03"))
    line = _line(path, "end: 2021-03")
    assert _errors(tiny) == [f"practices/events/2021.yml:{line}:10: событие 1: окончание (2021-03) раньше начала "
                             "(2021-05); исправьте одну из дат"]


def test_bad_dates(tiny):
    path = _write(tiny, "2021.yml", _one_event(start="2021-02-30"))
    line = _line(path, "start:")
    assert _errors(tiny) == [
        f"practices/events/2021.yml:{line}:12: событие 1: поле «Начало»: неверная дата «2021-02-30»: укажите день "
        "ГГГГ-ММ-ДД (например 2021-03-15) или, если источник называет только месяц, месяц ГГГГ-ММ (например 2021-03)"]
    _write(tiny, "2021.yml", _one_event(start="2021"))
    assert any("указан только год (2021)" in e for e in _errors(tiny))


def test_held_event_in_the_future(tiny):
    path = _write(tiny, "2021.yml", _one_event(start="2021-09-01", status="held").replace("type: plan", "type: report"))
    line = _line(path, "status: held")
    assert _errors(tiny, today=date(2021, 6, 1)) == [
        f"practices/events/2021.yml:{line}:13: событие 1 отмечено как проведённое (held), но начнётся только "
        "1 сентября 2021 г.; пока оно не состоялось, пишите status: planned"]
    assert _errors(tiny, today=date(2021, 9, 2)) == []


def test_held_needs_a_report(tiny):
    path = _write(tiny, "2021.yml", _one_event(status="held"))
    line = _line(path, "status: held")
    errors = _errors(tiny)
    assert len(errors) == 1 and errors[0].startswith(f"practices/events/2021.yml:{line}:13: ")
    assert "источник — план работы" in errors[0] and "report или publication" in errors[0]


def test_wrong_year_file(tiny):
    path = _write(tiny, "2021.yml", _one_event(start="2022-01"))
    line = _line(path, "start: 2022-01")
    assert _errors(tiny) == [f"practices/events/2021.yml:{line}:12: событие 1 начинается в 2022 году, а лежит в "
                             "файле 2021.yml; перенесите его в practices/events/2022.yml (файл года — по дате начала)"]


def test_only_year_files_in_the_folder(tiny):
    folder = tiny / "events"
    (folder / "notes.txt").write_text("заметки", encoding="utf-8")
    (folder / "2022.yaml").write_text("events: []\n", encoding="utf-8")
    (folder / "old").mkdir()
    (folder / "old" / "2019.yml").write_text("events: []\n", encoding="utf-8")
    os.symlink(folder / "2021.yml", folder / "2020.yml")
    errors = _errors(tiny)
    assert any(e.startswith("practices/events/notes.txt:1:1: в practices/events/ лежат только файлы событий")
               for e in errors), errors
    assert any(e.startswith("practices/events/2022.yaml:1:1: ") and "переименуйте в 2022.yml" in e for e in errors)
    assert any(e.startswith("practices/events/old:1:1: вложенные папки") for e in errors), errors
    assert any(e.startswith("practices/events/2020.yml:1:1: ") and "символическая ссылка" in e for e in errors)
    assert len(errors) == 4, errors


def test_events_folder_may_not_be_a_link(tmp_path, tiny):
    elsewhere = tmp_path / "elsewhere"
    (tiny / "events").rename(elsewhere)
    os.symlink(elsewhere, tiny / "events")
    errors = _errors(tiny)
    assert errors == ["practices/events:1:1: practices/events должна быть папкой проекта (не ссылкой и не файлом): "
                      "в ней лежат файлы событий <год>.yml"]


def test_missing_field_unknown_field_and_duplicate(tiny):
    text = _one_event(status=None, colour="red") + _one_event().replace("events:\n", "")
    path = _write(tiny, "2021.yml", text)
    errors = _errors(tiny)
    assert f"practices/events/2021.yml:{_line(path, 'colour: red')}:5: событие 1: неизвестное поле «colour»; " \
           "допустимые поля: title, type, start, end, site, programme, practice, audience, format, place, " \
           "registration, description, status, source" in errors
    assert any(e.startswith("practices/events/2021.yml:2:5: событие 1: нет обязательного поля «status»") for e in errors)
    # the second event is the first one once again (without the bad fields): one event, two entries
    assert not any("такое же событие" in e for e in errors)
    _write(tiny, "2021.yml", _one_event() + _one_event().replace("events:\n", ""))
    second = _line(tiny / "events" / "2021.yml", "- title:", 2)
    assert _errors(tiny) == [f"practices/events/2021.yml:{second}:12: событие 2: такое же событие (организатор, "
                             "начало, название) уже есть в practices/events/2021.yml:2; оставьте одно"]


def test_file_without_an_events_list(tiny):
    _write(tiny, "2021.yml", "title: не то\n")
    errors = _errors(tiny)
    assert errors[0].startswith("practices/events/2021.yml:1:1: неизвестный раздел «title»")
    assert any("нужен раздел events" in e for e in errors)


# -- the calendar page, entry sections, [[events:N]] ----------------------------------------------
def _calendar(bank, site_url: str = SITE_URL):
    return with_blocks(lambda: [calendar_page(bank, SiteOptions(site_url=site_url))])[0]


def _calendar_markdown(bank, site_url: str = SITE_URL) -> str:
    return _calendar(bank, site_url).markdown()


def test_calendar_page_by_year_and_month(sample):
    text = _calendar_markdown(sample)
    # newest year first, months in calendar order within the year
    years = [int(line[3:7]) for line in text.splitlines() if line.startswith("## 20")]
    assert years == [2023, 2022, 2021, 2020, 2019, 2018, 2017]
    assert text.index('id="month-2022-01"') < text.index('id="month-2022-02"') < text.index('id="month-2021-01"')
    january = text[text.index('id="month-2022-01"'):text.index('id="month-2022-02"')]
    assert "Деловая игра «Педагогическое проектирование»" in january and "январь 2022" in january
    assert "Педагогический марафон" in january and "день не указан" in january
    assert text.count('<li class="bank-event ') == len(sample.events) == 56
    assert text.count("bank-badge--planned") >= 56 and "bank-ev-site-timashevsky-school-2" in text
    assert "bank-ev-aud-young-teachers" in text and "bank-ev-type-consultation" in text
    # the page has authors' text (titles, places): it is sanitized like the others; what the sanitizer
    # would drop — the form, webcal:// links — the theme draws from the front matter
    page = _calendar(sample)
    assert not page.own_markup and 'id="bank-calendar-tools"' in text
    cal = page.meta["bank_calendar"]
    assert cal["feed"] == {"file": "events.ics", "https": "https://institute.example/bank/calendar/events.ics",
                           "webcal": "webcal://institute.example/bank/calendar/events.ics"}
    school = next(f for f in cal["site_feeds"] if f["slug"] == "timashevsky-school-2")
    assert school["file"] == "timashevsky-school-2.ics" and school["webcal"].startswith("webcal://")
    facets = {f["key"]: {o["id"]: o["count"] for o in f["options"]} for f in cal["facets"]}
    assert facets["type"]["consultation"] == 4 and sum(facets["site"].values()) == 56
    local = _calendar(sample, site_url="").meta["bank_calendar"]["feed"]
    assert local == {"file": "events.ics", "https": "", "webcal": ""}
    assert _calendar_markdown(sample) == text  # the same bank, the same page


def test_entry_pages_show_their_events(sample):
    from generator.render.entries import entry_page

    pages = with_blocks(lambda: [entry_page(sample, sample.get(slug)) for slug in (
        "timashevsky-school-2", "timashevsky-project-research-competences", "kemerovo-tutor-technologies",
        "mostovsky-tutor-network")])
    school, programme, practice, no_events = (p.markdown() for p in pages)
    assert "## События" in school and "../../calendar/#event-2022-" in school
    assert "../../calendar/timashevsky-school-2.ics" in school and "?site=timashevsky-school-2" in school
    assert "Деловая игра «Педагогическое проектирование»" in programme and "Модельный семинар" in programme
    assert ".ics" not in programme.split("## События", 1)[1]  # feeds are per organiser
    assert practice.count('class="bank-event-row ') == 13  # the whole Kemerovo plan; 8 shown, 5 under «Ещё»
    assert "Ещё 5 (всего 13)" in practice
    assert "## События" not in no_events


def test_upcoming_events_directive(sample, monkeypatch):
    monkeypatch.setenv("PRACTICE_BANK_TODAY", "2022-01-20")
    text, problems = expand("## Ближайшие\n\n[[events:3]]\n", sample, "index.md", "content/index.md")
    assert problems == []
    assert text.count('class="bank-event-row ') == 3
    assert "Организация работы стажировочных площадок" in text  # January – November 2022: not over yet
    assert 'href="calendar/"' in text and "Все события — в календаре" in text
    assert [f.event.start for f in upcoming(sample, 3, date(2022, 1, 20))] == ["2022-01", "2022-01", "2022-01"]
    monkeypatch.setenv("PRACTICE_BANK_TODAY", "2026-12-01")
    text, _ = expand("[[events:3]]\n", sample, "about.md", "content/about.md")
    assert "bank-event-row" not in text
    assert ("Ближайших событий пока нет: в календаре 56 событий, и последнее из них приходится на "
            "сентябрь – декабрь 2023.") in text
    assert 'href="../calendar/"' in text


# -- iCalendar ---------------------------------------------------------------------------------
def test_ics_files_parse_and_hold_every_event(sample):
    from icalendar import Calendar

    files = calendar_files(sample, SITE_URL, "Банк практик")
    assert set(files) == {"calendar/events.ics", "calendar/kripkipro.ics", "calendar/timashevsky-resource-centre.ics",
                          "calendar/timashevsky-school-2.ics", "calendar/timashevsky-kindergarten-7.ics"}
    whole = Calendar.from_ical(files["calendar/events.ics"])
    assert str(whole["X-WR-CALNAME"]) == "Банк практик: календарь событий"
    vevents = {str(v["UID"]): v for v in whole.walk("VEVENT")}
    assert len(vevents) == len(sample.events)
    for filed in sample.events:
        v = vevents[filed.uid]
        e = filed.event
        assert str(v["SUMMARY"]) == e.title
        assert v.decoded("DTSTART") == e.first_day and v.decoded("DTEND") == filed.end_exclusive()
        assert str(v["URL"]) == f"{SITE_URL}calendar/#{filed.anchor}"
        assert str(v["STATUS"]) == "TENTATIVE"
        assert ("точный день не указан" in str(v["DESCRIPTION"])) == e.month_precision
    game = next(f for f in sample.events if f.event.type == "business-game")
    v = vevents[game.uid]
    assert (v.decoded("DTSTART"), v.decoded("DTEND")) == (date(2022, 1, 1), date(2022, 2, 1))  # all January
    assert str(v["LOCATION"]) == "МБОУ СОШ № 2 — стажировочная площадка"
    research = next(f for f in sample.events if f.event.start == "2018-04" and f.event.end == "2019-04")
    assert (vevents[research.uid].decoded("DTSTART"), vevents[research.uid].decoded("DTEND")) == (
        date(2018, 4, 1), date(2019, 5, 1))
    school = Calendar.from_ical(files["calendar/timashevsky-school-2.ics"])
    assert [str(v["UID"]) for v in school.walk("VEVENT")] == [game.uid]
    per_site = sum(len(Calendar.from_ical(b).walk("VEVENT")) for p, b in files.items() if p != "calendar/events.ics")
    assert per_site == len(sample.events)


def test_ics_is_deterministic_and_uids_are_stable(sample, tiny):
    first = calendar_files(sample, SITE_URL, "Банк практик")
    again, _ = load_bank(PRACTICES, today=TODAY)
    assert calendar_files(again, SITE_URL, "Банк практик") == first
    assert b"\r\n" in first["calendar/events.ics"] and b"DTSTAMP:" in first["calendar/events.ics"]
    # moving an event within its file keeps its UID
    bank, _ = _bank(tiny)
    before = {f.event.title: f.uid for f in bank.events}
    parts = EVENTS_2021.split("\n  - ")
    _write(tiny, "2021.yml", "\n  - ".join([parts[0], parts[3], parts[1], parts[2]]))
    bank, problems = _bank(tiny)
    assert not problems.errors
    assert {f.event.title: f.uid for f in bank.events} == before
    # without a site address: no URL, still valid
    assert b"URL:" not in calendar_files(bank, "", "Банк практик")["calendar/events.ics"]


# -- open data ------------------------------------------------------------------------------------
def test_events_in_open_data(sample):
    import openpyxl

    payload = json.loads(to_json(sample))
    assert len(payload["events"]) == 56 and len(payload["entries"]) == len(sample.published())
    game = next(e for e in payload["events"] if e["data"]["type"] == "business-game")
    assert game["data"]["start"] == "2022-01" and game["labels"]["type"] == "Деловая игра"
    assert game["url"].startswith("calendar/#event-2022-") and game["derived"]["last_day"] == "2022-01-31"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(sample)), read_only=True)
    assert "События" in book.sheetnames
    rows = list(book["События"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Код события", "Название", "Вид события", "Начало") and len(rows) == 57
    csv = data_files(sample, SITE_URL, "Банк практик")["data/events.csv"].decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Код события,Название,Вид события,Начало,Окончание,Сроки")
    assert len(csv.strip().splitlines()) == 57


# -- built sites (slow) -------------------------------------------------------------------------------
def _tiny_project(tmp_path: Path) -> Path:
    project, practices = make_project(tmp_path)
    if not (practices / "settings.yml").exists():  # the site's and the repository's addresses
        shutil.copy(PRACTICES / "settings.yml", practices / "settings.yml")
    (practices / "sites" / "other-service.yml").write_text(OTHER_SITE, encoding="utf-8")
    (practices / "events").mkdir()
    (practices / "events" / "2021.yml").write_text(EVENTS_2021, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("events")
    project = _tiny_project(tmp)
    site = tmp / "site"
    result = mkdocs_build(project, site, env={"BANK_PDF": "0", "BANK_NO_SEARCH": "1", "BANK_SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.mark.slow
def test_tiny_site_calendar(tiny_site):
    from icalendar import Calendar

    doc = site_page(tiny_site, "calendar")
    months = {s.find("h3").get_text(): [li.find("h4").get_text() for li in s.select("li.bank-event")]
              for s in doc.select("section.bank-calendar-month")}
    assert months == {"Март 2021": ["Консультация по индивидуальным маршрутам", "Семинар для молодых педагогов"],
                      "Октябрь 2021": ["Фестиваль методических идей"]}
    seminar = doc.select_one("li.bank-ev-type-seminar")
    assert "15 марта 2021 г." in seminar.get_text() and "очно" in seminar.get_text()
    assert seminar.select_one('a[href="https://example.org/register"]') is not None
    festival = doc.select_one("li.bank-ev-type-festival")
    assert festival.select_one(".bank-event__dates").get_text() == "октябрь – ноябрь 2021"
    assert "bank-ev-aud-teachers" in festival["class"] and "bank-ev-site-other-service" in festival["class"]
    assert doc.select_one("#bank-calendar-filters")["hidden"] is not None  # shown by the script only
    assert [o["value"] for o in doc.select("#bank-calendar-site option")] == ["", "other-service", "test-school"]
    # the filters and subscriptions stand between the introduction and the list
    tools = doc.select_one(".bank-calendar-tools")
    assert tools.find_previous("p", class_="bank-calendar-legend") is not None
    assert tools.find_next("section", class_="bank-calendar-month") is not None
    assert doc.select_one('a[href="events.ics"][download]') is not None
    assert doc.select_one('a[href="webcal://institute.example/bank/calendar/events.ics"]') is not None
    assert doc.select_one('script[src$="assets/javascripts/calendar.js"]') is not None
    school = site_page(tiny_site, "sites/test-school")
    assert "События" in school.get_text() and school.select_one('a[href="../../calendar/test-school.ics"]')
    whole = Calendar.from_ical((tiny_site / "calendar" / "events.ics").read_bytes())
    assert len(whole.walk("VEVENT")) == 3
    assert (tiny_site / "calendar" / "other-service.ics").exists()
    assert (tiny_site / "data" / "events.csv").read_text(encoding="utf-8-sig").count("\n") == 4


@pytest.mark.slow
def test_sample_site_calendar(sample_site):
    doc = site_page(sample_site, "calendar")
    events = doc.select("li.bank-event")
    assert len(events) == 56
    months = [h.get_text() for h in doc.select("section.bank-calendar-month h3")]
    assert months[:3] == ["Январь 2023", "Февраль 2023", "Март 2023"] and months[-1] == "Ноябрь 2017"  # by the month an event starts
    january = doc.select_one("#month-2022-01").find_parent("section")
    assert "Деловая игра «Педагогическое проектирование»" in january.get_text()
    assert len(doc.select("li.bank-ev-type-consultation")) == 4
    assert any(a["href"].startswith("webcal://") and a["href"].endswith("/calendar/events.ics")
               for a in doc.select("a[href]"))  # the sample's site_url is known
    home = site_page(sample_site, "")
    assert home.select_one(".bank-upcoming") is not None
    for name in ("events", "kripkipro", "timashevsky-resource-centre"):
        assert (sample_site / "calendar" / f"{name}.ics").exists()


# -- in the browser: filters, keyboard, narrow screens ------------------------------------------------
@pytest.mark.browser
@pytest.mark.slow
def test_calendar_filters_in_the_browser(tiny_site):
    from playwright.sync_api import sync_playwright

    from tests.browser import SiteServer, launch

    def visible(pg) -> list[str]:
        return pg.locator("li.bank-event:visible h4").all_inner_texts()

    with SiteServer(tiny_site) as server, sync_playwright() as p:
        browser = launch(p)
        try:
            pg = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.goto(server.base + "calendar/")
            assert pg.locator("#bank-calendar-filters").is_visible()
            assert pg.locator("#bank-calendar-status").inner_text() == "Все события: 3"
            pg.select_option("#bank-calendar-type", "seminar")
            assert visible(pg) == ["Семинар для молодых педагогов"]
            assert pg.locator("#bank-calendar-status").inner_text() == "Показано 1 событие из 3"
            assert "type=seminar" in pg.url
            assert not pg.locator("#year-2021").is_hidden()
            pg.select_option("#bank-calendar-type", "")
            pg.select_option("#bank-calendar-site", "test-school")
            assert len(visible(pg)) == 2 and not pg.locator("section.bank-calendar-month").nth(1).is_visible()
            # the other filters' counts follow the choice
            assert pg.locator('#bank-calendar-type option[value="festival"]').inner_text() == "Фестиваль (0)"
            pg.select_option("#bank-calendar-site", "other-service")
            pg.select_option("#bank-calendar-audience", "methodists")
            assert visible(pg) == ["Фестиваль методических идей"]
            pg.select_option("#bank-calendar-type", "consultation")
            assert visible(pg) == [] and pg.locator("#bank-calendar-empty").is_visible()
            assert pg.locator("#year-2021").is_hidden()
            pg.click("#bank-calendar-clear")
            assert len(visible(pg)) == 3 and pg.url.endswith("/calendar/")
            # a link keeps the choice; the keyboard reaches and changes every control
            pg.goto(server.base + "calendar/?site=other-service")
            assert visible(pg) == ["Фестиваль методических идей"]
            pg.focus("#bank-calendar-site")
            pg.keyboard.press("Tab")
            assert pg.evaluate("document.activeElement.id") == "bank-calendar-audience"
            pg.keyboard.press("ArrowDown")
            assert pg.evaluate("document.activeElement.value") != ""
            assert pg.locator("#bank-calendar-status").inner_text().startswith("Показано")
            assert errors == []
            # 360 px: nothing scrolls sideways, the filters stay usable
            narrow = browser.new_page(viewport={"width": 360, "height": 800})
            for url in ("calendar/", "sites/test-school/", ""):
                narrow.goto(server.base + url)
                assert narrow.evaluate("document.documentElement.scrollWidth") <= 360, url
            narrow.goto(server.base + "calendar/")
            narrow.select_option("#bank-calendar-type", "festival")
            assert narrow.locator("li.bank-event:visible").count() == 1
            # without JavaScript everything is listed and no dead form is shown
            context = browser.new_context(java_script_enabled=False)
            plain = context.new_page()
            plain.goto(server.base + "calendar/")
            assert plain.locator("li.bank-event:visible").count() == 3
            assert not plain.locator("#bank-calendar-filters").is_visible()
            context.close()
        finally:
            browser.close()
