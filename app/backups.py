"""Rotating local backups (one a day, a few kept) and restore. SQLite's backup API, local disk only."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.config import backups_dir
from app.domain.errors import DomainError

log = logging.getLogger(__name__)

KEEP_DAILY = 7
DAILY = re.compile(r"^quotidienne_(\d{4}-\d{2}-\d{2})\.sqlite$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    size: int

    @property
    def label(self) -> str:
        return self.path.name


def rotate_daily_backup(db: Path, *, today: date | None = None, keep: int = KEEP_DAILY) -> Path | None:
    """Make today's backup if none exists yet, then keep only the `keep` newest daily ones."""
    from app.db_open import backup_to

    if not db.exists() or db.stat().st_size == 0:
        return None
    folder = backups_dir(db)
    day = (today or date.today()).isoformat()
    target = folder / f"quotidienne_{day}.sqlite"
    made = None
    if not target.exists():
        made = backup_to(db, target)
        log.info("Daily backup written to %s", target)
    dailies = sorted(p for p in folder.iterdir() if DAILY.match(p.name))
    for old in dailies[:-keep]:
        old.unlink()
    return made


def _keep_aside(db: Path, aside: Path) -> None:
    """The current state, before a restore replaces it: SQLite's consistent copy, or, for a base too
    damaged for SQLite to read, its files as they are (with its WAL, beside the copy as its own)."""
    from app.db_open import backup_to, replace_whole

    try:
        backup_to(db, aside)
    except DomainError:
        log.warning("%s cannot be read by SQLite: its files are kept aside as they are", db)
        for suffix in ("-wal", ""):  # the WAL first: the copy never shows without the changes it holds
            if Path(f"{db}{suffix}").exists():
                replace_whole(Path(f"{db}{suffix}"), Path(f"{aside}{suffix}"))


def list_backups(db: Path) -> list[BackupInfo]:
    """Every backup beside the database, newest first (daily ones and pre-migration copies)."""
    folder = backups_dir(db)
    infos = [
        BackupInfo(p, datetime.fromtimestamp(p.stat().st_mtime), p.stat().st_size)
        for p in folder.glob("*.sqlite")
    ]
    return sorted(infos, key=lambda info: info.made_at, reverse=True)


def restore_backup(db: Path, backup: Path) -> Path:
    """Replace the database with `backup`, after saving the current state aside. Engine must be closed."""
    from app.db_open import check_openable, replace_whole

    if not backup.exists():
        raise DomainError(f"La sauvegarde « {backup} » est introuvable.")
    check_openable(backup)
    aside = backups_dir(db) / f"avant-restauration_{datetime.now():%Y%m%d-%H%M%S}.sqlite"
    if db.exists():
        _keep_aside(db, aside)
    for suffix in ("-wal", "-shm"):  # the state they hold is in `aside`; left, they would be replayed
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    replace_whole(backup, db)
    log.info("Database %s restored from %s (previous state kept in %s)", db, backup, aside)
    return aside
