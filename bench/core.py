"""What figure modules share: the Figure line, medians, timed subprocesses, cached demo databases."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
PROBES = ROOT / "bench" / "probes"
REPEAT = int(os.environ.get("MAILLAGE_BENCH_REPEAT", "5"))
TIMEOUT_S = 600


@dataclass(frozen=True)
class Figure:
    """One measured figure against its goal. `unit` is "×" for ratios to a baseline, " s" for seconds,
    " MB" for a peak memory."""

    name: str
    value: float
    goal: float
    unit: str
    detail: str = ""
    higher_is_better: bool = False

    @property
    def ok(self) -> bool:
        return self.value >= self.goal if self.higher_is_better else self.value <= self.goal

    def line(self) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        status = "OK" if self.ok else "SHORT"
        goal = f"goal {sign} {_number(self.goal)}{self.unit}"
        return f"{self.name}: {_number(self.value)}{self.unit} ({goal}) {status}"


def _number(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def median_of(measure: Callable[[], float], *, repeat: int = REPEAT, warmup: int = 1) -> float:
    """Median of `repeat` calls after `warmup` discarded ones (disk cache, daily backup, .pyc files)."""
    for _ in range(warmup):
        measure()
    return statistics.median(measure() for _ in range(repeat))


@dataclass(frozen=True)
class ProbeResult:
    """What a child printed on its `MAILLAGE_BENCH <event> <epoch> [key=value…]` line."""

    elapsed: float  # seconds from just before spawning to the child's timestamp
    values: dict[str, float]


def run_probe(command: list[str], *, env: dict[str, str] | None = None) -> ProbeResult:
    """Spawn `command`, wait for its MAILLAGE_BENCH line; fail loudly with its stderr otherwise."""
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as home:
        child_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MAILLAGE_HOME": home, **(env or {})}
        child_env.pop("MAILLAGE_DB", None)
        start = time.time()
        done = subprocess.run(command, cwd=ROOT, env=child_env, capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("MAILLAGE_BENCH "):
            _, _event, stamp, *pairs = line.split()
            values = {key: float(value) for key, _, value in (pair.partition("=") for pair in pairs)}
            return ProbeResult(float(stamp) - start, values)
    raise RuntimeError(f"{' '.join(command)} exited {done.returncode} without a MAILLAGE_BENCH line:\n"
                       f"{done.stderr[-2000:]}")


def python_command(*args: str) -> list[str]:
    return [sys.executable, *args]


def app_command(db: Path, *args: str) -> list[str]:
    """The app as users start it; MAILLAGE_BENCH_APP=dist/maillage/maillage times the frozen build."""
    frozen = os.environ.get("MAILLAGE_BENCH_APP")
    base = [frozen] if frozen else python_command("-m", "app")
    return [*base, "--db", str(db), *args]


def _demo_fingerprint(size: str, seed: int) -> str:
    """Changes when the demo generator or the migrations change, so the cached database is rebuilt."""
    digest = hashlib.sha256(f"{size}-{seed}".encode())
    for folder in ("app/services/demo", "app/models/migrations/versions"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def demo_db(size: str = "small", *, seed: int = 1) -> Path:
    """A demo database made by the real CLI, cached under bench/.cache/ (ignored by git)."""
    path = CACHE / f"demo-{size}-{_demo_fingerprint(size, seed)}.sqlite"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    _drop_stale(size, keep=path.stem)
    scratch = path.with_suffix(f".partial-{os.getpid()}")  # two benches at once never share a file
    print(f"# writing the {size} demo into {path.relative_to(ROOT)} (once)…", flush=True)
    command = python_command("-m", "app", "--db", str(scratch), "demo", "--size", size, "--seed", str(seed))
    try:
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True, timeout=3600)
        subprocess.run(python_command("-c", _CHECKPOINT, str(scratch)), cwd=ROOT, check=True)
        scratch.rename(path)
    finally:
        for leftover in CACHE.glob(f"{scratch.name}*"):
            leftover.unlink()
    return path


def _drop_stale(size: str, *, keep: str) -> None:
    """Remove older demos of this size and their backup folders (partials of other runs are left alone)."""
    for old in CACHE.glob(f"demo-{size}-*"):
        if old.name.startswith(keep) or ".partial-" in old.name:
            continue
        with contextlib.suppress(FileNotFoundError):  # another bench may be cleaning up too
            shutil.rmtree(old) if old.is_dir() else old.unlink()


# Fold the WAL into the main file so the cached database is one self-contained file.
_CHECKPOINT = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
               "c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()")
