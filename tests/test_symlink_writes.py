"""Hostile links in practices/: no command writes through a symbolic (or hard) link, none
writes outside the folder, and each says in Russian what it saved, what not and why."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.minibank import IMPORT_ROW as ROW
from tests.minibank import TUTORING, make_minibank

SECRET = "чужой файл: не трогать\n"


@pytest.fixture
def practices(tmp_path: Path) -> Path:
    return make_minibank(tmp_path)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside practices/ that a link points to."""
    path = tmp_path / "elsewhere" / "secret.yml"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def _table(tmp_path: Path, **changes: str) -> Path:
    row = dict(ROW, **changes)
    path = tmp_path / "table.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(row)
        writer.writerow(row.values())
    return path


def _import(table: Path, practices: Path, *extra: str):
    result = run_cli("import", str(table), "--root", str(practices), *extra)
    assert "Traceback" not in result.text and "внутренняя ошибка" not in result.text, result.text
    return result


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---- import -------------------------------------------------------------------------

def test_import_overwrite_refuses_an_entry_that_links_outside(practices, outside, tmp_path):
    link = practices / "tutoring" / "imported.yml"
    link.symlink_to(outside)
    table = _table(tmp_path)
    for extra in (("--dry-run",), ()):  # the dry run says what the real run will refuse
        result = _import(table, practices, "--overwrite", *extra)
        assert result.code == 1, result.text
        assert "строка 2: " in result.out and "tutoring/imported.yml" in result.out
        assert "символическая ссылка" in result.out and "Удалите ссылку" in result.out
        assert "записано" not in result.out.replace("не записан", "")
        assert "пропущено: 1" in result.out
        assert outside.read_text(encoding="utf-8") == SECRET
        assert link.is_symlink()  # left for the user to replace, not silently removed


