"""Simulated workstations driving the real code paths (capture triggers, stamping, rounds, snapshots).

Used by `python -m app.sync.simulate` and by the stateful tests in tests/sync.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.ids import natural_id
from app.sync import clock, segment
from app.sync.capture import stamp
from app.sync.conflicts import resolve_conflict
from app.sync.faults import FaultyShare
from app.sync.round import RoundReport, connect, run_round

YEAR_MS = 365 * 24 * 3600 * 1000
FIELDS = {
    "organisation": ("name", "short_name", "address"),
    "project": ("title", "summary", "objectives"),
    "milestone": ("title",),
}


@dataclass
class SimReplica:
    name: str
    path: Path
    clock_offset_ms: int = 0
    rounds: int = 0


@dataclass
class World:
    root: Path
    template: Path
    passphrase: str = "phrase secrète de test"
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    replicas: list[SimReplica] = field(default_factory=list)
    share_dir: Path = field(init=False)
    last_share: FaultyShare | None = None
    violations: list[str] = field(default_factory=list)
    future: list[str] = field(default_factory=list)  # replica ids of workstations on a newer schema (I8)
    created: int = 0

    def __post_init__(self) -> None:
        self.share_dir = self.root / "share"
        self.share_dir.mkdir(parents=True, exist_ok=True)

    def add_replica(self, *, source: Path | None = None) -> SimReplica:
        """A new workstation: a fresh migrated database, or a copy of `source` (a cloned database)."""
        self.created += 1
        replica = SimReplica(f"poste{self.created}", self.root / f"r{self.created}.sqlite")
        if source is not None:
            checkpoint(source)
        shutil.copy(source or self.template, replica.path)
        with _conn(replica.path) as conn, conn:
            conn.execute(
                "INSERT OR REPLACE INTO workstation_profile(id, full_name, function, organisation) "
                "VALUES (1, ?, '', '')",
                (f"Agent {replica.name}",),
            )
        self.replicas.append(replica)
        return replica

    def add_future_replica(self) -> None:
        """I8: a workstation already on a newer schema major publishes a transaction, then leaves the
        simulation (it reads no segment of ours any more): the others must quarantine its segment as
        « mise à jour requise » and apply nothing of it."""
        future = self.add_replica()
        self.replicas.remove(future)
        self.edit(future, 2)
        major = segment.SCHEMA_MAJOR
        segment.SCHEMA_MAJOR = major + 1  # what the newer app writes in its segment headers
        try:
            self.sync(future)
        finally:
            segment.SCHEMA_MAJOR = major
        self.future.append(str(self.query(future, "SELECT replica_id FROM sync_state WHERE id = 1")[0][0]))

    def edit(self, replica: SimReplica, count: int = 1) -> None:
        """One local transaction of `count` random operations, captured by the triggers."""
        with _conn(replica.path) as conn, at_offset(replica.clock_offset_ms):
            conn.execute("BEGIN IMMEDIATE")
            for _ in range(count):
                random_op(conn, self.rng)
            stamp(conn)
            conn.execute("COMMIT")

    def write(self, replica: SimReplica, *statements: tuple[str, tuple[object, ...]]) -> None:
        """One local transaction of given statements (tests)."""
        with _conn(replica.path) as conn, at_offset(replica.clock_offset_ms):
            conn.execute("BEGIN IMMEDIATE")
            for sql, params in statements:
                conn.execute(sql, params)
            stamp(conn)
            conn.execute("COMMIT")

    def query(self, replica: SimReplica, sql: str, *params: object) -> list[tuple[object, ...]]:
        with _conn(replica.path) as conn:
            return conn.execute(sql, params).fetchall()

    def sync(self, replica: SimReplica, *, snapshot: bool = False, **faults: object) -> RoundReport:
        share = FaultyShare(self.share_dir, rng=random.Random(self.rng.random()), **faults)  # type: ignore[arg-type]
        self.last_share = share
        try:
            with at_offset(replica.clock_offset_ms):
                report = run_round(
                    replica.path, self.share_dir, self.passphrase, share=share, snapshot=snapshot
                )
        finally:
            self._check_writer(replica, share)
        replica.rounds += 1
        return report

    def _check_writer(self, replica: SimReplica, share: FaultyShare) -> None:
        """I6: a workstation only creates or removes files in its own folder (and shared entries)."""
        with _conn(replica.path) as conn:
            row = conn.execute("SELECT replica_id FROM sync_state WHERE id = 1").fetchone()
        me = row[0] if row else ""
        for rel in share.written:
            if rel.startswith("replicas/") and not rel.startswith(f"replicas/{me}/"):
                self.violations.append(f"I6 {replica.name} a écrit {rel}")

    def settle(self, passes: int = 3) -> None:
        """Rounds on every replica until everything has been delivered everywhere."""
        for _ in range(passes):
            for replica in self.replicas:
                self.sync(replica)


@contextmanager
def _conn(path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def at_offset(offset_ms: int) -> Iterator[None]:
    """Run with this workstation's wall clock (±1 year jumps in the tests)."""
    saved = clock.wall_ms
    clock.wall_ms = lambda: saved() + offset_ms
    try:
        yield
    finally:
        clock.wall_ms = saved


