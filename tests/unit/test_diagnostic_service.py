"""Diagnostic reads: projects answering a need, secret values kept as secret, the AFOM."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from app.domain.enums import TerritoryLevel, ValueStatus
from app.models.diagnostic import Need
from app.models.geography import Indicator, IndicatorValue, Territory
from app.models.project import Project, ProjectNeed
from app.services.diagnostic import get_need, get_swot, indicator_table, list_needs


def test_needs_count_only_live_projects(session: Session) -> None:
    need = Need(code="B01", title="Mobilité", rank=1)
    alive, gone = Project(code="FA-1", title="A"), Project(code="FA-2", title="B", deleted=True)
    session.add_all([need, alive, gone])
    session.flush()
    session.add_all(
        [ProjectNeed(project_id=alive.id, need_id=need.id), ProjectNeed(project_id=gone.id, need_id=need.id)]
    )
    session.flush()

    [row] = list_needs(session)

    assert row.projects == 1
    assert [p.code for p in get_need(session, need.id).projects] == ["FA-1"]


def test_secret_values_stay_secret_never_zero(session: Session) -> None:
    indicator = Indicator(code="TP60", label="Taux de pauvreté", unit="%", decimals=1)
    towns = [Territory(code=f"9600{i}", name=f"Commune {i}", level=TerritoryLevel.COMMUNE) for i in (1, 2)]
    session.add_all([indicator, *towns])
    session.flush()
    session.add_all(
        [
            IndicatorValue(
                indicator_id=indicator.id, territory_id=towns[0].id, period="2024", value=Decimal("14.2")
            ),
            IndicatorValue(
                indicator_id=indicator.id, territory_id=towns[1].id, period="2024", status=ValueStatus.SECRET
            ),
        ]
    )
    session.flush()

    table = indicator_table(session, indicator.id, TerritoryLevel.COMMUNE)

    assert table.periods == ("2024",) and table.level is TerritoryLevel.COMMUNE
    cells = {row.name: row.cells[0] for row in table.rows}
    assert cells["Commune 1"].value == Decimal("14.2")
    assert cells["Commune 2"].value is None and cells["Commune 2"].status is ValueStatus.SECRET


def test_no_diagnostic_means_no_swot(session: Session) -> None:
    assert get_swot(session) is None
