"""Benchmark: validation, build, PDFs, memory, page sizes and search transfer at N entries,
against the floor of plain MkDocs + Material building N pages of the same text.

    python -m bench.run --sizes 100 1000 10000 [--pdf] [--query тьютор] [--json out.json]

Every step runs as a subprocess; peak memory is its maximum resident set size.
The result is a Markdown table (and optionally JSON) for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import generate, generate_floor

PY = sys.executable
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", BANK_PRIVACY="false")
YAML_FLOOR = ("import glob,yaml\n"
              "for f in sorted(glob.glob('practices/*/*.yml')):\n"
              "    for _ in yaml.parse(open(f,'rb').read(), Loader=yaml.CSafeLoader): pass")


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one subprocess; fails loudly."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} завершилась с ошибкой:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the maximum over all children so far: report it only when it grew
    return seconds, max(peak, before) / 1024 if peak > before else float("nan")


def measured(cmd: list[str], cwd: Path, env: dict | None = None, log: list[str] | None = None) -> tuple[float, float]:
    """Like `run`, but the memory of exactly this process (via a fresh helper interpreter);
    the command's stderr lines are appended to ``log`` when given."""
    wrapper = [PY, "-c", (
        "import resource,subprocess,sys,time;"
        "t=time.perf_counter();r=subprocess.run(sys.argv[1:]);d=time.perf_counter()-t;"
        "m=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
        "print(f'BENCH {d} {m}', file=sys.stderr);sys.exit(r.returncode)"), *cmd]
    proc = subprocess.run(wrapper, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} завершилась с ошибкой:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    if log is not None:
        log.extend(proc.stderr.splitlines())
    line = next(x for x in proc.stderr.splitlines() if x.startswith("BENCH "))
    _, seconds, kib = line.split()
    return float(seconds), int(kib) / 1024


def edit_one_entry(project: Path) -> Path:
    """A small real edit to one practice: its review date (printed in its booklet)."""
    entry = project / "practices" / "tutoring" / "practice-1.yml"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("reviewed: '2026-01-15'", "reviewed: '2026-01-16'")
                     .replace("reviewed: 2026-01-15", "reviewed: 2026-01-16"), encoding="utf-8")
    return entry


def pdf_seconds(log: list[str]) -> float:
    """«PDF: 1 создано, 6500 из кэша; буклеты и сборники заняли 0.9 с» → 0.9."""
    import re

    for line in log:
        found = re.search(r"буклеты и сборники заняли ([\d.]+) с", line)
        if found:
            return float(found.group(1))
    raise SystemExit("сборка не сообщила время PDF:\n" + "\n".join(log[-20:]))


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def entry_page_sizes(site: Path) -> list[int]:
    sizes = []
    for kind in ("tutoring", "programmes", "cases", "sites"):
        for page in (site / kind).glob("*/index.html"):
            if page.parent.name != "page":
                sizes.append(page.stat().st_size)
    return sizes


PARTS = [("search/index.json", "index"), ("search/t/", "shards"), ("vendor/", "stemmer"),
         ("api/browse/", "facets"), ("api/cards/", "cards")]


def search_transfer(site: Path, query: str) -> tuple[float, float, float, dict[str, float]] | None:
    """KiB the bank page downloads for one query, in headless Chromium: opened as
    ``bank/?q=…`` (what the search form on every page does). Returns (raw, with gzip on the
    server for text files, the bank page opened without a query, the query's gzip KiB by part).
    Counted: the search index (``search/``), the stemmer (``vendor/``) and the bank's data
    (``api/``)."""
    import gzip

    try:
        from playwright.sync_api import sync_playwright

        from tests.browser import SiteServer, launch
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    from urllib.parse import quote

    def measure(page, url: str) -> dict[str, bytes]:
        bodies: dict[str, bytes] = {}

        def on_response(response):
            if any(part in response.url for part in ("/search/", "/api/", "/vendor/")):
                try:
                    bodies[response.url] = response.body()
                except Exception:  # noqa: BLE001 - a cancelled request has no body
                    pass

        page.on("response", on_response)
        page.goto(url)
        page.wait_for_function("document.getElementById('bank-search').getAttribute('aria-busy') === 'false'",
                               timeout=120000)
        page.wait_for_timeout(1500)
        return bodies

    def packed_size(url: str, body: bytes) -> int:
        return len(gzip.compress(body, 6)) if url.split("?")[0].endswith((".js", ".json", ".css", ".html")) \
            else len(body)

    def sizes(bodies: dict[str, bytes]) -> tuple[float, float]:
        raw = sum(len(b) for b in bodies.values())
        packed = sum(packed_size(url, b) for url, b in bodies.items())
        return raw / 1024, packed / 1024

    def parts(bodies: dict[str, bytes]) -> dict[str, float]:
        out: dict[str, float] = {}
        for url, body in bodies.items():
            name = next((n for marker, n in PARTS if marker in url), "other")
            out[name] = out.get(name, 0) + packed_size(url, body) / 1024
        return {k: round(v, 1) for k, v in out.items()}

    with SiteServer(site) as server, sync_playwright() as p:
        browser = launch(p)
        bodies = measure(browser.new_page(), server.base + "bank/?q=" + quote(query))
        raw, packed = sizes(bodies)
        _, browse = sizes(measure(browser.new_page(), server.base + "bank/"))
        browser.close()
    return raw, packed, browse, parts(bodies)


FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}


def first_results(site: Path, query: str) -> tuple[float, float] | None:
    """Seconds until the first result cards show, on Chrome's «Fast 3G» profile (562.5 ms
    latency, 1.44 Mbit/s down) with text files gzip-compressed by the server:
    (typed — the bank page is open, the user clicks the field, types the query and presses
    Enter: from Enter, with none of the result cards loaded before; link — ``bank/?q=…`` opened: from the page's load event)."""
    import time

    try:
        from playwright.sync_api import sync_playwright

        from tests.browser import SiteServer, launch
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    from urllib.parse import quote

    shown = "document.querySelector('#bank-results .bank-card__excerpt')"  # the first card under the query

    def throttled(browser):
        context = browser.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        return context, page

    with SiteServer(site, gzip=True) as server, sync_playwright() as p:
        browser = launch(p)
        context, page = throttled(browser)
        page.goto(server.base + "bank/", wait_until="load", timeout=300000)
        page.wait_for_function("document.getElementById('bank-search').getAttribute('aria-busy') === 'false'",
                               timeout=300000)
        # the 12 newest cards shown on opening would be the first results too (in the synthetic
        # bank every entry has the words, ties go newest first): forget them, as for a query
        # whose results are not on the first screen
        page.evaluate("""() => { const c = window.bankSearch.engine.cache;
                                 Object.keys(c).filter(k => k.startsWith('api/cards/')).forEach(k => delete c[k]); }""")
        page.click("#bank-q")
        page.keyboard.type(query, delay=120)
        start = time.perf_counter()
        page.keyboard.press("Enter")
        page.wait_for_function(shown, timeout=300000, polling=50)
        typed = time.perf_counter() - start
        context.close()
        context, page = throttled(browser)
        page.goto(server.base + "bank/?q=" + quote(query), wait_until="load", timeout=300000)
        start = time.perf_counter()
        page.wait_for_function(shown, timeout=300000, polling=50)
        link = time.perf_counter() - start
        context.close()
        browser.close()
    return typed, link


def bench_size(n: int, work: Path, pdf: bool, query: str, repeat: int = 1) -> dict:
    project = work / f"bank-{n}"
    counts = generate(project, n)
    row: dict = {"n": n, "counts": counts}
    row["validate_s"], row["validate_mib"] = measured([PY, "-m", "generator", "validate", "--root", "practices"],
                                                      project)
    # what reading the same files costs at the least: libyaml's events, in one process
    row["yaml_floor_s"], _ = measured([PY, "-c", YAML_FLOOR], project)
    site = project / "site"
    env = dict(ENV, BANK_PDF="0")
    row["build_s"], row["build_mib"] = measured([PY, "-m", "mkdocs", "build", "-q", "-d", str(site)], project, env)
    sizes = entry_page_sizes(site)
    row["site_mib"] = folder_size(site) / 2**20
    row["page_avg_kib"] = statistics.mean(sizes) / 1024
    row["page_max_kib"] = max(sizes) / 1024
    transfer = search_transfer(site, query)
    if transfer:
        row["search_raw_kib"], row["search_kib"], row["browse_kib"], row["search_parts_kib"] = transfer
    timing = first_results(site, query)
    if timing:
        row["first_typed_s"], row["first_link_s"] = timing
    if pdf:
        cache = work / f"pdf-cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        env_pdf = dict(ENV, BANK_PDF="1", BANK_NO_SEARCH="1", BANK_PDF_CACHE=str(cache))
        # the plugin logs the time spent on print HTML and PDFs: a difference of two whole
        # builds would drown a second of PDF work in the build's own noise
        cold_log: list[str] = []
        _, row["pdf_mib"] = measured([PY, "-m", "mkdocs", "build", "-d", str(work / "s-pdf")],
                                     project, env_pdf, cold_log)
        row["pdf_cold_s"] = pdf_seconds(cold_log)
        edit_one_entry(project)
        warm_log: list[str] = []
        measured([PY, "-m", "mkdocs", "build", "-d", str(work / "s-pdf2")], project, env_pdf, warm_log)
        row["pdf_warm_s"] = pdf_seconds(warm_log)
        for d in ("s-pdf", "s-pdf2"):
            shutil.rmtree(work / d, ignore_errors=True)
    floor = work / f"floor-{n}"
    generate_floor(floor, project)
    row["floor_build_s"], row["floor_mib"] = measured(
        [PY, "-m", "mkdocs", "build", "-q", "-d", str(floor / "site")], floor)
    floor_sizes = [p.stat().st_size for p in (floor / "site").glob("*/*/index.html")]
    row["floor_site_mib"] = folder_size(floor / "site") / 2**20
    row["floor_page_avg_kib"] = statistics.mean(floor_sizes) / 1024
    for _ in range(repeat - 1):
        # the machine's speed drifts by 10 % from minute to minute: build and floor again, in turn,
        # and keep the fastest of each (a slow neighbour slows a run, nothing makes it faster)
        again = work / f"again-{n}"
        seconds, _ = measured([PY, "-m", "mkdocs", "build", "-q", "-d", str(again)], project, env)
        row["build_s"] = min(row["build_s"], seconds)
        shutil.rmtree(again, ignore_errors=True)
        seconds, _ = measured([PY, "-m", "mkdocs", "build", "-q", "-d", str(floor / "site")], floor)
        row["floor_build_s"] = min(row["floor_build_s"], seconds)
    row["ratio"] = row["build_s"] / row["floor_build_s"]
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(floor, ignore_errors=True)
    return row


