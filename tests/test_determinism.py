"""Building the same commit twice gives the same bytes, apart from what is documented here.

Documented exception: ``sitemap.xml`` / ``sitemap.xml.gz``, where MkDocs writes the build
date (``lastmod``). The search index's shard names are hashes of their content, so they
too must come out the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .minibank import make_project
from .sitebuild import mkdocs_build

pytestmark = pytest.mark.slow

ALLOWED = re.compile(r"^sitemap\.xml(\.gz)?$")


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    project, _ = make_project(tmp_path)
    sites = []
    for i in (1, 2):  # separate PDF caches: the PDFs themselves must come out the same
        site = tmp_path / f"site{i}"
        result = mkdocs_build(project, site, env={"BANK_PRIVACY": "false", "BANK_PDF_CACHE": str(tmp_path / f"c{i}")})
        assert result.returncode == 0, result.stderr[-3000:]
        sites.append(_files(site))
    first, second = sites
    differ = sorted(name for name in first.keys() | second.keys()
                    if first.get(name) != second.get(name) and not ALLOWED.match(name))
    assert differ == [], differ
    assert any(name.endswith(".pdf") for name in first)
    assert any(name.startswith("search/t/") for name in first)
    assert any(name.startswith("api/browse/") for name in first)
