"""An official document is not established from a value in sync conflict: the fiche action whose
funding line was changed on two workstations is refused in French, naming the value, nothing written
(no PDF, no register line); once the coordinator keeps one value, it prints."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from app import db
from app.domain.errors import DomainError
from app.models.document import Document
from app.services.document_conflicts import refuse_conflicts
from app.services.project_sheet import issue_project_sheet
from app.sync.service import object_conflicts, resolve_field
from app.sync.sim_world import World

PROJ, CAF, LINE = "0" * 31 + "2", "0" * 31 + "4", "0" * 31 + "6"


def test_a_fiche_with_a_value_in_conflict_is_not_printed(pair: World) -> None:
    a, b = pair.replicas
    pair.write(a, ("INSERT INTO organisation(id, name, short_name) VALUES (?, 'Caisse', 'CAF')", (CAF,)),
               ("INSERT INTO project(id, code, title) VALUES (?, 'FA-1', 'Jardin partagé')", (PROJ,)),
               ("INSERT INTO funding_line(id, project_id, funder_id, fiscal_year, amount_cents) "
                "VALUES (?, ?, ?, 2027, 760000)", (LINE, PROJ, CAF)))
    pair.settle(1)
    for replica, cents in ((a, 910000), (b, 880000)):
        pair.write(replica, ("UPDATE funding_line SET amount_cents = ?", (cents,)))
    pair.settle(2)
    folder = a.path.parent / f"{a.path.stem}-documents"
    db.init_engine(a.path)
    try:
        refused = (r"1 valeur qu'il reprend est en conflit entre deux postes \(Financement : Montant\)\. "
                   r"Arbitrez-la dans Synchronisation .*Rien n'a été écrit")
        with pytest.raises(DomainError, match=refused), db.unit_of_work() as session:
            issue_project_sheet(session, uuid.UUID(PROJ))
        assert not list(folder.rglob("*.pdf"))  # nothing written
        with db.unit_of_work() as session:  # a séance's or a délibération's papers are not concerned
            for subject in ("meeting", "meeting-invitation", "decision"):
                refuse_conflicts(session, subject, uuid.uuid4())
        with db.unit_of_work() as session:
            assert session.scalar(select(func.count()).select_from(Document)) == 0
        (conflict,) = object_conflicts(a.path, "project", PROJ, parts=True)
        resolve_field(a.path, "funding_line", LINE, "amount_cents", 910000)  # the coordinator keeps one
        with db.unit_of_work() as session:
            info = issue_project_sheet(session, uuid.UUID(PROJ))
        assert info.pages >= 1 and len(list(folder.rglob("*.pdf"))) == 1
        assert conflict.column == "amount_cents"
    finally:
        db.dispose()
