"""app/ui/bench_hook.py: inert by default; with MAILLAGE_BENCH_EXIT_AT the real app reports and exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui import bench_hook

ROOT = Path(__file__).resolve().parents[2]


def test_the_hook_does_nothing_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(bench_hook.ENV, raising=False)

    class Window:
        ask_profile = True

    window = Window()
    bench_hook.install(window)  # type: ignore[arg-type]
    assert window.ask_profile is True


def test_the_app_reports_its_first_paint_and_exits(tmp_path: Path) -> None:
    env = {**os.environ, bench_hook.ENV: "first-paint", "QT_QPA_PLATFORM": "offscreen",
           "MAILLAGE_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "app", "--db", str(tmp_path / "neuve.sqlite"), "gui"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("MAILLAGE_BENCH first-paint ")
