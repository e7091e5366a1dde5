"""Local files: written whole or not at all (under a temporary name beside it, flushed to the disk, then
renamed over it: a crash or a full disk leaves the previous file, or none, never half of the new one), and
their SHA-256 read in chunks."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """`data` as `path`; an OSError (a full disk, a refused folder) leaves no temporary file behind."""
    partial = path.with_name(f".{path.name}.partiel")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


def sha256_of(path: Path, *, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(chunk):
            digest.update(block)
    return digest.hexdigest()
