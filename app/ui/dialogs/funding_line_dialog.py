"""A line of a project's financing plan, new or edited: funder, fiscal year, amount typed the French way,
nature, act; each wrong field gets its French message underneath (issue 5). What is typed is kept against
a crash (DraftKeeper)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.db import job
from app.domain.cofunding import LINE_FIELDS, FundingLineInfo, InvalidFundingLineError
from app.domain.enums import FundingNature
from app.domain.field_labels import field_label
from app.domain.project_form import Choice
from app.domain.rebase import EditedElsewhereError, attributes
from app.formatting import euros
from app.services.funding import project_funding_lines, save_funding_line
from app.ui.dialogs.save_in_flight import SaveInFlight
from app.ui.dialogs.saving_dialog import DiscardGuard
from app.ui.draft_keeper import DraftKeeper
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_conflicts import FormConflicts
from app.ui.widgets.form_fields import INVALID_STYLE, error_label, find_data, french_spaces, select_code
from app.ui.widgets.received_notice import ReceivedNotice, Taken, picked, take_into
from app.ui.widgets.screen_fit import grow_to_content

_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_euros(text: str) -> int | None:
    """"12 500,50" (or "12500.5", "12 500 €") → 1250050 cents; None when it is not an amount."""
    cleaned = _SPACES.sub("", text).removesuffix("€").replace(",", ".")
    if not cleaned or cleaned.count(".") > 1:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    cents = value * 100
    return int(cents) if cents == cents.to_integral_value() and value >= 0 else None


class FundingLineDialog(DiscardGuard):
    """Add a line to the plan of `project_id`, or edit `line`; `saved_line` holds the service's answer."""

    def __init__(self, runner: TaskRunner, project_id: uuid.UUID, funders: tuple[Choice, ...],
                 parent: QWidget | None = None, *, line: FundingLineInfo | None = None) -> None:
        super().__init__(parent)
        self._runner, self._project_id, self._line = runner, project_id, line
        self.saved_line: FundingLineInfo | None = None
        self.before_save: FundingLineInfo | None = None  # the edited line as stored before the save
        self._sent: dict[str, Any] = {}  # what the last save asked to write
        self.setWindowTitle(self.tr("Modifier la ligne de financement") if line else
                            self.tr("Nouvelle ligne de financement"))
        self.setMinimumWidth(560)
        self.funder = QComboBox(self)
        self.funder.addItem(self.tr("— choisir le financeur —"), None)
        for choice in funders:
            self.funder.addItem(choice.label, choice.id)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("par exemple 12 500,50"))
        self.nature = QComboBox(self)
        for nature in FundingNature:
            self.nature.addItem(nature.label, nature)
        self.act = QLineEdit(self)
        self.act.setPlaceholderText(self.tr("numéro de délibération ou référence de convention"))
        self.errors = {name: error_label(self) for name in LINE_FIELDS.values()}
        self.amount_error = self.errors["amount"]
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.saving = SaveInFlight(self.buttons.button(QDialogButtonBox.StandardButton.Save))
        self._build_form()
        if line is not None:
            self._fill(line)
            self.form_conflicts = FormConflicts(self, runner, "funding_line", line.id, {
                "funder_id": self.funder, "fiscal_year": self.year, "amount_cents": self.amount,
                "nature": self.nature, "act_reference": self.act})
            form = self.layout()
            assert isinstance(form, QFormLayout)
            form.insertRow(0, self.form_conflicts.badge)
            self.form_conflicts.reload()
            self.received = ReceivedNotice(self, runner)  # a round changed the line since it was opened
            form.insertRow(1, self.received)
            self.received.watch(picked(job(project_funding_lines, project_id), line.id), self._take)
        self._opened_with = self._typed()  # a new line's « Annuler » compares with it
        self.drafts = DraftKeeper(self, f"ligne-{line.id}" if line else f"ligne-nouvelle-{project_id}",
                                  self._draft_state)
        self.drafts.take_back_when_shown(self.tr("cette ligne de financement"), self._show)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    @override
    def unsaved(self) -> bool:
        typed = self._typed()
        if typed["amount_cents"] is None and self.amount.text().strip():
            return True  # something typed that is not an amount yet
        return typed != (attributes(self._line, LINE_FIELDS) if self._line else self._opened_with)

    def _draft_state(self) -> tuple[Any, Any] | None:
        """Nothing new while the amount is half-typed (« 12 5 »): the state kept before stays."""
        if not self.unsaved():
            return None
        typed = self._typed()
        if typed["amount_cents"] is None and self.amount.text().strip():
            raise ValueError("not an amount yet")
        return (attributes(self._line, LINE_FIELDS) if self._line else self._opened_with), typed

    def _build_form(self) -> None:
        form = QFormLayout(self)
        for label, widget, name in ((self.tr("Financeur * :"), self.funder, "funder"),
                                    (self.tr("Exercice * :"), self.year, "fiscal_year"),
                                    (self.tr("Montant (€) * :"), self.amount, "amount"),
                                    (self.tr("Nature :"), self.nature, "nature"),
                                    (self.tr("Acte :"), self.act, "act")):
            form.addRow(label, widget)
            widget.setAccessibleName(label.rstrip(" :*"))
            form.addRow("", self.errors[name])
        note = (self.tr("Statut de la ligne : « %1 ». Il progresse depuis le plan, jamais en arrière.")
                .replace("%1", self._line.status.label.lower()) if self._line else
                self.tr("La ligne est créée « prévisionnelle » ; elle progresse ensuite dans le plan "
                        "(sollicité, notifié, engagé, versé, soldé)."))
        hint = QLabel(french_spaces(note), self)
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow(self.buttons)

    def _fill(self, line: FundingLineInfo) -> None:
        self._show(attributes(line, LINE_FIELDS))

    def _show(self, values: Mapping[str, Any]) -> None:
        """Show these fields' values (by attribute, as _typed gives them)."""
        for name, value in values.items():
            if name == "funder_id":
                self.funder.setCurrentIndex(max(find_data(self.funder, value), 0))
            elif name == "fiscal_year":
                self.year.setValue(value)
            elif name == "amount_cents":
                self.amount.setText("" if value is None else euros(value).removesuffix("\u00a0€"))
            elif name == "nature":
                select_code(self.nature, value)
            else:
                self.act.setText(value)

    def _take(self, fresh: FundingLineInfo | None) -> Taken | None:
        """A round changed the line: shown anew when nothing was changed in the form, else in the fields
        left alone (ReceivedNotice)."""
        if fresh is None or self._line is None:
            return Taken()
        base, taken = take_into(attributes(self._line, LINE_FIELDS), self._typed(),
                                attributes(fresh, LINE_FIELDS), self._show,
                                lambda name: field_label("funding_line", name))
        self._line = replace(fresh, **base)
        return taken

    def _typed(self) -> dict[str, Any]:
        """The form's fields as save_funding_line takes them (the amount None when it is not one)."""
        return {"funder_id": self.funder.currentData(), "fiscal_year": self.year.value(),
                "amount_cents": parse_euros(self.amount.text()), "nature": self.nature.currentData(),
                "act_reference": self.act.text().strip()}

    @Slot()
    def _on_buttons_accepted(self) -> None:
        cents = parse_euros(self.amount.text())
        if cents is None:
            message = self.tr("« %1 » n'est pas un montant : tapez par exemple 12 500,50.")
            self.show_problems({"amount": message.replace("%1", self.amount.text())})
            return
        self._sent = {**self._typed(), "amount_cents": cents}
        save = job(save_funding_line, self._project_id, **self._sent,
                   line_id=self._line.id if self._line else None, base=self._line)
        self.saving.submit(self._runner, save, owner=self, on_success=self._on_saved,
                           on_error=self._on_save_failed)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each message under its field, the field outlined in red; the first wrong field gets the focus."""
        widgets = dict(zip(LINE_FIELDS.values(), (self.funder, self.year, self.amount, self.nature, self.act),
                           strict=True))
        for name, label in self.errors.items():
            label.setText(french_spaces(problems.get(name, "")))
            label.setVisible(name in problems)
            widgets[name].setStyleSheet(INVALID_STYLE if name in problems else "")
        first = next((widgets[name] for name in widgets if name in problems), None)
        if first is not None:
            first.setFocus()
        grow_to_content(self)

    def _on_save_failed(self, exc: Exception) -> None:
        if isinstance(exc, EditedElsewhereError):  # saving again keeps the user's values knowingly
            self._line = replace(self._line, **exc.theirs) if self._line else None
        if isinstance(exc, InvalidFundingLineError | EditedElsewhereError):
            self.show_problems(exc.problems)
        else:
            show_error(self, exc)

    def _on_saved(self, line: FundingLineInfo) -> None:
        self.saved_line = line
        if self._line is not None:  # what undo puts back: the fields changed here, as they were
            changed = {name: getattr(self._line, name) for name, value in self._sent.items()
                       if getattr(self._line, name) != value}
            self.before_save = replace(line, **changed, funder=self._line.funder if "funder_id" in changed
                                       else line.funder)
        self.accept()
