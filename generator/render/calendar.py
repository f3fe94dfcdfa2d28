"""The events calendar: the page ``/calendar/``, the «События» section of entry pages and the
«Ближайшие события» block of hand-written pages (``[[events:N]]``).

The page lists every event of ``practices/events/`` by year (newest first) and month (in
calendar order within the year). Nothing on it depends on the day of the build, so two builds
of the same bank give the same page; only ``[[events:N]]`` looks at today's date (or
``PRACTICE_BANK_TODAY``). Filters by type, organiser and audience run in the browser
(``assets/javascripts/calendar.js``): every event carries its values in its classes, the
theme's ``calendar.html`` draws the form from the front matter, and without the script
everything stays listed. The page goes through the sanitizer like every page with authors' text.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from itertools import groupby
from typing import Any

from generator.bank.core import Bank, Record
from generator.model.entries import SOURCE_TYPES
from generator.model.events import MONTHS_NOMINATIVE, FiledEvent
from generator.problems import plural
from generator.render.page import GeneratedPage, Linker, SiteOptions, env
from generator.textutil import plain_text
from generator.urls import calendar_ics, calendar_src, calendar_url

SHOWN_ON_ENTRY = 8  # events an entry page shows before «ещё N»


def today() -> date:
    """The day «upcoming» is counted from: ``PRACTICE_BANK_TODAY`` (as for `validate`) or today."""
    value = os.environ.get("PRACTICE_BANK_TODAY")
    return date.fromisoformat(value) if value else date.today()


def _record_link(record: Record | None, link: Linker) -> dict[str, str] | None:
    return {"title": record.title, "url": link.entry(record)} if record is not None else None


def _row_type(label: str, title: str) -> str:
    """The type as a compact row names it: nothing when the title says it already
    («Практико-ориентированный семинар «…»», «Консультация «…»», «Выпуск методических пособий…»)."""
    words = [w[:6] for w in label.lower().replace("ё", "е").split() if len(w) >= 5]
    text = title.lower().replace("ё", "е")
    return "" if any(w in text for w in words) else label


def event_view(bank: Bank, filed: FiledEvent, link: Linker) -> dict[str, Any]:
    """What a page shows of one event (every text plain; templates escape it)."""
    e = filed.event
    vocab = bank.vocabulary
    return {
        "anchor": filed.anchor,
        "url": link.to(calendar_url()) + "#" + filed.anchor,
        "title": e.title,
        "type": e.type,
        "type_label": vocab.label("event_types", e.type),
        "row_type": _row_type(vocab.label("event_types", e.type), e.title),
        "dates": e.dates_label,
        "month_only": e.month_precision,
        "status": e.status,
        "status_label": e.status_label,
        "site_slug": e.site,
        "site": _record_link(bank.get(e.site), link),
        "programme": _record_link(bank.get(e.programme) if e.programme else None, link),
        "practice": _record_link(bank.get(e.practice) if e.practice else None, link),
        "audience": e.audience,
        "audience_items": [{"text": vocab.label("audiences", t), "url": link.term("audiences", t)}
                           for t in e.audience],
        "format": e.format_label,
        "place": e.place or "",
        "registration": e.registration or "",
        "description": plain_text(e.description) if e.description else "",
        "source": f"{SOURCE_TYPES[e.source.type]} «{e.source.title}»" + (f", {e.source.year}" if e.source.year else ""),
        "source_short": f"{SOURCE_TYPES[e.source.type]} «{plain_text(e.source.title, 70)}»"
                        + (f", {e.source.year}" if e.source.year else ""),
    }


def _feed_links(site_url: str, path: str, link: Linker) -> dict[str, str]:
    """The .ics file as a link of this page, and — when the site's address is known — as https://
    and webcal:// addresses for calendar applications."""
    out = {"file": link.to(path).rstrip("/"), "https": "", "webcal": ""}
    if site_url.startswith(("http://", "https://")):
        absolute = site_url.rstrip("/") + "/" + path
        out["https"] = absolute
        out["webcal"] = "webcal://" + absolute.split("://", 1)[1]
    return out


def _options(counts: Counter, labels: dict[str, str]) -> list[dict[str, Any]]:
    return [{"id": key, "label": labels.get(key, key), "count": counts[key]}
            for key in sorted(counts, key=lambda k: labels.get(k, k).lower().replace("ё", "е"))]


