"""The agenda editor (issue 4): the points of one séance, add / edit / move / withdraw, every change saved
at once through the runner; the services' refusals are shown in French under the list. Withdrawing asks
first, and a point withdrawn by mistake is put back with « Réinscrire »."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.enums import AgendaItemStatus
from app.domain.errors import DomainError
from app.domain.meeting_desk import Choice, DeskItem, MeetingDesk
from app.services.meeting_desk import meeting_desk, project_choices
from app.services.meeting_operations import EDITABLE, reinstate_item, reorder_items, withdraw_item
from app.ui.dialogs import confirm
from app.ui.dialogs.agenda_item_dialog import AgendaItemDialog
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_conflicts import follow_sync
from app.ui.widgets.screen_fit import fit_to_screen

ID_ROLE = Qt.ItemDataRole.UserRole


def item_text(item: DeskItem) -> str:
    """"4. Budget primitif 2027 — Pour délibération · 2026-CA-009 · Retiré"."""
    parts = [item.kind.label]
    parts += [item.decision_number] if item.decision_number else []
    parts += [item.status.label] if item.status is not AgendaItemStatus.PENDING else []
    count = len(item.project_ids)
    parts += [f"{count} projet lié" if count == 1 else f"{count} projets liés"] if count else []
    return f"{item.position}. {item.title}\n     {' · '.join(parts)}"


class AgendaDialog(QDialog):
    """« Ordre du jour » of one séance."""

    agenda_changed = Signal()

    def __init__(self, runner: TaskRunner, meeting_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ordre du jour"))
        fit_to_screen(self, 820, 560)
        self._runner, self._meeting_id = runner, meeting_id
        self.desk: MeetingDesk | None = None
        self.projects: list[Choice] = []
        self.item_dialog: AgendaItemDialog | None = None
        self.heading = QLabel(self.tr("Chargement…"), self)
        self.heading.setObjectName("heading")
        self.points = QListWidget(self)
        self.points.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.points.setAlternatingRowColors(True)
        self.points.setWordWrap(True)
        self.points.setSpacing(2)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        self._buttons = self._make_buttons()
        self._build_layout()
        self.points.currentRowChanged.connect(self._on_points_current_row_changed)
        self.points.itemActivated.connect(self._on_points_item_activated)
        self.points.model().rowsMoved.connect(self._on_points_rows_moved)
        follow_sync(self, self.reload)  # a point added, moved or retitled on another workstation shows
        self.reload()

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "add": (self.tr("Ajouter un point…"), "Ctrl+N", self.tr("Ajouter un point avant « Questions "
                                                                     "diverses » (Ctrl+N)"), self.add_point),
            "edit": (self.tr("Modifier…"), "F2", self.tr("Modifier le point sélectionné (F2 ou Entrée)"),
                     self.edit_point),
            "up": (self.tr("Monter"), "Ctrl+Up", self.tr("Monter le point d'un rang (Ctrl+↑)"),
                   partial(self.move_point, -1)),
            "down": (self.tr("Descendre"), "Ctrl+Down", self.tr("Descendre le point d'un rang (Ctrl+↓)"),
                     partial(self.move_point, 1)),
            "withdraw": (self.tr("Retirer"), "Del", self.tr("Retirer le point de l'ordre du jour (Suppr) : "
                                                            "son numéro de décision n'est jamais réattribué"),
                         self.withdraw_point),
            "reinstate": (self.tr("Réinscrire"), "Ctrl+R", self.tr(
                "Remettre à l'ordre du jour le point retiré par erreur (Ctrl+R), à sa place et avec son "
                "numéro de décision"), self.reinstate_point),
        }
        buttons = {}
        for key, (text, shortcut, tip, slot) in specs.items():
            button = QPushButton(text, self)
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons[key] = button
        return buttons

    def _build_layout(self) -> None:
        side = QVBoxLayout()
        for button in self._buttons.values():
            side.addWidget(button)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.points, 1)
        body.addLayout(side)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Fermer"))
        close.rejected.connect(self.reject)
        hint = QLabel(self.tr("Chaque modification est enregistrée immédiatement. Glissez-déposez les points "
                              "ou utilisez Ctrl+↑ / Ctrl+↓ pour les réordonner."), self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addWidget(close)

    # -- loading -----------------------------------------------------------------------------------
    @Slot()
    def reload(self, *_args: object) -> None:
        self._runner.submit(job(meeting_desk, self._meeting_id), owner=self, on_success=self._on_desk_loaded,
                            on_error=self.show_refusal)
        if not self.projects:
            self._runner.submit(job(project_choices), owner=self, on_success=self._on_projects_loaded)

    def _on_projects_loaded(self, projects: list[Choice]) -> None:
        self.projects = projects

    def _on_desk_loaded(self, desk: MeetingDesk) -> None:
        row, shown = self.points.currentRow(), self.current_item()  # before: the point the user chose
        self.desk = desk
        self.heading.setText(f"<b>{desk.title}</b> — {desk.status.label}")
        self.points.blockSignals(True)
        self.points.clear()
        for item in desk.items:
            entry = QListWidgetItem(item_text(item), self.points)
            entry.setData(ID_ROLE, item.id)
            if item.status is AgendaItemStatus.WITHDRAWN:
                entry.setForeground(Qt.GlobalColor.gray)
        self.points.blockSignals(False)
        ids = [item.id for item in desk.items]  # the same point stays selected, wherever it now is
        row = ids.index(shown.id) if shown is not None and shown.id in ids else row
        self.points.setCurrentRow(min(max(row, 0), self.points.count() - 1))
        self._update_buttons()

    def item_ids(self) -> list[uuid.UUID]:
        return [self.points.item(row).data(ID_ROLE) for row in range(self.points.count())]

    def current_item(self) -> DeskItem | None:
        row = self.points.currentRow()
        return self.desk.items[row] if self.desk is not None and 0 <= row < len(self.desk.items) else None

    def _update_buttons(self) -> None:
        editable = self.desk is not None and self.desk.status in EDITABLE
        item = self.current_item()
        live = item is not None and item.status is not AgendaItemStatus.WITHDRAWN
        self._buttons["add"].setEnabled(editable)
        for key in ("edit", "withdraw", "up", "down"):
            self._buttons[key].setEnabled(editable and live)
        self._buttons["reinstate"].setEnabled(editable and item is not None and not live)
        self.points.setDragEnabled(editable)

    # -- edits -------------------------------------------------------------------------------------
    @Slot()
    def add_point(self) -> None:
        self._open_item_dialog(None)

    @Slot()
    def edit_point(self) -> None:
        item = self.current_item()
        if item is not None:
            self._open_item_dialog(item)

    def _open_item_dialog(self, item: DeskItem | None) -> None:
        """The point's form saves it itself, and stays open on a refusal with what was typed."""
        self.item_dialog = AgendaItemDialog(self._runner, self._meeting_id, self.projects, item, self)
        self.item_dialog.saved.connect(self._on_saved)
        self.item_dialog.open()

    def move_point(self, step: int) -> None:
        row = self.points.currentRow()
        ids = self.item_ids()
        if not 0 <= row + step < len(ids) or row < 0:
            return
        ids[row], ids[row + step] = ids[row + step], ids[row]
        self.points.setCurrentRow(row + step)
        self._reorder(ids)

    @Slot()
    def withdraw_point(self) -> None:
        item = self.current_item()
        if item is None or item.status is AgendaItemStatus.WITHDRAWN:
            return
        number = self.tr(" Sa décision n° %1 est retirée avec lui ; ce numéro ne sera donné à aucune "
                         "autre.").replace("%1", item.decision_number) if item.decision_number else ""
        question = self.tr("Retirer le point « %1 » de l'ordre du jour ?%2\n\n« Réinscrire » l'y remet si "
                           "c'est une erreur.").replace("%1", item.title).replace("%2", number)
        if confirm.ask(self, self.tr("Retirer le point"), question):
            self._submit(job(withdraw_item, item.id))

    @Slot()
    def reinstate_point(self) -> None:
        item = self.current_item()
        if item is not None and item.status is AgendaItemStatus.WITHDRAWN:
            self._submit(job(reinstate_item, item.id))

    def _reorder(self, ids: Sequence[uuid.UUID]) -> None:
        self._submit(job(reorder_items, self._meeting_id, list(ids)))

    def _submit(self, fn: object) -> None:
        self.message.clear()
        self._runner.submit(fn, owner=self, on_success=self._on_saved,  # type: ignore[arg-type]
                            on_error=self._on_refused)

    def _on_saved(self, _result: object) -> None:
        self.agenda_changed.emit()
        self.reload()

    def _on_refused(self, exc: Exception) -> None:
        self.show_refusal(exc)
        self.reload()  # a refused drag puts the points back where they were

    def show_refusal(self, exc: Exception) -> None:
        if not isinstance(exc, DomainError):
            show_error(self, exc)
            return
        self.message.setText(str(exc))

    # -- signals -----------------------------------------------------------------------------------
    @Slot(int)
    def _on_points_current_row_changed(self, _row: int) -> None:
        self._update_buttons()

    @Slot(QListWidgetItem)
    def _on_points_item_activated(self, _item: QListWidgetItem) -> None:
        self.edit_point()

    @Slot(QModelIndex, int, int, QModelIndex, int)
    def _on_points_rows_moved(self, *_args: object) -> None:
        self._reorder(self.item_ids())
