"""Generated pages of the site as Markdown with front matter.

`build_pages(bank)` returns every page the bank adds to the site: one per
entry, paginated catalogues per kind, a page per vocabulary term and place,
and the indexes of terms and places. Each page is plain Markdown (with small
HTML blocks for cards and panels) plus front matter naming its template, so
MkDocs — or any other engine fed by `practice-bank render` — can build it.

The logic (what goes on which page) is here; the markup is in the Jinja
templates under ``generator/templates/pages``.
"""

from __future__ import annotations

import json
import re
import secrets
import posixpath
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2

from generator.bank.core import KIND_ORDER, Bank, Record
from generator.bank.views import facet_config
from generator.model.entries import KINDS, Case, Programme, Site, TutoringPractice, years_label
from generator.textutil import demote_headings, md_link, md_text, plain_text, ru_date
from generator.urls import (
    catalogue_src,
    collection_pdf,
    entry_src,
    entry_url,
    page_url,
    relative_url,
    term_src,
)

TEMPLATES = Path(__file__).parent / "templates"
PER_PAGE = 60

# Sections with a page per term, in the order of the «Рубрики» index.
TERM_SECTIONS = ("directions", "competences", "audiences", "levels", "forms", "tutee_types",
                 "site_types", "regions", "municipalities")

# Rows of the summary panel: (label, section or special key) per kind.
PANEL_ROWS: dict[str, list[tuple[str, str]]] = {
    "tutoring": [("Направления", "directions"), ("Целевые группы", "audiences"),
                 ("Уровни образования", "levels"), ("Компетенции", "competences"),
                 ("Формы и технологии", "forms"), ("Организация", "@site"),
                 ("Место", "@place"), ("Годы", "@years"), ("Статус", "@status"),
                 ("Последняя проверка", "@reviewed")],
    "programmes": [("Площадка", "@site"), ("Компетенции", "competences"),
                   ("Направления", "directions"), ("Целевые группы", "audiences"),
                   ("Уровни образования", "levels"), ("Формат", "@format"),
                   ("Продолжительность", "@duration"), ("Всего часов", "@hours"),
                   ("Место", "@place"), ("Годы", "@years"),
                   ("Последняя проверка", "@reviewed")],
    "cases": [("Практика", "@practice"), ("Тьюторант", "tutee_types"),
              ("Направления", "directions"), ("Организация", "@site")],
    "sites": [("Тип", "site_types"), ("Регион", "@region"), ("Муниципалитет", "@municipality"),
              ("Входит в сеть", "@parent"), ("Адрес", "@address"), ("Сайт", "@website")],
}


@dataclass
class GeneratedPage:
    """One generated page: front matter plus a Markdown body.

    The body may be given as a function that renders it: it then runs when the
    body is first read, so a build that shares its pages between processes
    renders each page in one process only (and a page never read costs nothing).
    """

    src_uri: str  # path of the Markdown file inside docs_dir
    meta: dict[str, Any]
    source: str | Callable[[], str]  # the body, or how to render it
    in_nav: bool = False
    edit_path: str | None = None  # repository path of the source (YAML) for the edit link
    entry: str | None = None  # slug, for entry pages
    _rendered: tuple[str, dict[str, str]] | None = field(default=None, repr=False, compare=False)

    @property
    def url(self) -> str:
        return page_url(self.src_uri)

    def _render(self) -> tuple[str, dict[str, str]]:
        if self._rendered is None:
            stash: dict[str, str] = {}
            token = _STASH.set(stash)
            try:
                body = self.source() if callable(self.source) else self.source
            finally:
                _STASH.reset(token)
            self._rendered = (body, _blocks_of(body, stash))
        return self._rendered

    @property
    def body(self) -> str:
        return self._render()[0]

    @property
    def blocks(self) -> dict[str, str]:
        """Placeholder → generated HTML block (panels, cards) of this page."""
        return self._render()[1]

    def markdown(self, placeholders: bool = False) -> str:
        """The page as Markdown with JSON front matter (valid YAML).

        With ``placeholders`` the generated HTML blocks (panels, cards) stay
        out of the Markdown as one-word paragraphs, to be put back into the
        rendered HTML with `fill_blocks`: the Markdown engine then does not
        parse thousands of HTML blocks it would pass through unchanged anyway.
        """
        body, blocks = self._render()
        front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in self.meta.items())
        if not placeholders and blocks:
            body = _PLACEHOLDER.sub(lambda m: blocks.get(m.group(1) or m.group(2), m.group(0)), body)
        return f"---\n{front}\n---\n\n{body}"


