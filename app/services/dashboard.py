"""The dashboard's figures: a handful of grouped queries, run together in the worker."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.dashboard import (
    ACTIVE_STATUSES,
    DashboardFigures,
    DecisionBrief,
    FunderYear,
    IndicatorBars,
    MeetingBrief,
    Overload,
    TerritoryBar,
)
from app.domain.diagnostic import ValueCell
from app.domain.enums import DecisionStatus, Direction, ProjectStatus, TerritoryLevel
from app.models.body import Body
from app.models.diagnostic import Need
from app.models.funding import FundingLine
from app.models.geography import Indicator, IndicatorValue, Territory
from app.models.meeting import AgendaItem, Decision, Meeting
from app.models.organisation import Organisation
from app.models.project import Project, ProjectNeed
from app.services.pool import list_members


def dashboard_figures(session: Session, *, today: date | None = None) -> DashboardFigures:
    """Everything the Tableau de bord shows, for the year of `today`."""
    today = today or date.today()
    funding = _funding_by_funder_year(session)
    needs_total, uncovered = _needs_coverage(session)
    members = list_members(session, today=today)
    overloaded = sorted((m for m in members if m.overloaded), key=lambda m: m.working_time - m.peak_fte)
    return DashboardFigures(
        year=today.year,
        projects_by_status=_projects_by_status(session),
        funding_year_cents=sum(f.cents for f in funding if f.year == today.year),
        funding_by_funder_year=funding,
        needs_total=needs_total,
        needs_covered=needs_total - len(uncovered),
        uncovered_needs=uncovered,
        pool_members=len(members),
        pool_capacity=sum((m.working_time for m in members), Decimal(0)),
        pool_assigned=sum((m.assigned_fte for m in members), Decimal(0)),
        overloaded=tuple(Overload(m.name, m.working_time, m.peak_fte) for m in overloaded),
        next_meetings=_next_meetings(session, datetime.combine(today, datetime.min.time())),
        last_decisions=_last_decisions(session),
        indicator=_indicator_bars(session),
    )


def _projects_by_status(session: Session) -> tuple[tuple[ProjectStatus, int], ...]:
    stmt = select(Project.status, func.count()).where(Project.deleted.is_(False)).group_by(Project.status)
    counts = {status: count for status, count in session.execute(stmt)}
    return tuple((status, counts[status]) for status in ProjectStatus if counts.get(status))


def _funding_by_funder_year(session: Session) -> tuple[FunderYear, ...]:
    funder = func.coalesce(func.nullif(Organisation.short_name, ""), Organisation.name)
    stmt = (
        select(funder, FundingLine.fiscal_year, func.sum(FundingLine.amount_cents))
        .outerjoin(Organisation, Organisation.id == FundingLine.funder_id)
        .join(Project, Project.id == FundingLine.project_id)
        .where(FundingLine.deleted.is_(False), Project.deleted.is_(False))
        .group_by(funder, FundingLine.fiscal_year)
        .order_by(FundingLine.fiscal_year, funder)
    )
    return tuple(
        FunderYear(name or "Non précisé", year, int(cents)) for name, year, cents in session.execute(stmt)
    )


def _needs_coverage(session: Session) -> tuple[int, tuple[str, ...]]:
    """Needs in total, and those no validated, contracted or running project answers."""
    covered = (
        select(ProjectNeed.need_id)
        .join(Project, Project.id == ProjectNeed.project_id)
        .where(
            ProjectNeed.deleted.is_(False), Project.deleted.is_(False), Project.status.in_(ACTIVE_STATUSES)
        )
    )
    needs = session.execute(
        select(Need.code, Need.title, Need.id.in_(covered)).where(Need.deleted.is_(False)).order_by(Need.rank)
    ).all()
    return len(needs), tuple(f"{code} – {title}" for code, title, is_covered in needs if not is_covered)


def _next_meetings(session: Session, now: datetime) -> tuple[MeetingBrief, ...]:
    stmt = (
        select(Body.name, Meeting.number, Meeting.starts_at, Meeting.place, Meeting.status)
        .join(Body, Body.id == Meeting.body_id)
        .where(Meeting.deleted.is_(False), Meeting.starts_at >= now)
        .order_by(Meeting.starts_at)
        .limit(5)
    )
    return tuple(MeetingBrief(*values) for values in session.execute(stmt))


def _last_decisions(session: Session) -> tuple[DecisionBrief, ...]:
    day = func.coalesce(Decision.effective_on, func.date(Meeting.starts_at))
    stmt = (
        select(Decision.number, Decision.title, day, Decision.status)
        .outerjoin(AgendaItem, AgendaItem.id == Decision.item_id)
        .outerjoin(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            Decision.deleted.is_(False),
            Decision.number != "",
            Decision.status.in_((DecisionStatus.ADOPTED, DecisionStatus.REJECTED)),
        )
        .order_by(day.desc(), Decision.number.desc())
        .limit(5)
    )
    return tuple(
        DecisionBrief(number, title, _as_date(value), status)
        for number, title, value, status in session.execute(stmt)
    )


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10]) if value else None


def _indicator_bars(session: Session) -> IndicatorBars | None:
    """The latest values by EPCI of the first worrying rate published at that level."""
    stmt = (
        select(Indicator)
        .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
        .join(Territory, Territory.id == IndicatorValue.territory_id)
        .where(Indicator.deleted.is_(False), Territory.level == TerritoryLevel.EPCI)
        .order_by(
            Indicator.unit.in_(("%", "‰")).desc(),  # a rate compares territories; a head count does not
            (Indicator.direction == Direction.HIGHER_IS_WORSE).desc(),
            Indicator.label,
        )
        .limit(1)
    )
    indicator = session.scalars(stmt).first()
    if indicator is None:
        return None
    values = session.execute(
        select(Territory.name, IndicatorValue.period, IndicatorValue.value, IndicatorValue.status)
        .join(Territory, Territory.id == IndicatorValue.territory_id)
        .where(
            IndicatorValue.indicator_id == indicator.id,
            Territory.level == TerritoryLevel.EPCI,
            IndicatorValue.deleted.is_(False),
        )
    ).all()
    period = max(value[1] for value in values)
    bars = tuple(
        TerritoryBar(name, ValueCell(value, status)) for name, at, value, status in values if at == period
    )
    return IndicatorBars(
        indicator.label,
        indicator.unit,
        period,
        indicator.decimals,
        tuple(sorted(bars, key=lambda bar: bar.territory)),
    )
