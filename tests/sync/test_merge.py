"""Merge semantics on two or three workstations through the real share (SYNC.md "Merge")."""

from __future__ import annotations

import hashlib

from app.sync.ingest import apply_segment
from app.sync.merge import Merger, set_applying
from app.sync.segment import decode
from app.sync.share import Share
from app.sync.share_format import open_format
from app.sync.sim_checks import check_no_loss, check_world, converged, dump
from app.sync.sim_world import YEAR_MS, World, _conn

ORG, PROJ = "0" * 31 + "1", "0" * 31 + "2"


def _seed(world: World) -> None:
    a, b = world.replicas[:2]
    world.write(
        a,
        ("INSERT INTO organisation(id, name) VALUES (?, 'CCAS')", (ORG,)),
        ("INSERT INTO project(id, title, carrier_id) VALUES (?, 'Jardin', ?)", (PROJ, ORG)),
    )
    world.settle(1)


def _title(world: World, i: int) -> object:
    return world.query(world.replicas[i], "SELECT title FROM project WHERE id = ?", PROJ)[0][0]


def test_concurrent_edits_conflict_then_a_local_edit_resolves_everywhere(pair: World) -> None:
    _seed(pair)
    a, b = pair.replicas
    pair.write(a, ("UPDATE project SET title = 'Jardin A'", ()))
    pair.write(b, ("UPDATE project SET title = 'Jardin B'", ()))
    pair.settle(2)
    assert _title(pair, 0) == _title(pair, 1)
    assert (
        pair.query(a, "SELECT col FROM sync_conflict")
        == [("title",)]
        == pair.query(b, "SELECT col FROM sync_conflict")
    )
    pair.write(b, ("UPDATE project SET title = 'Jardin partagé'", ()))
    pair.settle(2)
    assert _title(pair, 0) == _title(pair, 1) == "Jardin partagé"
    assert pair.query(a, "SELECT * FROM sync_conflict") == [] == pair.query(b, "SELECT * FROM sync_conflict")
    assert check_world(pair) == [] and check_no_loss(pair) == []


def test_identical_concurrent_values_are_not_a_conflict(pair: World) -> None:
    _seed(pair)
    for replica in pair.replicas:
        pair.write(replica, ("UPDATE project SET title = 'Même titre'", ()))
    pair.settle(2)
    assert pair.query(pair.replicas[0], "SELECT * FROM sync_conflict") == []


def test_delete_concurrent_with_an_edit_keeps_the_row_and_flags_it(pair: World) -> None:
    _seed(pair)
    a, b = pair.replicas
    pair.write(a, ("UPDATE project SET deleted = 1", ()))
    pair.write(b, ("UPDATE project SET summary = 'modifié là'", ()))
    pair.settle(2)
    for replica in pair.replicas:
        assert pair.query(replica, "SELECT deleted, summary FROM project") == [(0, "modifié là")]
        assert pair.query(replica, "SELECT col FROM sync_conflict") == [("deleted",)]


def test_child_insert_brings_back_a_parent_deleted_elsewhere(pair: World) -> None:
    _seed(pair)
    a, b = pair.replicas
    pair.write(a, ("UPDATE project SET deleted = 1", ()))
    pair.write(
        b, ("INSERT INTO milestone(id, project_id, title) VALUES (?, ?, 'Comité')", ("0" * 31 + "3", PROJ))
    )
    pair.settle(2)
    for replica in pair.replicas:
        assert pair.query(replica, "SELECT deleted FROM project") == [(0,)]
        assert pair.query(replica, "PRAGMA foreign_key_check") == []


def test_re_parenting_and_a_child_of_two_parents_bring_both_back(pair: World) -> None:
    """Each link a transaction sets asserts its parent: the carrier a project moves to (a link column
    written), and both parents of a new funding line (read from its row image)."""
    _seed(pair)
    a, b = pair.replicas
    carrier, funder = "0" * 31 + "4", "0" * 31 + "5"
    org = "INSERT INTO organisation(id, name) VALUES (?, ?)"
    pair.write(a, (org, (carrier, "Mission locale")), (org, (funder, "CAF")))
    pair.settle(1)
    pair.write(a, ("UPDATE organisation SET deleted = 1 WHERE id IN (?, ?)", (carrier, funder)),
               ("UPDATE project SET deleted = 1", ()))
    pair.write(b, ("UPDATE project SET carrier_id = ?", (carrier,)),
               ("INSERT INTO funding_line(id, project_id, funder_id, amount_cents) VALUES (?, ?, ?, 100)",
                ("0" * 31 + "6", PROJ, funder)))
    pair.settle(2)
    for replica in pair.replicas:
        assert pair.query(replica, "SELECT id FROM organisation WHERE deleted = 1") == []
        assert pair.query(replica, "SELECT deleted FROM project") == [(0,)]
        assert pair.query(replica, "PRAGMA foreign_key_check") == []


def test_causality_beats_clocks(pair: World) -> None:
    _seed(pair)
    a, b = pair.replicas
    a.clock_offset_ms = YEAR_MS  # a laptop a year in the future
    pair.write(a, ("UPDATE project SET title = 'du futur'", ()))
    pair.settle(1)
    pair.write(b, ("UPDATE project SET title = 'vu et corrigé'", ()))  # b saw a's write
    pair.settle(2)
    assert _title(pair, 0) == _title(pair, 1) == "vu et corrigé"
    warnings = pair.query(b, "SELECT clock_warning FROM sync_peer WHERE clock_warning != ''")
    assert warnings and "en avance" in str(warnings[0][0]) and "Agent poste1" in str(warnings[0][0])


def test_applying_a_segment_twice_changes_nothing(pair: World) -> None:
    _seed(pair)
    a, b = pair.replicas
    pair.write(a, ("UPDATE project SET title = 'encore'", ()))
    pair.settle(2)
    share = Share(pair.share_dir)
    key = open_format(share, pair.passphrase)
    a_id = pair.query(a, "SELECT replica_id FROM sync_state")[0][0]
    with _conn(b.path) as conn:
        before = dump(conn)
        for name in share.listdir(f"replicas/{a_id}/seg"):
            data = share.read(f"replicas/{a_id}/seg/{name}")
            seg = decode(key, name, data, str(a_id))
            set_applying(conn, True)
            assert not any(Merger(conn).apply(tx) for tx in seg.txns)
            set_applying(conn, False)
            apply_segment(conn, seg, [], name, hashlib.sha256(data).hexdigest())
        assert dump(conn) == before


def test_concurrent_creation_of_the_same_natural_key_merges(world: World) -> None:
    for _ in range(3):
        world.add_replica()
    for replica in world.replicas:
        world.write(
            replica, ("INSERT INTO organisation(id, name, siret) VALUES (?, 'Mission locale', '123')", (ORG,))
        )
    world.settle(2)
    assert converged(world)
    assert world.query(world.replicas[0], "SELECT count(*) FROM organisation") == [(1,)]
    assert world.query(world.replicas[0], "SELECT * FROM sync_conflict") == []
    assert check_world(world) == [] and check_no_loss(world) == []
