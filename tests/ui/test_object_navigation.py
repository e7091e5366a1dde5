"""« Afficher l'objet » on the Synchronisation page: the object of a point to check or of a conflict is
shown in its page, row selected (a funding line: its fiche action); an object no page lists says so in
the status bar."""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import db
from app.sync.sim_world import World
from app.ui.dialogs.arbitrate_dialog import ArbitrateDialog
from app.ui.main_window import MainWindow
from app.ui.pages.governance_page import GovernancePage
from app.ui.pages.portfolio_page import PortfolioPage
from app.ui.pages.sync_page import SyncPage
from app.ui.tasks import TaskRunner

PROJ, ANNE, BRUNO, ORG, LINE = ("0" * 31 + str(i) for i in range(1, 6))
BODY = "0" * 31 + "6"


@pytest.fixture
def window(qtbot: QtBot, runner: TaskRunner, template_db: Path, tmp_path: Path) -> Iterator[MainWindow]:
    """Workstation a after two offline sessions: two pilots named, the same amount, organisation name
    and quorum rule changed on both."""
    world = World(tmp_path, template_db, rng=random.Random(9))
    a, b = world.add_replica(), world.add_replica()
    member = "INSERT INTO pool_member(id, first_name, last_name) VALUES (?, ?, ?)"
    world.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'CAF')", (ORG,)),
                ("INSERT INTO project(id, code, title) VALUES (?, 'FA-1', 'Jardin partagé')", (PROJ,)),
                ("INSERT INTO funding_line(id, project_id, funder_id, amount_cents) VALUES (?, ?, ?, 100)",
                 (LINE, PROJ, ORG)),
                ("INSERT INTO body(id, code, name, max_proxies) VALUES (?, 'CA', 'Conseil', 2)", (BODY,)),
                (member, (ANNE, "Anne", "Martins")), (member, (BRUNO, "Bruno", "Rouchon")))
    world.settle(1)
    pilot = "INSERT INTO assignment(id, member_id, project_id, role) VALUES (?, ?, ?, 'pilot')"
    for replica, person, n in ((a, ANNE, 1), (b, BRUNO, 2)):
        world.write(replica, (pilot, (str(n) * 32, person, PROJ)),
                    ("UPDATE funding_line SET amount_cents = ?", (200 * n,)),
                    ("UPDATE organisation SET name = ?", (f"CAF {n}",)),
                    ("UPDATE body SET max_proxies = ?", (2 + n,)))
    world.settle(2)
    shown = MainWindow(a.path, runner=runner, ask_profile=False)
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    shown.start()
    yield shown
    db.dispose()


def _sync_page(window: MainWindow) -> SyncPage:
    window.show_page("sync")
    page = window.page("sync")
    assert isinstance(page, SyncPage)
    page.refresh()
    return page


def _conflict_row(page: SyncPage, table: str) -> int:
    model = page.sections.conflicts_model
    return next(r for r in range(model.rowCount()) if model.row_at(r).table == table)


def test_a_point_to_check_shows_its_fiche_action(window: MainWindow) -> None:
    page = _sync_page(window)
    page.sections.setCurrentIndex(1)
    assert not page.sections.show_review_button.isEnabled()
    page.sections.review_table.selectRow(0)
    page.sections.show_review_button.click()

    assert window.stack.currentWidget() is window.containers["portfolio"]
    portfolio = window.page("portfolio")
    assert isinstance(portfolio, PortfolioPage)
    assert portfolio.selected_row().id == uuid.UUID(PROJ)


def test_a_conflict_on_a_part_shows_its_object_and_a_filtered_out_row_is_shown_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show_page("portfolio")
    portfolio = window.page("portfolio")
    assert isinstance(portfolio, PortfolioPage)
    portfolio.search.setText("introuvable")  # the user's search hides the fiche
    qtbot.waitUntil(lambda: portfolio.proxy.rowCount() == 0)
    page = _sync_page(window)
    page.sections.conflicts_table.selectRow(_conflict_row(page, "funding_line"))
    page.sections.show_conflict_button.click()

    assert window.stack.currentWidget() is window.containers["portfolio"]
    assert portfolio.search.text() == "" and portfolio.selected_row().id == uuid.UUID(PROJ)
    assert portfolio.history is not None  # the fiche's badge names its part's conflict
    badge = portfolio.history.badge
    assert badge.text() == "⚠ Financement : Montant en conflit" and not badge.isHidden()
    assert badge.toolTip().startswith("Financement « CAF ") and "à arbitrer" in badge.toolTip()


