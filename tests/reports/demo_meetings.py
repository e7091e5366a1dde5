"""The demo département's séances the document tests print (issue 4), and a way to build a document once
per test module from a private copy of the demo database."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import db
from app.models.body import Body
from app.models.meeting import Meeting

T = TypeVar("T")
CA_2026_06 = ("CA", date(2026, 6, 18))  # PV approved on 8 October 2026; a proxy
CA_2026_10 = ("CA", date(2026, 10, 8))  # closed: a departure, an NPPV, minutes not yet approved
CA_2026_12 = ("CA", date(2026, 12, 10))  # convened, agenda frozen: 2026-CA-009 and 010
COPIL_2027 = ("COPIL", date(2027, 1, 26))  # en préparation, with a video link


def meeting_id(session: Session, which: tuple[str, date]) -> uuid.UUID:
    code, day = which
    stmt = (select(Meeting.id).join(Body, Body.id == Meeting.body_id)
            .where(Body.code == code, func.date(Meeting.starts_at) == day.isoformat()))
    return session.scalars(stmt).one()


def built_once(demo_template: Path, factory: pytest.TempPathFactory, build: Callable[[Session], T]) -> T:
    """Run `build` on a private copy of the demo database, then unbind it (module-scoped fixtures)."""
    path = factory.mktemp("demo-doc") / "demo.sqlite"
    shutil.copy(demo_template, path)
    db.init_engine(path)
    try:
        with db.SessionFactory() as session:
            return build(session)
    finally:
        db.dispose()
