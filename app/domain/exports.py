"""A table ready to be written as XLSX or CSV: French headers, typed cells (issue 5). Stdlib only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path


class CellKind(Enum):
    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"  # the row holds integer cents; written as euros
    DATE = "date"


@dataclass(frozen=True)
class ExportColumn:
    header: str
    kind: CellKind = CellKind.TEXT
    width: float = 14  # in Excel character units


Cell = str | int | date | None


@dataclass(frozen=True)
class ExportTable:
    title: str  # the sheet's name (31 characters at most for Excel)
    columns: tuple[ExportColumn, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: Path
    rows: int

    def describe(self) -> str:
        noun = "ligne" if self.rows < 2 else "lignes"
        return f"Export « {self.kind} » : {self.rows} {noun} écrites dans {self.path}."
