"""How history and conflicts name objects and show stored values: « Fiche action « Jardin partagé » »,
« 1 234,50 € », « 15/01/2027 », « oui », an enum's French label, the name of the object a link points
to; never a column's code name, a raw code or an identifier (issue 3: public bodies are accountable
for who changed a figure, and must be able to read it).

One `Describer` per read connection: column types come from the models' metadata, looked up once.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, String, Table

from app.domain.field_labels import table_label
from app.formatting import euros, short_date, short_date_time
from app.models.base import CodedEnum, DecimalText

# The columns that name a row, in order of preference; long texts are shortened.
NAME_COLUMNS = ("full_name", "title", "name", "label", "code", "reference", "what", "description", "text",
                "question", "descriptor")
REFERENCE_COLUMNS = ("number", "code")  # put before the name: « 2026-CA-011 — Budget primitif »
PERIOD_COLUMNS = ("fiscal_year", "year", "period")  # added to a name made from a link (« CAF · 2026 »)
LONGEST = 60


def short(text: str, longest: int = LONGEST) -> str:
    """The text on one line, cut with « … » beyond `longest` characters."""
    text = " ".join(text.split())
    return text if len(text) <= longest else text[: longest - 1].rstrip() + "…"


def _tables() -> dict[str, Table]:
    from app.models import Base

    return dict(Base.metadata.tables)


class Describer:
    """Names and values as a coordinator reads them, from one read connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._tables = _tables()
        self._names: dict[tuple[str, str, str, int], str] = {}

    def _column(self, table: str, column: str) -> Column[Any] | None:
        found = self._tables.get(table)
        return found.columns.get(column) if found is not None else None

    def free_text(self, table: str, column: str) -> bool:
        """A text a user types (a title, a summary), not a link, a list's code, a date or an amount."""
        described = self._column(table, column)
        if described is None or described.foreign_keys or isinstance(described.type, CodedEnum):
            return False
        return isinstance(described.type, String)

    def value(self, table: str, column: str, raw: object, *, kept: str = "présent") -> str:
        """A stored value as shown: `kept` is what a live row's `deleted` = 0 reads as."""
        if raw is None:
            return ""
        if column == "deleted":
            return "supprimé" if raw else kept
        described = self._column(table, column)
        if described is None:  # a column of a newer version: as stored
            return raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
        try:
            return self._typed(described, raw)
        except (ValueError, TypeError, InvalidOperation):
            return str(raw)

    def _typed(self, column: Column[Any], raw: object) -> str:
        if column.foreign_keys:
            return self._linked(column.table.name, column.name, str(raw), 0)
        kind = column.type
        if column.name.endswith("_cents"):
            return euros(int(str(raw)))
        if isinstance(kind, Boolean):
            return "oui" if int(str(raw)) else "non"
        if isinstance(kind, CodedEnum):
            return str(getattr(kind.enum_cls(raw), "label", raw))  # a newer version's code says so
        if isinstance(kind, DateTime):
            return short_date_time(datetime.fromisoformat(str(raw)))
        if isinstance(kind, Date):
            return short_date(date.fromisoformat(str(raw)))
        if isinstance(kind, DecimalText):
            return str(Decimal(str(raw))).replace(".", ",")  # « 0,8 » (a rate, a quotité)
        return raw if isinstance(raw, str) else str(raw)

    def _meeting_name(self, row: dict[str, Any]) -> str:
        """« CA n° 12 du 14/03/2026 »: its body's code, its number, its day."""
        body = self.conn.execute("SELECT code FROM body WHERE id = ?", (row.get("body_id"),)).fetchone()
        name = f"{body[0] + ' ' if body and body[0] else ''}n° {row.get('number')}"
        if row.get("starts_at"):
            name += f" du {short_date(datetime.fromisoformat(str(row['starts_at'])).date())}"
        return name

    @staticmethod
    def _referenced(row: dict[str, Any], column: str) -> str:
        """The name in `column`, after the row's reference when it has one: « 2026-CA-011 — Budget »,
        « FA-1.1.1-01 — Jardin partagé » (two deliberations may share a title, never a number)."""
        name = str(row[column])
        if column in REFERENCE_COLUMNS:
            return name
        references = [row[c] for c in REFERENCE_COLUMNS if isinstance(row.get(c), str) and row[c].strip()]
        return f"{references[0]} — {name}" if references else name

    def _linked(self, table: str, column: str, row_id: str, depth: int) -> str:
        """The name of the row that `table.column` points to."""
        described = self._column(table, column)
        if described is None or not described.foreign_keys:
            return row_id
        target = next(iter(described.foreign_keys)).column.table.name
        return self.name(target, row_id, depth=depth)

    def label(self, table: str, row_id: str) -> str:
        """« Fiche action « Jardin partagé » »: the kind of object, then its name."""
        return f"{table_label(table)} « {self.name(table, row_id)} »"

    def name(self, table: str, row_id: str, *, besides: str = "", depth: int = 0) -> str:
        """How a user names a row: its title, name…, or the object it links to (a partner: its
        organisation; a funding line: its funder and year), other than through `besides` (the column by
        which it belongs to the object whose history is shown); its identifier's start at worst."""
        key = (table, row_id, besides, depth)
        if key not in self._names:
            self._names[key] = self._name(table, row_id, besides, depth)
        return self._names[key]

    def _name(self, table: str, row_id: str, besides: str, depth: int) -> str:
        cursor = self.conn.execute(f'SELECT * FROM "{table}" WHERE id = ?', (row_id,))
        found = cursor.fetchone()
        if found is None:
            return f"élément {row_id[:8]} (absent de ce poste)"
        row = {d[0]: v for d, v in zip(cursor.description, found, strict=True)}
        if table == "meeting":
            return self._meeting_name(row)
        if table == "majority_rule":  # one per kind of matter in its body: named by the matter
            return self.value(table, "matter", row.get("matter"))
        if row.get("first_name") or row.get("last_name"):
            return short(f"{row.get('first_name') or ''} {row.get('last_name') or ''}".strip())
        for column in ("short_name", *NAME_COLUMNS) if depth else NAME_COLUMNS:  # « CAF · 2027 »
            if isinstance(row.get(column), str) and row[column].strip():
                return short(self._referenced(row, column))
        link = next((c for c in NAMED_BY.get(table, ()) if c != besides and row.get(c)), "")
        if link and depth < 2:
            period = next((str(row[c]) for c in PERIOD_COLUMNS if row.get(c) is not None), "")
            named = self._linked(table, link, str(row[link]), depth + 1)
            return f"{named} · {period}" if period else named
        return f"{table_label(table).lower()} {row_id[:8]}"


# Rows without a name of their own are named after the object they link to (first column set, other than
# the one by which the row belongs to the object whose history is shown).
NAMED_BY: dict[str, tuple[str, ...]] = {
    "agenda_item_project": ("project_id",), "appraisal": ("criterion_id",),
    "assignment": ("member_id", "project_id"), "attendance": ("seat_id",), "ballot": ("seat_id",),
    "contribution_payment": ("contribution_id",), "finding_indicator": ("indicator_id",),
    "funding_line": ("funder_id",), "indicator_value": ("indicator_id",), "majority_rule": ("body_id",),
    "member_contribution": ("organisation_id",), "need_indicator": ("indicator_id",),
    "need_territory": ("territory_id",), "pool_member_territory": ("territory_id",),
    "project_axis": ("axis_id",), "project_need": ("need_id",), "project_partner": ("organisation_id",),
    "project_service": ("service_id",), "project_territory": ("territory_id",), "proxy": ("grantor_seat_id",),
    "seat": ("organisation_id",), "territory_link": ("child_id",), "vote": ("item_id",),
}
