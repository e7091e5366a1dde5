"""Segment files: a JSON header line, then the sealed (AES-256-GCM) zlib-compressed JSON-lines body.

Name: `<seq_from>-<seq_to>.<hash16>.chg` with 10-digit numbers and the first 16 hex digits of the
SHA-256 of the whole file. The header carries the hash of the previous segment of the same replica.

A transaction larger than MAX_BYTES is published in parts, each one line holding some of its ops:
`<seq>-<seq>.p<k>.<hash16>.chg` for parts 1..n-1 (header `part`), then the last part under the
ordinary name (header `part` = `parts` = n). The chain runs through the parts (part 1 follows the
previous segment, part k+1 names part k's hash), so the last part names the whole transaction, and a
receiver applies it only when every part is there, in one SQLite transaction (app.sync.parts).
The last part's header also says how many ops the whole transaction holds (`ops`), so that a receiver
can tell how far applying it has gone (issue 3); readers that do not know the key ignore it.
The header's `app` and `schema` (its stamp) are fixed when the boundaries are recorded: a re-publish by
an updated app gives the identical file. The whole layout: docs/sync-format.md.
An app from before parts ignores the part names and quarantines the last part (its chain does not follow
the previous segment): never half a transaction; once updated, « Réessayer » in the quarantine list.
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
from app.sync.outbox import encode_line, from_line

FORMAT = "maillage-seg/1"
SCHEMA_MAJOR, SCHEMA_MINOR = 1, 0
NAME_RE = re.compile(r"^(\d{10})-(\d{10})\.([0-9a-f]{16})\.chg$")
PART_RE = re.compile(r"^(\d{10})-(\d{10})\.p(\d{4,})\.([0-9a-f]{16})\.chg$")
MAX_TXNS, MAX_BYTES = 1000, 4 * 1024 * 1024  # read at call time: tests make segments small
ZLIB_LEVEL = 3  # measured on 20k rows: half the time of level 6 for 12 % more bytes


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
    part: int = 0  # 0: a whole segment; k: part k of a transaction split across files
    parts: int = 0  # on the last part: how many parts there are
    ops: int = 0  # on the last part: how many ops all the parts hold (0: not told, older senders)


def seg_name(seq_from: int, seq_to: int, digest: str) -> str:
    return f"{seq_from:010d}-{seq_to:010d}.{digest[:16]}.chg"


def parse_name(name: str) -> tuple[int, int, str] | None:
    match = NAME_RE.match(name)
    return (int(match[1]), int(match[2]), match[3]) if match else None


def part_name(seq: int, part: int, digest: str) -> str:
    return f"{seq:010d}-{seq:010d}.p{part:04d}.{digest[:16]}.chg"


def parse_part(name: str) -> tuple[int, int, str] | None:
    """(seq, part number, hash16) of a non-final part's name."""
    match = PART_RE.match(name)
    if not match or match[1] != match[2]:
        return None
    return int(match[1]), int(match[3]), match[4]


def _canon(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def current_stamp() -> str:
    """The header fields that depend on this build (app version, schema), as canonical JSON: recorded
    with a segment's boundaries, so that a re-publish by an updated app writes the identical file."""
    return _canon({"app": __version__, "schema": f"{SCHEMA_MAJOR}.{SCHEMA_MINOR}"}).decode()


def _stamp_fields(stamp: str) -> dict[str, Any]:
    """The recorded stamp's fields; an empty stamp (segments recorded before migration 0003) is this
    build's."""
    fields = json.loads(stamp or current_stamp())
    return {"app": str(fields["app"]), "schema": str(fields["schema"])}


def encode(key: bytes, replica: str, txns: list[Txn], prev: str, *, stamp: str = "") -> tuple[str, bytes]:
    """(file name, file bytes); deterministic for the same inputs."""
    lines = [encode_line(tx) for tx in txns]
    return seal_lines(key, replica, (txns[0].seq, txns[-1].seq), lines, prev, stamp=stamp)


def seal_lines(
    key: bytes,
    replica: str,
    seqs: tuple[int, int],
    lines: list[bytes],
    prev: str,
    *,
    part: int = 0,
    last: bool = True,
    ops: int = 0,
    stamp: str = "",
) -> tuple[str, bytes]:
    """A segment file from encoded lines: a whole segment, or part `part` of one transaction (the last
    part with `ops`, the op count of all the parts). `stamp`: see current_stamp."""
    fixed: dict[str, Any] = {
        "format": FORMAT,
        "replica": replica,
        "from": seqs[0],
        "to": seqs[1],
        "prev": prev,
        **_stamp_fields(stamp),
        "count": len(lines),
    }
    if part:
        fixed["part"] = part
        if last:
            fixed["parts"] = part
        if last and ops:
            fixed["ops"] = ops
    body = seal(key, zlib.compress(b"\n".join(lines), ZLIB_LEVEL), _canon(fixed))
    header = {**fixed, "body_len": len(body), "body_sha256": hashlib.sha256(body).hexdigest()}
    data = _canon(header) + b"\n" + body
    digest = hashlib.sha256(data).hexdigest()
    name = seg_name(*seqs, digest) if last else part_name(seqs[0], part, digest)
    return name, data


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
    parsed, part = _parsed(name)
    if parsed is None or hashlib.sha256(data).hexdigest()[:16] != parsed[2]:
        raise BadSegmentError("empreinte incorrecte : fichier tronqué ou altéré")
    header, body = read_header(data)
    if header.get("replica") != replica or (header.get("from"), header.get("to")) != parsed[:2]:
        raise BadSegmentError("en-tête incohérent avec le nom ou le dossier du fichier")
    parts = _part_fields(header, part)
    if len(body) != header.get("body_len") or hashlib.sha256(body).hexdigest() != header.get("body_sha256"):
        raise BadSegmentError("corps tronqué ou altéré")
    major = _schema_major(header)
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
    ops = header.get("ops", 0) if parts else 0
    return Segment(replica, parsed[0], parsed[1], str(header.get("prev", "")), txns, part or parts, parts,
                   ops if isinstance(ops, int) and ops > 0 else 0)


def _schema_major(header: dict[str, Any]) -> int:
    major = str(header.get("schema", "0.0")).split(".")[0]
    if not major.isdigit():  # read before authentication: a stray file's header says anything
        raise BadSegmentError("en-tête incohérent : version de schéma illisible")
    return int(major)


def _part_fields(header: dict[str, Any], part: int) -> int:
    """The `parts` count of a last part (0 otherwise), checked against the name's part number."""
    number, parts = header.get("part", 0), header.get("parts", 0)
    consistent = (number, parts) == (part, 0) if part else number == parts
    if not (isinstance(number, int) and isinstance(parts, int) and consistent):
        raise BadSegmentError("en-tête incohérent avec le nom ou le dossier du fichier")
    return parts


def _parsed(name: str) -> tuple[tuple[int, int, str] | None, int]:
    """((seq_from, seq_to, hash16), part number: 0 for a whole segment or a last part)."""
    whole = parse_name(name)
    if whole is not None:
        return whole, 0
    part = parse_part(name)
    return ((part[0], part[0], part[2]), part[1]) if part else (None, 0)
