"""Paths: user data/config/log dirs (platformdirs), portable mode, resources that also work frozen."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "Maillage"
APP_AUTHOR = "GIP"


def _portable_root() -> Path | None:
    """Portable mode (Picard): a `portable` file beside the executable keeps everything beside it."""
    base = Path(sys.executable).resolve().parent
    return base / "data" if (base / "portable").exists() else None


def resource_path(*parts: str) -> Path:
    """A shipped resource, from the source tree or from PyInstaller's bundle (sys._MEIPASS)."""
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return root.joinpath("resources", *parts)


def _user_dir(sub: str, platform_dir: Callable[[str, str], str]) -> Path:
    """MAILLAGE_HOME/sub, else the portable install's sub, else the platform's user folder (created)."""
    override = os.environ.get("MAILLAGE_HOME")
    root = Path(override) if override else _portable_root()
    path = root / sub if root else Path(platform_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _user_dir("data", platformdirs.user_data_dir)


def config_dir() -> Path:
    return _user_dir("config", platformdirs.user_config_dir)


def log_dir() -> Path:
    return _user_dir("logs", platformdirs.user_log_dir)


def default_db_path() -> Path:
    """`--db` default: MAILLAGE_DB, else maillage.sqlite in the user data dir."""
    env = os.environ.get("MAILLAGE_DB")
    return Path(env) if env else data_dir() / "maillage.sqlite"


def backups_dir(db_path: Path, *, create: bool = True) -> Path:
    """Backups live beside the database, on the same local disk."""
    path = db_path.resolve().parent / f"{db_path.stem}-sauvegardes"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def drafts_dir(db_path: Path) -> Path:
    """Unsaved edits kept against a crash (app.drafts) live beside the database, on the same local disk."""
    return db_path.resolve().parent / f"{db_path.stem}-brouillons"


def documents_dir(db_path: Path) -> Path:
    """Generated PDFs live beside the database."""
    path = db_path.resolve().parent / f"{db_path.stem}-documents"
    path.mkdir(parents=True, exist_ok=True)
    return path
