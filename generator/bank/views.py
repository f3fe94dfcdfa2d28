"""What the bank page shows of each entry, shared by the page (render) and the files it
loads (outputs: browse lists, search index): facets with their labels and card data."""

from __future__ import annotations

from typing import Any

from generator.bank.core import KIND_ORDER, Bank, Record
from generator.model.entries import KINDS
from generator.textutil import plain_text

FACETS: list[tuple[str, str, str | None]] = [
    ("kind", "Вид записи", None),
    ("direction", "Направление", "directions"),
    ("competence", "Компетенция", "competences"),
    ("audience", "Целевая группа", "audiences"),
    ("level", "Уровень образования", "levels"),
    ("form", "Форма работы", "forms"),
    ("region", "Регион", "regions"),
    ("municipality", "Муниципалитет", "municipalities"),
    ("year", "Год", None),
    ("adopted", "Внедрения", None),
]
ADOPTED = "есть внедрения"


def search_data(bank: Bank, record: Record) -> dict[str, Any]:
    """Facet values (as labels) and card metadata of one entry for the bank page (computed
    once per entry: the browse lists and the search index both ask)."""
    cache = bank.memo("search_data")
    if record.slug not in cache:
        cache[record.slug] = _search_data(bank, record)
    return cache[record.slug]


def _search_data(bank: Bank, record: Record) -> dict[str, Any]:
    vocab = bank.vocabulary
    filters: dict[str, list[str]] = {"kind": [KINDS[record.kind].plural_label]}
    for key, _, section in FACETS:
        if section in ("regions", "municipalities") or section is None:
            continue
        filters[key] = [vocab.label(section, t) for t in bank.terms_of(record, section)]
    region, municipality = bank.place_of(record)
    filters["region"] = [vocab.label("regions", region)] if region else []
    filters["municipality"] = [vocab.label("municipalities", municipality)] if municipality else []
    filters["year"] = [str(y) for y in bank.years_of(record)]
    if any(a.model.stage == "adopted" for a in bank.adoptions_of(record.slug)):
        filters["adopted"] = [ADOPTED]
    site = bank.site_of(record)
    meta = {
        "kind": record.kind,
        "kind_label": KINDS[record.kind].label,
        "summary": plain_text(record.model.summary, 220),
        "organization": site.title if site is not None and site is not record else "",
        "place": filters["municipality"][0] if filters["municipality"] else
        (filters["region"][0] if filters["region"] else ""),
        "slug": record.slug,
    }
    return {"filters": {k: v for k, v in filters.items() if v}, "meta": meta}


def facet_config(bank: Bank) -> list[dict[str, Any]]:
    """Facets of the bank page with id <-> label maps (URL keeps ids, the index labels)."""
    vocab = bank.vocabulary
    out = []
    for key, label, section in FACETS:
        if key == "kind":
            values = [{"id": k, "label": KINDS[k].plural_label} for k in KIND_ORDER]
        elif key == "year":
            years = sorted({y for r in bank.published() for y in bank.years_of(r)}, reverse=True)
            values = [{"id": str(y), "label": str(y)} for y in years]
        elif key == "adopted":
            values = [{"id": "yes", "label": ADOPTED}]
        else:
            assert section is not None
            values = [{"id": t.id, "label": t.label} for t in vocab.terms(section)]
        out.append({"key": key, "label": label, "values": values})
    return out
