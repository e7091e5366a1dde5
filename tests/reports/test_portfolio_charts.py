"""Portfolio charts: Figures built from the co-funding DTOs, without pyplot (issue 5)."""

from __future__ import annotations

import sys

from app.domain.cofunding import ConsumptionPoint, StackedSeries
from app.reports.charts import figure_png
from app.reports.portfolio_charts import consumption_figure, stacked_funding_figure


def test_stacked_chart_groups_small_funders_under_autres() -> None:
    rows = tuple((f"Financeur {i}", (100_000 * i, 50_000)) for i in range(1, 9))
    series = StackedSeries((2026, 2027), rows)
    figure = stacked_funding_figure(series, max_funders=4)
    axes = figure.axes[0]
    labels = [text.get_text() for text in axes.get_legend().get_texts()]
    assert labels == ["Financeur 1", "Financeur 2", "Financeur 3", "Autres"]
    assert len(axes.patches) == 4 * 2
    assert figure_png(figure).startswith(b"\x89PNG")
    assert "matplotlib.pyplot" not in sys.modules


def test_consumption_chart_has_three_bars_a_year() -> None:
    points = (ConsumptionPoint(2026, 300_000_00, 200_000_00, 100_000_00),
              ConsumptionPoint(2027, 250_000_00, 0, 0))
    axes = consumption_figure(points).axes[0]
    assert len(axes.patches) == 6
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["Programmé", "Engagé", "Versé"]
    assert [t.get_text() for t in axes.get_xticklabels()] == ["2026", "2027"]
