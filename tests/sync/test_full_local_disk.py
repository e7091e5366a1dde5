"""A workstation whose own disk is full (a real tmpfs, filled to the last byte): the base is refused in
French when not a byte is left, opens with a little room but says the daily backup could not be made,
leaving no half-written backup; a save, a sync round, a restore and a document that do not fit are
refused in French with nothing half-written; once room is made, all go through and the workstations
converge. Needs the right to mount (root): skipped, with the reason, elsewhere."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app import db
from app.db_errors import LocalDatabaseError
from app.db_open import open_database, replace_whole
from app.domain.enums import DocumentKind
from app.domain.errors import DatabaseRefused, DomainError
from app.models.document import Document
from app.models.project import Project
from app.services.document_register import register_document
from app.sync.round import run_round
from app.sync.service import local_status
from app.sync.sim_checks import check_no_loss, check_world, converged
from app.sync.sim_world import SimReplica, World, checkpoint
from tests.disk import fill, make_room


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_a_full_disk_is_told_at_opening_at_the_daily_backup_and_at_saving_then_recovers(
    small_disk: Path, demo_template: Path
) -> None:
    base = small_disk / "maillage.sqlite"
    shutil.copy(demo_template, base)
    filler = fill(small_disk)
    with pytest.raises(DatabaseRefused, match="Le disque de ce poste est plein : la base « maillage.sqlite » "
                                              "n'a pas pu être ouverte"):
        open_database(base)
    make_room(filler, 2)  # room to work, not for a copy of the whole base

    warnings = open_database(base)

    assert len(warnings) == 1 and warnings[0].startswith("Le disque de ce poste est plein : la sauvegarde")
    assert [p.name for p in (small_disk / "maillage-sauvegardes").iterdir()] == []  # nothing half-written
    more = fill(small_disk, "encore.bin")
    refused = pytest.raises(LocalDatabaseError, match="plein : rien n'a été enregistré")
    with refused, db.unit_of_work() as session:
        project = session.scalars(select(Project).order_by(Project.code)).first()
        assert project is not None
        project.summary = "Résumé saisi sur un disque plein. " * 200
    db.dispose()
    filler.unlink()
    more.unlink()
    assert open_database(base) == []  # the daily backup is made at the next opening
    db.dispose()
    assert [p.name for p in (small_disk / "maillage-sauvegardes").iterdir()] == [
        f"quotidienne_{date.today().isoformat()}.sqlite"]
    assert _integrity(base) == "ok"


def _move_to(replica: SimReplica, disk: Path) -> None:
    """The workstation's base, on `disk` from now on."""
    checkpoint(replica.path)
    moved = disk / replica.path.name
    shutil.copy(replica.path, moved)
    replica.path = moved


def test_a_round_on_a_full_disk_applies_nothing_and_the_next_one_catches_up(
    small_disk: Path, world: World
) -> None:
    a, b = world.add_replica(), world.add_replica()
    world.sync(b)
    _move_to(b, small_disk)
    world.edit(a, 300)
    world.sync(a)
    before = world.query(b, "SELECT count(*) FROM sync_op")
    filler = fill(small_disk)

    with pytest.raises(DomainError, match="Le disque de ce poste est plein : ce tour n'a rien appliqué"):
        run_round(b.path, world.share_dir, world.passphrase)  # World.sync would check the base afterwards
    make_room(filler, 0.05)
    with pytest.raises(DomainError, match="Le disque de ce poste est plein : ce tour n'a rien appliqué"):
        run_round(b.path, world.share_dir, world.passphrase)  # room to open the base, not to apply

    assert world.query(b, "SELECT count(*) FROM sync_op") == before
    assert _integrity(b.path) == "ok"
    filler.unlink()
    world.settle(2)
    assert converged(world) and check_world(world) == [] and check_no_loss(world) == []


def test_a_restore_that_does_not_fit_leaves_the_base_as_it_was(
    small_disk: Path, demo_template: Path
) -> None:
    base = small_disk / "maillage.sqlite"
    shutil.copy(demo_template, base)
    before = base.read_bytes()
    make_room(fill(small_disk), 2)  # less room than the copy to put in its place

    with pytest.raises(DomainError, match="Impossible de remplacer « maillage.sqlite » .*disque plein.* "
                                          "« maillage.sqlite » n'a pas été modifié"):
        replace_whole(demo_template, base)

    assert base.read_bytes() == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["maillage.sqlite", "remplissage.bin"]


