"""Events of the network as data: ``practices/events/<year>.yml``, one file per year.

Each file holds ``events:`` — a list of seminars, staging sessions, consultations, festivals
and the other dated items of the organisations' plans that start in that year. An event names
its type (vocabulary section ``event_types``), its dates (a day ``2021-03-15`` or, when the
source gives only a month, ``2021-03``), the organising site, the programme or practice it
belongs to, the audience, the format, the place, a registration address, whether it is
planned or held, and the document that says so. These classes only describe the files; the
rules between files (terms, references, the year of the file, a held event that has not come
yet) are in `validate.events`.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, Callable, Literal

from pydantic import BeforeValidator, AfterValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from generator.model.entries import SOURCE_TYPES, Line, Markdown, Slug, Source, Strict, Url, ref, term, terms
from generator.textutil import MONTHS_GENITIVE

EVENTS_DIR = "events"
YEAR_FILE = re.compile(r"^(\d{4})\.yml$")

EVENT_FORMATS = {"in_person": "очно", "online": "дистанционно", "mixed": "смешанно"}
EVENT_STATUSES = {"planned": "запланировано", "held": "проведено"}
# documents that can tell that an event took place (a plan or an application cannot)
REPORTING_SOURCES = ("report", "publication")

MONTHS_NOMINATIVE = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                     "сентябрь", "октябрь", "ноябрь", "декабрь"]

_WHEN = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _when_input(value: Any) -> Any:
    """A date as YAML or Python gives it becomes the text the file holds; a bare year is refused
    with a hint (the calendar needs at least the month)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        raise PydanticCustomError(
            "when_year", "указан только год ({value}); укажите месяц ГГГГ-ММ (например {value}-03) "
                         "или день ГГГГ-ММ-ДД", {"value": value})
    return value


def _check_when(value: str) -> str:
    value = value.strip()
    match = _WHEN.match(value)
    if match:
        year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
        if 1990 <= year <= 2100 and 1 <= month <= 12 and (
                day is None or 1 <= int(day) <= calendar.monthrange(year, month)[1]):
            return value
    raise PydanticCustomError(
        "when", "неверная дата «{value}»: укажите день ГГГГ-ММ-ДД (например 2021-03-15) или, если "
                "источник называет только месяц, месяц ГГГГ-ММ (например 2021-03)", {"value": value[:40]})


# A day «2021-03-15» or a month «2021-03», kept as written.
When = Annotated[str, BeforeValidator(_when_input), Field(max_length=10, json_schema_extra={
    "pattern": r"^\d{4}-\d{2}(-\d{2})?$", "examples": ["2021-03-15", "2021-03"]}), AfterValidator(_check_when)]


def first_day(when: str) -> date:
    """The first day a ``When`` covers: the day itself, or the 1st of the month."""
    parts = [int(p) for p in when.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)


def last_day(when: str) -> date:
    """The last day a ``When`` covers: the day itself, or the last day of the month."""
    parts = [int(p) for p in when.split("-")]
    if len(parts) == 3:
        return date(*parts)
    return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])


def is_month(when: str) -> bool:
    return len(when) == 7


def when_label(when: str, year: bool = True) -> str:
    """«15 марта 2021 г.» or, for a month, «март 2021»."""
    d = first_day(when)
    if is_month(when):
        return f"{MONTHS_NOMINATIVE[d.month - 1]} {d.year}" if year else MONTHS_NOMINATIVE[d.month - 1]
    return f"{d.day} {MONTHS_GENITIVE[d.month - 1]} {d.year} г." if year else f"{d.day} {MONTHS_GENITIVE[d.month - 1]}"


def dates_label(start: str, end: str | None) -> str:
    """The dates of an event in Russian: «март 2021», «октябрь – ноябрь 2020», «15–17 марта 2021 г.»,
    «апрель 2018 – апрель 2019», «28 февраля – 2 марта 2021 г.»."""
    if end is None or end == start:
        return when_label(start)
    a, b = first_day(start), first_day(end)
    if is_month(start) and is_month(end):
        if a.year == b.year:
            return f"{MONTHS_NOMINATIVE[a.month - 1]} – {MONTHS_NOMINATIVE[b.month - 1]} {b.year}"
        return f"{when_label(start)} – {when_label(end)}"
    if not is_month(start) and not is_month(end) and a.year == b.year:
        if a.month == b.month:
            return f"{a.day}–{b.day} {MONTHS_GENITIVE[b.month - 1]} {b.year} г."
        return f"{when_label(start, year=False)} – {when_label(end)}"
    return f"{when_label(start)} – {when_label(end)}"


