"""One sync round: stamp, fork check, publish, ingest, heartbeat, log (SYNC.md)."""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app import thread_guard
from app.db_errors import french_database_error
from app.domain.errors import DomainError
from app.domain.progress import NO_PROGRESS, Progress
from app.formatting import number, os_error_text, plural
from app.sync import steps
from app.sync.capture import identity, stamp
from app.sync.documents import documents_on_share, receive_documents, repair_documents, send_documents
from app.sync.gc import RETENTION_DAYS, collect
from app.sync.identity import db_file, fork
from app.sync.ingest import IngestReport, gc_paused, ingest_all
from app.sync.lock import instance_lock
from app.sync.peers import read_peers, refuse_demo_joining, write_heartbeat, write_identity
from app.sync.publish import foreign_segments_of_mine, publish_all, republish_missing
from app.sync.share import Share, ShareError, ShareFullError, ShareReadOnlyError
from app.sync.share_format import open_format
from app.sync.snapshot import bootstrap, publish_snapshot, snapshot_due
from app.sync.txn import rollback, transaction

log = logging.getLogger(__name__)

# Rounds write many index entries (sync_head, sync_log): a 64 MB page cache (default 2 MB) and a WAL
# checkpointed every 80 MB rather than every 4 MB (once per round instead of after each segment's
# commit). Same run, 120k field heads applied: 6.4 s → 3.4 s (cache), then 6.3 → 4.7 s and 4.5 → 3.6 s
# (checkpoint), on a loaded machine.
ROUND_PRAGMAS = ("cache_size=-65536", "wal_autocheckpoint=20000")


@dataclass
class RoundReport:
    sent: int = 0
    received: int = 0
    duration_ms: int = 0
    quarantined: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # this round's: kept with it, shown on the page
    clock_warnings: list[str] = field(default_factory=list)  # the workstations' (their table shows them)
    conflicts: int = 0
    forked: bool = False
    documents_sent: int = 0
    documents_received: int = 0

    def describe(self) -> str:
        lines = [
            f"Envoyées : {plural(self.sent, 'transaction')} ; reçues : {plural(self.received, 'transaction')}"
            f" ; conflits à arbitrer : {number(self.conflicts)} ; durée : {number(self.duration_ms)} ms"
        ]
        if self.documents_sent or self.documents_received:
            lines.append(f"Documents envoyés : {number(self.documents_sent)} ; "
                         f"reçus : {number(self.documents_received)}")
        lines += [f"Quarantaine : {q}" for q in self.quarantined]
        lines += [f"Attente : {w}" for w in self.waiting]
        lines += [f"Avertissement : {w}" for w in (*self.warnings, *self.clock_warnings)]
        return "\n".join(lines)


def connect(db_path: Path) -> sqlite3.Connection:
    """A raw connection for the engine: explicit transactions, same PRAGMAs as app.db."""
    conn = thread_guard.connect(db_path, isolation_level=None, timeout=30)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=30000"):
        conn.execute(f"PRAGMA {pragma}")
    for pragma in ROUND_PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")
    return conn