def calendar_page(bank: Bank, options: SiteOptions | None = None) -> GeneratedPage:
    """``/calendar/``: every event by year and month; the filters' options and the subscription
    links go to the front matter, for the theme's calendar.html to draw (with webcal:// links and a
    form, which the sanitizer keeps out of a page's content)."""
    options = options or SiteOptions()
    src = calendar_src()
    events = bank.events
    link = Linker(bank, src)
    vocab = bank.vocabulary
    sites = {f.event.site: bank.get(f.event.site) for f in events}
    site_labels = {slug: r.title for slug, r in sites.items() if r is not None}
    facets = [
        {"key": "type", "label": "Вид события", "all": "все виды",
         "options": _options(Counter(f.event.type for f in events), {t.id: t.label for t in vocab.terms("event_types")})},
        {"key": "site", "label": "Организатор", "all": "все организаторы",
         "options": _options(Counter(f.event.site for f in events), site_labels)},
        {"key": "audience", "label": "Для кого", "all": "все целевые группы",
         "options": _options(Counter(a for f in events for a in f.event.audience),
                             {t.id: t.label for t in vocab.terms("audiences")})},
    ]
    feeds = [dict(_feed_links(options.site_url, calendar_ics(slug), link), title=title, slug=slug)
             for slug, title in sorted(site_labels.items(), key=lambda p: p[1].lower())]

    def body() -> str:
        link = Linker(bank, src)
        views = [event_view(bank, f, link) for f in events]
        by_year = []
        for year, items in groupby(sorted(zip(events, views), key=lambda p: -p[0].year), key=lambda p: p[0].year):
            items = sorted(items, key=lambda p: p[0].sort_key)
            months = [{"id": f"{year}-{month:02d}", "title": f"{MONTHS_NOMINATIVE[month - 1].capitalize()} {year}",
                       "events": [v for _, v in group]}
                      for month, group in groupby(items, key=lambda p: p[0].event.first_day.month)]
            by_year.append({"year": year, "count": len(items), "months": months})
        return env().get_template("calendar.md.j2").render(
            link=link, years=by_year, total=len(events), held=sum(1 for f in events if f.event.status == "held"))

    meta = {"title": "Календарь событий", "template": "calendar.html",
            "description": "Семинары, стажировки, консультации, фестивали и другие события сети по годам и "
                           "месяцам — из планов организаций банка; подписка в формате iCalendar (.ics).",
            "bank_calendar": {"total": len(events), "facets": facets,
                              "feed": _feed_links(options.site_url, calendar_ics(), link), "site_feeds": feeds}}
    return GeneratedPage(src, meta, body, in_nav=True)


def _ordered_for_entry(events: list[FiledEvent]) -> list[FiledEvent]:
    """Newest first: an organisation's latest plans are what a reader looks for."""
    return sorted(events, key=lambda f: f.sort_key, reverse=True)


def entry_events(bank: Bank, record: Record, link: Linker, site_url: str = "") -> dict[str, Any] | None:
    """The «События» section of an entry page: the events the site organises, or that belong to
    the programme or practice; None when there are none."""
    if record.kind == "sites":
        found = [f for f in bank.events if f.event.site == record.slug]
    elif record.kind == "programmes":
        found = [f for f in bank.events if f.event.programme == record.slug]
    elif record.kind == "tutoring":
        found = [f for f in bank.events if f.event.practice == record.slug]
    else:
        return None
    if not found:
        return None
    views = [event_view(bank, f, link) for f in _ordered_for_entry(found)]
    return {
        "shown": views[:SHOWN_ON_ENTRY], "more": views[SHOWN_ON_ENTRY:], "total": len(views),
        # an organiser's link opens the calendar filtered to it (calendar.js reads ?site=)
        "calendar": link.to(calendar_url()) + (f"?site={record.slug}" if record.kind == "sites" else ""),
        "feed": _feed_links(site_url, calendar_ics(record.slug), link) if record.kind == "sites" else None,
        "subscribe": link.to(calendar_url()) + "#subscribe",
    }


def upcoming(bank: Bank, limit: int, day: date | None = None) -> list[FiledEvent]:
    """The next ``limit`` events that have not ended by ``day``, soonest first."""
    day = day or today()
    return sorted((f for f in bank.events if f.event.last_day >= day), key=lambda f: f.sort_key)[:limit]


def upcoming_block(bank: Bank, limit: int, link: Linker, day: date | None = None) -> str:
    """HTML of «Ближайшие события» for a hand-written page: the next events, or an honest
    sentence that none is planned, with a link to the calendar."""
    day = day or today()
    views = [event_view(bank, f, link) for f in upcoming(bank, limit, day)]
    total = len(bank.events)
    if total:
        last = max(bank.events, key=lambda f: (f.event.last_day, f.sort_key))
        none = (f"Ближайших событий пока нет: в календаре {total} {plural(total, 'событие', 'события', 'событий')}, "
                f"и последнее из них приходится на {last.event.dates_label}.")
    else:
        none = "Ближайших событий пока нет: в календарь банка ещё не внесено ни одного события."
    return env().get_template("_events.md.j2").module.upcoming(  # type: ignore[attr-defined]
        views, link.to(calendar_url()), none)
