"""What the site prints: every booklet and collection as an HTML page and a PDF job.

A booklet's HTML is cached by its key (`booklets.booklet_key`): when nothing it is made of
has changed, the cached file is handed over as it is — never read — and its PDF's key comes
from the same key, so a warm rebuild of a big bank lays out only what changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.bank.core import Bank, Record
from generator.outputs.booklets import BOOKLET_KINDS, booklet_html, booklet_key, collection_html
from generator.outputs.pdf import PdfJob, pdf_key
from generator.urls import booklet_pdf, booklet_src, collection_pdf, collection_src


@dataclass
class PrintDocument:
    """A printable page at ``uri`` (its HTML in the job, or the cached file) and its PDF job."""
    uri: str
    job: PdfJob


def booklet_job(bank: Bank, record: Record, site_url: str, cache: Path) -> PdfJob:
    """The booklet and its PDF: from the cache when nothing the booklet is made of has changed."""
    key = booklet_key(bank, record, site_url)
    path = cache / f"{key}.html"
    job = PdfJob(Path(booklet_pdf(record)), html_path=path, key=pdf_key(key))
    if path.exists():
        return job
    job.html = booklet_html(bank, record, site_url)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(job.html, encoding="utf-8")
    tmp.replace(path)
    return job


def print_documents(bank: Bank, site_url: str, cache: Path, pdf: bool = True) -> list[PrintDocument]:
    """Booklets (only when PDFs are made: with BANK_PDF=0 quick previews offer none) and the
    printable collections, in a stable order."""
    out = []
    for kind in BOOKLET_KINDS if pdf else ():
        for record in bank.of_kind(kind):
            out.append(PrintDocument(booklet_src(record), booklet_job(bank, record, site_url, cache / "booklets")))
    for coll in bank.collections:
        html = collection_html(bank, coll, site_url, pdf=pdf)
        out.append(PrintDocument(collection_src(coll.slug), PdfJob(Path(collection_pdf(coll.slug)), html=html)))
    return out
