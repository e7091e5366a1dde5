"""A transaction larger than a segment: published in bounded parts, applied whole or not at all."""

from __future__ import annotations

import random
import uuid
from pathlib import Path

import pytest

from app.sync import segment
from app.sync.faults import SimulatedCrash, corrupt
from app.sync.sim_checks import check_no_loss, check_world, converged
from app.sync.sim_world import World

LIMIT = 2000  # bytes of ops per part in these tests (4 MB in the app)
ROWS = 60  # one transaction of 60 organisations: about 9 parts


@pytest.fixture(autouse=True)
def _small_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segment, "MAX_BYTES", LIMIT)


def _big_transaction(world: World, rows: int = ROWS) -> None:
    sql = "INSERT INTO organisation(id, name, address) VALUES (?, ?, ?)"
    values = [(uuid.uuid4().hex, f"Org {i}", "1 rue " * 5) for i in range(rows)]
    world.write(world.replicas[0], *[(sql, v) for v in values])


def _files(world: World) -> list[Path]:
    return sorted((world.share_dir / "maillage-sync" / "replicas").glob("*/seg/*.chg"))


def _parts(world: World) -> list[Path]:
    return [p for p in _files(world) if segment.parse_part(p.name)]


def _finals(world: World) -> list[Path]:
    return [p for p in _files(world) if segment.parse_name(p.name)]


def _orgs(world: World, index: int) -> int:
    return int(world.query(world.replicas[index], "SELECT count(*) FROM organisation")[0][0])


def test_a_large_transaction_goes_out_in_bounded_parts_and_arrives_whole(pair: World) -> None:
    _big_transaction(pair)
    pair.sync(pair.replicas[0])
    parts, finals = _parts(pair), _finals(pair)
    assert len(parts) >= 3 and len(finals) == 1
    header = segment.read_header(finals[0].read_bytes())[0]
    assert header["parts"] == header["part"] == len(parts) + 1
    assert all(p.stat().st_size < LIMIT for p in parts)  # compressed, sealed: below the bound
    report = pair.sync(pair.replicas[1])
    assert report.received == 1 and _orgs(pair, 1) == ROWS
    pair.settle(1)
    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_a_missing_part_means_nothing_applied_until_it_is_back(pair: World, which: str) -> None:
    a, b = pair.replicas
    _big_transaction(pair)
    pair.sync(a)
    files = _parts(pair) + _finals(pair)
    gone = {"first": files[0], "middle": files[len(files) // 2], "last": files[-1]}[which]
    gone.unlink()
    report = pair.sync(b)
    assert report.received == 0 and _orgs(pair, 1) == 0
    assert pair.query(b, "SELECT count(*) FROM sync_vector WHERE seq > 0") == [(0,)]
    assert pair.query(b, "SELECT count(*) FROM sync_head") == [(0,)]
    if which != "last":
        assert any("incomplète" in w for w in report.waiting)
    pair.sync(a)  # the owner finds the part missing and re-publishes it, identical
    assert gone.exists()
    pair.sync(b)
    assert _orgs(pair, 1) == ROWS and converged(pair) and check_no_loss(pair) == []


def test_an_altered_part_is_quarantined_and_nothing_applied(pair: World) -> None:
    a, b = pair.replicas
    _big_transaction(pair)
    pair.sync(a)
    altered = _parts(pair)[1]
    corrupt(altered, mode="flip", rng=random.Random(5))
    report = pair.sync(b)
    assert report.received == 0 and _orgs(pair, 1) == 0
    assert [n for (n,) in pair.query(b, "SELECT name FROM sync_quarantine")] == [altered.name]
    pair.sync(b)  # still quarantined, still nothing applied
    assert _orgs(pair, 1) == 0
    pair.sync(a)
    pair.sync(b)
    assert _orgs(pair, 1) == ROWS and pair.query(b, "SELECT count(*) FROM sync_quarantine") == [(0,)]
    assert converged(pair) and check_world(pair) == []


def test_a_crash_between_parts_gives_an_identical_republish(pair: World) -> None:
    a, b = pair.replicas
    _big_transaction(pair)
    for crash_at in range(1, 200):  # find a crash after some parts were written, before the last one
        with pytest.raises(SimulatedCrash):
            pair.sync(a, crash_at=crash_at)
        if len(_parts(pair)) >= 2 and not _finals(pair):
            break
    else:
        pytest.fail("no crash point between parts")
    before = {p.name: p.read_bytes() for p in _parts(pair)}
    pair.sync(a)
    after = {p.name: p.read_bytes() for p in _parts(pair)}
    assert {n: after[n] for n in before} == before  # the parts already written are the same files
    header = segment.read_header(_finals(pair)[0].read_bytes())[0]
    assert len(after) == header["parts"] - 1  # and no stray part beside them
    assert pair.query(a, "SELECT published_seq, pending_segment FROM sync_state") == [(1, "")]
    pair.sync(b)
    assert _orgs(pair, 1) == ROWS and converged(pair) and check_no_loss(pair) == []


def test_parts_are_removed_with_their_segment_by_the_collector(pair: World) -> None:
    from app.sync.gc import collect
    from app.sync.round import connect
    from app.sync.share import Share

    a, b = pair.replicas
    _big_transaction(pair)
    pair.sync(a, snapshot=True)
    pair.sync(b)
    pair.sync(a)
    me = str(pair.query(a, "SELECT replica_id FROM sync_state")[0][0])
    conn = connect(a.path)
    try:
        assert collect(conn, Share(pair.share_dir), me, retention_days=0) == 1
    finally:
        conn.close()
    assert not _parts(pair) and not _finals(pair)
