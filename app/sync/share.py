"""The shared folder as a mailbox of immutable files (SYNC.md "The share").

Every operation goes through `Share`, which retries sharing violations with backoff (antivirus and
indexers hold new files on Windows shares) and turns the other failures into ShareError (French).
Tests subclass it to inject faults.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app import thread_guard
from app.domain.errors import DomainError
from app.files import sha256_of
from app.formatting import os_error_text

log = logging.getLogger(__name__)

T = TypeVar("T")
ROOT = "maillage-sync"
TMP_PREFIX = ".tmp-"
RETRIES, BACKOFF_S = 5, 0.05
REPLICA_NAME = re.compile(r"[0-9a-f]{32}")
CHUNK = 8 << 20  # a snapshot is copied to and from the share, and hashed, this much at a time


class ShareError(DomainError):
    """The share failed during a round; the round stopped cleanly and the app works offline."""


class ShareGoneError(ShareError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Le dossier de synchronisation « {path} » est inaccessible (partage déconnecté ?). "
            "Vous pouvez continuer à travailler ; la synchronisation reprendra plus tard."
        )


class ShareFileGoneError(ShareError, FileNotFoundError):
    """A file listed on the share was gone when read (an antivirus took it, a stale listing, another
    workstation's collection): still a FileNotFoundError for the steps that pass over such a file."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Le fichier « {what} » a disparu du dossier partagé pendant la synchronisation (antivirus, "
            "autre poste ?) : ce tour n'a rien appliqué à moitié et reprendra au suivant."
        )


class ShareFullError(ShareError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Le dossier de synchronisation « {path} » est plein : rien n'a été envoyé. "
            "Libérez de la place sur le partage ; vos modifications restent sur ce poste."
        )


class ShareReadOnlyError(ShareError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Le dossier de synchronisation « {path} » est en lecture seule : rien n'a été envoyé. "
            "Vos modifications restent sur ce poste ; demandez le droit d'écriture sur le partage."
        )


class ShareLockedError(ShareError):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"Le fichier « {what} » du partage reste verrouillé (antivirus, autre poste ?). "
            "La synchronisation réessaiera plus tard."
        )


