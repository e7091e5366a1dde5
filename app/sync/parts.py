"""Transactions larger than a segment (SYNC.md "Segment"): published in bounded parts, streamed from the
outbox without holding the transaction in memory, and applied by a receiver only when every part is
on the share, all in one SQLite transaction with the high-water mark (never half a transaction).

See app.sync.segment for the names and the chain through the parts.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from app.domain.progress import NO_PROGRESS, Progress, throttled
from app.sync import segment, steps
from app.sync.merge import Merger
from app.sync.outbox import iter_ops, line, local_txn_head, op_json
from app.sync.quarantine import quarantined
from app.sync.segment import BadSegmentError, Segment, decode, parse_part, read_header, seal_lines
from app.sync.share import Share


class BadPartError(BadSegmentError):
    """A part that cannot be applied: it goes to quarantine under its own name."""

    def __init__(self, reason: str, name: str, digest: str) -> None:
        super().__init__(reason)
        self.name, self.digest = name, digest


class PartsMissingError(Exception):
    """A part is not (or not yet, or not validly) on the share: the transaction waits."""


def part_files(
    conn: sqlite3.Connection,
    key: bytes,
    replica: str,
    seq: int,
    prev: str,
    *,
    stamp: str = "",
    progress: Progress = NO_PROGRESS,
) -> Iterator[tuple[str, bytes]]:
    """The files of local transaction `seq`: parts of about MAX_BYTES of ops each, in op order, the last
    one under the ordinary name with the op count. Deterministic: a re-publish gives the identical files.
    `progress` gets the reading of the ops, then how far into them each part goes (at a bounded rate)."""
    found = local_txn_head(conn, seq)
    if found is None:
        return
    tx, first, last = found
    ops: list[str] = []
    size = part = count = 0
    total = last - first + 1  # captured ops; superseded ones are skipped, the last one never is
    progress.report(0, 0, steps.gathering(total))
    told = throttled(progress)
    for op_id, table, row_id, col, value in iter_ops(conn, first, last):
        text = op_json((table, row_id, col, value))
        if ops and size + len(text) > segment.MAX_BYTES:
            part += 1
            told.report(op_id - first, total, steps.publishing_part(part, op_id - first, total))
            name, data = seal_lines(
                key, replica, (seq, seq), [line(tx, ops)], prev, part=part, last=False, stamp=stamp
            )
            yield name, data
            prev, ops, size = hashlib.sha256(data).hexdigest(), [], 0
        ops.append(text)
        size += len(text) + 1
        count += 1
    if part:
        told.report(total, total, steps.publishing_part(part + 1, total, total))
    yield seal_lines(key, replica, (seq, seq), [line(tx, ops)], prev, part=part + 1 if part else 0,
                     ops=count if part else 0, stamp=stamp)


def parts_intact(share: Share, folder: str, last: bytes, present: set[str]) -> bool:
    """Every earlier part of a last part is on the share, unaltered (walking the chain backwards)."""
    header, _body = read_header(last)
    seq, prev = int(header["from"]), str(header.get("prev", ""))
    for number in range(int(header.get("parts", 0)) - 1, 0, -1):
        name = segment.part_name(seq, number, prev)
        if name not in present:
            return False
        data = share.read(f"{folder}/{name}")
        if hashlib.sha256(data).hexdigest() != prev:
            return False
        prev = str(read_header(data)[0].get("prev", ""))
    return True


def part_names(names: list[str], seq: int) -> dict[int, list[str]]:
    """The non-final parts of transaction `seq` in a folder listing, by part number."""
    found: dict[int, list[str]] = {}
    for name in names:
        parsed = parse_part(name)
        if parsed is not None and parsed[0] == seq:
            found.setdefault(parsed[1], []).append(name)
    return found


def missing_parts(names: list[str], last: Segment) -> bool:
    found = part_names(names, last.seq_from)
    return any(number not in found for number in range(1, last.parts))


def apply_parts(
    conn: sqlite3.Connection,
    merger: Merger,
    read: tuple[Share, bytes, str],
    last: Segment,
    chain_start: str | None,
    *,
    progress: Progress = NO_PROGRESS,
) -> None:
    """Inside the caller's SQLite transaction: parts 1..n-1 read, verified and applied one at a time,
    then the last part's ops. `chain_start` is the hash part 1 must follow (None: not known here).
    `progress` gets each part received and the ops applied so far."""
    share, key, folder = read
    names = part_names(share.listdir(folder), last.seq_from)
    prev = chain_start
    tally = _Tally(progress, last.parts, last.ops)
    for number in range(1, last.parts):
        tally.receiving(number)
        part, prev = _read_part(conn, read, last, names.get(number, []), prev)
        merger.apply_ops(part.txns[0])
        tally.applied(number, len(part.txns[0].ops))
        del part  # one part in memory at a time
    if prev != last.prev:
        raise PartsMissingError(f"partie {last.parts - 1} absente ou remplacée")
    merger.apply_ops(last.txns[0])
    tally.applied(last.parts, len(last.txns[0].ops))


@dataclass
class _Tally:
    """How far applying a split transaction has gone: in ops when its last part says how many there
    are, else in parts (a last part from an older sender)."""

    progress: Progress
    parts: int
    ops: int
    done: int = 0

    def receiving(self, number: int) -> None:
        told = (self.done, max(self.ops, self.done)) if self.ops else (number - 1, self.parts)
        self.progress.report(*told, steps.receiving(number, self.parts))

    def applied(self, number: int, count: int) -> None:
        self.done += count
        if self.ops:
            total = max(self.ops, self.done)  # a wrong count in a header never shows more than 100 %
            self.progress.report(self.done, total, steps.applying(self.done, total))
        else:
            self.progress.report(number, self.parts, steps.applying_parts(self.done, number, self.parts))


def _read_part(
    conn: sqlite3.Connection,
    read: tuple[Share, bytes, str],
    last: Segment,
    names: list[str],
    prev: str | None,
) -> tuple[Segment, str]:
    """The candidate that decodes and follows `prev` in the chain; BadPartError for an altered one."""
    share, key, folder = read
    for name in sorted(names):
        data = share.read(f"{folder}/{name}")
        digest = hashlib.sha256(data).hexdigest()
        if quarantined(conn, last.replica, name, digest):
            continue
        try:
            part = decode(key, name, data, last.replica)
        except BadSegmentError as exc:
            raise BadPartError(exc.reason, name, digest) from exc
        if _same_txn(part, last) and (prev is None or part.prev == prev):
            return part, digest  # others: left by an earlier attempt (a restored backup), not applied
    raise PartsMissingError("partie absente, en quarantaine ou hors de la chaîne")


def _same_txn(part: Segment, last: Segment) -> bool:
    if len(part.txns) != 1 or len(last.txns) != 1:
        return False
    a, b = part.txns[0], last.txns[0]
    return (a.seq, a.hlc, a.context, a.author) == (b.seq, b.hlc, b.context, b.author)
