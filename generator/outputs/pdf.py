"""PDF rendering of print documents with WeasyPrint, cached by content hash.

A PDF is rebuilt only when its HTML (which already contains the CSS and every
fact printed), the WeasyPrint version or this module (the one-sheet fit) changes;
unchanged documents are linked from the cache. A job may bring its own key instead
of its HTML — a booklet's key is derived from everything it is made of
(`booklets.booklet_key`), so a warm rebuild neither reads nor hashes the thousands
of cached booklets. `BANK_PDF=0` skips PDFs entirely for fast previews.

Every PDF is tagged for accessibility (PDF/UA-1, `PDF_OPTIONS`): a structure tree made from the
HTML (headings, paragraphs, lists, tables), the language of ``<html lang>`` in the catalog, the
document's title in its metadata and shown by viewers instead of the file name. Nothing in it
depends on the moment or the machine (no dates, no random identifier): the same HTML gives the
same bytes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.outputs.booklets import fingerprint
from generator.parallel import cores

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


@lru_cache(maxsize=1)
def _engine_version() -> str:
    """WeasyPrint's version and this module's code: a change to either lays documents out anew."""
    from importlib.metadata import version

    return f"{version('weasyprint')}:{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]}"


def pdf_key(document_key: str) -> str:
    """The PDF's cache key from a key that already stands for the whole HTML."""
    return fingerprint("pdf", document_key, _engine_version())


def _place(cached: Path, target: Path) -> None:
    """Put a cached PDF into the site: a hard link when possible (instant, no extra space).
    Thousands of them on a warm rebuild: the common case costs one system call."""
    for _ in range(3):
        try:
            os.link(cached, target)
            return
        except FileExistsError:
            target.unlink()
        except FileNotFoundError:  # the folder is missing (the cached file exists: checked)
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError:  # another file system, or links not allowed
            break
    _clear(target)
    shutil.copyfile(cached, target)


def _clear(target: Path) -> None:
    """Make way for a new file: an old one may be a hard link into the cache, and writing
    into it would change the cached PDF of another version of the document."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)


def render_pdf(html: str, target: Path, cache_dir: Path | None, base_url: str | None = None,
               stats: PdfStats | None = None, key: str | None = None) -> Path:
    """Write ``target`` from ``html``; reuse a cached copy when nothing changed (``key``: the
    cache key from `pdf_key`, when the caller has one; otherwise the HTML is hashed)."""
    key = key or fingerprint(html, _engine_version())
    _clear(target)
    cached = cache_dir / f"{key}.pdf" if cache_dir else None
    if cached is not None and cached.exists():
        _place(cached, target)
        if stats:
            stats.cached += 1
        return target
    _described(_fitted(html, base_url)).write_pdf(str(target), **PDF_OPTIONS)
    if cached is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        shutil.copyfile(target, tmp)
        tmp.replace(cached)
    if stats:
        stats.rendered += 1
    return target


# PDF/UA-1: tagged PDF (structure tree, /MarkInfo, /Lang, DisplayDocTitle) plus the XMP
# metadata the standard asks for (dc:title, pdfuaid:part). Tagging leaves the layout alone and
# adds about 0.01 s of writing to a booklet (0.1 s to a collection) against 0.8 s (12 s) of layout
# on the sample bank; plain `pdf_tags` would save only the small XMP stream, nothing measurable.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
PDF_CREATOR = "Банк практик"
PDF_LANG = "ru"  # when a document has no <html lang>: the bank is written in Russian
TITLE_META = "dcterms.title"  # <meta name=…>: the PDF's title when <title> says more (a booklet)


def _described(document):
    """The metadata a tagged PDF carries: the title (a booklet's <title> adds «— буклет» for the
    browser tab; its PDF is titled by the entry alone), the language and the creator."""
    meta = document.metadata
    meta.title = (meta.custom.get(TITLE_META) or meta.title or "").strip() or None
    meta.lang = meta.lang or PDF_LANG
    meta.generator = meta.generator or PDF_CREATOR
    return document


FIT_MARK = 'data-fit="one-page"'  # on <html>: a document meant for one sheet (a booklet)
FIT_LEVELS = 3  # html.fit-1 … fit-3 in print.css, each a little tighter


@lru_cache(maxsize=1)
def _url_fetcher():
    """Print documents carry everything they show (styles inline, QR codes as data: URLs):
    WeasyPrint loads nothing else — no address from an author's text, no file of the machine."""
    try:
        from weasyprint.urls import URLFetcher  # WeasyPrint 68+
    except ImportError:  # pragma: no cover - older WeasyPrint: a function is the fetcher
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args, **kwargs):
            if not url.lower().startswith("data:"):
                raise ValueError(f"печатные документы не загружают внешних файлов: {url[:80]}")
            return default_url_fetcher(url, *args, **kwargs)
        return fetch
    return URLFetcher(allowed_protocols=("data",), allow_redirects=False)


def _fitted(html: str, base_url: str | None = None):
    """The laid-out document; one meant for one sheet is set tighter, step by step, while it
    runs over (at most FIT_LEVELS more layouts, only for the booklets that need them)."""
    from weasyprint import HTML

    fetcher = _url_fetcher()
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
    level = 0
    while len(document.pages) > 1 and FIT_MARK in html and level < FIT_LEVELS:
        level += 1
        tighter = html.replace(FIT_MARK, f'{FIT_MARK} class="fit-{level}"', 1)
        document = HTML(string=tighter, base_url=base_url, url_fetcher=fetcher).render()
    return document


@dataclass
class PdfJob:
    """A document to print: its HTML, or the file holding it (read only if the PDF is not
    cached), and optionally its cache key from `pdf_key`."""
    target: Path
    html: str | None = None
    html_path: Path | None = None
    key: str | None = None

    def source(self) -> str:
        if self.html is not None:
            return self.html
        assert self.html_path is not None
        return self.html_path.read_text(encoding="utf-8")


def _render_job(args: tuple[str, str, str | None, str]) -> str:
    html, target, cache, key = args
    render_pdf(html, Path(target), Path(cache) if cache else None, key=key)
    return target


def render_many(jobs: list[PdfJob], cache_dir: Path | None, workers: int | None = None) -> PdfStats:
    """Render many documents; cached ones are linked, the rest rendered in parallel."""
    stats = PdfStats()
    version = _engine_version()
    todo: list[tuple[str, PdfJob, str]] = []
    for job in jobs:
        key = job.key or fingerprint(job.source(), version)  # a job without a key has its HTML
        cached = cache_dir / f"{key}.pdf" if cache_dir else None
        if cached is not None and cached.exists():
            _place(cached, job.target)
            stats.cached += 1
        else:
            todo.append((job.source(), job, key))
    workers = workers or max(1, min(len(todo), cores()))
    if len(todo) <= 2 or workers == 1:
        for html, job, key in todo:
            render_pdf(html, job.target, cache_dir, key=key)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # "spawn": forking is unsafe inside `mkdocs serve`, which runs threads
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            list(pool.map(_render_job, [(html, str(job.target), str(cache_dir) if cache_dir else None, key)
                                        for html, job, key in todo], chunksize=4))
    stats.rendered = len(todo)
    return stats
