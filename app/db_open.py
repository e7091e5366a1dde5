"""Opening a database file: refuse what is not ours, back up, migrate, restore on failure.

Every refusal is a DatabaseRefused with a French message, and leaves the file untouched.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import sys
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from app import thread_guard
from app.db import create_app_engine
from app.db_errors import french_database_error
from app.domain.errors import DatabaseRefused, DomainError
from app.formatting import os_error_text

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
NETWORK_FS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.smbnetfs", "fuse.sshfs", "9p", "afs", "ncpfs"}
MIGRATIONS = Path(__file__).resolve().parent / "models" / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config  # alembic loads only when a migration runs (start-up time)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


_REVISION = re.compile(r"^(down_)?revision\s*=\s*['\"]?([\w.-]+|None)['\"]?", re.MULTILINE)


def _revision_graph() -> dict[str, str | None]:
    """revision → down_revision, read from the revision files without importing alembic."""
    graph: dict[str, str | None] = {}
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = {bool(m.group(1)): m.group(2) for m in _REVISION.finditer(script.read_text(encoding="utf-8"))}
        if False in found:
            down = found.get(True)
            graph[found[False]] = None if down in (None, "None") else down
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    assert len(heads) == 1, f"migrations must have one head, found {sorted(heads)}"
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_revision_graph())


def current_revision(path: Path) -> str | None:
    with thread_guard.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            if tables - {"sqlite_sequence"}:
                raise DatabaseRefused(
                    f"« {path} » est une base SQLite qui n'appartient pas à Maillage : "
                    "elle n'a pas été modifiée."
                )
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def is_network_path(path: Path) -> bool:
    """True for UNC paths and mounts of network file systems (SQLite corrupts there: SYNC.md)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == 4)  # DRIVE_REMOTE
    return _mount_fs_type(path.resolve()) in NETWORK_FS


def _mount_fs_type(path: Path) -> str:
    best, fs_type = "", ""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and str(path).startswith(parts[1]) and len(parts[1]) > len(best):
            best, fs_type = parts[1], parts[2]
    return fs_type


def check_openable(path: Path) -> str | None:
    """Refuse a network path, a non-SQLite file, a foreign SQLite file or a newer schema."""
    if is_network_path(path.parent if not path.exists() else path):
        raise DatabaseRefused(
            f"« {path} » est sur un lecteur réseau. La base de Maillage doit rester sur le "
            "disque local ; le partage sert seulement à la synchronisation."
        )
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise DatabaseRefused(
                f"« {path} » n'est pas une base de données Maillage : le fichier n'a pas été modifié."
                + _if_backed_up(path)
            )
    revision = current_revision(path)
    if revision is not None and revision not in known_revisions():
        raise DatabaseRefused(
            f"« {path} » a été créée par une version plus récente de Maillage "
            f"(schéma {revision}). Installez la dernière version ; la base n'a pas été modifiée."
        )
    return revision


def _if_backed_up(path: Path) -> str:
    """A file that has backups beside it was a base of ours, now damaged: say how to get it back."""
    from app.config import backups_dir

    if not any(backups_dir(path, create=False).glob("*.sqlite")):
        return ""
    return (" S'il s'agit de votre base, elle est endommagée : restaurez sa dernière sauvegarde "
            "(Fichier › Sauvegardes…).")


def backup_to(path: Path, target: Path) -> Path:
    """A consistent copy with SQLite's online backup API (safe with WAL and other readers), written under
    a temporary name and renamed once whole: a full disk leaves no half-written backup that looks whole.
    A failure is a DomainError in French."""
    partial = target.with_name(f".{target.name}.partiel")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(thread_guard.connect(path)) as source, closing(thread_guard.connect(partial)) as dest:
            source.backup(dest)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        for leftover in (partial, *(partial.with_name(f"{partial.name}{s}") for s in ("-journal", "-wal"))):
            leftover.unlink(missing_ok=True)
        log.warning("Backup of %s to %s failed", path, target, exc_info=True)
        raise _backup_error(exc, target) from exc
    return target


def _backup_error(exc: sqlite3.Error | OSError, target: Path) -> DomainError:
    consequence = f"la sauvegarde « {target.name} » n'a pas été faite"
    if isinstance(exc, OSError):
        reason = os_error_text(exc, "erreur du système")
        return DomainError(f"Impossible d'écrire dans « {target.parent} » ({reason}) : {consequence}.")
    return french_database_error(exc, None, consequence) or DomainError(
        f"SQLite a refusé la copie : {consequence}. Le journal de Maillage en garde le détail."
    )


def upgrade(engine: Engine) -> None:
    """Run the real migrations to head on `engine`, in one transaction."""
    from alembic import command

    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        from app.sync.triggers import install_triggers  # sync hook (issue 3): batch migrations drop triggers

        install_triggers(connection.connection.driver_connection)  # type: ignore[arg-type]


def migrate(path: Path, backups: Path) -> Engine:
    """Open `path`, backing it up first when it needs upgrading; restore the copy if the upgrade fails."""
    revision = check_openable(path)
    engine = create_app_engine(path)
    if revision == head_revision():
        return engine
    copy = None
    if revision is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        copy = backup_to(path, backups / f"app_v{revision}_{stamp}.sqlite")
    try:
        upgrade(engine)
    except Exception as exc:
        engine.dispose()
        if copy is not None:
            _restore(copy, path)
        log.exception("Migration failed for %s", path)
        why = french_database_error(exc, path, "la mise à jour ne peut pas se faire")
        raise DatabaseRefused(
            f"La mise à jour de la base « {path.name} » a échoué. {f'{why} ' if why else ''}"
            "La copie de sauvegarde a été restaurée ; rien n'a été perdu."
        ) from exc
    return engine


def _restore(copy: Path, path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    replace_whole(copy, path)


def replace_whole(source: Path, target: Path) -> None:
    """Put a copy of `source` in place of `target` all at once: copied beside it under a temporary name,
    flushed, then renamed over it. A full disk leaves `target` as it was, never half-overwritten."""
    partial = target.with_name(f".{target.name}.partiel")
    try:
        shutil.copyfile(source, partial)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        reason = os_error_text(exc, "erreur du système")
        raise DomainError(f"Impossible de remplacer « {target.name} » par « {source.name} » ({reason}) : "
                          f"« {target.name} » n'a pas été modifié.") from exc


def current_schema(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_database(path: Path) -> list[str]:
    """Refuse, back up, migrate, then bind the process-wide session factory; daily backup rotation.
    Returns the warnings to tell (in French): a daily backup that could not be made does not keep
    anyone from working, but the user must know."""
    from app.backups import rotate_daily_backup
    from app.config import backups_dir
    from app.db import init_engine

    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        migrate(path, backups_dir(path)).dispose()
    except sqlite3.Error as exc:  # a full disk, a damaged file…: refused in French, the file untouched
        french = french_database_error(exc, path, f"la base « {path.name} » n'a pas pu être ouverte ; elle "
                                       "n'a pas été modifiée")
        if french is None:
            raise
        raise DatabaseRefused(str(french)) from exc
    warnings = []
    try:
        rotate_daily_backup(path)
    except DomainError as exc:
        warnings.append(f"{exc} Vos données ne sont pas touchées ; la sauvegarde sera refaite à la prochaine "
                        "ouverture.")
    init_engine(path)
    return warnings


def open_database_for_cli(path: Path) -> None:
    """open_database() for a command: its warnings go to stderr, as « Attention : … »."""
    for warning in open_database(path):
        print(f"Attention : {warning}", file=sys.stderr)
