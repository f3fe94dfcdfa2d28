"""One Markdown converter for every page of a build, instead of one per page.

MkDocs 1.6 (`Page.render`) builds a new `markdown.Markdown` with all the
configured extensions for each page; with Material's set that is about 1.5 ms
a page before any text is converted — 15 s of CPU at 10,000 entries. Python-
Markdown is made to be reused: `reset()` clears the state of the converter and
of every extension that keeps some (footnotes, toc, tabs…). `SharedMarkdown`
does what `Page.render` does, with that one converter; MkDocs' own per-page
processors (raw HTML anchors, relative links, the title) are registered anew for
each page, replacing the previous page's by name.

Tied to MkDocs internals: the four `_register`-ed processors of
`mkdocs.structure.pages` and the attributes `Page.render` sets (content, toc,
_title_from_render, present_anchor_ids, links_to_anchors). `mkdocs>=1.6,<2`
is pinned; `tests/test_shared_markdown.py` compares the output with MkDocs'
own `Page.render` page by page, so a change there fails the suite.
"""

from __future__ import annotations

import logging
from functools import partial

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.structure.pages")  # the logger Page.render consults


class SharedMarkdown:
    """Renders pages like `Page.render`, with one converter for the whole build."""

    def __init__(self, config: MkDocsConfig) -> None:
        self._md = markdown.Markdown(extensions=config["markdown_extensions"],
                                     extension_configs=config["mdx_configs"] or {})

    def attach(self, page: Page) -> Page:
        """Make ``page.render(config, files)`` use this converter."""
        page.render = partial(self.render, page)  # type: ignore[method-assign]
        return page

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._md
        md.reset()
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors
