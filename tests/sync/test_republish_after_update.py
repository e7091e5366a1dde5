"""A segment re-published by an updated app is the identical file (issue 3): the header's app version
and schema are recorded with the boundaries (migration 0003), and a file an older app already wrote
for the pending range is recorded as it is. Otherwise peers that applied the first file would find the
chain broken at the next segment and quarantine it for ever."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from app.sync import segment
from app.sync.faults import SimulatedCrash
from app.sync.sim_checks import check_no_loss, check_world, converged
from app.sync.sim_world import World


def _seg_files(world: World) -> dict[str, bytes]:
    folder = world.share_dir / "maillage-sync" / "replicas"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*/seg/*.chg"))}


def _header_app(data: bytes) -> str:
    return str(json.loads(data.partition(b"\n")[0])["app"])


def _crash_between_rename_and_record(world: World) -> None:
    a = world.replicas[0]
    for crash_at in range(1, 60):
        with pytest.raises(SimulatedCrash):
            world.sync(a, crash_at=crash_at)
        if _seg_files(world) and world.query(a, "SELECT published_seq FROM sync_state") == [(0,)]:
            return
    pytest.fail("no crash point between rename and record")


def _update_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segment, "__version__", "99.0.0")


def _chain_holds(world: World) -> None:
    a, b = world.replicas
    world.edit(a, 2)  # the next segment names the recorded one as previous
    world.settle(2)
    assert world.query(b, "SELECT count(*) FROM sync_quarantine") == [(0,)]
    assert converged(world) and check_world(world) == [] and check_no_loss(world) == []


def test_a_crashed_publish_redone_by_an_updated_app_gives_the_identical_file(
    pair: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = pair.replicas[0]
    pair.edit(a, 3)
    _crash_between_rename_and_record(pair)
    before = _seg_files(pair)
    _update_app(monkeypatch)

    pair.sync(a)

    assert _seg_files(pair) == before and _header_app(next(iter(before.values()))) != "99.0.0"
    assert pair.query(a, "SELECT pending_segment, pending_stamp FROM sync_state") == [("", "")]
    _chain_holds(pair)


def test_a_lost_segment_rewritten_by_an_updated_app_is_the_identical_file(
    pair: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = pair.replicas[0]
    pair.edit(a, 3)
    pair.sync(a)
    before = _seg_files(pair)
    for path in (pair.share_dir / "maillage-sync" / "replicas").glob("*/seg/*.chg"):
        path.unlink()  # the share was restored from an older backup, say
    _update_app(monkeypatch)

    pair.sync(a)

    assert _seg_files(pair) == before
    _chain_holds(pair)


def test_a_file_written_before_stamps_were_recorded_is_adopted(
    pair: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database upgraded to 0003 with a segment pending: no stamp recorded, and the file an older app
    wrote for that range is already on the share: it is recorded as it is, no second file."""
    a = pair.replicas[0]
    pair.edit(a, 3)
    _crash_between_rename_and_record(pair)
    before = _seg_files(pair)
    with closing(sqlite3.connect(a.path)) as conn, conn:
        conn.execute("UPDATE sync_state SET pending_stamp = ''")
    _update_app(monkeypatch)

    pair.sync(a)

    assert _seg_files(pair) == before
    name = next(iter(before))
    assert pair.query(a, "SELECT name FROM sync_segment") == [(name,)]
    _chain_holds(pair)


def test_the_stamp_is_recorded_with_each_segment_of_ours(pair: World) -> None:
    a = pair.replicas[0]
    pair.edit(a, 1)
    pair.sync(a)
    (stamp,) = pair.query(a, "SELECT stamp FROM sync_segment")[0]
    assert json.loads(stamp) == json.loads(segment.current_stamp())

