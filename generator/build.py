"""Atomic site build: the previous site/ stays until a new one is complete.

MkDocs builds into a fresh folder beside the target; only when the build
succeeds is the old folder replaced (two renames), so a failed or interrupted
build never leaves a half-written or missing site behind, nor its work folders.
A target that could hold anything but a previous site — the project itself, its
sources, a folder with other files — is refused before anything is touched
(`site_dir_problem`, which the MkDocs plugin applies to plain `mkdocs build` too).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

# Folders of a project that hold its sources: a site may be built neither in them nor around them.
SOURCE_FOLDERS = (".git", "content", "practices", "overrides", "generator", "tests", "bench", ".github", ".ci")
# The project's caches (PDFs: the plugin's pdf_cache, .cache/pdf): neither the site nor around it.
CACHE_FOLDER = ".cache"
# Written into every site this tool builds (mkdocs_plugin): only a folder carrying it is replaced.
SITE_MARKER = ".practice-bank-site"


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


def is_previous_site(folder: Path) -> bool:
    """A folder this tool built before: it carries the marker (an index.html and a sitemap.xml
    are in many a hand-made folder too)."""
    return (folder / SITE_MARKER).is_file()


def mark_site(folder: Path) -> None:
    """Mark ``folder`` as a site this tool builds (before anything is written into it)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SITE_MARKER).write_text("Эта папка — сайт, собранный practice-bank; при каждой сборке "
                                      "её содержимое заменяется.\n", encoding="utf-8")


def site_dir_problem(project: Path, site_dir: Path, sources: tuple[Path, ...] = (),
                     any_folder: bool = False, caches: tuple[Path, ...] = ()) -> str | None:
    """Why the site may not be written to ``site_dir`` (in Russian), or None.

    Building replaces the whole folder, so it must be new, empty or a previous site,
    and neither be nor contain nor lie inside the project's sources (``sources``
    adds folders the configuration names, such as ``docs_dir`` and ``custom_dir``)
    or its caches (``.cache/``; ``caches`` adds the PDF cache the build uses).
    ``any_folder``: a non-empty folder of other files is allowed too (``render --force``)."""
    project = project.resolve()
    target = site_dir.resolve()
    hint = "укажите отдельную папку для сайта, например site/ (её содержимое заменяется при каждой сборке)"
    if target == project or target in project.parents:
        return f"папка сайта {site_dir} содержит сам проект — сборка стёрла бы его; {hint}"
    protected = {project / name for name in SOURCE_FOLDERS} | {Path(p).resolve() for p in sources}
    for folder in sorted(protected):
        if target == folder or folder in target.parents:
            return f"папка сайта {site_dir} лежит в исходных файлах проекта ({folder.name}/); {hint}"
        if target in folder.parents:
            return f"папка сайта {site_dir} содержит исходные файлы проекта ({folder.name}/); {hint}"
    for folder in sorted({project / CACHE_FOLDER} | {Path(p).resolve() for p in caches}):
        where = ("— кэш" if target == folder else "лежит в кэше" if folder in target.parents
                 else "содержит кэш" if target in folder.parents else None)
        if where:
            return f"папка сайта {site_dir} {where} сборки ({folder}): сборка стёрла бы его; {hint}"
    if target.exists() and not target.is_dir():
        return f"{site_dir} — файл, а не папка; {hint}"
    if not any_folder and target.is_dir() and any(target.iterdir()) and not is_previous_site(target):
        legacy = ""
        if (target / "index.html").is_file() and (target / "sitemap.xml").is_file():
            legacy = ("; если это сайт, собранный прежней версией practice-bank, удалите папку вручную "
                      "и соберите заново")
        return (f"папка сайта {site_dir} не пуста и не похожа на собранный раньше сайт (нет метки "
                f"{SITE_MARKER}, которую оставляет сборка) — её файлы были бы удалены; {hint}{legacy}")
    return None


def _clean_leftovers(parent: Path, name: str) -> None:
    """Work folders of builds that were killed before they could remove them."""
    for prefix in (f".{name}-new-", f".{name}-old-"):
        for folder in parent.glob(f"{prefix}*"):
            pid = folder.name[len(prefix):].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def _stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """End MkDocs (it has had the Ctrl+C too, or gets one now) and wait for it: its second
    process and PDF workers go with it. Killed if it does not end within ``grace`` seconds."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build_site(project: Path, site_dir: Path, strict: bool = True, extra: list[str] | None = None) -> int:
    # MkDocs checks only the work folder beside site_dir: the PDF cache set for this build is checked here
    cache = os.environ.get("BANK_PDF_CACHE")
    problem = site_dir_problem(project, site_dir, caches=(Path(cache),) if cache else ())
    if problem:
        print(f"ошибка: {problem}", file=sys.stderr)
        return 2
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(site_dir.parent, site_dir.name)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-{os.getpid()}-", dir=site_dir.parent))
    try:
        return _build_into(project, site_dir, work, strict, extra)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _build_into(project: Path, site_dir: Path, work: Path, strict: bool, extra: list[str] | None) -> int:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(work),
           "--config-file", str(project / "mkdocs.yml"), *(["--strict"] if strict else []), *(extra or [])]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # MkDocs logs to stderr and prints its last words to stdout: both go on, as they come,
    # to stderr, the last words in Russian
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", errors="replace", bufsize=1)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stderr.write(_russian_ending(line))
            sys.stderr.flush()
        code = proc.wait()
    except BaseException:
        _stop(proc)  # Ctrl+C: MkDocs and its helpers end before the work folder is removed
        raise
    finally:
        if proc.stdout is not None:
            proc.stdout.close()
    if code != 0:
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
