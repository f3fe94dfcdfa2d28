"""Stable addresses: the registry of published URLs, redirects after renames and removals."""

from __future__ import annotations

import pytest


from tests.conftest import run_cli
from tests.minibank import make_project
from tests.sitebuild import mkdocs_build, page


def _project(tmp_path):
    return make_project(tmp_path)


def _validate(practices):
    return run_cli("validate", "--root", str(practices))


def test_registry_command_records_published_addresses(tmp_path):
    _, practices = _project(tmp_path)
    first = run_cli("registry", "--root", str(practices))
    assert first.code == 0, first.text
    lines = [line for line in (practices / "published.txt").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert lines == ["cases/olympiad-choice", "programmes/young-teachers", "sites/test-school",
                     "tutoring/gifted-practice"]
    again = run_cli("registry", "--root", str(practices))
    assert "добавлено адресов — 0" in again.out
    assert run_cli("registry", "--check", "--root", str(practices)).code == 0


def test_registry_check_lists_missing_addresses(tmp_path):
    _, practices = _project(tmp_path)
    result = run_cli("registry", "--check", "--root", str(practices))
    assert result.code == 1
    assert "нет в реестре: tutoring/gifted-practice" in result.out


def test_rename_without_redirect_fails_with_line_and_fix(tmp_path):
    _, practices = _project(tmp_path)
    assert run_cli("registry", "--root", str(practices)).code == 0
    (practices / "programmes/young-teachers.yml").rename(practices / "programmes/young-teachers-2024.yml")
    result = _validate(practices)
    assert result.code == 1
    registry_lines = (practices / "published.txt").read_text(encoding="utf-8").splitlines()
    line = registry_lines.index("programmes/young-teachers") + 1
    assert f"practices/published.txt:{line}:1:" in result.out
    assert "programmes/young-teachers/ уже публиковался" in result.out
    assert "young-teachers: новое-имя" in result.out
    assert "Traceback" not in result.text


@pytest.mark.slow
def test_rename_with_redirect_builds_redirect_page(tmp_path):
    project, practices = _project(tmp_path)
    assert run_cli("registry", "--root", str(practices)).code == 0
    (practices / "programmes/young-teachers.yml").rename(practices / "programmes/young-teachers-2024.yml")
    (practices / "redirects.yml").write_text(
        "young-teachers: young-teachers-2024\n"
        "gone-practice: {removed: \"Практика завершена в 2023 году\"}\n", encoding="utf-8")
    with (practices / "published.txt").open("a", encoding="utf-8") as fh:
        fh.write("tutoring/gone-practice\n")
    assert _validate(practices).code == 0
    result = mkdocs_build(project, tmp_path / "site", env={"BANK_PDF": "0", "BANK_PRIVACY": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    site = tmp_path / "site"
    old = page(site, "programmes/young-teachers")
    refresh = old.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and refresh["content"] == "0; url=../young-teachers-2024/"
    assert old.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    link = old.select_one("article a[href$='young-teachers-2024/']")
    assert link is not None and "Программа для молодых педагогов" in link.get_text()
    assert (site / "programmes/young-teachers-2024/index.html").exists()
    gone = page(site, "tutoring/gone-practice")
    assert "снята с публикации" in gone.get_text()
    assert "Практика завершена в 2023 году" in gone.get_text()
    assert gone.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert gone.select_one("article a[href$='bank/']") is not None


def test_redirect_problems_are_reported_on_their_line(tmp_path):
    _, practices = _project(tmp_path)
    (practices / "redirects.yml").write_text(
        "# комментарий\n"
        "old-one: young-teacher\n"          # typo in target
        "a-loop: b-loop\n"
        "b-loop: a-loop\n"
        "gifted-practice: test-school\n"    # still published
        "Bad_Name: test-school\n"
        "weird: [1, 2]\n", encoding="utf-8")
    result = _validate(practices)
    assert result.code == 1
    out = result.out
    assert "practices/redirects.yml:2:10: записи «young-teacher» нет в банке (возможно, «young-teachers»)" in out
    assert "замыкаются в круг" in out
    assert "practices/redirects.yml:5:1: запись «gifted-practice» опубликована" in out
    assert "practices/redirects.yml:6:1: «Bad_Name» не похоже на имя файла" in out
    assert "practices/redirects.yml:7:" in out and "{removed: причина}" in out


def test_unpublishing_a_registered_entry_needs_a_redirect(tmp_path):
    _, practices = _project(tmp_path)
    assert run_cli("registry", "--root", str(practices)).code == 0
    case = practices / "cases/olympiad-choice.yml"
    case.write_text(case.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    result = _validate(practices)
    assert result.code == 1 and "снята с публикации (status: draft)" in result.out
    (practices / "redirects.yml").write_text("olympiad-choice: {removed: \"Кейс дорабатывается\"}\n",
                                             encoding="utf-8")
    assert _validate(practices).code == 0


def test_sample_bank_registry_is_complete():
    """Every published sample entry is in the committed registry (run `practice-bank registry`)."""
    result = run_cli("registry", "--check")
    assert result.code == 0, result.out
