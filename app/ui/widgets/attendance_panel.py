"""The live-meeting attendance sheet (issue 4): one row per seat with présence, mode, arrival and
departure (« maintenant » buttons), then the proxies. Emits what changed; the dialog saves it at once. A
line in sync conflict has its cells tinted red, the values in their tooltips, and a pouvoir recorded
differently on two laptops says so in red (`mark_conflicts`)."""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import AttendanceMode, AttendanceStatus
from app.domain.meeting_desk import DeskProxy, DeskSeat, MeetingDesk
from app.domain.sync import ConflictInfo
from app.formatting import number
from app.ui.widgets.conflict_badge import RED, RowMarks, conflict_tooltip, entered_twice
from app.ui.widgets.form_fields import select_code

COLUMNS = ("Membre", "Représentant", "Droits", "Présence", "Mode", "Arrivée", "Départ", "")
# Where a line's field in conflict is marked (its other fields and its deletion: its first cell)
ATTENDANCE_CELLS = {"representative_id": 1, "status": 3, "mode": 4, "arrived_at": 5, "left_at": 6}


def hour(moment: object) -> str:
    return moment.strftime("%H h %M") if moment is not None else ""  # type: ignore[attr-defined]


class AttendancePanel(QWidget):
    """Présences and pouvoirs of one séance."""

    status_changed = Signal(object, object, object)  # seat id, AttendanceStatus, AttendanceMode
    arrived = Signal(object)  # seat id: arrives now
    left = Signal(object)  # seat id: leaves now
    proxy_requested = Signal(object, object)  # mandant seat id, mandataire seat id
    representative_changed = Signal(object, object)  # seat id, representative id (a suppléant sits)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seats: tuple[DeskSeat, ...] = ()
        self.desk_proxies: tuple[DeskProxy, ...] = ()
        self.max_proxies = 0
        self._proxy_conflicts: dict[str, list[ConflictInfo]] = {}  # by the pouvoir's row (hex id)
        self._marks = RowMarks("attendance", ATTENDANCE_CELLS, len(COLUMNS) - 1)  # the last is a button
        # a suppléant picked for a seat not yet on the sheet is only saved with its présence: kept here so
        # that a reload (another row saved meanwhile) does not put the titulaire back (issue 4)
        self._picked: dict[uuid.UUID, uuid.UUID | None] = {}
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.grantor = QComboBox(self)
        self.holder = QComboBox(self)
        self.add_proxy = QPushButton(self.tr("Enregistrer le pouvoir"), self)
        self.add_proxy.setToolTip(self.tr("Le mandant donne pouvoir au mandataire (limite de pouvoirs par "
                                          "mandataire vérifiée)"))
        self.proxies = QLabel(self)
        self.proxies.setWordWrap(True)
        self.proxies.setTextFormat(Qt.TextFormat.RichText)
        self._build_layout()
        self.add_proxy.clicked.connect(self._on_add_proxy_clicked)
        now = QShortcut(QKeySequence("Ctrl+M"), self)
        now.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        now.activated.connect(self._on_now_shortcut_activated)

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Pouvoir de"), self))
        bar.addWidget(self.grantor, 1)
        bar.addWidget(QLabel(self.tr("à"), self))
        bar.addWidget(self.holder, 1)
        bar.addWidget(self.add_proxy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("<b>Pouvoirs</b>"), self))
        layout.addLayout(bar)
        layout.addWidget(self.proxies)

    def show_desk(self, desk: MeetingDesk) -> None:
        self.seats = desk.seats
        self._picked = {seat.seat_id: self._picked[seat.seat_id] for seat in desk.seats
                        if seat.status is None and seat.seat_id in self._picked}
        self.table.setRowCount(len(desk.seats))
        for row, seat in enumerate(desk.seats):
            self._fill_row(row, seat)
        self._mark_rows()
        self._fill_proxy_combos(desk)
        self.desk_proxies, self.max_proxies = desk.proxies, desk.max_proxies
        self._show_proxies()

    def _show_proxies(self) -> None:
        """« CAF → État », why one does not count, and a warning on one in sync conflict."""
        lines, tips = [], []
        for proxy in self.desk_proxies:
            line = html.escape(f"{proxy.grantor} → {proxy.holder}")
            if not proxy.counts:
                line += f" <i>({html.escape(proxy.reason)})</i>"
            conflicts = self._proxy_conflicts.get(proxy.proxy_id.hex if proxy.proxy_id else "", [])
            if conflicts:
                line += f" <b style='color:{RED}'>— {html.escape(entered_twice(conflicts))}</b>"
                tips += [f"{proxy.grantor} : {conflict_tooltip(c)}" for c in conflicts]
            lines.append(line)
        self.proxies.setText("<br>".join(lines) if lines else self.tr(
            "Aucun pouvoir. Un membre excusé peut donner pouvoir à un membre présent (au plus %1 par "
            "mandataire).").replace("%1", str(self.max_proxies)))
        self.proxies.setToolTip("\n".join(tips))

    def _fill_row(self, row: int, seat: DeskSeat) -> None:
        texts = (seat.organisation, seat.representative,
                 number(seat.rights) + " %" if seat.has_vote else self.tr("sans voix"))
        for column, text in enumerate(texts):
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.removeCellWidget(row, 1)
        if len(seat.people) > 1:  # titulaire and suppléant(s): say who actually sits
            self.table.setCellWidget(row, 1, self._people_combo(seat))
        self.table.setCellWidget(row, 3, self._status_combo(seat))
        self.table.setCellWidget(row, 4, self._mode_combo(seat))
        self.table.setItem(row, 5, QTableWidgetItem(hour(seat.arrived_at)))
        self.table.setItem(row, 6, QTableWidgetItem(hour(seat.left_at)))
        self.table.setCellWidget(row, 7, self._now_button(seat))

    def mark_conflicts(self, conflicts: Sequence[ConflictInfo]) -> None:
        """Tint the cells of the sheet's lines in sync conflict (two workstations noted a présence
        differently), the values in their tooltips: the quorum is counted on the value shown."""
        self._marks.update(conflicts)
        self._mark_rows()
        self._proxy_conflicts = {}
        for conflict in conflicts:
            if conflict.table == "proxy":
                self._proxy_conflicts.setdefault(conflict.row_id, []).append(conflict)
        self._show_proxies()

    def _mark_rows(self) -> None:
        self._marks.mark(self.table, [s.attendance_id.hex if s.attendance_id else None for s in self.seats])

    def _status_combo(self, seat: DeskSeat) -> QComboBox:
        combo = QComboBox(self.table)
        combo.addItem(self.tr("— à noter —"), None)
        for status in AttendanceStatus:
            combo.addItem(status.label, status)
        select_code(combo, seat.status)
        combo.activated.connect(partial(self._on_row_combo_activated, seat.seat_id))
        return combo

    def _people_combo(self, seat: DeskSeat) -> QComboBox:
        combo = QComboBox(self.table)
        for person in seat.people:
            combo.addItem(person.label, person.id)
        combo.currentTextChanged.connect(combo.setToolTip)  # a narrow column cuts « (suppléant) »
        chosen = self._picked.get(seat.seat_id, seat.representative_id)
        combo.setCurrentIndex(next((i for i, p in enumerate(seat.people) if p.id == chosen), 0))
        combo.setToolTip(combo.currentText())
        combo.activated.connect(partial(self._on_people_combo_activated, seat.seat_id))
        return combo

    def representative_of(self, seat_id: uuid.UUID) -> uuid.UUID | None:
        """The person chosen in the seat's row (the titulaire unless a suppléant was picked)."""
        row = self.row_of(seat_id)
        combo = self.table.cellWidget(row, 1)
        return combo.currentData() if isinstance(combo, QComboBox) else self.seats[row].representative_id

    def _on_people_combo_activated(self, seat_id: uuid.UUID, _index: int) -> None:
        person = self.representative_of(seat_id)
        if self.seats[self.row_of(seat_id)].status is None:
            self._picked[seat_id] = person
        self.representative_changed.emit(seat_id, person)

    def _mode_combo(self, seat: DeskSeat) -> QComboBox:
        combo = QComboBox(self.table)
        for mode in AttendanceMode:
            combo.addItem(mode.label, mode)
        select_code(combo, seat.mode)
        combo.setEnabled(seat.status is AttendanceStatus.PRESENT)
        combo.activated.connect(partial(self._on_row_combo_activated, seat.seat_id))
        return combo

    def _now_button(self, seat: DeskSeat) -> QPushButton:
        leaving = seat.present_now
        button = QPushButton(self.tr("Départ maintenant") if leaving else self.tr("Arrivée maintenant"),
                             self.table)
        button.setToolTip(self.tr("Noter le départ du membre à l'heure actuelle (Ctrl+M)") if leaving
                          else self.tr("Noter le membre présent, arrivé à l'heure actuelle (Ctrl+M)"))
        button.clicked.connect(partial(self.left.emit if leaving else self.arrived.emit, seat.seat_id))
        return button

    def _fill_proxy_combos(self, desk: MeetingDesk) -> None:
        voting = [s for s in desk.seats if s.has_vote]
        for combo, seats in ((self.grantor, [s for s in voting if not s.present_now]),
                             (self.holder, [s for s in voting if s.present_now])):
            combo.clear()
            for seat in seats:
                who = f" ({seat.representative})" if seat.representative else ""  # none named yet
                combo.addItem(f"{seat.organisation}{who}", seat.seat_id)
        self.add_proxy.setEnabled(self.grantor.count() > 0 and self.holder.count() > 0)

    def row_of(self, seat_id: uuid.UUID) -> int:
        return next(i for i, seat in enumerate(self.seats) if seat.seat_id == seat_id)

    def _on_row_combo_activated(self, seat_id: uuid.UUID, _index: int) -> None:
        row = self.row_of(seat_id)
        # QVariant hands str-based enums back as plain str: rebuild the members
        status, mode = self._combo(row, 3).currentData(), self._combo(row, 4).currentData()
        if status is not None:
            self.status_changed.emit(seat_id, AttendanceStatus(status), AttendanceMode(mode))

    def _combo(self, row: int, column: int) -> QComboBox:
        combo = self.table.cellWidget(row, column)
        assert isinstance(combo, QComboBox)
        return combo

    def set_status(self, seat_id: uuid.UUID, status: AttendanceStatus) -> None:
        """As if the user picked `status` in the seat's row (keyboard users and tests)."""
        combo = self._combo(self.row_of(seat_id), 3)
        combo.setCurrentIndex(combo.findData(status))
        combo.activated.emit(combo.currentIndex())

    @Slot()
    def _on_now_shortcut_activated(self) -> None:
        """Ctrl+M: « maintenant » for the selected row (arrival, or departure when present)."""
        row = self.table.currentRow()
        button = self.table.cellWidget(row, 7) if row >= 0 else None
        if isinstance(button, QPushButton):
            button.click()

    @Slot()
    def _on_add_proxy_clicked(self) -> None:
        self.proxy_requested.emit(self.grantor.currentData(), self.holder.currentData())
