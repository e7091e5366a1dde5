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


# Rows that two workstations may both create offline for the same thing (the secretary's and the
# coordinator's laptops in the room): the same id on both (app.services.shared_rows), so they merge, and a
# different status, holder, count or choice becomes a conflict to arbitrate instead of a seat counted twice
# or a point voted twice.
def attendance_row_id(meeting_id: uuid.UUID, seat_id: uuid.UUID) -> uuid.UUID:
    """One line of the attendance sheet per seat and séance."""
    return link_id(meeting_id, seat_id)


def proxy_row_id(meeting_id: uuid.UUID, grantor_seat_id: uuid.UUID) -> uuid.UUID:
    """One pouvoir per grantor and séance."""
    return natural_id("proxy", meeting_id, grantor_seat_id)


def vote_row_id(item_id: uuid.UUID) -> uuid.UUID:
    """One vote per point."""
    return natural_id("vote", item_id)


def ballot_row_id(vote_id: uuid.UUID, seat_id: uuid.UUID) -> uuid.UUID:
    """One ballot per seat and vote."""
    return link_id(vote_id, seat_id)


def majority_rule_row_id(body_id: uuid.UUID, matter: str) -> uuid.UUID:
    """One majority rule per kind of matter in a body (its code: « budget »)."""
    return natural_id("majority_rule", body_id, matter)


def decision_row_id(item_id: uuid.UUID) -> uuid.UUID:
    """One délibération (or avis) per point: two workstations freezing the same agenda make the same ones."""
    return natural_id("decision", item_id)


def follow_up_row_id(item_id: uuid.UUID, position: int) -> uuid.UUID:
    """A point's follow-up action at a position in its list (app.services.follow_ups)."""
    return natural_id("follow_up", item_id, position)
