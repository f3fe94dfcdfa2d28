"""The files the generated site carries besides its pages — compute, then write.

A site is: the generated pages (`render.pages.build_pages`), the print documents
(`outputs.printing.print_documents`), these files (open data, per-entry JSON, the feed,
browse lists, the import template) and the search index, which also reads the
hand-written pages once the engine has rendered them. The adapters hand them to MkDocs
(`mkdocs_plugin`) or to the disk (`practice-bank render --out`); nothing here imports
MkDocs or writes a file.
"""

from __future__ import annotations

from generator.authoring.import_template import import_template
from generator.bank.core import Bank
from generator.outputs.browse import browse_files
from generator.outputs.calendar_ics import calendar_files
from generator.outputs.data import data_files
from generator.urls import DATA_DIR

IMPORT_TEMPLATE = f"{DATA_DIR}/import-template.xlsx"


def site_files(bank: Bank, site_url: str, site_name: str) -> dict[str, bytes]:
    """Every generated file but pages, print documents and the search index: site path → bytes."""
    out = data_files(bank, site_url, site_name)
    out.update(browse_files(bank))
    out[IMPORT_TEMPLATE] = import_template(bank.vocabulary)
    out.update(calendar_files(bank, site_url, site_name))  # calendar/*.ics
    return out