class Event(Strict):
    """Событие: семинар, стажировка, консультация, фестиваль… из плана организации."""
    model_config = ConfigDict(title="Событие")
    title: Line = Field(title="Название", description="Название события так, как его называет источник, "
                                                      "например «Деловая игра «Педагогическое проектирование»»")
    type: str = term("event_types", "Вид события", "Вид из словаря event_types: seminar, internship, "
                                                   "consultation, festival…")
    start: When = Field(title="Начало", description="День ГГГГ-ММ-ДД или, если источник называет только "
                                                    "месяц, месяц ГГГГ-ММ; год начала — это имя файла")
    end: When | None = Field(None, title="Окончание",
                             description="Последний день или месяц, если событие длится дольше одного дня "
                                         "(например «октябрь – ноябрь 2020»: start 2020-10, end 2020-11)")
    site: Slug = ref("sites", "Организатор", "Имя файла организации из practices/sites/, которая проводит "
                                             "событие (площадка, на базе которой оно идёт, или автор плана)")
    programme: Slug | None = ref("programmes", "Программа",
                                 "Имя файла программы из practices/programmes/, к которой относится событие",
                                 default=None)
    practice: Slug | None = ref("tutoring", "Практика",
                                "Имя файла практики из practices/tutoring/, к которой относится событие",
                                default=None)
    audience: list[str] = terms("audiences", "Для кого",
                                "Целевые группы из словаря audiences; не указывайте, если источник не называет")
    format: Literal["in_person", "online", "mixed"] | None = Field(
        None, title="Формат", description="in_person — очно, online — дистанционно, mixed — смешанно; "
                                          "не указывайте, если источник не называет")
    place: Line | None = Field(None, title="Место", description="Где проходит: организация, адрес или площадка")
    registration: Url | None = Field(None, title="Регистрация", description="Адрес страницы записи на событие")
    description: Markdown | None = Field(None, title="Кратко",
                                         description="Что будет на событии (одно-два предложения)")
    status: Literal["planned", "held"] = Field(
        title="Статус", description="planned — запланировано (так сказано в плане или программе); held — "
                                    "проведено (только если это сообщает отчёт или публикация в source)")
    source: Source = Field(title="Источник", description="Документ, в котором названо событие: вид, название, год")

    @model_validator(mode="after")
    def _order(self) -> "Event":
        if self.end is not None and last_day(self.end) < first_day(self.start):
            raise PydanticCustomError(
                "end_before_start", "окончание ({end}) раньше начала ({start}); исправьте одну из дат",
                {"end": self.end, "start": self.start})
        return self

    # -- derived values ---------------------------------------------------------
    @property
    def first_day(self) -> date:
        return first_day(self.start)

    @property
    def last_day(self) -> date:
        return last_day(self.end or self.start)

    @property
    def month_precision(self) -> bool:
        """True when the source gives a month, not a day (start or end)."""
        return is_month(self.start) or (self.end is not None and is_month(self.end))

    @property
    def dates_label(self) -> str:
        return dates_label(self.start, self.end)

    @property
    def format_label(self) -> str:
        return EVENT_FORMATS.get(self.format or "", "")

    @property
    def status_label(self) -> str:
        return EVENT_STATUSES[self.status]


