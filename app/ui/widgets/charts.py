"""Dashboard charts: matplotlib's Figure API, drawn from DTOs and rendered to PNG in the worker.

The GUI thread only shows the finished images (`ChartImage`): laying out and drawing three figures
took about 2 s of GUI-thread time when they were Qt canvases. Imported lazily (matplotlib is slow).
"""

from __future__ import annotations

from collections import defaultdict
from io import BytesIO
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from typing_extensions import override

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app import thread_guard
from app.domain.dashboard import DashboardFigures, IndicatorBars
from app.domain.diagnostic import ValueCell
from app.domain.enums import ValueStatus
from app.formatting import number
from app.ui.widgets.value_format import cell_text

PALETTE = ("#1f4e79", "#2e86ab", "#f18f01", "#c73e1d", "#6a994e", "#8e7dbe", "#b5838d", "#5c677d")
TEXT = "#333333"


def _figure() -> Figure:
    figure = Figure(figsize=(3.8, 2.8), dpi=100, layout="constrained")
    figure.patch.set_facecolor("white")
    return figure


SCALE = 2  # rendered at twice the logical size: crisp on high-density screens and when printed


def render_charts(figures: DashboardFigures) -> dict[str, bytes]:
    """The three dashboard charts as PNG bytes. Worker thread: no widget is touched here."""
    built = {
        "funding": funding_chart(figures),
        "status": status_chart(figures),
        "indicator": indicator_chart(figures.indicator),
    }
    return {key: _png(figure) for key, figure in built.items()}


def _png(figure: Figure) -> bytes:
    thread_guard.check("un graphique")
    buffer = BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=figure.dpi * SCALE)
    return buffer.getvalue()


class ChartImage(QLabel):
    """A rendered chart, centred in its panel and scaled down (never up) to the panel's width."""

    def __init__(self, png: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = QPixmap()
        self._original.loadFromData(png, "PNG")
        self._original.setDevicePixelRatio(SCALE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(260)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self._fit()

    @override
    def sizeHint(self) -> QSize:
        return self._original.deviceIndependentSize().toSize()

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(160, 260)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        natural = self._original.deviceIndependentSize()
        if self.width() >= natural.width() and self.height() >= natural.height():
            self.setPixmap(self._original)
            return
        target = QSize(self.width(), self.height()) * SCALE
        scaled = self._original.scaled(target, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
        scaled.setDevicePixelRatio(SCALE)
        self.setPixmap(scaled)


def _style(axes: Any, grid: str = "x") -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=TEXT, labelsize=8)
    axes.grid(axis=grid, color="#e5e5e5", linewidth=0.8)
    axes.set_axisbelow(True)


def _say_empty(figure: Figure, axes: Any, text: str) -> Figure:
    """An empty chart: its sentence alone, without axes, ticks or grid to read."""
    axes.text(0.5, 0.5, text, ha="center", va="center", transform=axes.transAxes, color="#777")
    axes.set_axis_off()
    return figure


def _top_funders(figures: DashboardFigures, keep: int = 5) -> tuple[list[int], dict[str, dict[int, int]]]:
    """Years, and amounts per funder for the `keep` biggest funders plus « Autres financeurs »."""
    years = sorted({f.year for f in figures.funding_by_funder_year})
    totals: dict[str, int] = defaultdict(int)
    for line in figures.funding_by_funder_year:
        totals[line.funder] += line.cents
    biggest = set(sorted(totals, key=lambda name: -totals[name])[:keep])
    by_funder: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for line in figures.funding_by_funder_year:
        by_funder[line.funder if line.funder in biggest else "Autres financeurs"][line.year] += line.cents
    return years, by_funder


def funding_chart(figures: DashboardFigures) -> Figure:
    """Funding per fiscal year, stacked by funder (the five biggest, then the others), in k€ or M€."""
    figure = _figure()
    axes = figure.add_subplot()
    years, by_funder = _top_funders(figures)
    if not by_funder:
        return _say_empty(figure, axes, "Aucun financement saisi")
    biggest_year = max((sum(f.get(y, 0) for f in by_funder.values()) for y in years), default=0)
    divisor, unit = (100_000_000, "M€") if biggest_year >= 10_000 * 100_000 else (100_000, "k€")
    funders = sorted(
        by_funder, key=lambda name: (name == "Autres financeurs", -sum(by_funder[name].values()))
    )
    bottoms = [0.0] * len(years)
    for index, funder in enumerate(funders):
        heights = [by_funder[funder].get(year, 0) / divisor for year in years]
        axes.bar(
            [str(y) for y in years],
            heights,
            bottom=bottoms,
            label=funder,
            width=0.6,
            color="#b0b7c0" if funder == "Autres financeurs" else PALETTE[index % len(PALETTE)],
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_ylabel(unit, color=TEXT, fontsize=8)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: number(value)))
    figure.legend(fontsize=7, frameon=False, loc="outside lower center", ncols=3)
    _style(axes, grid="y")
    return figure


def status_chart(figures: DashboardFigures) -> Figure:
    """Number of projects in each status (horizontal bars, labelled)."""
    figure = _figure()
    axes = figure.add_subplot()
    pairs = list(reversed(figures.projects_by_status))
    if not pairs:
        return _say_empty(figure, axes, "Aucun projet")
    labels, counts = [status.label for status, _ in pairs], [count for _, count in pairs]
    bars = axes.barh(labels, counts, color=PALETTE[1])
    axes.bar_label(bars, labels=[number(c) for c in counts], fontsize=7, padding=2, color=TEXT)
    axes.set_xlim(0, max(counts, default=0) * 1.12 or 1)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))  # "2 400" labels must not touch
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: number(value)))
    _style(axes)
    return figure


def indicator_chart(bars: IndicatorBars | None) -> Figure:
    """The latest value of one indicator per EPCI; secret cells are marked "s", never drawn as 0."""
    figure = _figure()
    axes = figure.add_subplot()
    if bars is None or not bars.bars:
        return _say_empty(figure, axes, "Aucun indicateur par EPCI")
    rows = list(reversed(bars.bars))
    values = [_bar_value(bar.cell) for bar in rows]
    drawn = axes.barh(range(len(rows)), values, color=PALETTE[2])  # positions: two EPCI may share a name
    axes.set_yticks(range(len(rows)), labels=[_short(bar.territory) for bar in rows])
    axes.bar_label(drawn, labels=[cell_text(bar.cell, bars.decimals) for bar in rows], fontsize=7, padding=2)
    axes.set_xlim(0, max(values, default=0) * 1.18 or 1)  # room for the value labels
    axes.set_xlabel(f"{bars.unit} — {bars.period}" if bars.unit else bars.period, fontsize=8, color=TEXT)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: number(value)))
    _style(axes)
    return figure


def _bar_value(cell: ValueCell) -> float:
    """The bar's length: 0 (no bar) for a secret or missing value, whose label then reads "s" or "—"."""
    if cell.value is None or cell.status not in (ValueStatus.OK, ValueStatus.ESTIMATED):
        return 0.0
    return float(cell.value)


ABBREVIATIONS = (
    ("Communauté d'agglomération", "CA"),
    ("Communauté de communes", "CC"),
    ("Communauté urbaine", "CU"),
    ("Métropole", "Métr."),
)


def _short(name: str, limit: int = 30) -> str:
    """ "Communauté de communes du Plateau" → "CC du Plateau" (labels must fit beside the bars)."""
    for long, short in ABBREVIATIONS:
        if name.startswith(long):
            name = short + name[len(long) :]
    return name if len(name) <= limit else name[: limit - 1] + "…"
