"""A fault-injecting share for tests and the simulator: fail the Nth operation, sharing violations,
stale listings, a vanished share, a full one (from the start or after N writes), corrupted files;
records every write for I6."""

from __future__ import annotations

import errno
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.sync.share import Share

T = TypeVar("T")


class SimulatedCrash(Exception):  # noqa: N818 - a crash, not an error the app handles
    """The process 'dies' here: nothing after this point runs."""


class FaultyShare(Share):
    def __init__(
        self,
        directory: Path,
        *,
        rng: random.Random | None = None,
        crash_at: int | None = None,
        violations: float = 0.0,
        stale: float = 0.0,
        gone_at: int | None = None,
        full: bool = False,
        full_after: int | None = None,
    ) -> None:
        super().__init__(directory, sleep=lambda _s: None)
        self.rng = rng or random.Random(0)
        self.crash_at, self.gone_at, self.full = crash_at, gone_at, full
        self.full_after = full_after  # writes that still fit before the share is full
        self.violations, self.stale = violations, stale
        self.ops = 0
        self.written: list[str] = []
        self._listings: dict[str, list[str]] = {}

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        self.ops += 1
        if self.crash_at is not None and self.ops >= self.crash_at:
            raise SimulatedCrash(f"crash simulé à l'opération {self.ops} ({what})")
        if self.gone_at is not None and self.ops >= self.gone_at:
            return super()._call(what, self._gone)
        attempts = [0]

        def flaky() -> T:
            attempts[0] += 1
            if attempts[0] < 3 and self.rng.random() < self.violations:
                raise PermissionError(errno.EACCES, "sharing violation (simulée)")
            return fn()

        return super()._call(what, flaky)

    def _gone(self) -> T:  # type: ignore[type-var]
        self.directory = self.directory / "disparu"  # is_dir() is now False: the share vanished
        raise FileNotFoundError(errno.ENOENT, "partage disparu (simulé)")

    def _names(self, rel: str, keep: Callable[[os.DirEntry[str]], bool]) -> list[str]:
        fresh = super()._names(rel, keep)
        if rel in self._listings and self.rng.random() < self.stale:
            return self._listings[rel]  # a cached, stale directory listing (files, or the workstations)
        self._listings[rel] = fresh
        return fresh

    def _will_write(self, rel: str) -> None:
        if self.full or (self.full_after is not None and len(self.written) >= self.full_after):
            super()._call(rel, self._no_space)
        self.written.append(rel)

    def remove(self, rel: str) -> None:
        self.written.append(rel)
        super().remove(rel)

    @staticmethod
    def _no_space() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


def corrupt(path: Path, *, mode: str, rng: random.Random) -> None:
    """Truncate or flip one bit of a file on the share (what a bad disk or a stray editor does)."""
    data = bytearray(path.read_bytes())
    if mode == "truncate":
        data = data[: rng.randrange(len(data))]
    else:
        pos = rng.randrange(len(data))
        data[pos] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
