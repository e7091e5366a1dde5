"""« Instances »: séances, décisions and organes lists with their detail, search and models."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import db
from app.ui.pages.governance_page import GovernancePage
from app.ui.pages.pool_page import PoolPage
from app.ui.tasks import TaskRunner
from tests.seed_instances import seed_governance


@pytest.fixture
def page(qtbot: QtBot, runner: TaskRunner, bound_db: Path) -> GovernancePage:
    with db.unit_of_work() as session:
        seed_governance(session)
    page = GovernancePage(runner)
    qtbot.addWidget(page)
    page.refresh()
    return page


def test_meetings_show_rows_and_detail(page: GovernancePage) -> None:
    meetings = page.meetings
    assert meetings.proxy.rowCount() == 1
    assert meetings.model.index(0, 1).data() == "Séance n°\u00a03"
    assert meetings.model.index(0, 2).data() == "jeudi 12 mars 2026 à 14 h"

    meetings.table.selectRow(0)

    html = meetings.detail.toPlainText()
    assert "Conseil d'administration – Séance n° 3" in html
    assert "Le quorum, fixé aux deux tiers des droits statutaires, est atteint." in html
    assert "pour 2 (70,0 %)" in html and "2026-CA-004" in html
    assert "Mme Invitée" in html


def test_search_filters_meetings(page: GovernancePage, qtbot: QtBot) -> None:
    page.meetings.search.setText("copil")
    qtbot.waitUntil(lambda: page.meetings.proxy.rowCount() == 0)
    page.meetings.search.setText("tulle")
    qtbot.waitUntil(lambda: page.meetings.proxy.rowCount() == 1)


def test_decisions_tab_shows_text_and_vote(page: GovernancePage) -> None:
    decisions = page.decisions
    assert decisions.proxy.rowCount() == 1
    decisions.table.selectRow(0)
    text = decisions.detail.toPlainText()
    assert "2026-CA-004 – Adoption du budget primitif 2026" in text
    assert "Vu la loi n° 2011-525" in text and "Article 1." in text


def test_bodies_tab_shows_rules_and_seats(page: GovernancePage) -> None:
    bodies = page.bodies
    bodies.table.selectRow(0)
    text = bodies.detail.toPlainText()
    assert "Les deux tiers des droits statutaires (66,7 %)" in text
    assert "Majorité des deux tiers" in text and "Titulaire Département" in text


def test_models_pass_the_model_tester(page: GovernancePage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    for tab in (page.meetings, page.decisions, page.bodies):
        qtmodeltester.check(tab.model)
        qtmodeltester.check(tab.proxy)


def test_empty_database_shows_hints(qtbot: QtBot, runner: TaskRunner, bound_db: Path) -> None:
    page = GovernancePage(runner)
    qtbot.addWidget(page)
    page.refresh()
    assert page.meetings.table_stack.currentWidget() is page.meetings.empty_label
    assert "Aucune séance enregistrée" in page.meetings.empty_label.text()
    for tab in (page.meetings, page.decisions, page.bodies):  # no detail nor « Historique (0) » beside it
        assert tab.detail_side.isHidden()
    pool = PoolPage(runner)  # a page of its own, the same
    qtbot.addWidget(pool)
    pool.refresh()
    assert pool.table_stack.currentWidget() is pool.empty_label and pool.detail_side.isHidden()


def test_status_filter_keeps_matching_meetings(page: GovernancePage) -> None:
    combo = page.meetings.filter_combos[1]
    combo.setCurrentIndex(combo.findText("Tenue"))
    assert page.meetings.proxy.rowCount() == 1
    assert combo.findText("En préparation") == -1  # only the statuses present are offered


def test_opens_on_the_demo(qtbot: QtBot, runner: TaskRunner, demo_db: Path) -> None:
    page = GovernancePage(runner)
    qtbot.addWidget(page)
    page.refresh()

    assert page.meetings.proxy.rowCount() > 0
    assert page.decisions.proxy.rowCount() > 0 and page.bodies.proxy.rowCount() >= 2
    page.meetings.table.selectRow(0)
    assert "Ordre du jour et votes" in page.meetings.detail.toPlainText()
    page.decisions.table.selectRow(0)
    assert "Articles" in page.decisions.detail.toPlainText()
