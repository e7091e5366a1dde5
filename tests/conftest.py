"""Shared fixtures: the real migrations run once, then each test gets its own copy of the file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import (Picard)
if os.environ["QT_QPA_PLATFORM"] == "offscreen":  # a desktop's screen, not the plugin's 800×800 square
    _SCREEN = os.path.join(os.path.dirname(__file__), "offscreen-screen.json")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("QT_API", "pyside6")

import shutil  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app import db  # noqa: E402
from app.db_open import migrate  # noqa: E402

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user dirs: config, logs and install markers go to a temp folder."""
    monkeypatch.setenv("MAILLAGE_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("MAILLAGE_DB", raising=False)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once, copy per test (Anki: 'do it once, then spin off copies')."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    migrate(path, path.parent / "backups").dispose()
    return path


@pytest.fixture
def db_file(template_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "app.sqlite"
    shutil.copy(template_db, target)
    return target


@pytest.fixture
def bound_db(db_file: Path) -> Iterator[Path]:
    """A fresh migrated database bound to the process-wide session factory (for services and UI)."""
    db.init_engine(db_file)
    yield db_file
    db.dispose()


@pytest.fixture
def session(bound_db: Path) -> Iterator[Session]:
    with db.SessionFactory() as session:
        yield session


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    """The small demo département, written once per test session through the real code."""
    from app.services.demo import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    shutil.copy(template_db, path)
    db.init_engine(path)
    with db.unit_of_work() as session:
        write_demo(session, seed=1, size="small")
    db.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the demo database, bound to the session factory."""
    target = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, target)
    db.init_engine(target)
    yield target
    db.dispose()


@pytest.fixture
def full_disk(demo_db: Path) -> Iterator[Callable[[], None]]:
    """The demo database, allowed no page more than it has: SQLite answers SQLITE_FULL as on a full
    disk. Yields `make_room()`, which lifts the limit."""

    def no_more_pages(conn: sqlite3.Connection, _record: object) -> None:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    def make_room() -> None:
        if event.contains(db.engine(), "connect", no_more_pages):
            event.remove(db.engine(), "connect", no_more_pages)
        db.engine().dispose()

    db.engine().dispose()
    event.listen(db.engine(), "connect", no_more_pages)
    yield make_room
    make_room()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 16 MB disk (tmpfs) for a workstation's database, to be filled (tests.disk). Needs the
    right to mount (root): skipped, with the reason, elsewhere."""
    mount_point = tmp_path / "disque"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"pas de disque de test : mount tmpfs refusé ({done.stderr.strip() or done.returncode})")
    try:
        yield mount_point
    finally:
        db.dispose()
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data absent : données réelles de la Corrèze indisponibles")
    return SHARED_DATA
