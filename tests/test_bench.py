"""The benchmark scripts run end to end at a tiny size, so they cannot rot.
(Speed targets are measured by `python -m bench.run` and written in the README, not asserted here.)"""

from __future__ import annotations

import pytest

from bench import run as bench_run
from bench.serve_rebuild import measure
from bench.synthetic import generate, generate_floor

from tests.conftest import run_cli

pytestmark = pytest.mark.slow


def test_synthetic_bank_is_valid_and_mixed(tmp_path):
    counts = generate(tmp_path / "bank", 40)
    assert sum(counts.values()) == 40 and all(counts.values())
    result = run_cli("validate", "--root", str(tmp_path / "bank" / "practices"))
    assert result.code == 0, result.text
    pages = generate_floor(tmp_path / "floor", tmp_path / "bank")
    assert pages == 40
    assert (tmp_path / "floor" / "docs" / "tutoring" / "practice-0.md").stat().st_size > 2000


def test_benchmark_table_at_a_tiny_size(tmp_path, capsys):
    assert bench_run.main(["--sizes", "12", "--pdf", "--repeat", "2", "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for _, label, _ in bench_run.ROWS:
        assert label in out, label
    row = next(line for line in out.splitlines() if line.startswith("| Страница записи: в среднем"))
    assert float(row.split("|")[2].strip()) > 5


def test_serve_rebuild_is_measured(tmp_path):
    result = measure(12, tmp_path, timeout=120)
    assert 0 < result["rebuild_s"] < 120
