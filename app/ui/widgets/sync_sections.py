"""The lower half of the Synchronisation page: tabs « Conflits à arbitrer », « Points à vérifier » (rules
merging cannot keep) and « Quarantaine », each with its count, its table and its actions (SYNC.md "In
the app"). It asks, through signals, for what the page then runs in the worker: keep one value or a
merged one, retry a quarantined file, show an object in its page."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.sync import ConflictInfo, SyncStatus
from app.ui.item_models.summary_table_model import Column, SummaryTableModel
from app.ui.widgets.hint_table import HintTableView
from app.ui.widgets.sync_format import values_text, when, who_when


def sync_table(model: SummaryTableModel, hint: str, parent: QWidget) -> QTableView:
    """A read-only list of the page: one row selected at a time, `hint` while it is empty."""
    table = HintTableView(hint, parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.fit_columns()
    table.verticalHeader().hide()
    return table


def _row(parent: QWidget, *widgets: QWidget) -> QWidget:
    """Widgets side by side, the first one stretched (an explanation, then its buttons)."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if index == 0 else 0)
    return row


class SyncSections(QTabWidget):
    """`show(status)` fills the three tabs; the signals carry what the user asked for."""

    resolve_requested = Signal(object, object)  # ConflictInfo, the value kept or typed
    retry_requested = Signal(str, str)  # replica id, file name
    object_requested = Signal(str, str)  # table, row id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflicts_model = SummaryTableModel(self._conflict_columns(), self)
        self.review_model = SummaryTableModel(self._review_columns(), self)
        self.quarantine_model = SummaryTableModel(self._quarantine_columns(), self)
        self.conflicts_table = sync_table(self.conflicts_model, self.tr(
            "Aucun conflit à arbitrer : quand deux postes modifient le même champ, il apparaît ici."), self)
        self.review_table = sync_table(self.review_model, self.tr(
            "Rien à vérifier : les règles que la fusion ne peut pas garantir (un seul pilote par projet, "
            "des numéros de délibération uniques…) sont respectées."), self)
        self.quarantine_table = sync_table(self.quarantine_model, self.tr(
            "Aucun fichier en quarantaine : tout ce qui a été reçu était authentique et lisible."), self)
        self.addTab(self._section(self.conflicts_table, self._conflict_actions()), "")
        self.addTab(self._section(self.review_table, self._review_actions()), "")
        self.retry_button = QPushButton(self.tr("Réessayer au prochain tour"), self)
        self.addTab(self._section(self.quarantine_table, self.retry_button), "")
        self._connect()
        self.show_status(None)

    # -- construction ------------------------------------------------------------------------------
    def _conflict_actions(self) -> QWidget:
        actions = QWidget(self)
        self.value_combo = QComboBox(actions)
        self.value_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.keep_button = QPushButton(self.tr("Garder cette valeur"), actions)
        self.merged_edit = QLineEdit(actions)
        self.merged_edit.setPlaceholderText(self.tr("ou saisir une valeur fusionnée"))
        self.merge_button = QPushButton(self.tr("Enregistrer la valeur fusionnée"), actions)
        self.show_conflict_button = QPushButton(self.tr("Afficher l'objet"), actions)
        row = QHBoxLayout(actions)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.value_combo, self.keep_button, self.merged_edit, self.merge_button,
                       self.show_conflict_button):
            row.addWidget(widget)
        return actions

    def _review_actions(self) -> QWidget:
        note = QLabel(self.tr(
            "Deux postes ont pu, chacun hors ligne, respecter une règle et la rompre ensemble. Les données "
            "reçues sont gardées : corrigez l'objet dans sa page (« Afficher l'objet » ou double-clic)."),
            self)
        note.setWordWrap(True)
        self.show_review_button = QPushButton(self.tr("Afficher l'objet"), self)
        return _row(self, note, self.show_review_button)

    def _section(self, table: QTableView, below: QWidget) -> QWidget:
        """A tab: its table, then its actions or explanation."""
        section = QWidget(self)
        column = QVBoxLayout(section)
        column.addWidget(table, 1)
        column.addWidget(below)
        return section

    def _connect(self) -> None:
        self.conflicts_table.selectionModel().selectionChanged.connect(self._on_conflicts_selection_changed)
        self.review_table.selectionModel().selectionChanged.connect(self._on_review_selection_changed)
        self.quarantine_table.selectionModel().selectionChanged.connect(self._on_quarantine_selection_changed)
        self.keep_button.clicked.connect(self._on_keep_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        for table, button in ((self.conflicts_table, self.show_conflict_button),
                              (self.review_table, self.show_review_button)):
            table.activated.connect(self._on_object_table_activated)  # Entrée or a double-click
            button.clicked.connect(partial(self._request_object, table))

    def _conflict_columns(self) -> list[Column]:
        return [Column(self.tr("Objet"), lambda c: c.label),
                Column(self.tr("Champ"), lambda c: c.field),
                Column(self.tr("Valeurs (qui, quand)"), values_text)]

    def _review_columns(self) -> list[Column]:
        return [Column(self.tr("Règle à vérifier"), lambda r: r.rule),
                Column(self.tr("Objet"), lambda r: r.label)]

    def _quarantine_columns(self) -> list[Column]:
        return [Column(self.tr("Fichier"), lambda q: q.name), Column(self.tr("Depuis"), lambda q: when(q.at)),
                Column(self.tr("Motif"), lambda q: q.reason, tooltip=lambda q: q.reason)]

    # -- showing -----------------------------------------------------------------------------------
    def show_status(self, status: SyncStatus | None) -> None:
        """The three lists and their counts in the tab titles; nothing selected, no action enabled."""
        lists = (status.conflicts, status.to_review, status.quarantine) if status else ((), (), ())
        models = (self.conflicts_model, self.review_model, self.quarantine_model)
        tables = (self.conflicts_table, self.review_table, self.quarantine_table)
        titles = (self.tr("Conflits à arbitrer"), self.tr("Points à vérifier"), self.tr("Quarantaine"))
        for index, (items, model, table, title) in enumerate(zip(lists, models, tables, titles, strict=True)):
            model.set_rows(items)
            table.resizeColumnsToContents()
            self.setTabText(index, f"{title} ({len(items)})" if items else title)
        self.retry_button.setEnabled(False)
        self.show_review_button.setEnabled(False)
        self._set_conflict_actions(None)

    def selected_conflict(self) -> ConflictInfo | None:
        rows = self.conflicts_table.selectionModel().selectedRows()
        return self.conflicts_model.row_at(rows[0].row()) if rows else None

    def _set_conflict_actions(self, conflict: ConflictInfo | None) -> None:
        self.value_combo.clear()
        for value in conflict.values if conflict else ():
            self.value_combo.addItem(f"{value.value} ({who_when(value)})", value.raw)
        for widget in (self.value_combo, self.keep_button, self.show_conflict_button):
            widget.setEnabled(conflict is not None)
        mergeable = conflict is not None and not conflict.deletion and conflict.mergeable
        for widget in (self.merged_edit, self.merge_button):  # type: ignore[assignment]
            widget.setEnabled(mergeable)
            widget.setToolTip("" if mergeable or conflict is None else self.tr(
                "Ce champ n'est pas un texte libre : gardez l'une des valeurs, puis corrigez-la dans la "
                "fiche si besoin."))

    # -- what the user asks for --------------------------------------------------------------------
    @Slot()
    def _on_conflicts_selection_changed(self) -> None:
        self._set_conflict_actions(self.selected_conflict())

    @Slot()
    def _on_review_selection_changed(self) -> None:
        self.show_review_button.setEnabled(bool(self.review_table.selectionModel().selectedRows()))

    @Slot()
    def _on_quarantine_selection_changed(self) -> None:
        self.retry_button.setEnabled(bool(self.quarantine_table.selectionModel().selectedRows()))

    @Slot()
    def _on_keep_button_clicked(self) -> None:
        self._resolve(self.value_combo.currentData())

    @Slot()
    def _on_merge_button_clicked(self) -> None:
        self._resolve(self.merged_edit.text())
        self.merged_edit.clear()

    def _resolve(self, value: object) -> None:
        conflict = self.selected_conflict()
        if conflict is not None:
            self.resolve_requested.emit(conflict, value)

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        rows = self.quarantine_table.selectionModel().selectedRows()
        if rows:
            entry = self.quarantine_model.row_at(rows[0].row())
            self.retry_requested.emit(entry.replica_id, entry.name)

    @Slot(QModelIndex)
    def _on_object_table_activated(self, index: QModelIndex) -> None:
        view = self.conflicts_table if index.model() is self.conflicts_model else self.review_table
        self._request_object(view)

    def _request_object(self, view: QTableView, *_args: object) -> None:
        """The object of the selected conflict or point to check, shown in its page (by the window)."""
        rows = view.selectionModel().selectedRows()
        model = view.model()
        if rows and isinstance(model, SummaryTableModel):
            item = model.row_at(rows[0].row())
            self.object_requested.emit(item.table, item.row_id)
