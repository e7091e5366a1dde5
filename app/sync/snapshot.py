"""Full-state snapshots (SQLite VACUUM INTO, sealed) and bootstrapping a new workstation from one."""

from __future__ import annotations

import json
import logging
import secrets
import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeGuard

from app.domain.errors import DomainError
from app.domain.progress import NO_PROGRESS, Progress, throttled
from app.sync import steps
from app.sync.capture import vector
from app.sync.clock import physical
from app.sync.crypto import UnauthenticError, seal_file, unseal_file
from app.sync.merge import set_applying
from app.sync.segment import SCHEMA_MAJOR, SCHEMA_MINOR
from app.sync.share import Share

log = logging.getLogger(__name__)

REGISTER_TABLES = ("sync_head", "sync_dot", "sync_conflict", "sync_segment", "sync_log")
SNAPSHOT_EVERY_DAYS = 30  # the automatic rounds keep the share's newest snapshot younger than this


def _db_dir(conn: sqlite3.Connection) -> Path:
    from app.sync.identity import db_file

    return Path(db_file(conn)).parent


def _aad(base: str, covered: object) -> bytes:
    return f"{base}:{json.dumps(covered, sort_keys=True)}".encode()


def publish_snapshot(
    conn: sqlite3.Connection, share: Share, key: bytes, me: str, *, progress: Progress = NO_PROGRESS
) -> str:
    """Write snapshots/<hlc>-<replica>.snap and its manifest; returns the base name. The copy of the base
    and its sealed form are local temporary files beside it, each read a chunk at a time: a base of a
    gigabyte takes two more on the local disk for a moment, and never a gigabyte of memory. `progress`
    gets the preparation, then the bytes sent (throttled)."""
    plain = _db_dir(conn) / f".snapshot-{secrets.token_hex(6)}.sqlite"
    sealed = plain.with_suffix(".snap")
    sending = throttled(progress)
    try:
        progress.step(0, 0, steps.snapshot_preparing())
        conn.execute("VACUUM INTO ?", (str(plain),))
        hlc = conn.execute("SELECT hlc FROM sync_state WHERE id = 1").fetchone()[0]
        base = f"{hlc:020d}-{me}"
        covered = vector(conn)
        sha256 = seal_file(key, plain, sealed, _aad(base, covered))
        plain.unlink()
        manifest = {
            "vector": covered,
            "sha256": sha256,
            "replica": me,
            "schema": f"{SCHEMA_MAJOR}.{SCHEMA_MINOR}",
            "size": sealed.stat().st_size,
        }
        share.makedirs("snapshots")
        share.write_file_atomic(
            f"snapshots/{base}.snap", sealed, sha256,
            lambda done, total: sending.step(done, total, steps.snapshot_sending(done, total)),
        )
    finally:
        plain.unlink(missing_ok=True)
        sealed.unlink(missing_ok=True)
    share.write_atomic(f"snapshots/{base}.json", json.dumps(manifest).encode())
    _remove_older_of_mine(share, me, base)
    return base


def snapshot_due(share: Share, *, now_ms: int | None = None) -> bool:
    """Whether an automatic round publishes a snapshot: the share has none younger than
    SNAPSHOT_EVERY_DAYS. A new workstation then starts from a recent one instead of replaying every
    segment, and the segments it covers can be collected (app.sync.gc)."""
    stamps = [int(name.split("-")[0]) for name in share.listdir("snapshots")
              if name.endswith(".json") and name.split("-")[0].isdigit()]
    now = int(time.time() * 1000) if now_ms is None else now_ms
    return not stamps or now - physical(max(stamps)) > SNAPSHOT_EVERY_DAYS * 86_400_000


def _remove_older_of_mine(share: Share, me: str, kept: str) -> None:
    """Our previous snapshots, now that a newer one of ours is whole on the share (the manifest last):
    one of each workstation's is kept, the others' are theirs to remove."""
    for name in share.listdir("snapshots"):
        base = name.rsplit(".", 1)[0]
        if base.endswith(f"-{me}") and base < kept:
            share.remove(f"snapshots/{name}")


MANIFEST_TYPES = {"vector": dict, "sha256": str, "replica": str, "schema": str, "size": int}


def _well_formed(manifest: object) -> TypeGuard[dict[str, object]]:
    return isinstance(manifest, dict) and all(isinstance(manifest.get(key), kind)
                                              for key, kind in MANIFEST_TYPES.items())


def manifests(share: Share) -> list[tuple[str, dict[str, object]]]:
    """The share's snapshot manifests, newest first; one unreadable or not of the expected shape (a
    stray or altered file) is left out, never trusted."""
    found = []
    for name in share.listdir("snapshots"):
        if name.endswith(".json"):
            try:
                manifest = json.loads(share.read(f"snapshots/{name}"))
            except (ValueError, FileNotFoundError):  # unreadable, or replaced by a newer one meanwhile
                manifest = None
            if _well_formed(manifest):
                found.append((name[:-5], manifest))
            else:
                log.warning("Unreadable snapshot manifest %s", name)
    return sorted(found, reverse=True)


