"""Opening the app's database (run in the worker): a missing one is created, with the demo département on
the first start, empty from « Fichier › Nouvelle base… »."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.domain.progress import NO_PROGRESS, Progress
from app.domain.settings import UserProfile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StartupState:
    """What the main window needs once the database is open."""

    db_path: Path
    created_with_demo: bool
    profile: UserProfile | None
    warnings: tuple[str, ...] = ()  # French, told once the window shows (a daily backup not made…)
    created_empty: bool = False  # « Nouvelle base… »: the window says how to fill it
    sync_share: str = ""  # the share folder it syncs with: the status bar says « Non configurée » at once


def open_for_gui(path: Path, *, demo: bool = True, progress: Progress = NO_PROGRESS) -> StartupState:
    """Open (back up, migrate) the database; a missing file is created, and filled with the demo when
    `demo`."""
    from app.db import unit_of_work
    from app.db_open import open_database
    from app.services.profile import get_profile
    from app.sync.service import configured_share

    path = path.expanduser()
    created = not path.exists() or path.stat().st_size == 0
    progress.step(0, 0, "Ouverture de la base…")
    warnings = open_database(path)
    if created and demo:
        _write_demo(progress)
    with unit_of_work() as session:
        profile = get_profile(session)
    return StartupState(path, created and demo, profile, tuple(warnings), created_empty=created and not demo,
                        sync_share=configured_share(path))


def _write_demo(progress: Progress) -> None:
    from app.db import unit_of_work
    from app.services.demo import write_demo

    log.info("New database: writing the demo département")
    progress.step(0, 0, "Création du département de démonstration…")
    with unit_of_work() as session:
        write_demo(session, seed=1, size="small", progress=progress)


def restore_and_reopen(path: Path, backup: Path, *, progress: Progress = NO_PROGRESS) -> StartupState:
    """Close the engine, put `backup` in place of the database (current state kept aside), reopen it."""
    from app import db
    from app.backups import restore_backup

    progress.step(0, 0, "Restauration de la sauvegarde…")
    db.dispose()
    restore_backup(path, backup)
    return open_for_gui(path, progress=progress)
