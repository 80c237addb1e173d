"""The scale figures (bench/scale.py): their table, the target, the chart."""

from __future__ import annotations

from pathlib import Path

import pytest
import scale
from wrk import Result


def _steps(*p99s: float) -> list[scale.Step]:
    return [
        scale.Step(10**i * 10_000, Result(1_000, p99 / 4, p99), Result(500, 2.0, 9.0))
        for i, p99 in enumerate(p99s)
    ]


def test_growth_is_the_last_p99_over_the_first() -> None:
    assert scale.growth(_steps(10.0, 12.0, 25.0)) == 2.5


def test_table_has_a_line_per_backend_and_size() -> None:
    lines = scale.table({"SQLite": _steps(10.0, 12.0), "PostgreSQL": _steps(20.0, 30.0)})
    assert len(lines) == 2 + 4
    assert lines[2] == "| SQLite | 10,000 | 1,000 | 2.5 / 10.0 | 500 | 2.0 / 9.0 |"
    assert lines[5].startswith("| PostgreSQL | 100,000 |")


def test_chart_is_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")  # the `bench` extra
    path = tmp_path / "images" / "scale.png"
    scale.chart({"SQLite": _steps(10.0, 12.0, 14.0)}, path, Result(60, 200.0, 300.0))
    assert path.read_bytes().startswith(b"\x89PNG")
