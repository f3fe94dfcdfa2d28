"""Atomic site build: the previous site/ stays until a new one is complete.

MkDocs builds into a fresh folder beside the target; only when the build
succeeds is the old folder replaced (two renames), so a failed build never
leaves a half-written or missing site behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build_site(project: Path, site_dir: Path, strict: bool = True, extra: list[str] | None = None) -> int:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(work),
           "--config-file", str(project / "mkdocs.yml"), *(["--strict"] if strict else []), *(extra or [])]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    code = subprocess.call(cmd, cwd=project, env=env)
    if code != 0:
        shutil.rmtree(work, ignore_errors=True)
        print(f"Сборка не удалась; прежний сайт в {site_dir} не тронут.", file=sys.stderr)
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