def prepare(conn: sqlite3.Connection) -> str:
    """Stamp what raw writers left pending and make sure of our identity; returns the replica id."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        stamp(conn)
        me = identity(conn)
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return me


COPIED = (
    "Cette base est une copie ou une sauvegarde restaurée : ce poste a pris une nouvelle identité de "
    "synchronisation ; ses modifications non envoyées partent sous celle-ci, rien n'est perdu."
)


def _fork_if_needed(conn: sqlite3.Connection, share: Share, key: bytes, me: str, report: RoundReport) -> str:
    keep = foreign_segments_of_mine(conn, share, key)
    if keep is None:
        return me
    with conn:
        new = fork(conn, reason="le partage contient des segments plus récents de ce poste", keep_upto=keep)
    report.forked = True
    report.warnings.append(COPIED)
    return new


def _ingest(conn: sqlite3.Connection, share: Share, key: bytes, me: str, progress: Progress) -> IngestReport:
    """Ingest, reported as steps 1..n+1 of n+2 (listing done, each segment), then n+2: the heartbeat;
    inside a long segment, its own steps (parts received, ops applied) as they are."""
    steps = [2]

    def shifted(done: int, total: int, message: str) -> None:
        steps[0] = total + 2
        progress.report(1 + done, total + 2, message)

    ingested = ingest_all(
        conn, share, key, me, progress=Progress(shifted, progress.is_cancelled), detail=progress
    )
    progress.report(steps[0], steps[0], "Mise à jour de l'état du poste sur le dossier partagé")
    return ingested


def sync_round(
    conn: sqlite3.Connection,
    share: Share,
    passphrase: str,
    *,
    snapshot: bool | None = False,
    retention_days: float = RETENTION_DAYS,
    progress: Progress = NO_PROGRESS,
) -> RoundReport:
    """One round on an open connection; ShareError/DomainError abort it cleanly (a full or read-only
    share only after receiving what the others sent: see _send). `progress` gets
    the steps: preparing and publishing (indeterminate; a long publish then counts its transactions and
    parts), then one step per segment ingested (a long segment counts its parts and ops meanwhile)."""
    started = time.monotonic()
    report = RoundReport()
    progress.report(0, 0, "Préparation de la synchronisation")
    before = conn.execute("SELECT replica_id FROM sync_state WHERE id = 1").fetchone()
    me = prepare(conn)
    if before and before[0] and before[0] != me:  # copied to another place (its install marker differs)
        report.forked = True
        report.warnings.append(COPIED)
    key = open_format(share, passphrase)
    me = _fork_if_needed(conn, share, key, me, report)
    refuse_demo_joining(conn, share, me)
    if bootstrap(conn, share, key, me, progress=progress):
        report.warnings.append("Poste initialisé depuis un instantané du dossier partagé.")
    documents = documents_on_share(share)
    not_sent = _send(conn, share, (key, me), documents, report, progress)
    ingested = _ingest(conn, share, key, me, progress)
    report.received, report.quarantined, report.waiting = (
        ingested.received,
        ingested.quarantined,
        ingested.waiting,
    )
    files = receive_documents(conn, share, key, documents, progress)
    report.documents_received = files.received
    report.quarantined += files.quarantined
    report.warnings += files.warnings
    if not_sent is not None:
        raise _received_anyway(not_sent, report.received)
    refused = read_peers(conn, share, me, key, ingested.clock_warnings)
    report.clock_warnings = [
        w for (w,) in conn.execute("SELECT clock_warning FROM sync_peer WHERE clock_warning != ''")
    ]
    try:
        report.documents_sent += repair_documents(conn, share, key, me, refused)
        write_heartbeat(conn, share, me, key)
    except ShareFullError:  # what this round had to send is sent: the share filled up afterwards
        report.warnings.append(STATE_NOT_WRITTEN)
    else:
        if snapshot or (snapshot is None and snapshot_due(share)):
            report.warnings += _publish_snapshot(conn, share, key, me, asked=bool(snapshot),
                                                 progress=progress)
    collect(conn, share, me, retention_days=retention_days)
    report.conflicts = conn.execute("SELECT count(*) FROM sync_conflict").fetchone()[0]
    report.duration_ms = int((time.monotonic() - started) * 1000)
    return report


STATE_NOT_WRITTEN = (
    "Le dossier partagé s'est rempli après l'envoi : l'état de ce poste (ce qu'il a reçu) n'a pas pu y être "
    "écrit. Vos modifications ont bien été envoyées ; libérez de la place sur le partage."
)


def _send(conn: sqlite3.Connection, share: Share, me: tuple[bytes, str], documents: dict[str, str],
          report: RoundReport, progress: Progress) -> ShareError | None:
    """Our identity, transactions and documents onto the share. A full or read-only share is returned,
    not raised: the round still receives what the other workstations sent before it filled up."""
    key, replica = me
    try:
        write_identity(conn, share, replica, key)
        progress.report(0, 0, "Publication des modifications de ce poste")
        republish_missing(conn, share, key)
        report.sent = publish_all(conn, share, key, progress=progress)
        report.documents_sent = send_documents(conn, share, key, replica, documents, progress)
    except (ShareFullError, ShareReadOnlyError) as exc:
        log.warning("Nothing more sent: %s", exc)
        return exc
    return None


def _received_anyway(refused: ShareError, received: int) -> ShareError:
    """The round fails on what it could not send, saying what it received all the same."""
    if not received:
        return refused
    return ShareError(f"{refused} Les modifications des autres postes ont été reçues "
                      f"({plural(received, 'transaction')}).")


def _publish_snapshot(
    conn: sqlite3.Connection, share: Share, key: bytes, me: str, *, asked: bool, progress: Progress
) -> list[str]:
    """The snapshot asked for (`sync --snapshot`) fails the round when this workstation's disk cannot
    make it or the share cannot hold it; the automatic one (due every 30 days) then only warns: the
    round did its work, and the next round tries again."""
    size = Path(db_file(conn)).stat().st_size
    try:
        publish_snapshot(conn, share, key, me, progress=progress)
    except ShareFullError:
        if asked:
            raise
        where = f"le dossier partagé n'a pas la place de le recevoir (environ {steps.size(size)})"
    except DomainError:  # the share gone, a file gone (also OSErrors): the round's failure
        raise
    except (OSError, sqlite3.Error) as exc:
        if asked:
            raise
        log.warning("Snapshot not published", exc_info=exc)
        where = (f"ce poste n'a pas pu en préparer la copie (il faut environ {steps.size(2 * size)} libres "
                 "sur son disque)")
    else:
        return []
    return [f"Instantané pour les nouveaux postes non envoyé : {where}. La synchronisation s'est faite ; "
            "l'instantané sera retenté au prochain tour."]


def _log_round(conn: sqlite3.Connection, started: str, report: RoundReport, ok: bool, message: str) -> None:
    with transaction(conn, durable=False):
        conn.execute(
            "INSERT INTO sync_round(started, duration_ms, sent, received, ok, message, documents_sent, "
            "documents_received) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (started, report.duration_ms, report.sent, report.received, 1 if ok else 0, message,
             report.documents_sent, report.documents_received),
        )


def _log_failed_round(conn: sqlite3.Connection, started: str, message: str) -> None:
    """Roll back what the round began and log it; on a full or failing disk the log line cannot be
    written either, and the round's own message is the one to tell."""
    try:
        rollback(conn)
        _log_round(conn, started, RoundReport(), False, message)
    except sqlite3.Error:
        log.warning("Failed round not logged in the database: %s", message, exc_info=True)


