"""The GIP identity dialog: loads the stored values, refuses invalid ones in French, saves valid ones."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app import db
from app.services.settings import get_identity, save_identity
from app.ui.dialogs.settings_dialog import SettingsDialog
from app.ui.tasks import TaskRunner


def _dialog(qtbot: QtBot, runner: TaskRunner) -> SettingsDialog:
    dialog = SettingsDialog(runner)
    qtbot.addWidget(dialog)
    return dialog


def test_dialog_shows_stored_identity_with_french_date(
    qtbot: QtBot, runner: TaskRunner, bound_db: Path
) -> None:
    with db.unit_of_work() as session:
        save_identity(session, {"gip.name": "GIP Corrèze", "gip.convention_date": "2012-03-15"})

    dialog = _dialog(qtbot, runner)

    assert dialog.edits["gip.name"].text() == "GIP Corrèze"
    assert dialog.edits["gip.convention_date"].text() == "15/03/2012"
    assert dialog.save_button.isEnabled()


def test_invalid_values_are_shown_and_nothing_is_saved(
    qtbot: QtBot, runner: TaskRunner, bound_db: Path
) -> None:
    dialog = _dialog(qtbot, runner)
    dialog.edits["gip.name"].setText("  ")
    dialog.edits["gip.department_code"].setText("99")

    dialog.accept()

    assert dialog.result() == 0
    assert "« Nom du GIP » est obligatoire." in dialog.error_label.text()
    assert "99" in dialog.error_label.text()
    assert dialog.edits["gip.department_code"].styleSheet()
    with db.unit_of_work() as session:
        assert get_identity(session).name == "GIP Insertion et Territoires"


def test_valid_values_are_saved(qtbot: QtBot, runner: TaskRunner, bound_db: Path) -> None:
    dialog = _dialog(qtbot, runner)
    dialog.edits["gip.name"].setText("GIP Insertion Corrèze")
    dialog.edits["gip.department_code"].setText("19")
    dialog.edits["gip.convention_date"].setText("01/02/2013")

    with qtbot.waitSignal(dialog.identity_saved):
        dialog.accept()

    assert dialog.result() == 1
    with db.unit_of_work() as session:
        identity = get_identity(session)
    assert (identity.name, identity.department_code, identity.convention_date) == (
        "GIP Insertion Corrèze",
        "19",
        "2013-02-01",
    )
