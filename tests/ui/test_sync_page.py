"""Two workstations edit the same project field offline; after sync both pages show the conflict;
resolving it on one clears it on both (issue 3)."""

from __future__ import annotations

import random
import shutil
from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from app import db
from app.domain.sync import SyncStatus
from app.sync.service import local_status
from app.sync.sim_world import World, checkpoint
from app.ui.pages.sync_page import SyncPage
from app.ui.tasks import TaskRunner
from app.ui.widgets.sync_format import when
from app.ui.widgets.sync_sections import SyncSections
from tests.disk import fill

PROJ, ORG = "0" * 31 + "2", "0" * 31 + "1"


def _page(qtbot: QtBot, runner: TaskRunner, path: Path) -> SyncPage:
    db.init_engine(path)
    page = SyncPage(runner)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.refresh()
    return page


def test_conflict_shown_on_both_and_resolved_from_one(qtbot: QtBot, runner: TaskRunner, template_db: Path,
                                                      tmp_path: Path) -> None:
    world = World(tmp_path, template_db, rng=random.Random(1))
    a, b = world.add_replica(), world.add_replica()
    world.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'CCAS')", (ORG,)),
                ("INSERT INTO project(id, title, carrier_id) VALUES (?, 'Jardin', ?)", (PROJ, ORG)))
    world.settle(1)
    world.write(a, ("UPDATE project SET title = 'Jardin solidaire'", ()))
    world.write(b, ("UPDATE project SET title = 'Jardin partagé'", ()))
    world.settle(2)

    page_b = _page(qtbot, runner, b.path)
    assert page_b.sections.conflicts_model.rowCount() == 1
    tabs = [page_b.sections.tabText(i) for i in range(3)]
    assert tabs == ["Conflits à arbitrer (1)", "Points à vérifier", "Quarantaine"]
    page_b.grab().save(str(tmp_path / "sync_b_conflict.png"))
    db.dispose()

    page_a = _page(qtbot, runner, a.path)
    assert page_a.sections.conflicts_model.rowCount() == 1
    conflicts = page_a.sections.conflicts_model
    assert "Jardin solidaire" in conflicts.data(conflicts.index(0, 2))
    page_a.sections.conflicts_table.selectRow(0)
    assert page_a.sections.value_combo.count() == 2 and page_a.sections.keep_button.isEnabled()
    assert page_a.sections.merge_button.isEnabled()  # a title is free text: a merged value may be typed
    page_a.sections.merged_edit.setText("Jardin partagé et solidaire")
    page_a.sections.merge_button.click()
    assert page_a.sections.conflicts_model.rowCount() == 0
    page_a.share_edit.setText(str(world.share_dir))
    page_a.passphrase_edit.setText(world.passphrase)
    page_a.join_button.click()  # saves the set-up, then one round (synchronous pool)
    assert "réussie" in page_a.last_round_label.text()
    assert page_a.peers_model.rowCount() == 1
    page_a.grab().save(str(tmp_path / "sync_a_resolved.png"))
    db.dispose()

    world.sync(b)
    page_b = _page(qtbot, runner, b.path)
    assert page_b.sections.conflicts_model.rowCount() == 0
    assert world.query(b, "SELECT title FROM project") == [("Jardin partagé et solidaire",)]
    db.dispose()


def test_quarantine_is_listed_with_its_reason_and_can_be_retried(qtbot: QtBot, runner: TaskRunner,
                                                                  template_db: Path, tmp_path: Path) -> None:
    world = World(tmp_path, template_db, rng=random.Random(2))
    a, b = world.add_replica(), world.add_replica()
    world.edit(a, 2)
    world.sync(a)
    segment = next((world.share_dir / "maillage-sync" / "replicas").glob("*/seg/*.chg"))
    segment.write_bytes(segment.read_bytes()[:-10])  # truncated on the share
    world.sync(b)
    page = _page(qtbot, runner, b.path)
    assert page.sections.quarantine_model.rowCount() == 1
    assert "tronqué" in page.sections.quarantine_model.data(page.sections.quarantine_model.index(0, 2))
    page.sections.quarantine_table.selectRow(0)
    assert page.sections.retry_button.isEnabled()
    page.sections.retry_button.click()
    assert page.sections.quarantine_model.rowCount() == 0
    db.dispose()


