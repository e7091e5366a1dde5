"""`python bench/run.py [NAME…]` (`make bench`): one line per figure, `name: value (goal …) OK|SHORT`.

Every module of bench/figures/ exposing `figures() -> Iterable[Figure]` is collected; naming modules on the
command line (e.g. `startup`) runs only those. A `#` line under a figure gives its raw measurements. Figures
are ratios against a baseline measured in the same run (or absolute times where the goal is one), never
timed assertions: the runner always exits 0, and a module that fails prints an `ERROR` line.
`MAILLAGE_BENCH_REPEAT` sets the repetitions (median taken), `MAILLAGE_BENCH_APP` a frozen binary to time.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bench import figures as figure_package  # noqa: E402
from bench.core import Figure  # noqa: E402


def module_names(selected: Iterable[str] = ()) -> list[str]:
    """The figure modules, in name order; restricted to `selected` when given."""
    names = sorted(info.name for info in pkgutil.iter_modules(figure_package.__path__))
    wanted = set(selected)
    return [name for name in names if not wanted or name in wanted]


def run_module(name: str) -> None:
    """Print the figures of one module as they are measured; report a failure without stopping."""
    try:
        module = importlib.import_module(f"{figure_package.__name__}.{name}")
        for figure in module.figures():
            print_figure(figure)
    except Exception as exc:  # a broken figure must not hide the others
        print(f"{name}: ERROR ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})",
              flush=True)
        traceback.print_exc(file=sys.stderr)


def print_figure(figure: Figure) -> None:
    print(figure.line(), flush=True)
    if figure.detail:
        print(f"  # {figure.detail}", flush=True)


def main(argv: list[str]) -> int:
    names = module_names(argv)
    if not names:
        print(f"No figure module matches {' '.join(argv)}", file=sys.stderr)
    for name in names:
        run_module(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
