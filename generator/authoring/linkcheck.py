"""Links inside a built site: every internal href/src must reach a file, every #anchor an id.

Plain Python over the output folder (no MkDocs): `practice-bank check-links site/`
runs after any build, in CI and locally. Attributes are found with regular
expressions rather than a full HTML parser: the site has tens of thousands of
pages and only links and ids matter here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK = re.compile(r"""<(a|link|img|script|source|iframe)\b[^>]*?\s(href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""",
                   re.IGNORECASE)
_ID = re.compile(r"""\s(?:id|name)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>|<template\b[^>]*>.*?</template>|<!--.*?-->",
                     re.IGNORECASE | re.DOTALL)
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


@dataclass(frozen=True)
class BrokenLink:
    page: str
    target: str
    reason: str

    def format(self) -> str:
        return f"{self.page}: ссылка «{self.target}» {self.reason}"


def _unquote_attr(value: str) -> str:
    if value[:1] in "\"'":
        value = value[1:-1]
    return html.unescape(value).strip()


class SiteLinks:
    def __init__(self, site: Path, base_path: str = "/"):
        self.site = site.resolve()
        self.base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self._ids: dict[Path, set[str]] = {}

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            text = page.read_text(encoding="utf-8", errors="replace")
            self._ids[page] = {_unquote_attr(m.group(1)) for m in _ID.finditer(_SCRIPT.sub("", text))}
        return self._ids[page]

    def resolve(self, page: Path, target: str) -> Path | None:
        parts = urlsplit(target)
        path = unquote(parts.path)
        if not path:
            return page
        if path.startswith("/"):  # absolute paths (the 404 page) carry the site's sub-path
            if not (path + "/").startswith(self.base_path):
                return None
            base, path = self.site, path[len(self.base_path):]
        else:
            base = page.parent
        candidate = (base / path).resolve()
        try:
            candidate.relative_to(self.site)
        except ValueError:
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def check_page(self, page: Path) -> list[BrokenLink]:
        shown = page.relative_to(self.site).as_posix()
        text = _SCRIPT.sub("", page.read_text(encoding="utf-8", errors="replace"))
        broken = []
        for match in _LINK.finditer(text):
            target = _unquote_attr(match.group(3))
            if not target or target.startswith(("#", "data:", "mailto:", "tel:")) and not target.startswith("#"):
                continue
            if _EXTERNAL.match(target):
                continue
            resolved = self.resolve(page, target)
            if resolved is None:
                broken.append(BrokenLink(shown, target, "ведёт на несуществующую страницу или файл"))
                continue
            fragment = unquote(urlsplit(target).fragment)
            if fragment and resolved.suffix == ".html" and fragment not in self.ids(resolved):
                where = "на этой странице" if resolved == page else f"на странице {resolved.relative_to(self.site).as_posix()}"
                broken.append(BrokenLink(shown, target, f"ведёт на раздел «#{fragment}», которого нет {where}"))
        return broken


def check_site(site: Path, base_path: str = "/") -> tuple[int, list[BrokenLink]]:
    """Number of pages checked and the broken links found.

    ``base_path`` is the sub-path the site is published under (``/bank/``):
    absolute links must start with it.
    """
    links = SiteLinks(site, base_path)
    pages = sorted(p for p in links.site.rglob("*.html"))
    broken: list[BrokenLink] = []
    for page in pages:
        broken.extend(links.check_page(page))
    return len(pages), broken
