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
