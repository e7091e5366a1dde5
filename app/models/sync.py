"""Local bookkeeping of the sync engine (SYNC.md): never replicated, but part of the migrations.

Values captured from user tables keep their SQLite storage class, hence `LargeBinary` (BLOB affinity:
SQLite stores what it is given) for value columns. The engine reads and writes these tables with raw
sqlite3 (app/sync), inside the same transaction as the user tables.
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, LargeBinary, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Local


class SyncControl(Local):
    """One row: `applying` = 1 while remote changes are written, so the capture triggers stay silent."""

    __tablename__ = "sync_control"

    id: Mapped[int] = mapped_column(primary_key=True)
    applying: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class SyncOp(Local):
    """Field operations written by the capture triggers; col '*' holds a whole inserted row as JSON."""

    __tablename__ = "sync_op"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String)
    row_id: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    col: Mapped[str] = mapped_column(String)
    value: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    old: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # value before an update (history)


class SyncLog(Local):
    """Every field change applied here, local or remote: who, when, which field, before → after, from
    which workstation (an object's history; col '*' is the creation of the row)."""

    __tablename__ = "sync_log"
    __table_args__ = (Index("ix_sync_log_row", "tbl", "row_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String)
    row_id: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    col: Mapped[str] = mapped_column(String)
    replica_id: Mapped[str] = mapped_column(String)
    seq: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[int] = mapped_column(Integer)
    before: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    after: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class SyncState(Local):
    """One row: this database's replica identity, local sequence, clock and capture/publish progress."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    replica_id: Mapped[str] = mapped_column(String, default="")
    token: Mapped[str] = mapped_column(String, default="")
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hlc: Mapped[int] = mapped_column(Integer, default=0)
    last_op: Mapped[int] = mapped_column(Integer, default=0)
    published_seq: Mapped[int] = mapped_column(Integer, default=0)
    pending_segment: Mapped[str] = mapped_column(String, default="")
    # The header stamp (app version, schema) of the pending segment, fixed with its boundaries: a
    # re-publish by an updated app still gives the identical file (migration 0003).
    pending_stamp: Mapped[str] = mapped_column(String, default="", server_default="")
    # Where the log and the heads ended once a snapshot was loaded, and when (migration 0006): what came
    # with it is the base this workstation joined with, not changes to list as received.
    joined_log: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    joined_head: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    joined_at: Mapped[str] = mapped_column(String, default="", server_default="")


class SyncTxn(Local):
    """The outbox: one row per local transaction (its ops are sync_op rows first_op..last_op)."""

    __tablename__ = "sync_txn"

    replica_id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    hlc: Mapped[int] = mapped_column(Integer)
    context: Mapped[str] = mapped_column(String)
    author: Mapped[str] = mapped_column(String, default="")
    first_op: Mapped[int] = mapped_column(Integer)
    last_op: Mapped[int] = mapped_column(Integer)


class SyncDot(Local):
    """Every transaction applied here (local or remote): who and when, for conflicts and history, and what
    its author had seen (`context`, canonical JSON; '' when received before migration 0004)."""

    __tablename__ = "sync_dot"

    replica_id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    hlc: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String, default="")
    context: Mapped[str] = mapped_column(String, default="", server_default="")


class SyncVector(Local):
    """High-water marks: per replica, the highest seq applied here (contiguous)."""

    __tablename__ = "sync_vector"

    replica_id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)


class SyncHead(Local):
    """Current heads of each field register; col '*' is a whole-row head from an insert."""

    __tablename__ = "sync_head"
    __table_args__ = (Index("ix_sync_head_field", "tbl", "row_id", "col"),)

    pk: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String)
    row_id: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    col: Mapped[str] = mapped_column(String)
    replica_id: Mapped[str] = mapped_column(String)
    seq: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[int] = mapped_column(Integer)
    value: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class SyncConflict(Local):
    """A field with two or more concurrent heads of different values, awaiting review."""

    __tablename__ = "sync_conflict"

    tbl: Mapped[str] = mapped_column(String, primary_key=True)
    row_id: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)
    col: Mapped[str] = mapped_column(String, primary_key=True)
    since_hlc: Mapped[int] = mapped_column(Integer, default=0)


class SyncSegment(Local):
    """Segments known here (published by us or applied from others): the hash chain per replica."""

    __tablename__ = "sync_segment"

    replica_id: Mapped[str] = mapped_column(String, primary_key=True)
    seq_from: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq_to: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String, default="")
    name: Mapped[str] = mapped_column(String, default="")
    stamp: Mapped[str] = mapped_column(String, default="", server_default="")  # ours: header stamp (0003)


class SyncQuarantine(Local):
    """A file of the share that could not be applied, with the reason (French) and its content hash."""

    __tablename__ = "sync_quarantine"

    replica_id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String, primary_key=True)
    reason: Mapped[str] = mapped_column(String, default="")
    content_hash: Mapped[str] = mapped_column(String, default="")
    at: Mapped[str] = mapped_column(String, default="")


class SyncPeer(Local):
    """What we last read of another workstation: label, heartbeat, versions, clock warning."""

    __tablename__ = "sync_peer"

    replica_id: Mapped[str] = mapped_column(String, primary_key=True)
    label: Mapped[str] = mapped_column(String, default="")
    app_version: Mapped[str] = mapped_column(String, default="")
    last_seen: Mapped[str] = mapped_column(String, default="")
    vector: Mapped[str] = mapped_column(String, default="{}")
    clock_warning: Mapped[str] = mapped_column(String, default="")


class SyncRound(Local):
    """The log of sync rounds (when, transactions and documents sent and received, duration, outcome)."""

    __tablename__ = "sync_round"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    started: Mapped[str] = mapped_column(String, default="")
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    received: Mapped[int] = mapped_column(Integer, default=0)
    ok: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(String, default="")
    documents_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    documents_received: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
