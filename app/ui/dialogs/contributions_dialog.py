"""« Appeler les contributions… »: the amount called from each member of the GIP for a year, proposed from
the year before and typed the French way (app.services.contributions). The amounts typed are kept against
a crash (DraftKeeper): offered back, they return on the year they were typed for."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.cofunding import CallLine
from app.domain.progress import Progress
from app.drafts import Draft, changed
from app.formatting import euros
from app.services.contributions import call_contributions, contribution_call
from app.ui.dialogs.funding_line_dialog import parse_euros
from app.ui.dialogs.saving_dialog import SavingDialog
from app.ui.draft_keeper import DraftKeeper
from app.ui.tasks import TaskRunner
from app.ui.widgets.screen_fit import fit_to_screen

MEMBER, PREVIOUS, PAID, CALLED = range(4)


def _amount(cents: int) -> str:
    return euros(cents).removesuffix("\u00a0€")


class ContributionsDialog(SavingDialog):
    """Loads the call of the year chosen, saves it; closes once saved."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._lines: tuple[CallLine, ...] = ()
        self._proposed: list[str] = []
        self.setWindowTitle(self.tr("Appeler les contributions statutaires"))
        fit_to_screen(self, 720, 520)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Membre"), self.tr("Appelé l'an passé"),
                                              self.tr("Déjà versé"), self.tr("Appel (€)")])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # the headers read whole
        header.setSectionResizeMode(MEMBER, QHeaderView.ResizeMode.Stretch)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.total = QLabel(self)
        self.save_button.setText(self.tr("Appeler"))
        self._build_layout()
        self.year.valueChanged.connect(self._on_year_value_changed)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.drafts = DraftKeeper(self, "contributions", self._draft_state)
        self._draft: Draft | None = None  # taken back, put over its year's call once that is loaded
        self._draft_asked = False
        self._load()

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Exercice"), self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    # -- loading ---------------------------------------------------------------------------------
    def _load(self) -> None:
        self.save_button.setEnabled(False)
        self.load(job(contribution_call, self.year.value()), self._on_call_loaded)

    def _on_call_loaded(self, lines: tuple[CallLine, ...]) -> None:
        self._lines = lines
        self._proposed = [_amount(line.called_cents if line.called else line.previous_cents)
                          for line in lines]
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row, (line, proposed) in enumerate(zip(lines, self._proposed, strict=True)):
            self.table.insertRow(row)
            for column, text in ((MEMBER, line.member), (PREVIOUS, _amount(line.previous_cents)),
                                 (PAID, _amount(line.paid_cents)), (CALLED, proposed)):
                item = QTableWidgetItem(text)
                if column != CALLED:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column != MEMBER:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.hint.setText(self._hint(lines))
        self._show_total()
        self._take_back_draft()

    # -- drafts kept against a crash ---------------------------------------------------------------
    def _draft_state(self) -> tuple[Any, Any] | None:
        if not self.is_modified():
            return None
        ids = [str(line.organisation_id) for line in self._lines]
        year = self.year.value()
        return ({"year": year, **dict(zip(ids, self._proposed, strict=True))},
                {"year": year, **dict(zip(ids, self._typed(), strict=True))})

    def _take_back_draft(self) -> None:
        """Asked once, over the first call shown; taken back, its year is shown, then the amounts the user
        had changed go over that year's call as it is now."""
        if not self._draft_asked:
            self._draft_asked = True
            self._draft = self.drafts.offer(self.tr("ces contributions"))
            self.drafts.start()
        draft = self._draft
        if draft is None:
            return
        if draft.mine["year"] != self.year.value():
            self.year.setValue(draft.mine["year"])  # loads that year's call, which comes back here
            return
        self._draft = None
        typed = changed(draft.base, draft.mine, [key for key in draft.mine if key != "year"])
        for row, line in enumerate(self._lines):
            text, item = typed.get(str(line.organisation_id)), self.table.item(row, CALLED)
            if text is not None and item is not None:
                item.setText(text)

    def _hint(self, lines: tuple[CallLine, ...]) -> str:
        if not lines:
            return self.tr("Aucun membre du GIP n'est déclaré : déclarez-les depuis les sièges d'une "
                           "instance (Instances › Organes › Modifier l'instance… › Nouvelle organisation…).")
        if any(line.called for line in lines):
            return self.tr("Contributions appelées pour %1 : modifiez-les si besoin.").replace(
                "%1", str(self.year.value()))
        return self.tr("Proposition : les montants appelés l'an passé. Saisissez ceux du budget voté par "
                       "l'assemblée générale, puis « Appeler ».")

    # -- reading ---------------------------------------------------------------------------------
    def _typed(self) -> list[str]:
        items = (self.table.item(row, CALLED) for row in range(self.table.rowCount()))
        return [item.text().strip() if item is not None else "" for item in items]

    @override
    def can_save(self) -> bool:
        return bool(self._lines)

    @override
    def is_modified(self) -> bool:
        return self._typed() != self._proposed

    @override
    def save_job(self) -> Callable[[Progress], None] | None:
        amounts = self._amounts()
        return job(call_contributions, self.year.value(), amounts) if amounts is not None else None

    def _amounts(self) -> dict[uuid.UUID, int] | None:
        """The amounts by member, or None after saying which one is not an amount."""
        amounts = {}
        for line, text in zip(self._lines, self._typed(), strict=True):
            cents = parse_euros(text) if text else 0
            if cents is None:
                self.show_refusal(self.tr("%1 : « %2 » n'est pas un montant ; tapez par exemple 12 500,50.")
                          .replace("%1", line.member).replace("%2", text))
                return None
            amounts[line.organisation_id] = cents
        return amounts

    def _show_total(self) -> None:
        cents = [parse_euros(text) or 0 for text in self._typed()]
        self.total.setText(self.tr("Total appelé : %1").replace("%1", euros(sum(cents))))

    # -- slots -----------------------------------------------------------------------------------
    @Slot(int)
    def _on_year_value_changed(self, _year: int) -> None:
        self.show_refusal("")
        self._load()

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self._show_total()
