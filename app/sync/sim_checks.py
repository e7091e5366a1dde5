"""The invariants of SYNC.md checked on simulated workstations: I1 (same transactions, same state), I2 (no
write lost), I3 (a segment delivered again changes nothing), I4, I5, I7 (per workstation), I6 (checked by
World.sync as each round writes), I8 (nothing of a newer schema applied, and quarantined once delivered);
I9 holds when a workstation bootstrapped from a snapshot converges with the others (I1 at each step)."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from app.sync.merge import Merger, resolve, set_applying
from app.sync.segment import BadSegmentError, decode
from app.sync.share import Share
from app.sync.share_format import open_format
from app.sync.sim_world import SimReplica, World, _conn

Dot = tuple[str, int]


def synced_tables(conn: sqlite3.Connection) -> list[str]:
    return sorted(
        r[0][len("sync_capture_ins_") :]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_capture_ins_%'"
        )
    )


def dump(conn: sqlite3.Connection) -> dict[str, Any]:
    """The synced state: every synced row and the set of conflicted fields."""
    state: dict[str, Any] = {
        t: conn.execute(f'SELECT * FROM "{t}" ORDER BY id').fetchall() for t in synced_tables(conn)
    }
    state["_conflicts"] = conn.execute(
        "SELECT tbl, row_id, col FROM sync_conflict ORDER BY 1, 2, 3"
    ).fetchall()
    return state


def vector_of(conn: sqlite3.Connection) -> dict[str, int]:
    return {r: s for r, s in conn.execute("SELECT replica_id, seq FROM sync_vector WHERE seq > 0")}


def contexts(paths: list[Path]) -> dict[Dot, dict[str, int]]:
    found: dict[Dot, dict[str, int]] = {}
    for path in paths:
        with _conn(path) as conn:
            for replica, seq, ctx in conn.execute("SELECT replica_id, seq, context FROM sync_txn"):
                found[(replica, seq)] = json.loads(ctx)
    return found


def covers(ctxs: dict[Dot, dict[str, int]], later: Dot, earlier: Dot) -> bool:
    if later[0] == earlier[0]:
        return later[1] >= earlier[1]
    return ctxs.get(later, {}).get(earlier[0], 0) >= earlier[1]


def field_heads(conn: sqlite3.Connection) -> dict[tuple[str, str, str], list[tuple[Any, ...]]]:
    fields: dict[tuple[str, str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for tbl, row, col, rep, seq, hlc, value in conn.execute(
        "SELECT tbl, row_id, col, replica_id, seq, hlc, value FROM sync_head WHERE col != '*'"
    ):
        fields[(tbl, row, col)].append((0, rep, seq, hlc, value))
    return fields


def check_replica(conn: sqlite3.Connection, ctxs: dict[Dot, dict[str, int]]) -> list[str]:
    """I5 (foreign keys), I4 (displayed = head rule; no head dominated by another), I2 for the history
    (every change names a transaction known here: who, when, which workstation), I7 (outbox)."""
    problems = [f"I5 clé orpheline {r}" for r in conn.execute("PRAGMA foreign_key_check").fetchall()[:3]]
    for (tbl, row, col), heads in field_heads(conn).items():
        shown = conn.execute(f'SELECT "{col}" FROM "{tbl}" WHERE id = ?', (row,)).fetchone()
        if shown is None or shown[0] != resolve(col, heads)[0]:
            problems.append(f"I4 valeur affichée {tbl}.{col} {row[:8]} : {shown} ≠ {resolve(col, heads)[0]}")
        for a in heads:
            for b in heads:
                if a is not b and covers(ctxs, (b[1], b[2]), (a[1], a[2])):
                    problems.append(f"I4 tête dominée {tbl}.{col} {row[:8]}")
    for table in ("sync_log", "sync_head"):  # history: each change names a transaction known here
        orphans = conn.execute(
            f"SELECT count(*) FROM {table} x WHERE NOT EXISTS (SELECT 1 FROM sync_dot d "
            "WHERE d.replica_id = x.replica_id AND d.seq = x.seq)").fetchone()[0]
        if orphans:
            problems.append(f"I2 historique : {orphans} ligne(s) de {table} sans leur transaction")
    stale = conn.execute(  # what the author of each of our transactions had seen, as its outbox says
        "SELECT count(*) FROM sync_dot d JOIN sync_txn t USING (replica_id, seq) WHERE d.context != t.context"
    ).fetchone()[0]
    if stale:
        problems.append(f"I2 historique : {stale} contexte(s) différent(s) de la boîte d'envoi")
    state = conn.execute("SELECT replica_id, seq, published_seq FROM sync_state WHERE id = 1").fetchone()
    me, seq, published = state or ("", 0, 0)
    low, high, kept = conn.execute(
        "SELECT min(seq), max(seq), count(*) FROM sync_txn WHERE replica_id = ?", (me,)
    ).fetchone()
    # I7: the outbox keeps a contiguous tail ending at the last local transaction, covering the unpublished
    # ones (older ones may only go after a snapshot and every acknowledgement: app.sync.gc)
    if seq and (high != seq or kept != high - low + 1 or low > published + 1):
        problems.append(f"I7 boîte d'envoi : transactions {low}..{high} ({kept}) gardées pour {seq}")
    return problems


def check_newer_schema(conn: sqlite3.Connection, future: list[str], *, delivered: bool) -> list[str]:
    """I8: no transaction of a workstation on a newer schema major is applied here; once everything
    has been delivered (`delivered`), each of them has its segment in quarantine as an update required."""
    problems = []
    for replica_id in future:
        applied = conn.execute("SELECT count(*) FROM sync_dot WHERE replica_id = ?", (replica_id,)).fetchone()
        if applied[0]:
            problems.append(f"I8 segment d'un schéma plus récent appliqué ({replica_id[:8]})")
        reasons = [r for (r,) in conn.execute(
            "SELECT reason FROM sync_quarantine WHERE replica_id = ?", (replica_id,))]
        if delivered and not any("mise à jour requise" in r for r in reasons):
            problems.append(f"I8 segment d'un schéma plus récent hors quarantaine ({replica_id[:8]})")
    return problems


def check_world(world: World, *, delivered: bool = False) -> list[str]:
    """After any step: local invariants everywhere, and I1 between replicas at the same vector;
    `delivered` after a full delivery (World.settle)."""
    paths = [r.path for r in world.replicas]
    ctxs = contexts(paths)
    problems: list[str] = []
    by_vector: dict[str, tuple[str, dict[str, Any]]] = {}
    for replica in world.replicas:
        with _conn(replica.path) as conn:
            problems += [f"{replica.name} : {p}" for p in check_replica(conn, ctxs)]
            problems += [
                f"{replica.name} : {p}" for p in check_newer_schema(conn, world.future, delivered=delivered)
            ]
            key = json.dumps(vector_of(conn), sort_keys=True)
            state = dump(conn)
        if key in by_vector and by_vector[key][1] != state:
            problems.append(
                f"I1 {replica.name} et {by_vector[key][0]} ont appliqué les mêmes transactions mais diffèrent"
            )
        by_vector.setdefault(key, (replica.name, state))
    return problems


def written_fields(paths: list[Path]) -> list[tuple[Dot, str, str, str]]:
    writes = []
    for path in paths:
        with _conn(path) as conn:
            rows = conn.execute(
                "SELECT t.replica_id, t.seq, o.tbl, o.row_id, o.col, o.value FROM sync_txn t "
                "JOIN sync_op o ON o.id BETWEEN t.first_op AND t.last_op"
            ).fetchall()
        for replica, seq, tbl, row, col, value in rows:
            cols = [c for c in json.loads(value) if c != "id"] if col == "*" else [col]
            writes += [((replica, seq), tbl, row, c) for c in cols]
    return writes


def check_no_loss(world: World) -> list[str]:
    """I2 everywhere: each committed write is displayed, concurrent or superseded by one that saw it."""
    paths = [r.path for r in world.replicas]
    ctxs, writes = contexts(paths), set(written_fields(paths))
    problems = []
    for replica in world.replicas:
        with _conn(replica.path) as conn:
            fields = field_heads(conn)
            stars = {
                (t, r): (rep, seq)
                for t, r, rep, seq in conn.execute(
                    "SELECT tbl, row_id, replica_id, seq FROM sync_head WHERE col = '*'"
                )
            }
            for dot, tbl, row, col in writes:
                heads = [(h[1], h[2]) for h in fields.get((tbl, row, col), [])]
                if not heads and (tbl, row) in stars:
                    heads = [stars[(tbl, row)]]
                if not any(covers(ctxs, head, dot) for head in heads):
                    problems.append(f"I2 {replica.name} : écriture {dot[0][:8]}:{dot[1]} {tbl}.{col} perdue")
    return problems[:20]


def converged(world: World) -> bool:
    states = []
    for replica in world.replicas:
        with _conn(replica.path) as conn:
            states.append(dump(conn))
    return all(s == states[0] for s in states)


def check_redelivery(world: World, replica: SimReplica, pick: int) -> list[str] | None:
    """I3: a segment of the share that this workstation has applied, applied again, changes nothing
    (the segment numbered `pick` modulo their count). None when there was nothing to check: no segment,
    an altered one, or one this workstation has not applied yet."""
    share = Share(world.share_dir)
    files = sorted(share.root.glob("replicas/*/seg/*.chg"))
    if not files:
        return None
    path = files[pick % len(files)]
    try:
        key = open_format(share, world.passphrase)
        seg = decode(key, path.name, path.read_bytes(), path.parent.parent.name)
    except BadSegmentError:
        return None  # an altered file: quarantine's business, not idempotence's
    with _conn(replica.path) as conn:
        applied = dict(conn.execute("SELECT replica_id, seq FROM sync_vector").fetchall())
        if applied.get(seg.replica, 0) < seg.seq_to:
            return None
        before = dump(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            set_applying(conn, True)
            again = [tx.seq for tx in seg.txns if Merger(conn).apply(tx)]
            after = dump(conn)
        finally:
            conn.execute("ROLLBACK")
    if again or after != before:
        return [f"I3 {replica.name} : le segment {path.name} appliqué deux fois change l'état"]
    return []
