"""Print documents as HTML: an A4 leaflet per entry and a collection (сборник).

The same YAML feeds the site and print: this module turns records into
self-contained HTML (print CSS with ``@page`` inline) from the Jinja templates
in ``generator/templates/print``. `pdf.py` renders that HTML with WeasyPrint;
the site publishes the HTML too, so a booklet can be printed from the browser.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import markdown as md
import segno
from markupsafe import Markup

from generator.bank.benchmarking import results_basis
from generator.bank.core import Bank, Record
from generator.bank.collections import Collection, contents
from generator.model.entries import BENCHMARKED_KINDS, KINDS, Adoption, Case, Programme, Site, TutoringPractice, years_label
from generator.sanitize import drop_remote, sanitize_html
from generator.textutil import plain_text, ru_date

PRINT_TEMPLATES = Path(__file__).parent / "templates" / "print"
BOOKLET_KINDS = BENCHMARKED_KINDS
LIMITS = {"why": 520, "goal": 300, "result": 170, "results": 4, "stage": 150, "stages": 5,
          "modules": 8}


@lru_cache(maxsize=1)
def _markdown() -> md.Markdown:
    return md.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def render_markdown(text: str | None) -> Markup:
    """Authors' Markdown to sanitized HTML (raw HTML is already refused by the validator)."""
    if not text:
        return Markup("")
    converter = _markdown()
    converter.reset()
    return Markup(drop_remote(sanitize_html(converter.convert(text))))


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(PRINT_TEMPLATES)),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["md"] = render_markdown
    env.filters["plain"] = plain_text
    env.filters["ru_date"] = ru_date
    return env


def css() -> str:
    return (PRINT_TEMPLATES / "print.css").read_text(encoding="utf-8")


def qr_svg(url: str) -> Markup:
    # A fixed mask pattern: every mask gives a valid, readable code, and skipping the
    # evaluation of all eight makes a code about 5× faster (thousands of booklets).
    qr = segno.make(url, error="m", micro=False, mask=0)
    # the <title> is the QR picture's alternative text in the tagged PDF (/Alt of its Figure)
    return Markup(qr.svg_inline(scale=3, dark="#000", light=None, omitsize=False,
                                title=f"QR-код со ссылкой на страницу записи: {url}"))


def absolute_url(site_url: str, record: Record) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"{base}{record.url}"


def _trim(text: str | None, limit: int) -> tuple[str, bool]:
    plain = plain_text(text or "")
    if len(plain) <= limit:
        return plain, False
    return plain_text(plain, limit), True


def _labels(bank: Bank, record: Record, section: str) -> list[str]:
    return [bank.vocabulary.label(section, t) for t in bank.terms_of(record, section)]


