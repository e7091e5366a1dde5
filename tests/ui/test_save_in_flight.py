"""A save that waits behind a sync round (up to the busy timeout) is not sent twice: while it runs, the
dialog's « Enregistrer » is disabled and reads « Enregistrement… », and a second request is ignored.
Real worker thread, real database lock held by another connection, as a round holds it."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.project_form import Choice
from app.ui.dialogs.funding_line_dialog import FundingLineDialog
from app.ui.tasks import TaskRunner


def test_a_second_click_while_a_save_waits_saves_nothing_more(qtbot: QtBot, demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db, isolation_level=None)
    project, funder, name = conn.execute(
        "SELECT p.id, o.id, o.name FROM project p, organisation o ORDER BY p.code, o.name LIMIT 1").fetchone()
    before = conn.execute("SELECT count(*) FROM funding_line WHERE project_id = ?", (project,)).fetchone()[0]
    runner = TaskRunner()  # the app's worker thread
    dialog = FundingLineDialog(runner, uuid.UUID(project), (Choice(uuid.UUID(funder), name),))
    qtbot.addWidget(dialog)
    dialog.funder.setCurrentIndex(dialog.funder.findText(name))
    dialog.amount.setText("2 500,00")
    save = dialog.saving.button
    conn.execute("BEGIN IMMEDIATE")  # a sync round writing received changes
    try:
        save.click()
        assert not save.isEnabled() and save.text() == "Enregistrement…"
        dialog._on_buttons_accepted()  # Entrée again, as impatient hands do
        qtbot.wait(300)
        assert dialog.saving.running  # still waiting behind the round
    finally:
        conn.execute("ROLLBACK")  # the round ends
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    after = conn.execute("SELECT count(*) FROM funding_line WHERE project_id = ?", (project,)).fetchone()[0]
    assert after == before + 1  # one line, not two
    conn.close()
    qtbot.waitUntil(runner.is_idle)
