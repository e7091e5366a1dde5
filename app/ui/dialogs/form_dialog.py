"""A small form that saves itself through the runner, each French message under the field it is about:
a new framework, an axis, a new body. What is typed can be kept against a crash (`keep_drafts`)."""

from __future__ import annotations

from typing import Any

from typing_extensions import override

from PySide6.QtCore import Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.ui.dialogs.save_in_flight import SaveInFlight
from app.ui.dialogs.saving_dialog import DiscardGuard
from app.ui.draft_keeper import DraftKeeper
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.form_fields import INVALID_STYLE, error_label, french_spaces, show_value
from app.ui.widgets.screen_fit import grow_to_content


class FormDialog(DiscardGuard):
    """Rows with an error label each; `show_problems` fills them; `result_` holds the saved DTO.
    Subclasses give `typed()` and `finish()` the form once its rows are added; `typed()`'s keys are the
    rows' names, or map to them through `ROW_OF`."""

    ROW_OF: dict[str, str] = {}  # a key of typed() → the name of its row, where they differ

    def __init__(self, runner: TaskRunner, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.result_: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(580)
        self.form = QFormLayout(self)
        self.errors: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.saving = SaveInFlight(self.buttons.button(QDialogButtonBox.StandardButton.Save))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.drafts: DraftKeeper | None = None

    def add_row(self, name: str, label: str, widget: QWidget) -> None:
        """The field with its (hidden) error message underneath, in one row of the form."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.errors[name], self.widgets[name] = error_label(box), widget
        column.addWidget(self.errors[name])
        caption = QLabel(label, self)
        caption.setMinimumWidth(caption.sizeHint().width())  # QFormLayout clipped « Remplace : »
        caption.setBuddy(widget)
        self.form.addRow(caption, box)
        widget.setAccessibleName(label.rstrip(" :*"))

    def typed(self) -> dict[str, Any]:
        """The fields as the service takes them."""
        raise NotImplementedError

    def finish(self, hint: str, *below: QWidget) -> None:
        """Under the rows: the hint, `below` (a notice), the buttons; what « Annuler » compares with."""
        label = QLabel(french_spaces(hint), self)
        label.setWordWrap(True)
        self.form.addRow(label)
        for widget in below:
            self.form.addRow(widget)
        self.form.addRow(self.buttons)
        self._opened_with = self.typed()

    @override
    def unsaved(self) -> bool:
        return self.typed() != self._opened_with

    def keep_drafts(self, name: str, what: str) -> None:
        """What is typed is kept every few seconds against a crash (DraftKeeper `name`), and offered back
        when the form shows again after Maillage stopped with it open. `what`: « cette organisation »…"""
        self.drafts = DraftKeeper(self, name, self._draft_state)
        self.drafts.take_back_when_shown(what, self._put_back)

    def _draft_state(self) -> tuple[Any, Any] | None:
        return (self._opened_with, self.typed()) if self.unsaved() else None

    def _put_back(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            show_value(self.widgets[self.ROW_OF.get(name, name)], value)

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(french_spaces(problems.get(name, "")))
            label.setVisible(name in problems)
            self.widgets[name].setStyleSheet(INVALID_STYLE if name in problems else "")
        first = next((self.widgets[name] for name in self.widgets if name in problems), None)
        if first is not None:
            first.setFocus()
        grow_to_content(self)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        grow_to_content(self)

    def submit(self, call: Any) -> None:
        self.saving.submit(self._runner, call, owner=self, on_success=self._on_saved,
                           on_error=self._on_save_failed)

    def _on_saved(self, result: Any) -> None:
        self.result_ = result
        self.accept()

    def _on_save_failed(self, exc: Exception) -> None:
        problems = self.problems_of(exc)
        if problems:
            self.show_problems(problems)
        else:
            show_error(self, exc)

    def problems_of(self, exc: Exception) -> dict[str, str]:
        return getattr(exc, "problems", {})

    @Slot()
    def _on_buttons_accepted(self) -> None:
        raise NotImplementedError
