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
    "print", "rankings", "assessment", "contribute", "recommendations", "booklet", "page", "expert",
    "experts", "assessments", "privacy", "route", "calendar", "events",
})

FEED = "feed.xml"
DATA_DIR = "data"
MATERIALS_DIR = "materials"


# Every address the bank generates, as a pattern (the way Pelican keeps ARTICLE_URL in settings).
PATTERNS = {
    "entry": "{kind}/{slug}",                          # as the registry of published addresses lists it
    "entry_src": "{kind}/{slug}.md",                   # the entry page's Markdown; its URL is …/slug/
    "booklet_src": "{kind}/{slug}/booklet/index.html",
    "booklet_pdf": "{kind}/{slug}/{slug}.pdf",
    "entry_json": "api/entries/{slug}.json",
    "term_src": "terms/{section}/{term}.md",
    "term_page_src": "terms/{section}/{term}/{page}.md",
    "catalogue_src": "{kind}/index.md",
    "catalogue_page_src": "{kind}/page/{page}.md",
    "collection": "collections/{slug}/",
    "collection_src": "collections/{slug}/index.html",
    "collection_pdf": "collections/{slug}.pdf",
    "material": MATERIALS_DIR + "/{path}",
    "calendar_src": "calendar/index.md",               # the events calendar; its URL is calendar/
    "calendar_ics": "calendar/events.ics",             # every event of the bank as iCalendar
    "site_ics": "calendar/{slug}.ics",                 # the events of one organising site
}


def entry_path(kind: str, slug: str) -> str:
    return PATTERNS["entry"].format(kind=kind, slug=slug)


def entry_url(entry: _Entry) -> str:
    return entry_path(entry.kind, entry.slug) + "/"


def entry_src(entry: _Entry) -> str:
    return PATTERNS["entry_src"].format(kind=entry.kind, slug=entry.slug)


def booklet_src(entry: _Entry) -> str:
    return PATTERNS["booklet_src"].format(kind=entry.kind, slug=entry.slug)


def booklet_pdf(entry: _Entry) -> str:
    return PATTERNS["booklet_pdf"].format(kind=entry.kind, slug=entry.slug)


def entry_json(slug: str) -> str:
    return PATTERNS["entry_json"].format(slug=slug)


def term_src(section: str, term_id: str, page: int = 1) -> str:
    name = "term_src" if page == 1 else "term_page_src"
    return PATTERNS[name].format(section=section, term=term_id, page=page)


def catalogue_src(kind: str, page: int = 1) -> str:
    return PATTERNS["catalogue_src" if page == 1 else "catalogue_page_src"].format(kind=kind, page=page)


def collection_url(slug: str) -> str:
    return PATTERNS["collection"].format(slug=slug)


def collection_src(slug: str) -> str:
    return PATTERNS["collection_src"].format(slug=slug)


def collection_pdf(slug: str) -> str:
    return PATTERNS["collection_pdf"].format(slug=slug)


def material(path: str) -> str:
    return PATTERNS["material"].format(path=path)


def calendar_src() -> str:
    return PATTERNS["calendar_src"]


def calendar_url() -> str:
    return page_url(calendar_src())


def calendar_ics(site_slug: str | None = None) -> str:
    """The iCalendar file of the whole bank, or of one organising site."""
    return PATTERNS["site_ics"].format(slug=site_slug) if site_slug else PATTERNS["calendar_ics"]


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


def new_file_urls(repo_url: str, kind: str, branch: str, folder: str) -> dict[str, str]:
    """The repository's «new file» page for ``folder``: GitHub's takes the file's name and text
    in the address (``?filename=…&value=…``); GitLab's does not (newer versions ignore them),
    so its page is only opened and the text pasted. {"github_new": …} or {"gitlab_new": …}."""
    repo = repo_url.rstrip("/")
    if not repo:
        return {"github_new": "", "gitlab_new": ""}
    if kind == "github":
        return {"github_new": f"{repo}/new/{branch}/{folder}", "gitlab_new": ""}
    return {"github_new": "", "gitlab_new": f"{repo}/-/new/{branch}/{folder}"}
