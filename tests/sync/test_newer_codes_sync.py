"""A status written by a newer version of the app travels by sync like any value (SYNC.md applies newer
schema minors): the receiving workstation lists the fiche, its history says what changed, and a
concurrent edit of the same status is a conflict it can read."""

from __future__ import annotations

from app import db
from app.services.portfolio import list_projects
from app.sync.history import object_history
from app.sync.service import object_conflicts
from app.sync.sim_world import World

PROJ = "0" * 31 + "2"


def test_a_newer_status_arrives_by_sync_and_reads_as_such(pair: World) -> None:
    a, b = pair.replicas
    pair.write(a, ("INSERT INTO project(id, code, title, status) VALUES (?, 'FA-1', 'Jardin', 'idea')",
                   (PROJ,)))
    pair.settle(1)
    pair.write(a, ("UPDATE project SET status = 'suspendu'", ()))  # as a newer version writes it
    pair.write(b, ("UPDATE project SET status = 'instruction'", ()))  # concurrently, offline
    pair.settle(2)
    db.init_engine(b.path)
    try:
        with db.unit_of_work() as session:
            (row,) = list_projects(session)
    finally:
        db.dispose()
    statuses = {"suspendu (version plus récente)", "En instruction"}
    assert row.status.label in statuses  # whichever the merge displays, the page lists the fiche
    history = {(e.before, e.after) for e in object_history(b.path, "project", PROJ) if e.column == "status"}
    assert history == {("Idée", "suspendu (version plus récente)"), ("Idée", "En instruction")}
    (conflict,) = object_conflicts(b.path, "project", PROJ)
    assert {v.value for v in conflict.values} == statuses
