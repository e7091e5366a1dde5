"""Paramètres › Identité du GIP : what every official document prints (name, seat, signatories, logo).
What is typed is kept against a crash (DraftKeeper), as in the other editing forms."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from typing_extensions import override

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import job
from app.domain.rebase import EditedElsewhereError
from app.domain.settings import GIP_SETTINGS, SPECS, GipIdentity
from app.formatting import short_date
from app.services.settings import (
    InvalidIdentityError,
    changed_identity,
    get_identity,
    save_identity,
    validate_identity,
)
from app.ui.dialogs.saving_dialog import DiscardGuard
from app.ui.draft_keeper import DraftKeeper
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner
from app.ui.widgets.received_notice import ReceivedNotice, Taken, take_into

_PLACEHOLDERS = {
    "gip.name": "ex. : GIP Insertion et Territoires de la Corrèze",
    "gip.short_name": "ex. : GIP IT 19",
    "gip.seat": "ex. : 9 rue René et Émile Fage, 19000 Tulle",
    "gip.department_code": "ex. : 19, 2A, 974",
    "gip.department_name": "ex. : Corrèze",
    "gip.director": "ex. : Mme Claire Martin",
    "gip.president": "ex. : M. Jean Dupont",
    "gip.city": "ex. : Tulle",
    "gip.convention_date": "JJ/MM/AAAA",
}
_INVALID = "QLineEdit { border: 1px solid #b3261e; }"


class SettingsDialog(DiscardGuard):
    """Reads the GIP identity through the runner, validates it, saves it; `identity_saved` on success."""

    identity_saved = Signal(object)  # GipIdentity

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle(self.tr("Identité du GIP"))
        self.setMinimumWidth(620)
        self.edits = {spec.key: self._make_edit(spec.key) for spec in GIP_SETTINGS}
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errors")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Enregistrer"))
        self.save_button.setEnabled(False)  # until the stored values are shown
        self.browse_button = QPushButton(self.tr("Parcourir…"), self)
        self.received = ReceivedNotice(self, runner)
        self._build_layout()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self._base: dict[str, Any] | None = None  # the settings as loaded (None: not yet)
        self.drafts = DraftKeeper(self, "identite-du-gip", self._draft_state)
        runner.submit(job(get_identity), owner=self, on_success=self._on_identity_loaded)
        self.received.watch(job(get_identity), self._take)  # read again after each round

    def _make_edit(self, key: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(key)
        edit.setPlaceholderText(self.tr(_PLACEHOLDERS.get(key, "")))
        edit.setEnabled(False)
        return edit

    def _build_layout(self) -> None:
        intro = QLabel(self.tr(
            "Ces informations figurent dans l'en-tête, les blocs de signature et les mentions des documents "
            "officiels (convocations, délibérations, procès-verbaux, fiches action). Elles sont partagées "
            "avec les autres postes lors de la synchronisation."), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        for spec in GIP_SETTINGS:
            field: QWidget | QHBoxLayout = self.edits[spec.key]
            if spec.key == "gip.logo_path":
                field = QHBoxLayout()
                field.addWidget(self.edits[spec.key], 1)
                field.addWidget(self.browse_button)
            required = spec.key in ("gip.name", "gip.short_name")
            form.addRow(spec.label + ("\u00a0*" if required else "") + "\u00a0:", field)
        note = QLabel(self.tr("* champ obligatoire"), self)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        for widget in (note, self.received, self.error_label, self.buttons):
            layout.addWidget(widget)

    def values(self) -> dict[str, str]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    @override
    def unsaved(self) -> bool:
        return self._base is not None and self.values() != self._base

    def _draft_state(self) -> tuple[Any, Any] | None:
        return (self._base, self.values()) if self.unsaved() else None

    def _on_identity_loaded(self, identity: GipIdentity) -> None:
        self._show(_shown(identity))
        for edit in self.edits.values():
            edit.setEnabled(True)
        self.save_button.setEnabled(True)
        self._base = self.values()  # what a save leaves alone unless changed here
        self.drafts.take_back(self.tr("l'identité du GIP"), self._show)

    def _show(self, values: Mapping[str, Any]) -> None:
        for key, text in values.items():
            self.edits[key].setText(text)

    def _take(self, fresh: GipIdentity) -> Taken | None:
        """A round changed the identity: shown in the fields left alone (ReceivedNotice)."""
        if self._base is None:
            return Taken()
        self._base, taken = take_into(self._base, self.values(), _shown(fresh), self._show,
                                      lambda key: SPECS[key].label)
        return taken

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        current = self.edits["gip.logo_path"].text()
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Logo du GIP"), current,
                                              self.tr("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.edits["gip.logo_path"].setText(path)

    @Slot()
    @override
    def accept(self) -> None:
        """Stay open and show every problem while the form is invalid; save through the runner."""
        values = self.values()
        typed = changed_identity(values, self._base) if self._base else values  # stored ones not re-checked
        if self.show_problems(validate_identity(typed)):
            return
        self.save_button.setEnabled(False)
        self._runner.submit(job(save_identity, values, base=self._base), owner=self,
                            on_success=self._on_identity_saved, on_error=self._on_save_failed)

    def show_problems(self, problems: dict[str, str]) -> bool:
        """Mark the invalid fields and list their French messages; True when there is any."""
        for key, edit in self.edits.items():
            edit.setStyleSheet(_INVALID if key in problems else "")
        self.error_label.setText("\n".join(problems.values()))
        if problems:
            self.edits[next(iter(problems))].setFocus()
        return bool(problems)

    def _on_identity_saved(self, identity: GipIdentity) -> None:
        self.identity_saved.emit(identity)
        super().accept()

    def _on_save_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, EditedElsewhereError):  # saving again keeps the user's values knowingly
            theirs = {key: _as_shown(key, value) for key, value in exc.theirs.items()}
            self._base = {**(self._base or {}), **theirs}
        if isinstance(exc, InvalidIdentityError | EditedElsewhereError):
            self.show_problems(exc.problems)
        else:
            show_error(self, exc)


def _shown(identity: GipIdentity) -> dict[str, str]:
    """The identity as its form shows it (and `values()` reads it back), by setting key."""
    return {spec.key: _as_shown(spec.key, value) for spec, value in zip(GIP_SETTINGS, _values_of(identity),
                                                                       strict=True)}


def _as_shown(key: str, value: str) -> str:
    """A setting as stored → as its field shows it (a date as JJ/MM/AAAA)."""
    return (_display_date(value) if key == "gip.convention_date" else value).strip()


def _values_of(identity: GipIdentity) -> list[Any]:
    """GipIdentity's fields follow GIP_SETTINGS' order (see GipIdentity.from_values)."""
    return [getattr(identity, spec.key.removeprefix("gip.")) for spec in GIP_SETTINGS]


def _display_date(value: str) -> str:
    """ISO as stored → JJ/MM/AAAA as typed; anything else is shown as is."""
    try:
        return short_date(date.fromisoformat(value))
    except ValueError:
        return value
