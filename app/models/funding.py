"""Co-funding: funding lines per project, funder and year; members' statutory contributions."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import FundingNature, FundingStatus
from app.models.base import Synced, enum_col, fk, int_col, text_col


class FundingLine(Synced):
    __tablename__ = "funding_line"

    project_id: Mapped[uuid.UUID | None] = fk("project.id")
    funder_id: Mapped[uuid.UUID | None] = fk("organisation.id")
    fiscal_year: Mapped[int] = int_col(2026)
    amount_cents: Mapped[int] = int_col()
    nature: Mapped[FundingNature] = enum_col(FundingNature, FundingNature.CASH)
    status: Mapped[FundingStatus] = enum_col(FundingStatus, FundingStatus.PLANNED)
    act_reference: Mapped[str] = text_col()  # decision number or convention
    decision_id: Mapped[uuid.UUID | None] = fk("decision.id")


class MemberContribution(Synced):
    """member × year → called and in kind. Payments are event rows summed (SYNC.md)."""

    __tablename__ = "member_contribution"

    organisation_id: Mapped[uuid.UUID | None] = fk("organisation.id")
    year: Mapped[int] = int_col(2026)
    called_cents: Mapped[int] = int_col()
    in_kind_cents: Mapped[int] = int_col()
    in_kind_description: Mapped[str] = text_col()


class ContributionPayment(Synced):
    __tablename__ = "contribution_payment"

    contribution_id: Mapped[uuid.UUID | None] = fk("member_contribution.id")
    paid_on: Mapped[date | None] = mapped_column(nullable=True)
    amount_cents: Mapped[int] = int_col()
    reference: Mapped[str] = text_col()
