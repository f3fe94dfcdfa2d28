"""A built site served on localhost under a sub-path, and Debian's Chromium via Playwright."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import sys
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


class _GzipHandler(_Handler):
    """Text files gzip-compressed, as a real web server sends them (for transfer measurements)."""

    TEXT = (".html", ".js", ".json", ".css", ".svg", ".xml", ".txt")
    packed: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.suffix not in self.TEXT or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = self.packed.get(str(path))
        if body is None:
            body = self.packed[str(path)] = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that drops a request it no longer needs is not an error worth a traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SiteServer:
    """Serves ``site`` at http://127.0.0.1:<port>/bank/ in a thread (``gzip=True``: text files
    compressed)."""

    def __init__(self, site: Path, gzip: bool = False):
        handler = functools.partial(_GzipHandler if gzip else _Handler, directory=str(site))
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
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
