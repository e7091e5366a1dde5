"""Automatic rounds owned by the window, the status-bar indicator, history and conflict badges in detail
panes (issue 3): real databases, a real folder as the share, the synchronous runner."""

from __future__ import annotations

import random
import shutil
import socket
import uuid
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QElapsedTimer, QTimer

from app import db
from app.db import job
from app.domain import progress
from app.services.pool import list_members
from app.sync import segment
from app.sync.service import save_setup
from app.sync.sim_world import SimReplica, World
from app.ui.pages.pool_page import PoolPage
from app.ui.pages.sync_page import SyncPage
from app.ui.sync_controller import ROUND_EVERY_MS, SyncController
from app.ui.tasks import TaskRunner
from app.ui.widgets import sync_indicator
from app.ui.widgets.sync_indicator import SyncIndicator

MEMBER = "0" * 31 + "3"


def _controller(qtbot: QtBot, runner: TaskRunner, world: World, replica: SimReplica
                ) -> tuple[SyncController, SyncIndicator]:
    db.init_engine(replica.path)
    save_setup(replica.path, world.share_dir, world.passphrase)
    controller = SyncController(runner, replica.path)
    indicator = SyncIndicator(controller)
    qtbot.addWidget(indicator)
    return controller, indicator


@pytest.fixture
def world(template_db: Path, tmp_path: Path) -> World:
    return World(tmp_path, template_db, rng=random.Random(3))


def test_a_round_runs_in_the_runner_and_the_indicator_says_up_to_date(
    qtbot: QtBot, runner: TaskRunner, world: World
) -> None:
    a = world.add_replica()
    world.edit(a, 3)
    controller, indicator = _controller(qtbot, runner, world, a)
    assert indicator.text() == "Synchronisation prévue"
    with qtbot.waitSignal(controller.round_finished):
        assert controller.sync_now()
    assert indicator.text().startswith("À jour (")
    assert controller.timer.isActive() and controller.timer.interval() == ROUND_EVERY_MS
    assert list((world.share_dir / "maillage-sync" / "replicas").glob("*/seg/*.chg"))
    db.dispose()


def test_an_unreachable_share_shows_offline_backs_off_and_the_app_stays_usable(
    qtbot: QtBot, runner: TaskRunner, world: World
) -> None:
    a = world.add_replica()
    controller, indicator = _controller(qtbot, runner, world, a)
    shutil.rmtree(world.share_dir)  # the network drive is gone
    with qtbot.waitSignal(controller.round_failed):
        controller.sync_now()
    assert indicator.text() == "Hors ligne"
    assert "inaccessible" in indicator.button.toolTip()
    first = controller.timer.interval()
    controller.sync_now()
    assert controller.timer.interval() == 2 * first  # backoff
    rows: list[object] = []
    runner.submit(job(list_members), owner=indicator, on_success=rows.append)  # the DB still answers
    assert rows == [[]]
    db.dispose()


def test_no_share_configured_says_so_and_the_indicator_asks_for_the_page(
    qtbot: QtBot, runner: TaskRunner, world: World
) -> None:
    a = world.add_replica()
    db.init_engine(a.path)
    controller = SyncController(runner, a.path)
    indicator = SyncIndicator(controller)
    qtbot.addWidget(indicator)
    controller.sync_now()
    assert indicator.text() == "Non configurée" and not controller.timer.isActive()
    with qtbot.waitSignal(indicator.open_requested):
        indicator.button.click()
    db.dispose()


def _conflicting_edits(world: World) -> tuple[SimReplica, SimReplica]:
    a, b = world.add_replica(), world.add_replica()
    world.write(a, ("INSERT INTO pool_member(id, first_name, last_name) VALUES (?, 'Anne', 'Martin')",
                    (MEMBER,)))
    world.settle(1)
    world.write(a, ("UPDATE pool_member SET last_name = 'Martin-Durand'", ()))
    world.write(b, ("UPDATE pool_member SET last_name = 'Martins'", ()))
    world.sync(a)
    return a, b


def test_a_conflict_is_counted_and_badged_in_the_detail_with_its_history(
    qtbot: QtBot, runner: TaskRunner, world: World, tmp_path: Path
) -> None:
    _a, b = _conflicting_edits(world)
    controller, indicator = _controller(qtbot, runner, world, b)
    with qtbot.waitSignal(controller.conflicts_changed) as changed:
        controller.sync_now()
    assert changed.args == [1]
    assert indicator.text() == "1 conflit"

    page = PoolPage(runner)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.refresh()
    page.table.selectRow(0)
    assert page.history is not None
    badge = page.history.badge
    assert not badge.isHidden() and badge.text() == "⚠ Nom en conflit"
    assert "Martin-Durand" in badge.toolTip() and "Martins" in badge.toolTip()
    assert "à arbitrer dans Synchronisation" in badge.toolTip()
    rows = [page.history.model.row_at(i) for i in range(page.history.model.rowCount())]
    edits = [r for r in rows if r.column == "last_name" and r.after in ("Martin-Durand", "Martins")]
    assert {r.author for r in edits} == {"Agent poste1", "Agent poste2"}
    cell = page.history.model.data
    who = {cell(page.history.model.index(rows.index(r), 1)) for r in edits}
    host = socket.gethostname().split(".")[0]
    assert who == {f"Agent poste1 ({host})", "Agent poste2 · ce poste"}  # a: its user (computer)
    assert cell(page.history.model.index(rows.index(edits[0]), 2)) == "Nom"
    change = cell(page.history.model.index(rows.index(edits[0]), 3))
    assert change.endswith(f" → {edits[0].after}")
    page.history.toggle.setChecked(True)
    page.grab().save(str(tmp_path / "pool_conflict.png"))
    db.dispose()


