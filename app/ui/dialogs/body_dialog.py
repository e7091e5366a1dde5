"""« Modifier l'instance… » (issue 4): the rules of the convention constitutive (quorum, second
convocation, abstentions, voix prépondérante, delays, proxies, weighted votes, reminder), the majority
per matter, and the seats with their representatives (SeatsEditor)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.body_editing import BodyForm, BodyRules, SeatForm, as_edited, every_matter, merge_seats
from app.domain.enums import MajorityKind, MatterKind, QuorumBasis
from app.domain.field_labels import field_label
from app.domain.progress import Progress
from app.domain.quorum import fraction_text, threshold_from_decimal
from app.domain.rebase import take_received
from app.services.body_editing import PART_LABELS, body_form, save_body
from app.ui.dialogs.new_organisation_dialog import NewOrganisationDialog
from app.ui.dialogs.saving_dialog import SavingDialog
from app.ui.draft_keeper import DraftKeeper
from app.ui.i18n import FRENCH
from app.ui.tasks import TaskRunner
from app.ui.widgets.conflict_badge import RowMarks
from app.ui.widgets.form_conflicts import FormConflicts
from app.ui.widgets.form_fields import CountSpinBox, is_typing_in, select_code
from app.ui.widgets.received_notice import Taken
from app.ui.widgets.screen_fit import fit_to_screen
from app.ui.widgets.seats_editor import SeatsEditor


class BodyDialog(SavingDialog):
    """Loads `body_form`, saves through `save_body`; the service's refusals show above the buttons."""

    watch_received = True

    def __init__(self, runner: TaskRunner, body_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._body_id = body_id
        self.form: BodyForm | None = None
        self._base: tuple[BodyRules, tuple[SeatForm, ...]] | None = None  # what a save leaves alone
        self._majority_marks = RowMarks("majority_rule", {"majority": 1}, 2)  # a rule's row: its matter's
        self.setWindowTitle(self.tr("Modifier l'instance"))
        fit_to_screen(self, 1100, 780)
        self.heading = QLabel(self.tr("Chargement…"), self)
        self.lock_note = QLabel(self)  # a séance of the body is open: said on opening, before any save
        self.lock_note.setWordWrap(True)
        self.lock_note.setStyleSheet("color: #8a5a00; font-weight: 600")
        self.lock_note.hide()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._rules_tab(), self.tr("Règles"))
        self.tabs.addTab(self._majorities_tab(), self.tr("Majorités par matière"))
        self.seats = SeatsEditor(self)
        self.tabs.addTab(self.seats, self.tr("Sièges et représentants"))
        self.form_conflicts = FormConflicts(self, runner, "body", body_id, self._rule_fields())
        self.form_conflicts.loaded.connect(self.seats.mark_conflicts)
        self.seats.organisation_wanted.connect(self._on_seats_organisation_wanted)
        self.organisation_dialog: NewOrganisationDialog | None = None
        self.form_conflicts.loaded.connect(self._majority_marks.update)
        self.form_conflicts.loaded.connect(self._mark_majorities)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.form_conflicts.badge)
        layout.addWidget(self.lock_note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.received)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.weighted_votes.toggled.connect(self.seats.set_weighted)
        self.quorum_threshold.valueChanged.connect(self._on_quorum_threshold_value_changed)
        self.quorum_basis.currentIndexChanged.connect(self._on_quorum_basis_changed)
        self.form_conflicts.reload()
        self.drafts = DraftKeeper(self, f"instance-{body_id}", self._draft_state)
        self.load(job(body_form, body_id), self._on_form_loaded)

    def _rule_fields(self) -> dict[str, QWidget]:
        """The rules tab's fields by column of `body` (their sync conflicts are marked on them)."""
        return {"name": self.name, "quorum_basis": self.quorum_basis,
                "quorum_threshold": self.quorum_threshold, "quorum_on_second_convocation": self.quorum_waived,
                "abstentions_counted": self.abstentions_counted, "casting_vote": self.casting_vote,
                "weighted_votes": self.weighted_votes, "convocation_days": self.convocation_days,
                "urgent_convocation_days": self.urgent_convocation_days, "max_proxies": self.max_proxies,
                "rules_text": self.rules_text}

    def _rules_tab(self) -> QWidget:
        tab = QWidget(self)
        self.name = QLineEdit(tab)
        self.code = QLabel(tab)
        self.code.setWordWrap(True)
        self.quorum_basis = QComboBox(tab)
        for basis in QuorumBasis:
            self.quorum_basis.addItem(basis.label, basis.value)
        self.quorum_threshold = QDoubleSpinBox(tab)
        self.quorum_threshold.setLocale(FRENCH)
        self.quorum_threshold.setRange(0.01, 100)
        self.quorum_threshold.setDecimals(2)
        self.quorum_threshold.setSuffix("\u00a0%")
        self.threshold_words = QLabel(tab)
        self._make_rule_boxes(tab)
        self.convocation_days = CountSpinBox(self.tr(" jour avant la séance"),
                                             self.tr(" jours avant la séance"), 90, tab)
        self.urgent_convocation_days = CountSpinBox(self.tr(" jour en cas d'urgence"),
                                                    self.tr(" jours en cas d'urgence"), 90, tab)
        self.max_proxies = CountSpinBox(self.tr(" pouvoir au plus par mandataire"),
                                        self.tr(" pouvoirs au plus par mandataire"), 10, tab)
        self.rules_text = QPlainTextEdit(tab)
        self.rules_text.setTabChangesFocus(True)
        self.rules_text.setPlaceholderText(self.tr("Rappel du quorum imprimé sur les convocations "
                                                   "(facultatif : à défaut, il est rédigé d'après les règles "
                                                   "ci-dessus)"))
        form = QFormLayout(tab)
        form.addRow(self.tr("Nom"), self.name)
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Quorum calculé sur"), self.quorum_basis)
        form.addRow(self.tr("Seuil du quorum"), self.quorum_threshold)
        form.addRow("", self.threshold_words)
        for box in (self.quorum_waived, self.abstentions_counted, self.casting_vote, self.weighted_votes):
            form.addRow("", box)
        form.addRow(self.tr("Délai de convocation"), self.convocation_days)
        form.addRow(self.tr("Délai d'urgence"), self.urgent_convocation_days)
        form.addRow(self.tr("Pouvoirs"), self.max_proxies)
        form.addRow(self.tr("Rappel sur les convocations"), self.rules_text)
        return tab

    def _make_rule_boxes(self, tab: QWidget) -> None:
        self.quorum_waived = QCheckBox(self.tr("Sur seconde convocation, l'instance délibère sans quorum"),
                                       tab)
        self.abstentions_counted = QCheckBox(self.tr("Les abstentions comptent comme suffrages exprimés"),
                                             tab)
        self.casting_vote = QCheckBox(self.tr("Voix prépondérante du président en cas de partage"), tab)
        self.weighted_votes = QCheckBox(self.tr("Votes pondérés par les droits statutaires (leur total doit "
                                                "faire 100 %)"), tab)

    def _majorities_tab(self) -> QWidget:
        tab = QWidget(self)
        self.majorities = QTableWidget(len(MatterKind), 2, tab)
        self.majorities.setHorizontalHeaderLabels([self.tr("Matière"), self.tr("Majorité requise")])
        self.majorities.verticalHeader().setVisible(False)
        self.majorities.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.majorities.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, matter in enumerate(MatterKind):
            label = QTableWidgetItem(matter.label)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)  # the matters are fixed: only the majority changes
            self.majorities.setItem(row, 0, label)
            combo = QComboBox(self.majorities)
            for majority in MajorityKind:
                combo.addItem(majority.label, majority.value)
            self.majorities.setCellWidget(row, 1, combo)
        hint = QLabel(self.tr("La majorité simple s'applique aux matières sans règle particulière. Les "
                              "abstentions sont comptées ou non selon l'onglet « Règles »."), tab)
        hint.setWordWrap(True)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.majorities, 1)
        layout.addWidget(hint)
        return tab

    def _mark_majorities(self) -> None:
        """A majority rule in conflict: its matter's row is red, the values in its tooltip (the form's
        rule ids, once loaded, say which matter a conflicted rule is)."""
        rule_of = {matter: rule for rule, matter in self.form.majority_rules} if self.form else {}
        self._majority_marks.mark(self.majorities, [rule_of.get(matter) for matter in MatterKind])

    def _majority_combo(self, row: int) -> QComboBox:
        combo = self.majorities.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        return combo

    # -- loading ---------------------------------------------------------------------------------
    def _on_form_loaded(self, form: BodyForm) -> None:
        first = self.form is None
        self.form = form
        self.heading.setText(f"<b>{form.rules.name} ({form.code})</b> · {form.kind.label}")
        year = str(date.today().year)
        self.code.setText(self.tr("%1 — il entre dans les numéros de décision (%2-%1-001) : il ne se "
                                  "modifie pas.").replace("%1", form.code).replace("%2", year))
        self._show_form(form.rules, form.seats)
        self._lock_while_open(form.open_meeting)
        self._base = (self.rules(), tuple(self.seats.seats()))  # as the form sends them, untouched
        if first:
            self._take_draft(form)

    def _show_form(self, rules: BodyRules, seats: Sequence[SeatForm]) -> None:
        assert self.form is not None
        self._fill_rules(rules)
        self.seats.set_seats(seats, self.form.organisations)
        self.seats.set_weighted(rules.weighted_votes)

    # -- drafts kept against a crash ---------------------------------------------------------------
    def _take_draft(self, form: BodyForm) -> None:
        """Rules and seats left unsaved when Maillage stopped: shown again if the user wants them, with
        what was saved since (another workstation's seat, say) merged in as after a round."""
        draft = self.drafts.offer(self.tr("cette instance"))
        if draft is not None:
            self._show_form(*draft.mine)
            self._base = draft.base
            self.received.tell(self.take_received(form))
        self.drafts.start()

    def _draft_state(self) -> tuple[Any, Any] | None:
        if self._base is None or not self.is_modified():
            return None
        return self._base, (self.rules(), tuple(self.seats.seats()))

    def _fill_rules(self, rules: BodyRules) -> None:
        """Show these rules (a widget already showing its value is left as it is)."""
        if self.name.text() != rules.name:
            self.name.setText(rules.name)
        select_code(self.quorum_basis, rules.quorum_basis)
        self.quorum_threshold.setValue(float(rules.quorum_threshold * 100))
        self.quorum_waived.setChecked(not rules.quorum_on_second_convocation)
        self.abstentions_counted.setChecked(rules.abstentions_counted)
        self.casting_vote.setChecked(rules.casting_vote)
        self.weighted_votes.setChecked(rules.weighted_votes)
        self.convocation_days.setValue(rules.convocation_days)
        self.urgent_convocation_days.setValue(rules.urgent_convocation_days)
        self.max_proxies.setValue(rules.max_proxies)
        if self.rules_text.toPlainText() != rules.rules_text:
            self.rules_text.setPlainText(rules.rules_text)
        chosen = dict(rules.majorities)
        for row, matter in enumerate(MatterKind):
            select_code(self._majority_combo(row), chosen.get(matter, MajorityKind.SIMPLE))
        self._on_quorum_threshold_value_changed(self.quorum_threshold.value())
        self._mark_majorities()

    def _lock_while_open(self, meeting: str) -> None:
        """While a séance is open its quorum and votes depend on the rules and seats: only the
        representatives stay editable (the service refuses the rest with the same reason)."""
        self.lock_note.setVisible(bool(meeting))
        if not meeting:
            return
        self.lock_note.setText(self.tr(
            "La %1 est ouverte : les règles, les majorités et les sièges sont figés jusqu'à sa clôture, "
            "car le quorum et les votes en cours en dépendent. Vous pouvez mettre à jour les représentants.")
            .replace("%1", meeting))
        for tab in (self.tabs.widget(0), self.tabs.widget(1)):  # rules, majorities
            if tab is not None:
                tab.setEnabled(False)
        self.seats.set_locked(True)
        self.tabs.setCurrentWidget(self.seats)

    # -- reading ---------------------------------------------------------------------------------
    def rules(self) -> BodyRules:
        if self.form is not None and self.form.open_meeting:
            return self.form.rules  # frozen: sent back as loaded (no rounding through the widgets)
        threshold = (Decimal(str(round(self.quorum_threshold.value(), 2))) / 100).normalize()
        majorities = tuple((matter, MajorityKind(self._majority_combo(row).currentData()))
                           for row, matter in enumerate(MatterKind))
        return BodyRules(
            name=self.name.text(), quorum_basis=QuorumBasis(self.quorum_basis.currentData()),
            quorum_threshold=threshold, quorum_on_second_convocation=not self.quorum_waived.isChecked(),
            abstentions_counted=self.abstentions_counted.isChecked(),
            casting_vote=self.casting_vote.isChecked(), convocation_days=self.convocation_days.value(),
            urgent_convocation_days=self.urgent_convocation_days.value(),
            max_proxies=self.max_proxies.value(),
            weighted_votes=self.weighted_votes.isChecked(), rules_text=self.rules_text.toPlainText(),
            majorities=majorities)

    def save_job(self) -> Callable[[Progress], None]:
        return job(save_body, self._body_id, self.rules(), self.seats.seats(), base=self._base)

    @override
    def is_modified(self) -> bool:
        """Changed, or a seat's or a representative's cell being typed in (its text not yet read)."""
        assert self._base is not None  # loaded
        return self._typing() or _parts(self.rules(), self.seats.seats()) != _parts(*self._base)

    def _typing(self) -> bool:
        return is_typing_in(self.seats.table, self.seats.people)

    @override
    def take_received(self, fresh: Any) -> Taken:
        assert self._base is not None and self.form is not None  # loaded: the form is being edited
        form: BodyForm = fresh
        base_seats = self._base[1]
        received = take_received(_parts(*self._base), _parts(self.rules(), self.seats.seats()),
                                 _parts(form.rules, form.seats),
                                 touched={"seats"} if self._typing() else ())  # redrawn at the next round
        rules = {name: value for name, value in received.base.items() if name != "seats"}
        self._base = (replace(self._base[0], **rules), received.base["seats"])
        self.form = replace(form, open_meeting=self.form.open_meeting)  # locked as when opened
        rules_shown = {name: value for name, value in received.shown.items() if name != "seats"}
        if rules_shown:
            self._fill_rules(replace(self.rules(), **rules_shown))
        shown, both = list(received.shown), list(received.both)
        if "seats" in shown:
            self.seats.set_seats(form.seats, form.organisations)
        elif "seats" in both and not self._typing() and self._merge_seats(form, base_seats):
            both.remove("seats")
            shown.append("seats")
        return Taken.of(shown, both, lambda name: PART_LABELS.get(name) or field_label("body", name))

    def _merge_seats(self, form: BodyForm, base: tuple[SeatForm, ...]) -> bool:
        """Seats changed here and on another workstation, shown merged by seat and représentant (the
        names and « in use » as now stored); False when a part clashes: they then stay as typed."""
        merged, retry = merge_seats(base, self.seats.seats(), form.seats)
        if retry is not None:
            return False
        stored = {seat.id: seat for seat in form.seats}
        self.seats.set_seats([replace(seat, organisation=stored[seat.id].organisation,
                                      in_use=stored[seat.id].in_use) if seat.id in stored else seat
                              for seat in merged], form.organisations)
        assert self._base is not None
        self._base = (self._base[0], tuple(map(as_edited, form.seats)))
        return True

    @Slot()
    def _on_seats_organisation_wanted(self) -> None:
        self.organisation_dialog = NewOrganisationDialog(self._runner, self)
        self.organisation_dialog.accepted.connect(self._on_organisation_dialog_accepted)
        self.organisation_dialog.open()

    @Slot()
    def _on_organisation_dialog_accepted(self) -> None:
        assert self.organisation_dialog is not None and self.form is not None
        self.seats.add_organisation(self.organisation_dialog.result_)
        self.form = replace(self.form, organisations=self.seats.organisations)

    @override
    def rebase_on(self, theirs: dict[str, Any]) -> None:
        assert self._base is not None  # a save follows the load
        rules, seats = self._base
        self._base = (replace(rules, **{name: value for name, value in theirs.items() if name != "seats"}),
                      theirs.get("seats", seats))

    @Slot(float)
    def _on_quorum_threshold_value_changed(self, value: float) -> None:
        ratio = Decimal(str(round(value, 2))) / 100
        basis = QuorumBasis(self.quorum_basis.currentData())
        if basis is QuorumBasis.NONE:
            self.threshold_words.setText(self.tr("L'instance délibère sans condition de quorum."))
            return
        what = self.tr("des droits statutaires") if basis is QuorumBasis.RIGHTS else self.tr("des membres")
        self.threshold_words.setText(self.tr("Quorum fixé %1 %2 présents ou représentés.")
                                     .replace("%1", fraction_text(threshold_from_decimal(ratio)))
                                     .replace("%2", what))

    @Slot(int)
    def _on_quorum_basis_changed(self, _index: int) -> None:
        none = QuorumBasis(self.quorum_basis.currentData()) is QuorumBasis.NONE
        self.quorum_threshold.setEnabled(not none)
        self.quorum_waived.setEnabled(not none)
        self._on_quorum_threshold_value_changed(self.quorum_threshold.value())


def _parts(rules: BodyRules, seats: Sequence[SeatForm]) -> dict[str, Any]:
    """A body's form by part, as its save compares them: each rule, the majorities (one per matter), the
    seats (as edited)."""
    every = every_matter(rules)
    return {**{spec.name: getattr(every, spec.name) for spec in fields(every)},
            "seats": tuple(map(as_edited, seats))}
