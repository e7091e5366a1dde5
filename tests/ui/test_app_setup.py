"""The application set-up: French Qt translations, the shipped font, the crash dialog, the UI state file."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QByteArray, QLocale
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox

from app.config import config_dir
from app.ui.errors import ExceptionDialog
from app.ui.fonts import FAMILY
from app.ui.main import create_application
from app.ui.ui_state import UiState


def test_standard_buttons_read_french_and_the_font_is_shipped(qtbot: QtBot) -> None:
    app = create_application()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(buttons)

    texts = {button.text().replace("&", "") for button in buttons.buttons()}

    assert texts == {"Annuler", "Fermer"}
    assert QLocale().language() == QLocale.Language.French
    assert FAMILY in QFontDatabase.families() and app.font().family() == FAMILY


def test_crash_dialog_copies_the_report(qtbot: QtBot) -> None:
    dialog = ExceptionDialog("Traceback (most recent call last): ...")
    qtbot.addWidget(dialog)

    dialog.copy_button.click()

    assert QGuiApplication.clipboard().text().startswith("Traceback")
    assert dialog.copy_button.text() == "Rapport copié"


def test_ui_state_keeps_declared_keys_in_the_config_dir(qtbot: QtBot) -> None:
    state = UiState()
    state.set_value("main/last_page", "pool")
    state.set_splitter_state("portfolio", QByteArray(b"abc"))
    state.sync()

    again = UiState()

    assert again.value("main/last_page") == "pool"
    assert again.splitter_state("portfolio") == QByteArray(b"abc")
    assert (config_dir() / "ui_state.ini").exists()
    with pytest.raises(KeyError):
        state.value("main/typo")
