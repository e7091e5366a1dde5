"""The seats of a body and the representatives of the selected seat (« Modifier l'instance… », issue 4).

Droits statutaires are typed as percentages (French decimal comma); the total of the voting seats is shown
under the table, in red with what is missing or in excess when weighted votes need 100 %. A field of a seat
or of a representative in sync conflict is tinted red in its cell, the values in its tooltip
(`mark_conflicts`, given the instance's conflicts by the form)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import partial

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.body_editing import RepresentativeForm, SeatForm
from app.domain.meeting_desk import Choice
from app.domain.sync import ConflictInfo
from app.formatting import number
from app.ui.i18n import FRENCH
from app.ui.widgets.conflict_badge import RowMarks

NO_DATE = QDate(1900, 1, 1)  # a date editor's minimum, shown as « — »
ORG, RIGHTS, VOTE = range(3)
NAME, TITLE, QUALITY, EMAIL, FROM, TO = range(6)
# Where a conflicted field is marked (a row's other fields, its deletion or its order: its first cell)
SEAT_CELLS = {"organisation_id": ORG, "voting_rights": RIGHTS, "has_vote": VOTE}
PERSON_CELLS = {"full_name": NAME, "title": TITLE, "is_substitute": QUALITY, "email": EMAIL,
                "valid_from": FROM, "valid_to": TO}
CHECKABLE = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def rights_label(value: Decimal) -> str:
    decimals = 0 if value == value.to_integral_value() else 2
    return f"{number(value, decimals=decimals)}\u00a0%"


def _date_editor(parent: QWidget, day: date | None) -> QDateEdit:
    editor = QDateEdit(parent)
    editor.setLocale(FRENCH)
    editor.setCalendarPopup(True)
    editor.setDisplayFormat("dd/MM/yyyy")
    editor.setMinimumDate(NO_DATE)
    editor.setSpecialValueText("—")
    editor.setDate(QDate(day.year, day.month, day.day) if day else NO_DATE)
    return editor


def _date_of(editor: QWidget | None) -> date | None:
    assert isinstance(editor, QDateEdit)
    if editor.date() == NO_DATE:
        return None
    day = editor.date().toPython()
    assert isinstance(day, date)
    return day


def _tipped_item(text: str) -> QTableWidgetItem:
    """A cell whose full text shows in a tooltip (a long e-mail address is cut by its column)."""
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


def _hex_ids(forms: Sequence[SeatForm] | Sequence[RepresentativeForm]) -> list[str | None]:
    return [form.id.hex if form.id else None for form in forms]


def _checked(table: QTableWidget, row: int, column: int) -> bool:
    item = table.item(row, column)
    return item is not None and item.checkState() is Qt.CheckState.Checked


class SeatsEditor(QWidget):
    """`set_seats()` then `seats()`: the seats in order, each with its representatives. « Nouvelle
    organisation… » asks the dialog (`organisation_wanted`), which hands it to `add_organisation`."""

    organisation_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._organisations: tuple[Choice, ...] = ()
        self._forms: list[SeatForm] = []  # ids, « in use » flags and people behind the table's rows
        self._shown = -1
        self._seat_marks = RowMarks("seat", SEAT_CELLS, len(SEAT_CELLS))
        self._person_marks = RowMarks("representative", PERSON_CELLS, len(PERSON_CELLS))
        self.weighted = True
        self.locked = False  # a séance of the body is open: seats frozen, representatives editable
        self.table = self._make_table([self.tr("Organisation membre"), self.tr("Droits statutaires"),
                                       self.tr("Voix délibérative")])
        self.total = QLabel(self)
        self.total.setWordWrap(True)
        self.people_title = QLabel(self)
        self.people = self._make_table([self.tr("Nom"), self.tr("Fonction"), self.tr("Qualité"),
                                        self.tr("Courriel"), self.tr("Mandat du"), self.tr("au")])
        self.people.horizontalHeader().setStretchLastSection(False)
        self.people.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NAME, 170), (QUALITY, 110), (EMAIL, 230), (FROM, 125), (TO, 125)):
            self.people.setColumnWidth(column, width)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        self.buttons = self._make_buttons()
        self._build_layout()
        self.table.currentCellChanged.connect(self._on_table_current_cell_changed)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.people.itemChanged.connect(self._on_people_item_changed)

    def _make_table(self, headers: Sequence[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().setVisible(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setStretchLastSection(True)
        table.setTabKeyNavigation(False)  # Tab goes from one field to the next
        return table

    def _make_buttons(self) -> dict[str, QPushButton]:
        specs = {
            "add": (self.tr("Ajouter un siège"), "", self.add_seat),
            "organisation": (self.tr("Nouvelle organisation…"), "", self._on_organisation_button_clicked),
            "remove": (self.tr("Supprimer le siège"), "", self.remove_seat),
            "up": (self.tr("Monter"), "Ctrl+Up", partial(self.move_seat, -1)),
            "down": (self.tr("Descendre"), "Ctrl+Down", partial(self.move_seat, 1)),
            "add_person": (self.tr("Ajouter un représentant"), "", self.add_person),
            "remove_person": (self.tr("Supprimer le représentant"), "", self.remove_person),
        }
        buttons = {}
        for key, (text, shortcut, slot) in specs.items():
            button = QPushButton(text, self)
            if shortcut:
                button.setShortcut(QKeySequence(shortcut))
                button.setToolTip(f"{text} ({shortcut.replace('Up', '↑').replace('Down', '↓')})")
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons[key] = button
        return buttons

    def _build_layout(self) -> None:
        seat_buttons = QHBoxLayout()
        for key in ("add", "organisation", "remove", "up", "down"):
            seat_buttons.addWidget(self.buttons[key])
        seat_buttons.addStretch(1)
        people_buttons = QHBoxLayout()
        for key in ("add_person", "remove_person"):
            people_buttons.addWidget(self.buttons[key])
        people_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(seat_buttons)
        layout.addWidget(self.total)
        layout.addWidget(self.people_title)
        layout.addWidget(self.people, 2)
        layout.addLayout(people_buttons)
        layout.addWidget(self.message)

    # -- filling ---------------------------------------------------------------------------------
    def set_seats(self, seats: Sequence[SeatForm], organisations: Sequence[Choice]) -> None:
        self._organisations = tuple(organisations)
        self._rebuild(list(seats), 0)

    def _rebuild(self, forms: list[SeatForm], current: int) -> None:
        self._forms, self._shown = forms, -1
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for form in forms:
            self._append_seat(form)
        self.table.blockSignals(False)
        self.table.resizeColumnToContents(RIGHTS)
        self.table.setColumnWidth(ORG, 320)
        if forms:
            self.table.setCurrentCell(min(max(current, 0), len(forms) - 1), ORG)
        self._show_people(self.table.currentRow())
        self.update_total()
        self._seat_marks.mark(self.table, _hex_ids(forms))

    def _append_seat(self, form: SeatForm) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox(self.table)
        combo.addItem(self.tr("— choisir —"), None)
        for choice in self._organisations:
            combo.addItem(choice.label, choice.id)
            if choice.id == form.organisation_id:
                combo.setCurrentIndex(combo.count() - 1)
        combo.currentIndexChanged.connect(self._on_seat_organisation_changed)
        combo.setEnabled(not self.locked)
        self.table.setCellWidget(row, ORG, combo)
        rights = QDoubleSpinBox(self.table)
        rights.setLocale(FRENCH)
        rights.setRange(0, 100)
        rights.setDecimals(2)
        rights.setSuffix("\u00a0%")
        rights.setValue(float(form.voting_rights))
        rights.valueChanged.connect(self._on_rights_value_changed)
        rights.setEnabled(not self.locked)
        self.table.setCellWidget(row, RIGHTS, rights)
        vote = QTableWidgetItem(self.tr("oui") if form.has_vote else self.tr("non (invité)"))
        vote.setFlags(CHECKABLE & ~Qt.ItemFlag.ItemIsUserCheckable if self.locked else CHECKABLE)
        vote.setCheckState(Qt.CheckState.Checked if form.has_vote else Qt.CheckState.Unchecked)
        self.table.setItem(row, VOTE, vote)

    def set_locked(self, locked: bool) -> None:
        """Freeze the seats (organisation, rights, vote, order), keep the representatives editable."""
        self.locked = locked
        self._rebuild(self.seats(), max(self.table.currentRow(), 0))
        self.buttons["add"].setEnabled(not locked)
        self.buttons["organisation"].setEnabled(not locked)

    # -- reading ---------------------------------------------------------------------------------
    def seats(self) -> list[SeatForm]:
        """The table as SeatForms, with the people of the seat being edited taken from its table."""
        self._keep_people()
        return [self._seat_at(row) for row in range(self.table.rowCount())]

    def _seat_at(self, row: int) -> SeatForm:
        combo, rights = self.table.cellWidget(row, ORG), self.table.cellWidget(row, RIGHTS)
        assert isinstance(combo, QComboBox) and isinstance(rights, QDoubleSpinBox)
        value = Decimal(str(round(rights.value(), 2))).normalize()
        has_vote = _checked(self.table, row, VOTE)
        return replace(self._forms[row], organisation_id=combo.currentData(), voting_rights=value,
                       has_vote=has_vote, organisation=combo.currentText() if combo.currentData() else "")

    def _keep_people(self) -> None:
        if 0 <= self._shown < len(self._forms):
            people = tuple(self.persons())
            self._forms[self._shown] = replace(self._forms[self._shown], representatives=people)

    def persons(self) -> list[RepresentativeForm]:
        result = []
        for row in range(self.people.rowCount()):
            quality = self.people.cellWidget(row, QUALITY)
            assert isinstance(quality, QComboBox)
            name = self.people.item(row, NAME)
            item_id = name.data(Qt.ItemDataRole.UserRole) if name is not None else None
            result.append(RepresentativeForm(
                item_id, self._text(row, NAME), self._text(row, TITLE), quality.currentIndex() == 1,
                self._text(row, EMAIL), _date_of(self.people.cellWidget(row, FROM)),
                _date_of(self.people.cellWidget(row, TO))))
        return result

    def _text(self, row: int, column: int) -> str:
        item = self.people.item(row, column)
        return item.text().strip() if item is not None else ""

    # -- people of the current seat ---------------------------------------------------------------
    def _show_people(self, row: int) -> None:
        self._keep_people()
        self._shown = row
        self.people.setRowCount(0)
        has_seat = 0 <= row < len(self._forms)
        for key in ("remove", "up", "down", "add_person", "remove_person"):
            self.buttons[key].setEnabled(has_seat and (key.endswith("person") or not self.locked))
        if not has_seat:
            self.people_title.setText(self.tr("Ajoutez un siège pour y inscrire ses représentants."))
            return
        people = self._forms[row].representatives
        for person in people:
            self._append_person(person)
        self._title_people()
        self._person_marks.mark(self.people, _hex_ids(people))

    # -- sync conflicts --------------------------------------------------------------------------
    def mark_conflicts(self, conflicts: Sequence[ConflictInfo]) -> None:
        """Tint the cells of the seats' and representatives' fields in conflict (the instance's
        conflicts with its parts); kept for the rows shown later (another seat's people)."""
        self._seat_marks.update(conflicts)
        self._person_marks.update(conflicts)
        self._seat_marks.mark(self.table, _hex_ids(self._forms))
        shown = self._forms[self._shown].representatives if 0 <= self._shown < len(self._forms) else ()
        self._person_marks.mark(self.people, _hex_ids(shown))

    def _title_people(self) -> None:
        name = self._seat_at(self._shown).organisation or self.tr("nouveau siège")
        title = self.tr("<b>Représentants du siège « %1 »</b> (titulaires et suppléants, avec leur mandat)")
        if self.people.rowCount() == 0:
            title += self.tr(" — aucun pour l'instant : « Ajouter un représentant » pour inscrire le "
                             "titulaire.")
        self.people_title.setText(title.replace("%1", name))

    def _append_person(self, person: RepresentativeForm) -> int:
        row = self.people.rowCount()
        self.people.insertRow(row)
        name = QTableWidgetItem(person.full_name)
        name.setData(Qt.ItemDataRole.UserRole, person.id)
        self.people.setItem(row, NAME, name)
        self.people.setItem(row, TITLE, QTableWidgetItem(person.title))
        quality = QComboBox(self.people)
        quality.addItems([self.tr("Titulaire"), self.tr("Suppléant")])
        quality.setCurrentIndex(1 if person.is_substitute else 0)
        self.people.setCellWidget(row, QUALITY, quality)
        self.people.setItem(row, EMAIL, _tipped_item(person.email))
        self.people.setCellWidget(row, FROM, _date_editor(self.people, person.valid_from))
        self.people.setCellWidget(row, TO, _date_editor(self.people, person.valid_to))
        return row

    def add_organisation(self, organisation: Choice) -> None:
        """An organisation just declared: listed, and seated on the current seat when it has none yet,
        else on a new seat."""
        forms, current = self.seats(), self.table.currentRow()
        if organisation.id not in {choice.id for choice in self._organisations}:
            self._organisations = tuple(sorted((*self._organisations, organisation), key=lambda c: c.label))
        if organisation.id not in {form.organisation_id for form in forms}:
            if 0 <= current < len(forms) and forms[current].organisation_id is None:
                forms[current] = replace(forms[current], organisation_id=organisation.id)
            else:
                forms.append(SeatForm(None, organisation.id, Decimal(0), True))
                current = len(forms) - 1
        self._rebuild(forms, current)

    @property
    def organisations(self) -> tuple[Choice, ...]:
        return self._organisations

    # -- actions ---------------------------------------------------------------------------------
    @Slot()
    def _on_organisation_button_clicked(self) -> None:
        self.organisation_wanted.emit()

    @Slot()
    def add_seat(self) -> None:
        forms = self.seats()
        forms.append(SeatForm(None, None, Decimal(0), True))
        self._rebuild(forms, len(forms) - 1)
        self.table.cellWidget(len(forms) - 1, ORG).setFocus()

    @Slot()
    def remove_seat(self) -> None:
        row = self.table.currentRow()
        forms = self.seats()
        if not 0 <= row < len(forms):
            return
        if forms[row].in_use:
            self.message.setText(self.tr("Le siège « %1 » figure dans les présences, pouvoirs ou votes de "
                                         "séances passées : il ne peut pas être supprimé.")
                                 .replace("%1", forms[row].organisation))
            return
        self.message.clear()
        del forms[row]
        self._rebuild(forms, row)

    def move_seat(self, step: int) -> None:
        row = self.table.currentRow()
        forms = self.seats()
        if 0 <= row < len(forms) and 0 <= row + step < len(forms):
            forms[row], forms[row + step] = forms[row + step], forms[row]
            self._rebuild(forms, row + step)

    @Slot()
    def add_person(self) -> None:
        if 0 <= self._shown < len(self._forms):
            row = self._append_person(RepresentativeForm(None, ""))
            self._title_people()
            self.people.setCurrentCell(row, NAME)
            self.people.setFocus()
            if (cell := self.people.item(row, NAME)) is not None:
                self.people.editItem(cell)

    @Slot()
    def remove_person(self) -> None:
        if (row := self.people.currentRow()) >= 0:
            self.people.removeRow(row)
            self._title_people()

    # -- total -------------------------------------------------------------------------------------
    def set_weighted(self, weighted: bool) -> None:
        self.weighted = weighted
        self.update_total()

    def update_total(self) -> None:
        voting = [self._seat_at(row).voting_rights for row in range(self.table.rowCount())
                  if _checked(self.table, row, VOTE)]
        total = sum(voting, Decimal(0))
        text = self.tr("Total des droits statutaires des sièges avec voix délibérative : %1") \
            .replace("%1", rights_label(total))
        wrong = self.weighted and bool(voting) and total != 100
        if wrong:
            gap = 100 - total
            text += " — " + (self.tr("il manque %1").replace("%1", rights_label(gap)) if gap > 0
                             else self.tr("%1 de trop").replace("%1", rights_label(-gap)))
            text += self.tr(" : les votes étant pondérés, le total doit faire 100\u00a0%.")
        self.total.setText(text)
        self.total.setStyleSheet("color: #b3261e; font-weight: bold" if wrong else "")

    @Slot(int, int, int, int)
    def _on_table_current_cell_changed(self, row: int, _column: int, previous: int, _prev_col: int) -> None:
        if row != previous:
            self._show_people(row)

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == VOTE:
            voting = item.checkState() is Qt.CheckState.Checked
            self.table.blockSignals(True)
            item.setText(self.tr("oui") if voting else self.tr("non (invité)"))
            self.table.blockSignals(False)
            self.update_total()

    @Slot(QTableWidgetItem)
    def _on_people_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == EMAIL and item.toolTip() != item.text():
            item.setToolTip(item.text())  # typed or pasted: the tooltip follows

    @Slot(float)
    def _on_rights_value_changed(self, _value: float) -> None:
        self.update_total()

    @Slot(int)
    def _on_seat_organisation_changed(self, _index: int) -> None:
        if 0 <= self._shown < self.table.rowCount():
            self._title_people()
