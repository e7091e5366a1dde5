"""Row identifiers: UUIDv7 for new rows, uuid5 for natural keys (SYNC.md, "Identity")."""

from __future__ import annotations

import os
import time
import uuid

NAMESPACE = uuid.UUID("6f1d3c2e-52a4-4c61-9a57-4d61696c6c61")


def new_id() -> uuid.UUID:
    """A UUIDv7: 48 bits of Unix milliseconds, then random bits (index locality)."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def natural_id(kind: str, *key: object) -> uuid.UUID:
    """The same id on every workstation for the same natural key (INSEE code, SIRET...)."""
    return uuid.uuid5(NAMESPACE, "/".join([kind, *(str(part) for part in key)]))


def link_id(parent: uuid.UUID, child: uuid.UUID) -> uuid.UUID:
    """Id of an association row: concurrent identical links merge (uuid5(parent, child))."""
    return uuid.uuid5(parent, str(child))
