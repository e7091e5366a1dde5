"""A line of a project's financing plan: funder, fiscal year, amount typed the French way, nature, act."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.db import job
from app.domain.cofunding import FundingLineInfo
from app.domain.enums import FundingNature
from app.domain.project_form import Choice
from app.formatting import euros
from app.services.funding import save_funding_line
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_fields import INVALID_STYLE, error_label

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


class FundingLineDialog(QDialog):
    """Add a line to the plan of `project_id`; `saved_line` holds the service's answer once accepted."""

    def __init__(self, runner: TaskRunner, project_id: uuid.UUID, funders: tuple[Choice, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._project_id = runner, project_id
        self.saved_line: FundingLineInfo | None = None
        self.setWindowTitle(self.tr("Nouvelle ligne de financement"))
        self.funder = QComboBox(self)
        for choice in funders:
            self.funder.addItem(choice.label, choice.id)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("par exemple 12 500,50"))
        self.amount_error = error_label(self)
        self.nature = QComboBox(self)
        for nature in FundingNature:
            self.nature.addItem(nature.label, nature)
        self.act = QLineEdit(self)
        self.act.setPlaceholderText(self.tr("numéro de délibération ou référence de convention"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        form = QFormLayout(self)
        form.addRow(self.tr("Financeur :"), self.funder)
        form.addRow(self.tr("Exercice :"), self.year)
        form.addRow(self.tr("Montant (€) :"), self.amount)
        form.addRow("", self.amount_error)
        form.addRow(self.tr("Nature :"), self.nature)
        form.addRow(self.tr("Acte :"), self.act)
        form.addRow(QLabel(self.tr("La ligne est créée « prévisionnelle » ; elle progresse ensuite dans le "
                                   "plan (sollicité, notifié, engagé, versé, soldé)."), self))
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        cents = parse_euros(self.amount.text())
        if cents is None:
            self.amount.setStyleSheet(INVALID_STYLE)
            self.amount_error.setText(self.tr("« %1 » n'est pas un montant : tapez par exemple 12 500,50.")
                                      .replace("%1", self.amount.text()))
            self.amount_error.show()
            return
        self._runner.submit(job(save_funding_line, self._project_id, funder_id=self.funder.currentData(),
                                fiscal_year=self.year.value(), amount_cents=cents,
                                nature=self.nature.currentData(), act_reference=self.act.text()),
                            owner=self, on_success=self._on_saved)

    def _on_saved(self, line: FundingLineInfo) -> None:
        self.saved_line = line
        self.setToolTip(euros(line.amount_cents))
        self.accept()
