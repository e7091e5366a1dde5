"""`python bench/sync_bench.py`: the sync figures alone (same as `python bench/run.py sync`)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["sync"]))
