"""PDF rendering of print documents with WeasyPrint, cached by content hash.

A PDF is rebuilt only when its HTML (which already contains the CSS and every
fact printed) or the WeasyPrint version changes; unchanged documents are copied
from the cache. `BANK_PDF=0` skips PDFs entirely for fast previews.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .booklets import fingerprint

log = logging.getLogger("practice_bank.pdf")


def pdf_enabled(default: bool = True) -> bool:
    value = os.environ.get("BANK_PDF")
    if value is None:
        return default
    return value.strip().lower() not in ("0", "no", "false", "off", "нет")


@dataclass
class PdfStats:
    rendered: int = 0
    cached: int = 0


def _engine_version() -> str:
    import weasyprint

    return weasyprint.__version__


def _place(cached: Path, target: Path) -> None:
    """Put a cached PDF into the site: a hard link when possible (instant, no extra space)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        os.link(cached, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(cached, target)


def render_pdf(html: str, target: Path, cache_dir: Path | None, base_url: str | None = None,
               stats: PdfStats | None = None) -> Path:
    """Write ``target`` from ``html``; reuse a cached copy when nothing changed."""
    key = fingerprint(html, _engine_version())
    target.parent.mkdir(parents=True, exist_ok=True)
    cached = cache_dir / f"{key}.pdf" if cache_dir else None
    if cached is not None and cached.exists():
        _place(cached, target)
        if stats:
            stats.cached += 1
        return target
    _fitted(html, base_url).write_pdf(str(target))
    if cached is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        shutil.copyfile(target, tmp)
        tmp.replace(cached)
    if stats:
        stats.rendered += 1
    return target


FIT_MARK = 'data-fit="one-page"'  # on <html>: a document meant for one sheet (a booklet)
FIT_LEVELS = 3  # html.fit-1 … fit-3 in print.css, each a little tighter


def _fitted(html: str, base_url: str | None = None):
    """The laid-out document; one meant for one sheet is set tighter, step by step, while it
    runs over (at most FIT_LEVELS more layouts, only for the booklets that need them)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render()
    level = 0
    while len(document.pages) > 1 and FIT_MARK in html and level < FIT_LEVELS:
        level += 1
        tighter = html.replace(FIT_MARK, f'{FIT_MARK} class="fit-{level}"', 1)
        document = HTML(string=tighter, base_url=base_url).render()
    return document


@dataclass
class PdfJob:
    html: str
    target: Path


def _render_job(args: tuple[str, str, str | None]) -> str:
    html, target, cache = args
    render_pdf(html, Path(target), Path(cache) if cache else None)
    return target


def render_many(jobs: list[PdfJob], cache_dir: Path | None, workers: int | None = None) -> PdfStats:
    """Render many documents; cached ones are copied, the rest rendered in parallel."""
    stats = PdfStats()
    version = _engine_version()
    todo = []
    for job in jobs:
        key = fingerprint(job.html, version)
        cached = cache_dir / f"{key}.pdf" if cache_dir else None
        if cached is not None and cached.exists():
            _place(cached, job.target)
            stats.cached += 1
        else:
            todo.append(job)
    workers = workers or max(1, min(len(todo), os.cpu_count() or 1))
    if len(todo) <= 2 or workers == 1:
        for job in todo:
            render_pdf(job.html, job.target, cache_dir)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # "spawn": forking is unsafe inside `mkdocs serve`, which runs threads
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            list(pool.map(_render_job, [(j.html, str(j.target), str(cache_dir) if cache_dir else None)
                                        for j in todo], chunksize=4))
    stats.rendered = len(todo)
    return stats
