"""Re-attach the fiches of a former framework to a new one, step by step (issue 5): the two frameworks;
old axis → new axis (same title, close title or same number proposed); preview of the fiches that move
and of those left without a target (computed by the service in a rolled-back savepoint); confirm. The
re-attachment itself is one transaction in the worker; its result is reported to the page."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import partial
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.db import job
from app.domain.programme import FrameworkTree, ReattachResult, propose_mapping
from app.formatting import plural
from app.services.frameworks import preview_reattachment, reattach_projects
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_fields import find_data, french_spaces
from app.ui.widgets.screen_fit import fit_to_screen

ERROR = "color: #c0392b;"


def _label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(french_spaces(text), parent)
    label.setWordWrap(True)
    return label


def _table(headers: Sequence[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class FrameworksPage(QWizardPage):
    """Step 1: from which framework to which (the newest, and the one it replaces, are proposed)."""

    def __init__(self, frameworks: Sequence[FrameworkTree], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Cadres"))
        self.setSubTitle(self.tr("Les fiches rattachées aux axes de l'ancien cadre le seront aussi aux axes "
                                 "correspondants du nouveau."))
        self.old, self.new = QComboBox(self), QComboBox(self)
        for framework in frameworks:
            count = sum(axis.project_count for axis in framework.all_axes())
            text = self.tr("%1 — %2 (%3)").replace("%1", framework.code).replace(
                "%2", framework.title).replace("%3", plural(count, "rattachement"))
            self.old.addItem(text, framework.id)
            self.new.addItem(text, framework.id)
        newest = frameworks[0] if frameworks else None
        replaced = find_data(self.old, newest.replaces_id) if newest and newest.replaces_id else -1
        self.old.setCurrentIndex(replaced if replaced >= 0 else min(1, len(frameworks) - 1))
        self.new.setCurrentIndex(0)
        self.problem = _label("", self)
        self.problem.setStyleSheet(ERROR)
        form = QFormLayout(self)
        form.addRow(self.tr("Ancien cadre :"), self.old)
        form.addRow(self.tr("Nouveau cadre :"), self.new)
        form.addRow(self.problem)
        self.old.currentIndexChanged.connect(self.completeChanged)
        self.new.currentIndexChanged.connect(self.completeChanged)

    @override
    def isComplete(self) -> bool:
        same = self.old.currentData() == self.new.currentData()
        self.problem.setText(self.tr("Choisissez deux cadres différents.") if same else "")
        return self.old.count() > 1 and not same


class MappingPage(QWizardPage):
    """Step 2: one row per old axis, its target chosen in a combo; the proposal's reason is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Correspondance des axes"))
        self.setSubTitle(self.tr("Pour chaque axe de l'ancien cadre, l'axe du nouveau qui le remplace. Une "
                                 "correspondance est proposée (même intitulé, intitulé proche ou même "
                                 "numéro) : vérifiez-la."))
        self.table = _table((self.tr("Axe de l'ancien cadre"), self.tr("Fiches"),
                             self.tr("Axe du nouveau cadre"), self.tr("Proposé car")), self)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(1, 60)
        self.table.setColumnWidth(3, 170)
        self.empty = _label("", self)
        self.empty.setStyleSheet(ERROR)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)

    def fill(self, old: FrameworkTree, new: FrameworkTree) -> None:
        targets = new.all_axes()
        self.table.setRowCount(0)
        self.empty.setText(self.tr("« %1 » n'a pas d'axe : il n'y a rien à rattacher. Revenez en arrière "
                                   "pour choisir un autre cadre.").replace("%1", old.code)
                           if not old.all_axes() else
                           self.tr("« %1 » n'a pas encore d'axe : créez d'abord ses axes (« Nouvel axe… »).")
                           .replace("%1", new.code) if not targets else "")
        self.empty.setVisible(bool(self.empty.text()))
        self.completeChanged.emit()
        for row, proposal in enumerate(propose_mapping(old.all_axes(), targets)):
            self.table.insertRow(row)
            label = QTableWidgetItem(proposal.old.label)
            label.setToolTip(proposal.old.label)
            self.table.setItem(row, 0, label)
            self.table.setItem(row, 1, QTableWidgetItem(str(proposal.old.project_count)))
            combo = QComboBox(self.table)
            combo.addItem(self.tr("— ne pas rattacher —"), None)
            for target in targets:
                combo.addItem(target.label[:90], target.id)
            combo.setCurrentIndex(max(find_data(combo, proposal.new.id if proposal.new else None), 0))
            combo.setProperty("old_axis", str(proposal.old.id))
            combo.setAccessibleName(self.tr("Nouvel axe pour %1").replace("%1", proposal.old.number))
            self.table.setCellWidget(row, 2, combo)
            self.table.setItem(row, 3, QTableWidgetItem(proposal.reason or self.tr("aucun axe proche")))

    @override
    def isComplete(self) -> bool:
        return self.table.rowCount() > 0 and not self.empty.text()

    def combo(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, 2)
        assert isinstance(widget, QComboBox)
        return widget

    def mapping(self) -> dict[uuid.UUID, uuid.UUID | None]:
        return {uuid.UUID(self.combo(row).property("old_axis")): self.combo(row).currentData()
                for row in range(self.table.rowCount())}