def checkpoint(path: Path) -> None:
    with _conn(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _ids(conn: sqlite3.Connection, table: str, *, alive: bool | None = None) -> list[str]:
    where = "" if alive is None else f" WHERE deleted = {0 if alive else 1}"
    return [r[0] for r in conn.execute(f"SELECT id FROM {table}{where} ORDER BY id")]


def random_op(conn: sqlite3.Connection, rng: random.Random) -> None:
    kind = rng.choice(
        ["org", "project", "edit", "edit", "edit", "delete", "child", "reparent", "resolve", "restore"]
    )
    orgs, projects = _ids(conn, "organisation"), _ids(conn, "project")
    if kind == "org" or not orgs:
        oid = natural_id("siret", rng.randrange(6)).hex if rng.random() < 0.5 else uuid.uuid4().hex
        conn.execute(
            "INSERT OR IGNORE INTO organisation(id, name) VALUES (?, ?)", (oid, f"Org {rng.randrange(99)}")
        )
    elif kind == "project" or not projects:
        conn.execute(
            "INSERT INTO project(id, title, carrier_id) VALUES (?, ?, ?)",
            (uuid.uuid4().hex, f"Projet {rng.randrange(999)}", rng.choice(orgs)),
        )
    elif kind == "child":
        conn.execute(
            "INSERT INTO milestone(id, project_id, title) VALUES (?, ?, ?)",
            (uuid.uuid4().hex, rng.choice(projects), f"Jalon {rng.randrange(99)}"),
        )
    elif kind == "reparent":
        conn.execute(
            "UPDATE project SET carrier_id = ? WHERE id = ?", (rng.choice(orgs), rng.choice(projects))
        )
    elif kind in ("delete", "restore"):
        table = rng.choice(["organisation", "project"])
        rows = _ids(conn, table, alive=kind == "restore")
        if rows:
            conn.execute(
                f"UPDATE {table} SET deleted = {1 if kind == 'delete' else 0} WHERE id = ?",
                (rng.choice(rows),),
            )
    elif kind == "resolve":
        _resolve_one(conn, rng)
    else:
        table = rng.choice(["organisation", "project"])
        column = rng.choice(FIELDS[table])
        rows = orgs if table == "organisation" else projects
        conn.execute(
            f"UPDATE {table} SET {column} = ? WHERE id = ?", (f"v{rng.randrange(10**6)}", rng.choice(rows))
        )


def _resolve_one(conn: sqlite3.Connection, rng: random.Random) -> None:
    """Keep one of the concurrent values, or type a merged one (SYNC.md: a local edit resolves)."""
    row = conn.execute("SELECT tbl, row_id, col FROM sync_conflict ORDER BY random() LIMIT 1").fetchone()
    if row is None:
        return
    table, row_id, col = row
    values = [
        v
        for (v,) in conn.execute(
            "SELECT value FROM sync_head WHERE tbl = ? AND row_id = ? AND col = ?", (table, row_id, col)
        )
    ]
    mergeable = col in FIELDS.get(table, ())
    value = rng.choice(values) if values and (rng.random() < 0.7 or not mergeable) else "fusion"
    if not values and not mergeable:
        return
    resolve_conflict(conn, table, row_id, col, value)
