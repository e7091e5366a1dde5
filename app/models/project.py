"""Projects (fiches action) and everything hanging from them."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import MilestoneStatus, Novelty, ProjectStatus
from app.models.base import Synced, enum_col, fk, int_col, text_col


class Project(Synced):
    __tablename__ = "project"

    code: Mapped[str] = text_col()  # "FA-2.3-04"
    title: Mapped[str] = text_col()
    summary: Mapped[str] = text_col()
    objectives: Mapped[str] = text_col()
    target_public: Mapped[str] = text_col()
    target_volume: Mapped[int | None] = mapped_column(nullable=True)  # persons or households a year
    carrier_id: Mapped[uuid.UUID | None] = fk("organisation.id")
    pilot_id: Mapped[uuid.UUID | None] = fk("pool_member.id")
    starts_on: Mapped[date | None] = mapped_column(nullable=True)
    ends_on: Mapped[date | None] = mapped_column(nullable=True)
    status: Mapped[ProjectStatus] = enum_col(ProjectStatus, ProjectStatus.IDEA)
    novelty: Mapped[Novelty] = enum_col(Novelty, Novelty.NEW)
    validated_by_decision_id: Mapped[uuid.UUID | None] = fk("decision.id")
    final_report: Mapped[str] = text_col()


class ProjectAxis(Synced):
    """A project attached to an axis (many). Id = link_id(project, axis)."""

    __tablename__ = "project_axis"

    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    axis_id: Mapped[uuid.UUID | None] = fk("axis.id")


class ProjectNeed(Synced):
    """A need the project answers (traceability). Id = link_id(project, need)."""

    __tablename__ = "project_need"

    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    need_id: Mapped[uuid.UUID | None] = fk("need.id")


class ProjectTerritory(Synced):
    __tablename__ = "project_territory"

    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    territory_id: Mapped[uuid.UUID | None] = fk("territory.id")


class ProjectPartner(Synced):
    __tablename__ = "project_partner"

    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    organisation_id: Mapped[uuid.UUID | None] = fk("organisation.id")
    role: Mapped[str] = text_col()


class ProjectService(Synced):
    """A member administration's service mobilised on the project."""

    __tablename__ = "project_service"

    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    service_id: Mapped[uuid.UUID | None] = fk("service.id")
    contribution: Mapped[str] = text_col()


class Milestone(Synced):
    __tablename__ = "milestone"

    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    title: Mapped[str] = text_col()
    due_on: Mapped[date | None] = mapped_column(nullable=True)
    status: Mapped[MilestoneStatus] = enum_col(MilestoneStatus, MilestoneStatus.PLANNED)


class ProjectRisk(Synced):
    __tablename__ = "project_risk"

    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    description: Mapped[str] = text_col()
    likelihood: Mapped[int] = int_col(2)  # 1 to 4
    impact: Mapped[int] = int_col(2)  # 1 to 4
    mitigation: Mapped[str] = text_col()


class ProjectStatusChange(Synced):
    """History of lifecycle transitions (an event row: concurrent transitions both stay)."""

    __tablename__ = "project_status_change"

    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    from_status: Mapped[ProjectStatus] = enum_col(ProjectStatus, ProjectStatus.IDEA)
    to_status: Mapped[ProjectStatus] = enum_col(ProjectStatus, ProjectStatus.IDEA)
    changed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    changed_by: Mapped[str] = text_col()
    decision_id: Mapped[uuid.UUID | None] = fk("decision.id")
    comment: Mapped[str] = text_col()
