"""A list of sync conflicts with what arbitrates them: keep one of the values (who wrote it, when) or type
a merged one (free text only), and show the object. The Synchronisation page lists them all
(app.ui.widgets.sync_sections); a badge lists its object's (app.ui.dialogs.arbitrate_dialog, which
hides « Afficher l'objet »: the object is the one already shown).
It asks through signals; its owner runs the resolution in the worker."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.sync import ConflictInfo
from app.ui.item_models.summary_table_model import Column, SummaryTableModel
from app.ui.widgets.hint_table import HintTableView
from app.ui.widgets.sync_format import values_text, who_when


def sync_table(model: SummaryTableModel, hint: str, parent: QWidget) -> HintTableView:
    """A read-only list: one row selected at a time, `hint` while it is empty."""
    table = HintTableView(hint, parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.fit_columns()
    table.verticalHeader().hide()
    return table


class ConflictList(QWidget):
    """`show_conflicts(conflicts)` lists them, nothing selected; the signals carry what the user asked."""

    resolve_requested = Signal(object, object)  # ConflictInfo, the value kept or typed
    object_requested = Signal(str, str)  # table, row id

    def __init__(self, parent: QWidget | None = None, *, hint: str = "") -> None:
        super().__init__(parent)
        self.model = SummaryTableModel(self._columns(), self)
        self.table = sync_table(self.model, hint or self.tr(
            "Aucun conflit à arbitrer : quand deux postes modifient le même champ, il apparaît ici."), self)
        self.value_combo = QComboBox(self)
        self.value_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.keep_button = QPushButton(self.tr("Garder cette valeur"), self)
        self.merged_edit = QLineEdit(self)
        self.merged_edit.setPlaceholderText(self.tr("ou saisir une valeur fusionnée"))
        self.merge_button = QPushButton(self.tr("Enregistrer la valeur fusionnée"), self)
        self.show_button = QPushButton(self.tr("Afficher l'objet"), self)
        self._build_layout()
        self._connect()
        self._set_actions(None)

    def _columns(self) -> list[Column]:
        return [Column(self.tr("Objet"), lambda c: c.label),
                Column(self.tr("Champ"), lambda c: c.field),
                Column(self.tr("Valeurs (qui, quand)"), values_text)]

    def _build_layout(self) -> None:
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        for widget in (self.value_combo, self.keep_button, self.merged_edit, self.merge_button,
                       self.show_button):
            actions.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.keep_button.clicked.connect(self._on_keep_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.table.activated.connect(self._on_show_button_clicked)  # Entrée or a double-click
        self.show_button.clicked.connect(self._on_show_button_clicked)

    def show_conflicts(self, conflicts: Sequence[ConflictInfo]) -> None:
        self.model.set_rows(list(conflicts))
        self.table.resizeColumnsToContents()
        self._set_actions(None)

    def selected(self) -> ConflictInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _set_actions(self, conflict: ConflictInfo | None) -> None:
        self.value_combo.clear()
        for value in conflict.values if conflict else ():
            self.value_combo.addItem(f"{value.value} ({who_when(value)})", value.raw)
        for widget in (self.value_combo, self.keep_button, self.show_button):
            widget.setEnabled(conflict is not None)
        mergeable = conflict is not None and not conflict.deletion and conflict.mergeable
        for widget in (self.merged_edit, self.merge_button):  # type: ignore[assignment]
            widget.setEnabled(mergeable)
            widget.setToolTip("" if mergeable or conflict is None else self.tr(
                "Ce champ n'est pas un texte libre : gardez l'une des valeurs, puis corrigez-la dans la "
                "fiche si besoin."))

    @Slot()
    def _on_selection_changed(self, *_args: object) -> None:
        self._set_actions(self.selected())

    @Slot()
    def _on_keep_button_clicked(self) -> None:
        self._resolve(self.value_combo.currentData())

    @Slot()
    def _on_merge_button_clicked(self) -> None:
        self._resolve(self.merged_edit.text())
        self.merged_edit.clear()

    def _resolve(self, value: object) -> None:
        conflict = self.selected()
        if conflict is not None:
            self.resolve_requested.emit(conflict, value)

    @Slot()
    def _on_show_button_clicked(self, *_args: object) -> None:
        conflict = self.selected()
        if conflict is not None:
            self.object_requested.emit(conflict.table, conflict.row_id)
