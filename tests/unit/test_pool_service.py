"""Pool reads: monthly ETP against the quotité, overload flagged, detail month by month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from app.models.pool import Assignment, PoolMember
from app.models.project import Project
from app.services.pool import fte_in_month, get_member, list_members

TODAY = date(2026, 3, 15)


def test_fte_in_month_counts_overlapping_periods_only() -> None:
    periods = [
        (date(2026, 1, 1), date(2026, 3, 1), Decimal("0.5")),  # ends on the 1st of March: counts in March
        (date(2026, 4, 1), None, Decimal("0.3")),  # starts in April
        (None, None, Decimal("0.1")),  # open on both ends
    ]

    assert fte_in_month(periods, date(2026, 3, 1)) == Decimal("0.6")
    assert fte_in_month(periods, date(2026, 4, 1)) == Decimal("0.4")


def _member(session: Session, quotite: str, *ftes: tuple[str, date, date]) -> PoolMember:
    member = PoolMember(first_name="Léa", last_name="Eyrolles", working_time=Decimal(quotite))
    project = Project(code="FA-1", title="Projet")
    session.add_all([member, project])
    session.flush()
    for fte, starts, ends in ftes:
        session.add(
            Assignment(
                member_id=member.id, project_id=project.id, fte=Decimal(fte), starts_on=starts, ends_on=ends
            )
        )
    session.flush()
    return member


def test_an_agent_above_the_quotite_in_any_month_is_overloaded(session: Session) -> None:
    _member(
        session,
        "0.5",
        ("0.3", date(2026, 1, 1), date(2026, 12, 31)),
        ("0.3", date(2026, 6, 1), date(2026, 6, 30)),
    )

    [row] = list_members(session, today=TODAY)

    assert row.assigned_fte == Decimal("0.3") and row.load == Decimal("0.6")
    assert row.peak_fte == Decimal("0.6") and row.overloaded
    assert row.projects == 1 and row.name == "EYROLLES Léa"


def test_an_agent_within_the_quotite_is_not_overloaded(session: Session) -> None:
    _member(session, "0.8", ("0.8", date(2026, 1, 1), date(2026, 12, 31)))

    [row] = list_members(session, today=TODAY)

    assert not row.overloaded and row.load == Decimal(1)


def test_detail_gives_twelve_months_and_the_assignments(session: Session) -> None:
    member = _member(session, "1", ("0.4", date(2026, 2, 1), date(2026, 4, 30)))

    detail = get_member(session, member.id, today=TODAY)

    assert [m.fte for m in detail.months[:5]] == [0, Decimal("0.4"), Decimal("0.4"), Decimal("0.4"), 0]
    assert len(detail.months) == 12 and detail.assignments[0].project_code == "FA-1"