def test_import_refuses_a_kind_folder_that_links_outside(practices, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (practices / "tutoring" / "gifted-practice.yml").rename(tmp_path / "kept.yml")
    (practices / "tutoring").rmdir()
    (practices / "tutoring").symlink_to(elsewhere, target_is_directory=True)
    result = _import(_table(tmp_path), practices)
    assert result.code == 2, result.text
    assert "practices/tutoring" in result.err and "папка" in result.err and "символическая ссылка" in result.err
    assert _files(elsewhere) == []


def test_import_overwrite_never_creates_the_target_of_a_dangling_link(practices, tmp_path):
    target = tmp_path / "elsewhere" / "created.yml"
    target.parent.mkdir()
    (practices / "tutoring" / "imported.yml").symlink_to(target)
    result = _import(_table(tmp_path), practices, "--overwrite")
    assert result.code == 1 and "символическая ссылка" in result.out, result.text
    assert not target.exists() and _files(target.parent) == []


def test_import_overwrite_replaces_a_hard_linked_entry_not_the_other_name(practices, outside, tmp_path):
    entry = practices / "tutoring" / "imported.yml"
    os.link(outside, entry)
    result = _import(_table(tmp_path), practices, "--overwrite")
    assert result.code == 0, result.text
    assert outside.read_text(encoding="utf-8") == SECRET
    assert "Импортированная практика" in entry.read_text(encoding="utf-8")
    assert not [p for p in (practices / "tutoring").iterdir() if p.name.startswith(".")]  # no temp files


def test_import_overwrite_taken_back_keeps_the_entry_it_would_replace(practices, tmp_path):
    """The validator rejects the new file (its title is taken): the old entry stays, and the report says so."""
    entry = practices / "tutoring" / "zz-practice.yml"
    original = TUTORING.replace("Тьюторское сопровождение одарённых детей", "Другая практика")
    entry.write_text(original, encoding="utf-8")
    table = _table(tmp_path, **{"Имя файла": "zz-practice", "Название": "Тьюторское сопровождение одарённых детей"})
    result = _import(table, practices, "--overwrite")
    assert result.code == 1 and "такое же название уже есть" in result.out, result.text
    assert "прежняя запись оставлена" in result.out
    assert entry.read_text(encoding="utf-8") == original


# ---- new ----------------------------------------------------------------------------

def test_new_refuses_a_link_at_the_target(practices, outside):
    link = practices / "tutoring" / "linked.yml"
    link.symlink_to(outside)
    result = run_cli("new", "tutoring", "linked", "--root", str(practices))
    assert result.code == 1, result.text
    assert "tutoring/linked.yml" in result.err and "символическая ссылка" in result.err
    assert outside.read_text(encoding="utf-8") == SECRET and link.is_symlink()

    link.unlink()  # as the message says: then an ordinary file, as an editor would make it
    result = run_cli("new", "tutoring", "linked", "--root", str(practices))
    assert result.code == 0, result.text
    umask = os.umask(0)
    os.umask(umask)
    assert not link.is_symlink() and link.stat().st_mode & 0o777 == 0o666 & ~umask
    assert _files(practices / "tutoring") == ["gifted-practice.yml", "linked.yml"]  # no temp file left


def test_new_never_creates_the_target_of_a_dangling_link(practices, tmp_path):
    target = tmp_path / "created.yml"
    (practices / "tutoring" / "dangling.yml").symlink_to(target)
    result = run_cli("new", "tutoring", "dangling", "--root", str(practices))
    assert result.code == 1 and "символическая ссылка" in result.err, result.text
    assert not target.exists()


def test_new_refuses_a_kind_folder_that_links_outside(practices, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (practices / "cases" / "olympiad-choice.yml").unlink()
    (practices / "cases").rmdir()
    (practices / "cases").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli("new", "cases", "fresh", "--root", str(practices))
    assert result.code == 1, result.text
    assert "practices/cases" in result.err and "папка" in result.err and "символическая ссылка" in result.err
    assert _files(elsewhere) == []


def test_new_out_replaces_nothing_through_a_link(practices, outside, tmp_path):
    link = tmp_path / "template.yml"
    link.symlink_to(outside)
    result = run_cli("new", "tutoring", "fresh", "--root", str(practices), "--out", str(link))
    assert result.code == 1 and "символическая ссылка" in result.err, result.text
    assert outside.read_text(encoding="utf-8") == SECRET


# ---- schema, issue form, registry, import template --------------------------------------

def test_schema_writes_nothing_through_links(practices, outside, tmp_path):
    schema = practices / "schema"
    schema.mkdir()
    (schema / "tutoring.schema.json").symlink_to(outside)
    result = run_cli("schema", "--root", str(practices))
    assert result.code == 1, result.text
    assert "tutoring.schema.json" in result.err and "символическая ссылка" in result.err
    assert outside.read_text(encoding="utf-8") == SECRET

    (schema / "tutoring.schema.json").unlink()
    schema.rmdir()
    schema.symlink_to(outside.parent, target_is_directory=True)
    result = run_cli("schema", "--root", str(practices))
    assert result.code == 1 and "папка" in result.err and "символическая ссылка" in result.err, result.text
    assert _files(outside.parent) == ["secret.yml"]


def test_issue_form_is_not_written_through_a_link(practices, outside, tmp_path):
    form = tmp_path / ".github" / "ISSUE_TEMPLATE" / "propose-practice.yml"
    form.parent.mkdir(parents=True)
    form.symlink_to(outside)
    result = run_cli("schema", "--root", str(practices))
    assert result.code == 1, result.text
    assert "propose-practice.yml" in result.err and "символическая ссылка" in result.err
    assert "записано: " in result.out  # the schemas before it were written, and said so
    assert outside.read_text(encoding="utf-8") == SECRET


def test_registry_is_not_written_through_a_link(practices, outside, tmp_path):
    outside.write_text("# " + SECRET, encoding="utf-8")  # a valid (empty) registry
    registry = practices / "published.txt"
    registry.symlink_to(outside)
    result = run_cli("registry", "--root", str(practices))
    assert result.code == 1 and "символическая ссылка" in result.err, result.text
    assert outside.read_text(encoding="utf-8") == "# " + SECRET

    registry.unlink()
    registry.symlink_to(tmp_path / "created.txt")  # dangling: the registry looks absent
    result = run_cli("registry", "--root", str(practices))
    assert result.code == 1 and "символическая ссылка" in result.err and "реестр не обновлён" in result.err, \
        result.text
    assert not (tmp_path / "created.txt").exists()


def test_import_template_is_not_written_through_a_link(practices, outside, tmp_path):
    link = tmp_path / "template.xlsx"
    link.symlink_to(outside)
    result = run_cli("import-template", "--root", str(practices), "--out", str(link))
    assert result.code == 1 and "символическая ссылка" in result.err, result.text
    assert outside.read_text(encoding="utf-8") == SECRET
