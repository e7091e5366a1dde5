"""Small hand-made rows for the issue 5 service tests (the demo is used where realism matters)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import DecisionKind, DecisionStatus, ProjectStatus
from app.domain.ids import new_id
from app.models.meeting import Decision
from app.models.organisation import Organisation
from app.models.project import Project


def project(session: Session, code: str = "FA-1.1-01", *, status: ProjectStatus = ProjectStatus.IDEA,
            **values: Any) -> Project:
    title = values.pop("title", f"Projet {code}")
    row = Project(id=new_id(), code=code, title=title, status=status, **values)
    session.add(row)
    session.flush()
    return row


def decision(session: Session, number: str = "2026-CA-001", *,
             status: DecisionStatus = DecisionStatus.ADOPTED,
             kind: DecisionKind = DecisionKind.DELIBERATION) -> Decision:
    row = Decision(id=new_id(), number=number, title=f"Décision {number}", status=status, kind=kind)
    session.add(row)
    session.flush()
    return row


def organisation(session: Session, name: str, short: str = "", **values: Any) -> Organisation:
    row = Organisation(id=new_id(), name=name, short_name=short, **values)
    session.add(row)
    session.flush()
    return row