def test_a_conflict_on_an_organe_or_an_organisation_opens_its_tab_and_one_without_a_page_says_so(
        window: MainWindow) -> None:
    page = _sync_page(window)
    table = page.sections.conflicts_table
    table.selectRow(_conflict_row(page, "body"))
    table.activated.emit(table.currentIndex())  # Entrée or a double-click

    governance = window.page("governance")
    assert isinstance(governance, GovernancePage)
    assert window.stack.currentWidget() is window.containers["governance"]
    assert governance.tabs.currentWidget().isAncestorOf(governance.bodies)
    assert governance.bodies.selected_row().id == uuid.UUID(BODY)

    page = _sync_page(window)
    page.sections.conflicts_table.selectRow(_conflict_row(page, "organisation"))
    page.sections.show_conflict_button.click()  # its name changed on both: the Organisations tab
    assert window.stack.currentWidget() is window.containers["governance"]
    assert governance.tabs.currentWidget().isAncestorOf(governance.organisations)
    assert governance.organisations.selected_row().id == uuid.UUID(ORG)

    window.navigator.reveal("setting", "gip.name")  # the GIP's identity: a form, no page lists it
    told = "Paramètre : aucune page n'affiche cet objet pour l'instant."
    assert window.statusBar().currentMessage() == told


def test_an_object_received_since_the_list_was_read_is_shown(
    qtbot: QtBot, runner: TaskRunner, demo_db: Path
) -> None:
    """The list was read before a round brought the object: revealing it reloads the list."""
    import sqlite3

    portfolio = PortfolioPage(runner)
    qtbot.addWidget(portfolio)
    portfolio.refresh()
    received = "f" * 32
    with sqlite3.connect(demo_db) as conn:
        conn.execute("UPDATE sync_control SET applying = 1")
        conn.execute("INSERT INTO project(id, code, title) VALUES (?, 'FA-9.9.9-01', 'Reçue')", (received,))
        conn.execute("UPDATE sync_control SET applying = 0")
    conn.close()
    assert portfolio.model.row_of(uuid.UUID(received)) < 0

    assert portfolio.reveal("project", uuid.UUID(received))
    assert portfolio.selected_row().id == uuid.UUID(received)


def test_a_detail_pane_badge_arbitrates_its_objects_conflicts(window: MainWindow, qtbot: QtBot) -> None:
    """The fiche's badge (its funding line's amount) opens « Arbitrer les conflits » with that conflict
    alone; the value kept is saved, the badge goes, and the Synchronisation page no longer lists it."""
    page = _sync_page(window)
    page.sections.conflicts_table.selectRow(_conflict_row(page, "funding_line"))
    page.sections.show_conflict_button.click()
    portfolio = window.page("portfolio")
    assert isinstance(portfolio, PortfolioPage) and portfolio.history is not None
    badge = portfolio.history.badge
    qtbot.waitUntil(lambda: not badge.isHidden() and "Chargement" not in portfolio.count_label.text())
    assert badge.toolTip().endswith("Cliquez pour les arbitrer ici.")
    badge.click()
    dialog = window.findChild(ArbitrateDialog)
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Arbitrer les conflits"
    assert [(c.table, c.column) for c in dialog.conflicts] == [("funding_line", "amount_cents")]
    shown = portfolio.selected_row().total_cents
    combo = dialog.list.value_combo
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) != shown))
    kept = combo.currentData()  # the value not shown until now
    dialog.list.keep_button.click()
    qtbot.waitUntil(lambda: badge.isHidden())
    assert not dialog.isVisible()  # nothing left: it closed itself
    qtbot.waitUntil(lambda: portfolio.selected_row().total_cents == kept)  # the list shows it too
    with sqlite3.connect(db.db_path()) as conn:
        assert conn.execute("SELECT amount_cents FROM funding_line").fetchone()[0] == kept
        left = conn.execute("SELECT count(*) FROM sync_conflict WHERE tbl = 'funding_line'").fetchone()
    assert left == (0,)
    page.refresh()
    assert "funding_line" not in {page.sections.conflicts_model.row_at(r).table
                                  for r in range(page.sections.conflicts_model.rowCount())}