def test_a_refused_round_is_told_apart_from_an_absent_share(
    qtbot: QtBot, runner: TaskRunner, world: World
) -> None:
    from app.config import config_dir

    a = world.add_replica()
    controller, indicator = _controller(qtbot, runner, world, a)
    (config_dir() / "sync-passphrase").write_text("une autre phrase", encoding="utf-8")
    controller.sync_now()
    assert indicator.text() == "Échec de synchronisation" and not controller.offline
    assert "phrase" in indicator.button.toolTip().lower()
    db.dispose()


def test_with_a_real_worker_thread_the_round_reports_its_steps(
    qtbot: QtBot, world: World
) -> None:
    a, b = world.add_replica(), world.add_replica()
    world.edit(a, 2)
    world.sync(a)
    runner = TaskRunner()  # a real QThreadPool: the round runs off the GUI thread
    controller, indicator = _controller(qtbot, runner, world, b)
    steps: list[tuple[int, int]] = []
    controller.round_progressed.connect(lambda done, total, _m: steps.append((done, total)))
    with qtbot.waitSignal(controller.round_finished, timeout=30_000):
        controller.sync_now()
        assert controller.running and controller.sync_now() is False  # never two rounds at once
    assert (1, 3) in steps and (3, 3) in steps
    assert steps[-1] == (0, 0)  # then the share's first snapshot, for the workstations to come
    assert list((world.share_dir / "maillage-sync" / "snapshots").glob("*.snap"))
    assert indicator.text().startswith("À jour (") and indicator.progress.isHidden()
    qtbot.waitUntil(runner.is_idle)
    db.dispose()


def test_a_transaction_in_parts_moves_the_indicator_and_the_page_while_the_round_runs(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segment, "MAX_BYTES", 2000)  # about ten parts (4 MB each in the app)
    monkeypatch.setattr(progress, "REPORT_EVERY_S", 0.0)  # every step told: the test round is quick
    monkeypatch.setattr(sync_indicator, "STEPS_AFTER_MS", 0)
    a, b = world.add_replica(), world.add_replica()
    sql = "INSERT INTO organisation(id, name, address) VALUES (?, ?, ?)"
    world.write(a, *[(sql, (uuid.uuid4().hex, f"Org {i}", "1 rue " * 5)) for i in range(60)])
    world.sync(a)
    runner = TaskRunner()  # a real worker thread: the GUI thread only gets the signals
    controller, indicator = _controller(qtbot, runner, world, b)
    page = SyncPage(runner)
    qtbot.addWidget(page)
    page.attach_controller(controller)
    seen: list[tuple[bool, str, int, int, str, str]] = []
    controller.round_progressed.connect(lambda *_step: seen.append((
        controller.running, indicator.text(), indicator.progress.value(), indicator.progress.maximum(),
        page.progress_bar.text(), indicator.button.toolTip())))  # connected last: the step is shown
    ticks = QElapsedTimer()
    beats: list[int] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: beats.append(ticks.elapsed()))
    ticks.start()
    timer.start()
    with qtbot.waitSignal(controller.round_finished, timeout=60_000):
        controller.sync_now()
    timer.stop()

    applied = [s for s in seen if s[1].startswith(("Application :", "Enregistrement"))]
    assert len(applied) > 2 and all(running for running, *_rest in seen)  # shown while the round ran
    assert applied[-1][5] == "Enregistrement : 60 modifications — 100\u00a0%"  # one row image each
    assert applied[-1][1] == applied[-1][5]  # short enough for the status bar: not elided
    assert applied[-1][2] == applied[-1][3] == 60
    assert [s[2] for s in applied] == sorted(s[2] for s in applied)
    assert any(s[1].startswith("Réception : partie 1 sur ") and s[1].endswith("— 0\u00a0%") for s in seen)
    assert applied[-1][4] == applied[-1][5]  # the page's bar shows the same step and percentage
    assert len(beats) >= 2  # the GUI thread kept its timers running during the round
    assert indicator.text().startswith("À jour (") and indicator.progress.isHidden()
    qtbot.waitUntil(runner.is_idle)
    db.dispose()


def test_points_to_check_show_in_the_indicator_until_fixed(
    qtbot: QtBot, runner: TaskRunner, world: World
) -> None:
    a, b = world.add_replica(), world.add_replica()
    world.write(a, ("INSERT INTO project(id, code, title) VALUES (?, 'FA-1', 'Jardin')", ("0" * 31 + "1",)),
                ("INSERT INTO pool_member(id, last_name) VALUES (?, 'Martins')", ("0" * 31 + "2",)),
                ("INSERT INTO pool_member(id, last_name) VALUES (?, 'Rouchon')", ("0" * 31 + "3",)))
    world.settle(1)
    pilot = "INSERT INTO assignment(id, member_id, project_id, role) VALUES (?, ?, ?, 'pilot')"
    world.write(a, (pilot, ("a" * 32, "0" * 31 + "2", "0" * 31 + "1")))
    world.write(b, (pilot, ("b" * 32, "0" * 31 + "3", "0" * 31 + "1")))
    world.sync(a)
    controller, indicator = _controller(qtbot, runner, world, b)
    with qtbot.waitSignal(controller.round_finished):
        controller.sync_now()
    assert indicator.text() == "1 point à vérifier" and "deux pilotes" in indicator.button.toolTip()

    world.write(b, ("UPDATE assignment SET role = 'contributor' WHERE id = ?", ("b" * 32,)))
    with qtbot.waitSignal(controller.round_finished):
        controller.sync_now()
    assert indicator.text().startswith("À jour (")
    db.dispose()
