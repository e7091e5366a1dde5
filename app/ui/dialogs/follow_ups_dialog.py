"""« Actions de suivi… » (issue 4, relevé de décisions): per point of a séance held, who does what, by when,
and whether it is done. Proposals derived from the vote fill a point until its actions are saved; a
point's changes are saved when another point is chosen, on « Enregistrer » (Ctrl+S) or on « Fermer ».
The point's actions typed and not yet saved are kept every few seconds (DraftKeeper): typed in the
séance, they are offered back if Maillage stops before they are saved."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import db_path, job
from app.domain.errors import DomainError
from app.domain.meeting_editing import FollowUpEntry, FollowUpPoint, FollowUpSheet
from app.domain.progress import Progress
from app.domain.rebase import EditedElsewhereError, merge_rows, take_received
from app.domain.sync import ConflictInfo
from app.services.follow_ups import follow_up_sheet, save_follow_ups
from app.sync.service import rows_conflicts
from app.ui.dialogs.arbitrate_dialog import arbitrate_on_click
from app.ui.dialogs.saving_dialog import ERROR_STYLE
from app.ui.draft_keeper import DraftKeeper
from app.ui.errors import show_error
from app.ui.i18n import FRENCH
from app.ui.tasks import TaskRunner
from app.ui.widgets.conflict_badge import ConflictBadge, RowMarks
from app.ui.widgets.form_fields import is_typing_in
from app.ui.widgets.received_notice import ReceivedNotice, Taken
from app.ui.widgets.screen_fit import fit_to_screen


def _conflicts_job(action_ids: list[str]) -> Callable[[Progress], tuple[ConflictInfo, ...]]:
    def run(_progress: Progress) -> tuple[ConflictInfo, ...]:
        return rows_conflicts(db_path(), "follow_up_action", action_ids)

    return run


NO_DATE = QDate(2000, 1, 1)  # the date editor's minimum, shown as « à fixer »
WHO, WHAT, DUE, DONE = range(4)


def point_text(point: FollowUpPoint) -> str:
    count = len(point.entries)
    actions = f"{count} action{'s' if count > 1 else ''}" if count else "aucune action"
    state = actions if point.stored or not count else f"{actions} proposée{'s' if count > 1 else ''}"
    number = f"{point.decision_number} · " if point.decision_number else ""
    return f"{point.position}. {point.title}\n     {number}{state}"


def _checked(table: QTableWidget, row: int, column: int) -> bool:
    item = table.item(row, column)
    return item is not None and item.checkState() is Qt.CheckState.Checked


class FollowUpsDialog(QDialog):
    """One séance's follow-up actions; `focus` selects a point (e.g. a décision's) at opening."""

    follow_ups_saved = Signal()

    def __init__(self, runner: TaskRunner, meeting_id: uuid.UUID, *, focus: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Actions de suivi"))
        fit_to_screen(self, 1200, 660)
        self._runner, self._meeting_id, self._focus = runner, meeting_id, focus
        self.sheet: FollowUpSheet | None = None
        self.dirty = False
        self._base: tuple[FollowUpEntry, ...] = ()  # the shown point's actions as loaded
        self._closing = False
        self._shown_row = -1
        self.heading = QLabel(self.tr("Chargement…"), self)
        self.points = QListWidget(self)
        self.points.setWordWrap(True)
        self.points.setAlternatingRowColors(True)
        self.points.setMaximumWidth(380)
        self.decision = QLabel(self)
        self.decision.setWordWrap(True)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setStyleSheet("color: #8a5a00")
        self.table = self._make_table()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.buttons = self._make_buttons()
        self.received = ReceivedNotice(self, runner)  # a round changed the actions being edited
        self.badge = ConflictBadge(self)  # actions entered differently on two workstations (issue 3)
        arbitrate_on_click(self.badge, runner, self._on_arbitrated)
        self._marks = RowMarks("follow_up_action", {"who": WHO, "what": WHAT, "due_on": DUE, "done": DONE}, 4)
        self._build_layout()
        self.points.currentRowChanged.connect(self._on_points_current_row_changed)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.received.watch(job(follow_up_sheet, meeting_id), self._take)
        self.drafts = DraftKeeper(self, f"suivi-{meeting_id}", self._draft_state)
        self._draft_offered = False
        self.reload()

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, 4, self)
        table.setHorizontalHeaderLabels([self.tr("Qui"), self.tr("Quoi"), self.tr("Échéance"),
                                         self.tr("Fait")])
        header = table.horizontalHeader()
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(WHO, 170)
        table.setColumnWidth(DUE, 160)
        table.setColumnWidth(DONE, 50)
        table.setWordWrap(True)  # the « quoi » is the point: shown in full, over several lines
        table.verticalHeader().setVisible(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        table.setTabKeyNavigation(True)
        return table

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "add": (self.tr("Ajouter une action"), "Ctrl+N", self.add_action),
            "remove": (self.tr("Supprimer l'action"), "Ctrl+Del", self.remove_action),
            "save": (self.tr("Enregistrer"), "Ctrl+S", self.save_point),
            "close": (self.tr("Fermer"), "Esc", self.reject),
        }
        buttons = {}
        for key, (text, shortcut, slot) in specs.items():
            button = QPushButton(text, self)
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(f"{text} ({shortcut.replace('Del', 'Suppr')})")
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons[key] = button
        return buttons

    def _build_layout(self) -> None:
        right = QVBoxLayout()
        right.addWidget(self.decision)
        right.addWidget(self.state)
        right.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.buttons["add"])
        row.addWidget(self.buttons["remove"])
        row.addStretch(1)
        right.addLayout(row)
        body = QHBoxLayout()
        body.addWidget(self.points, 2)
        body.addLayout(right, 3)
        hint = QLabel(self.tr("Les actions enregistrées remplacent, dans le relevé de décisions, celles "
                              "proposées d'après le vote. Échéance « à fixer » : ramenez la date à sa plus "
                              "petite valeur. Les modifications d'un point sont enregistrées quand vous "
                              "passez à un autre point ou fermez."), self)
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.buttons["save"])
        bottom.addWidget(self.buttons["close"])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.badge)
        layout.addLayout(body, 1)
        layout.addWidget(self.received)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addLayout(bottom)

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self._runner.submit(job(follow_up_sheet, self._meeting_id), owner=self, on_success=self._on_loaded,
                            on_error=self._on_refused)

    def _on_loaded(self, sheet: FollowUpSheet) -> None:
        shown = self.current_point()  # the point the user is on stays shown, wherever it now is
        focus = self._focus or (shown.item_id if shown is not None else None)
        self._focus = None
        self.sheet = sheet
        self.heading.setText(f"<b>{sheet.title}</b>")
        row = self.points.currentRow()
        row = next((i for i, p in enumerate(sheet.points) if p.item_id == focus), row)
        self.points.blockSignals(True)
        self.points.clear()
        for point in sheet.points:
            QListWidgetItem(point_text(point), self.points)
        self.points.setCurrentRow(min(max(row, 0), self.points.count() - 1))
        self.points.blockSignals(False)
        self._shown_row = self.points.currentRow()
        self._show_point(self.current_point())
        self._load_conflicts()
        if not self._draft_offered:
            self._take_draft(sheet)
        if not sheet.points:
            self.decision.setText(self.tr("L'ordre du jour de cette séance est vide : aucune suite à "
                                          "donner."))

    # -- drafts kept against a crash ---------------------------------------------------------------
    def _take_draft(self, sheet: FollowUpSheet) -> None:
        """The actions of a point left unsaved when Maillage stopped, shown again on their point if the
        user wants them; saving them goes over what they were typed on (`base`), so that a change saved
        meanwhile on another workstation is told before it is replaced."""
        self._draft_offered = True
        draft = self.drafts.offer(self.tr("ces actions de suivi"))
        row = -1 if draft is None else next(
            (i for i, point in enumerate(sheet.points) if point.item_id == draft.mine[0]), -1)
        if draft is not None and row >= 0:
            self.points.blockSignals(True)
            self.points.setCurrentRow(row)
            self.points.blockSignals(False)
            self._shown_row = row
            self._show_point(replace(sheet.points[row], entries=draft.mine[1]))
            self._base, self.dirty = draft.base, True
        self.drafts.start()

    def _draft_state(self) -> tuple[Any, Any] | None:
        point, typed = self.current_point(), tuple(self.entries())
        if point is None or not self.dirty or typed == self._base:
            return None
        return self._base, (point.item_id, typed)

    @Slot()
    def _load_conflicts(self, *_args: object) -> None:
        """The conflicts of the stored actions, read in the worker (again after each round and choice)."""
        ids = [row_id for point in self.sheet.points for row_id in point.action_ids] if self.sheet else []
        self._runner.submit(_conflicts_job(ids), owner=self, on_success=self._on_conflicts_loaded)

    def _on_arbitrated(self) -> None:
        """A value kept from the badge: the marks again, and the actions shown unless some are being
        edited (saving them writes the list as the table holds it)."""
        if self.dirty:
            self._load_conflicts()
        else:
            self.reload()

    def _take(self, fresh: FollowUpSheet) -> Taken | None:
        """After a round or an arbitration (the notice follows both, and reads the sheet once): every
        point shown anew, with its conflict marks, unless the shown point's actions are being edited (or a
        cell typed in); then they stay as typed, and if the round changed them too, the notice says so:
        the save merges them by action, and shows an action changed on both sides before replacing it."""
        typed, shown = tuple(self.entries()), self.current_point()
        typing = is_typing_in(self.table)  # a cell's text not yet in the table: redrawn at the next round
        if not typing and (not self.dirty or typed == self._base):
            self._on_loaded(fresh)
            return None
        point = next((p for p in fresh.points if shown and p.item_id == shown.item_id), None)
        theirs = point.entries if point is not None else self._base
        received = take_received({"entries": self._base}, {"entries": typed}, {"entries": theirs},
                                 touched={"entries"} if typing else ())
        label = self.tr("Actions de suivi de ce point")
        if received.both and not typing and point is not None and self._merged(fresh, point, typed):
            return Taken((label,), ())
        self._base = received.base["entries"]
        self._load_conflicts()  # the marks as the round left them (the sheet itself stays as typed)
        return Taken.of((), received.both, lambda _name: label)

    def _merged(self, fresh: FollowUpSheet, point: FollowUpPoint, typed: tuple[FollowUpEntry, ...]) -> bool:
        """The shown point's actions, changed here and there, shown merged by action (merge_rows) and
        the rest of the sheet anew; False when they cannot merge (proposals not stored yet, an action
        changed on both sides): they then stay as typed."""
        if not all(entry.id for entry in self._base):
            return False
        merged, clash = merge_rows(self._base, typed, point.entries, key=lambda entry: entry.id)
        if clash is not None:
            return False
        self._on_loaded(fresh)
        self._show_point(replace(point, entries=merged))
        self._base, self.dirty = point.entries, merged != point.entries  # the user's changes, still to save
        return True

    def _on_conflicts_loaded(self, conflicts: tuple[ConflictInfo, ...]) -> None:
        self._marks.update(conflicts)
        self.badge.set_conflicts(conflicts, owner="meeting")  # « Action de suivi : Qui en conflit »
        conflicted = {conflict.row_id for conflict in conflicts}
        for row, point in enumerate(self.sheet.points if self.sheet else ()):
            if (entry := self.points.item(row)) is not None:
                mark = " ⚠" if conflicted.intersection(point.action_ids) else ""
                entry.setText(point_text(point) + mark)
        self._mark_point()

    def _mark_point(self) -> None:
        """The shown point's actions in conflict, in red (until its rows are edited: then by position)."""
        point = self.current_point()
        self._marks.mark(self.table, point.action_ids if point else ())

    def current_point(self) -> FollowUpPoint | None:
        row = self.points.currentRow()
        points = self.sheet.points if self.sheet is not None else ()
        return points[row] if 0 <= row < len(points) else None

    def _show_point(self, point: FollowUpPoint | None) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for entry in point.entries if point else ():
            self._append(entry)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self.dirty = False
        self._base = tuple(self.entries())  # as shown: what a save leaves alone unless changed here
        self._mark_point()
        for key in ("add", "remove", "save"):
            self.buttons[key].setEnabled(point is not None)
        if point is None:
            return
        self.decision.setText(point.decision_sentence)
        proposed = self.tr("Actions proposées d'après le vote, pas encore enregistrées : le relevé les "
                           "reprend telles quelles tant que vous ne les modifiez pas.")
        none = self.tr("Aucune action pour ce point. « Ajouter une action » (Ctrl+N) pour en prévoir une.")
        self.state.setText(proposed if not point.stored and point.entries else none if not point.entries
                           else "")
        self.state.setVisible(bool(self.state.text()))

    def _append(self, entry: FollowUpEntry) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        who = QTableWidgetItem(entry.who)
        who.setData(Qt.ItemDataRole.UserRole, entry.id)  # the stored action (None: new or proposed)
        self.table.setItem(row, WHO, who)
        self.table.setItem(row, WHAT, QTableWidgetItem(entry.what))
        done = QTableWidgetItem()
        flags = Qt.ItemFlag
        done.setFlags(flags.ItemIsUserCheckable | flags.ItemIsEnabled | flags.ItemIsSelectable)
        done.setCheckState(Qt.CheckState.Checked if entry.done else Qt.CheckState.Unchecked)
        self.table.setItem(row, DONE, done)
        editor = QDateEdit(self.table)
        editor.setLocale(FRENCH)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("ddd d MMM yyyy")
        editor.setMinimumDate(NO_DATE)
        editor.setSpecialValueText(self.tr("à fixer"))
        editor.setDate(QDate(entry.due_on.year, entry.due_on.month, entry.due_on.day) if entry.due_on
                       else NO_DATE)
        editor.dateChanged.connect(self._on_due_date_changed)
        self.table.setCellWidget(row, DUE, editor)
        return row

    # -- editing ---------------------------------------------------------------------------------
    def entries(self) -> list[FollowUpEntry]:
        result = []
        for row in range(self.table.rowCount()):
            editor = self.table.cellWidget(row, DUE)
            assert isinstance(editor, QDateEdit)
            due = None if editor.date() == NO_DATE else editor.date().toPython()
            assert due is None or isinstance(due, date)
            done = _checked(self.table, row, DONE)
            who = self.table.item(row, WHO)
            action_id = who.data(Qt.ItemDataRole.UserRole) if who is not None else None
            result.append(FollowUpEntry(self._text(row, WHO), self._text(row, WHAT), due, done, action_id))
        return result

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    @Slot()
    def add_action(self) -> None:
        if self.current_point() is None:
            return
        row = self._append(FollowUpEntry("", ""))
        self.dirty = True
        self.table.setCurrentCell(row, WHO)
        self.table.setFocus()
        if (cell := self.table.item(row, WHO)) is not None:
            self.table.editItem(cell)

    @Slot()
    def remove_action(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.dirty = True

    @Slot()
    def save_point(self) -> None:
        point = self.current_point()
        if point is None:
            return
        self.message.clear()
        self._runner.submit(self._save_job(point), owner=self,
                            on_success=self._on_saved, on_error=self._on_refused)

    def _save_job(self, point: FollowUpPoint) -> Callable[[Progress], None]:
        """The point's actions as the table holds them, over those it showed (only a change is written)."""
        return job(save_follow_ups, point.item_id, self.entries(), base=self._base)

    def _on_saved(self, _result: object) -> None:
        self.dirty = False
        self.follow_ups_saved.emit()
        if self._closing:
            super().reject()
            return
        self.reload()

    def _on_refused(self, exc: Exception) -> None:
        self._closing = False
        if isinstance(exc, EditedElsewhereError):  # saving again keeps the user's list knowingly
            self._base = tuple(exc.theirs["entries"])
        if not isinstance(exc, DomainError):
            show_error(self, exc)
        self.message.setText(str(exc))

    @Slot()
    def reject(self) -> None:
        """« Fermer » (Échap): saves the current point first when it changed."""
        if self.dirty:
            self._closing = True
            self.save_point()
            return
        super().reject()

    # -- signals ---------------------------------------------------------------------------------
    @Slot(int)
    def _on_points_current_row_changed(self, row: int) -> None:
        previous = self._shown_row
        if self.dirty and self.sheet is not None and 0 <= previous != row:
            point = self.sheet.points[previous]
            self.points.blockSignals(True)
            self.points.setCurrentRow(row)
            self.points.blockSignals(False)
            self._runner.submit(self._save_job(point), owner=self,
                                on_success=self._on_saved, on_error=self._on_switch_refused)
            return
        self._shown_row = row
        self._show_point(self.current_point())

    def _on_switch_refused(self, exc: Exception) -> None:
        self._on_refused(exc)
        self.points.blockSignals(True)
        self.points.setCurrentRow(self._shown_row)  # back to the point whose actions were refused
        self.points.blockSignals(False)

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self.dirty = True

    @Slot(QDate)
    def _on_due_date_changed(self, _date: QDate) -> None:
        self.dirty = True