# Generated HTML blocks are set aside while pages are rendered (see GeneratedPage.markdown).
# A generated HTML block stands in the Markdown as a token until the page is rendered. The token
# carries a random part drawn once per process, so no author's text can name one: a typed
# «BANKHTML…X» stays text, and a filled-in block is never searched for tokens again.
_NONCE = secrets.token_hex(8)
_PLACEHOLDER = re.compile(rf"<p>(BANKHTML{_NONCE}[0-9]{{7}}X)</p>|(BANKHTML{_NONCE}[0-9]{{7}}X)")
_STASH: ContextVar[dict[str, str] | None] = ContextVar("bank_html_stash", default=None)


def _blocks_of(body: str, stash: dict[str, str]) -> dict[str, str]:
    return {t: stash[t] for m in _PLACEHOLDER.finditer(body) for t in [m.group(1) or m.group(2)] if t in stash}


def _stash_block(html: str) -> str:
    stash = _STASH.get()
    if stash is None:
        return html
    token = f"BANKHTML{_NONCE}{len(stash):07d}X"
    stash[token] = html
    return f"\n\n{token}\n\n"


def fill_blocks(html: str, blocks: dict[str, str]) -> str:
    """Put generated HTML blocks back in place of their placeholders."""
    if not blocks:
        return html
    def fill(m: re.Match) -> str:
        return blocks.get(m.group(1) or m.group(2), m.group(0))

    return _PLACEHOLDER.sub(fill, _PLACEHOLDER.sub(fill, html))  # a block may hold another block


def table_cell(value: Any) -> str:
    """A value squeezed into one Markdown table cell: one line, every «|» escaped (one already
    escaped by the author stays as it is), so no value can move the row into other columns."""
    text = " ".join(line.strip() for line in str(value).splitlines() if line.strip())
    return re.sub(r"(?<!\\)((?:\\\\)*)\|", r"\1\\|", text)


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=False, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["md"] = demote_headings
    env.filters["plain"] = plain_text
    env.filters["ru_date"] = ru_date
    env.filters["e"] = jinja2.filters.do_forceescape
    env.filters["cell"] = table_cell
    env.filters["text"] = md_text  # plain text (titles, names, labels) shown as typed
    env.globals["md_link"] = md_link
    env.filters["stash"] = _stash_block
    return env


class Linker:
    """Relative links from one page to the rest of the site.

    `entry`, `term`, `to` give URLs for HTML blocks; `md_entry`, `md_term`
    give relative source paths for Markdown links, which the engine checks
    and turns into URLs itself.
    """

    def __init__(self, bank: Bank, from_src: str):
        self.bank = bank
        self.from_src = from_src
        self.from_url = page_url(from_src)

    def md(self, src: str) -> str:
        return posixpath.relpath(src, posixpath.dirname(self.from_src) or ".")

    def md_entry(self, record: Record) -> str:
        return self.md(entry_src(record))

    def md_term(self, section: str, term_id: str) -> str:
        return self.md(term_src(section, term_id))

    def to(self, url: str) -> str:
        return relative_url(self.from_url, url)

    def entry(self, record: Record) -> str:
        return self.to(entry_url(record))

    def term(self, section: str, term_id: str) -> str:
        return self.to(page_url(term_src(section, term_id)))

    def slug(self, slug: str) -> str:
        record = self.bank.get(slug)
        return self.entry(record) if record else "#"


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
        if items:
            rows.append({"label": label, "items": items})
    return rows