_UNAPPLIED = "ce tour n'a rien appliqué à moitié et reprendra au suivant"


def _told(exc: sqlite3.Error, db_path: Path) -> DomainError:
    """A failure of the local database during a round (busy beyond the timeout, a full disk…) in French."""
    log.error("Sync round stopped by the local database", exc_info=exc)
    return french_database_error(exc, db_path, _UNAPPLIED) or DomainError(
        f"La base locale a refusé une écriture de la synchronisation : {_UNAPPLIED}. "
        "Le journal de Maillage en garde le détail."
    )


def _connect(db_path: Path) -> sqlite3.Connection:
    try:
        return connect(db_path)
    except sqlite3.Error as exc:
        raise _told(exc, db_path) from exc


def _guarded_round(
    conn: sqlite3.Connection, db_path: Path, share: Share, passphrase: str, snapshot: bool | None,
    progress: Progress,
) -> RoundReport:
    try:
        return sync_round(conn, share, passphrase, snapshot=snapshot, progress=progress)
    except sqlite3.Error as exc:
        raise _told(exc, db_path) from exc
    except DomainError:  # ShareFileGoneError is an OSError too: told as it is
        raise
    except OSError as exc:  # the share's own errors are ShareError: this is this workstation's disk
        log.error("Sync round stopped by the local disk", exc_info=exc)
        reason = os_error_text(exc, "erreur du système")
        raise DomainError(f"Le disque de ce poste a refusé une écriture ({reason}) : {_UNAPPLIED}.") from exc


def run_round(
    db_path: Path,
    share_dir: Path,
    passphrase: str,
    *,
    share: Share | None = None,
    snapshot: bool | None = False,
    progress: Progress = NO_PROGRESS,
) -> RoundReport:
    """The CLI/GUI entry point: lock, connect, round, log the outcome (also when it fails)."""
    started = datetime.now(UTC).isoformat()
    with instance_lock(db_path), gc_paused():  # publishing too makes many short-lived objects
        conn = _connect(db_path)
        try:
            try:
                share = share or Share(share_dir)
                report = _guarded_round(conn, db_path, share, passphrase, snapshot, progress)
            except DomainError as exc:
                _log_failed_round(conn, started, str(exc))
                raise
            _log_round(conn, started, report, True, "\n".join(report.warnings))
            return report
        finally:
            conn.close()
