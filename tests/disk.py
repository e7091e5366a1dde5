"""A workstation's disk filled to the last byte (a real tmpfs, see the `small_disk` fixture)."""

from __future__ import annotations

import errno
from pathlib import Path


def fill(disk: Path, name: str = "remplissage.bin") -> Path:
    """Write a file until the disk says ENOSPC: not a byte is left."""
    filler = disk / name
    with filler.open("wb", buffering=0) as out:  # unbuffered: nothing left to fail again at close
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def make_room(filler: Path, megabytes: float) -> None:
    with filler.open("r+b") as handle:
        handle.truncate(max(filler.stat().st_size - int(megabytes * (1 << 20)), 0))
