"""« Cadres et axes »: frameworks and their axis trees, axis edits, re-attaching projects (issue 5)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QTreeView, QVBoxLayout, QWidget

from app.db import job
from app.domain.programme import AxisNode, FrameworkTree
from app.services.frameworks import list_frameworks, save_axis
from app.ui.dialogs.reattach_dialog import ReattachDialog
from app.ui.item_models.axis_tree_model import AxisTreeModel
from app.ui.tasks import TaskRunner


class FrameworksView(QWidget):
    """`changed` after a write (axes of projects may have moved)."""

    changed = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.model = AxisTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setColumnWidth(0, 640)
        self.hint = QLabel(self.tr("Les cadres stratégiques (PDI, pacte local des solidarités…) et leurs "
                                   "axes. Quand le cadre change, rattachez les projets au nouveau."), self)
        self.hint.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Nouvel axe…"), self)
        self.edit_button = QPushButton(self.tr("Renommer l'axe…"), self)
        self.reattach_button = QPushButton(self.tr("Rattacher à un nouveau cadre…"), self)
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.reattach_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.reattach_button.clicked.connect(self._on_reattach_button_clicked)
        self.loaded = False
        self.dialog: ReattachDialog | None = None

    def load(self) -> None:
        self._runner.submit(job(list_frameworks), owner=self, on_success=self._on_loaded)

    def _on_loaded(self, frameworks: tuple[FrameworkTree, ...]) -> None:
        self.loaded = True
        self.model.set_frameworks(frameworks)
        self.tree.expandToDepth(1)
        if not frameworks:
            self.hint.setText(self.tr("Aucun cadre stratégique n'est encore défini : ouvrez la base de "
                                      "démonstration ou importez le PDI pour y rattacher les fiches."))

    def current(self) -> tuple[FrameworkTree | None, AxisNode | None]:
        index = self.tree.currentIndex()
        item = index.data(AxisTreeModel.ITEM_ROLE) if index.isValid() else None
        return self.model.framework_of(index), item if isinstance(item, AxisNode) else None

    @Slot()
    def _on_add_button_clicked(self) -> None:
        framework, axis = self.current()
        if framework is None:
            return
        prompt = self.tr("Numéro (par exemple 2.1.3) :")
        number, ok = QInputDialog.getText(self, self.tr("Nouvel axe"), prompt,
                                          text=f"{axis.number}." if axis else "")
        if ok:
            title, ok = QInputDialog.getText(self, self.tr("Nouvel axe"), self.tr("Intitulé :"))
            if ok:
                self.save(framework, number, title, None)

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        framework, axis = self.current()
        if framework is None or axis is None:
            return
        prompt = self.tr("Intitulé de l'axe %1 :").replace("%1", axis.number)
        title, ok = QInputDialog.getText(self, self.tr("Renommer l'axe"), prompt, text=axis.title)
        if ok:
            self.save(framework, axis.number, title, axis)

    def save(self, framework: FrameworkTree, number: str, title: str, axis: AxisNode | None) -> None:
        self._runner.submit(job(save_axis, framework.id, number=number, title=title,
                                axis_id=axis.id if axis else None), owner=self, on_success=self._on_written)

    @Slot()
    def _on_reattach_button_clicked(self) -> None:
        self.dialog = ReattachDialog(self._runner, self.model.frameworks, self)
        self.dialog.accepted.connect(self._on_written)
        self.dialog.open()

    def _on_written(self, *_result: Any) -> None:
        self.load()
        self.changed.emit()
