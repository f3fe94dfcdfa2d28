"""The page of one entry: front matter, summary panel, sections by kind, scores."""

from __future__ import annotations

from typing import Any

from generator.bank.core import Bank, Record
from generator.model.entries import BENCHMARKED_KINDS, KINDS, Adoption, Case, Programme, Site, TutoringPractice
from generator.render.calendar import entry_events
from generator.render.page import GeneratedPage, Linker, env
from generator.render.views import card, panel
from generator.textutil import plain_text
from generator.urls import entry_src


def _entry_meta(bank: Bank, record: Record) -> dict[str, Any]:
    return {
        "template": "entry.html",
        "title": record.title,
        "description": plain_text(record.model.summary, 200),
        "bank_kind": record.kind,
        "bank_kind_label": KINDS[record.kind].label,
        "bank_slug": record.slug,
        "bank_source": record.path,
        "bank_booklet": record.kind in BENCHMARKED_KINDS,
    }


def _score(bank: Bank, record: Record) -> dict[str, Any] | None:
    from generator.bank.benchmarking import assessable, scorecard

    if bank.criteria is None or not assessable(record):
        return None
    return dict(scorecard(bank, record), slug=record.slug)


def entry_page(bank: Bank, record: Record, site_url: str = "") -> GeneratedPage:
    """An entry's page; its Markdown is rendered when first read."""
    return GeneratedPage(entry_src(record), _entry_meta(bank, record), lambda: _entry_body(bank, record),
                         in_nav=False, edit_path=record.path, entry=record.slug)


def _entry_body(bank: Bank, record: Record) -> str:
    src = entry_src(record)
    link = Linker(bank, src)
    m = record.model
    context: dict[str, Any] = {
        "r": record, "m": m, "bank": bank, "link": link, "vocab": bank.vocabulary,
        "panel": panel(bank, record, link), "kind_label": KINDS[record.kind].label,
        "score": _score(bank, record),
    }
    context["events"] = entry_events(bank, record, link)  # «События»: _events.md.j2
    if record.kind in BENCHMARKED_KINDS or record.kind == "adoptions":
        from generator.bank.benchmarking import results_basis
        context["basis"] = results_basis(record)
    if record.kind in BENCHMARKED_KINDS:
        context["adoptions"] = _adoptions(bank, record, link)
    if isinstance(m, TutoringPractice):
        context["cases"] = [card(bank, r, link) for r in bank.cases_of(record.slug)]
        context["programmes"] = bank.programmes_of(m.organization)
    elif isinstance(m, Programme):
        context["other_programmes"] = [p for p in bank.programmes_of(m.site) if p is not record]
    elif isinstance(m, Site):
        context["practices"] = [card(bank, r, link) for r in bank.practices_of(record.slug)]
        context["programmes"] = [card(bank, r, link) for r in bank.programmes_of(record.slug)]
        context["members"] = bank.members_of(record.slug)
    elif isinstance(m, Case):
        context["siblings"] = [c for c in bank.cases_of(m.practice) if c is not record]
    elif isinstance(m, Adoption):
        target = bank.get(m.target)
        context["target"] = card(bank, target, link) if target is not None else None
    return env().get_template(f"{record.kind}.md.j2").render(**context)


def _adoptions(bank: Bank, record: Record, link: Linker) -> dict[str, Any]:
    """«Внедрили у себя»: documented adoptions, planned ones apart, and where to report one."""
    vocab = bank.vocabulary
    out: dict[str, Any] = {"adopted": [], "planned": [], "form": link.md("submit.md")}
    for adoption in bank.adoptions_of(record.slug):
        m = adoption.model
        site = bank.site_of(adoption)
        region, municipality = bank.place_of(adoption)
        place = vocab.label("municipalities", municipality) if municipality else (
            vocab.label("regions", region) if region else "")
        out[m.stage].append({"title": adoption.title, "url": link.md_entry(adoption),
                             "who": site.title if site else m.organization_name or "", "place": place,
                             "since": m.since})
    return out
