"""Small text helpers shared by pages, booklets and exports: dates, plain text, text put into Markdown."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

MONTHS_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                   "сентября", "октября", "ноября", "декабря"]


def ru_date(value: date | None) -> str:
    """23 ноября 2026 г."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|\*|_|`|^#+\s*|^>\s*|^\s*[-+*]\s+|^\s*\d+\.\s+)", re.M)


def plain_text(markdown: str, limit: int | None = None) -> str:
    """Markdown to one line of plain text (for cards, meta descriptions, exports)."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_MARKS.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    if limit and len(text) > limit:
        cut = text[: limit - 1].rsplit(" ", 1)[0]
        text = cut.rstrip(",.;:—- ") + "…"
    return text


def demote_headings(markdown: str, level: int = 3) -> str:
    """Authors' headings must not break the page outline: # -> ###."""
    return re.sub(r"^(#{1,6})(\s)", lambda m: "#" * min(6, len(m.group(1)) + level - 1) + m.group(2),
                  markdown, flags=re.M)


# Python-Markdown's backslash escapes (its ESCAPED_CHARS); "<" has none, it is written as an entity.
_MD_ESCAPABLE = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
_MD_SHORTCODE = re.compile(r":(?=[\w+\\])")  # an emoji shortcode needs «:» right before a word
_MD_ENTITY = re.compile(r"&(?=#[0-9]+;|#x[0-9a-f]+;|[0-9a-z]+;)", re.I)


def md_text(text: object) -> str:
    """Plain text (a title, a name, a label) written into Markdown so that the page shows it
    exactly as typed — as it is shown in <title>, on cards and in print: no emphasis, links,
    headings, entities («&lt;» stays «&lt;») or emoji shortcodes."""
    text = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SHORTCODE.sub("&#58;", _MD_ESCAPABLE.sub(r"\\\1", text))


def md_destination(url: str) -> str:
    """A link's address as a Markdown destination in angle brackets: brackets, parentheses,
    asterisks and underscores in it stay part of the address."""
    url = _MD_ENTITY.sub("&amp;", url.replace("\\", "\\\\"))
    return "<" + re.sub(r"[\s<>]", lambda m: quote(m.group()), url) + ">"


def md_link(text: object, url: str) -> str:
    """A Markdown link to ``url`` that shows ``text`` as typed."""
    return f"[{md_text(text)}]({md_destination(url)})"
