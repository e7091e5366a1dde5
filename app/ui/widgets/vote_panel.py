"""Vote entry for the current point of a live séance (issue 4): mode, head counts or one ballot per seat,
NPPV named; the result computed by the body's rules is shown before saving. A vote recorded differently on
two laptops (the same row merged by sync) shows in red until it is arbitrated (`mark_conflicts`). A vote
entered wrongly is taken back with « Corriger le vote » while the séance is held, and entered again."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.enums import AgendaItemStatus, BallotChoice, MeetingStatus, VoteMode
from app.domain.errors import DomainError
from app.domain.field_labels import FIELD_LABELS
from app.domain.ids import ballot_row_id
from app.domain.meeting_desk import DeskItem, DeskSeat, MeetingDesk
from app.domain.sync import ConflictInfo
from app.domain.voting import VoteOutcome
from app.services.meeting_live import VOTED_KINDS, VoteCounts, cancel_vote, preview_vote, record_vote
from app.ui.dialogs import confirm
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.conflict_badge import RED, conflict_tooltip, entered_twice

COUNTS, BALLOTS = 0, 1


@dataclass(frozen=True)
class VoteInput:
    ballots: dict[uuid.UUID, BallotChoice] | None = None
    counts: VoteCounts | None = None
    nppv: tuple[uuid.UUID, ...] = ()


class VotePanel(QWidget):
    """The point being dealt with, its vote, « Point précédent » / « Point suivant »."""

    vote_saved = Signal()
    moved = Signal(int)  # -1 previous, +1 next

    def __init__(self, runner: TaskRunner, clock: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._clock = runner, clock
        self.item: DeskItem | None = None
        self.voters: list[DeskSeat] = []
        self._seats: tuple[DeskSeat, ...] = ()
        self.outcome: VoteOutcome | None = None
        self.conflicts: tuple[ConflictInfo, ...] = ()  # of the séance's votes (mark_conflicts)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.mode = QComboBox(self)
        for mode in VoteMode:
            self.mode.addItem(mode.label, mode)
        self.entry = QComboBox(self)
        self.entry.addItems([self.tr("Décompte des voix"), self.tr("Bulletins nominatifs (un par membre)")])
        self.counts = [QSpinBox(self) for _ in range(3)]
        self.nppv = QListWidget(self)
        self.ballots = QTableWidget(0, 2, self)
        self.ballots.setHorizontalHeaderLabels([self.tr("Membre"), self.tr("Vote")])
        self.ballots.horizontalHeader().setStretchLastSection(True)
        self.ballots.verticalHeader().setVisible(False)
        self.stack = QStackedWidget(self)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.save_button = self._button(self.tr("Enregistrer le vote"), "Ctrl+Return",
                                        self.tr("Enregistrer le vote et son résultat (Ctrl+Entrée)"),
                                        self._on_save_button_clicked)
        self.previous_button = self._button(self.tr("Point précédent"), "Alt+Left",
                                            self.tr("Revenir au point précédent (Alt+←)"),
                                            self._on_previous_button_clicked)
        self.next_button = self._button(self.tr("Point suivant"), "Alt+Right",
                                        self.tr("Passer au point suivant (Alt+→)"),
                                        self._on_next_button_clicked)
        self.correct_button = self._button(self.tr("Corriger le vote"), "Ctrl+Backspace", self.tr(
            "Effacer le vote enregistré sur ce point pour le saisir de nouveau, tant que la séance est "
            "tenue (Ctrl+Effacement)"), self._on_correct_button_clicked)
        self._held = False  # the séance is held: a recorded vote may still be corrected
        self._build_layout()
        self._connect()

    def _button(self, text: str, key: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setShortcut(QKeySequence(key))
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build_layout(self) -> None:
        counts_page = QWidget(self)
        form = QFormLayout(counts_page)
        for label, spin in zip((self.tr("Pour"), self.tr("Contre"), self.tr("Abstentions")), self.counts,
                               strict=True):
            form.addRow(label, spin)
        form.addRow(self.tr("Ne prennent pas part au vote"), self.nppv)
        self.stack.addWidget(counts_page)
        self.stack.addWidget(self.ballots)
        top = QFormLayout()
        top.addRow(self.tr("Mode de scrutin"), self.mode)
        top.addRow(self.tr("Saisie"), self.entry)
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addStretch(1)
        nav.addWidget(self.correct_button)
        nav.addWidget(self.save_button)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.result)
        layout.addLayout(nav)

    def _connect(self) -> None:
        self.entry.currentIndexChanged.connect(self._on_entry_current_index_changed)
        for spin in self.counts:
            spin.valueChanged.connect(self._on_input_changed)
        self.nppv.itemChanged.connect(self._on_input_changed)

    # -- showing a point -------------------------------------------------------------------------
    def show_item(self, desk: MeetingDesk, index: int) -> None:
        """The point's vote. Shown again (a presence noted, a round), the same point keeps what was being
        entered and not yet recorded: its counts, NPPV and ballots (checked anew against the voters)."""
        item = desk.items[index] if 0 <= index < len(desk.items) else None
        kept = self._typed() if item is not None and self.item is not None and item.id == self.item.id \
            else None
        self.item = item
        self._held = desk.status is MeetingStatus.HELD
        self._seats = desk.seats  # whose ballots may be in conflict
        represented = {p.grantor_id for p in desk.proxies if p.counts}
        self.voters = [s for s in desk.seats if s.has_vote and (s.present_now or s.seat_id in represented)]
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(desk.items) - 1)
        self._show_heading(desk, index)
        self._fill_voters()
        self.entry.setCurrentIndex(BALLOTS if desk.weighted and self.voting_open() else COUNTS)
        if kept is not None and self.voting_open():
            self._restore(kept)
        self._on_input_changed()

    def _typed(self) -> VoteInput | None:
        """What is being entered on the open vote, None when it is still as first shown (nothing typed)."""
        if not self.voting_open():
            return None
        entered = self.vote_input()
        if entered.counts is not None:
            untouched = entered.counts == VoteCounts(len(self.voters)) and not entered.nppv
        else:
            untouched = all(choice is BallotChoice.FOR for choice in (entered.ballots or {}).values())
        return None if untouched else entered

    def _restore(self, entered: VoteInput) -> None:
        """Put back what was being entered, for the voters who still vote."""
        rows = {seat.seat_id: row for row, seat in enumerate(self.voters)}
        if entered.counts is not None:
            typed = entered.counts
            for spin, count in zip(self.counts, (typed.votes_for, typed.votes_against, typed.abstentions),
                                   strict=True):
                spin.blockSignals(True)
                spin.setValue(count)
                spin.blockSignals(False)
            for seat_id in entered.nppv:
                if seat_id in rows:
                    self.nppv.item(rows[seat_id]).setCheckState(Qt.CheckState.Checked)
        for seat_id, choice in (entered.ballots or {}).items():
            combo = self.ballots.cellWidget(rows[seat_id], 1) if seat_id in rows else None
            if isinstance(combo, QComboBox):
                combo.blockSignals(True)
                combo.setCurrentIndex(combo.findData(choice))
                combo.blockSignals(False)

    def _show_heading(self, desk: MeetingDesk, index: int) -> None:
        item = self.item
        if item is None:
            self.heading.setText(self.tr("L'ordre du jour est vide."))
            return
        number = f" · <b>{item.decision_number}</b>" if item.decision_number else ""
        rapporteur = f" · {item.rapporteur}" if item.rapporteur else ""
        self.heading.setText(f"<h3>{self.tr('Point')} {item.position} / {len(desk.items)} — {item.title}"
                             f"</h3>{item.kind.label}{number}{rapporteur}")

    def _fill_voters(self) -> None:
        self.nppv.blockSignals(True)
        self.nppv.clear()
        self.ballots.setRowCount(len(self.voters))
        for row, seat in enumerate(self.voters):
            entry = QListWidgetItem(seat.organisation, self.nppv)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.ballots.setItem(row, 0, QTableWidgetItem(seat.organisation))
            combo = QComboBox(self.ballots)
            for choice in BallotChoice:
                combo.addItem(choice.label, choice)
            combo.currentIndexChanged.connect(self._on_input_changed)
            self.ballots.setCellWidget(row, 1, combo)
        self.nppv.blockSignals(False)
        for spin in self.counts:
            spin.blockSignals(True)
            spin.setRange(0, len(self.voters))
            spin.setValue(0)
            spin.blockSignals(False)
        self.counts[0].setValue(len(self.voters))

    def voting_open(self) -> bool:
        item = self.item
        return (item is not None and item.kind in VOTED_KINDS and not item.vote_text
                and item.status is AgendaItemStatus.PENDING)

    # -- preview and save ------------------------------------------------------------------------
    def vote_input(self) -> VoteInput:
        """What the user entered: ballots per seat, or head counts with the NPPV members named."""
        if self.entry.currentIndex() == BALLOTS:
            choices = {}
            for row, seat in enumerate(self.voters):
                combo = self.ballots.cellWidget(row, 1)
                assert isinstance(combo, QComboBox)
                choices[seat.seat_id] = BallotChoice(combo.currentData())  # QVariant returns the str value
            return VoteInput(ballots=choices)
        nppv = tuple(seat.seat_id for row, seat in enumerate(self.voters)
                     if self.nppv.item(row).checkState() is Qt.CheckState.Checked)
        votes_for, against, abstentions = (spin.value() for spin in self.counts)
        return VoteInput(counts=VoteCounts(votes_for, against, abstentions), nppv=nppv)

    @Slot()
    def _on_input_changed(self, *_args: object) -> None:
        self.outcome = None
        open_ = self.voting_open()
        self.save_button.setEnabled(False)
        self.correct_button.setVisible(bool(self.item and self.item.vote_text) and self._held)
        for widget in (self.mode, self.entry, self.stack):
            widget.setEnabled(open_)
        if not open_:
            self._show_recorded()
            return
        self.result.setStyleSheet("")
        self.result.setToolTip("")
        assert self.item is not None
        entered = self.vote_input()
        self._runner.submit(job(preview_vote, self.item.id, at=self._clock(), ballots=entered.ballots,
                                counts=entered.counts, nppv=entered.nppv),
                            owner=self, on_success=self._on_preview, on_error=self._on_preview_refused)

    def mark_conflicts(self, conflicts: Sequence[ConflictInfo]) -> None:
        """The séance's conflicts (its form's): those of the recorded vote shown, and of its ballots, are
        marked on its line."""
        self.conflicts = tuple(c for c in conflicts if c.table in ("vote", "ballot"))
        if not self.voting_open():
            self._show_recorded()

    def _show_recorded(self) -> None:
        """The vote recorded on this point, in red with the values in its tooltip when two laptops recorded
        it differently; or why there is none."""
        item = self.item
        if item is None or not item.vote_text:  # no point: the heading says the agenda is empty
            self.result.setText(self.tr("Ce point n'est pas soumis au vote.") if item else "")
            self.result.setStyleSheet("")
            self.result.setToolTip("")
            return
        text = self.tr("Vote enregistré : %1").replace("%1", item.vote_text)
        self._show_counts(item.vote_counts)
        order = list(FIELD_LABELS["vote"])  # « Voix pour, Voix contre », as on the form
        vote = item.vote_id.hex if item.vote_id else ""
        ballots = {ballot_row_id(item.vote_id, seat.seat_id).hex: self.tr("bulletin « %1 »").replace(
            "%1", seat.organisation) for seat in self._seats} if item.vote_id else {}
        mine = sorted((c for c in self.conflicts if c.row_id == vote or c.row_id in ballots),
                      key=lambda c: (c.table, order.index(c.column) if c.column in order else len(order)))
        if mine:
            text += f" — {entered_twice(mine, ballots)}" + self.tr(", avant d'établir la délibération")
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {RED}; font-weight: 600;" if mine else "")
        self.result.setToolTip("\n".join(conflict_tooltip(c) for c in mine))

    def _show_counts(self, counts: tuple[int, ...]) -> None:
        """The recorded head counts in the (disabled) boxes, rather than the current voters'."""
        for spin, count in zip(self.counts, counts, strict=False):
            spin.blockSignals(True)
            spin.setMaximum(max(spin.maximum(), count))
            spin.setValue(count)
            spin.blockSignals(False)

    def _on_preview(self, outcome: VoteOutcome) -> None:
        self.outcome = outcome
        colour = "#1b5e20" if outcome.adopted else "#b3261e"
        self.result.setText(f"<b style='color:{colour}'>{outcome.result.label}</b><br>{outcome.sentence}")
        self.save_button.setEnabled(True)

    def _on_preview_refused(self, exc: Exception) -> None:
        if not isinstance(exc, DomainError):
            show_error(self, exc)
        self.result.setText(f"<span style='color:#b3261e'>{exc}</span>")

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if self.item is None or self.outcome is None:
            return
        item_id: uuid.UUID = self.item.id
        mode = VoteMode(self.mode.currentData())
        entered = self.vote_input()
        self._runner.submit(job(record_vote, item_id, at=self._clock(), mode=mode, ballots=entered.ballots,
                                counts=entered.counts, nppv=entered.nppv),
                            owner=self, on_success=self._on_saved)

    def _on_saved(self, _outcome: object) -> None:
        self.vote_saved.emit()

    @Slot()
    def _on_correct_button_clicked(self) -> None:
        item = self.item
        if item is None or not item.vote_text or not self._held:
            return
        number = f" ({item.decision_number})" if item.decision_number else ""
        question = self.tr("Effacer le vote enregistré sur « %1 »%2 pour le saisir de nouveau ?\n\n%3\n\n"
                           "Le point redevient « à traiter » et sa décision un projet.").replace(
            "%1", item.title).replace("%2", number).replace("%3", item.vote_text)
        if confirm.ask(self, self.tr("Corriger le vote"), question):
            self._runner.submit(job(cancel_vote, item.id), owner=self, on_success=self._on_saved,
                                on_error=self._on_preview_refused)

    @Slot()
    def _on_previous_button_clicked(self) -> None:
        self.moved.emit(-1)

    @Slot()
    def _on_next_button_clicked(self) -> None:
        self.moved.emit(1)

    @Slot(int)
    def _on_entry_current_index_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self._on_input_changed()
