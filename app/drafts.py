"""Unsaved edits kept against a crash or a power cut (the UI's DraftKeeper writes them every few
seconds while a form holds changes, and removes them once it is saved or closed on purpose).

A draft is the values the form was opened with (`base`) and the values typed since (`mine`): taken back
later, only the fields the user changed are put over what the base holds by then, so a change received
from another workstation meanwhile is not undone. Local pickles of our own values, beside the base (not
on the share); one that cannot be read any more (another version of Maillage) is forgotten."""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.files import write_whole

log = logging.getLogger(__name__)

SUFFIX = ".brouillon"


@dataclass(frozen=True)
class Draft:
    base: Any  # the values the form was opened with (None for a new object)
    mine: Any  # the values typed since
    kept_at: datetime


def keep(path: Path, draft: Draft) -> None:
    """Write `draft` whole: a crash while writing leaves the previous one."""
    try:
        write_whole(path, pickle.dumps(draft, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:  # a full disk: the form itself is still open, nothing is lost yet
        log.warning("Draft not kept in %s", path, exc_info=True)


def found(path: Path) -> Draft | None:
    try:
        with path.open("rb") as handle:
            draft = pickle.load(handle)  # noqa: S301 - our own file, beside the user's own base
    except FileNotFoundError:
        return None
    except Exception:  # written by another version, or damaged: forgotten, not a reason to fail
        log.warning("Draft %s cannot be read: forgotten", path, exc_info=True)
        forget(path)
        return None
    return draft if isinstance(draft, Draft) else None


def forget(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("Draft %s not removed", path, exc_info=True)


def changed(base: Any, mine: Any, names: list[str]) -> dict[str, Any]:
    """The fields named in `names` (attributes, or keys of dicts) that `mine` changed from `base`, with
    their values in `mine`; all of them when there was no base (a new object)."""
    def value(values: Any, name: str) -> Any:
        return values.get(name) if isinstance(values, dict) else getattr(values, name)

    return {name: value(mine, name) for name in names
            if base is None or value(mine, name) != value(base, name)}
