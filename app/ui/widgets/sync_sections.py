"""The lower half of the Synchronisation page: tabs « Conflits à arbitrer », « Points à vérifier » (rules
merging cannot keep) and « Quarantaine », each with its count, its table and its actions (SYNC.md "In
the app"), then « Modifications reçues », what colleagues changed on their workstations (the history of
every object, read from the same log, newest first). It asks, through signals, for what the page then
runs in the worker: keep one value or a merged one, retry a quarantined file, show an object in its
page."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.sync import ConflictInfo, QuarantineInfo, ReceivedChange, SyncStatus
from app.formatting import short_date_time
from app.ui.item_models.summary_table_model import Column, SummaryTableModel
from app.ui.widgets.conflict_list import ConflictList, sync_table
from app.ui.widgets.sync_format import hlc_moment, when, who_on


def _row(parent: QWidget, *widgets: QWidget) -> QWidget:
    """Widgets side by side, the first one stretched (an explanation, then its buttons)."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if index == 0 else 0)
    return row


class SyncSections(QTabWidget):
    """`show_status(status)` fills the four tabs; the signals carry what the user asked for."""

    resolve_requested = Signal(object, object)  # ConflictInfo, the value kept or typed
    retry_requested = Signal(str, str)  # replica id, file name
    object_requested = Signal(str, str)  # table, row id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict_list = ConflictList(self)
        conflicts = self.conflict_list  # its parts, as the page names them
        self.conflicts_model, self.conflicts_table = conflicts.model, conflicts.table
        self.value_combo, self.keep_button = conflicts.value_combo, conflicts.keep_button
        self.merged_edit, self.merge_button = conflicts.merged_edit, conflicts.merge_button
        self.show_conflict_button = conflicts.show_button
        self.review_model = SummaryTableModel(self._review_columns(), self)
        self.quarantine_model = SummaryTableModel(self._quarantine_columns(), self)
        self.review_table = sync_table(self.review_model, self.tr(
            "Rien à vérifier : les règles que la fusion ne peut pas garantir (un seul pilote par projet, "
            "des numéros de délibération uniques…) sont respectées."), self)
        self.quarantine_table = sync_table(self.quarantine_model, self.tr(
            "Aucun fichier en quarantaine : tout ce qui a été reçu était authentique et lisible."), self)
        self.addTab(self.conflict_list, "")
        self.addTab(self._section(self.review_table, self._review_actions()), "")
        self.retry_button = QPushButton(self.tr("Réessayer au prochain tour"), self)
        self.addTab(self._section(self.quarantine_table, self.retry_button), "")
        self._workstations: dict[str, str] = {}  # replica id → label, for « Qui »
        self.received_model = SummaryTableModel(self._received_columns(), self)
        self.received_table = sync_table(self.received_model, "", self)
        self.addTab(self._section(self.received_table, self._received_actions()), self.tr(
            "Modifications reçues"))
        self._connect()
        self.show_status(None)

    # -- construction ------------------------------------------------------------------------------
    def _review_actions(self) -> QWidget:
        note = QLabel(self.tr(
            "Deux postes ont pu, chacun hors ligne, respecter une règle et la rompre ensemble. Les données "
            "reçues sont gardées : corrigez l'objet dans sa page (« Afficher l'objet » ou double-clic)."),
            self)
        note.setWordWrap(True)
        self.show_review_button = QPushButton(self.tr("Afficher l'objet"), self)
        return _row(self, note, self.show_review_button)

    def _received_actions(self) -> QWidget:
        self.received_note = QLabel(self)
        self.received_note.setWordWrap(True)
        self.show_received_button = QPushButton(self.tr("Afficher l'objet"), self)
        return _row(self, self.received_note, self.show_received_button)

    def _show_joined(self, joined: str) -> None:
        """Say where the list starts when this workstation was loaded from the share's snapshot: the base
        received then is not a colleague's changes."""
        if not joined:
            self.received_note.setText(self.tr(
                "Les dernières modifications faites sur les autres postes, les plus récentes d'abord ; "
                "l'historique complet de chaque objet est dans sa page."))
            self.received_table.set_hint(self.tr(
                "Aucune modification reçue pour l'instant : ce que vos collègues modifient sur leurs postes "
                "apparaît ici après chaque tour."))
            return
        self.received_note.setText(self.tr(
            "Les dernières modifications faites sur les autres postes depuis le chargement de ce poste, "
            "le {}, les plus récentes d'abord ; l'historique complet de chaque objet est dans sa "
            "page.").format(when(joined)))
        self.received_table.set_hint(self.tr(
            "Aucune modification reçue depuis le chargement de ce poste, le {} : les données reçues alors "
            "ne sont pas listées ; ce que vos collègues modifient apparaît ici après chaque tour.").format(
            when(joined)))

    def _section(self, table: QTableView, below: QWidget) -> QWidget:
        """A tab: its table, then its actions or explanation."""
        section = QWidget(self)
        column = QVBoxLayout(section)
        column.addWidget(table, 1)
        column.addWidget(below)
        return section

    def _connect(self) -> None:
        self.conflict_list.resolve_requested.connect(self.resolve_requested)
        self.conflict_list.object_requested.connect(self.object_requested)
        self.review_table.selectionModel().selectionChanged.connect(self._on_review_selection_changed)
        self.quarantine_table.selectionModel().selectionChanged.connect(self._on_quarantine_selection_changed)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.review_table.activated.connect(self._on_review_table_activated)  # Entrée or a double-click
        self.show_review_button.clicked.connect(self._on_review_table_activated)
        self.received_table.selectionModel().selectionChanged.connect(self._on_received_selection_changed)
        self.received_table.activated.connect(self._on_received_table_activated)
        self.show_received_button.clicked.connect(self._on_received_table_activated)

    def _review_columns(self) -> list[Column]:
        return [Column(self.tr("Règle à vérifier"), lambda r: r.rule),
                Column(self.tr("Objet"), lambda r: r.label)]

    def _received_columns(self) -> list[Column]:
        return [Column(self.tr("Quand"), lambda c: short_date_time(hlc_moment(c.entry.hlc)),
                       lambda c: c.entry.hlc),
                Column(self.tr("Qui"), self._who, tooltip=self._who, max_width=220),
                Column(self.tr("Objet"), lambda c: c.label, tooltip=lambda c: c.label, max_width=320),
                Column(self.tr("Champ"), lambda c: c.entry.field, max_width=200),
                Column(self.tr("Modification"), lambda c: c.change, tooltip=lambda c: c.change, stretch=True)]

    def _who(self, change: ReceivedChange) -> str:
        replica = change.entry.replica_id
        return who_on(change.entry.author, self._workstations.get(replica) or f"poste {replica[:8]}")

    def _quarantine_columns(self) -> list[Column]:
        return [Column(self.tr("Fichier"), _file_label, tooltip=lambda q: q.name),
                Column(self.tr("Depuis"), lambda q: when(q.at)),
                Column(self.tr("Motif"), lambda q: q.reason, tooltip=lambda q: q.reason)]

    # -- showing -----------------------------------------------------------------------------------
    def show_status(self, status: SyncStatus | None) -> None:
        """The three lists and their counts in the tab titles; nothing selected, no action enabled."""
        lists = (status.conflicts, status.to_review, status.quarantine) if status else ((), (), ())
        self.conflict_list.show_conflicts(lists[0])
        self.review_model.set_rows(lists[1])
        self.review_table.resizeColumnsToContents()
        self.quarantine_model.set_rows(lists[2])
        self.quarantine_table.resizeColumnsToContents()
        self._workstations = {p.replica_id: p.label for p in status.peers if p.label} if status else {}
        self.received_model.set_rows(status.received if status else ())
        self._show_joined(status.joined if status else "")
        self.received_table.resizeColumnsToContents()
        titles = (self.tr("Conflits à arbitrer"), self.tr("Points à vérifier"), self.tr("Quarantaine"))
        for index, (items, title) in enumerate(zip(lists, titles, strict=True)):
            self.setTabText(index, f"{title} ({len(items)})" if items else title)
        self.retry_button.setEnabled(False)
        self.show_review_button.setEnabled(False)
        self.show_received_button.setEnabled(False)

    def selected_conflict(self) -> ConflictInfo | None:
        return self.conflict_list.selected()

    # -- what the user asks for --------------------------------------------------------------------
    @Slot()
    def _on_review_selection_changed(self) -> None:
        self.show_review_button.setEnabled(bool(self.review_table.selectionModel().selectedRows()))

    @Slot()
    def _on_received_selection_changed(self) -> None:
        self.show_received_button.setEnabled(bool(self.received_table.selectionModel().selectedRows()))

    @Slot()
    def _on_received_table_activated(self, *_args: object) -> None:
        """The object the selected change is about, shown in its page (by the window)."""
        rows = self.received_table.selectionModel().selectedRows()
        if rows:
            change = self.received_model.row_at(rows[0].row())
            self.object_requested.emit(change.entry.table, change.row_id)

    @Slot()
    def _on_quarantine_selection_changed(self) -> None:
        self.retry_button.setEnabled(bool(self.quarantine_table.selectionModel().selectedRows()))

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        rows = self.quarantine_table.selectionModel().selectedRows()
        if rows:
            entry = self.quarantine_model.row_at(rows[0].row())
            self.retry_requested.emit(entry.replica_id, entry.name)

    @Slot()
    def _on_review_table_activated(self, *_args: object) -> None:
        """The object of the selected point to check, shown in its page (by the window)."""
        rows = self.review_table.selectionModel().selectedRows()
        if rows:
            item = self.review_model.row_at(rows[0].row())
            self.object_requested.emit(item.table, item.row_id)


def _file_label(entry: QuarantineInfo) -> str:
    """A segment by its name; a document by the start of its SHA-256 (its name is in the reason)."""
    if entry.name.startswith("files/"):
        return f"Document {entry.name[6:18]}…"
    return entry.name
