"""« Tableau de bord »: key figures and charts of the whole GIP, computed in one worker call."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.db import job
from app.domain.dashboard import DashboardFigures
from app.domain.progress import Progress
from app.formatting import date_time, euros, number, percent, plural, short_date
from app.services.dashboard import dashboard_figures
from app.ui.tasks import TaskRunner
from app.ui.widgets.cards import CARD_STYLE, KeyFigureCard, Panel, rich_label
from app.ui.widgets.page_header import PageHeader


def _load_figures(progress: Progress) -> DashboardFigures:
    """The key figures first: matplotlib loads afterwards, in the chart job (_render_charts)."""
    return job(dashboard_figures)(progress)


SHOWN = 5  # entries per dashboard list; the pages hold the rest


def _render_charts(figures: DashboardFigures, progress: Progress) -> dict[str, bytes]:
    from app.ui.widgets.charts import render_charts

    return render_charts(figures)


def _list_html(items: list[str], empty: str) -> str:
    if not items:
        return f"<p style='color:#777'><i>{escape(empty)}</i></p>"
    return "".join(items)


def _item(head: str, body: str, note: str, *, alert: bool = False) -> str:
    """One entry of a dashboard list: a bold head, a line of text, a grey note."""
    colour = "#b3261e" if alert else "#1f3b57"
    return (
        f"<p style='margin:0 0 6px 0'><b style='color:{colour}'>{escape(head)}</b><br>{escape(body)}"
        f"<br><span style='color:#666'>{escape(note)}</span></p>"
    )


class DashboardPage(QWidget):
    """Cards on top, three charts, then the lists that call for action."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.figures: DashboardFigures | None = None
        self.setStyleSheet(CARD_STYLE)
        self.header = PageHeader(
            self.tr("Tableau de bord"),
            self.tr(
                "L'état du GIP en un coup d'œil : projets, financements de l'année, couverture des "
                "besoins du diagnostic, charge du pool et vie des instances."
            ),
            self,
        )
        self.cards = {
            "projects": KeyFigureCard(self.tr("Projets"), self),
            "funding": KeyFigureCard(self.tr("Financements de l'année"), self),
            "coverage": KeyFigureCard(self.tr("Couverture des besoins"), self),
            "pool": KeyFigureCard(self.tr("Charge du pool ce mois-ci"), self),
        }
        self.panels = {
            "funding": Panel(self.tr("Financements par financeur et par année"), self),
            "status": Panel(self.tr("Projets par statut"), self),
            "indicator": Panel(self.tr("Indicateur par EPCI"), self),
            "meetings": Panel(self.tr("Prochaines séances"), self),
            "decisions": Panel(self.tr("Dernières décisions"), self),
            "overloaded": Panel(self.tr("Agents surchargés"), self),
            "uncovered": Panel(self.tr("Besoins sans projet actif"), self),
        }
        for panel in self.panels.values():
            panel.set_body(QLabel(self.tr("Chargement…"), panel))
        self._build_layout()

    def _build_layout(self) -> None:
        content = QWidget(self)
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)
        grid = QGridLayout()
        grid.setSpacing(10)
        positions = {
            "funding": (0, 0),
            "status": (0, 1),
            "indicator": (0, 2),
            "meetings": (1, 0),
            "decisions": (1, 1),
            "overloaded": (1, 2),
            "uncovered": (2, 0, 1, 3),
        }
        for key, position in positions.items():
            grid.addWidget(self.panels[key], *position)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(16, 12, 16, 12)
        inner.addWidget(self.header)
        inner.addLayout(cards)
        inner.addLayout(grid)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    @Slot()
    def refresh(self) -> None:
        self._runner.submit(_load_figures, owner=self, on_success=self._on_figures_loaded)

    def _on_figures_loaded(self, figures: DashboardFigures) -> None:
        self.figures = figures
        self._fill_cards(figures)
        self._fill_charts(figures)
        self._fill_lists(figures)

    def _fill_cards(self, f: DashboardFigures) -> None:
        self.cards["projects"].set_figure(
            number(f.projects_total),
            self.tr("dont %1 validés, conventionnés ou en cours").replace("%1", number(f.projects_active)),
        )
        self.cards["funding"].set_figure(
            euros(f.funding_year_cents), self.tr("exercice %1, tous financeurs").replace("%1", str(f.year))
        )
        self.cards["coverage"].set_figure(
            percent(f.coverage, decimals=0),
            self.tr("%1 sur %2 ont un projet actif").replace("%1", number(f.needs_covered))
            .replace("%2", plural(f.needs_total, "besoin")) if f.needs_total
            else self.tr("aucun besoin prioritaire au diagnostic"),
            alert=bool(f.uncovered_needs),
        )
        self.cards["pool"].set_figure(
            percent(f.pool_load, decimals=0),
            self.tr("%1 ETP affectés pour %2 ETP disponibles · %3 agents surchargés dans l'année")
            .replace("%1", number(f.pool_assigned, decimals=1))
            .replace("%2", number(f.pool_capacity, decimals=1))
            .replace("%3", number(len(f.overloaded))),
            alert=bool(f.overloaded),
        )

    def _fill_charts(self, f: DashboardFigures) -> None:
        """Charts are drawn in the worker (matplotlib is slow); the figures above show meanwhile."""
        self._runner.submit(partial(_render_charts, f), owner=self, on_success=self._on_charts_rendered)
        if f.indicator is not None:
            self.panels["indicator"].title.setText(f"{f.indicator.label} par EPCI ({f.indicator.period})")

    def _on_charts_rendered(self, pngs: dict[str, bytes]) -> None:
        from app.ui.widgets.charts import ChartImage

        for key, png in pngs.items():
            self.panels[key].set_body(ChartImage(png, self.panels[key]))

    def _fill_lists(self, f: DashboardFigures) -> None:
        meetings = [
            _item(f"{date_time(m.starts_at)}", f"{m.body} n° {m.number}", f"{m.place} · {m.status.label}")
            for m in f.next_meetings
        ]
        decisions = [
            _item(f"{d.number} · {short_date(d.day)}", d.title, d.status.label) for d in f.last_decisions
        ]
        overloaded = [
            _item(
                o.name,
                f"jusqu'à {number(o.peak_fte, decimals=2)} ETP dans l'année",
                f"quotité {percent(o.working_time, decimals=0)}",
                alert=True,
            )
            for o in f.overloaded[:SHOWN]
        ]
        if len(f.overloaded) > SHOWN:
            more = len(f.overloaded) - SHOWN
            overloaded.append(f"<p style='color:#555'>… et {number(more)} autres : voir la page Pool.</p>")
        uncovered = [f"<p style='margin:2px 0'>{escape(need)}</p>" for need in f.uncovered_needs[: SHOWN * 2]]
        self._set_list(
            "meetings",
            _list_html(meetings, "Aucune séance programmée. Préparez la prochaine dans la page Instances."),
        )
        self._set_list("decisions", _list_html(decisions, "Aucune décision adoptée pour le moment."))
        self._set_list(
            "overloaded", _list_html(overloaded, "Aucun agent n'est affecté au-delà de sa quotité.")
        )
        covered = ("Chaque besoin du diagnostic a au moins un projet actif." if f.needs_total else
                   "Aucun besoin prioritaire au diagnostic pour l'instant : ils apparaissent ici une fois "
                   "le diagnostic validé.")
        self._set_list("uncovered", _list_html(uncovered, covered))

    def _set_list(self, key: str, html: str) -> None:
        self.panels[key].set_body(rich_label(html, self.panels[key]))
