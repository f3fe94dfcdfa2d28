"""Emoji for pymdownx.emoji that never load from another site.

Material's ``to_svg`` makes the theme's icons (``:material-…:``, ``:fontawesome-…:``,
``:octicons-…:``) inline SVG from the files the theme ships, and every other emoji an
``<img>`` from cdn.jsdelivr.net — a picture from a server nobody checked, which the build
refuses (an author typing ``:smile:`` would break it). Here the icons stay inline SVG and
emoji become the Unicode character itself.
"""

from __future__ import annotations

from material.extensions import emoji as material_emoji
from pymdownx import emoji


def to_svg_or_unicode(index, shortname, alias, uc, alt, title, category, options, md):
    if not uc:  # one of the theme's icons: it has no code point, only its SVG file
        return material_emoji.to_svg(index, shortname, alias, uc, alt, title, category, options, md)
    return emoji.to_alt(index, shortname, alias, uc, alt, title, category, options, md)
