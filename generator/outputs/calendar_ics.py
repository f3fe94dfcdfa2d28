"""The events calendar as iCalendar (RFC 5545): one ``.ics`` for the whole bank and one per
organising site, made with the maintained `icalendar` library.

Calendar applications subscribe to these files (``webcal://…``) and fetch them again now and
then, so every event keeps its UID from build to build (`FiledEvent.uid`: organiser, start and
title, not its place in the file). The output is the same bytes for the same bank: no build time
is written anywhere — DTSTAMP is the event's own first day, taken from the data. An event the
source dates by month only is an all-day event over the whole month (or months), and its
DESCRIPTION says that the day is not known; a planned event is TENTATIVE, a held one CONFIRMED.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from generator.bank.core import Bank
from generator.model.entries import SOURCE_TYPES
from generator.model.events import FiledEvent
from generator.urls import calendar_ics, calendar_url

PRODID = "-//Банк практик//Календарь событий//RU"


def _description(bank: Bank, filed: FiledEvent) -> str:
    e = filed.event
    vocab = bank.vocabulary
    lines = [f"{vocab.label('event_types', e.type)} · {e.status_label}"]
    if e.month_precision:
        lines.append(f"Источник называет только месяц ({e.dates_label}), точный день не указан: "
                     "в календаре событие занимает весь месяц.")
    if e.description:
        lines.append(" ".join(e.description.split()))
    site = bank.get(e.site)
    lines.append(f"Организатор: {site.title if site else e.site}")
    for field, label in (("programme", "Программа"), ("practice", "Практика")):
        slug = getattr(e, field)
        if slug and bank.get(slug) is not None:
            lines.append(f"{label}: {bank.get(slug).title}")
    if e.audience:
        lines.append("Для кого: " + ", ".join(vocab.label("audiences", a) for a in e.audience))
    if e.format:
        lines.append(f"Формат: {e.format_label}")
    if e.registration:
        lines.append(f"Регистрация: {e.registration}")
    source = f"{SOURCE_TYPES[e.source.type]} «{e.source.title}»" + (f", {e.source.year}" if e.source.year else "")
    lines.append(f"Источник: {source}")
    return "\n".join(lines)


def _vevent(bank: Bank, filed: FiledEvent, base: str):
    from icalendar import Event as VEvent

    e = filed.event
    item = VEvent()
    item.add("uid", filed.uid)
    item.add("dtstamp", datetime.combine(e.first_day, time(0, 0), tzinfo=timezone.utc))
    item.add("dtstart", e.first_day)
    item.add("dtend", filed.end_exclusive())
    item.add("summary", e.title)
    item.add("description", _description(bank, filed))
    if e.place:
        item.add("location", e.place)
    item.add("categories", [bank.vocabulary.label("event_types", e.type)])
    item.add("status", "CONFIRMED" if e.status == "held" else "TENTATIVE")
    item.add("transp", "TRANSPARENT")  # a month-long plan does not make anyone busy
    item.add("class", "PUBLIC")
    if base:
        item.add("url", f"{base}{calendar_url()}#{filed.anchor}")
    return item


def _calendar(bank: Bank, events: list[FiledEvent], base: str, name: str, about: str, path: str) -> bytes:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", about)
    cal.add("x-wr-caldesc", about)
    if base:
        cal.add("source", f"{base}{path}", parameters={"VALUE": "URI"})
        cal.add("url", f"{base}{calendar_url()}", parameters={"VALUE": "URI"})
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    for filed in sorted(events, key=lambda f: f.sort_key):
        cal.add_component(_vevent(bank, filed, base))
    return cal.to_ical()


def calendar_files(bank: Bank, site_url: str, site_name: str) -> dict[str, bytes]:
    """``calendar/events.ics`` with every event and ``calendar/<site>.ics`` for each organiser: site path → bytes."""
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    base = base if base.startswith(("http://", "https://")) else ""
    name = site_name or "Банк практик"
    about = "Семинары, стажировки, консультации и другие события из планов организаций банка практик"
    out = {calendar_ics(): _calendar(bank, bank.events, base, f"{name}: календарь событий", about, calendar_ics())}
    by_site: dict[str, list[FiledEvent]] = {}
    for filed in bank.events:
        by_site.setdefault(filed.event.site, []).append(filed)
    for slug in sorted(by_site):
        site = bank.get(slug)
        title = site.title if site is not None else slug
        out[calendar_ics(slug)] = _calendar(bank, by_site[slug], base, f"{name}: {title}",
                                            f"События организации «{title}» из банка практик", calendar_ics(slug))
    return out
