"""The one rule for running work in forked processes: how many cores there are and when
forking is safe (a single-threaded process on a system with fork: `mkdocs serve` runs
threads, which fork does not mix with)."""

from __future__ import annotations

import os
import threading


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def may_fork() -> bool:
    """Forking is safe here: the system has fork and this process runs a single thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


def workers(n_items: int, minimum: int, most: int = 8) -> int:
    """How many processes should share ``n_items``: 1 unless forking is safe and worth it."""
    if n_items < minimum or not may_fork():
        return 1
    return max(1, min(cores(), most))
