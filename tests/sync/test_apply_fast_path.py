"""Inserted rows are applied optimistically (app.sync.merge: `_insert_new`, no sync_head probe) and fall
back to the careful path when a row already exists: both must leave the database the careful path alone
leaves (the same dump, every table), and a concurrent creation of the same uuid5 id still merges field by
field."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from app.domain.ids import natural_id
from app.sync.ingest import ingest_all
from app.sync.merge import Merger
from app.sync.round import connect
from app.sync.share import Share
from app.sync.share_format import open_format
from app.sync.sim_checks import check_no_loss, check_world, converged
from app.sync.sim_world import SimReplica, World, checkpoint

SIRET = "12345678900011"
SHARED = natural_id("siret", SIRET).hex  # the same id wherever this organisation is created
FRESH = [uuid.UUID(int=n).hex for n in range(1, 4)]

INSERT = "INSERT INTO organisation(id, name, siret, address) VALUES (?, ?, ?, ?)"


def _ingest_copy(world: World, replica: SimReplica, target: Path) -> list[str]:
    """Ingest what the share holds into a copy of `replica`'s database; its whole content, dumped.
    The copy keeps the replica id (no round, so no fork check): both copies apply the same segments."""
    checkpoint(replica.path)
    shutil.copy(replica.path, target)
    conn = connect(target)
    try:
        me = conn.execute("SELECT replica_id FROM sync_state WHERE id = 1").fetchone()[0]
        share = Share(world.share_dir)
        report = ingest_all(conn, share, open_format(share, world.passphrase), me)
        assert report.received and not report.quarantined and not report.waiting
        return list(conn.iterdump())
    finally:
        conn.close()


def _joined(world: World) -> tuple[SimReplica, SimReplica]:
    """Both workstations have an identity and have joined the share before anything is compared."""
    for replica in world.replicas:
        world.sync(replica)
    a, b = world.replicas
    return a, b


def _probes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tables for which the careful path probed sync_head (`Merger._known`)."""
    calls: list[str] = []
    known = Merger._known

    def spy(self: Merger, table: str, row_ids: list[str]) -> set[str]:
        calls.append(table)
        return known(self, table, row_ids)

    monkeypatch.setattr(Merger, "_known", spy)
    return calls


def _careful_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The behaviour before the optimistic insert: every batch of inserted rows takes the careful path."""
    monkeypatch.setattr(Merger, "_insert_new", lambda self, table, images: False)


def _same_state_both_ways(
    world: World, receiver: SimReplica, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Ingest into two copies of `receiver`, as shipped and careful only; returns the probed tables of
    the first, after checking that both copies hold exactly the same database."""
    probes = _probes(monkeypatch)
    optimistic = _ingest_copy(world, receiver, tmp_path / "optimistic.sqlite")
    probed = list(probes)
    _careful_only(monkeypatch)
    careful = _ingest_copy(world, receiver, tmp_path / "careful.sqlite")
    assert optimistic == careful
    return probed


def _creation_state(world: World, replica: SimReplica) -> dict[str, object]:
    """What the concurrent creation left on one workstation: rows, conflicts, the concurrent names."""
    heads = world.query(
        replica, "SELECT value FROM sync_head WHERE tbl = 'organisation' AND row_id = ? AND col = 'name'",
        SHARED,
    )
    return {
        "rows": world.query(replica, "SELECT count(*) FROM organisation")[0][0],
        "conflicts": world.query(replica, "SELECT tbl, row_id, col FROM sync_conflict"),
        "names": {value for (value,) in heads},
    }


def test_a_batch_of_new_rows_lands_with_one_star_head_each(
    pair: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = _joined(pair)
    pair.write(a, *[(INSERT, (row_id, f"Org {i}", "", f"{i} rue")) for i, row_id in enumerate(FRESH)])
    pair.sync(a)

    assert _same_state_both_ways(pair, b, tmp_path, monkeypatch) == []  # all new: no probe

    monkeypatch.undo()
    pair.sync(b)
    assert pair.query(b, "SELECT id, name, address FROM organisation ORDER BY id") == [
        (row_id, f"Org {i}", f"{i} rue") for i, row_id in enumerate(FRESH)
    ]
    heads = pair.query(b, "SELECT row_id, col, count(*) FROM sync_head GROUP BY row_id, col ORDER BY 1")
    assert heads == [(row_id, "*", 1) for row_id in FRESH]
    assert pair.query(b, "SELECT * FROM sync_conflict") == []


def test_a_row_created_concurrently_merges_field_by_field_as_before(
    pair: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = _joined(pair)
    pair.write(
        a,
        (INSERT, (SHARED, "Mission locale", SIRET, "1 rue de la Gare")),
        *[(INSERT, (row_id, f"Org {i}", "", "")) for i, row_id in enumerate(FRESH)],
    )
    pair.write(b, (INSERT, (SHARED, "Mission locale du Pays", SIRET, "1 rue de la Gare")))
    pair.sync(a)

    # a's batch meets b's row: the optimistic insert gives way to the careful path, same result
    assert _same_state_both_ways(pair, b, tmp_path, monkeypatch) == ["organisation"]

    monkeypatch.undo()
    pair.settle(2)
    assert converged(pair)
    for replica in pair.replicas:
        assert _creation_state(pair, replica) == {
            "rows": 1 + len(FRESH),
            "conflicts": [("organisation", SHARED, "name")],  # differing values; same siret, same address
            "names": {"Mission locale", "Mission locale du Pays"},
        }
    assert check_world(pair) == [] and check_no_loss(pair) == []


def test_a_row_without_heads_takes_the_image_as_before(
    pair: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table row that sync never saw (no heads: written while capture was off) is not a known row:
    the careful path upserts the incoming image over it and gives it a '*' head, as it always did."""
    a, b = _joined(pair)
    with sqlite3.connect(b.path) as conn:
        conn.execute("UPDATE sync_control SET applying = 1 WHERE id = 1")
        conn.execute(INSERT, (FRESH[0], "écrit hors capture", "", ""))
        conn.execute("UPDATE sync_control SET applying = 0 WHERE id = 1")
    conn.close()
    pair.write(a, (INSERT, (FRESH[0], "Org 0", "", "2 rue")), (INSERT, (FRESH[1], "Org 1", "", "")))
    pair.sync(a)

    assert _same_state_both_ways(pair, b, tmp_path, monkeypatch) == ["organisation"]

    monkeypatch.undo()
    pair.sync(b)
    row = pair.query(b, "SELECT name, address FROM organisation WHERE id = ?", FRESH[0])
    assert row == [("Org 0", "2 rue")]
    assert pair.query(b, "SELECT col FROM sync_head WHERE row_id = ?", FRESH[0]) == [("*",)]
