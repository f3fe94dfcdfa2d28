"""Configuration of the `practice-bank` MkDocs plugin (typed, as in MkDocs itself)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PracticeBankConfig(Config):
    practices = c.Type(str, default="practices")
    """Folder with entries, relative to mkdocs.yml."""
    per_page = c.Type(int, default=60)
    """Cards per catalogue or term page."""
    sanitize = c.Type(bool, default=True)
    """Run rendered entry HTML through the nh3 sanitizer."""
    search = c.Type(bool, default=True)
    """Write the bank's search index (search/) after the site (BANK_NO_SEARCH=1 skips it)."""
    pdf = c.Type(bool, default=True)
    """Render booklets and collections to PDF (BANK_PDF=0 skips them for previews)."""
    pdf_cache = c.Type(str, default=".cache/pdf")
    """Folder of cached PDFs, relative to mkdocs.yml (BANK_PDF_CACHE overrides it)."""
    parallel = c.Type(bool, default=True)
    """`mkdocs build` renders the entry and list pages in two processes when there are two cores."""
    child_share = c.Type(float, default=0.55)
    """The second process's share of those pages (the first one also renders the pages in the
    navigation and writes the search index)."""
