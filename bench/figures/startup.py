"""Start-up and page-opening figures (issue 2, item 9), against a bare QMainWindow timed in the same run.

The app reports through its bench hook (app/ui/bench_hook.py, MAILLAGE_BENCH_EXIT_AT); the baseline is
bench/probes/bare_window.py. Both are timed from just before the process is spawned.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from bench.core import PROBES, Figure, app_command, demo_db, median_of, python_command, run_probe

FIRST_PAINT_GOAL = 3.0
DASHBOARD_GOAL = 6.0
PORTFOLIO_GOAL_S = 1.0


@cache
def bare_window_s() -> float:
    """Median start-to-first-paint of a bare PySide6 QMainWindow process."""
    return median_of(lambda: run_probe(python_command(str(PROBES / "bare_window.py"))).elapsed)


def _app_start_s(event: str, size: str = "small") -> float:
    command = app_command(demo_db(size), "gui")
    return median_of(lambda: run_probe(command, env={"MAILLAGE_BENCH_EXIT_AT": event}).elapsed)


def _ratio(name: str, seconds: float, goal: float) -> Figure:
    bare = bare_window_s()
    return Figure(name, seconds / bare, goal, "×", detail=f"{seconds:.3f} s; bare QMainWindow {bare:.3f} s")


def first_paint() -> Figure:
    """Start to the first painted main window on the demo (goal ≤ 3× the bare window)."""
    return _ratio("startup_first_paint", _app_start_s("first-paint"), FIRST_PAINT_GOAL)


def dashboard() -> Figure:
    """Start to the dashboard showing its figures on the demo (goal ≤ 6× the bare window)."""
    return _ratio("startup_dashboard", _app_start_s("dashboard"), DASHBOARD_GOAL)


def portfolio_large() -> Figure:
    """GUI-thread time to open the portfolio page on the large demo, until loaded and painted (< 1 s)."""
    command = app_command(demo_db("large"), "gui")
    results = []

    def measure() -> float:
        result = run_probe(command, env={"MAILLAGE_BENCH_EXIT_AT": "portfolio"})
        results.append(result)
        return result.values["gui"]

    gui = median_of(measure, repeat=3)
    wall = sorted(r.values["wall"] for r in results)[len(results) // 2]
    return Figure("portfolio_open_large_gui_thread", gui, PORTFOLIO_GOAL_S, " s",
                  detail=f"GUI-thread CPU time; {wall:.3f} s wall until loaded and painted")


def figures() -> Iterator[Figure]:
    yield first_paint()
    yield dashboard()
    yield portfolio_large()
