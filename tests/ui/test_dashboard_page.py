"""« Tableau de bord » on the demo: key figures formatted in French and the charts drawn."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.services.dashboard import dashboard_figures
from app.ui.pages.dashboard_page import DashboardPage
from app.ui.tasks import TaskRunner
from app.ui.widgets.charts import ChartImage, funding_chart, indicator_chart, status_chart


def test_key_figures_and_charts(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = DashboardPage(runner)
    qtbot.addWidget(page)

    page.refresh()

    assert page.figures is not None and page.figures.projects_total >= 25
    assert page.cards["projects"].value.text() == str(page.figures.projects_total)
    assert page.cards["funding"].value.text().endswith("\u00a0€")
    assert page.cards["coverage"].value.text().endswith("\u00a0%")
    for key in ("funding", "status", "indicator"):  # rendered in the worker, shown as images
        body = page.panels[key].body
        assert isinstance(body, ChartImage) and body.sizeHint().width() > 300 and not body.pixmap().isNull()


def test_lists_say_something_even_when_empty(qtbot: QtBot, runner: TaskRunner, bound_db: Path) -> None:
    page = DashboardPage(runner)
    qtbot.addWidget(page)

    page.refresh()

    assert page.cards["projects"].value.text() == "0"
    assert "Aucune séance programmée" in page.panels["meetings"].body.text()
    assert page.cards["coverage"].note.text() == "aucun besoin prioritaire au diagnostic"
    uncovered = page.panels["uncovered"].body.text()
    assert "Aucun besoin prioritaire au diagnostic pour l&#x27;instant" in uncovered


def test_an_empty_base_draws_each_chart_as_its_sentence_alone(session: Session) -> None:
    """No axes, ticks or « −0,04 » graduations around « Aucun projet » on a new empty base."""
    figures = dashboard_figures(session)
    for figure, sentence in ((funding_chart(figures), "Aucun financement saisi"),
                             (status_chart(figures), "Aucun projet"),
                             (indicator_chart(figures.indicator), "Aucun indicateur par EPCI")):
        axes = figure.axes[0]
        assert not axes.axison and [t.get_text() for t in axes.texts] == [sentence]
