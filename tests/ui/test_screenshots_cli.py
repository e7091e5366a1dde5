"""`maillage screenshots DIR` renders every page of the real window offscreen (one subprocess run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from app.ui.pages.registry import available_pages


def test_screenshots_command_writes_one_png_per_page(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "captures"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    done = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(demo_db), "screenshots", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr
    for spec in available_pages():
        image = QImage(str(out / f"{spec.key}.png"))
        assert (image.width(), image.height()) == (1400, 900), spec.key
