"""Paths: user data/config/log dirs (platformdirs), portable mode, resources that also work frozen."""

from __future__ import annotations

import os
import sys
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


def data_dir() -> Path:
    override = os.environ.get("MAILLAGE_HOME")
    root = Path(override) if override else _portable_root()
    path = root / "data" if root else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    override = os.environ.get("MAILLAGE_HOME")
    root = Path(override) if override else _portable_root()
    path = root / "config" if root else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get("MAILLAGE_HOME")
    root = Path(override) if override else _portable_root()
    path = root / "logs" if root else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """`--db` default: MAILLAGE_DB, else maillage.sqlite in the user data dir."""
    env = os.environ.get("MAILLAGE_DB")
    return Path(env) if env else data_dir() / "maillage.sqlite"


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database, on the same local disk."""
    path = db_path.resolve().parent / f"{db_path.stem}-sauvegardes"
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents_dir(db_path: Path) -> Path:
    """Generated PDFs live beside the database."""
    path = db_path.resolve().parent / f"{db_path.stem}-documents"
    path.mkdir(parents=True, exist_ok=True)
    return path
