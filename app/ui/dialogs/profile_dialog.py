"""First start: who works on this workstation (name, function, organisation), validated before saving."""

from __future__ import annotations

from typing_extensions import override

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.settings import UserProfile
from app.services.profile import validate_profile


class ProfileDialog(QDialog):
    """Asks for the user's profile; `profile()` holds the validated answer once accepted."""

    def __init__(self, parent: QWidget | None = None, current: UserProfile | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Votre profil"))
        self.setMinimumWidth(480)
        intro = QLabel(self.tr(
            "Bienvenue dans Maillage. Indiquez qui travaille sur ce poste : ce profil est enregistré "
            "comme auteur de chaque modification et de chaque document produit."), self)
        intro.setWordWrap(True)
        self.full_name = QLineEdit(current.full_name if current else "", self)
        self.full_name.setPlaceholderText(self.tr("ex. : Claire Martin"))
        self.function = QLineEdit(current.function if current else "", self)
        self.function.setPlaceholderText(self.tr("ex. : Coordinatrice insertion"))
        self.organisation = QLineEdit(current.organisation if current else "", self)
        self.organisation.setPlaceholderText(self.tr("ex. : GIP Insertion et Territoires"))
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errors")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout(intro)

    def _layout(self, intro: QLabel) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Nom et prénom :"), self.full_name)
        form.addRow(self.tr("Fonction :"), self.function)
        form.addRow(self.tr("Organisation :"), self.organisation)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def profile(self) -> UserProfile:
        return UserProfile(self.full_name.text().strip(), self.function.text().strip(),
                           self.organisation.text().strip())

    @Slot()
    @override
    def accept(self) -> None:
        """Stay open and list the problems while the form is invalid."""
        problems = validate_profile(self.full_name.text(), self.function.text(), self.organisation.text())
        if problems:
            self.error_label.setText("\n".join(problems.values()))
            return
        super().accept()
