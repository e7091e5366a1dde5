"""Identity, forks, the instance lock, snapshots (I9), segment GC (I7) and sharing violations."""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

import pytest

from app.sync.faults import FaultyShare
from app.sync.gc import collect
from app.sync.lock import AlreadyRunningError, instance_lock
from app.sync.round import connect
from app.sync.share import Share, ShareLockedError
from app.sync.sim_checks import check_no_loss, check_world, converged, dump
from app.sync.sim_world import World, checkpoint
from app.sync.snapshot import snapshot_due


def _replica_id(world: World, index: int) -> str:
    return str(world.query(world.replicas[index], "SELECT replica_id FROM sync_state")[0][0])


def test_a_copied_database_takes_a_new_identity_and_loses_nothing(pair: World) -> None:
    a, _b = pair.replicas
    pair.edit(a, 2)
    pair.sync(a)
    pair.edit(a, 2)  # not yet published when the file is copied
    clone = pair.add_replica(source=a.path)
    pair.edit(clone, 1)
    assert _replica_id(pair, 2) != _replica_id(pair, 0)
    assert check_world(pair) == []  # its history names the re-numbered transactions (who, which workstation)
    pair.settle(2)
    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []
    assert not pair.violations  # I6: the clone never wrote into the original's folder


def test_a_restored_backup_forks_when_the_share_knows_more(pair: World, tmp_path: Path) -> None:
    a, b = pair.replicas
    pair.edit(a, 1)
    pair.sync(a)
    checkpoint(a.path)
    backup = tmp_path / "sauvegarde.sqlite"
    shutil.copy(a.path, backup)
    pair.edit(a, 2)
    pair.sync(a)
    old_id = _replica_id(pair, 0)
    shutil.copy(backup, a.path)  # restored over the same path: the install marker still matches
    for suffix in ("-wal", "-shm"):
        Path(f"{a.path}{suffix}").unlink(missing_ok=True)
    pair.edit(a, 1)
    report = pair.sync(a)
    assert report.forked and _replica_id(pair, 0) != old_id
    pair.settle(2)
    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []


def test_one_sync_at_a_time_per_database(pair: World) -> None:
    path = pair.replicas[0].path
    with instance_lock(path), pytest.raises(AlreadyRunningError, match="déjà en cours"), instance_lock(path):
        pass


def test_bootstrap_from_a_snapshot_equals_replaying_everything(world: World) -> None:
    a, b, replay = world.add_replica(), world.add_replica(), world.add_replica()
    for _ in range(6):
        world.edit(a, 3)
        world.edit(b, 2)
        world.settle(1)
    world.sync(a, snapshot=True)
    fresh = world.add_replica()
    report = world.sync(fresh)
    assert any("instantané" in w for w in report.warnings)
    world.edit(b, 2)  # the tail after the snapshot
    world.settle(2)
    conn_f, conn_r = connect(fresh.path), connect(replay.path)
    try:
        assert dump(conn_f) == dump(conn_r)  # I9
    finally:
        conn_f.close()
        conn_r.close()
    assert check_world(world) == [] and check_no_loss(world) == []


def test_segments_are_removed_only_when_covered_acknowledged_and_old(pair: World) -> None:
    a, b = pair.replicas
    for _ in range(3):
        pair.edit(a, 2)
        pair.sync(a)
    pair.settle(1)
    share = Share(pair.share_dir)
    me = _replica_id(pair, 0)
    conn = connect(a.path)
    try:
        assert collect(conn, share, me, retention_days=0) == 0  # no snapshot covers them yet
        pair.sync(a, snapshot=True)
        pair.sync(b)  # b acknowledges in its heartbeat
        pair.sync(a)
        assert collect(conn, share, me, retention_days=180) == 0  # too recent
        removed = collect(conn, share, me, retention_days=0)
        assert removed == 3
        assert conn.execute("SELECT count(*) FROM sync_txn").fetchone()[0] == 0  # outbox pruned (I7)
    finally:
        conn.close()
    late = pair.add_replica()  # a newcomer still gets everything, from the snapshot
    pair.edit(a, 1)
    pair.settle(2)
    assert pair.query(late, "SELECT count(*) FROM organisation") == pair.query(
        a, "SELECT count(*) FROM organisation"
    )


def test_sharing_violations_are_retried_then_reported(tmp_path: Path) -> None:
    share = FaultyShare(tmp_path, violations=1.0)
    share.check()  # two violations, then it goes through
    assert share.root.is_dir()
    stubborn = Share(tmp_path, sleep=lambda _s: None)

    def locked() -> None:
        raise PermissionError(13, "sharing violation")

    with pytest.raises(ShareLockedError, match="verrouillé"):
        stubborn._call("segment", locked)


def test_the_app_s_rounds_keep_one_recent_snapshot_per_workstation(pair: World) -> None:
    """The app's rounds (snapshot=None) publish one when the share's newest is over 30 days old or
    absent; a workstation's newer snapshot replaces its older one, so the share does not fill up."""
    a, b = pair.replicas
    share = Share(pair.share_dir)
    snapshots = pair.share_dir / "maillage-sync" / "snapshots"
    pair.edit(a, 2)
    pair.sync(a, snapshot=None)  # the share's first: due
    first = sorted(p.name for p in snapshots.iterdir())
    assert len(first) == 2 and not snapshot_due(share)  # the sealed copy and its manifest
    pair.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'Mission locale')", (uuid.uuid4().hex,)))
    pair.sync(a, snapshot=None)
    assert sorted(p.name for p in snapshots.iterdir()) == first  # a recent one is there: not again
    month_later = int(time.time() * 1000) + 31 * 86_400_000
    assert snapshot_due(share, now_ms=month_later)

    pair.sync(a, snapshot=True)  # a's next snapshot replaces its first
    pair.sync(b, snapshot=True)
    names = sorted(p.name for p in snapshots.iterdir())
    assert len(names) == 4 and not set(first) & set(names)
    assert {name.rsplit(".", 1)[0].split("-")[1] for name in names} == {_replica_id(pair, 0),
                                                                          _replica_id(pair, 1)}
    pair.add_replica()  # bootstraps from the newest
    pair.settle(2)
    assert converged(pair) and not check_no_loss(pair)
