"""The `export KIND FILE` sub-command (ARCHITECTURE.md, CLI contract), registered in app.cli."""

from __future__ import annotations

import argparse
import sys

from app.cli import register
from app.domain.errors import DomainError


def _add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("export",
                            help="exporte le portefeuille ou les plans de financement (.xlsx ou .csv)")
    parser.add_argument("kind", help="portfolio (portefeuille) ou financing (plans de financement)")
    parser.add_argument("file", help="fichier à écrire : .xlsx ou .csv")


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.db import unit_of_work
    from app.db_open import open_database_for_cli
    from app.services.exports import UsageError, export

    if not args.db.exists():
        raise DomainError(f"La base « {args.db} » n'existe pas.")
    open_database_for_cli(args.db)
    try:
        with unit_of_work() as session:
            result = export(session, args.kind, Path(args.file))
    except UsageError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    print(result.describe())
    return 0


register("export", _add_parser, _run)
