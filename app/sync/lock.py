"""One running sync per database: an OS lock on a local file beside the database (never on the share)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from app.domain.errors import DomainError


class AlreadyRunningError(DomainError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"Une synchronisation de « {path.name} » est déjà en cours sur ce poste.")


@contextmanager
def instance_lock(db_path: Path) -> Iterator[None]:
    """Held for the round; released by the OS if the process dies (SIGKILL included)."""
    lock_path = db_path.with_name(db_path.name + ".sync-lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _acquire(fd, db_path)
        with suppress(OSError):  # the pid is for people; on a full disk the lock holds without it
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(fd: int, db_path: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows builds
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            raise AlreadyRunningError(db_path) from exc
        return
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        raise AlreadyRunningError(db_path) from exc
