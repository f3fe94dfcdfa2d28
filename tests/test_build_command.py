"""`practice-bank build`: the previous site/ survives a failed build and is replaced by a complete one."""

from __future__ import annotations


import pytest

from generator.build import SITE_MARKER
from tests.conftest import run_cli
from tests.minibank import make_project

pytestmark = pytest.mark.slow


def test_failed_build_keeps_previous_site_and_good_build_replaces_it(tmp_path):
    project, practices = make_project(tmp_path)
    env = {"BANK_PDF": "0", "BANK_PRIVACY": "false"}
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("прежний сайт", encoding="utf-8")
    (site / SITE_MARKER).write_text("", encoding="utf-8")  # what every build leaves in its site

    broken = practices / "tutoring" / "gifted-practice.yml"
    good_text = broken.read_text(encoding="utf-8")
    broken.write_text(good_text.replace("directions:\n  - gifted-children", "directions:\n  - gifted"),
                      encoding="utf-8")
    failed = run_cli("build", cwd=project, env=env)
    assert failed.code == 1
    assert "practices/tutoring/gifted-practice.yml:" in failed.text and "gifted-children" in failed.text
    assert "прежний сайт" in failed.err
    assert "Aborted" not in failed.text and "Сборка остановлена ошибкой" in failed.err
    assert (site / "index.html").read_text(encoding="utf-8") == "прежний сайт"
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []  # no leftovers

    broken.write_text(good_text, encoding="utf-8")
    done = run_cli("build", cwd=project, env=env)
    assert done.code == 0, done.text
    assert "прежний сайт" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "tutoring" / "gifted-practice" / "index.html").exists()
    assert (site / "sitemap.xml").exists() and (site / "404.html").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
    assert (site / SITE_MARKER).is_file()  # the next build replaces it again


def test_mkdocs_last_words_in_russian():
    from generator.build import _russian_ending

    assert "остановлена ошибкой" in _russian_ending("Aborted with a BuildError!\n")
    assert "предупреждений — 3" in _russian_ending("Aborted with 3 warnings in strict mode!\n")
    assert _russian_ending("INFO    -  Cleaning site directory\n") == "INFO    -  Cleaning site directory\n"
