"""Declarative base and the conventions every synced table follows (ARCHITECTURE.md, SYNC.md).

- Primary key `id`: a UUID made by the app (UUIDv7, or uuid5 for natural keys), never changed.
- Soft delete: a `deleted` flag; synced rows are never physically removed, so foreign keys always hold.
- No NOT NULL without a default outside the key: a row may first be known through a child.
- No UNIQUE constraint besides the key: two offline workstations may create clashing values; such
  invariants (decision numbers, one pilot per project) are checked after merge, never enforced by SQLite.
- Foreign keys are DEFERRABLE INITIALLY DEFERRED, so a sync round may apply ops in any order within its
  transaction.
- Money in integer cents, rates as Decimal stored as text, codes as text, dates ISO.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import Boolean, Dialect, ForeignKey, MetaData, String, TypeDecorator, Uuid, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.domain.ids import new_id

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DecimalText(TypeDecorator[Decimal]):
    """A Decimal stored as its exact text (SQLite has no decimal type; floats would round)."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        uuid.UUID: Uuid(as_uuid=True),
        Decimal: DecimalText(),
        str: String(),
    }


class Synced(Base):
    """Abstract base of every replicated table: UUID key and soft delete."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        table = cls.__dict__.get("__table__")
        if table is not None:
            table.info["synced"] = True


class Local(Base):
    """Abstract base of tables that stay on this workstation (never replicated)."""

    __abstract__ = True


def fk(target: str, *, index: bool = True) -> Any:
    """A deferred foreign key column, nullable (see module docstring)."""
    return mapped_column(
        ForeignKey(target, deferrable=True, initially="DEFERRED"), nullable=True, index=index
    )


class CodedEnum(TypeDecorator[PyEnum]):
    """An enum stored as its stable text code (VARCHAR(32), no CHECK). A code this version does not know
    (a newer version's, received by sync: SYNC.md applies newer schema minors) reads as the enum's
    stand-in for it (LabelledEnum._missing_) instead of failing the whole page, and is written back as
    it came (a form keeps it: app.ui.widgets.form_fields.select_code)."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_cls: type[PyEnum]) -> None:
        super().__init__()
        self.enum_cls = enum_cls

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(self.enum_cls(value).value)  # a code as a combo gives it

    def process_result_value(self, value: Any, dialect: Dialect) -> PyEnum | None:
        return None if value is None else self.enum_cls(value)


def enum_col(enum_cls: type[PyEnum], default: PyEnum) -> Any:
    """An enum stored as its stable text code, with a default (CodedEnum: newer values may come by sync)."""
    return mapped_column(CodedEnum(enum_cls), default=default,
                         server_default=default.value)  # type: ignore[attr-defined]


def text_col(default: str = "", length: int | None = None) -> Any:
    """A text column that is never NULL: empty by default."""
    return mapped_column(String(length) if length else String(), default=default, server_default=default)


def int_col(default: int = 0) -> Any:
    return mapped_column(default=default, server_default=text(str(default)))


def bool_col(default: bool = False) -> Any:
    return mapped_column(Boolean, default=default, server_default=text("1" if default else "0"))


def decimal_col(default: str = "0") -> Any:
    return mapped_column(DecimalText(), default=Decimal(default), server_default=default)


__all__ = ["Base", "Local", "Synced", "DecimalText", "fk", "enum_col", "text_col", "int_col", "bool_col",
           "decimal_col", "datetime", "date"]
