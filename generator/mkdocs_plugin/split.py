"""Two processes share the entry and list pages of one `mkdocs build`.

MkDocs renders pages one after another on one core. At ``on_nav`` — the
files and the navigation are final and no page has been read yet — the
plugin forks. Both processes go on through MkDocs' own build loop: each reads,
renders and writes its share of those pages and passes over the others
cheaply (an empty source, an empty template, nothing written). The child stops
when the pages are written and reports by its exit code; the parent writes
everything else (search index, data, PDFs) and then waits for it.

Only the plugin's events are used; what this leans on is the order of events
MkDocs documents (``on_nav`` → pages read → ``on_env`` → pages written →
``on_post_build``). With fewer than two cores, in `mkdocs serve` (it runs
threads, which fork does not mix with) or with ``parallel: false`` there is one
process and nothing here is used.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time

from generator.parallel import cores, may_fork

# Plugins known to keep nothing from one page for another (or for the end of the build):
# with any other plugin (Material's search, tags, blog…) the parent would miss what the
# child's pages told it, so the build stays in one process.
SAFE_PLUGINS = frozenset({"practice-bank", "material/privacy", "privacy"})
ELSEWHERE_TEMPLATE = "bank-elsewhere.html"  # renders to nothing: MkDocs then writes no file
MIN_PAGES = 2  # split even a small bank: the tests then cover the path a big bank takes


def can_fork(command: str) -> bool:
    """A single-threaded `mkdocs build` on more than one core."""
    return command == "build" and may_fork() and cores() > 1


def unsafe_plugins(names) -> list[str]:
    """Configured plugins that might gather something from every page."""
    return sorted(name for name in names if name not in SAFE_PLUGINS)


class _Warnings(logging.Handler):
    """Counts warnings and errors the child logs, for ``--strict``."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _QuietSkips(logging.Filter):
    """MkDocs says «Page skipped» for a page rendered to nothing: not worth saying for these."""

    def __init__(self, skipped: frozenset[str]) -> None:
        super().__init__()
        self.skipped = skipped

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Page skipped: '"):
            return message[len("Page skipped: '"):].split("'", 1)[0] not in self.skipped
        return True


def _leave_interrupted(signum, frame) -> None:  # pragma: no cover - runs in a killed child
    os._exit(128 + signum)


class PageSplit:
    """Which shared pages this process passes over, and the other process's fate."""

    def __init__(self, skipped: frozenset[str], child_pid: int | None) -> None:
        self.skipped = skipped
        self.child_pid = child_pid  # None in the child itself, and once the parent has waited
        self.is_child = child_pid is None
        self.started = time.perf_counter()
        self.waited = 0.0  # seconds the parent waited for the child at the end
        self.warnings = _Warnings()
        self._quiet = _QuietSkips(skipped)
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet)
        if child_pid is None:
            logging.getLogger("mkdocs").addHandler(self.warnings)

    @classmethod
    def fork(cls, uris: list[str], child_share: float) -> "PageSplit":
        """Fork; the child takes about ``child_share`` of ``uris``, spread evenly over the list."""
        ordered = sorted(uris)
        child = frozenset(uri for i, uri in enumerate(ordered)
                          if int((i + 1) * child_share) > int(i * child_share))
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            # Ctrl+C reaches both processes: the child leaves at once, as at its normal end,
            # without running the parent's clean-up code (temporary folders, atexit)
            signal.signal(signal.SIGINT, _leave_interrupted)
            return cls(frozenset(ordered) - child, None)
        return cls(child, pid)

    def skips(self, src_uri: str) -> bool:
        return src_uri in self.skipped

    def finish_child(self, failed: bool, strict: bool) -> None:
        """The child's end: no other code of the parent's runs in it."""
        code = 1 if failed or (strict and self.warnings.count) else 0
        logging.getLogger("mkdocs.plugins.practice_bank").debug(
            f"второй процесс: страницы за {time.perf_counter() - self.started:.1f} с")
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)

    def wait(self) -> str | None:
        """Parent: None when the child wrote its pages, else what went wrong (in Russian)."""
        if self.is_child or self.child_pid is None:
            return None
        pid, self.child_pid = self.child_pid, None
        started = time.perf_counter()
        _, status = os.waitpid(pid, 0)
        self.waited = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code == 0:
            return None
        return (f"второй процесс сборки завершился с кодом {code}; "
                "его сообщения — выше (с --strict сборку останавливают и предупреждения)")

    def abort(self) -> None:
        """Parent's build failed: stop the child too, so nothing goes on writing into the site."""
        if self.is_child or self.child_pid is None:
            return
        pid, self.child_pid = self.child_pid, None
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except OSError:
            pass

    def close(self) -> None:
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)
        logging.getLogger("mkdocs").removeHandler(self.warnings)


class ElsewherePage:
    """A page the other process renders: reading and rendering it here cost nothing.

    Returned from ``on_pre_page``, it stands in for the page while MkDocs reads
    and renders it; every other attribute is the page's own.
    """

    __slots__ = ("_page",)

    def __init__(self, page) -> None:
        object.__setattr__(self, "_page", page)

    def __getattr__(self, name: str):
        return getattr(self._page, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._page, name, value)

    def read_source(self, config) -> None:
        self._page.markdown = ""
        self._page.meta = {"template": ELSEWHERE_TEMPLATE}

    def render(self, config, files) -> None:
        self._page.content = ""