def is_blank(conn: sqlite3.Connection) -> bool:
    """A new workstation: nothing applied and nothing written yet."""
    return not vector(conn) and conn.execute("SELECT count(*) FROM sync_op").fetchone()[0] == 0


def _fetch(
    share: Share, key: bytes, base: str, manifest: dict[str, object], plain: Path, progress: Progress
) -> bool:
    """The snapshot copied beside the base, checked, and decrypted as `plain`; False (and no `plain`)
    when it is of another schema, or its hash or authentication fails."""
    if str(manifest["schema"]).split(".")[0] != str(SCHEMA_MAJOR):
        return False  # known from the manifest: a gigabyte is not copied for nothing
    _check_room(plain.parent, int(str(manifest["size"])))
    sealed = plain.with_suffix(".snap")
    copying = throttled(progress)
    try:
        sha256 = share.download(
            f"snapshots/{base}.snap", sealed,
            lambda done, total: copying.step(done, total, steps.bootstrap_copying(done, total)),
        )
        progress.step(0, 0, steps.bootstrap_checking())  # not throttled: it follows the copy at once
        if sha256 != manifest.get("sha256"):
            return False
        unseal_file(key, sealed, plain, _aad(base, manifest["vector"]))
        return True
    except FileNotFoundError:  # its workstation replaced it by a newer one meanwhile
        return False
    except UnauthenticError:
        plain.unlink(missing_ok=True)  # never opened: its bytes are not authentic
        return False
    finally:
        sealed.unlink(missing_ok=True)


def _check_room(folder: Path, size: int) -> None:
    """The decrypted copy beside the sealed one, then beside the base it fills and that base's journal
    (WAL): up to three times the snapshot on this workstation's disk, checked before a byte is copied."""
    needed, free = 3 * size, shutil.disk_usage(folder).free
    if free < needed:
        raise DomainError(
            f"Pour charger l'instantané du dossier partagé ({steps.size(size)}), ce poste a besoin d'environ "
            f"{steps.size(needed)} libres sur son disque ; il en reste {steps.size(free)}. Libérez de la "
            "place : rien n'a été copié, et la synchronisation reprendra au prochain tour."
        )


def bootstrap(
    conn: sqlite3.Connection, share: Share, key: bytes, me: str, *, progress: Progress = NO_PROGRESS
) -> str | None:
    """Load the newest verified snapshot into a blank database; returns its name (None: nothing done).
    `progress` gets the bytes copied from the share (throttled), the check, then the tables loaded."""
    if not is_blank(conn):
        return None
    for base, manifest in manifests(share):
        plain = _db_dir(conn) / f".bootstrap-{secrets.token_hex(6)}.sqlite"
        try:
            if not _fetch(share, key, base, manifest, plain, progress):
                log.warning("Snapshot %s rejected (gone, schema, hash or authentication)", base)
                continue
            _load(conn, plain, me, throttled(progress))
        finally:
            plain.unlink(missing_ok=True)
        log.info("Bootstrapped from snapshot %s", base)
        return base
    return None


def _common_columns(conn: sqlite3.Connection, table: str) -> str:
    mine = [r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}")')]
    theirs = {r[1] for r in conn.execute(f'PRAGMA snap.table_info("{table}")')}
    return ", ".join(f'"{c}"' for c in mine if c in theirs and c != "pk")


def _mark_joined(conn: sqlite3.Connection) -> None:
    """The log and heads loaded are the base joined with: « Modifications reçues » starts after them."""
    conn.execute(
        "UPDATE main.sync_state SET joined_log = (SELECT coalesce(max(id), 0) FROM main.sync_log), "
        "joined_head = (SELECT coalesce(max(pk), 0) FROM main.sync_head), joined_at = ? WHERE id = 1",
        (datetime.now(UTC).isoformat(timespec="seconds"),),
    )


def _load(conn: sqlite3.Connection, path: Path, me: str, progress: Progress) -> None:
    from app.models import Base
    from app.sync.triggers import synced_tables

    conn.execute("ATTACH DATABASE ? AS snap", (str(path),))
    try:
        conn.execute("BEGIN IMMEDIATE")
        set_applying(conn, True)
        tables = [t.name for t in synced_tables(Base.metadata)] + list(REGISTER_TABLES)
        for done, table in enumerate(tables):
            progress.step(done, len(tables), steps.bootstrap_loading(done, len(tables)))
            cols = _common_columns(conn, table)
            if cols:
                conn.execute(
                    f'INSERT OR REPLACE INTO main."{table}" ({cols}) SELECT {cols} FROM snap."{table}"'
                )
        conn.execute(
            "INSERT OR REPLACE INTO main.sync_vector SELECT * FROM snap.sync_vector WHERE replica_id != ?",
            (me,),
        )
        hlc = conn.execute("SELECT hlc FROM snap.sync_state WHERE id = 1").fetchone()
        conn.execute("UPDATE main.sync_state SET hlc = max(hlc, ?) WHERE id = 1", (hlc[0] if hlc else 0,))
        _mark_joined(conn)
        set_applying(conn, False)
        progress.step(len(tables), len(tables), steps.bootstrap_loading(len(tables), len(tables)))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("DETACH DATABASE snap")
