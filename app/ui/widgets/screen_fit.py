"""Windows and dialogs sized for the screen they open on: the size asked for, or the screen's free
area on a smaller one. Most of the GIP's laptops show 1366×768: the séance en direct asked for
1400×900, and its vote buttons fell below the bottom of the screen."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = QSize(16, 40)  # what the window manager adds around a window: borders, title bar


def fitted(wanted: QSize, area: QSize) -> QSize:
    """`wanted`, no larger than `area` once the window's frame is counted."""
    return QSize(min(wanted.width(), area.width() - FRAME.width()),
                 min(wanted.height(), area.height() - FRAME.height()))


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to width × height, or to what its screen (the primary one if none yet) has free."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    wanted = QSize(width, height)
    window.resize(fitted(wanted, screen.availableGeometry().size()) if screen is not None else wanted)


def grow_to_content(window: QWidget) -> None:
    """Taller, when wrapped text (a hint, an error under a field) needs more height at the window's
    width than it has: Qt sizes a dialog from its layout's hint, which leaves wrapped labels clipped."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth() else -1
    needed = max(needed, layout.totalMinimumSize().height())
    if needed > window.height():
        screen = window.screen() or QGuiApplication.primaryScreen()
        limit = screen.availableGeometry().height() - FRAME.height() if screen is not None else needed
        window.resize(window.width(), min(needed, limit))
