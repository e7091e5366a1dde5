"""Per-replica metadata on the share: replica.json (identity) and state/<hlc>.json heartbeats. The
computer's name is in clear (IT sets each folder's write rights by it); the user's name is sealed with the
departmental key, like everything else on the share that names a person (SYNC.md "Security")."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import socket
import sqlite3
from datetime import UTC, datetime

from app import __version__
from app.domain.errors import DomainError
from app.domain.settings import FICTIONAL_DEPARTMENT_CODE
from app.models.settings import DEMO_MARK
from app.sync import clock
from app.sync.capture import author, vector
from app.sync.crypto import UnauthenticError, seal, unseal
from app.sync.documents import refused_here
from app.sync.segment import SCHEMA_MAJOR, SCHEMA_MINOR
from app.sync.share import Share
from app.sync.txn import transaction

log = logging.getLogger(__name__)

_BEAT = re.compile(r"\d{20}\.json")  # state/<hlc on 20 digits>.json


DEMO_REFUSED = (
    "Cette base est celle du département de démonstration (fictif) : la joindre à ce dossier partagé, où "
    "d'autres postes travaillent déjà, y enverrait ses projets, ses instances et ses séances fictifs. Rien "
    "n'a été envoyé. Créez une base vide (Fichier › Nouvelle base…) et rejoignez le dossier depuis "
    "celle-ci : elle recevra les données du département."
)


def refuse_demo_joining(conn: sqlite3.Connection, share: Share, me: str) -> None:
    """A demo base may start a share of its own (a training), never join a share where other
    workstations already work: its fictional département would go to all of them."""
    if not is_demo(conn):
        return
    if share.exists(f"replicas/{me}/replica.json"):
        return  # it is already one of this share's workstations
    if any(r != me for r in share.replicas()):
        raise DomainError(DEMO_REFUSED)


def is_demo(conn: sqlite3.Connection) -> bool:
    """Written by the demo (DEMO_MARK), or by an older version's demo: the fictional département's code,
    which the identity form refuses to any real GIP."""
    marked = conn.execute("SELECT 1 FROM local_meta WHERE key = ?", (DEMO_MARK,)).fetchone()
    fictional = conn.execute("SELECT 1 FROM setting WHERE key = 'gip.department_code' AND value = ? "
                             "AND deleted = 0", (FICTIONAL_DEPARTMENT_CODE,)).fetchone()
    return marked is not None or fictional is not None


def _computer() -> str:
    return socket.gethostname().split(".")[0] or "poste"


def _label(computer: str, user: str) -> str:
    """SYNC.md's « label (workstation, user) »: « Jeanne Martin (PC-INSERTION-07) », or the computer's
    name alone while no profile is filled in: two workstations never read the same."""
    return f"{user} ({computer})" if user else f"{computer} (profil non renseigné)"


def _user_aad(replica: str) -> bytes:
    return f"maillage-user v1 {replica}".encode()  # a sealed name cannot pass for another workstation's


def _identity(conn: sqlite3.Connection, key: bytes, me: str) -> dict[str, str]:
    """`computer` in clear, `user` (the profile's name, if any) sealed: what names this workstation."""
    fields = {"computer": _computer()}
    if user := author(conn):
        fields["user"] = base64.b64encode(seal(key, user.encode(), _user_aad(me))).decode("ascii")
    return fields


def _label_of(data: dict[str, object], key: bytes, replica: str) -> str:
    """The label a workstation's identity gives; an earlier version wrote it whole, in clear."""
    if "computer" not in data:
        return str(data.get("label", ""))
    computer, sealed = str(data["computer"]), str(data.get("user", ""))
    if not sealed:
        return _label(computer, "")
    try:
        user = unseal(key, base64.b64decode(sealed, validate=True), _user_aad(replica)).decode()
    except (UnauthenticError, binascii.Error, UnicodeDecodeError):
        log.warning("Nom d'utilisateur illisible dans l'identité du poste %s", replica)
        return f"{computer} (nom illisible)"
    return _label(computer, user)


def write_identity(conn: sqlite3.Connection, share: Share, me: str, key: bytes) -> None:
    """Written once; rewritten only when an earlier version left the user's name in clear there."""
    written = _read_json(share, f"replicas/{me}/replica.json")
    if written and "label" not in written:
        return
    created = str(written.get("created") or datetime.now(UTC).isoformat())
    data = {**_identity(conn, key, me), "created": created, "app_version": __version__}
    share.makedirs(f"replicas/{me}/state")
    share.write_atomic(f"replicas/{me}/replica.json", json.dumps(data, ensure_ascii=False).encode())


def write_heartbeat(conn: sqlite3.Connection, share: Share, me: str, key: bytes) -> None:
    hlc = conn.execute("SELECT hlc FROM sync_state WHERE id = 1").fetchone()[0]
    stamp = clock.tick(hlc)
    data = {
        **_identity(conn, key, me),  # the profile may be filled in after the first round
        "vector": vector(conn),
        "app_version": __version__,
        "schema": f"{SCHEMA_MAJOR}.{SCHEMA_MINOR}",
        "wall": datetime.now(UTC).isoformat(),
        "refused": refused_here(conn),  # documents whose owner should check its copy on the share
    }
    share.makedirs(f"replicas/{me}/state")
    share.write_atomic(f"replicas/{me}/state/{stamp:020d}.json", json.dumps(data).encode())
    for old in _beats(share, me)[:-1]:  # only the owner removes its files (I6)
        share.remove(f"replicas/{me}/state/{old}")
    for folder in ("seg", "state", "files"):  # a crash between writing and renaming left these
        for tmp in share.list_tmp(f"replicas/{me}/{folder}"):
            share.remove(f"replicas/{me}/{folder}/{tmp}")


def _read_json(share: Share, rel: str) -> dict[str, object]:
    try:
        data = json.loads(share.read(rel))
    except (ValueError, FileNotFoundError):
        return {}
    return data if isinstance(data, dict) else {}


def read_peers(
    conn: sqlite3.Connection, share: Share, me: str, key: bytes, warnings: dict[str, int]
) -> set[str]:
    """Refresh sync_peer from the share (label, last heartbeat, acknowledged vector, clock warning),
    in one commit (what it records is read again from the share next round). Returns the SHA-256 of the
    documents the other workstations hold in quarantine."""
    beats = {r: _newest_beat(share, r) for r in share.replicas() if r != me}
    rows = [_peer_row(share, key, r, beat, warnings) for r, beat in beats.items()]
    with transaction(conn, durable=False):
        conn.executemany(
            "INSERT INTO sync_peer(replica_id, label, app_version, last_seen, vector, clock_warning) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(replica_id) DO UPDATE SET label = excluded.label, "
            "app_version = excluded.app_version, last_seen = excluded.last_seen, "
            "vector = excluded.vector, clock_warning = CASE WHEN excluded.clock_warning != '' "
            "THEN excluded.clock_warning ELSE sync_peer.clock_warning END",
            rows,
        )
    refused = (beat.get("refused") for beat in beats.values())
    return {str(sha) for shas in refused if isinstance(shas, list) for sha in shas}


def _beats(share: Share, replica: str) -> list[str]:
    """A workstation's heartbeat files, oldest first; any other file there (put by hand) is ignored."""
    return [name for name in share.listdir(f"replicas/{replica}/state") if _BEAT.fullmatch(name)]


def _newest_beat(share: Share, replica: str) -> dict[str, object]:
    beats = _beats(share, replica)
    return _read_json(share, f"replicas/{replica}/state/{beats[-1]}") if beats else {}


def _peer_row(
    share: Share, key: bytes, replica: str, beat: dict[str, object], warnings: dict[str, int]
) -> tuple[str, ...]:
    label = (_label_of(beat, key, replica)
             or _label_of(_read_json(share, f"replicas/{replica}/replica.json"), key, replica))
    warning = ""
    if replica in warnings:
        ahead = (clock.physical(warnings[replica]) - clock.wall_ms()) // 60000
        warning = f"Horloge du poste « {label or replica[:8]} » en avance d'environ {ahead} min"
        log.warning("%s", warning)
    version, wall = str(beat.get("app_version", "")), str(beat.get("wall", ""))
    return replica, label, version, wall, json.dumps(_vector(beat.get("vector"))), warning


def _vector(vector: object) -> dict[str, int]:
    """What a heartbeat says it has applied (replica id → seq); anything else in it (a file altered by
    hand) reads as nothing applied, which only delays the collection of segments."""
    if not isinstance(vector, dict):
        return {}
    return {str(replica): seq for replica, seq in vector.items()
            if isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0}
