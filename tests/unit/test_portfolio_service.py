"""Portfolio reads: totals, axes and carrier in one pass, the funding plan matrix, no N+1."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import ProjectStatus
from app.models.framework import Axis, Framework
from app.models.funding import FundingLine
from app.models.organisation import Organisation
from app.models.pool import PoolMember
from app.models.project import Project, ProjectAxis
from app.services.portfolio import get_project, list_projects


def _seed(session: Session, count: int = 1) -> list[Project]:
    caf = Organisation(name="Caisse d'allocations familiales", short_name="CAF")
    state = Organisation(name="Préfecture", short_name="État")
    carrier = Organisation(name="Association Mobil'Emploi")
    pilot = PoolMember(first_name="Claire", last_name="Martin")
    framework = Framework(code="PDI 2024-2027")
    axis = Axis(number="2.1", title="Mobilité")
    session.add_all([caf, state, carrier, pilot, framework])
    session.flush()
    axis.framework_id = framework.id
    session.add(axis)
    projects = []
    for index in range(count):
        project = Project(
            code=f"FA-2.1-{index:02d}",
            title="Plateforme de mobilité",
            carrier_id=carrier.id,
            pilot_id=pilot.id,
            status=ProjectStatus.RUNNING,
            starts_on=date(2026, 1, 1),
        )
        session.add(project)
        session.flush()
        session.add_all(
            [
                ProjectAxis(project_id=project.id, axis_id=axis.id),
                FundingLine(
                    project_id=project.id, funder_id=caf.id, fiscal_year=2026, amount_cents=1_000_000
                ),
                FundingLine(
                    project_id=project.id, funder_id=state.id, fiscal_year=2026, amount_cents=500_000
                ),
                FundingLine(
                    project_id=project.id, funder_id=state.id, fiscal_year=2027, amount_cents=250_000
                ),
                FundingLine(
                    project_id=project.id, funder_id=caf.id, fiscal_year=2027, amount_cents=99, deleted=True
                ),
            ]
        )
        projects.append(project)
    session.flush()
    return projects


def test_rows_carry_total_axes_carrier_and_pilot(session: Session) -> None:
    _seed(session)

    [row] = list_projects(session)

    assert row.total_cents == 1_750_000  # the deleted line is not counted
    assert row.axes_label == "2.1" and row.framework_codes == ("PDI 2024-2027",)
    assert row.carrier == "Association Mobil'Emploi" and row.pilot == "Claire Martin"


def test_deleted_projects_are_not_listed(session: Session) -> None:
    [project] = _seed(session)
    project.deleted = True

    assert list_projects(session) == []


def test_funding_plan_is_funders_by_years(session: Session) -> None:
    [project] = _seed(session)

    plan = get_project(session, project.id).funding

    assert plan.years == (2026, 2027)
    assert dict(plan.rows) == {"CAF": (1_000_000, 0), "État": (500_000, 250_000)}
    assert plan.year_totals == (1_500_000, 250_000) and plan.total == 1_750_000


def test_listing_costs_the_same_queries_for_one_or_many_projects(session: Session, bound_db: Path) -> None:
    _seed(session, count=20)
    session.commit()
    statements: list[str] = []
    event.listen(db.engine(), "before_cursor_execute", lambda *args: statements.append(args[2]))

    with db.unit_of_work() as fresh:
        rows = list_projects(fresh)

    assert len(rows) == 20
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 3