ROWS = [
    ("validate_s", "Проверка записей, с", "{:.2f}"),
    ("validate_mib", "Проверка: пик памяти, МиБ", "{:.0f}"),
    ("yaml_floor_s", "Пол проверки: только чтение YAML (события libyaml, один процесс), с", "{:.2f}"),
    ("build_s", "Сборка без PDF (с поиском), с", "{:.1f}"),
    ("build_mib", "Сборка: пик памяти, МиБ", "{:.0f}"),
    ("floor_build_s", "Пол: MkDocs + Material, те же тексты, с", "{:.1f}"),
    ("floor_mib", "Пол: пик памяти, МиБ", "{:.0f}"),
    ("ratio", "Сборка / пол", "{:.2f}×"),
    ("site_mib", "Размер сайта, МиБ", "{:.1f}"),
    ("floor_site_mib", "Пол: размер сайта, МиБ", "{:.1f}"),
    ("page_avg_kib", "Страница записи: в среднем, КиБ", "{:.1f}"),
    ("page_max_kib", "Страница записи: наибольшая, КиБ", "{:.1f}"),
    ("floor_page_avg_kib", "Пол: страница, в среднем, КиБ", "{:.1f}"),
    ("search_kib", "Поиск: загружено за запрос (gzip на сервере), КиБ", "{:.0f}"),
    ("search_raw_kib", "Поиск: то же без сжатия, КиБ", "{:.0f}"),
    ("browse_kib", "Страница банка без запроса, КиБ", "{:.0f}"),
    ("first_typed_s", "Fast 3G: от Enter до первых результатов, с", "{:.1f}"),
    ("first_link_s", "Fast 3G: ссылка с запросом, от загрузки страницы до результатов, с", "{:.1f}"),
    ("pdf_cold_s", "PDF с нуля, с", "{:.1f}"),
    ("pdf_warm_s", "PDF после правки одной записи (кэш), с", "{:.1f}"),
    ("pdf_mib", "Сборка с PDF: пик памяти, МиБ", "{:.0f}"),
]


def table(results: list[dict]) -> str:
    head = "| показатель | " + " | ".join(f"N = {r['n']:,}".replace(",", " ") for r in results) + " |"
    lines = [head, "|---|" + "---:|" * len(results)]
    for key, label, fmt in ROWS:
        if not any(key in r for r in results):
            continue
        cells = [fmt.format(r[key]) if key in r and r[key] == r[key] else "—" for r in results]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for a, b in zip(results, results[1:]):
        if b["n"] == 10 * a["n"]:
            lines.append(f"\nРост от {a['n']} до {b['n']}: время сборки ×{b['build_s'] / a['build_s']:.1f}, "
                         f"память ×{b['build_mib'] / a['build_mib']:.1f}, проверка ×{b['validate_s'] / a['validate_s']:.1f}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="Бенчмарк банка практик")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--pdf", action="store_true", help="измерить и PDF (долго при больших N)")
    parser.add_argument("--query", default="тьюторское сопровождение", help="запрос для замера поиска")
    parser.add_argument("--repeat", type=int, default=1,
                        help="собрать сайт и пол столько раз по очереди и взять лучшее время каждого")
    parser.add_argument("--work", help="рабочая папка (по умолчанию временная)")
    parser.add_argument("--json", help="записать результаты в JSON")
    args = parser.parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bank-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        print(f"N = {n}…", file=sys.stderr, flush=True)
        results.append(bench_size(n, work, args.pdf, args.query, args.repeat))
        print(json.dumps(results[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
