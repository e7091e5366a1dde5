"""Publishing the outbox as immutable, chained segments (SYNC.md "Publish")."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterator

from app.domain.progress import NO_PROGRESS, Progress, throttled
from app.sync import segment, steps
from app.sync.outbox import local_txns, txn_sizes
from app.sync.parts import part_files, parts_intact
from app.sync.segment import BadSegmentError, decode, encode, parse_name, read_header
from app.sync.share import Share
from app.sync.txn import transaction

log = logging.getLogger(__name__)

BYTES_PER_OP = 120  # estimate used to cut segments near MAX_BYTES


def _state(conn: sqlite3.Connection) -> tuple[str, int, str]:
    row = conn.execute(
        "SELECT replica_id, published_seq, pending_segment FROM sync_state WHERE id = 1"
    ).fetchone()
    return str(row[0]), int(row[1]), str(row[2])


def _pending_stamp(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT pending_stamp FROM sync_state WHERE id = 1").fetchone()[0])


def _next_boundaries(conn: sqlite3.Connection, published: int) -> tuple[int, int] | None:
    sizes = txn_sizes(conn, published + 1)
    if not sizes:
        return None
    end, total = sizes[0][0], 0
    for count, (seq, ops) in enumerate(sizes, start=1):
        if count > segment.MAX_TXNS or (count > 1 and total + ops * BYTES_PER_OP > segment.MAX_BYTES):
            break
        end, total = seq, total + ops * BYTES_PER_OP
    return sizes[0][0], end


def _prev_hash(conn: sqlite3.Connection, replica: str, seq_from: int) -> str:
    row = conn.execute(
        "SELECT hash FROM sync_segment WHERE replica_id = ? AND seq_to = ?", (replica, seq_from - 1)
    ).fetchone()
    return str(row[0]) if row else ""


def publish_one(
    conn: sqlite3.Connection, share: Share, key: bytes, *, progress: Progress = NO_PROGRESS
) -> int:
    """Publish the next segment; returns the number of transactions sent (0: nothing left). `progress`
    gets the parts of a transaction larger than a segment."""
    replica, published, pending = _state(conn)
    if not pending:
        bounds = _next_boundaries(conn, published)
        if bounds is None:
            return 0
        stamp = segment.current_stamp()
        with transaction(conn):  # boundaries recorded before writing: a re-publish gives the identical file
            conn.execute(
                "UPDATE sync_state SET pending_segment = ?, pending_stamp = ? WHERE id = 1",
                (f"{bounds[0]}-{bounds[1]}", stamp),
            )
    else:
        first, last = pending.split("-")
        bounds, stamp = (int(first), int(last)), _pending_stamp(conn)
    folder = f"replicas/{replica}/seg"
    share.makedirs(folder)
    name, data = "", b""
    for name, data in segment_files(conn, key, replica, bounds, stamp=stamp, progress=progress):
        name, data = _already_there(share, key, (folder, replica), name, data) if pending else (name, data)
        share.write_atomic(f"{folder}/{name}", data)
    if not name:
        log.error("Outbox lacks transactions %d-%d: nothing published", *bounds)
        return 0
    with transaction(conn, durable=False):  # lost by a power failure: re-published identical, recorded
        conn.execute(
            "INSERT OR REPLACE INTO sync_segment(replica_id, seq_from, seq_to, hash, name, stamp) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (replica, bounds[0], bounds[1], hashlib.sha256(data).hexdigest(), name, stamp),
        )
        conn.execute(
            "UPDATE sync_state SET published_seq = ?, pending_segment = '', pending_stamp = '' WHERE id = 1",
            (bounds[1],),
        )
    log.info("Published %s (%d transactions)", name, bounds[1] - bounds[0] + 1)
    return bounds[1] - bounds[0] + 1


def segment_files(
    conn: sqlite3.Connection,
    key: bytes,
    replica: str,
    bounds: tuple[int, int],
    *,
    stamp: str = "",
    progress: Progress = NO_PROGRESS,
) -> Iterator[tuple[str, bytes]]:
    """The file(s) of a segment: one, or the parts of a transaction larger than MAX_BYTES (streamed).
    `stamp`: the header stamp recorded with the boundaries (segment.current_stamp)."""
    prev = _prev_hash(conn, replica, bounds[0])
    sizes = txn_sizes(conn, bounds[0])[:1]
    if bounds[0] == bounds[1] and sizes and sizes[0][1] * BYTES_PER_OP > segment.MAX_BYTES:
        yield from part_files(conn, key, replica, bounds[0], prev, stamp=stamp, progress=progress)
        return
    txns = local_txns(conn, *bounds)
    if len(txns) == bounds[1] - bounds[0] + 1:
        yield encode(key, replica, txns, prev, stamp=stamp)


def _already_there(
    share: Share, key: bytes, where: tuple[str, str], name: str, data: bytes
) -> tuple[str, bytes]:
    """A pending segment re-published after a crash: when our folder already holds a file for the same
    range with the same chain link and transactions but other bytes (written before migration 0003 by
    an older app, whose version its header records), that file is the one recorded, not a second one:
    peers that applied it would otherwise find the chain broken at our next segment."""
    folder, replica = where
    mine = parse_name(name)
    if mine is None:
        return name, data  # a part: parts carry the stamp recorded since 0003
    ours = decode(key, name, data, replica)
    for other in share.listdir(folder):
        found = parse_name(other)
        if other == name or found is None or found[:2] != mine[:2]:
            continue
        there = share.read(f"{folder}/{other}")
        try:
            theirs = decode(key, other, there, replica)
        except BadSegmentError:
            continue
        if (theirs.prev, theirs.txns) == (ours.prev, ours.txns):
            log.warning("Segment %s already on the share as %s: recorded as it is", name, other)
            return other, there
    return name, data


def publish_all(
    conn: sqlite3.Connection, share: Share, key: bytes, *, progress: Progress = NO_PROGRESS
) -> int:
    """Publish the whole outbox; `progress` gets the transactions sent and the parts of a large one,
    at a bounded rate (a quick publish tells nothing)."""
    told = throttled(progress)
    seq, published = conn.execute("SELECT seq, published_seq FROM sync_state WHERE id = 1").fetchone()
    sent = 0
    while (count := publish_one(conn, share, key, progress=progress)) > 0:
        sent += count
        pending = max(int(seq) - int(published), sent)
        told.report(sent, pending, steps.publishing(sent, pending))
    return sent


def _min_ack(conn: sqlite3.Connection, replica: str) -> int:
    acks = [
        int(json.loads(v or "{}").get(replica, 0)) for (v,) in conn.execute("SELECT vector FROM sync_peer")
    ]
    return min(acks, default=0)


def republish_missing(conn: sqlite3.Connection, share: Share, key: bytes) -> int:
    """Our segments not yet acknowledged by every peer are checked on the share; a missing, truncated or
    altered one is written again from the outbox (identical bytes)."""
    replica = _state(conn)[0]
    present = set(share.listdir(f"replicas/{replica}/seg"))
    rows = conn.execute(
        "SELECT seq_from, seq_to, name, hash, stamp FROM sync_segment WHERE replica_id = ? AND seq_to > ? "
        "ORDER BY seq_from",
        (replica, _min_ack(conn, replica)),
    ).fetchall()
    redone = 0
    for seq_from, seq_to, name, digest, stamp in rows:
        if _intact(share, replica, name, digest, present):
            continue
        written = segment_files(conn, key, replica, (seq_from, seq_to), stamp=stamp)
        files = list(_names_only(share, replica, written))
        if files:
            log.warning("Segment %s re-published (missing or altered on the share)", name)
            redone += 1
    return redone


def _intact(share: Share, replica: str, name: str, digest: str, present: set[str]) -> bool:
    if name not in present:
        return False
    data = share.read(f"replicas/{replica}/seg/{name}")
    if hashlib.sha256(data).hexdigest() != digest:
        return False
    folder = f"replicas/{replica}/seg"
    return "parts" not in read_header(data)[0] or parts_intact(share, folder, data, present)


def _names_only(share: Share, replica: str, files: Iterator[tuple[str, bytes]]) -> Iterator[str]:
    """Write each file (identical ones are left as they are) and keep only its name in memory."""
    for name, data in files:
        share.write_atomic(f"replicas/{replica}/seg/{name}", data)
        yield name


def foreign_segments_of_mine(conn: sqlite3.Connection, share: Share, key: bytes) -> int | None:
    """Fork check: a segment in my folder I never published means this DB is a copy or a restored
    backup; returns the last seq the share and this DB agree on, or None when all is well."""
    replica, published, pending = _state(conn)
    recorded = {r[0] for r in conn.execute("SELECT name FROM sync_segment WHERE replica_id = ?", (replica,))}
    for name in share.listdir(f"replicas/{replica}/seg"):
        parsed = parse_name(name)
        if parsed is None or name in recorded:
            continue
        if pending and f"{parsed[0]}-{parsed[1]}" == pending:
            continue  # our own crash between rename and recording: re-published identical below
        try:
            decode(key, name, share.read(f"replicas/{replica}/seg/{name}"), replica)
        except BadSegmentError:
            log.warning("Ignoring an unauthentic file in our folder: %s", name)
            continue
        return min(published, parsed[0] - 1)
    return None
