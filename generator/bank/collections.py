"""Collections (сборники): defined in ``practices/collections.yml``, selected by a filter.

Each collection has a slug, a title, a Markdown introduction and a filter over
the bank (kinds, directions, competences, audiences, levels, regions,
municipalities, years) and at most ``limit`` entries (100 unless set): a printed
collection of thousands of entries is neither readable nor buildable, so when more
match, the newest go in and the collection says how many there are on the site.
The file is validated like an entry: every problem has a line and a Russian message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.bank.core import Bank, Record
from generator.model.messages import translate
from generator.model.entries import KINDS, Line, Markdown, Slug, Year
from generator.problems import WARNING, Problems
from generator.model.names import windows_reserved
from generator.model.vocabulary import SECTIONS
from generator.load.yamlio import load_file

COLLECTIONS_FILE = "collections.yml"
DEFAULT_LIMIT = 100


def _any_of(section: str) -> Any:
    """A filter by terms of one vocabulary section, titled as the section is."""
    return Field(default_factory=list, title=SECTIONS[section])


class CollectionFilter(BaseModel):
    """Какие записи входят в сборник (условия объединяются через «и», значения — через «или»)."""
    model_config = ConfigDict(extra="forbid", strict=True, title="Отбор записей")
    kinds: list[str] = Field(default_factory=list, title="Виды записей",
                             description="tutoring, programmes, cases, sites")
    directions: list[str] = _any_of("directions")
    competences: list[str] = _any_of("competences")
    audiences: list[str] = _any_of("audiences")
    levels: list[str] = _any_of("levels")
    regions: list[str] = _any_of("regions")
    municipalities: list[str] = _any_of("municipalities")
    year_from: Year | None = Field(None, title="С года")
    year_to: Year | None = Field(None, title="По год")


class Collection(BaseModel):
    """Сборник."""
    model_config = ConfigDict(extra="forbid", strict=True, title="Сборник")
    slug: Slug = Field(title="Имя файла PDF", description="латиница, цифры, дефисы")
    title: Line = Field(title="Название сборника")
    subtitle: Line | None = Field(None, title="Подзаголовок")
    publisher: Line | None = Field(None, title="Издатель", description="Организация, выпускающая сборник")
    intro: Markdown = Field(title="Введение")
    filter: CollectionFilter = Field(title="Отбор записей")
    limit: int | None = Field(None, ge=1, le=1000, title="Наибольшее число записей",
                              description=f"по умолчанию {DEFAULT_LIMIT}; если под отбор попадает больше, "
                                          "в сборник входят самые новые")


class CollectionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, title="Сборники")
    collections: list[Collection] = Field(default_factory=list, title="Сборники")


_SECTION_OF = {"directions": "directions", "competences": "competences", "audiences": "audiences",
               "levels": "levels", "regions": "regions", "municipalities": "municipalities"}


def load_collections(root: Path, bank: Bank, problems: Problems) -> list[Collection]:
    path = root / COLLECTIONS_FILE
    if not path.exists():
        return []
    shown = f"{root.name}/{COLLECTIONS_FILE}"
    doc, problem = load_file(path, shown)
    if problem:
        problems.items.append(problem)
        return []
    try:
        parsed = CollectionsFile.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error.get("loc", ()))
            line, col = doc.key_position(loc) if error.get("type") in ("extra_forbidden",) else \
                doc.position(loc[:-1] if error.get("type") == "missing" else loc)
            problems.add(shown, line, col, translate(CollectionsFile, error))
        return []
    seen: set[str] = set()
    for i, coll in enumerate(parsed.collections):
        if coll.slug in seen:
            line, col = doc.position(("collections", i, "slug"))
            problems.add(shown, line, col, f"сборник «{coll.slug}» уже описан выше; имена должны различаться")
        if windows_reserved(coll.slug):
            line, col = doc.position(("collections", i, "slug"))
            problems.add(shown, line, col, f"имя «{coll.slug}» зарезервировано в Windows (имя устройства): "
                                           f"файл {coll.slug}.pdf там нельзя сохранить; выберите другое имя")
        seen.add(coll.slug)
        for j, kind in enumerate(coll.filter.kinds):
            if kind not in KINDS:
                line, col = doc.position(("collections", i, "filter", "kinds", j))
                problems.add(shown, line, col, f"неизвестный вид «{kind}»: допустимы tutoring, programmes, cases, sites")
        for field, section in _SECTION_OF.items():
            for j, term in enumerate(getattr(coll.filter, field)):
                if bank.vocabulary.get(section, term) is None:
                    line, col = doc.position(("collections", i, "filter", field, j))
                    hint = bank.vocabulary.suggest(section, term)
                    tip = f"; возможно, «{hint.id}»" if hint else ""
                    problems.add(shown, line, col, f"«{term}» нет в словаре «{section}»{tip}")
        matching = len(select(bank, coll))
        if not matching:
            line, col = doc.position(("collections", i, "filter"))
            problems.add(shown, line, col, f"в сборник «{coll.title}» не попала ни одна запись; ослабьте отбор")
        elif matching > limit_of(coll):
            line, col = doc.position(("collections", i, "filter"))
            problems.add(shown, line, col,
                         f"под отбор сборника «{coll.title}» попадает {matching} записей, в PDF войдут "
                         f"{limit_of(coll)} самых новых; сузьте отбор или задайте limit (до 1000)",
                         severity=WARNING)
    return parsed.collections


def matches(bank: Bank, record: Record, flt: CollectionFilter) -> bool:
    if flt.kinds and record.kind not in flt.kinds:
        return False
    for field, section in (("directions", "directions"), ("competences", "competences"),
                           ("audiences", "audiences"), ("levels", "levels")):
        wanted = getattr(flt, field)
        if wanted and not set(wanted) & set(bank.terms_of(record, section)):
            return False
    region, municipality = bank.place_of(record)
    if flt.regions and region not in flt.regions:
        return False
    if flt.municipalities and municipality not in flt.municipalities:
        return False
    if flt.year_from is not None or flt.year_to is not None:
        years = bank.years_of(record)
        lo, hi = flt.year_from or 0, flt.year_to or 9999
        if not any(lo <= y <= hi for y in years):
            return False
    return True


KIND_RANK = {kind: i for i, kind in enumerate(KINDS)}


def select(bank: Bank, coll: Collection) -> list[Record]:
    chosen = [r for r in bank.published() if matches(bank, r, coll.filter)]
    return sorted(chosen, key=lambda r: (KIND_RANK[r.kind], r.title.lower().replace("ё", "е")))


def limit_of(coll: Collection) -> int:
    return coll.limit or DEFAULT_LIMIT


def contents(bank: Bank, coll: Collection) -> tuple[list[Record], int]:
    """The entries printed in the collection (the newest ``limit`` of those that match, in
    the collection's order) and how many match in all."""
    chosen = select(bank, coll)
    total = len(chosen)
    if total > limit_of(coll):
        newest = sorted(chosen, key=lambda r: (r.model.added, r.slug), reverse=True)[:limit_of(coll)]
        keep = {r.slug for r in newest}
        chosen = [r for r in chosen if r.slug in keep]
    return chosen, total
