"""Building the same commit twice gives the same bytes, apart from what is documented here —
whether two processes share the pages (the default on two cores) or one builds them all.

Documented exception: ``sitemap.xml`` / ``sitemap.xml.gz``, where MkDocs writes the build
date (``lastmod``). The search index's shard names are hashes of their content, so they
too must come out the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.parallel import cores

from tests.minibank import make_project
from tests.sitebuild import mkdocs_build

pytestmark = pytest.mark.slow

ALLOWED = re.compile(r"^sitemap\.xml(\.gz)?$")


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    project, _ = make_project(tmp_path)
    sites = []
    for i, parallel in ((1, "true"), (2, "false")):  # separate PDF caches: the PDFs must come out the same
        site = tmp_path / f"site{i}"
        result = mkdocs_build(project, site, env={
            "BANK_PRIVACY": "false", "BANK_PDF_CACHE": str(tmp_path / f"c{i}"), "BANK_PARALLEL": parallel})
        assert result.returncode == 0, result.stderr[-3000:]
        assert "unrecognized relative link" not in result.stderr  # every generated link is checked by MkDocs
        shared = "собираются в двух процессах" in result.stderr
        assert shared == (parallel == "true" and cores() > 1), result.stderr[-3000:]
        sites.append(_files(site))
    first, second = sites
    differ = sorted(name for name in first.keys() | second.keys()
                    if first.get(name) != second.get(name) and not ALLOWED.match(name))
    assert differ == [], differ
    assert any(name.endswith(".pdf") for name in first)
    assert any(name.startswith("search/t/") for name in first)
    assert any(name.startswith("api/browse/") for name in first)