def booklet_context(bank: Bank, record: Record, site_url: str) -> dict[str, Any]:
    m = record.model
    trimmed = False
    site = bank.site_of(record)
    region, municipality = bank.place_of(record)
    place = ", ".join(x for x in (bank.vocabulary.label("municipalities", municipality) if municipality else "",
                                  bank.vocabulary.label("regions", region) if region else "") if x)
    if isinstance(m, TutoringPractice):
        why, cut1 = _trim(m.problem, LIMITS["why"])
        goal, cut2 = _trim(m.goal, LIMITS["goal"])
        gains_src = list(m.results) + list(m.products) if m.results else list(m.expected_results)
        steps_src = [(s.period + (f". {s.title}" if s.title else ""), s.content) for s in m.stages]
        if not steps_src:
            steps_src = [(p.dates or "", p.content) for p in m.plan]
        people = m.authors
    else:
        assert isinstance(m, Programme)
        why, cut1 = _trim(m.topic, LIMITS["why"])
        goal, cut2 = "", False
        gains_src = list(m.results) or list(m.expected_results)
        steps_src = []
        people = m.mentors
    gains = []
    for item in gains_src[: LIMITS["results"]]:
        text, cut = _trim(item, LIMITS["result"])
        gains.append(text)
        trimmed |= cut
    trimmed |= len(gains_src) > LIMITS["results"] or cut1 or cut2
    steps = []
    for head, body in steps_src[: LIMITS["stages"]]:
        text, cut = _trim(body, LIMITS["stage"])
        steps.append({"head": head, "text": text[:1].upper() + text[1:]})  # a list turned into one sentence
        trimmed |= cut
    trimmed |= len(steps_src) > LIMITS["stages"]
    modules = []
    if isinstance(m, Programme):
        for mod in m.modules[: LIMITS["modules"]]:
            modules.append({"title": mod.title, "hours": mod.hours,
                            "form": bank.vocabulary.label("forms", mod.form) if mod.form else ""})
        trimmed |= len(m.modules) > LIMITS["modules"]
    url = absolute_url(site_url, record)
    return {
        "r": record, "m": m, "kind_label": KINDS[record.kind].label,
        "organization": site.title if site else "", "place": place,
        "years": years_label(getattr(m, "years", None)),
        "why": why, "goal": goal, "gains": gains,
        # what the school gets is said only of achieved results; plans are named as plans
        "gains_title": "Что получено" if m.results else "Ожидаемые результаты",
        "gains_basis": results_basis(record)["documents"], "steps": steps, "modules": modules,
        "total_hours": m.computed_hours if isinstance(m, Programme) else None,
        "directions": _labels(bank, record, "directions"),
        "audience": _labels(bank, record, "audiences"),
        "competences": _labels(bank, record, "competences"),
        "format": bank.vocabulary.label("route_formats", m.format) if isinstance(m, Programme) else "",
        "duration": m.duration if isinstance(m, Programme) else "",
        "people": people[:4], "contacts": m.contacts[:3],
        "website": site.model.website if site and isinstance(site.model, Site) else None,
        "url": url, "qr": qr_svg(url), "trimmed": trimmed, "reviewed": m.reviewed or m.added,
        "licence": bank.licence_of(record),
    }


# what a booklet's HTML is made of besides the bank: this code and the libraries it calls
BOOKLET_CODE = ("outputs/booklets.py", "model/entries.py", "bank/benchmarking.py", "sanitize.py", "textutil.py")  # within generator/
BOOKLET_LIBRARIES = ("jinja2", "markdown", "nh3", "segno")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The print templates, the modules that fill them and the libraries' versions, hashed:
    a change to any of them makes every cached booklet (and its PDF) stale."""
    from importlib.metadata import version

    h = hashlib.sha256()
    here = Path(__file__).parent.parent
    for path in [*sorted(PRINT_TEMPLATES.rglob("*")), *(here / name for name in BOOKLET_CODE)]:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in BOOKLET_LIBRARIES:
        h.update(f"{name}={version(name)}\0".encode())
    return h.hexdigest()


def booklet_key(bank: Bank, record: Record, site_url: str) -> str:
    """Everything a booklet is made of, hashed: the entry, its organization and place, the labels
    of the vocabulary, the site address, the print templates and the code that fills them.
    Equal keys, equal booklets — so a rebuild can take the booklet (and its PDF) from the
    cache without rendering it. Computed for every booklet on every build: kept cheap."""
    site = bank.site_of(record)
    parts = [record.kind, record.slug, _model_json(record.model), site_url, _code_digest(),
             _site_json(bank, site) if site is not None else b"", repr(bank.place_of(record)),
             _vocabulary_digest(bank)]
    return fingerprint(*parts)


def _model_json(model) -> bytes:
    # the serializer itself: model_dump_json() spends twice as long around the same call
    return model.__pydantic_serializer__.to_json(model)


def _site_json(bank: Bank, site: Record) -> bytes:
    """An organization's JSON, made once per build (it is shared by many booklets)."""
    cache = bank.memo("booklet_sites")
    if site.slug not in cache:
        cache[site.slug] = _model_json(site.model)
    return cache[site.slug]


def _vocabulary_digest(bank: Bank) -> str:
    memo = bank.memo("booklet_vocabulary")
    if "digest" not in memo:
        terms = [(s, t.id, t.label) for s, items in sorted(bank.vocabulary.sections.items()) for t in items.values()]
        memo["digest"] = fingerprint(repr(terms))
    return memo["digest"]


