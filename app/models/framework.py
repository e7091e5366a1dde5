"""Strategic frameworks (PDI, PTI, pacte...) and their axis trees: data, not code."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import FrameworkKind
from app.models.base import Synced, enum_col, fk, int_col, text_col


class Framework(Synced):
    __tablename__ = "framework"

    code: Mapped[str] = text_col()  # "PDI 2024-2027"
    title: Mapped[str] = text_col()
    kind: Mapped[FrameworkKind] = enum_col(FrameworkKind, FrameworkKind.PDI)
    starts_on: Mapped[date | None] = mapped_column(nullable=True)
    ends_on: Mapped[date | None] = mapped_column(nullable=True)
    replaces_id: Mapped[uuid.UUID | None] = fk("framework.id")


class Axis(Synced):
    """Axe → orientation → action; `number` is the dotted path ("1.2.3")."""

    __tablename__ = "axis"

    framework_id: Mapped[uuid.UUID | None] = fk("framework.id")
    parent_id: Mapped[uuid.UUID | None] = fk("axis.id")
    number: Mapped[str] = text_col()
    title: Mapped[str] = text_col()
    position: Mapped[int] = int_col()
