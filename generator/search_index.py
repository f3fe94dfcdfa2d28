"""Pagefind search index of the built site (an adapter over the `pagefind` package).

Only elements marked ``data-pagefind-body`` are indexed (entry bodies and
hand-written pages, never navigation); Russian stemming comes from
``<html lang="ru">``. The index is chunked, so a query downloads only the
fragments it needs.

The whole folder is indexed in one request after the build. Feeding pages one
by one while MkDocs renders them (so Pagefind would work on another core) was
tried and dropped: the `pagefind` Python service polls for each reply with a
0.1 s sleep, which makes 10,000 single-page requests take minutes.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from pathlib import Path


# Not searched: permalinks, buttons, and on entry pages the cards of related entries and the
# summary panel, which repeat other entries' text and the facets (those are filters already).
EXCLUDE = [".headerlink", ".md-content__button", ".bank-source", ".bank-cards", ".bank-panel__rows",
           ".bank-scores", ".bank-actions", ".bank-entry-head"]


async def _index(site_dir: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language="ru", keep_index_url=False, write_playground=False,
                         output_path=str(site_dir / "pagefind"),
                         exclude_selectors=EXCLUDE)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir))
        # leaving the context writes the files to output_path
    return int(result.get("page_count", 0)) if isinstance(result, dict) else 0


def build_search_index(site_dir: Path) -> int:
    """Write site_dir/pagefind/; return the number of indexed pages."""
    return asyncio.run(_index(site_dir))


def _fragment_url(raw: bytes) -> str | None:
    """The page URL at the start of a Pagefind fragment (gzip of ``pagefind_dcd`` + JSON);
    only the first bytes are inflated."""
    try:
        head = zlib.decompressobj(wbits=31).decompress(raw, 4096)
    except zlib.error:
        return None
    marker = b'"url":"'
    at = head.find(marker)
    if at < 0:
        return None
    end = head.find(b'"', at + len(marker))
    return head[at + len(marker):end].decode("utf-8", "replace") if end > 0 else None


def _fragment(raw: bytes) -> dict:
    data = zlib.decompress(raw, wbits=31)
    return json.loads(data[len(b"pagefind_dcd"):] if data.startswith(b"pagefind_dcd") else data)


def search_ids(site_dir: Path, urls: list[str]) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Pagefind page id (the fragment's file name) of each entry URL in ``urls`` ("" for a
    page Pagefind did not index), and the URL and title of every other indexed page."""
    number = {"/" + url.lstrip("/"): i for i, url in enumerate(urls)}
    ids = [""] * len(urls)
    pages: dict[str, dict[str, str]] = {}
    for fragment in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = fragment.read_bytes()
        url = _fragment_url(raw)
        page_id = fragment.name.removesuffix(".pf_fragment")
        if url is not None and url in number:
            ids[number[url]] = page_id
        elif url is not None:
            try:
                title = str(_fragment(raw).get("meta", {}).get("title") or url)
            except (zlib.error, ValueError):
                title = url
            pages[page_id] = {"url": url.lstrip("/"), "title": title}
    return ids, pages


def write_entry_ids(site_dir: Path, urls: list[str]) -> None:
    """``api/browse/search-ids.json`` (entry number → Pagefind id) and
    ``api/browse/search-pages.json`` (Pagefind id → URL and title of a page that is not an entry)."""
    ids, pages = search_ids(site_dir, urls)
    target = site_dir / "api" / "browse"
    target.mkdir(parents=True, exist_ok=True)
    (target / "search-ids.json").write_text(json.dumps(ids, separators=(",", ":")), encoding="utf-8")
    (target / "search-pages.json").write_text(json.dumps(pages, ensure_ascii=False, separators=(",", ":"),
                                                         sort_keys=True), encoding="utf-8")
