"""Segment files: a JSON header line, then the sealed (AES-256-GCM) zlib-compressed JSON-lines body.

Name: `<seq_from>-<seq_to>.<hash16>.chg` with 10-digit numbers and the first 16 hex digits of the
SHA-256 of the whole file. The header carries the hash of the previous segment of the same replica.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from typing import Any

from app import __version__
from app.sync.crypto import UnauthenticError, seal, unseal
from app.sync.merge import Txn
from app.sync.outbox import from_line, to_line

FORMAT = "maillage-seg/1"
SCHEMA_MAJOR, SCHEMA_MINOR = 1, 0
NAME_RE = re.compile(r"^(\d{10})-(\d{10})\.([0-9a-f]{16})\.chg$")
MAX_TXNS, MAX_BYTES = 1000, 4 * 1024 * 1024


class BadSegmentError(Exception):
    """A segment that cannot be applied; `reason` is French, `update_required` for a newer schema."""

    def __init__(self, reason: str, *, update_required: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.update_required = reason, update_required


@dataclass(frozen=True)
class Segment:
    replica: str
    seq_from: int
    seq_to: int
    prev: str
    txns: list[Txn]


def seg_name(seq_from: int, seq_to: int, digest: str) -> str:
    return f"{seq_from:010d}-{seq_to:010d}.{digest[:16]}.chg"


def parse_name(name: str) -> tuple[int, int, str] | None:
    match = NAME_RE.match(name)
    return (int(match[1]), int(match[2]), match[3]) if match else None


def _canon(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def encode(key: bytes, replica: str, txns: list[Txn], prev: str) -> tuple[str, bytes]:
    """(file name, file bytes); deterministic for the same inputs."""
    fixed = {
        "format": FORMAT,
        "replica": replica,
        "from": txns[0].seq,
        "to": txns[-1].seq,
        "prev": prev,
        "schema": f"{SCHEMA_MAJOR}.{SCHEMA_MINOR}",
        "app": __version__,
        "count": len(txns),
    }
    lines = b"\n".join(_canon(to_line(tx)) for tx in txns)
    body = seal(key, zlib.compress(lines, 6), _canon(fixed))
    header = {**fixed, "body_len": len(body), "body_sha256": hashlib.sha256(body).hexdigest()}
    data = _canon(header) + b"\n" + body
    return seg_name(txns[0].seq, txns[-1].seq, hashlib.sha256(data).hexdigest()), data


def read_header(data: bytes) -> tuple[dict[str, Any], bytes]:
    head, sep, body = data.partition(b"\n")
    try:
        header = json.loads(head.decode("utf-8")) if sep else None
    except (UnicodeDecodeError, ValueError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BadSegmentError("fichier étranger : ce n'est pas un segment Maillage")
    return header, body


def decode(key: bytes, name: str, data: bytes, replica: str) -> Segment:
    """Verify name hash, header, body hash, schema and authentication; raise BadSegmentError otherwise."""
    parsed = parse_name(name)
    if parsed is None or hashlib.sha256(data).hexdigest()[:16] != parsed[2]:
        raise BadSegmentError("empreinte incorrecte : fichier tronqué ou altéré")
    header, body = read_header(data)
    if header.get("replica") != replica or (header.get("from"), header.get("to")) != parsed[:2]:
        raise BadSegmentError("en-tête incohérent avec le nom ou le dossier du fichier")
    if len(body) != header.get("body_len") or hashlib.sha256(body).hexdigest() != header.get("body_sha256"):
        raise BadSegmentError("corps tronqué ou altéré")
    major = int(str(header.get("schema", "0.0")).split(".")[0])
    if major > SCHEMA_MAJOR:
        raise BadSegmentError(
            f"mise à jour requise : segment du schéma {header.get('schema')} "
            f"(cette version lit le schéma {SCHEMA_MAJOR})",
            update_required=True,
        )
    fixed = {k: v for k, v in header.items() if k not in ("body_len", "body_sha256")}
    try:
        lines = zlib.decompress(unseal(key, body, _canon(fixed))).split(b"\n")
    except UnauthenticError as exc:
        raise BadSegmentError(f"fichier non authentique ({exc}) : autre clé ou contenu falsifié") from exc
    txns = [from_line(replica, json.loads(line)) for line in lines if line]
    return Segment(replica, parsed[0], parsed[1], str(header.get("prev", "")), txns)
