"""Atomic site build: the previous site/ stays until a new one is complete.

MkDocs builds into a fresh folder beside the target; only when the build
succeeds is the old folder replaced (two renames), so a failed build never
leaves a half-written or missing site behind.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


_STRICT_ABORT = re.compile(r"^Aborted with (\d+) warnings? in strict mode!\s*$")


def _russian_ending(line: str) -> str:
    """MkDocs' closing lines (English, from its command line) in Russian; other lines as they are."""
    if line.strip() == "Aborted with a BuildError!":
        return "Сборка остановлена ошибкой — она описана выше.\n"
    match = _STRICT_ABORT.match(line.strip())
    if match:
        return (f"Сборка остановлена: предупреждений — {match.group(1)}, а в строгом режиме они считаются "
                "ошибками (они описаны выше; practice-bank build --no-strict собирает и с ними).\n")
    if line.strip() == "Aborted!":
        return "Сборка прервана.\n"
    return line


def build_site(project: Path, site_dir: Path, strict: bool = True, extra: list[str] | None = None) -> int:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(work),
           "--config-file", str(project / "mkdocs.yml"), *(["--strict"] if strict else []), *(extra or [])]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # MkDocs logs to stderr and prints its last words to stdout: both go on, as they come,
    # to stderr, the last words in Russian
    with subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, encoding="utf-8", errors="replace", bufsize=1) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stderr.write(_russian_ending(line))
            sys.stderr.flush()
    code = proc.returncode
    if code != 0:
        shutil.rmtree(work, ignore_errors=True)
        if site_dir.exists():
            print(f"Сборка не удалась; прежний сайт в {site_dir} не тронут.", file=sys.stderr)
        else:
            print(f"Сборка не удалась; папка {site_dir} не создана.", file=sys.stderr)
        return 1
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
        site_dir.rename(old)
    work.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    print(f"Сайт собран: {site_dir}")
    return 0
