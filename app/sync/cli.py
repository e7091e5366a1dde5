"""`sync --share DIR [--passphrase-file F]` (one round) and `sync status` (reads only the local DB)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.cli import register
from app.domain.errors import DomainError

PASSPHRASE_ENV = "MAILLAGE_SYNC_PASSPHRASE"


def _add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("sync", help="une synchronisation avec le dossier partagé, ou son état")
    parser.add_argument("action", nargs="?", choices=("status",), help="« status » : état sans rien écrire")
    parser.add_argument("--share", type=Path, default=None, help="dossier partagé de synchronisation")
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        default=None,
        help=f"fichier contenant la phrase secrète (sinon {PASSPHRASE_ENV})",
    )
    parser.add_argument("--snapshot", action="store_true", help="publier aussi un instantané complet")


def _passphrase(args: argparse.Namespace) -> str | None:
    if args.passphrase_file is not None:
        try:
            text: str = args.passphrase_file.read_text(encoding="utf-8")
            return text.strip()
        except OSError as exc:
            raise DomainError(f"Fichier de phrase secrète illisible : « {args.passphrase_file} ».") from exc
    return os.environ.get(PASSPHRASE_ENV, "") or None


def _run(args: argparse.Namespace) -> int:
    if args.action == "status":
        return _status(args)
    if args.share is None:
        print("Erreur : indiquez le dossier partagé avec --share DIR.", file=sys.stderr)
        return 2
    passphrase = _passphrase(args)
    if not passphrase:
        print(
            f"Erreur : phrase secrète absente (--passphrase-file F ou {PASSPHRASE_ENV}).",
            file=sys.stderr,
        )
        return 2
    from app.db import dispose
    from app.db_open import open_database_for_cli
    from app.domain.sync import review_lines
    from app.sync.service import local_status, sync_once

    open_database_for_cli(args.db)
    dispose()
    report = sync_once(args.db, args.share, passphrase, snapshot=args.snapshot)
    print("\n".join([report.describe(), *review_lines(local_status(args.db).to_review)]))
    return 0


def _status(args: argparse.Namespace) -> int:
    from app.sync.service import local_status

    if not args.db.exists():
        raise DomainError(f"La base « {args.db} » n'existe pas.")
    print(local_status(args.db).describe())
    return 0


register("sync", _add_parser, _run)
