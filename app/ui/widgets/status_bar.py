"""The main window's status bar: database, user profile, activity, and a slot for the sync indicator."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QStatusBar, QWidget

from app.domain.settings import UserProfile


class MainStatusBar(QStatusBar):
    """Permanent widgets, left to right: activity, database, profile, sync indicator (filled by sync)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("busy")
        self.db_label = QLabel(self.tr("Aucune base ouverte"), self)
        self.db_label.setObjectName("database")
        self.profile_label = QLabel(self)
        self.profile_label.setObjectName("profile")
        self.sync_slot = QWidget(self)
        self.sync_slot.setObjectName("sync_slot")
        # no spare room for the slot: the base and the profile stay beside the indicator
        self.sync_slot.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self._slot_layout = QHBoxLayout(self.sync_slot)
        self._slot_layout.setContentsMargins(0, 0, 0, 0)
        self.addWidget(self.busy_label)
        self.addPermanentWidget(self.db_label)
        for widget in (self.profile_label, self.sync_slot):
            self.addPermanentWidget(self._separator())
            self.addPermanentWidget(widget)

    def _separator(self) -> QFrame:
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        return line

    def set_database(self, path: Path | None) -> None:
        if path is None:
            self.db_label.setText(self.tr("Aucune base ouverte"))
            self.db_label.setToolTip("")
            return
        self.db_label.setText(self.tr("Base : %1").replace("%1", path.name))
        self.db_label.setToolTip(str(path))

    def set_profile(self, profile: UserProfile | None) -> None:
        if profile is None:
            self.profile_label.setText(self.tr("Profil non renseigné"))
        else:
            self.profile_label.setText(f"{profile.full_name} · {profile.function}")
        self.profile_label.setToolTip("" if profile is None else profile.signature)

    def set_sync_indicator(self, widget: QWidget) -> None:
        """The sync module's indicator: replaces whatever the slot held."""
        while self._slot_layout.count():
            item = self._slot_layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        widget.setParent(self.sync_slot)
        self._slot_layout.addWidget(widget)

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Chargement…") if busy else "")
