"""Shared fixtures: the project paths, a scratch copy of the bank, the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRACTICES = ROOT / "practices"
ARTIFACTS = ROOT / "test-artifacts"


def entry_files(practices: Path | None = None) -> list[Path]:
    """The entry files of a bank: practices/<kind>/<slug>.yml (not the data files beside them)."""
    from generator.model.entries import KINDS

    return sorted(p for p in (practices or PRACTICES).glob("*/*.yml") if p.parent.name in KINDS)


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, isolated: bool = False) -> CliResult:
    """The command line as a user runs it: in this process (as fast as a function call), or in
    a process of its own when the test sets environment variables or asks for ``isolated``."""
    import os
    if env or isolated:
        full_env = dict(os.environ, **(env or {}))
        proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT,
                              capture_output=True, text=True, env=full_env, timeout=300)
        return CliResult(proc.returncode, proc.stdout, proc.stderr)
    import contextlib
    import io

    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(cwd or ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.chdir(here)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    """A writable copy of the project (practices/ and the config files) in tmp."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(PRACTICES, project / "practices")
    for name in ("mkdocs.yml",):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, project / name)
    for folder in ("content", "overrides"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, project / folder)
    return project


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample bank built once per test session, with PDFs and the search index."""
    from tests.sitebuild import mkdocs_build

    site = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr[-5000:]
    return site, result


@pytest.fixture(scope="session")
def sample_site(sample_build) -> Path:
    return sample_build[0]


@pytest.fixture(scope="session")
def server(sample_site):
    """The sample site served under /bank/ (see tests/browser.py)."""
    from tests.browser import SiteServer

    assert (sample_site / "search" / "index.json").exists()
    with SiteServer(sample_site) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, shared by a module's browser tests
    (closed after each module: only one Playwright can run in a thread at a time)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()
