"""The headless CLI (ARCHITECTURE.md "Headless CLI contract"). No Qt import unless gui / screenshots.

Exit codes: 0 success, 1 domain failure (French message on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app.config import default_db_path
from app.db_errors import french_database_error
from app.domain.errors import DomainError
from app.logs import install_logging

log = logging.getLogger(__name__)

Command = Callable[[argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maillage", description="Maillage : l'application des coordinateurs du GIP."
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="fichier de la base (défaut : MAILLAGE_DB ou le dossier utilisateur)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="journal détaillé sur la sortie d'erreur"
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("gui", help="ouvre la fenêtre (commande par défaut)")
    demo = sub.add_parser("demo", help="écrit le département de démonstration dans une base vide")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--size", choices=("small", "large"), default="small")
    sub.add_parser("check", help="vérifie le schéma, l'intégrité et les invariants métier")
    shots = sub.add_parser("screenshots", help="enregistre une capture PNG de chaque page dans DIR")
    shots.add_argument("dir", type=Path)
    for extra in _EXTRA_PARSERS:
        extra(sub)
    return parser


# Later modules (sync, import, export, report) register their sub-commands here.
_EXTRA_PARSERS: list[Callable[[argparse._SubParsersAction], None]] = []  # type: ignore[type-arg]
_EXTRA_COMMANDS: dict[str, Command] = {}


def register(name: str, add_parser: Callable[[argparse._SubParsersAction], None], run: Command) -> None:  # type: ignore[type-arg]
    _EXTRA_PARSERS.append(add_parser)
    _EXTRA_COMMANDS[name] = run


def _cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.main import run_gui

    return run_gui(args.db)


def _cmd_demo(args: argparse.Namespace) -> int:
    from app.db import unit_of_work
    from app.db_open import open_database_for_cli
    from app.services.demo import write_demo

    open_database_for_cli(args.db)
    with unit_of_work() as session:
        summary = write_demo(session, seed=args.seed, size=args.size)
    print(summary.describe())
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from app.db_open import open_database_for_cli
    from app.services.check import run_check

    if not args.db.exists():
        raise DomainError(f"La base « {args.db} » n'existe pas.")
    open_database_for_cli(args.db)
    report = run_check(args.db)
    print(report.describe())
    return 0 if report.sound else 1


def _cmd_screenshots(args: argparse.Namespace) -> int:
    from app.ui.screenshots import take_screenshots

    return take_screenshots(args.db, args.dir)


COMMANDS: dict[str, Command] = {
    "gui": _cmd_gui,
    "demo": _cmd_demo,
    "check": _cmd_check,
    "screenshots": _cmd_screenshots,
}


def _load_plugins() -> None:
    """Import the modules that register extra sub-commands (kept import-light)."""
    import importlib

    for name in ("app.sync.cli", "app.importers.cli", "app.services.cli_export", "app.services.report_cli"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def _command_word(argv: Sequence[str]) -> str | None:
    """The sub-command named in argv (skipping global options), or None; "-h" counts as a command."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return word
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _command_word(argv) not in (None, *COMMANDS):  # the window starts without the plugins' imports
        _load_plugins()
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    # stderr: what went wrong, in French (DomainError below); the journal keeps the rest, and -v shows it
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.ERROR, stream=sys.stderr)
    install_logging()
    args.db = args.db or default_db_path()
    command = args.command or "gui"
    run = COMMANDS.get(command) or _EXTRA_COMMANDS[command]
    try:
        return run(args)
    except DomainError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # the database file or its disk failed (full, read-only…): told in French too
        french = french_database_error(exc, args.db, "la commande s'est arrêtée sans rien écrire à moitié")
        if french is None:
            raise
        logging.getLogger(__name__).warning("Database failure", exc_info=exc)
        print(f"Erreur : {french}", file=sys.stderr)
        return 1
