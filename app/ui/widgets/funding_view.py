"""« Financements »: the selected project's plan (add a line, move it forward), the portfolio's totals per
funder, year and axis, members' contributions called vs paid, and the two charts drawn in the worker."""

from __future__ import annotations

import uuid
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.cofunding import (
    NEEDS_ACT,
    FundingLineInfo,
    FundingTotals,
    funding_frozen,
    next_funding_statuses,
)
from app.formatting import euros
from app.services.funding import (
    advance_funding,
    contributions,
    funding_chart_pngs,
    funding_totals,
    project_funding_lines,
    record_member_payment,
    remove_funding_line,
)
from app.services.project_choices import form_choices
from app.ui.dialogs.contributions_dialog import ContributionsDialog
from app.ui.dialogs.funding_line_dialog import FundingLineDialog, parse_euros
from app.ui.errors import show_warning
from app.ui.item_models.summary_table_model import RIGHT, Column, SummaryTableModel
from app.ui.tasks import TaskRunner
from app.ui.widgets.hint_table import HintTableView


def _money(title: str, cents: Any) -> Column:
    return Column(title, lambda r: euros(cents(r)), cents, alignment=RIGHT)


def _table(parent: QWidget, model: SummaryTableModel, hint: str = "") -> HintTableView:
    table = HintTableView(hint, parent)
    table.setModel(model)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(24)
    return table


