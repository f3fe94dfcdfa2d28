"""Time from saving one entry to the rebuilt page being served by `mkdocs serve`.

    python -m bench.serve_rebuild --size 1000

A synthetic bank of N entries is served (PDFs and search off, as in a quick
preview); one practice's summary is edited and the script polls its page until
the new text appears.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.synthetic import generate


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def measure(n: int, work: Path, timeout: float = 600) -> dict[str, float]:
    project = work / f"serve-{n}"
    generate(project, n)
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BANK_PDF="0", BANK_NO_SEARCH="1", BANK_PRIVACY="false")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/tutoring/practice-1/"  # serve mounts at the root
    try:
        started = time.perf_counter()
        while _get(url) is None:
            if proc.poll() is not None:
                raise SystemExit("mkdocs serve завершился: " + proc.stderr.read().decode()[-2000:])
            if time.perf_counter() - started > timeout:
                raise SystemExit("сайт не поднялся за отведённое время")
            time.sleep(0.5)
        first = time.perf_counter() - started
        time.sleep(2)  # let the watcher settle
        entry = project / "practices" / "tutoring" / "practice-1.yml"
        marker = "Отредактировано для замера"
        text = entry.read_text(encoding="utf-8")
        entry.write_text(text.replace("summary: ", f"summary: {marker}. ", 1) if "summary: '" not in text
                         else text.replace("summary: '", f"summary: '{marker}. ", 1), encoding="utf-8")
        saved = time.perf_counter()
        while True:
            page = _get(url)
            if page and marker in page:
                break
            if time.perf_counter() - saved > timeout:
                raise SystemExit("страница не обновилась за отведённое время")
            time.sleep(0.2)
        return {"n": n, "first_build_s": first, "rebuild_s": time.perf_counter() - saved}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve_rebuild")
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bank-serve-") as tmp:
        result = measure(args.size, Path(tmp))
    print(f"N = {result['n']}: первая сборка {result['first_build_s']:.1f} с, "
          f"от сохранения записи до обновлённой страницы {result['rebuild_s']:.1f} с")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
