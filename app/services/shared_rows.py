"""Rows whose id is the same on every workstation (app.domain.ids: a seat's line of the attendance sheet,
a point's vote, a matter's majority rule…): two workstations creating one offline make the same row, which
sync merges field by field, instead of two rows that double count."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.models.base import Synced

Row = TypeVar("Row", bound=Synced)


def shared_row(session: Session, model: type[Row], row_id: uuid.UUID, **values: Any) -> Row:
    """The row with this id, added with these values; one that was removed (a pouvoir withdrawn, then given
    again) comes back with them."""
    row = session.get(model, row_id)
    if row is None:
        row = model(id=row_id, **values)
        session.add(row)
        return row
    row.deleted = False
    for name, value in values.items():
        setattr(row, name, value)
    return row
