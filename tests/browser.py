"""A built site served on localhost under a sub-path, and Debian's Chromium via Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("BANK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PREFIX = "/bank"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        if path.startswith(PREFIX + "/") or path == PREFIX:
            path = path[len(PREFIX):] or "/"
        else:
            path = "/__outside_the_sub_path__"
        return super().translate_path(path)

    def log_message(self, *args) -> None:  # keep test output clean
        pass


class SiteServer:
    """Serves ``site`` at http://127.0.0.1:<port>/bank/ in a thread."""

    def __init__(self, site: Path):
        handler = functools.partial(_Handler, directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{PREFIX}/"

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"нет {CHROMIUM}: установите Chromium (./run.sh setup ставит пакет chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
