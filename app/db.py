"""The engine, its PRAGMAs, sessions and the unit of work: the only place that opens transactions."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app import thread_guard
from app.db_errors import french_database_error
from app.domain.progress import Progress

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

SessionFactory = sessionmaker(expire_on_commit=False)
BUSY_TIMEOUT_MS = 30_000  # a sync round (its own thread) may be writing a segment meanwhile
_engine: Engine | None = None
_db_path: Path | None = None


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _checked_out(_dbapi_conn: sqlite3.Connection, _record: Any, _proxy: Any) -> None:
    thread_guard.check("la base")


def create_app_engine(path: Path) -> Engine:
    """An engine on a local SQLite file with the house PRAGMAs (WAL, synchronous=FULL, FKs)."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "checkout", _checked_out)
    from app.sync.capture import install_capture  # sync hook (issue 3): stamps captured ops at commit

    install_capture(engine)
    return engine


def init_engine(path: Path) -> Engine:
    """Bind the process-wide session factory to the database at `path`."""
    global _engine, _db_path
    if _engine is not None:
        _engine.dispose()
    _engine, _db_path = create_app_engine(path), path
    SessionFactory.configure(bind=_engine)
    return _engine


def engine() -> Engine:
    if _engine is None:
        raise RuntimeError("init_engine() has not been called")
    return _engine


def db_path() -> Path:
    if _db_path is None:
        raise RuntimeError("init_engine() has not been called")
    return _db_path


def dispose() -> None:
    global _engine, _db_path
    if _engine is not None:
        _engine.dispose()
    _engine = _db_path = None


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One transaction: commit on success, roll back on error, always close. A failure of the database
    itself is refused in French (app.db_errors), not as a crash: a write that waited the whole busy
    timeout behind a sync round, a full disk, a read-only or damaged file."""
    try:
        with SessionFactory.begin() as session:
            yield session
    except (DBAPIError, sqlite3.Error) as exc:
        french = french_database_error(exc, _db_path, "rien n'a été enregistré")
        if french is None:
            raise
        log.warning("Database failure told to the user: %s", getattr(exc, "orig", exc))
        raise french from exc


def job(
    service: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
) -> Callable[[Progress], T]:
    """Bind a service call to its own unit of work, ready for TaskRunner.submit()."""

    def run(progress: Progress) -> T:
        with unit_of_work() as session:
            return service(session, *args, **kwargs)

    return run


def job_with_progress(service: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[Progress], T]:
    """Like job(), and forwards `progress=` to the service."""

    def run(progress: Progress) -> T:
        with unit_of_work() as session:
            return service(session, *args, progress=progress, **kwargs)

    return run
