"""Lists of entries: the bank page, paginated catalogues per kind, a page per vocabulary
term, the index of terms and the map of places."""

from __future__ import annotations

from typing import Any

from generator.bank.core import Bank, KIND_ORDER, Record
from generator.bank.views import facet_config
from generator.model.entries import KINDS
from generator.render.page import GeneratedPage, Linker, PER_PAGE, env
from generator.render.views import card
from generator.textutil import md_text, plain_text
from generator.urls import catalogue_src, page_url, term_src


# Sections with a page per term, in the order of the «Рубрики» index.
TERM_SECTIONS = ("directions", "competences", "audiences", "levels", "forms", "tutee_types",
                 "site_types", "regions", "municipalities")


def bank_page(bank: Bank) -> GeneratedPage:
    src = "bank/index.md"
    link = Linker(bank, src)
    body = env().get_template("bank.md.j2").render(link=link, total=len(bank.published()),
                                                      kinds=[(k, KINDS[k].plural_label, len(bank.of_kind(k)))
                                                             for k in KIND_ORDER])
    meta = {"title": "Поиск по банку практик", "template": "bank.html", "search_exclude": True,
            "description": "Поиск по банку практик с фильтрами по направлениям, компетенциям, "
                           "целевым группам, формам работы, территориям и годам.",
            "bank_facets": facet_config(bank), "hide": ["navigation", "toc"]}
    return GeneratedPage(src, meta, body, in_nav=True, own_markup=True)


def _paginate(items: list[Record], per_page: int) -> list[list[Record]]:
    return [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]


def _pager(src_for_page, page: int, pages: int, link: Linker) -> dict[str, Any] | None:
    if pages <= 1:
        return None
    numbers = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    return {
        "page": page, "pages": pages,
        "prev": link.to(page_url(src_for_page(page - 1))) if page > 1 else None,
        "next": link.to(page_url(src_for_page(page + 1))) if page < pages else None,
        "numbers": [{"n": n, "url": link.to(page_url(src_for_page(n))), "current": n == page}
                    for n in numbers],
    }


def _list_pages(bank: Bank, records: list[Record], src_for_page, title: str, intro: str,
                per_page: int, first_in_nav: bool, extra: dict[str, Any] | None = None,
                description: str = "") -> list[GeneratedPage]:
    chunks = _paginate(records, per_page)
    pages = []
    for n, chunk in enumerate(chunks, 1):
        src = src_for_page(n)

        def body(src: str = src, n: int = n, chunk: list[Record] = chunk) -> str:
            link = Linker(bank, src)
            return env().get_template("list.md.j2").render(
                title=title if n == 1 else f"{title} — страница {n}", intro=intro if n == 1 else "",
                cards=[card(bank, r, link) for r in chunk], total=len(records),
                pager=_pager(src_for_page, n, len(chunks), link), link=link, **(extra or {}))

        meta = {"title": title if n == 1 else f"{title} — страница {n}",
                "description": description or plain_text(intro, 200) or title,
                "template": "list.html", "search_exclude": True}
        pages.append(GeneratedPage(src, meta, body, in_nav=first_in_nav and n == 1))
    return pages


CATALOGUE_INTROS = {
    "tutoring": "Тьюторские практики школ, методических служб и сетевых проектов: проблема, цель, "
                "этапы, результаты и условия переноса в другую школу.",
    "programmes": "Модульные программы стажировочных площадок: модули с часами и формами работы, "
                  "педагоги-мастера, диагностические инструменты.",
    "cases": "Кейсы из тьюторской практики для обсуждения на семинарах и в методических объединениях: "
             "ситуация, действия тьютора, результат, вопросы.",
    "sites": "Организации, которые ведут практики и программы: стажировочные и опорные площадки, "
             "ресурсные центры, школы, методические службы.",
    "adoptions": "Кто внедрил практику или программу банка у себя: что изменили и почему, что получилось. "
                 "Внедрение в другой организации — лучшее свидетельство того, что практику можно перенести.",
}


def catalogue_pages(bank: Bank, per_page: int = PER_PAGE) -> list[GeneratedPage]:
    pages = []
    for kind in KIND_ORDER:
        records = bank.of_kind(kind)
        pages.extend(_list_pages(bank, records, lambda n, k=kind: catalogue_src(k, n),
                                 KINDS[kind].plural_label, CATALOGUE_INTROS[kind], per_page,
                                 first_in_nav=True, extra={"kind": kind}))
    return pages


def _section_records(bank: Bank, section: str, term_id: str) -> list[Record]:
    if section in ("regions", "municipalities"):
        return bank.place_index.get((section, term_id), [])
    return bank.term_index.get((section, term_id), [])


SECTION_TITLES = {
    "directions": "Направления", "competences": "Компетенции", "audiences": "Целевые группы",
    "levels": "Уровни образования", "forms": "Формы и технологии", "tutee_types": "Тьюторанты",
    "site_types": "Типы организаций", "regions": "Регионы", "municipalities": "Муниципалитеты",
}


def term_pages(bank: Bank, per_page: int = PER_PAGE) -> list[GeneratedPage]:
    pages = []
    vocab = bank.vocabulary
    for section in TERM_SECTIONS:
        for term in vocab.terms(section):
            records = _section_records(bank, section, term.id)
            title = term.label
            intro = term.description or f"{SECTION_TITLES[section]}: все записи банка с термином «{md_text(term.label)}»."
            extra = {"section": section, "section_title": SECTION_TITLES[section],
                     "terms_index": "", "term": term}
            pages.extend(_list_pages(bank, records, lambda n, s=section, t=term.id: term_src(s, t, n),
                                     title, intro, per_page, first_in_nav=False, extra=extra,
                                     description=f"{SECTION_TITLES[section]} — {term.label}"))
    return pages


def term_index_page(bank: Bank) -> GeneratedPage:
    src = "terms/index.md"
    link = Linker(bank, src)
    sections = []
    for section in TERM_SECTIONS:
        if section in ("regions", "municipalities"):
            continue
        terms = [{"label": t.label, "url": link.md_term(section, t.id),
                  "count": len(_section_records(bank, section, t.id))} for t in bank.vocabulary.terms(section)]
        sections.append({"title": SECTION_TITLES[section], "terms": terms})
    body = env().get_template("terms.md.j2").render(sections=sections, link=link)
    return GeneratedPage(src, {"title": "Рубрики", "search_exclude": True, "description": "Все рубрики банка практик: "
                               "направления, компетенции, целевые группы, формы работы."}, body, in_nav=True)


def places_page(bank: Bank) -> GeneratedPage:
    src = "places/index.md"
    link = Linker(bank, src)
    vocab = bank.vocabulary
    regions = []
    for region in vocab.terms("regions"):
        municipalities = [{"label": t.label, "url": link.md_term("municipalities", t.id),
                           "count": len(_section_records(bank, "municipalities", t.id))}
                          for t in vocab.terms("municipalities") if t.region == region.id]
        regions.append({"label": region.label, "url": link.md_term("regions", region.id),
                        "count": len(_section_records(bank, "regions", region.id)),
                        "municipalities": municipalities})
    body = env().get_template("places.md.j2").render(regions=regions, link=link)
    return GeneratedPage(src, {"title": "География", "search_exclude": True, "description": "Практики и программы банка "
                               "по регионам и муниципалитетам."}, body, in_nav=True)
