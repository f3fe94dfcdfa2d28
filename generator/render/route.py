"""«Индивидуальный маршрут»: a teacher's plan of modules taken from programmes of staging sites.

The page is a frame the browser fills in (overrides/assets/javascripts/route.js): the chosen
modules live in the page's address (``?m=programme-slug.N,…``, N the module's number as the
programme page shows it) and in the browser's storage; their programmes and sites come from the
entries' JSON files (``api/entries/<slug>.json``). The build gives the page only what those files
do not hold: the labels of the vocabulary's forms of work.
"""

from __future__ import annotations

from generator.bank.core import Bank
from generator.render.page import GeneratedPage, Linker, env

ROUTE_SRC = "route/index.md"


def route_page(bank: Bank) -> GeneratedPage:
    link = Linker(bank, ROUTE_SRC)
    body = env().get_template("route.md.j2").render(link=link)
    forms = {t.id: t.label for t in bank.vocabulary.terms("forms")}
    meta = {"title": "Индивидуальный маршрут", "template": "route.html", "search_exclude": True,
            "description": "Индивидуальный образовательный маршрут педагога из модулей программ "
                           "стажировочных площадок: порядок, часы, контакты площадок, печать.",
            "hide": ["navigation", "toc"],
            "bank_route_forms": forms}
    return GeneratedPage(ROUTE_SRC, meta, body, in_nav=True, own_markup=True)