def booklet_html(bank: Bank, record: Record, site_url: str) -> str:
    """A self-contained A4 leaflet for a practice or a programme."""
    return _env().get_template("booklet.html.j2").render(css=Markup(css()), **booklet_context(bank, record, site_url))


def entry_context(bank: Bank, record: Record, site_url: str) -> dict[str, Any]:
    """Everything the full print version of an entry shows (collections)."""
    m = record.model
    site = bank.site_of(record)
    region, municipality = bank.place_of(record)
    facts = []
    if site is not None and site is not record:
        facts.append(("Организация", site.title))
    place = ", ".join(x for x in (bank.vocabulary.label("municipalities", municipality) if municipality else "",
                                  bank.vocabulary.label("regions", region) if region else "") if x)
    if place:
        facts.append(("Место", place))
    if getattr(m, "years", None):
        facts.append(("Годы", years_label(m.years)))
    for label, section in (("Направления", "directions"), ("Целевые группы", "audiences"),
                           ("Уровни образования", "levels"), ("Компетенции", "competences"),
                           ("Формы и технологии", "forms"), ("Тьюторант", "tutee_types"),
                           ("Тип организации", "site_types")):
        values = _labels(bank, record, section)
        if values:
            facts.append((label, ", ".join(values)))
    if isinstance(m, Programme):
        facts.append(("Формат", bank.vocabulary.label("route_formats", m.format)))
        if m.duration:
            facts.append(("Продолжительность", m.duration))
    if isinstance(m, Case):
        practice = bank.get(m.practice)
        if practice:
            facts.append(("Практика", practice.title))
    if isinstance(m, Adoption):
        target = bank.get(m.target)
        if target:
            facts.append(("Что внедрили", target.title))
        if m.organization_name and not m.organization:
            facts.append(("Кто внедрил", m.organization_name))
        facts.append(("С какого года", str(m.since)))
    return {"r": record, "m": m, "kind": record.kind, "kind_label": KINDS[record.kind].label,
            "facts": facts, "url": absolute_url(site_url, record),
            "total_hours": m.computed_hours if isinstance(m, Programme) else None,
            "vocab": bank.vocabulary,
            "basis": results_basis(record) if record.kind in BENCHMARKED_KINDS else {}}


def selection_note(count: int, total: int, site_url: str) -> str:
    """«В сборник вошли 100 самых новых записей из 2 000…» when the limit cut the selection."""
    if total <= count:
        return ""
    if count % 10 == 1 and count % 100 != 11:
        what = f"вошла {count} самая новая запись"
    elif count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        what = f"вошли {count} самые новые записи"
    else:
        what = f"вошли {count} самых новых записей"
    where = f": {site_url.rstrip('/')}/bank/" if site_url else ""
    return f"В сборник {what} из {total}, подходящих под его отбор. Все они — в банке практик{where}."


def collection_html(bank: Bank, collection: Collection, site_url: str, pdf: bool = False) -> str:
    """The printable collection (``pdf``: the site also offers it as a PDF, linked on screen)."""
    records, total = contents(bank, collection)
    newest = max((r.model.reviewed or r.model.added) for r in records) if records else None
    entries = [entry_context(bank, r, site_url) for r in records]
    return _env().get_template("collection.html.j2").render(
        css=Markup(css()), c=collection, entries=entries, year=newest.year if newest else "",
        count=len(entries), selection_note=selection_note(len(entries), total, site_url), pdf=pdf,
        intro=render_markdown(collection.intro),
        running_title=css_string(collection.title),
        publisher=bank.publication.institute if bank.publication else "")  # the PDF's author


def css_string(text: str) -> Markup:
    """Text as a CSS string literal inside <style>, where HTML escapes are not read: every
    character that could end the string, the rule or the element is written as a CSS escape
    (its one trailing space ends the escape and is not shown)."""
    escaped = "".join(ch if ch.isalnum() or ch in " ,.;:!?()«»—–-" else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{escaped}"')


def fingerprint(*parts: str | bytes) -> str:
    """A cache key: the parts a print document is made of, hashed."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:32]
