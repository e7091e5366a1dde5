"""The bench runner's contract: `name: value (goal …) OK|SHORT`, modules collected, baseline probe works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.core import PROBES, Figure, median_of, run_probe  # noqa: E402
from bench.run import module_names  # noqa: E402


def test_a_figure_within_its_goal_is_ok() -> None:
    line = Figure("startup_first_paint", 2.5, 3.0, "×").line()
    assert line == "startup_first_paint: 2.50× (goal ≤ 3.00×) OK"


def test_a_figure_over_its_goal_is_short() -> None:
    assert Figure("portfolio", 1.25, 1.0, " s").line() == "portfolio: 1.25 s (goal ≤ 1.00 s) SHORT"


def test_a_higher_is_better_figure() -> None:
    assert Figure("rows_per_s", 12.0, 10.0, "×", higher_is_better=True).line().endswith("(goal ≥ 10.0×) OK")


def test_the_median_skips_the_warmup() -> None:
    values = iter([100.0, 3.0, 1.0, 2.0])
    assert median_of(lambda: next(values), repeat=3) == 2.0


def test_figure_modules_are_collected() -> None:
    assert "startup" in module_names()
    assert module_names(["startup"]) == ["startup"]


def test_the_runner_exits_zero_even_when_nothing_matches() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "no_such_topic"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0


@pytest.mark.skipif(not os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"),
                    reason="needs the offscreen platform")
def test_the_bare_window_baseline_reports_its_first_paint() -> None:
    result = run_probe([sys.executable, str(PROBES / "bare_window.py")])
    assert 0 < result.elapsed < 60