class PreviewPage(QWizardPage):
    """Step 3: what would move (from the service, in a rolled-back savepoint) and what stays unmapped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Aperçu"))
        self.summary = _label(self.tr("Calcul de l'aperçu…"), self)
        self.moved = _table((self.tr("Fiche"), self.tr("Ancien axe"), self.tr("Nouvel axe")), self)
        self.moved.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.unmapped = _table((self.tr("Fiche"), self.tr("Axe de l'ancien cadre, sans correspondance")),
                               self)
        self.keep_old = QCheckBox(self.tr("Garder aussi les rattachements à l'ancien cadre (historique des "
                                          "axes)"), self)
        self.keep_old.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(_label(self.tr("Fiches rattachées au nouveau cadre :"), self))
        layout.addWidget(self.moved, 3)
        layout.addWidget(_label(self.tr("Fiches laissées sans axe dans le nouveau cadre :"), self))
        layout.addWidget(self.unmapped, 2)
        layout.addWidget(self.keep_old)
        self.result_: ReattachResult | None = None

    def show_result(self, result: ReattachResult, old: FrameworkTree | None = None,
                    new: FrameworkTree | None = None) -> None:
        """The service names axes by number; the trees give their titles."""
        self.result_ = result
        olds = {axis.number: axis.label for axis in old.all_axes()} if old else {}
        news = {axis.number: axis.label for axis in new.all_axes()} if new else {}
        self.summary.setText(self.tr("%1 au nouveau cadre ; %2 sans axe cible.")
                             .replace("%1", plural(result.moved_projects, "fiche sera rattachée",
                                                   "fiches seront rattachées"))
                             .replace("%2", plural(len(result.unmapped), "lien reste", "liens restent")))
        moved = [(r.project_code, olds.get(r.old_axis, r.old_axis), news.get(r.new_axis, r.new_axis))
                 for r in result.moved]
        unmapped = [(r.project_code, olds.get(r.old_axis, r.old_axis)) for r in result.unmapped]
        for table, rows in ((self.moved, moved), (self.unmapped, unmapped)):
            table.setRowCount(0)
            for values in rows:
                table.insertRow(table.rowCount())
                for column, text in enumerate(values):
                    table.setItem(table.rowCount() - 1, column, QTableWidgetItem(text))
            table.resizeColumnToContents(0)
        if not result.unmapped:
            self.unmapped.setRowCount(1)
            self.unmapped.setItem(0, 0, QTableWidgetItem(self.tr("Aucune : chaque axe a sa correspondance.")))
            self.unmapped.setSpan(0, 0, 1, 2)
        self.completeChanged.emit()

    @override
    def isComplete(self) -> bool:
        return self.result_ is not None and bool(self.result_.moved)


class ReattachWizard(QWizard):
    """`applied(ReattachResult)` once the re-attachment is committed (the page reports it)."""

    applied = Signal(object)

    def __init__(self, runner: TaskRunner, frameworks: Sequence[FrameworkTree],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._frameworks = runner, tuple(frameworks)
        self.result_: ReattachResult | None = None
        self.setWindowTitle(self.tr("Rattacher les fiches à un nouveau cadre"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Rattacher"))
        fit_to_screen(self, 900, 640)
        self.frameworks_page, self.mapping_page = FrameworksPage(self._frameworks, self), MappingPage(self)
        self.preview_page = PreviewPage(self)
        for page in (self.frameworks_page, self.mapping_page, self.preview_page):
            self.addPage(page)

    def _tree(self, combo: QComboBox) -> FrameworkTree:
        return next(f for f in self._frameworks if f.id == combo.currentData())

    def _call(self, service: Any, **extra: Any) -> Any:
        page = self.frameworks_page
        return job(service, page.old.currentData(), page.new.currentData(), self.mapping_page.mapping(),
                   **extra)

    @override
    def initializePage(self, page_id: int) -> None:
        """Moving forward (not back): fill the mapping from the frameworks, compute the preview."""
        super().initializePage(page_id)
        if self.page(page_id) is self.mapping_page:
            self.mapping_page.fill(self._tree(self.frameworks_page.old), self._tree(self.frameworks_page.new))
        if self.page(page_id) is self.preview_page:
            self.preview_page.result_ = None
            self.preview_page.summary.setText(self.tr("Calcul de l'aperçu…"))
            trees = (self._tree(self.frameworks_page.old), self._tree(self.frameworks_page.new))
            self._runner.submit(self._call(preview_reattachment), owner=self,
                                on_success=partial(self._on_previewed, trees))

    def _on_previewed(self, trees: tuple[FrameworkTree, FrameworkTree], result: ReattachResult) -> None:
        self.preview_page.show_result(result, *trees)

    @override
    def accept(self) -> None:
        """« Rattacher »: one transaction in the worker; the wizard closes when it is committed."""
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        keep = self.preview_page.keep_old.isChecked()
        self._runner.submit(self._call(reattach_projects, keep_old_links=keep), owner=self,
                            on_success=self._on_applied, on_error=self._on_failed)

    def _on_applied(self, result: ReattachResult) -> None:
        self.result_ = result
        self.applied.emit(result)
        super().accept()

    def _on_failed(self, exc: Exception) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        show_error(self, exc)

