"""The GUI thread never waits on the database, the share, a chart or a PDF (ARCHITECTURE.md, threads).

The window names its thread (`forbid`); the slow layers say where they are entered (`check`): a
database connection taken from the engine or opened with `connect`, the share, a PDF laid out, a chart
drawn. Entered on the forbidden thread, a place is logged once as an error, with the stack that led
there, and listed by `violations()`: the screenshots command fails on one, and a UI test drives the
real window with its real threads and asserts there is none. Nothing is refused: a coordinator's
window must not break for it. A check costs a comparison of thread ids."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import traceback
from typing import Any

log = logging.getLogger(__name__)

_forbidden: int | None = None
_seen: dict[tuple[str, str], str] = {}  # (what, the caller's place) → the stack, first time only
_lock = threading.Lock()


def forbid(thread: threading.Thread | None = None) -> None:
    """From now on, `check` reports calls on `thread` (by default the calling one: the GUI thread)."""
    global _forbidden
    _forbidden = (thread or threading.current_thread()).ident


def allow() -> None:
    """Stop watching, and forget what was seen (tests)."""
    global _forbidden
    _forbidden = None
    with _lock:
        _seen.clear()


def check(what: str) -> None:
    """Called where `what` (« la base », « le dossier partagé », « un PDF », « un graphique ») is entered."""
    if _forbidden is None or threading.get_ident() != _forbidden:
        return
    stack = traceback.extract_stack()[:-1]
    place = _caller(stack)
    with _lock:
        if (what, place) in _seen:
            return
        _seen[(what, place)] = text = "".join(traceback.format_list(stack[-12:]))
    log.error("The GUI thread waited on %s at %s:\n%s", what, place, text)


def violations() -> list[str]:
    """What the forbidden thread entered, one line per place: « la base, from app/ui/x.py:12 »."""
    with _lock:
        return [f"{what}, from {place}" for what, place in _seen]


def connect(database: str | os.PathLike[str], **kwargs: Any) -> sqlite3.Connection:
    """sqlite3.connect, checked: the one way this app opens a SQLite file outside the engine."""
    check("la base")
    return sqlite3.connect(database, **kwargs)


def _caller(stack: list[traceback.FrameSummary]) -> str:
    """The innermost frame of the UI (the widget that asked), else the innermost one: file and line."""
    paths = [(frame, frame.filename.replace("\\", "/")) for frame in stack]
    ui = [(frame, path) for frame, path in paths if "app/ui/" in path]
    frame, path = (ui or paths)[-1]
    return f"{path[path.rfind('app/'):] if 'app/' in path else path}:{frame.lineno}"
