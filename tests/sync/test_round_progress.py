"""A round reports real steps: preparing and publishing (indeterminate), one step per segment ingested,
then the heartbeat; a long step (a transaction in parts, a long segment) counts its parts and ops meanwhile
(issue 3: the progress bar of the Synchronisation page and of the status bar)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from app.domain import progress
from app.domain.progress import Progress
from app.sync import parts as parts_module
from app.sync import segment, steps
from app.sync import share as share_module
from app.sync.round import run_round
from app.sync.sim_world import SimReplica, World


def test_round_progress_counts_the_segments_ingested(template_db: Path, tmp_path: Path) -> None:
    world = World(tmp_path, template_db, rng=random.Random(4))
    a, b = world.add_replica(), world.add_replica()
    for _ in range(3):
        world.edit(a, 2)
        world.sync(a)  # one segment per round: three segments for b
    steps: list[tuple[int, int, str]] = []

    run_round(b.path, world.share_dir, world.passphrase, progress=Progress(lambda *s: steps.append(s)))

    assert steps[0][:2] == (0, 0) and steps[1][:2] == (0, 0)  # preparing, publishing
    determinate = [(done, total) for done, total, _ in steps if total]
    assert determinate == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]  # listed, 3 segments, heartbeat
    assert all(message for _, _, message in steps)


LIMIT = 2000  # bytes of ops per part (4 MB in the app), as in test_parts
ROWS = 60  # one transaction of 60 organisations: about 9 parts


@pytest.fixture
def told_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small parts, and every report of a long step passed on (no clock in these tests)."""
    monkeypatch.setattr(segment, "MAX_BYTES", LIMIT)
    monkeypatch.setattr(progress, "REPORT_EVERY_S", 0.0)


def _big_transaction(world: World) -> SimReplica:
    a, _b = world.add_replica(), world.add_replica()
    sql = "INSERT INTO organisation(id, name, address) VALUES (?, ?, ?)"
    world.write(a, *[(sql, (uuid.uuid4().hex, f"Org {i}", "1 rue " * 5)) for i in range(ROWS)])
    return a


def _round(world: World, replica: SimReplica, *, snapshot: bool = False) -> list[tuple[int, int, str]]:
    steps: list[tuple[int, int, str]] = []
    run_round(replica.path, world.share_dir, world.passphrase, progress=Progress(lambda *s: steps.append(s)),
              snapshot=snapshot)
    return steps


def _counts(steps: list[tuple[int, int, str]], *prefixes: str) -> list[tuple[int, int]]:
    return [(done, total) for done, total, message in steps if message.startswith(prefixes)]


def _parts_on_share(world: World) -> int:
    return len(list((world.share_dir / "maillage-sync" / "replicas").glob("*/seg/*.p*.chg"))) + 1


def test_a_transaction_in_parts_counts_its_parts_out_and_its_ops_in(
    template_db: Path, tmp_path: Path, told_at_once: None
) -> None:
    world = World(tmp_path, template_db, rng=random.Random(5))
    a = _big_transaction(world)

    sent = _round(world, a)
    parts = _parts_on_share(world)
    assert parts >= 3
    published = _counts(sent, "Publication : partie")
    total = published[-1][1]
    assert len(published) == parts and published[-1] == (total, total) and total >= ROWS
    assert (0, 0, f"Publication : lecture d'une transaction de {total} modifications") in sent
    assert [done for done, _ in published] == sorted({done for done, _ in published})  # increasing
    assert sent[-1][2].startswith("Mise à jour de l'état du poste")  # the heartbeat still ends the round

    received = _round(world, world.replicas[1])
    assert [m for _d, _t, m in received if m.startswith("Réception : partie")] == [
        f"Réception : partie {k} sur {parts}" for k in range(1, parts)
    ]
    applied = _counts(received, "Application :", "Enregistrement")
    assert len(applied) == parts and {t for _d, t in applied} == {total}
    assert [done for done, _ in applied] == sorted({done for done, _ in applied})
    assert applied[-1] == (total, total)  # then the commit: one SQLite transaction for all the parts
    assert (total, total, f"Enregistrement : {total} modifications") in received
    assert received[-1][:2] == (3, 3)  # listed, the segment, the heartbeat: the round's own steps
    assert world.query(world.replicas[1], "SELECT count(*) FROM organisation") == [(ROWS,)]


