"""Codes written by a newer version of the app. Sync applies a newer schema *minor* (SYNC.md I8), so a
colleague's updated workstation can send a status, a kind or a ballot choice this version does not know.
The pages still open, the value shows as « code (version plus récente) » and is kept as it came, and
nothing official (a tally, a quorum, a lifecycle move) is computed from it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from PySide6.QtGui import QImage

from app import db
from app.domain.cofunding import funding_frozen, funding_move_refusal, next_funding_statuses
from app.domain.enums import (
    BallotChoice,
    FundingStatus,
    MajorityKind,
    MatterKind,
    ProjectStatus,
    QuorumBasis,
)
from app.domain.errors import NewerValue
from app.domain.lifecycle import move_refusal, next_statuses
from app.domain.quorum import MeetingState, Presence, SeatInfo, VotingRules, quorum_at
from app.domain.voting import Ballot, Tally, decide, tally_ballots
from app.models import Base
from app.models.base import CodedEnum
from app.models.meeting import AgendaItem, Attendance, Decision
from app.models.project import Project
from app.services.governance import get_meeting
from app.services.meeting_documents import deliberation_doc
from app.services.portfolio import list_projects
from app.ui.pages.registry import available_pages
from app.ui.widgets.list_helpers import enum_rank

NEWER = "suspendu_temporairement"


def _newer_codes_everywhere(path: Path) -> int:
    """Every enum column of one row in three holds a code no member has, as a newer version's sync
    writes it (raw values, no ORM). Returns how many values were changed."""
    conn = sqlite3.connect(path)
    changed = 0
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, CodedEnum):
                sql = f'UPDATE "{table.name}" SET "{column.name}" = ? WHERE rowid % 3 = 0'
                changed += conn.execute(sql, (f"nouveau_{column.name}",)).rowcount
    conn.commit()
    conn.close()
    return changed


def test_a_newer_code_reads_as_a_stand_in_and_is_kept(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    project_id = conn.execute("SELECT id FROM project ORDER BY code LIMIT 1").fetchone()[0]
    conn.execute("UPDATE project SET status = ? WHERE id = ?", (NEWER, project_id))
    conn.commit()
    with db.unit_of_work() as session:
        row = next(r for r in list_projects(session) if r.id.hex == project_id)
        assert row.status.unknown and row.status == NEWER
        assert row.status.label == f"{NEWER} (version plus récente)"
        project = session.scalars(select(Project).where(Project.status == row.status)).one()
        project.title = "Intitulé revu sur un poste pas encore mis à jour"
    stored = conn.execute("SELECT status, title FROM project WHERE id = ?", (project_id,)).fetchone()
    assert stored == (NEWER, "Intitulé revu sur un poste pas encore mis à jour")  # the code is kept
    conn.close()
    assert not ProjectStatus.IDEA.unknown
    assert enum_rank(ProjectStatus(NEWER)) == len(ProjectStatus)  # sorted after the known statuses
    assert enum_rank(ProjectStatus.INSTRUCTION) == 1


def test_nothing_official_is_computed_from_a_newer_code() -> None:
    seats = (SeatInfo("dep", "Département", Decimal(60)), SeatInfo("caf", "CAF", Decimal(40)))
    state = MeetingState(seats, (Presence("dep"), Presence("caf")), (), False, "dep")
    with pytest.raises(NewerValue, match="bulletin de CAF .« nouveau_choix ».*mettez Maillage à jour"):
        tally_ballots(state, [Ballot("dep", BallotChoice.FOR), Ballot("caf", BallotChoice("nouveau_choix"))])
    rules = VotingRules(majorities=((MatterKind.ORDINARY, MajorityKind("trois_quarts")),))
    tally = Tally(2, 0, 0, 0, Decimal(100), Decimal(0), Decimal(0), Decimal(0), (), BallotChoice.FOR)
    with pytest.raises(NewerValue, match="La règle de majorité"):  # not taken for a simple majority
        decide(rules, tally)
    basis = VotingRules(quorum_basis=QuorumBasis("par_college"), quorum_threshold=Fraction(1, 2))
    with pytest.raises(NewerValue, match="La base du quorum"):
        quorum_at(state, basis, datetime(2026, 3, 12, 14))
    newer = ProjectStatus(NEWER)
    assert next_statuses(newer) == ()
    assert "version plus récente" in (move_refusal(newer, ProjectStatus.IDEA) or "")
    line = FundingStatus("garanti")  # not editable, nowhere to move: it may be past « engagé »
    assert funding_frozen(line) and next_funding_statuses(line) == ()
    assert "version plus récente" in (funding_move_refusal(line, FundingStatus.PAID) or "")
    assert not funding_frozen(FundingStatus.PLANNED)


def test_a_seance_with_a_newer_presence_shows_but_prints_nothing(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        meeting_id, decision_id = _voted_meeting(session)
    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE attendance SET status = 'visio_nouvelle' WHERE meeting_id = ?", (meeting_id.hex,))
    conn.commit()
    conn.close()
    with db.unit_of_work() as session:
        detail = get_meeting(session, meeting_id)  # the séance's pane still opens
        assert detail.summary is not None
        assert session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)).first()
        with pytest.raises(NewerValue, match="La présence de .*version plus récente"):
            deliberation_doc(session, decision_id)


def _voted_meeting(session: Session) -> tuple[uuid.UUID, uuid.UUID]:
    """A séance with a numbered decision (its délibération prints the attendance and the vote)."""
    decision = session.scalars(select(Decision).where(Decision.number != "", Decision.item_id.is_not(None))
                               .order_by(Decision.number)).first()
    assert decision is not None
    item = session.get(AgendaItem, decision.item_id)
    assert item is not None and item.meeting_id is not None
    return item.meeting_id, decision.id


def test_every_page_opens_with_newer_codes_everywhere(demo_db: Path, tmp_path: Path) -> None:
    assert _newer_codes_everywhere(demo_db) > 1000
    out = tmp_path / "captures"
    done = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(demo_db), "screenshots", str(out)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for spec in available_pages():
        assert not QImage(str(out / f"{spec.key}.png")).isNull(), spec.key
