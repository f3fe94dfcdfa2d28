"""Small text helpers shared by pages, booklets and exports: dates and plain text."""

from __future__ import annotations

import re
from datetime import date

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