def test_a_last_part_from_an_older_sender_counts_in_parts(
    template_db: Path, tmp_path: Path, told_at_once: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World(tmp_path, template_db, rng=random.Random(6))
    a = _big_transaction(world)
    with monkeypatch.context() as older:  # a sender from before the op count in the last part's header
        older.setattr(parts_module, "seal_lines", partial(_without_count, segment.seal_lines))
        _round(world, a)
    parts = _parts_on_share(world)

    applied = _counts(_round(world, world.replicas[1]), "Application : partie", "Enregistrement")

    assert applied == [(k, parts) for k in range(1, parts + 1)]


def _without_count(seal: Callable[..., tuple[str, bytes]], *args: Any, **kwargs: Any) -> tuple[str, bytes]:
    return seal(*args, **{**kwargs, "ops": 0})


def test_a_bootstrap_counts_the_snapshot_copied_then_the_tables_loaded(
    template_db: Path, tmp_path: Path, told_at_once: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World(tmp_path, template_db, rng=random.Random(7))
    a = world.add_replica()
    world.edit(a, 5)
    world.sync(a, snapshot=True)
    snap = next((world.share_dir / "maillage-sync" / "snapshots").glob("*.snap"))
    monkeypatch.setattr(share_module, "CHUNK", 4096)
    fresh = world.add_replica()

    received = _round(world, fresh)

    copied = _counts(received, "Démarrage : copie")
    size = snap.stat().st_size
    assert len(copied) == -(-size // 4096) >= 2 and {t for _d, t in copied} == {size}
    assert [done for done, _ in copied] == sorted({done for done, _ in copied})
    assert copied[-1] == (size, size)
    assert (0, 0, steps.bootstrap_checking()) in received
    loaded = _counts(received, "Démarrage : chargement", "Démarrage : enregistrement")
    tables = loaded[-1][1]
    assert loaded == [(k, tables) for k in range(tables + 1)]
    assert received[-1][2].startswith("Mise à jour de l'état du poste")
    assert world.query(fresh, "SELECT count(*) FROM sync_head") == world.query(
        a, "SELECT count(*) FROM sync_head"
    )


def test_a_snapshot_sent_counts_its_bytes_after_its_preparation(
    template_db: Path, tmp_path: Path, told_at_once: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World(tmp_path, template_db, rng=random.Random(8))
    a = world.add_replica()
    world.edit(a, 5)
    monkeypatch.setattr(share_module, "CHUNK", 4096)

    sent = _round(world, a, snapshot=True)

    size = next((world.share_dir / "maillage-sync" / "snapshots").glob("*.snap")).stat().st_size
    messages = [message for _d, _t, message in sent]
    assert steps.snapshot_preparing() in messages
    sending = _counts(sent, "Instantané pour les nouveaux postes : envoi")
    assert len(sending) == -(-size // 4096) >= 2 and sending[-1] == (size, size)
    assert messages.index(steps.snapshot_preparing()) < messages.index(steps.snapshot_sending(*sending[0]))
    assert steps.snapshot_sending(420 << 20, 1282 << 20) == (
        "Instantané pour les nouveaux postes : envoi, 420\u00a0Mo sur 1\u00a0282\u00a0Mo"
    )


def test_a_snapshot_size_reads_as_the_explorer_tells_it() -> None:
    assert steps.bootstrap_copying(420 << 20, 1282 << 20) == (
        "Démarrage : copie de l'instantané, 420\u00a0Mo sur 1\u00a0282\u00a0Mo"
    )
    assert steps.size(0) == "0\u00a0Ko" and steps.size(1500) == "2\u00a0Ko"
