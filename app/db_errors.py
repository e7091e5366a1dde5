"""SQLite's failures on this workstation, told in French: a full disk, a read-only file, a disk that
refuses a read or a write, a damaged file, a database kept busy by a sync round.

SQLite names them by code (`sqlite3.Error.sqlite_errorname`, Python 3.11); SQLAlchemy wraps them (`orig`).
Each message says what happened, what it means for the user's work (`consequence`) and what to do.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from app.domain.errors import DomainError

_ADVICE = {
    "SQLITE_FULL": "Libérez de la place sur ce disque (téléchargements, corbeille, anciens fichiers), puis "
                   "réessayez.",
    "SQLITE_READONLY": "Vérifiez que le fichier n'est pas en lecture seule et que vous avez le droit d'y "
                       "écrire, ou demandez-le au service informatique.",
    "SQLITE_IOERR": "Réessayez ; si cela se reproduit, faites vérifier le disque par le service "
                    "informatique.",
    "SQLITE_CORRUPT": "Restaurez la dernière sauvegarde (Fichier › Sauvegardes…) : ce qui avait déjà été "
                      "synchronisé reviendra au tour suivant.",
    "SQLITE_CANTOPEN": "Vérifiez que le fichier et son dossier existent toujours et que vous avez le droit "
                       "d'y écrire.",
}
_WHAT = {
    "SQLITE_FULL": "le disque de ce poste est plein",
    "SQLITE_READONLY": "{base} ne peut pas être modifiée",
    "SQLITE_IOERR": "le disque de ce poste a refusé une lecture ou une écriture de {base}",
    "SQLITE_CORRUPT": "le fichier de {base} est endommagé",
    "SQLITE_CANTOPEN": "le fichier de {base} ne peut pas être ouvert",
}
NEARLY_FULL_BYTES = 1 << 20  # under 1 MiB free, an I/O error of the database is a full disk
_SAME_AS = {"SQLITE_NOTADB": "SQLITE_CORRUPT", "SQLITE_PERM": "SQLITE_READONLY"}


class DatabaseBusyError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "La base est occupée par une synchronisation qui enregistre beaucoup de modifications reçues. "
            "Rien n'a été enregistré : réessayez dans un moment."
        )


class LocalDatabaseError(DomainError):
    """The database file or its disk failed (not the user's data): `kind` is SQLite's primary code name."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def sqlite_error_kind(exc: BaseException) -> str | None:
    """SQLite's primary code name (« SQLITE_FULL ») of `exc`, its wrapped `orig` or its cause, else None."""
    seen: BaseException | None = exc
    while seen is not None:
        name = getattr(seen, "sqlite_errorname", None)
        if isinstance(seen, sqlite3.Error) and name:
            primary = "_".join(name.split("_")[:2])  # SQLITE_IOERR_WRITE → SQLITE_IOERR
            return _SAME_AS.get(primary, primary)
        orig = getattr(seen, "orig", None)
        seen = orig if isinstance(orig, BaseException) else seen.__cause__
    return None


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def french_database_error(exc: BaseException, path: Path | None, consequence: str) -> DomainError | None:
    """The French error for a failure of the database at `path`, or None when `exc` is none of those
    (a constraint, a bug: those stay as they are). `consequence`: « rien n'a été enregistré »…"""
    kind = sqlite_error_kind(exc)
    if kind == "SQLITE_IOERR" and path is not None and _nearly_full(path):
        kind = "SQLITE_FULL"  # a full disk often shows as an I/O error (the WAL's shared memory file)
    if kind in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return DatabaseBusyError()
    if kind not in _WHAT:
        return None
    what = _WHAT[kind].format(base=f"la base « {path.name} »" if path is not None else "la base")
    return LocalDatabaseError(f"{what[0].upper()}{what[1:]} : {consequence}. {_ADVICE[kind]}", kind)
