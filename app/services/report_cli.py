"""`maillage --db FILE report KIND --out FILE.pdf [--id ID | --latest]` (issue 4, ARCHITECTURE.md CLI).

Generates the document, records it in the documents register, and copies it to --out. Errors in French
on stderr with exit code 1; usage errors exit 2 (argparse).
"""

from __future__ import annotations

import argparse
import shutil
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from app.cli import register
from app.domain.errors import DomainError
from app.formatting import os_error_text
from app.services.reporting import REPORTS, IssuedDocument


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("report", help="génère un document officiel, l'enregistre et l'écrit en PDF")
    parser.add_argument("kind", choices=sorted(REPORTS), metavar="KIND",
                        help="document : " + ", ".join(sorted(REPORTS)))
    parser.add_argument("--out", type=Path, required=True, help="fichier PDF à écrire")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", dest="subject", help="identifiant (UUID) ou, pour une délibération, son "
                                                    "numéro (2026-CA-004)")
    which.add_argument("--latest", action="store_true", help="la séance ou la délibération la plus récente")


def run(args: argparse.Namespace) -> int:
    from app.db import unit_of_work
    from app.db_open import open_database_for_cli

    if not args.db.exists():
        raise DomainError(f"La base « {args.db} » n'existe pas.")
    open_database_for_cli(args.db)
    spec = REPORTS[args.kind]
    with unit_of_work() as session:
        subject_id = _subject(session, args.kind, args.subject) if args.subject else None
        issued = spec.issue(session, subject_id=subject_id, latest=args.latest)
    _write(issued, args.out)
    info = issued.info
    print(f"{info.reference} (version {info.version}, {info.pages} page{'s' if info.pages > 1 else ''}) "
          f"→ {args.out} ; SHA-256 {info.sha256}")
    return 0


def _subject(session: Session, kind: str, text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        lookup = REPORTS[kind].lookup
        if lookup is None:
            raise DomainError(f"« {text} » n'est pas un identifiant valide (UUID attendu).") from None
        return lookup(session, text)


def _write(issued: IssuedDocument, out: Path) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(issued.path, out)
    except OSError as exc:
        raise DomainError(f"Impossible d'écrire « {out} » : {os_error_text(exc)}. Le document reste "
                          f"enregistré dans le registre ({issued.path.name}).") from exc


register("report", add_parser, run)
