"""A real process syncing in a loop is killed (SIGKILL) at random moments, 200 times; afterwards the
workstations converge and nothing committed is missing. Children are forked (imports already done)
so that a kill costs milliseconds."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
import uuid
from pathlib import Path

import pytest

from app.sync.capture import stamp
from app.sync.round import connect, run_round
from app.sync.sim_checks import check_no_loss, check_world, converged
from app.sync.sim_world import World

KILLS = 200
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")


def _child_loop(db: Path, share: Path, journal: Path, passphrase: str, seed: int) -> None:
    rng = random.Random(seed)
    conn = connect(db)
    while True:
        token = uuid.uuid4().hex
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO organisation(id, name) VALUES (?, ?)", (token, f"jeton {token}"))
        orgs = conn.execute("SELECT id FROM organisation ORDER BY random() LIMIT 1").fetchall()
        conn.execute("UPDATE organisation SET address = ? WHERE id = ?", (f"rue {rng.random()}", orgs[0][0]))
        stamp(conn)
        conn.execute("COMMIT")
        with open(journal, "a") as handle:  # written after the commit: journal ⊆ committed
            handle.write(token + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        if rng.random() < 0.5:
            run_round(db, share, passphrase)


def _lines(journal: Path) -> int:
    return len(journal.read_text().split()) if journal.exists() else 0


def _wait_for_growth(journal: Path, before: int, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while _lines(journal) <= before and time.monotonic() < deadline:
        time.sleep(0.002)


def _run_and_kill(world: World, index: int, rng: random.Random) -> None:
    replica = world.replicas[index % len(world.replicas)]
    journal = replica.path.with_suffix(".journal")
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            _child_loop(replica.path, world.share_dir, journal, world.passphrase, index)
        finally:
            os._exit(1)
    if index % 2:  # half the kills land after at least one commit, the others anywhere
        _wait_for_growth(journal, _lines(journal))
    time.sleep(rng.uniform(0.0, 0.05))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def test_sigkill_at_random_moments_loses_nothing(world: World) -> None:
    for _ in range(3):
        world.add_replica()
    rng = random.Random(7)
    for index in range(KILLS):
        _run_and_kill(world, index, rng)
    world.settle(3)
    assert converged(world)
    assert check_world(world) == [] and check_no_loss(world) == []
    for replica in world.replicas:
        journal = replica.path.with_suffix(".journal")
        tokens = journal.read_text().split() if journal.exists() else []
        for other in world.replicas:
            present = {r[0] for r in world.query(other, "SELECT id FROM organisation")}
            assert set(tokens) <= present, f"{replica.name} : écriture validée absente de {other.name}"
        assert world.query(replica, "PRAGMA integrity_check") == [("ok",)]
    total = sum(
        len(r.path.with_suffix(".journal").read_text().split())
        for r in world.replicas
        if r.path.with_suffix(".journal").exists()
    )
    assert total > KILLS // 4  # the children did real work between kills
