"""Portfolio charts as matplotlib Figures (Figure API, never pyplot): used by the PDF and the UI (issue 5).

Amounts come in cents and are drawn in euros (thousands on the axis: "k€").
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from app.domain.cofunding import ConsumptionPoint, StackedSeries
from app.reports.charts import french_numbers, new_figure

PALETTE = ("#1d4e89", "#4f8fc0", "#e0a23b", "#6a9f58", "#b5534a", "#8a6fb0", "#5f6b7a", "#c9b458")
INK = "#1f2933"
MUTED = "#5f6b7a"


def _style(axes: object) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)  # type: ignore[attr-defined]
    axes.tick_params(colors=INK, labelsize=8)  # type: ignore[attr-defined]
    axes.grid(axis="y", color="#dde3ea", linewidth=0.6)  # type: ignore[attr-defined]
    axes.set_axisbelow(True)  # type: ignore[attr-defined]


def stacked_funding_figure(series: StackedSeries, *, width_mm: float = 170, height_mm: float = 70,
                           max_funders: int = 6) -> Figure:
    """Bars per fiscal year, stacked by funder (the smallest ones grouped as "Autres"), in k€."""
    figure = new_figure(width_mm, height_mm)
    axes = figure.add_subplot()
    _style(axes)
    labels = [str(year) for year in series.years]
    bottoms = [0.0] * len(labels)
    for index, (funder, values) in enumerate(_top(series.series, max_funders)):
        heights = [cents / 100_000 for cents in values]
        axes.bar(labels, heights, bottom=bottoms, width=0.55, label=funder,
                 color=PALETTE[index % len(PALETTE)], edgecolor="white", linewidth=0.6)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_xlim(-0.9, len(labels) - 0.1)  # one or two years: narrow bars, not a wall of colour
    axes.set_ylabel("k€", color=MUTED, fontsize=8)
    french_numbers(axes.yaxis)
    if series.series:
        axes.legend(fontsize=7.5, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return figure


def _top(rows: Sequence[tuple[str, tuple[int, ...]]],
         keep: int) -> list[tuple[str, tuple[int, ...]]]:
    if len(rows) <= keep:
        return list(rows)
    head, tail = list(rows[: keep - 1]), rows[keep - 1:]
    others = tuple(sum(values[i] for _, values in tail) for i in range(len(tail[0][1])))
    return [*head, ("Autres", others)]


def consumption_figure(points: Sequence[ConsumptionPoint], *, width_mm: float = 170,
                       height_mm: float = 65) -> Figure:
    """Per year: programmed, committed and paid amounts side by side, in k€."""
    figure = new_figure(width_mm, height_mm)
    axes = figure.add_subplot()
    _style(axes)
    positions = list(range(len(points)))
    for offset, (label, attr, colour) in zip(
            (-0.27, 0.0, 0.27),
            (("Programmé", "programmed_cents", "#c5cdd8"), ("Engagé", "committed_cents", "#4f8fc0"),
             ("Versé", "paid_cents", "#1d4e89")), strict=True):
        axes.bar([p + offset for p in positions], [getattr(pt, attr) / 100_000 for pt in points],
                 width=0.26, label=label, color=colour)
    axes.set_xticks(positions, [str(pt.year) for pt in points])
    axes.set_ylabel("k€", color=MUTED, fontsize=8)
    french_numbers(axes.yaxis)
    axes.legend(fontsize=7.5, frameon=False, ncols=3, loc="upper left")
    return figure
