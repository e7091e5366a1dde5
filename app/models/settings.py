"""Business settings (synced, typed defaults in app.domain.settings) and local workstation state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Local, Synced, text_col


class Setting(Synced):
    """One business setting (GIP identity...). Id = natural_id("setting", key)."""

    __tablename__ = "setting"

    key: Mapped[str] = text_col()
    value: Mapped[str] = text_col()


class WorkstationProfile(Local):
    """Who uses this workstation: recorded as the author of changes and documents."""

    __tablename__ = "workstation_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String, default="")
    function: Mapped[str] = mapped_column(String, default="")
    organisation: Mapped[str] = mapped_column(String, default="")
    created_at: Mapped[datetime | None] = mapped_column(nullable=True)


# local_meta key: this base was filled with the fictional demo département (its value: seed and size).
# Such a base may start a share of its own (training), never join one where other workstations work.
DEMO_MARK = "demo"


class LocalMeta(Local):
    """Key/value facts about this database file (never replicated): backups, last check..."""

    __tablename__ = "local_meta"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(String, default="")
