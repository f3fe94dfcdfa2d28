"""The site's one URL scheme: where every generated page and file lives.

Everything that names an address asks here — pages, booklets, open data, the feed, the
registry of published addresses, the MkDocs adapter — so the scheme can change in one place.
Addresses are relative to the site root, directory style (``tutoring/slug/``); Markdown
sources end in ``.md`` and become ``…/`` pages.
"""

from __future__ import annotations

from typing import Protocol


class _Entry(Protocol):
    kind: str
    slug: str


# First path segments the site itself uses: no entry may take one as its name.
RESERVED_SLUGS = frozenset({
    "index", "search", "assets", "stylesheets", "javascripts", "bank", "catalog", "terms",
    "places", "booklets", "collections", "compare", "stats", "data", "feed", "404", "sitemap",
    "pagefind", "schema", "materials", "new", "about", "tags", "img", "static", "submit", "api",
    "print", "rankings", "assessment", "contribute", "recommendations", "booklet", "page",
})

FEED = "feed.xml"
DATA_DIR = "data"
MATERIALS_DIR = "materials"


def entry_path(kind: str, slug: str) -> str:
    """``kind/slug``: an entry's address without the trailing slash (as the registry lists it)."""
    return f"{kind}/{slug}"


def entry_url(entry: _Entry) -> str:
    return f"{entry_path(entry.kind, entry.slug)}/"


def entry_src(entry: _Entry) -> str:
    return f"{entry_path(entry.kind, entry.slug)}.md"


def booklet_src(entry: _Entry) -> str:
    return f"{entry_url(entry)}booklet/index.html"


def booklet_pdf(entry: _Entry) -> str:
    return f"{entry_url(entry)}{entry.slug}.pdf"


def entry_json(slug: str) -> str:
    return f"api/entries/{slug}.json"


def term_src(section: str, term_id: str, page: int = 1) -> str:
    return f"terms/{section}/{term_id}.md" if page == 1 else f"terms/{section}/{term_id}/{page}.md"


def catalogue_src(kind: str, page: int = 1) -> str:
    return f"{kind}/index.md" if page == 1 else f"{kind}/page/{page}.md"


def collection_src(slug: str) -> str:
    return f"collections/{slug}/index.html"


def collection_pdf(slug: str) -> str:
    return f"collections/{slug}.pdf"


def material(path: str) -> str:
    return f"{MATERIALS_DIR}/{path}"


def page_url(src_uri: str) -> str:
    """Directory URL of a Markdown source: 'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/'."""
    if src_uri.endswith("index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[:-3] + "/"


def relative_url(from_url: str, to_url: str) -> str:
    """Relative link between two directory URLs of the site ('' is the home page)."""
    base = [part for part in from_url.split("/") if part] if from_url not in ("", ".") else []
    target = [part for part in to_url.split("/") if part] if to_url not in ("", ".") else []
    common = 0
    for a, b in zip(base, target):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base) - common) + target[common:])
    if not rel:
        return "./"
    if to_url.endswith("/"):
        rel += "/"
    return rel
