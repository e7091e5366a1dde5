"""The shipped SVG icons, drawn in any colour (the sidebar is dark; the icons are drawn dark)."""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.config import resource_path

log = logging.getLogger(__name__)

_STROKE = re.compile(r'(stroke|fill)="#[0-9a-fA-F]{3,6}"')


def svg_icon(name: str, *, colour: str | None = None, size: int = 48) -> QIcon:
    """`resources/icons/<name>.svg` as an icon; `colour` replaces its stroke and fill colours."""
    path = resource_path("icons", f"{name}.svg")
    if not path.is_file():
        log.warning("Icon %s not found", path)
        return QIcon()
    text = path.read_text(encoding="utf-8")
    if colour is not None:
        text = _STROKE.sub(lambda m: f'{m.group(1)}="{colour}"', text)
    renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return QIcon(pixmap)