@dataclass(frozen=True)
class FiledEvent:
    """One checked event as the bank keeps it: the model and where it came from."""
    event: Event
    path: str   # as shown to people: practices/events/2021.yml
    index: int  # its place in the file's list

    @property
    def key(self) -> str:
        """A short id made of what the event is (organiser, start, title): the same in every build,
        whatever else changes in the file; the validator refuses two events with one key."""
        e = self.event
        text = f"{e.site}\n{e.start}\n{' '.join(e.title.lower().split())}"
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]

    @property
    def year(self) -> int:
        return self.event.first_day.year

    @property
    def anchor(self) -> str:
        """The id of the event on the calendar page (``calendar/#event-2021-…``)."""
        return f"event-{self.year}-{self.key}"

    @property
    def uid(self) -> str:
        """The iCalendar UID: stable across builds."""
        return f"{self.anchor}@practice-bank"

    @property
    def sort_key(self) -> tuple:
        e = self.event
        return (e.first_day, e.last_day, e.title.lower(), e.site)

    def end_exclusive(self) -> date:
        """The day after the last: iCalendar's end of an all-day event."""
        return self.event.last_day + timedelta(days=1)


# -- the events as a table: open data (data/events.csv, the «События» sheet) and the /data/ page -------------
@dataclass(frozen=True)
class EventColumn:
    header: str
    get: Callable[[Any, FiledEvent], Any]  # (bank, event) → value: text, number, date or None
    description: str


def _title_of(bank: Any, slug: str | None) -> str:
    record = bank.get(slug) if slug else None
    return record.title if record is not None else ""


EVENT_COLUMNS: list[EventColumn] = [
    EventColumn("Код события", lambda b, f: f.anchor, "Постоянный код: год и метка события; то же, что якорь на странице "
                                                      "календаря и UID в файлах .ics"),
    EventColumn("Название", lambda b, f: f.event.title, "Название события"),
    EventColumn("Вид события", lambda b, f: b.vocabulary.label("event_types", f.event.type),
                "Вид из словаря event_types: семинар, стажировка, консультация…"),
    EventColumn("Начало", lambda b, f: f.event.start, "Как в файле: день ГГГГ-ММ-ДД или месяц ГГГГ-ММ"),
    EventColumn("Окончание", lambda b, f: f.event.end, "Как в файле; пусто, если событие укладывается в день или месяц начала"),
    EventColumn("Сроки", lambda b, f: f.event.dates_label, "Сроки по-русски: «март 2021», «октябрь – ноябрь 2020»"),
    EventColumn("Первый день", lambda b, f: f.event.first_day, "Первый день события; для месяца — 1-е число"),
    EventColumn("Последний день", lambda b, f: f.event.last_day, "Последний день; для месяца — последнее число месяца"),
    EventColumn("Точность", lambda b, f: "месяц" if f.event.month_precision else "день",
                "«месяц», если источник называет только месяц, иначе «день»"),
    EventColumn("Организатор", lambda b, f: _title_of(b, f.event.site), "Организация, которая проводит событие"),
    EventColumn("Организатор (имя записи)", lambda b, f: f.event.site, "Имя файла организации в practices/sites/"),
    EventColumn("Программа", lambda b, f: _title_of(b, f.event.programme), "Программа, к которой относится событие"),
    EventColumn("Практика", lambda b, f: _title_of(b, f.event.practice), "Практика, к которой относится событие"),
    EventColumn("Для кого", lambda b, f: "; ".join(b.vocabulary.label("audiences", a) for a in f.event.audience),
                "Целевые группы; пусто, если источник их не называет"),
    EventColumn("Формат", lambda b, f: f.event.format_label, "очно, дистанционно или смешанно; пусто, если не указан"),
    EventColumn("Место", lambda b, f: f.event.place or "", "Где проходит событие"),
    EventColumn("Регистрация", lambda b, f: f.event.registration or "", "Адрес страницы записи на событие"),
    EventColumn("Статус", lambda b, f: f.event.status_label,
                "запланировано (названо в плане) или проведено (по отчёту или публикации)"),
    EventColumn("Источник", lambda b, f: f.event.source.title, "Документ, в котором названо событие"),
    EventColumn("Вид источника", lambda b, f: SOURCE_TYPES[f.event.source.type],
                "заявка, программа, план работы, отчёт или публикация"),
    EventColumn("Кратко", lambda b, f: f.event.description or "", "Что будет на событии"),
    EventColumn("Файл", lambda b, f: f.path, "Файл practices/events/<год>.yml, где записано событие"),
]
