"""Dashboard figures on the demo agree with the detailed services."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app import db
from app.services.dashboard import dashboard_figures
from app.services.pool import list_members
from app.services.portfolio import list_projects


def test_figures_agree_with_the_lists(demo_db: Path) -> None:
    today = date(2026, 11, 27)
    with db.unit_of_work() as session:
        figures = dashboard_figures(session, today=today)
        projects = list_projects(session)
        members = list_members(session, today=today)

    assert figures.projects_total == len(projects)
    assert figures.funding_year_cents == sum(
        f.cents for f in figures.funding_by_funder_year if f.year == 2026
    )
    assert figures.pool_members == len(members)
    assert {o.name for o in figures.overloaded} == {m.name for m in members if m.overloaded}
    assert 0 <= figures.needs_covered <= figures.needs_total
    assert figures.indicator is not None and figures.indicator.bars
