"""A form opened on a value a newer version of the app wrote (received by sync) shows it as
« code (version plus récente) » and saves it back as it came, not as the list's first choice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import db
from app.domain.enums import FundingNature
from app.domain.project_form import Choice
from app.models.funding import FundingLine
from app.models.organisation import Organisation
from app.services.funding import line_info
from app.ui.dialogs.funding_line_dialog import FundingLineDialog
from app.ui.tasks import TaskRunner

NEWER = "apport_mutualise"


def test_a_form_keeps_a_newer_code(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    planned = "SELECT id FROM funding_line WHERE deleted = 0 AND status = 'planned' LIMIT 1"
    line_id = conn.execute(planned).fetchone()[0]  # still editable
    conn.execute("UPDATE funding_line SET nature = ? WHERE id = ?", (NEWER, line_id))
    conn.commit()
    with db.unit_of_work() as session:
        line = session.scalars(select(FundingLine).where(FundingLine.nature == FundingNature(NEWER))).one()
        info = line_info(session, line)
        funder = session.get(Organisation, line.funder_id)
        assert funder is not None
        funders = (Choice(funder.id, funder.name),)
    dialog = FundingLineDialog(runner, info.project_id, funders, line=info)
    qtbot.addWidget(dialog)
    assert dialog.nature.currentText() == f"{NEWER} (version plus récente)"
    assert dialog.nature.count() == len(FundingNature) + 1
    dialog.amount.setText("12 345,00")
    dialog._on_buttons_accepted()
    qtbot.waitUntil(lambda: getattr(dialog, "saved_line", None) is not None)
    stored = conn.execute("SELECT nature, amount_cents FROM funding_line WHERE id = ?", (line_id,)).fetchone()
    assert stored == (NEWER, 1234500)
    conn.close()