def test_a_document_that_does_not_fit_is_not_registered_and_leaves_no_file(
    small_disk: Path, template_db: Path
) -> None:
    base = small_disk / "maillage.sqlite"
    shutil.copy(template_db, base)
    assert open_database(base) == []
    filler = fill(small_disk)
    make_room(filler, 0.5)  # room for the base's own writes, not for a 2 MB PDF
    pdf = b"%PDF-1.7\n/Type /Page\n" + b"0" * (2 << 20)

    with pytest.raises(DomainError, match="Le document n'a pas pu être enregistré dans .*disque plein. "
                                          "Rien n'a été enregistré."), db.unit_of_work() as session:
        register_document(session, kind=DocumentKind.DELIBERATION, subject_type="decision", subject_id=None,
                          title="Délibération n° 2026-CA-014", reference="Délibération n° 2026-CA-014",
                          pdf_bytes=pdf, author="Jeanne Martin", template_version="deliberation-1")

    with db.unit_of_work() as session:
        assert session.scalars(select(Document)).all() == []
    assert [p for p in (small_disk / "maillage-documents").rglob("*") if p.is_file()] == []


def test_a_snapshot_the_disk_cannot_hold_leaves_the_round_done_and_is_tried_again(
    small_disk: Path, world: World
) -> None:
    """The automatic snapshot needs two copies of the base beside it for a moment: without the room, the
    round still sends and receives, warns, leaves no copy behind, and the next round with room sends it."""
    a, b = world.add_replica(), world.add_replica()
    world.edit(b, 3)
    world.sync(b)
    _move_to(a, small_disk)
    world.edit(a, 5)
    filler = fill(small_disk)
    make_room(filler, 1.5 * a.path.stat().st_size / (1 << 20))
    snapshots = world.share_dir / "maillage-sync" / "snapshots"

    report = run_round(a.path, world.share_dir, world.passphrase, snapshot=None)

    assert report.sent == 1 and report.received == 1
    assert any(w.startswith("Instantané pour les nouveaux postes non envoyé") for w in report.warnings)
    last_round = local_status(a.path).last_round  # what the Synchronisation page says of it
    assert last_round is not None and last_round.ok and "il faut environ" in last_round.message
    assert not list(snapshots.glob("*.snap")) and not list(small_disk.glob(".snapshot-*"))
    with pytest.raises(DomainError, match="Le disque de ce poste"):
        run_round(a.path, world.share_dir, world.passphrase, snapshot=True)  # asked for: told as a failure
    filler.unlink()
    report = run_round(a.path, world.share_dir, world.passphrase, snapshot=None)
    assert not report.warnings and len(list(snapshots.glob("*.snap"))) == 1
    world.settle(2)
    assert converged(world) and check_world(world) == [] and check_no_loss(world) == []


def test_a_new_workstation_without_room_for_the_snapshot_is_told_before_a_byte_is_copied(
    small_disk: Path, world: World
) -> None:
    """A snapshot takes up to three times its size on the new workstation (its copies, then the base and
    its journal): said at once, with what to free, rather than after copying a gigabyte."""
    a = world.add_replica()
    world.edit(a, 40)
    world.sync(a, snapshot=True)
    snap = next((world.share_dir / "maillage-sync" / "snapshots").glob("*.snap"))
    fresh = world.add_replica()
    _move_to(fresh, small_disk)
    filler = fill(small_disk)
    make_room(filler, 2.5 * snap.stat().st_size / (1 << 20))

    with pytest.raises(DomainError, match=r"Pour charger l'instantané du dossier partagé \(.*\), ce poste a "
                                          r"besoin d'environ .* libres sur son disque ; il en reste"):
        run_round(fresh.path, world.share_dir, world.passphrase)

    assert not [p for p in small_disk.iterdir() if p.name.startswith(".bootstrap-")]
    assert world.query(fresh, "SELECT count(*) FROM sync_head") == [(0,)]
    filler.unlink()
    world.settle(2)
    assert converged(world) and check_world(world) == [] and check_no_loss(world) == []


def test_a_snapshot_the_full_share_cannot_hold_leaves_the_round_done_and_is_tried_again(
    small_disk: Path, world: World
) -> None:
    """The share itself on a real 16 MB disk with room for a transaction, not for a copy of the base:
    the automatic snapshot warns, leaves no temporary file on the share, and goes out once room is made."""
    world.share_dir = small_disk
    a, b = world.add_replica(), world.add_replica()
    world.edit(b, 3)
    world.sync(b)
    world.sync(a)
    world.edit(a, 2)
    filler = fill(small_disk)
    make_room(filler, 0.2 * a.path.stat().st_size / (1 << 20))
    snapshots = small_disk / "maillage-sync" / "snapshots"

    report = run_round(a.path, world.share_dir, world.passphrase, snapshot=None)

    assert report.sent == 1
    assert any("le dossier partagé n'a pas la place de le recevoir" in w for w in report.warnings)
    assert list(snapshots.iterdir()) == []  # nor its temporary copy
    filler.unlink()
    report = run_round(a.path, world.share_dir, world.passphrase, snapshot=None)
    assert not report.warnings and len(list(snapshots.glob("*.snap"))) == 1
    world.settle(2)
    assert converged(world) and check_world(world) == [] and check_no_loss(world) == []
