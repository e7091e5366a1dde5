"""« Évaluation »: evaluations with distributions per criterion, grids with scales, search, models."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import db
from app.ui.pages.evaluation_page import EvaluationPage
from app.ui.tasks import TaskRunner
from tests.seed_instances import seed_evaluation


@pytest.fixture
def page(qtbot: QtBot, runner: TaskRunner, bound_db: Path) -> EvaluationPage:
    with db.unit_of_work() as session:
        seed_evaluation(session)
    page = EvaluationPage(runner)
    qtbot.addWidget(page)
    page.refresh()
    return page


def test_evaluations_show_progress_and_ne(page: EvaluationPage) -> None:
    evaluations = page.evaluations
    assert evaluations.proxy.rowCount() == 1
    texts = [evaluations.model.index(0, column).data() for column in range(evaluations.model.columnCount())]
    assert "2 / 3 critères (67\u00a0%)" in texts and "REF-PROJ v2" in texts


def test_selecting_an_evaluation_shows_distributions_not_a_mean(page: EvaluationPage) -> None:
    page.evaluations.table.selectRow(0)

    text = page.evaluations.detail.toPlainText()
    assert "Répartition de toutes les appréciations" in text
    assert "Justification des appréciations consolidées" in text
    assert "1. Pertinence – 3 – Satisfaisant : Deux avis concordants." in text
    assert "Étendre aux zones rurales." in text and "Suite donnée : Étude lancée." in text
    assert "moyenne" not in text.lower()


def test_grids_tab_shows_criteria_and_scale(page: EvaluationPage) -> None:
    page.grids.table.selectRow(0)
    text = page.grids.detail.toPlainText()
    assert "Référentiel projet (REF-PROJ v2)" in text
    assert "1 – Insuffisant" in text and "Niveau 4" in text


def test_search_filters(page: EvaluationPage, qtbot: QtBot) -> None:
    page.evaluations.search.setText("mobilite")  # accents ignored
    qtbot.waitUntil(lambda: page.evaluations.proxy.rowCount() == 1)
    page.evaluations.search.setText("logement")
    qtbot.waitUntil(lambda: page.evaluations.proxy.rowCount() == 0)


def test_models_pass_the_model_tester(page: EvaluationPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    for tab in (page.evaluations, page.grids):
        qtmodeltester.check(tab.model)
        qtmodeltester.check(tab.proxy)


def test_opens_on_the_demo(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = EvaluationPage(runner)
    qtbot.addWidget(page)
    page.refresh()

    assert page.evaluations.proxy.rowCount() > 0 and page.grids.proxy.rowCount() >= 2
    page.evaluations.table.selectRow(0)
    assert "Appréciations par critère" in page.evaluations.detail.toPlainText()
