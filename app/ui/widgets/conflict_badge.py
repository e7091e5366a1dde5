"""A red badge marking conflicted fields, with the concurrent values in its tooltip (SYNC.md "In the app").

Detail panes get one per object from `HistoryView.badge`. A form marks one field like this::

    from app.ui.widgets.conflict_badge import ConflictBadge
    badge = ConflictBadge(self)                     # beside the field's label, e.g. in a QHBoxLayout
    badge.set_conflicts(conflicts, field="title")   # `object_conflicts(db, "project", id)` via the runner

`set_conflicts` keeps only that field's conflicts (all of them when `field` is empty) and hides itself
when there are none; where it is safe, a click opens them to arbitrate (app.ui.dialogs.arbitrate_dialog).
`mark_label(label, conflict)` instead tints an existing QLabel and sets its tooltip
(app.ui.widgets.form_conflicts does both for a whole form); `RowMarks` does the same for the cells of
an editing table whose rows are objects (a seat's droits statutaires in the instance form).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QPushButton, QSizePolicy, QTableWidget, QWidget

from app.domain.field_labels import table_label
from app.domain.sync import ConflictInfo
from app.ui.widgets.sync_format import values_text

RED = "#b3261e"
_STYLE = (f"QPushButton#conflict_badge {{ background: #fbe9e7; color: {RED}; border: 1px solid #f1b8b0; "
          "border-radius: 9px; padding: 1px 8px; font-weight: 600; } "
          f"QPushButton#conflict_badge:hover, QPushButton#conflict_badge:focus {{ border-color: {RED}; }}")


def conflict_tooltip(conflict: ConflictInfo) -> str:
    """« Intitulé — valeur en conflit : « A » (qui, quand) / « B » (…) — à arbitrer dans Synchronisation »."""
    return f"{conflict.field} — valeur en conflit : {values_text(conflict)} — à arbitrer dans Synchronisation"


def entered_twice(conflicts: Sequence[ConflictInfo], names: Mapping[str, str] | None = None) -> str:
    """« ⚠ saisi différemment sur deux postes (Voix pour, Voix contre) : à arbitrer dans Synchronisation »:
    a line of the live sheet (a vote, a pouvoir) that two laptops recorded differently. `names`: what to
    call a conflicted row rather than by its field (a ballot: « bulletin « CAF » »), by row id."""
    fields = ", ".join((names or {}).get(c.row_id) or c.field for c in conflicts)
    return f"⚠ saisi différemment sur deux postes ({fields}) : à arbitrer dans Synchronisation"


def mark_label(label: QWidget, conflict: ConflictInfo | None) -> None:
    """Tint a form field's label (or a check box) red with the conflict in its tooltip (or restore it)."""
    label.setStyleSheet(f"color: {RED}; font-weight: 600;" if conflict else "")
    label.setToolTip(conflict_tooltip(conflict) if conflict else "")


_OWN_TIP = Qt.ItemDataRole.UserRole + 7  # a marked cell's tooltip before the mark, given back after it


def mark_cell(table: QTableWidget, row: int, column: int, conflict: ConflictInfo | None) -> None:
    """Tint a cell of an editing table red with the conflict in its tooltip (or restore it): its
    editor when it has one (a combo box, a spin box), else its item."""
    widget = table.cellWidget(row, column)
    if widget is not None:
        mark_label(widget, conflict)
        return
    item = table.item(row, column)
    if item is None:
        return
    blocked = table.blockSignals(True)  # a tint is not an edit
    marked = item.data(_OWN_TIP) is not None
    if conflict is not None and not marked:
        item.setData(_OWN_TIP, item.toolTip())
    if conflict is not None:
        item.setForeground(QBrush(QColor(RED)))
        item.setToolTip(conflict_tooltip(conflict))
    elif marked:
        item.setData(Qt.ItemDataRole.ForegroundRole, None)
        item.setToolTip(item.data(_OWN_TIP))
        item.setData(_OWN_TIP, None)
    table.blockSignals(blocked)


class RowMarks:
    """The conflicts of one table's rows shown in an editing table, cell by cell: `update(conflicts)`
    keeps those of `table` (field → its column, any other field and a deletion on column 0); `mark`
    tints the cells of the rows given by their object ids (hex, None for a row not saved yet)."""

    def __init__(self, table: str, cells: Mapping[str, int], width: int) -> None:
        self.table, self.cells, self.width = table, cells, width
        self.by_row: dict[str, dict[int, ConflictInfo]] = {}

    def update(self, conflicts: Sequence[ConflictInfo]) -> None:
        self.by_row = {}
        for conflict in conflicts:
            if conflict.table == self.table:
                self.by_row.setdefault(conflict.row_id, {})[self.cells.get(conflict.column, 0)] = conflict

    def mark(self, widget: QTableWidget, row_ids: Sequence[str | None]) -> None:
        for row, row_id in enumerate(row_ids[: widget.rowCount()]):
            marks = self.by_row.get(row_id or "", {})
            for column in range(self.width):
                mark_cell(widget, row, column, marks.get(column))


class ConflictBadge(QPushButton):
    """« ⚠ Intitulé en conflit » or « ⚠ 2 champs en conflit »; hidden when nothing is conflicted. A click
    or Espace opens them to arbitrate (app.ui.dialogs.arbitrate_dialog.arbitrate_on_click) in a detail
    pane, the séance en direct and the editing forms: an editing form's save does not undo the choice (it
    writes only what was changed in the form: app.domain.rebase), and the form shows the value kept at
    once in a field left alone (ReceivedNotice)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_badge")
        self.setStyleSheet(_STYLE)
        self.setAutoDefault(False)  # Entrée in a form still saves it
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a plain badge: not a stop for Tab
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # a pill, not a band
        self.conflicts: tuple[ConflictInfo, ...] = ()
        self.owner = ""
        self.arbitrable = False  # a click opens them to arbitrate (arbitrate_on_click)
        self.hide()

    def set_conflicts(self, conflicts: Sequence[ConflictInfo], *, field: str = "", owner: str = "") -> None:
        """`owner`: the table of the object shown; a conflict of one of its parts (a funding line of the
        fiche) is named with the part (« Financement : Montant en conflit »)."""
        self.owner = owner
        self.conflicts = tuple(c for c in conflicts if not field or c.column == field)
        if not self.conflicts:
            self.setText("")
            self.setToolTip("")
            self.hide()
            return
        self.setText(self._text().replace("&", "&&"))  # a button's text: « & » would mark a shortcut
        lines = [self._tooltip(c) for c in self.conflicts]
        hint = [self.tr("Cliquez pour les arbitrer ici.")] if self.arbitrable else []
        self.setToolTip("\n".join([*lines, *hint]))
        self.show()

    def _of_part(self, conflict: ConflictInfo) -> bool:
        return bool(self.owner) and conflict.table != self.owner

    def _tooltip(self, conflict: ConflictInfo) -> str:
        return f"{conflict.label} : {conflict_tooltip(conflict)}" if self._of_part(conflict) else (
            conflict_tooltip(conflict))

    def _text(self) -> str:
        if len(self.conflicts) > 1:
            return self.tr("⚠ %1 champs en conflit").replace("%1", str(len(self.conflicts)))
        conflict = self.conflicts[0]
        part = table_label(conflict.table) if self._of_part(conflict) else ""
        if conflict.deletion:
            return (self.tr("⚠ %1 : supprimé ici / modifié là").replace("%1", part) if part
                    else self.tr("⚠ Supprimé ici / modifié là"))
        field = f"{part} : {conflict.field}" if part else conflict.field
        return self.tr("⚠ %1 en conflit").replace("%1", field)
