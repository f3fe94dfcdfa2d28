"""The site's service pages: the submit form, redirects of old addresses, collections and the
print view of a selection."""

from __future__ import annotations

from typing import Any

from generator.bank.core import Bank
from generator.bank.views import facet_config
from generator.render.page import GeneratedPage, Linker, SiteOptions, env
from generator.textutil import md_text, plain_text
from generator.urls import collection_pdf, collection_url


def submit_page(bank: Bank, options: SiteOptions) -> GeneratedPage:
    """«Предложить практику»: the form drawn from the models and vocabulary."""
    from generator.render.submit_form import browser_rules, form_spec

    src = "submit.md"
    body = env().get_template("submit.md.j2").render(link=Linker(bank, src), github=bool(options.repo_url))
    meta = {"title": "Предложить практику", "template": "submit.html", "search_exclude": True,
            "description": "Форма для авторов: опишите практику, программу, кейс или организацию — "
                           "и получите готовый файл записи для банка.",
            "hide": ["toc"]}
    meta["bank_form"] = form_spec(bank, options.repo_url, options.branch)
    meta["bank_form"]["editors_email"] = bank.publication.editors_email if bank.publication else ""
    meta["bank_form_rules"] = browser_rules(meta["bank_form"])
    return GeneratedPage(src, meta, body, in_nav=True, own_markup=True)


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
                      "html": link.to(collection_url(coll.slug)),
                      "entries": [{"title": r.title, "url": link.entry(r)} for r in records[:8]],
                      "more": max(0, len(records) - 8)})
    body = env().get_template("collections.md.j2").render(items=items, link=link)
    return GeneratedPage(src, {"title": "Сборники", "description": "Сборники лучших практик банка "
                               "в PDF: обложка, введение, содержание, записи с новой страницы."},
                         body, in_nav=True)


def print_page(bank: Bank) -> GeneratedPage:
    """Print view of the current selection of the bank page (filled in by the browser)."""
    body = env().get_template("print.md.j2").render(link=Linker(bank, "print/index.md"))
    return GeneratedPage("print/index.md", {"title": "Подборка для печати", "template": "print.html",
                                            "search_exclude": True, "hide": ["navigation", "toc"],
                                            "bank_facets": facet_config(bank)}, body, in_nav=False,
                         own_markup=True)


# -- benchmarking pages ---------------------------------------------------------


def privacy_page(bank: Bank) -> GeneratedPage:
    """«Политика обработки персональных данных», from the operator in the publication settings."""
    from generator.model.entries import PUBLISHABLE

    src = "privacy/index.md"
    pub = bank.publication
    body = env().get_template("privacy.md.j2").render(pub=pub, publishable=list(PUBLISHABLE.values()),
                                                      link=Linker(bank, src))
    return GeneratedPage(src, {"title": "Политика обработки персональных данных", "search_exclude": True,
                               "description": "Какие персональные данные публикует банк практик, на каком "
                                              "основании и как отозвать согласие."}, body, in_nav=False)
