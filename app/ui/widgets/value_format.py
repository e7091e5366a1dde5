"""Indicator values as a French reader expects them: "12,3", "s" for statistical secrecy, never 0."""

from __future__ import annotations

from app.domain.diagnostic import ValueCell
from app.domain.enums import ValueStatus
from app.formatting import number

SECRET = "s"
MISSING = "—"


def cell_text(cell: ValueCell | None, decimals: int) -> str:
    """ "12,3"; "12,3 (e)" when estimated; "s" when secret; "—" when missing."""
    if cell is None or cell.status is ValueStatus.MISSING:
        return MISSING
    if cell.status is ValueStatus.SECRET:
        return SECRET
    if cell.value is None:
        return MISSING
    text = number(cell.value, decimals=decimals)
    return f"{text} (e)" if cell.status is ValueStatus.ESTIMATED else text


def cell_sort_key(cell: ValueCell | None) -> float:
    """Secret and missing cells sort before every value (they are not zeros)."""
    if cell is None or cell.value is None or cell.status in (ValueStatus.SECRET, ValueStatus.MISSING):
        return float("-inf")
    return float(cell.value)
