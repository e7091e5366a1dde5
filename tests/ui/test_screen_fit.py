"""Windows sized for their screen (app.ui.widgets.screen_fit): a 1366×768 laptop gets a main window and
dialogs that fit, a large screen the sizes asked for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize

from app.ui.widgets.screen_fit import FRAME, fitted

LAPTOP_AREA = QSize(1366, 728)  # 1366×768 less a 40-pixel task bar


def test_a_small_screen_gets_its_free_area_less_the_frame() -> None:
    assert fitted(QSize(1400, 900), LAPTOP_AREA) == QSize(1366 - FRAME.width(), 728 - FRAME.height())
    assert fitted(QSize(820, 560), LAPTOP_AREA) == QSize(820, 560)  # small enough: as asked
    assert fitted(QSize(900, 1000), QSize(1920, 1040)) == QSize(900, 1040 - FRAME.height())  # 1000: fits


def test_the_main_window_opens_within_a_laptop_screen(tmp_path: Path) -> None:
    screen = tmp_path / "portable.json"
    screen.write_text(json.dumps({"screens": [{"name": "Portable", "x": 0, "y": 0, "width": 1366,
                                               "height": 768, "logicalDpi": 96}]}), encoding="utf-8")
    script = ("from pathlib import Path\n"
              "from app.ui.main import create_application\n"
              "from app.ui.main_window import MainWindow\n"
              "create_application()\n"
              f"window = MainWindow(Path({str(tmp_path / 'poste.sqlite')!r}), ask_profile=False)\n"
              "print(window.width(), window.height())\n")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
           "MAILLAGE_HOME": str(tmp_path / "home")}

    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])

    assert done.returncode == 0, done.stderr
    width, height = map(int, done.stdout.split()[-2:])
    assert (width, height) == (1366 - FRAME.width(), 768 - FRAME.height())  # 1400×900 asked