class Share:
    """File operations on `<dir>/maillage-sync`, with retries; paths are relative to that root."""

    def __init__(self, directory: Path, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.directory = Path(directory)
        self.root = self.directory / ROOT
        self._sleep = sleep

    def check(self, *, create: bool = True) -> None:
        """The shared folder is there (ShareGoneError otherwise); `create`: our folder inside it too."""
        thread_guard.check("le dossier partagé")
        if not self.directory.is_dir():
            raise ShareGoneError(self.directory)
        if create:
            self._call("création du dossier", lambda: self.root.mkdir(exist_ok=True))

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        thread_guard.check("le dossier partagé")
        for attempt in range(RETRIES):
            try:
                return fn()
            except (PermissionError, BlockingIOError):  # sharing violation: retry, never "corrupt"
                log.info("Sharing violation on %s (attempt %d)", what, attempt + 1)
                self._sleep(BACKOFF_S * 2**attempt)
            except FileNotFoundError:
                if not self.directory.is_dir():
                    raise ShareGoneError(self.directory) from None
                raise ShareFileGoneError(what) from None
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise ShareFullError(self.directory) from exc
                if exc.errno == errno.EROFS:
                    raise ShareReadOnlyError(self.directory) from exc
                if not self.directory.is_dir():
                    raise ShareGoneError(self.directory) from exc
                raise ShareError(f"Erreur du partage sur « {what} » : {os_error_text(exc)}.") from exc
        raise ShareLockedError(what)

    def listdir(self, rel: str) -> list[str]:
        """Names of the files in a folder (missing folder: empty); temporary files, and folders made there
        by hand, are ignored."""
        return self._names(rel, os.DirEntry.is_file)

    def replicas(self) -> list[str]:
        """The workstations' folders (named by their replica id, 32 hex digits); anything else there
        (desktop.ini and Thumbs.db that Windows leaves, a note put by hand) is ignored."""
        return [name for name in self._names("replicas", os.DirEntry.is_dir) if REPLICA_NAME.fullmatch(name)]

    def _names(self, rel: str, keep: Callable[[os.DirEntry[str]], bool]) -> list[str]:
        path = self.root / rel

        def names() -> list[str]:
            try:
                with os.scandir(path) as entries:
                    return sorted(e.name for e in entries if not e.name.startswith(TMP_PREFIX) and keep(e))
            except FileNotFoundError:
                if not self.directory.is_dir():
                    raise
                return []
            except NotADirectoryError:  # a file put by hand where a folder should be: nothing in it
                log.warning("Not a folder on the share: %s", rel)
                return []

        return self._call(rel, names)

    def list_tmp(self, rel: str) -> list[str]:
        path = self.root / rel
        return [
            n
            for n in self._call(rel, lambda: os.listdir(path) if path.is_dir() else [])
            if n.startswith(TMP_PREFIX)
        ]

    def read(self, rel: str) -> bytes:
        return self._call(rel, (self.root / rel).read_bytes)

    def download(self, rel: str, target: Path, told: Callable[[int, int], None]) -> str:
        """A copy of the file as local `target`, a chunk at a time (a snapshot of a gigabyte is never
        whole in memory), telling `told(bytes copied, size)` after each chunk; returns its sha256."""
        path = self.root / rel

        def copy() -> str:
            digest = hashlib.sha256()
            with open(path, "rb") as handle, open(target, "wb") as out:
                size, got = os.fstat(handle.fileno()).st_size, 0
                while block := handle.read(CHUNK):
                    out.write(block)
                    digest.update(block)
                    got += len(block)
                    told(got, max(size, got))
            return digest.hexdigest()

        return self._call(rel, copy)

    def exists(self, rel: str) -> bool:
        return self._call(rel, (self.root / rel).exists)

    def mtime(self, rel: str) -> float:
        return self._call(rel, lambda: (self.root / rel).stat().st_mtime)

    def remove(self, rel: str) -> None:
        self._call(rel, lambda: (self.root / rel).unlink(missing_ok=True))

    def makedirs(self, rel: str) -> None:
        self._call(rel, lambda: (self.root / rel).mkdir(parents=True, exist_ok=True))

    def write_atomic(self, rel: str, data: bytes) -> None:
        """Temporary name in the same folder, fsync, rename to the final name, read back and verify."""
        self._install(rel, lambda tmp: self._write_tmp(tmp, data), lambda: self.read(rel) == data)

    def write_file_atomic(
        self, rel: str, source: Path, sha256: str, told: Callable[[int, int], None] | None = None
    ) -> None:
        """`write_atomic` of local `source` (whose sha256 is given), copied and verified a chunk at a time;
        `told(bytes copied, size)` after each chunk."""
        self._install(rel, lambda tmp: self._copy_tmp(source, tmp, told), lambda: self._sha256(rel) == sha256)

    def _install(self, rel: str, write_tmp: Callable[[Path], None], holds: Callable[[], bool]) -> None:
        """`write_tmp` a temporary file beside `rel`, rename it over `rel`, check the result `holds`;
        nothing to do when `rel` already holds it (a round that resumes after a crash)."""
        self._will_write(rel)
        final = self.root / rel
        if self._call(rel, final.exists) and holds():
            return
        tmp = final.with_name(f"{TMP_PREFIX}{secrets.token_hex(6)}-{final.name}")
        try:
            self._call(rel, lambda: write_tmp(tmp))
            self._call(rel, lambda: os.replace(tmp, final))
        finally:
            if tmp.exists():
                tmp.unlink(missing_ok=True)
        if not holds():
            raise ShareError(
                f"Relecture du fichier « {rel} » différente : le partage n'a pas conservé l'écriture."
            )

    def _will_write(self, rel: str) -> None:
        """Called before every write (a test's share refuses it, or records it)."""

    def _sha256(self, rel: str) -> str:
        return self._call(rel, lambda: sha256_of(self.root / rel, chunk=CHUNK))

    @staticmethod
    def _write_tmp(tmp: Path, data: bytes) -> None:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    @staticmethod
    def _copy_tmp(source: Path, tmp: Path, told: Callable[[int, int], None] | None) -> None:
        with open(source, "rb") as plain, open(tmp, "wb") as handle:
            size, done = os.fstat(plain.fileno()).st_size, 0
            while block := plain.read(CHUNK):
                handle.write(block)
                done += len(block)
                if told is not None:
                    told(done, max(size, done))
            handle.flush()
            os.fsync(handle.fileno())
