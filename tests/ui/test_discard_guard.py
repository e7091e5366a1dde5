"""« Annuler » and Échap on every form that saves: at once when nothing was typed, else the question
« Abandonner les modifications ? », whose « Annuler » keeps the form open with what was typed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from app import db
from app.models.project import Project
from app.services.frameworks import list_frameworks
from app.services.funding import project_funding_lines
from app.services.project_choices import form_choices
from app.ui.dialogs.framework_dialog import AxisDialog, FrameworkDialog
from app.ui.dialogs.funding_line_dialog import FundingLineDialog
from app.ui.dialogs.meeting_dialog import NewMeetingDialog
from app.ui.dialogs.saving_dialog import DiscardGuard
from app.ui.dialogs.settings_dialog import SettingsDialog
from app.ui.tasks import TaskRunner

Opener = Callable[[TaskRunner], tuple[DiscardGuard, Callable[[], None]]]


def _funding_line(runner: TaskRunner, *, new: bool) -> tuple[DiscardGuard, Callable[[], None]]:
    with db.unit_of_work() as session:
        project = session.scalars(select(Project.id).order_by(Project.code)).first()
        assert project is not None
        line = project_funding_lines(session, project)[0]
        funders = form_choices(session).organisations
    dialog = FundingLineDialog(runner, project, funders, line=None if new else line)
    return dialog, lambda: dialog.amount.setText("12 500,5")


def _framework(runner: TaskRunner) -> tuple[DiscardGuard, Callable[[], None]]:
    dialog = FrameworkDialog(runner, ())
    return dialog, lambda: dialog.title.setText("Pacte local des solidarités")


def _axis(runner: TaskRunner, *, new: bool) -> tuple[DiscardGuard, Callable[[], None]]:
    with db.unit_of_work() as session:
        framework = next(f for f in list_frameworks(session) if f.axes)
    dialog = AxisDialog(runner, framework, number="9") if new else \
        AxisDialog(runner, framework, axis=framework.axes[0])
    return dialog, lambda: dialog.title.setText("Mobilité durable")


def _new_meeting(runner: TaskRunner) -> tuple[DiscardGuard, Callable[[], None]]:
    dialog = NewMeetingDialog(runner, ())
    return dialog, lambda: dialog.place.setText("Salle du conseil")


def _settings(runner: TaskRunner) -> tuple[DiscardGuard, Callable[[], None]]:
    dialog = SettingsDialog(runner)
    assert dialog.save_button.isEnabled()  # loaded (the tests' runner works in the same thread)
    return dialog, lambda: dialog.edits["gip.name"].setText("GIP Insertion Corrèze")


OPENERS: dict[str, Opener] = {
    "identité du GIP": _settings,
    "nouvelle ligne de financement": lambda runner: _funding_line(runner, new=True),
    "ligne de financement": lambda runner: _funding_line(runner, new=False),
    "nouveau cadre": _framework,
    "nouvel axe": lambda runner: _axis(runner, new=True),
    "axe": lambda runner: _axis(runner, new=False),
    "nouvelle séance": _new_meeting,
}


def _in_front(qtbot: QtBot, dialog: DiscardGuard) -> None:
    """Shown and active, as a dialog the user just opened: a window left active by an earlier test would
    take Échap with its own shortcut (the portfolio's search field clears on Échap)."""
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


@pytest.mark.parametrize("form", OPENERS)
def test_escape_asks_only_when_something_was_typed(form: str, qtbot: QtBot, runner: TaskRunner,
                                                   demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, title, *_args: asked.append(title)
                        or QMessageBox.StandardButton.Cancel)
    dialog, _type = OPENERS[form](runner)
    qtbot.addWidget(dialog)
    _in_front(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and asked == []  # nothing typed: closed at once

    dialog, type_something = OPENERS[form](runner)
    qtbot.addWidget(dialog)
    _in_front(qtbot, dialog)
    type_something()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and asked == ["Abandonner les modifications ?"]  # kept, as typed


def test_an_amount_half_typed_counts_as_typed(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    dialog = FundingLineDialog(runner, uuid.uuid4(), ())
    qtbot.addWidget(dialog)
    assert not dialog.unsaved()
    dialog.amount.setText("12 5OO")  # a letter O: not an amount yet
    assert dialog.unsaved()


def _unclipped(label: QLabel) -> bool:
    return label.height() >= label.heightForWidth(label.width())


@pytest.mark.parametrize("form", ["nouveau cadre", "nouvelle ligne de financement"])
def test_the_messages_under_the_fields_are_read_whole(form: str, qtbot: QtBot, runner: TaskRunner,
                                                      demo_db: Path) -> None:
    """Long French messages wrap under their field: the form grows to show every line."""
    dialog, _type = OPENERS[form](runner)
    qtbot.addWidget(dialog)
    dialog.show()
    errors: dict[str, QLabel] = dialog.errors  # type: ignore[attr-defined]
    dialog.buttons.accepted.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: any(not label.isHidden() for label in errors.values()))
    shown = [label for label in errors.values() if not label.isHidden()]
    assert all(_unclipped(label) for label in shown)