def test_rules_broken_by_two_workstations_are_listed_for_review(
    qtbot: QtBot, runner: TaskRunner, template_db: Path, tmp_path: Path
) -> None:
    """Each workstation names a pilot offline: both assignments are kept, and « Points à vérifier » names the
    fiche action; a conflict on a link (the carrier) offers its values only, no typed merge."""
    world = World(tmp_path, template_db, rng=random.Random(1))
    a, b = world.add_replica(), world.add_replica()
    member = "INSERT INTO pool_member(id, first_name, last_name) VALUES (?, ?, ?)"
    world.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'CCAS')", (ORG,)),
                ("INSERT INTO organisation(id, name) VALUES (?, 'Mission locale')", ("3" * 32,)),
                ("INSERT INTO project(id, title) VALUES (?, 'Jardin partagé')", (PROJ,)),
                (member, ("a" * 32, "Anne", "Martins")), (member, ("b" * 32, "Bruno", "Rouchon")))
    world.settle(1)
    pilot = "INSERT INTO assignment(id, member_id, project_id, role) VALUES (?, ?, ?, 'pilot')"
    world.write(a, (pilot, ("c" * 32, "a" * 32, PROJ)), ("UPDATE project SET carrier_id = ?", (ORG,)))
    world.write(b, (pilot, ("d" * 32, "b" * 32, PROJ)), ("UPDATE project SET carrier_id = ?", ("3" * 32,)))
    world.settle(2)

    page = _page(qtbot, runner, b.path)
    assert page.sections.tabText(1) == "Points à vérifier (1)"
    assert [page.sections.review_model.data(page.sections.review_model.index(0, c)) for c in (0, 1)] == [
        "projet avec plusieurs pilotes", "Fiche action « Jardin partagé »"]
    page.sections.conflicts_table.selectRow(0)
    combo = page.sections.value_combo
    assert {combo.itemText(i).split(" (")[0] for i in range(2)} == {"CCAS", "Mission locale"}
    assert page.sections.keep_button.isEnabled() and not page.sections.merge_button.isEnabled()
    page.sections.setCurrentIndex(1)
    page.grab().save(str(tmp_path / "sync_review.png"))
    db.dispose()