class FundingView(QWidget):
    """`changed` after a write (the portfolio's totals column then reloads)."""

    changed = Signal()
    line_changed = Signal(object, object)  # the line before and after (None: added / deleted), for undo

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._project: tuple[uuid.UUID, str] | None = None
        self.lines = SummaryTableModel((
            Column(self.tr("Financeur"), lambda r: r.funder),
            Column(self.tr("Exercice"), lambda r: str(r.fiscal_year)),
            _money(self.tr("Montant"), lambda r: r.amount_cents),
            Column(self.tr("Statut"), lambda r: r.status.label),
            Column(self.tr("Acte"), lambda r: r.act_reference or "—")), self)
        self.totals = [SummaryTableModel((Column(title, lambda r: r.label, tooltip=lambda r: r.label),
                                          _money(self.tr("Montant"),
                                          lambda r: r.cents)), self)
                       for title in (self.tr("Financeur"), self.tr("Exercice"), self.tr("Axe"))]
        self.members = SummaryTableModel((
            Column(self.tr("Membre"), lambda r: r.member), Column(self.tr("Année"), lambda r: str(r.year)),
            _money(self.tr("Appelé"), lambda r: r.called_cents),
            _money(self.tr("Versé"), lambda r: r.paid_cents),
            _money(self.tr("Reste dû"), lambda r: r.outstanding_cents)), self)
        self._build()

    def _build(self) -> None:
        self.plan_title = QLabel(self.tr("Sélectionnez une fiche dans l'onglet « Fiches action » pour voir "
                                         "et compléter son plan de financement."), self)
        self.plan_title.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Ajouter une ligne…"), self)
        self.edit_button = QPushButton(self.tr("Modifier…"), self)
        self.remove_button = QPushButton(self.tr("Supprimer"), self)
        self.advance_button = QPushButton(self.tr("Faire progresser la ligne"), self)
        self.advance_menu = QMenu(self)
        self.advance_button.setMenu(self.advance_menu)
        self.pay_button = QPushButton(self.tr("Enregistrer un versement…"), self)
        self.call_button = QPushButton(self.tr("Appeler les contributions…"), self)
        self.call_button.setToolTip(self.tr("Le montant appelé auprès de chaque membre pour un exercice, "
                                            "selon le budget voté par l'assemblée générale"))
        self.contributions_dialog: ContributionsDialog | None = None
        self.total_label = QLabel(self)
        self.stacked_chart, self.consumption_chart = QLabel(self), QLabel(self)
        for chart in (self.stacked_chart, self.consumption_chart):
            chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
            chart.setText(self.tr("Graphique en préparation…"))
        self.line_table = _table(self, self.lines)
        self.member_table = _table(self, self.members, self.tr(
            "Aucune contribution statutaire appelée : « Appeler les contributions… » les propose pour "
            "l'exercice."))
        self._build_layout()
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.line_table.activated.connect(self._on_edit_button_clicked)
        self.line_table.selectionModel().selectionChanged.connect(self._on_line_selection_changed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.line_table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._on_remove_button_clicked)
        self.pay_button.clicked.connect(self._on_pay_button_clicked)
        self.call_button.clicked.connect(self._on_call_button_clicked)
        self.advance_menu.aboutToShow.connect(self._on_advance_menu_about_to_show)
        self.set_project(None, "")

    def _build_layout(self) -> None:
        """Plan, totals and contributions on the left; the two charts on the right."""
        left, charts, layout = QGridLayout(), QVBoxLayout(), QHBoxLayout(self)
        buttons = QHBoxLayout()
        for widget in (self.plan_title, self.add_button, self.edit_button, self.remove_button,
                       self.advance_button):
            buttons.addWidget(widget, 1 if widget is self.plan_title else 0)
        left.addLayout(buttons, 0, 0, 1, 3)
        left.addWidget(self.line_table, 1, 0, 1, 3)
        left.addWidget(self.total_label, 2, 0, 1, 3)
        for column, model in enumerate(self.totals):
            table = _table(self, model)
            table.horizontalHeader().setStretchLastSection(False)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            left.addWidget(table, 3, column)
        members = QLabel(self.tr("Contributions statutaires des membres : appelé et versé"), self)
        left.addWidget(members, 4, 0, 1, 3)
        left.addWidget(self.member_table, 5, 0, 1, 3)
        member_buttons = QHBoxLayout()
        member_buttons.addWidget(self.call_button)
        member_buttons.addWidget(self.pay_button)
        member_buttons.addStretch(1)
        left.addLayout(member_buttons, 6, 0, 1, 3)
        for row, stretch in ((1, 2), (3, 2), (5, 3)):
            left.setRowStretch(row, stretch)
        charts.addWidget(self.stacked_chart)
        charts.addWidget(self.consumption_chart)
        layout.addLayout(left, 3)
        layout.addLayout(charts, 2)

    # -- loading -----------------------------------------------------------------------------------
    def set_project(self, project_id: uuid.UUID | None, code: str) -> None:
        self._project = (project_id, code) if project_id is not None else None
        self.add_button.setEnabled(project_id is not None)
        self.advance_button.setEnabled(project_id is not None)
        self._on_line_selection_changed()
        if project_id is None:
            self.lines.set_rows(())
            self.line_table.set_hint(self.tr("Aucune fiche sélectionnée."))
            return
        self.line_table.set_hint(self.tr("Aucune ligne de financement pour %1 : ajoutez-en une avec "
                                         "« Ajouter une ligne… ».").replace("%1", code))
        self.plan_title.setText(self.tr("Plan de financement de %1").replace("%1", code))
        self._runner.submit(job(project_funding_lines, project_id), owner=self,
                            on_success=self._on_lines_loaded)

    def _on_lines_loaded(self, rows: tuple[FundingLineInfo, ...]) -> None:
        self.lines.set_rows(rows)
        self.line_table.resizeColumnsToContents()  # funder names in full; the act takes what is left
        self._on_line_selection_changed()

    def load(self) -> None:
        """The portfolio-wide part: totals, contributions, charts (PNG bytes rendered by the worker)."""
        self._runner.submit(job(funding_totals), owner=self, on_success=self._on_totals_loaded)
        self._runner.submit(job(contributions), owner=self, on_success=self.members.set_rows)
        self._runner.submit(job(funding_chart_pngs), owner=self, on_success=self._on_charts_drawn)

    def _on_totals_loaded(self, totals: FundingTotals) -> None:
        for model, rows in zip(self.totals, (totals.by_funder, totals.by_year, totals.by_axis), strict=True):
            model.set_rows(rows)
        self.total_label.setText(self.tr("Total du portefeuille : %1").replace("%1", euros(totals.total)))

    def _on_charts_drawn(self, images: tuple[bytes, bytes]) -> None:
        for label, png in zip((self.stacked_chart, self.consumption_chart), images, strict=True):
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            label.setPixmap(pixmap)

    # -- writes ------------------------------------------------------------------------------------
    @Slot()
    def _on_add_button_clicked(self) -> None:
        if self._project is not None:
            self._runner.submit(job(form_choices), owner=self, on_success=self._open_line_dialog)

    @Slot()
    def _on_edit_button_clicked(self, *_args: object) -> None:
        line = self.selected_line()
        if self._project is not None and line is not None and self.edit_button.isEnabled():
            self._runner.submit(job(form_choices), owner=self,
                                on_success=partial(self._open_line_dialog, line=line))

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        question = (self.tr("Mettre à la corbeille la ligne %1 · %2 · %3 ?").replace("%1", line.funder)
                    .replace("%2", str(line.fiscal_year)).replace("%3", euros(line.amount_cents)))
        if QMessageBox.question(self, self.tr("Supprimer la ligne"), question) == \
                QMessageBox.StandardButton.Yes:
            self.remove(line)

    def remove(self, line: FundingLineInfo) -> None:
        """Soft-delete the line (refused by the service once committed), then reload plan and totals."""
        self._runner.submit(job(remove_funding_line, line.id), owner=self,
                            on_success=partial(self._on_line_written, line))

    @Slot()
    def _on_line_selection_changed(self, *_args: object) -> None:
        line = self.selected_line() if self._project is not None else None
        editable = line is not None and not funding_frozen(line.status)
        tips = (self.tr("Modifier la ligne sélectionnée (Entrée ou double-clic)"),
                self.tr("Mettre la ligne sélectionnée à la corbeille (Suppr)"))
        if line is not None and not editable:
            frozen = self.tr("Ce financement est « %1 » : il ne se modifie plus ; saisissez une ligne "
                             "corrective.").replace("%1", line.status.label.lower())
            tips = (frozen, frozen)
        for button, tip in zip((self.edit_button, self.remove_button), tips, strict=True):
            button.setEnabled(editable)
            button.setToolTip(tip)

    def _open_line_dialog(self, choices: Any, line: FundingLineInfo | None = None) -> None:
        dialog = FundingLineDialog(self._runner, self._project[0] if self._project else uuid.uuid4(),
                                   choices.organisations, self, line=line)
        dialog.accepted.connect(partial(self._on_dialog_accepted, dialog))
        dialog.open()
        self.line_dialog = dialog

    @Slot()
    def _on_advance_menu_about_to_show(self) -> None:
        self.advance_menu.clear()
        line = self.selected_line()
        if line is None:
            self.advance_menu.addAction(self.tr("Sélectionnez d'abord une ligne du plan")).setEnabled(False)
            return
        for target in next_funding_statuses(line.status):
            action = self.advance_menu.addAction(target.label)
            action.triggered.connect(partial(self.advance, line, target))

    def selected_line(self) -> FundingLineInfo | None:
        rows = self.line_table.selectionModel().selectedRows()
        return self.lines.row_at(rows[0].row()) if rows else None

    def advance(self, line: FundingLineInfo, target: Any, *_args: object) -> None:
        act = line.act_reference
        if target in NEEDS_ACT and not act:
            act, ok = QInputDialog.getText(self, self.tr("Acte"), self.tr(
                "Référence de l'acte (délibération ou convention) :"))
            if not ok:
                return
        self._runner.submit(job(advance_funding, line.id, target, act_reference=act), owner=self,
                            on_success=self._on_written)

    @Slot()
    def _on_pay_button_clicked(self) -> None:
        rows = self.member_table.selectionModel().selectedRows()
        if not rows:
            show_warning(self, self.tr("Sélectionnez d'abord, dans le tableau des contributions, le membre "
                                       "et l'exercice du versement."))
            return
        row = self.members.row_at(rows[0].row())
        prompt = self.tr("Montant versé par %1 pour %2 (€) :").replace("%1", row.member)
        text, ok = QInputDialog.getText(self, self.tr("Versement"), prompt.replace("%2", str(row.year)),
                                        text=euros(row.outstanding_cents).removesuffix("\u00a0€"))
        if not ok:
            return
        cents = parse_euros(text)
        if not cents:
            show_warning(self, self.tr("« %1 » n'est pas un montant versé : tapez par exemple 12 500,50. "
                                       "Rien n'a été enregistré.").replace("%1", text))
            return
        self.pay(row, cents)

    @Slot()
    def _on_call_button_clicked(self) -> None:
        self.contributions_dialog = ContributionsDialog(self._runner, self)
        self.contributions_dialog.accepted.connect(self._on_written)
        self.contributions_dialog.open()

    def pay(self, row: Any, cents: int) -> None:
        self._runner.submit(job(record_member_payment, row.organisation_id, row.year, amount_cents=cents,
                                paid_on=date.today()), owner=self, on_success=self._on_written)

    def _on_dialog_accepted(self, dialog: FundingLineDialog) -> None:
        self.line_changed.emit(dialog.before_save, dialog.saved_line)  # before_save: None for a new line
        self._on_written()

    def _on_line_written(self, before: FundingLineInfo, after: FundingLineInfo) -> None:
        """A deletion: the service returns the line as it was, now in the bin."""
        self.line_changed.emit(before, None)
        self._on_written(after)

    def _on_written(self, *_result: object) -> None:
        if self._project is not None:
            self.set_project(*self._project)
        self.load()
        self.changed.emit()
