"""The page type (`GeneratedPage`: front matter plus Markdown, rendered lazily), the Jinja
environment of the page templates, generated HTML blocks and their placeholders, and `Linker`
(relative links between pages, through `generator.urls`)."""

from __future__ import annotations

import json
import re
import secrets
import posixpath
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import jinja2

from generator.bank.core import Bank, Record
from generator.textutil import demote_headings, md_link, md_text, plain_text, ru_date
from generator.urls import entry_src, entry_url, page_url, relative_url, term_src


TEMPLATES = Path(__file__).parent / "templates"


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
    own_markup: bool = False  # only our markup (forms, charts): no author's or editor's text as Markdown;
    # every other page is passed through the sanitizer after rendering
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
        front = "\n".join(f"{k}: {_yaml_json(v)}" for k, v in self.meta.items())
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
def env() -> jinja2.Environment:
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
    env.filters["num"] = ru_number
    return env


def ru_number(value: object) -> str:
    """A number as Russian writes it: 4,69; 4 (not 4.0)."""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).replace(".", ",")


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


PER_PAGE = 60  # cards on a page of a catalogue or a rubric


@dataclass
class SiteOptions:
    per_page: int = PER_PAGE
    site_url: str = ""
    repo_url: str = ""
    branch: str = "main"
    pdf: bool = True  # PDFs are made: pages offer them (collections)


def with_blocks(build: Callable[[], list[GeneratedPage]]) -> list[GeneratedPage]:
    """``build()``'s pages, the HTML blocks their templates set aside collected per page
    (pages rendered at once; a page whose body is a function renders its own when read)."""
    stash: dict[str, str] = {}
    token = _STASH.set(stash)
    try:
        pages = build()
    finally:
        _STASH.reset(token)
    for page in pages:
        if not callable(page.source):  # rendered above, with the shared stash
            page._rendered = (page.source, _blocks_of(page.source, stash))
    return pages


def _yaml_json(value: Any) -> str:
    """A front-matter value as JSON, which is YAML — but for U+2028 and U+2029, which YAML reads
    as line breaks even inside quotes: they are written as escapes."""
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