def test_joining_asks_for_what_is_missing_and_a_new_share_needs_a_long_passphrase(
    qtbot: QtBot, runner: TaskRunner, template_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "poste.sqlite"
    shutil.copy(template_db, path)
    page = _page(qtbot, runner, path)
    assert page.setup_box.title() == "Rejoindre un dossier de synchronisation"
    assert page.setup_state.isHidden() and not page.sync_button.isEnabled()
    assert "Rejoignez d'abord un dossier partagé" in page.sync_button.toolTip()
    page.join_button.click()
    assert page.setup_error.text() == "Indiquez le dossier partagé (bouton « Parcourir… »)."
    share = tmp_path / "partage"
    share.mkdir()
    page.share_edit.setText(str(share))
    page.join_button.click()
    assert page.setup_error.text() == "Saisissez la phrase secrète du département."
    page.passphrase_edit.setText("court")
    page.join_button.click()  # the worker refuses to create a share with it
    qtbot.waitUntil(lambda: "au moins 12 caractères" in page.setup_error.text())
    assert not page.setup_error.isHidden() and list(share.iterdir()) == []
    page.grab().save(str(tmp_path / "sync_join_refused.png"))
    page.passphrase_edit.setText("phrase secrète du département")
    page.join_button.click()
    qtbot.waitUntil(lambda: "réussie" in page.last_round_label.text())
    assert page.setup_error.isHidden()
    assert page.setup_box.title() == "Dossier de synchronisation" and page.sync_button.isEnabled()
    assert page.setup_state.text() == (
        f"Ce poste se synchronise avec « {share} » ; la phrase secrète du département y est enregistrée. "
        "Pour changer de dossier, indiquez le nouveau et sa phrase secrète.")
    assert page.join_button.text() == "Changer de dossier"
    page.grab().save(str(tmp_path / "sync_joined.png"))
    assert "Phrase secrète : enregistrée sur ce poste" in local_status(path).describe()
    db.dispose()


def test_a_round_that_failed_on_a_full_disk_stays_told_though_the_base_could_not_log_it(
    qtbot: QtBot, runner: TaskRunner, template_db: Path, tmp_path: Path, small_disk: Path
) -> None:
    world = World(tmp_path, template_db, rng=random.Random(1))
    a, b = world.add_replica(), world.add_replica()
    world.sync(b)
    checkpoint(b.path)
    b.path = Path(shutil.copy(b.path, small_disk / b.path.name))
    world.edit(a, 300)
    world.sync(a)
    page = _page(qtbot, runner, b.path)
    page.share_edit.setText(str(world.share_dir))
    page.passphrase_edit.setText(world.passphrase)
    page.join_button.click()
    assert "réussie" in page.last_round_label.text()  # the set-up is saved, a first round went through
    world.edit(a, 300)
    world.sync(a)
    filler = fill(small_disk)  # not a byte left: the base cannot even record the failed round

    page.sync_button.click()

    told = page.last_round_label.text()
    assert told.startswith("Synchronisation impossible : Le disque de ce poste est plein : ce tour n'a rien "
                           "appliqué à moitié"), told
    page.grab().save(str(tmp_path / "sync_full_disk.png"))
    filler.unlink()
    page.sync_button.click()
    assert "réussie" in page.last_round_label.text()
    db.dispose()


def test_the_demo_base_says_before_joining_that_it_cannot_join_a_real_share(
    qtbot: QtBot, runner: TaskRunner, demo_template: Path, tmp_path: Path
) -> None:
    """The first start opens on the demo: a coordinator who comes to join the département's share reads
    what to do (an empty base) before typing the passphrase, not after a refusal; once the demo has
    started a training share of its own, the page says it syncs with it."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, path)
    page = _page(qtbot, runner, path)
    assert not page.setup_state.isHidden()
    assert page.setup_state.text().startswith("Cette base est celle du département de démonstration (fictif)")
    assert "Fichier › Nouvelle base…" in page.setup_state.text()
    page.grab().save(str(tmp_path / "sync_demo.png"))
    share = tmp_path / "formation"
    share.mkdir()
    page.share_edit.setText(str(share))
    page.passphrase_edit.setText("phrase secrète de la formation")
    page.join_button.click()
    qtbot.waitUntil(lambda: "réussie" in page.last_round_label.text())
    assert page.setup_state.text().startswith(f"Ce poste se synchronise avec « {share} »")
    db.dispose()


def test_changes_made_on_another_workstation_are_listed_newest_first_and_open_their_object(
        qtbot: QtBot, runner: TaskRunner, template_db: Path, tmp_path: Path) -> None:
    """« Modifications reçues »: what a colleague created and changed, by whom (named by the profile of
    her workstation), before → after, newest first; not what was done here. A double-click asks for the
    object's page."""
    world = World(tmp_path, template_db, rng=random.Random(1))
    a, b = world.add_replica(), world.add_replica()
    world.write(a, ("UPDATE workstation_profile SET full_name = 'Jeanne Martin'", ()))
    world.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'CCAS')", (ORG,)),
                ("INSERT INTO project(id, title, carrier_id) VALUES (?, 'Jardin', ?)", (PROJ, ORG)))
    world.settle(1)
    world.write(a, ("UPDATE project SET title = 'Jardin solidaire', starts_on = '2027-01-15'", ()))
    world.write(b, ("UPDATE organisation SET name = 'CCAS de Maillac'", ()))  # done here: not listed
    world.settle(2)

    page = _page(qtbot, runner, b.path)
    page.show()
    qtbot.waitExposed(page)
    peers = page.peers_table  # one workstation: its row and one empty, the room left to the lists below
    assert peers.height() <= peers.horizontalHeader().sizeHint().height() + 2 * peers.rowHeight(0) + 8
    sections = page.sections
    sections.setCurrentIndex(3)
    assert sections.tabText(3) == "Modifications reçues"
    model = sections.received_model
    rows = [[model.data(model.index(r, c)) for c in range(1, 5)] for r in range(model.rowCount())]
    who = rows[0][0]
    assert who.startswith("Jeanne Martin") and "(" in who  # her workstation: « Jeanne Martin (host) »
    changed = {(row[1], row[2], row[3]) for row in rows}
    assert ("Fiche action « Jardin solidaire »", "Intitulé", "Jardin → Jardin solidaire") in changed
    assert any(field == "Création" and label.startswith("Organisme « CCAS") for label, field, _c in changed)
    assert any(change == "— → 15/01/2027" for _label, _field, change in changed)  # as a coordinator reads it
    assert not any("CCAS de Maillac" in row[3] for row in rows)  # this workstation's own change
    assert [row[2] for row in rows].index("Intitulé") < [row[2] for row in rows].index("Création")
    page.grab().save(str(tmp_path / "sync_received.png"))

    asked: list[tuple[str, str]] = []
    sections.object_requested.connect(lambda table, row_id: asked.append((table, row_id)))
    title_row = [row[2] for row in rows].index("Intitulé")
    sections.received_table.selectRow(title_row)
    assert sections.show_received_button.isEnabled()
    sections.received_table.activated.emit(model.index(title_row, 0))
    assert asked == [("project", PROJ)]
    db.dispose()


def test_changes_received_say_since_when_on_a_workstation_loaded_from_the_snapshot(qtbot: QtBot) -> None:
    """The base a snapshot brought is not listed as a colleague's changes: the tab says where it starts."""
    sections = SyncSections()
    qtbot.addWidget(sections)
    status = SyncStatus(replica_id="r1", share="/partage", pending=0, last_round=None)

    sections.show_status(status)
    assert "pour l'instant" in sections.received_table.hint()
    assert "chargement" not in sections.received_note.text()

    sections.show_status(replace(status, joined="2026-11-29T08:05:00+00:00"))
    since = f"depuis le chargement de ce poste, le {when('2026-11-29T08:05:00+00:00')}"
    assert since in sections.received_note.text() and since in sections.received_table.hint()
    assert "29/11/2026" in since
