"""« Cadres et axes »: frameworks and their axis trees; create a framework, add / rename / move / delete
axes, re-attach the fiches of a former framework to a new one (issue 5). Every write is a worker job."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.programme import AxisInUseError, AxisNode, AxisRemoval, FrameworkTree
from app.formatting import plural
from app.services.frameworks import list_frameworks, move_axis, remove_axis
from app.ui.dialogs.framework_dialog import AxisDialog, FrameworkDialog
from app.ui.dialogs.reattach_wizard import ReattachWizard
from app.ui.errors import show_error
from app.ui.item_models.axis_tree_model import AxisTreeModel
from app.ui.tasks import TaskRunner
from app.ui.widgets.portfolio_undo import AxisCommand, FrameworkCommand, MoveAxisCommand


class FrameworksView(QWidget):
    """`changed` after a write (axes of projects may have moved); `message` says what was done."""

    changed = Signal()
    message = Signal(str)
    reattached = Signal(object, object)  # ReattachResult, the mapping used (for undo and redo)
    undoable = Signal(object)  # a PortfolioCommand for the page's undo stack

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._select_id: uuid.UUID | None = None
        self.model = AxisTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setColumnWidth(0, 640)
        self.hint = QLabel(self.tr("Les cadres stratégiques (PDI, pacte local des solidarités…) et leurs "
                                   "axes. Quand le cadre change, créez le nouveau, ses axes, puis "
                                   "rattachez-y les fiches."), self)
        self.hint.setWordWrap(True)
        self.new_framework = self._action(self.tr("Nouveau cadre…"), "Ctrl+Shift+N", self._on_new_framework)
        self.add = self._action(self.tr("Nouvel axe…"), "Ins", self._on_add_triggered)
        self.edit = self._action(self.tr("Renommer l'axe…"), "F2", self._on_edit_triggered)
        self.up = self._action(self.tr("Monter"), "Ctrl+Up", partial(self._on_move_triggered, -1))
        self.down = self._action(self.tr("Descendre"), "Ctrl+Down", partial(self._on_move_triggered, 1))
        self.remove = self._action(self.tr("Supprimer l'axe"), QKeySequence.StandardKey.Delete,
                                   self._on_remove_triggered)
        self.reattach = self._action(self.tr("Rattacher à un nouveau cadre…"), "Ctrl+Shift+R",
                                     self._on_reattach_triggered)
        self._build_layout()
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.loaded = False
        self.dialog: Any = None
        self._on_tree_current_changed()

    def _action(self, text: str, keys: Any, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        for action in (self.new_framework, self.add, self.edit, self.up, self.down, self.remove,
                       self.reattach):
            button = QToolButton(self)
            button.setDefaultAction(action)
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)

    # -- loading -----------------------------------------------------------------------------------
    def load(self) -> None:
        self._runner.submit(job(list_frameworks), owner=self, on_success=self._on_loaded)

    def _on_loaded(self, frameworks: tuple[FrameworkTree, ...]) -> None:
        self.loaded = True
        self.model.set_frameworks(frameworks)
        self.tree.expandToDepth(1)
        if not frameworks:
            self.hint.setText(self.tr("Aucun cadre stratégique n'est encore défini : créez le premier avec "
                                      "« Nouveau cadre… » (Ctrl+Maj+N), puis ses axes."))
        target = self.index_of(self._select_id) if self._select_id else QModelIndex()
        if target.isValid():
            self.tree.setCurrentIndex(target)
            self.tree.scrollTo(target)
        self._on_tree_current_changed()

    def index_of(self, item_id: uuid.UUID | None, parent: QModelIndex | None = None) -> QModelIndex:
        """The tree index of the framework or axis `item_id` (the view reselects it after a reload)."""
        parent = parent or QModelIndex()
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, 0, parent)
            if getattr(index.data(AxisTreeModel.ITEM_ROLE), "id", None) == item_id:
                return index
            found = self.index_of(item_id, index)
            if found.isValid():
                return found
        return QModelIndex()

    def current(self) -> tuple[FrameworkTree | None, AxisNode | None]:
        index = self.tree.currentIndex()
        item = index.data(AxisTreeModel.ITEM_ROLE) if index.isValid() else None
        return self.model.framework_of(index), item if isinstance(item, AxisNode) else None

    @Slot()
    def _on_tree_current_changed(self, *_args: object) -> None:
        framework, axis = self.current()
        self.add.setEnabled(framework is not None)
        for action in (self.edit, self.up, self.down, self.remove):
            action.setEnabled(axis is not None)
        self.reattach.setEnabled(len(self.model.frameworks) >= 2)

    # -- framework and axes ------------------------------------------------------------------------
    @Slot()
    def _on_new_framework(self) -> None:
        self._open(FrameworkDialog(self._runner, self.model.frameworks, self))

    @Slot()
    def _on_add_triggered(self) -> None:
        framework, axis = self.current()
        if framework is not None:
            number = f"{axis.number}." if axis else ""
            self._open(AxisDialog(self._runner, framework, number=number, parent=self))

    @Slot()
    def _on_edit_triggered(self) -> None:
        framework, axis = self.current()
        if framework is not None and axis is not None:
            self._open(AxisDialog(self._runner, framework, axis=axis, parent=self))

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.open()

    @Slot()
    def _on_dialog_accepted(self) -> None:
        saved = getattr(self.dialog, "result_", None)
        self._select_id = getattr(saved, "id", None)
        if isinstance(self.dialog, FrameworkDialog) and isinstance(saved, FrameworkTree):
            self.undoable.emit(FrameworkCommand(saved))
        elif isinstance(self.dialog, AxisDialog) and isinstance(saved, AxisNode):
            self.undoable.emit(AxisCommand(self.dialog.framework.id, self.dialog.axis, saved))
        name = str(getattr(saved, "label", None) or getattr(saved, "code", ""))
        self.message.emit(self.tr("« %1 » enregistré.").replace("%1", name))
        self._on_written()

    def _on_move_triggered(self, offset: int, *_args: object) -> None:
        _framework, axis = self.current()
        if axis is not None:
            self._select_id = axis.id
            self._runner.submit(job(move_axis, axis.id, offset), owner=self,
                                on_success=partial(self._on_moved, axis, offset))

    def _on_moved(self, axis: AxisNode, offset: int, _moved: AxisNode) -> None:
        self.undoable.emit(MoveAxisCommand(axis, offset))
        self._on_written()

    @Slot()
    def _on_remove_triggered(self) -> None:
        framework, axis = self.current()
        if framework is not None and axis is not None:
            self._runner.submit(job(remove_axis, axis.id), owner=self,
                                on_success=partial(self._on_removed, framework, axis),
                                on_error=partial(self._on_remove_refused, framework, axis))

    def _on_removed(self, framework: FrameworkTree, axis: AxisNode, removal: AxisRemoval) -> None:
        self.undoable.emit(AxisCommand(framework.id, axis, None, removal.detached))
        if removal.count:
            self.message.emit(self.tr("Axe %1 supprimé ; %2.").replace("%1", axis.number).replace(
                "%2", plural(removal.count, "fiche détachée", "fiches détachées")))
        self._on_written()

    def _on_remove_refused(self, framework: FrameworkTree, axis: AxisNode, exc: Exception) -> None:
        """Fiches still on the axis: offer to detach them (they keep their other axes)."""
        if not isinstance(exc, AxisInUseError):
            show_error(self, exc)
            return
        text = self.tr("L'axe %1 porte encore %2 action.\n\nLes détacher de cet axe (elles gardent "
                       "leurs autres axes) et supprimer l'axe ?").replace("%1", axis.label).replace(
            "%2", plural(exc.projects, "fiche"))
        answer = QMessageBox.question(self, self.tr("Supprimer l'axe"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self._runner.submit(job(remove_axis, axis.id, detach=True), owner=self,
                                on_success=partial(self._on_removed, framework, axis))

    # -- re-attachment -----------------------------------------------------------------------------
    @Slot()
    def _on_reattach_triggered(self) -> None:
        wizard = ReattachWizard(self._runner, self.model.frameworks, self)
        wizard.applied.connect(self._on_reattached)
        self.dialog = wizard
        wizard.open()

    def _on_reattached(self, result: Any) -> None:
        if isinstance(self.dialog, ReattachWizard):
            self.reattached.emit(result, self.dialog.mapping_page.mapping())
        moved = plural(result.moved_projects, "fiche rattachée", "fiches rattachées")
        self.message.emit(self.tr("%1 au nouveau cadre ; %2 sans axe cible.").replace("%1", moved)
                          .replace("%2", plural(len(result.unmapped), "lien")))
        self._on_written()

    def _on_written(self, *_result: Any) -> None:
        self.load()
        self.changed.emit()
