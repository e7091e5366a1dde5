"""The few colours that carry meaning in tables (statuses, overload)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.domain.enums import ProjectStatus

ALERT = QColor("#b3261e")
OK = QColor("#1b7a3a")
WARNING = QColor("#b26a00")
MUTED = QColor("#7a7a7a")

_PROJECT = {
    ProjectStatus.RUNNING: OK,
    ProjectStatus.CONTRACTED: OK,
    ProjectStatus.VALIDATED: OK,
    ProjectStatus.SUSPENDED: WARNING,
    ProjectStatus.POSTPONED: WARNING,
    ProjectStatus.REFUSED: MUTED,
    ProjectStatus.ABANDONED: MUTED,
    ProjectStatus.CLOSED: MUTED,
}


def project_status_colour(status: ProjectStatus) -> QColor | None:
    return _PROJECT.get(status)
