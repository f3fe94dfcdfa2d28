"""Where a site may be built: never over the project, its sources or a folder of other files
(issue «hostile input, round two», item 1), and an interrupted build leaves nothing behind
(item 14)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import SITE_MARKER, site_dir_problem

from tests.conftest import run_cli
from tests.minibank import make_project
from tests.sitebuild import mkdocs_build


def _snapshot(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", [".", "practices", "practices/tutoring", "content", "content/new",
                                    "overrides", ".git", "..", "site-inside/../practices"])
def test_build_refuses_the_project_and_its_sources(tmp_path, target):
    project, _ = make_project(tmp_path)
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (project / "notes.txt").write_text("не удалять", encoding="utf-8")
    before = _snapshot(project)
    result = run_cli("build", "--site-dir", target, cwd=project, env={"BANK_PDF": "0"})
    assert result.code == 2, result.text
    assert "Traceback" not in result.text
    assert "папка сайта" in result.err and ("исходных файлах" in result.err or "сам проект" in result.err)
    assert _snapshot(project) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_build_refuses_a_folder_of_other_files_but_replaces_a_previous_site(tmp_path):
    project, _ = make_project(tmp_path)
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "a.jpg").write_bytes(b"\xff\xd8")
    result = run_cli("build", "--site-dir", str(photos), cwd=project, env={"BANK_PDF": "0"})
    assert result.code == 2 and "не пуста" in result.err, result.text
    assert (photos / "a.jpg").read_bytes() == b"\xff\xd8"
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    assert "файл, а не папка" in run_cli("build", "--site-dir", str(a_file), cwd=project).err


def test_plain_mkdocs_build_refuses_the_sources_too(tmp_path):
    project, _ = make_project(tmp_path)
    before = _snapshot(project)
    for target in ("practices", "overrides", "practices/site"):
        result = mkdocs_build(project, project / target, env={"BANK_PDF": "0"})
        assert result.returncode != 0
        assert "Сборка отменена: папка сайта" in result.stderr, result.stderr[-2000:]
    assert _snapshot(project) == before


def test_rule_in_one_place(tmp_path):
    project = tmp_path / "p"
    (project / "practices").mkdir(parents=True)
    assert site_dir_problem(project, project / "site") is None
    assert site_dir_problem(project, tmp_path / "new" / "site") is None
    assert "исходных файлах" in site_dir_problem(project, project / "docs" / "x", (project / "docs",))
    link = tmp_path / "link"
    link.symlink_to(project / "practices")
    assert "исходных файлах" in site_dir_problem(project, link)
    previous = project / "site"
    previous.mkdir()
    (previous / "index.html").write_text("<html>")
    (previous / "sitemap.xml").write_text("<urlset/>")
    assert "не пуста" in site_dir_problem(project, previous)  # a hand-made folder has them too
    (previous / SITE_MARKER).write_text("")
    assert site_dir_problem(project, previous) is None


def _group_alive(pgid: int) -> list[str]:
    """Processes of a group still running (zombies waiting for init are not running)."""
    alive = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(pid)
    return alive


@pytest.mark.slow
@pytest.mark.parametrize("after", [4.0, 9.0])
def test_interrupted_build_leaves_no_process_and_no_folder(tmp_path, after):
    project, _ = make_project(tmp_path)
    stale = project / ".site-new-999999999-abc"  # a build killed long ago
    stale.mkdir()
    (stale / "index.html").write_text("old")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=project, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=dict(os.environ, BANK_PRIVACY="false"))
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    finished = "Сайт собран" in out.decode()  # on a fast machine the build may end before the signal
    assert proc.returncode in (0, 130) or (finished and proc.returncode == -signal.SIGINT), out.decode()[-2000:]
    assert b"Traceback" not in out
    assert _group_alive(proc.pid) == []
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_render_never_writes_into_the_sources(tmp_path):
    project, practices = make_project(tmp_path)
    before = _snapshot(project)
    for target in ("practices/pages", "content"):
        result = run_cli("render", "--out", target, "--force", cwd=project)
        assert result.code == 2 and "исходных файлах" in result.err, result.text
    assert _snapshot(project) == before
