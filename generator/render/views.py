"""What pages show of an entry: its card in lists and its summary panel."""

from __future__ import annotations

from typing import Any, Iterable

from generator.bank.core import Bank, Record
from generator.model.entries import ADOPTION_STAGES, Adoption, Case, KINDS, Programme, Site, years_label
from generator.render.page import Linker
from generator.textutil import plain_text, ru_date


# Rows of the summary panel: (label, section or special key) per kind.
PANEL_ROWS: dict[str, list[tuple[str, str]]] = {
    "tutoring": [("Направления", "directions"), ("Целевые группы", "audiences"),
                 ("Уровни образования", "levels"), ("Компетенции", "competences"),
                 ("Формы и технологии", "forms"), ("Организация", "@site"),
                 ("Место", "@place"), ("Годы", "@years"), ("Статус", "@status"),
                 ("Последняя проверка", "@reviewed"), ("Лицензия", "@licence")],
    "programmes": [("Площадка", "@site"), ("Компетенции", "competences"),
                   ("Направления", "directions"), ("Целевые группы", "audiences"),
                   ("Уровни образования", "levels"), ("Формат", "@format"),
                   ("Продолжительность", "@duration"), ("Всего часов", "@hours"),
                   ("Место", "@place"), ("Годы", "@years"),
                   ("Последняя проверка", "@reviewed"), ("Лицензия", "@licence")],
    "cases": [("Практика", "@practice"), ("Тьюторант", "tutee_types"),
              ("Направления", "directions"), ("Организация", "@site"), ("Лицензия", "@licence")],
    "sites": [("Тип", "site_types"), ("Регион", "@region"), ("Муниципалитет", "@municipality"),
              ("Входит в сеть", "@parent"), ("Адрес", "@address"), ("Сайт", "@website")],
    "adoptions": [("Что внедрили", "@target"), ("Кто внедрил", "@adopter"), ("Место", "@place"),
                  ("Стадия", "@stage"), ("С какого года", "@since"), ("Последняя проверка", "@reviewed"),
                  ("Лицензия", "@licence")],
}


def _tag_terms(bank: Bank, record: Record, limit: int = 4) -> list[tuple[str, str, str]]:
    vocab = bank.vocabulary
    out = []
    for section in ("directions", "competences"):
        for t in bank.terms_of(record, section):
            out.append((vocab.label(section, t), section, t))
    return out[:limit]


def _card_text(bank: Bank, record: Record) -> dict[str, Any]:
    """The link-free part of a card, computed once per entry (an entry is on a card in every
    list it belongs to: its catalogue and each of its rubrics)."""
    cache = bank.memo("card_text")
    if record.slug not in cache:
        region, municipality = bank.place_of(record)
        site = bank.site_of(record)
        place = bank.vocabulary.label("municipalities", municipality) if municipality else \
            bank.vocabulary.label("regions", region)
        cache[record.slug] = {
            "kind": record.kind,
            "kind_label": KINDS[record.kind].label,
            "title": record.title,
            "summary": plain_text(record.model.summary, 220),
            "organization": site.title if site and site is not record else "",
            "place": place,
            "tag_terms": _tag_terms(bank, record),
        }
    return cache[record.slug]


def card(bank: Bank, record: Record, link: Linker) -> dict[str, Any]:
    """What a card shows for one entry."""
    text = _card_text(bank, record)
    data = {k: v for k, v in text.items() if k != "tag_terms"}
    data["url"] = link.entry(record)
    data["tags"] = [{"text": label, "url": link.term(section, t)} for label, section, t in text["tag_terms"]]
    return data


def _term_items(bank: Bank, link: Linker, section: str, ids: Iterable[str]) -> list[dict[str, str]]:
    return [{"text": bank.vocabulary.label(section, t), "url": link.term(section, t)} for t in ids]


def panel(bank: Bank, record: Record, link: Linker) -> list[dict[str, Any]]:
    """Rows of the summary panel: label and a list of items (text, optional url)."""
    m = record.model
    vocab = bank.vocabulary
    rows = []
    for label, key in PANEL_ROWS[record.kind]:
        items: list[dict[str, str]] = []
        if not key.startswith("@"):
            items = _term_items(bank, link, key, bank.terms_of(record, key))
        elif key == "@site":
            site = bank.site_of(record)
            if site is not None:
                items = [{"text": site.title, "url": link.entry(site)}]
        elif key == "@place":
            region, municipality = bank.place_of(record)
            if municipality:
                items.append({"text": vocab.label("municipalities", municipality),
                              "url": link.term("municipalities", municipality)})
            if region:
                items.append({"text": vocab.label("regions", region), "url": link.term("regions", region)})
        elif key == "@region" and getattr(m, "region", None):
            items = [{"text": vocab.label("regions", m.region), "url": link.term("regions", m.region)}]
        elif key == "@municipality" and getattr(m, "municipality", None):
            items = [{"text": vocab.label("municipalities", m.municipality),
                      "url": link.term("municipalities", m.municipality)}]
        elif key == "@years":
            text = years_label(getattr(m, "years", None))
            items = [{"text": text}] if text else []
        elif key == "@status":
            items = [{"text": "опубликована" if record.published else "черновик"}]
        elif key == "@reviewed":
            items = [{"text": ru_date(m.reviewed or m.added)}]
        elif key == "@format" and isinstance(m, Programme):
            items = [{"text": vocab.label("route_formats", m.format)}]
        elif key == "@duration" and isinstance(m, Programme) and m.duration:
            items = [{"text": m.duration}]
        elif key == "@hours" and isinstance(m, Programme):
            hours = m.computed_hours
            items = [{"text": f"{hours} ч"}] if hours else [{"text": "не указано в источнике"}]
        elif key == "@practice" and isinstance(m, Case):
            practice = bank.get(m.practice)
            if practice:
                items = [{"text": practice.title, "url": link.entry(practice)}]
        elif key == "@parent" and isinstance(m, Site) and m.parent:
            parent = bank.get(m.parent)
            if parent:
                items = [{"text": parent.title, "url": link.entry(parent)}]
        elif key == "@address" and isinstance(m, Site) and m.address:
            items = [{"text": m.address}]
        elif key == "@website" and isinstance(m, Site) and m.website:
            items = [{"text": m.website, "url": m.website, "external": "1"}]
        elif key == "@target" and isinstance(m, Adoption):
            target = bank.get(m.target)
            if target:
                items = [{"text": target.title, "url": link.entry(target)}]
        elif key == "@adopter" and isinstance(m, Adoption):
            site = bank.site_of(record)
            items = [{"text": site.title, "url": link.entry(site)}] if site else [{"text": m.organization_name or ""}]
        elif key == "@licence" and bank.licence_of(record):
            items = [{"text": bank.licence_of(record)}]
        elif key == "@stage" and isinstance(m, Adoption):
            items = [{"text": ADOPTION_STAGES[m.stage]}]
        elif key == "@since" and isinstance(m, Adoption):
            items = [{"text": str(m.since)}]
        if items:
            rows.append({"label": label, "items": items})
    return rows
