"""Every generated page of the site, in a stable order — `build_pages(bank)`.

One page per entry, paginated catalogues per kind, a page per vocabulary term and place,
benchmarking, service pages, collections and the print view. Each page is Markdown with small
HTML blocks plus front matter naming its template, so MkDocs — or any other engine fed by
`practice-bank render --out` — can build it. The logic (what goes on which page) is in the
modules of this package; the markup in the Jinja templates under ``render/templates``.
"""

from __future__ import annotations

from generator.bank.core import Bank, KIND_ORDER
from generator.render.benchmarking import benchmarking_pages
from generator.render.calendar import calendar_page
from generator.render.entries import entry_page
from generator.render.expert_form import expert_page
from generator.render.lists import bank_page, catalogue_pages, places_page, term_index_page, term_pages
from generator.render.page import GeneratedPage, SiteOptions, with_blocks
from generator.render.service_pages import collections_page, print_page, privacy_page, redirect_pages, submit_page
from generator.render.route import route_page


def build_pages(bank: Bank, options: SiteOptions | None = None) -> list[GeneratedPage]:
    """Every generated page of the site, in a stable order."""
    return with_blocks(lambda: _build_pages(bank, options or SiteOptions()))


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
    pages.append(expert_page(bank, options))
    pages.append(collections_page(bank, bank.collections, options.pdf))
    pages.append(calendar_page(bank, options))
    pages.append(print_page(bank))
    pages.append(privacy_page(bank))
    pages.append(route_page(bank))
    return pages
