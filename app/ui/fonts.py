"""The shipped DejaVu font, registered so a machine without fonts shows no boxes."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.config import resource_path

log = logging.getLogger(__name__)

FAMILY = "DejaVu Sans"
POINT_SIZE = 10


def register_fonts() -> list[str]:
    """Add every TTF of resources/fonts to Qt's database; return the families found."""
    families: list[str] = []
    for path in sorted(resource_path("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Could not register font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def install_app_font(app: QApplication) -> None:
    """Register the shipped fonts and make DejaVu Sans the application font."""
    if FAMILY in register_fonts():
        app.setFont(QFont(FAMILY, POINT_SIZE))
