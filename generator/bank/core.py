"""The validated bank in memory and the queries the site and exports need.

A `Bank` holds one `Record` per entry (kind, slug, source path, model) plus
the vocabulary. It knows nothing about MkDocs or HTML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.model.entries import Adoption, Case, Entry, Programme, Site, TutoringPractice
from generator.model.vocabulary import Vocabulary
from generator.load.yamlio import Document
from generator.model.entries import KINDS
from generator.urls import entry_url

KIND_ORDER = tuple(KINDS)

# which vocabulary sections each kind exposes as facets (field name -> section)
FACET_FIELDS: dict[str, dict[str, str]] = {
    "tutoring": {"directions": "directions", "audience": "audiences", "levels": "levels",
                 "competences": "competences", "forms": "forms"},
    "programmes": {"directions": "directions", "audience": "audiences", "levels": "levels",
                   "competences": "competences"},
    "cases": {"directions": "directions"},
    "sites": {},
    "adoptions": {},
}


@dataclass
class Record:
    kind: str
    slug: str
    path: str  # as shown to people: practices/<kind>/<slug>.yml
    model: Entry
    document: Document | None = None

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def url(self) -> str:
        """Site-relative URL of the entry page (directory URLs)."""
        return entry_url(self)

    @property
    def published(self) -> bool:
        return self.model.status == "published"


@dataclass
class Bank:
    root: Path
    vocabulary: Vocabulary
    records: dict[str, Record] = field(default_factory=dict)
    criteria: Any = None  # benchmarking.Criteria, loaded with the bank
    experts: dict[str, Any] = field(default_factory=dict)  # assessments.Expert by slug
    assessments: dict[str, list[Any]] = field(default_factory=dict)  # entry slug → validate.assessments.Filed
    collections: list[Any] = field(default_factory=list)  # collections.Collection
    registry: list[Any] = field(default_factory=list)  # redirects.Published
    redirects: dict[str, Any] = field(default_factory=dict)  # redirects.Redirect by old slug
    material_settings: Any = None  # materials.MaterialSettings
    publication: Any = None  # model.publication.Publication, or None when not set up
    events: list[Any] = field(default_factory=list)  # model.events.FiledEvent, in date order
    _memos: dict[str, dict[Any, Any]] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, name: str) -> dict[Any, Any]:
        """A dictionary kept with this bank for values worked out once from it (card texts,
        facet labels, export cells): they live and go with the bank they were made from."""
        return self._memos.setdefault(name, {})

    # -- basic access -------------------------------------------------------
    def get(self, slug: str) -> Record | None:
        return self.records.get(slug)

    def of_kind(self, kind: str, published_only: bool = True) -> list[Record]:
        return sorted((r for r in self.records.values()
                       if r.kind == kind and (r.published or not published_only)),
                      key=lambda r: _title_key(r.title))

    def published(self) -> list[Record]:
        return [r for r in self.records.values() if r.published]

    def newest(self, limit: int = 6) -> list[Record]:
        return sorted(self.published(), key=lambda r: (r.model.added, r.slug), reverse=True)[:limit]

    # -- relations ------------------------------------------------------------
    @cached_property
    def _relations(self) -> dict[str, dict[str, list[Record]]]:
        rel: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
        for r in sorted(self.published(), key=lambda r: _title_key(r.title)):
            m = r.model
            if isinstance(m, Case):
                rel["cases_of"][m.practice].append(r)
            elif isinstance(m, Programme):
                rel["programmes_of"][m.site].append(r)
            elif isinstance(m, TutoringPractice):
                rel["practices_of"][m.organization].append(r)
            elif isinstance(m, Site) and m.parent:
                rel["members_of"][m.parent].append(r)
            elif isinstance(m, Adoption):
                rel["adoptions_of"][m.target].append(r)
        return rel

    def adoptions_of(self, slug: str) -> list[Record]:
        """Published adoptions of a practice or programme (adopted and planned), by title."""
        return list(self._relations["adoptions_of"].get(slug, []))

    def cases_of(self, practice_slug: str) -> list[Record]:
        return list(self._relations["cases_of"].get(practice_slug, []))

    def programmes_of(self, site_slug: str) -> list[Record]:
        return list(self._relations["programmes_of"].get(site_slug, []))

    def practices_of(self, site_slug: str) -> list[Record]:
        return list(self._relations["practices_of"].get(site_slug, []))

    def members_of(self, site_slug: str) -> list[Record]:
        return list(self._relations["members_of"].get(site_slug, []))

    def licence_of(self, record: Record) -> str:
        """The entry's licence, or the bank's default from the publication settings."""
        return record.model.licence or (self.publication.licence if self.publication is not None else "")

    def site_of(self, record: Record) -> Record | None:
        m = record.model
        slug = getattr(m, "organization", None) or getattr(m, "site", None)
        if isinstance(m, Case):
            practice = self.get(m.practice)
            return self.site_of(practice) if practice else None
        return self.get(slug) if slug else None

    # -- facets -------------------------------------------------------------
    def terms_of(self, record: Record, section: str) -> list[str]:
        """Term ids of one vocabulary section that an entry carries (inherited for cases)."""
        m = record.model
        out: list[str] = []
        for fname, sec in FACET_FIELDS[record.kind].items():
            if sec == section:
                out.extend(getattr(m, fname) or [])
        if isinstance(m, Case) and section == "directions" and not out:
            practice = self.get(m.practice)
            if practice is not None:
                out.extend(practice.model.directions)
        if section == "forms" and isinstance(m, Programme):
            out.extend(mod.form for mod in m.modules if mod.form)
        if section == "tutee_types" and isinstance(m, Case):
            out.append(m.tutee)
        if section == "site_types" and isinstance(m, Site):
            out.append(m.type)
        return list(dict.fromkeys(out))

    def place_of(self, record: Record) -> tuple[str | None, str | None]:
        """(region, municipality) of an entry: its own or its organization's."""
        m = record.model
        region = getattr(m, "region", None)
        municipality = getattr(m, "municipality", None)
        if region is None:
            site = self.site_of(record)
            if site is not None:
                region, municipality = site.model.region, site.model.municipality
        return region, municipality

    def years_of(self, record: Record) -> list[int]:
        m = record.model
        years = getattr(m, "years", None)
        if isinstance(m, Case):
            practice = self.get(m.practice)
            years = getattr(practice.model, "years", None) if practice else None
        if years is None:
            return []
        end = years.end if years.end is not None else max(years.start, m.added.year)
        return list(range(years.start, end + 1))

    @cached_property
    def term_index(self) -> dict[tuple[str, str], list[Record]]:
        """(section, term id) -> published entries carrying it."""
        index: dict[tuple[str, str], list[Record]] = defaultdict(list)
        sections = ("directions", "competences", "audiences", "levels", "forms",
                    "tutee_types", "site_types")
        for r in sorted(self.published(), key=lambda r: _title_key(r.title)):
            for section in sections:
                for t in self.terms_of(r, section):
                    index[(section, t)].append(r)
        return index

    @cached_property
    def place_index(self) -> dict[tuple[str, str], list[Record]]:
        """('regions'|'municipalities', id) -> published entries there."""
        index: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for r in sorted(self.published(), key=lambda r: _title_key(r.title)):
            region, municipality = self.place_of(r)
            if region:
                index[("regions", region)].append(r)
            if municipality:
                index[("municipalities", municipality)].append(r)
        return index


def _title_key(title: str) -> str:
    return title.lower().replace("ё", "е").strip("«»\"' ")
