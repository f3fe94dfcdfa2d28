"""`mkdocs serve` rebuilds when an entry or the vocabulary changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in _get(url):
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_on_entry_and_vocabulary_change(tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "test-artifacts",
                                                              "__pycache__", ".pytest_cache"))
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BANK_NO_SEARCH="1", BANK_PDF="0")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"  # serve mounts at the root: the address is in practices/settings.yml
        url = base + "tutoring/mostovsky-tutor-community/"
        assert _wait_for(url, "Мостовского", 120), "сервер не запустился"
        assert "livereload" in _get(url)
        entry = project / "practices" / "tutoring" / "mostovsky-tutor-community.yml"
        text = entry.read_text(encoding="utf-8")
        entry.write_text(text.replace("title: ", "title: Обновлено — ", 1), encoding="utf-8")
        assert _wait_for(url, "Обновлено — ", 60), "страница не пересобралась после правки записи"
        vocab = project / "practices" / "vocabulary.yml"
        vtext = vocab.read_text(encoding="utf-8")
        vocab.write_text(vtext.replace("label: Профориентация", "label: Профориентация школьников"), encoding="utf-8")
        assert _wait_for(base + "terms/directions/career-guidance/", "Профориентация школьников", 60)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