# Search facets of the bank page: key in the index and URL, Russian label, vocabulary section.
def bank_page(bank: Bank) -> GeneratedPage:
    src = "bank/index.md"
    link = Linker(bank, src)
    body = _env().get_template("bank.md.j2").render(link=link, total=len(bank.published()),
                                                      kinds=[(k, KINDS[k].plural_label, len(bank.of_kind(k)))
                                                             for k in KIND_ORDER])
    meta = {"title": "Поиск по банку практик", "template": "bank.html", "search_exclude": True,
            "description": "Поиск по банку практик с фильтрами по направлениям, компетенциям, "
                           "целевым группам, формам работы, территориям и годам.",
            "bank_facets": facet_config(bank), "hide": ["navigation", "toc"]}
    return GeneratedPage(src, meta, body, in_nav=True)


def _entry_meta(bank: Bank, record: Record) -> dict[str, Any]:
    return {
        "template": "entry.html",
        "title": record.title,
        "description": plain_text(record.model.summary, 200),
        "bank_kind": record.kind,
        "bank_kind_label": KINDS[record.kind].label,
        "bank_slug": record.slug,
        "bank_source": record.path,
        "bank_booklet": record.kind in ("tutoring", "programmes"),
    }


def _score(bank: Bank, record: Record) -> dict[str, Any] | None:
    from generator.bank.benchmarking import assessable, scorecard

    if bank.criteria is None or not assessable(record):
        return None
    return dict(scorecard(record, bank.criteria), slug=record.slug)


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
    return _env().get_template(f"{record.kind}.md.j2").render(**context)


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
            return _env().get_template("list.md.j2").render(
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
    body = _env().get_template("terms.md.j2").render(sections=sections, link=link)
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
    body = _env().get_template("places.md.j2").render(regions=regions, link=link)
    return GeneratedPage(src, {"title": "География", "search_exclude": True, "description": "Практики и программы банка "
                               "по регионам и муниципалитетам."}, body, in_nav=True)


@dataclass
class SiteOptions:
    per_page: int = PER_PAGE
    site_url: str = ""
    repo_url: str = ""
    branch: str = "main"
    pdf: bool = True  # PDFs are made: pages offer them (collections)


def build_pages(bank: Bank, options: SiteOptions | None = None) -> list[GeneratedPage]:
    """Every generated page of the site, in a stable order."""
    stash: dict[str, str] = {}
    token = _STASH.set(stash)
    try:
        pages = _build_pages(bank, options or SiteOptions())
    finally:
        _STASH.reset(token)
    for page in pages:
        if not callable(page.source):  # rendered above, with the shared stash
            page._rendered = (page.source, _blocks_of(page.source, stash))
    return pages


def _build_pages(bank: Bank, options: SiteOptions) -> list[GeneratedPage]:
    pages: list[GeneratedPage] = []
    for kind in KIND_ORDER:
        for record in bank.of_kind(kind):
            pages.append(entry_page(bank, record, options.site_url))
    pages.append(bank_page(bank))
    pages.extend(catalogue_pages(bank, options.per_page))
    pages.append(term_index_page(bank))
    pages.append(places_page(bank))
    pages.extend(term_pages(bank, options.per_page))
    pages.extend(benchmarking_pages(bank))
    pages.extend(redirect_pages(bank))
    pages.append(submit_page(bank, options))
    pages.append(collections_page(bank, bank.collections, options.pdf))
    pages.append(print_page(bank))
    return pages


def submit_page(bank: Bank, options: SiteOptions) -> GeneratedPage:
    """«Предложить практику»: the form drawn from the models and vocabulary."""
    from generator.render.submit_form import browser_rules, form_spec

    src = "submit.md"
    body = _env().get_template("submit.md.j2").render(link=Linker(bank, src), github=bool(options.repo_url))
    meta = {"title": "Предложить практику", "template": "submit.html", "search_exclude": True,
            "description": "Форма для авторов: опишите практику, программу, кейс или организацию — "
                           "и получите готовый файл записи для банка.",
            "hide": ["toc"]}
    meta["bank_form"] = form_spec(bank, options.repo_url, options.branch)
    meta["bank_form_rules"] = browser_rules(meta["bank_form"])
    return GeneratedPage(src, meta, body, in_nav=True)


def redirect_pages(bank: Bank) -> list[GeneratedPage]:
    """A page at every old address: a redirect after a rename, a note after a removal."""
    from generator.bank.redirects import redirect_sources

    pages: list[GeneratedPage] = []
    for url, redirect in redirect_sources(bank, bank.registry, bank.redirects):
        src = url + "index.md"
        link = Linker(bank, src)
        meta: dict[str, Any] = {"template": "redirect.html", "search_exclude": True, "robots": "noindex"}
        if redirect.target:
            target = bank.records[redirect.target]
            meta.update(title=f"Запись переехала: {target.title}", redirect_to=link.entry(target))
            body = (f"Запись теперь находится по новому адресу: [{md_text(target.title)}]({link.md_entry(target)}).\n\n"
                    "Если переход не произошёл автоматически, нажмите на ссылку.\n")
        else:
            meta.update(title="Запись снята с публикации")
            body = (f"Эта запись снята с публикации. Причина: {md_text(redirect.reason or '')}\n\n"
                    f"Похожие практики можно найти в [банке практик]({link.md('bank/index.md')}).\n")
        pages.append(GeneratedPage(src, meta, body, in_nav=False))
    return pages


def collections_page(bank: Bank, collections: list[Any], pdf: bool = True) -> GeneratedPage:
    """«Сборники»: every collection with its PDF and printable HTML version."""
    from generator.bank.collections import contents

    src = "collections/index.md"
    link = Linker(bank, src)
    items = []
    for coll in collections:
        records, total = contents(bank, coll)
        items.append({"title": coll.title, "subtitle": coll.subtitle or "",
                      "intro": plain_text(coll.intro, 300), "count": len(records), "total": total,
                      "pdf": link.to(collection_pdf(coll.slug)).rstrip("/") if pdf else "",
                      "html": link.to(f"collections/{coll.slug}/"),
                      "entries": [{"title": r.title, "url": link.entry(r)} for r in records[:8]],
                      "more": max(0, len(records) - 8)})
    body = _env().get_template("collections.md.j2").render(items=items, link=link)
    return GeneratedPage(src, {"title": "Сборники", "description": "Сборники лучших практик банка "
                               "в PDF: обложка, введение, содержание, записи с новой страницы."},
                         body, in_nav=True)


def print_page(bank: Bank) -> GeneratedPage:
    """Print view of the current selection of the bank page (filled in by the browser)."""
    body = _env().get_template("print.md.j2").render(link=Linker(bank, "print/index.md"))
    return GeneratedPage("print/index.md", {"title": "Подборка для печати", "template": "print.html",
                                            "search_exclude": True, "hide": ["navigation", "toc"],
                                            "bank_facets": facet_config(bank)}, body, in_nav=False)


# -- benchmarking pages ---------------------------------------------------------

def assessment_page(bank: Bank) -> GeneratedPage:
    from generator.bank.benchmarking import EVIDENCE_HELP, EVIDENCE_LABELS, EVIDENCE_LEVELS, rule_text

    criteria = bank.criteria
    items = [{"label": c.label, "description": c.description, "weight": f"{c.weight:g}",
              "levels": sorted(c.scale_levels.items())} for c in (criteria.items.values() if criteria else [])]
    body = _env().get_template("assessment.md.j2").render(
        evidence=[{"label": EVIDENCE_LABELS[e], "help": EVIDENCE_HELP[e]} for e in EVIDENCE_LEVELS],
        criteria=items, rule=rule_text(criteria) if criteria else [])
    return GeneratedPage("assessment/index.md", {"title": "Как читать оценки", "description":
                         "Шкалы бенчмаркинга: уровни доказательности, критерии экспертной оценки и их уровни."},
                         body, in_nav=True)


RANKING_SECTIONS = (("directions", "По направлениям"), ("competences", "По компетенциям"))


def ranking_pages(bank: Bank) -> list[GeneratedPage]:
    from generator.bank.benchmarking import (EVIDENCE_LABELS, assessable, evidence_level, is_recommended, overall_score,
                               ranking, status_label)

    criteria = bank.criteria
    pages = []
    link = Linker(bank, "rankings/index.md")
    sections = []
    for section, title in RANKING_SECTIONS:
        terms = []
        for t in bank.vocabulary.terms(section):
            src = f"rankings/{section}/{t.id}.md"
            rows = ranking(bank, criteria, section, t.id) if criteria else []
            terms.append({"label": t.label, "url": link.md(src), "count": len(rows)})
            plink = Linker(bank, src)
            crit_ids = list(criteria.items) if criteria else []
            body = _env().get_template("ranking.md.j2").render(
                title=f"Рейтинг: {t.label}", section_title=title, term_label=t.label, link=plink,
                criteria=[criteria.items[c].label for c in crit_ids],
                rows=[{"title": r.title, "url": plink.entry(r), "score": overall_score(r, criteria),
                       "scores": [r.model.assessment.scores.get(c) for c in crit_ids],
                       "evidence": EVIDENCE_LABELS[evidence_level(r)], "status": status_label(r, criteria),
                       "recommended": is_recommended(r, criteria)} for r in rows],
                compare_url=plink.to("compare/") + "?e=" + ",".join(r.slug for r in rows[:3]),
                unassessed=sum(1 for r in bank.term_index.get((section, t.id), []) if assessable(r)),
                term_page=plink.md_term(section, t.id))  # a Markdown link: MkDocs checks it
            pages.append(GeneratedPage(src, {"title": f"Рейтинг: {t.label}", "search_exclude": True,
                                             "description": f"Оценённые практики: {t.label}"}, body))
        sections.append({"title": title, "terms": terms})
    assessed = sum(1 for r in bank.published() if assessable(r) and criteria and overall_score(r, criteria) is not None)
    total = sum(1 for r in bank.published() if assessable(r))
    body = _env().get_template("rankings.md.j2").render(sections=sections, link=link, assessed=assessed, total=total)
    pages.insert(0, GeneratedPage("rankings/index.md", {"title": "Рейтинги", "search_exclude": True,
                                  "description": "Оценённые практики по направлениям и компетенциям."},
                                  body, in_nav=True))
    return pages


def stats_page(bank: Bank) -> GeneratedPage:
    from generator.bank.benchmarking import assessable, overall_score
    from generator.bank.stats import charts

    published = bank.published()
    assess = [r for r in published if assessable(r)]
    assessed = [r for r in assess if bank.criteria and overall_score(r, bank.criteria) is not None]
    body = _env().get_template("stats.md.j2").render(charts=charts(bank), total=len(published),
                                                     assessed=len(assessed), assessable=len(assess))
    return GeneratedPage("stats/index.md", {"title": "Статистика банка", "search_exclude": True,
                         "description": "Сколько записей в банке по видам, направлениям, компетенциям, "
                                        "территориям и годам."}, body, in_nav=True)


def data_page(bank: Bank) -> GeneratedPage:
    from generator.bank.columns import all_columns

    names = {"tutoring": "практики", "programmes": "программы", "cases": "кейсы", "sites": "организации"}
    cols = [{"header": c.header, "description": c.description,
             "kinds": "все" if len(c.kinds) == 4 else ", ".join(names[k] for k in c.kinds)}
            for c in all_columns(bank)]
    body = _env().get_template("data.md.j2").render(columns=cols, link=Linker(bank, "data/index.md"))
    return GeneratedPage("data/index.md", {"title": "Открытые данные", "description":
                         "Банк практик в CSV, XLSX и JSON, лента Atom; описание столбцов."}, body, in_nav=True)


def compare_page(bank: Bank) -> GeneratedPage:
    body = _env().get_template("compare.md.j2").render(link=Linker(bank, "compare/index.md"))
    crit = [{"id": cid, "label": c.label, "max": max(c.scale_levels)} for cid, c in
            (bank.criteria.items.items() if bank.criteria else [])]
    return GeneratedPage("compare/index.md", {"title": "Сравнение", "template": "compare.html",
                         "search_exclude": True, "hide": ["navigation", "toc"], "bank_criteria": crit},
                         body, in_nav=True)


def benchmarking_pages(bank: Bank) -> list[GeneratedPage]:
    return [assessment_page(bank), *ranking_pages(bank), stats_page(bank), data_page(bank), compare_page(bank)]
