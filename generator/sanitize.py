"""Last line of defence: entry HTML goes through the nh3 (ammonia) sanitizer.

The validator already rejects raw HTML and unsafe links in authors' text; this
keeps only the tags and attributes our own templates and Markdown produce, and
only http(s), mailto and relative links. `remote_resources` finds what a page
would load from another server (a picture, a frame, a script): the site loads
nothing from elsewhere, and its build fetches nothing either.
"""

from __future__ import annotations

import re

import nh3

TAGS = {
    "a", "abbr", "article", "b", "blockquote", "br", "caption", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "mark", "nav", "ol", "p", "pre", "s", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "role", "aria-label", "aria-current", "aria-hidden",
          "aria-describedby", "aria-labelledby", "data-slug", "data-kind", "hidden"},
    "a": {"href", "rel", "hreflang", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "type"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto"}


# Ids the theme's own elements and scripts use («__config» holds Material's settings): a heading
# «## __config» would take the id and stop every script of the page. Content keeps its ids out of it.
_THEME_ID = re.compile(r"""(<[A-Za-z][^<>]*?\s(?:id=["']|href=["']#))__""")


def sanitize_html(html: str) -> str:
    # Markdown tables emit style="text-align: …" only; every other CSS property is dropped
    # (no Python callback per attribute: it used to be most of the time spent here)
    clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                      link_rel=None, strip_comments=True, filter_style_properties={"text-align"})
    return _THEME_ID.sub(r"\1x__", clean) if "__" in clean else clean  # inside tags only, never in text


_REMOTE = re.compile(r"<(?:img|script|iframe|frame|embed|object|video|audio|source|track|image|use)\b[^>]*?"
                     r"\s(?:src|srcset|data|poster|href|xlink:href)\s*=\s*[\"']?\s*(?P<url>(?:[a-z][a-z0-9+.-]*:)?//[^\s\"'>]*)",
                     re.IGNORECASE)


def remote_resources(html: str) -> list[str]:
    """Addresses of pictures, frames, media and scripts the page would load from another server."""
    if "//" not in html:
        return []
    return [m.group("url") for m in _REMOTE.finditer(html)]


_ACTIVE_TAG = re.compile(r"<(?:img|script|iframe|frame|embed|object|video|audio|source|track|image|use)\b[^>]*>",
                         re.IGNORECASE)


def drop_remote(html: str) -> str:
    """Remove every tag that would load something from another server (print documents: the
    validator refuses such pictures already; this keeps a slip in its rules off paper too)."""
    if "//" not in html:
        return html
    return _ACTIVE_TAG.sub(lambda m: "" if remote_resources(m.group(0)) else m.group(0), html)


_ACTIVE_LINK = re.compile(r"""\s(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*"""
                          r"(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|vbscript|data)\s*:", re.IGNORECASE)


# an element whose attributes (names, with values quoted or not) include an event handler
_EVENT_ATTRIBUTE = re.compile(r"""<[A-Za-z][\w:-]*(?:\s+[^\s=<>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*?"""
                              r"\s+on[a-z]+\s*=", re.IGNORECASE)


def active_links(html: str) -> list[str]:
    """Links and sources with a scheme that runs code (javascript:, vbscript:, data:), and
    elements with an event handler (onclick=…): a page's content carries neither."""
    found = [m.group(0).strip() for m in _ACTIVE_LINK.finditer(html)] if ":" in html else []
    found += [m.group(0)[:80] for m in _EVENT_ATTRIBUTE.finditer(html)]
    return found
