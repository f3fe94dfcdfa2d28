"""Helpers to build a project copy with MkDocs and read its HTML."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup


def mkdocs_build(project: Path, site: Path, strict: bool = True, env: dict | None = None):
    """`mkdocs build --strict` as `practice-bank build` runs it: never with -q, which hides the
    warnings from --strict as well as from the screen (a broken link would then pass)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site),
           "--config-file", str(project / "mkdocs.yml")]
    if strict:
        cmd.append("--strict")
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=full_env, timeout=900)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, url: str) -> BeautifulSoup:
    return soup(site / url / "index.html")
