"""The same body declared offline on two workstations (the director's laptop and the coordinator's) is
one body after sync, not two numbering the same decisions; a different name is a conflict to arbitrate."""

from __future__ import annotations

from app.domain.enums import BodyKind, MatterKind
from app.services.body_creation import create_body
from app.sync.sim_world import World
from tests.sync.replicas import run_on


def test_one_code_declared_on_two_workstations_is_one_body(pair: World) -> None:
    a, b = pair.replicas
    run_on(a, lambda s: create_body(s, code="CPMOB", name="Comité de pilotage mobilité", kind=BodyKind.COPIL))
    run_on(b, lambda s: create_body(s, code="CPMOB", name="COPIL mobilité solidaire", kind=BodyKind.COPIL))
    pair.settle()

    for replica in (a, b):
        assert pair.query(replica, "SELECT count(*) FROM body WHERE code = 'CPMOB' AND deleted = 0") == [(1,)]
        rules = pair.query(replica, "SELECT count(*) FROM majority_rule WHERE deleted = 0")
        assert rules == [(len(MatterKind),)]
    conflicts = "SELECT col FROM sync_conflict WHERE tbl = 'body'"
    assert pair.query(a, conflicts) == pair.query(b, conflicts) == [("name",)]
