"""Re-attach the projects of a former framework to a new one: old axis → new axis, preview, then apply."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.programme import FrameworkTree, ReattachResult
from app.services.frameworks import preview_reattachment, reattach_projects
from app.ui.tasks import TaskRunner


class ReattachDialog(QDialog):
    """Step 1: the two frameworks; step 2: the mapping (same numbers proposed); step 3: preview; apply."""

    def __init__(self, runner: TaskRunner, frameworks: Sequence[FrameworkTree],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._frameworks = runner, tuple(frameworks)
        self.result_: ReattachResult | None = None
        self.setWindowTitle(self.tr("Rattacher les projets à un nouveau cadre"))
        self.resize(820, 620)
        self.old, self.new = QComboBox(self), QComboBox(self)
        for framework in self._frameworks:
            self.old.addItem(f"{framework.code} — {framework.title}", framework.id)
            self.new.addItem(f"{framework.code} — {framework.title}", framework.id)
        self.old.setCurrentIndex(len(self._frameworks) - 1)  # newest framework first: from the oldest…
        self.new.setCurrentIndex(0)  # …to the newest
        self.mapping = QTableWidget(0, 2, self)
        self.mapping.setHorizontalHeaderLabels([self.tr("Axe de l'ancien cadre"),
                                                self.tr("Axe du nouveau cadre")])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.setColumnWidth(0, 360)
        self.preview_button = QPushButton(self.tr("Aperçu de ce qui change"), self)
        self.preview = QTextBrowser(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Rattacher"))
        self._build_layout()
        self.old.currentIndexChanged.connect(self._on_framework_changed)
        self.new.currentIndexChanged.connect(self._on_framework_changed)
        self.preview_button.clicked.connect(self._on_preview_button_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._on_framework_changed()

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Ancien cadre :"), self.old)
        form.addRow(self.tr("Nouveau cadre :"), self.new)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Pour chaque axe de l'ancien cadre, choisissez l'axe qui le remplace "
                                        "(le même numéro est proposé) :"), self))
        layout.addWidget(self.mapping, 2)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)

    def _tree(self, combo: QComboBox) -> FrameworkTree | None:
        return next((f for f in self._frameworks if f.id == combo.currentData()), None)

    @Slot()
    def _on_framework_changed(self, *_args: object) -> None:
        old, new = self._tree(self.old), self._tree(self.new)
        self.mapping.setRowCount(0)
        self.preview.setPlainText(self.tr("Choisissez la correspondance puis « Aperçu »."))
        if old is None or new is None:
            return
        targets = new.all_axes()
        for row, axis in enumerate(old.all_axes()):
            self.mapping.insertRow(row)
            self.mapping.setCellWidget(row, 0, QLabel(f"{axis.label} ({axis.project_count} projets)"))
            combo = QComboBox(self.mapping)
            combo.addItem(self.tr("— ne pas rattacher —"), None)
            for target in targets:
                combo.addItem(target.label[:80], target.id)
            same = next((i + 1 for i, t in enumerate(targets) if t.number == axis.number), 0)
            combo.setCurrentIndex(same)
            combo.setProperty("old_axis", str(axis.id))
            self.mapping.setCellWidget(row, 1, combo)

    def chosen_mapping(self) -> dict[uuid.UUID, uuid.UUID | None]:
        out: dict[uuid.UUID, uuid.UUID | None] = {}
        for row in range(self.mapping.rowCount()):
            combo = self.mapping.cellWidget(row, 1)
            if isinstance(combo, QComboBox):
                out[uuid.UUID(combo.property("old_axis"))] = combo.currentData()
        return out

    def _call(self, service: Any) -> Any:
        return job(service, self.old.currentData(), self.new.currentData(), self.chosen_mapping())

    @Slot()
    def _on_preview_button_clicked(self) -> None:
        self._runner.submit(self._call(preview_reattachment), owner=self, on_success=self._on_previewed)

    def _on_previewed(self, result: ReattachResult) -> None:
        lines = [self.tr("%1 projet(s) rattaché(s) au nouveau cadre ; %2 lien(s) sans axe cible.")
                 .replace("%1", str(result.moved_projects)).replace("%2", str(len(result.unmapped)))]
        lines += [f"{r.project_code} : {r.old_axis} → {r.new_axis}" for r in result.moved[:200]]
        lines += [self.tr("%1 : %2 → non rattaché").replace("%1", r.project_code).replace("%2", r.old_axis)
                  for r in result.unmapped[:200]]
        self.preview.setPlainText("\n".join(lines))

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.old.currentData() == self.new.currentData():
            self.preview.setPlainText(self.tr("Choisissez deux cadres différents."))
            return
        self._runner.submit(self._call(reattach_projects), owner=self, on_success=self._on_applied)

    def _on_applied(self, result: ReattachResult) -> None:
        self.result_ = result
        self.accept()
