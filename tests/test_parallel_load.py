"""A big bank is read by every core: the result is the one a single process gives, errors included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.parallel import workers as parallel_workers
from generator.validate import bank as validate
from generator.validate.bank import load_bank

from tests.conftest import PRACTICES, entry_files


@pytest.fixture
def broken_bank(tmp_path: Path) -> Path:
    root = tmp_path / "practices"
    shutil.copytree(PRACTICES, root)
    cases = sorted((root / "cases").glob("*.yml"))
    # a mistake found in the file itself (the worker reports it) ...
    text = cases[0].read_text(encoding="utf-8")
    cases[0].write_text(text.replace("\ntitle:", "\nunknown_field: 1\ntitle:", 1), encoding="utf-8")
    # ... one found only across files (the parent reports it, reading the file again for the line) ...
    text = cases[1].read_text(encoding="utf-8")
    title = cases[2].read_text(encoding="utf-8").split("\ntitle: ", 1)[1].split("\n", 1)[0]
    lines = text.splitlines()
    lines = [f"title: {title}" if line.startswith("title: ") else line for line in lines]
    cases[1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    # ... and a file that does not parse at all
    (root / "cases" / "broken-syntax.yml").write_text("title: [незакрытая\n", encoding="utf-8")
    return root


def _snapshot(root: Path, workers: int, monkeypatch) -> tuple:
    monkeypatch.setattr(validate, "parallel_workers", lambda n, minimum: workers)
    bank, problems = load_bank(root)
    models = {slug: (record.kind, record.path, record.model.model_dump()) for slug, record in bank.records.items()}
    return models, [p.format() for p in problems.items]


def test_parallel_reading_gives_the_same_bank_and_messages(broken_bank, monkeypatch):
    serial = _snapshot(broken_bank, 1, monkeypatch)
    parallel = _snapshot(broken_bank, 2, monkeypatch)
    assert parallel == serial
    models, messages = parallel
    assert len(models) == len(entry_files()) - 1  # the one with an unknown field
    text = "\n".join(messages)
    assert "«unknown_field»" in text and "broken-syntax.yml:2:1: ошибка синтаксиса YAML: не закрыта" in text
    duplicate = next(m for m in messages if "такое же название" in m)
    assert not duplicate.split(":")[1] == "1"  # the title's own line, found in the parent process
    # a small bank is read by one process: a pool would cost more than it saves
    monkeypatch.undo()
    assert parallel_workers(validate.PARALLEL_MIN_FILES - 1, validate.PARALLEL_MIN_FILES) == 1


def test_positions_are_found_again_from_the_file(tmp_path: Path):
    from generator.load.yamlio import load_file

    path = tmp_path / "entry.yml"
    path.write_text("title: Запись\nsummary: Текст\nlist:\n  - один\n  - два\n", encoding="utf-8")
    doc, problem = load_file(path, "entry.yml")
    assert problem is None and doc is not None
    doc.forget_text()
    assert doc.source is None
    assert doc.position(("list", 1)) == (5, 5)  # read again from the file
    gone, _ = load_file(path, "entry.yml")
    gone.forget_text()
    path.unlink()  # a file gone since: the message still has a place, the top of the file
    assert gone.position(("list", 1)) == (1, 1)
