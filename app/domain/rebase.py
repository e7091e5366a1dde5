"""Saving a form over what changed while it was open (SYNC.md: no edit is ever lost). Stdlib only.

A form shows its object as it was when it opened: its `base`. A sync round may bring a colleague's
change meanwhile: the stored object is then `current`. Written whole, the form would put its stale
copy back over that change, and the change would be lost without anyone noticing, the save being a
later write. So a save writes what the user changed (`mine` differs from `base`) and keeps what is
stored for everything else. A field changed on both sides, to different values, is a clash: the save
is refused and names it; the form takes the stored value of that field into its base, so saving again
keeps the user's value knowingly (and still keeps, for the fields the user left alone, what is stored).

Lists (a fiche's partners, milestones…) merge by row key: rows added on either side are kept, a row
removed on one side goes, a row changed on both sides merges by its fields; a row removed on one side and
changed on the other, or a field of it changed on both differently, is a clash. After that refusal the
form's base takes, of the list, only the clashing rows (or fields of a row) as stored: saving again keeps
the user's version of those and still the colleague's changes to the other rows (merge_rows).

A form open while a round brings a change shows it in the fields the user left alone (take_received).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, TypeVar, cast

from app.domain.enums import LabelledEnum
from app.domain.errors import DomainError


class EditedElsewhereError(DomainError):
    """Fields changed in a form and, meanwhile, on another workstation: nothing is saved. `problems` maps
    each field, as the form names it, to its French message (clash_message); `theirs` gives the stored
    value of each, by attribute: the form puts them in its base, so that saving again keeps its values."""

    def __init__(self, problems: dict[str, str], theirs: dict[str, Any]) -> None:
        super().__init__("\n".join(("Rien n'est enregistré.", *problems.values())))
        self.problems, self.theirs = problems, theirs

    @classmethod
    def of(cls, theirs: Mapping[str, Any], label: Callable[[str], str], *,
           shown: Callable[[str], str | None] | None = None,
           field: Callable[[str], str] = str) -> EditedElsewhereError:
        """The refusal for these clashing fields (by attribute, with their stored values), each named
        under its form field (`field`) with its label and what it now holds (`shown`, by default the
        stored value when it reads as text)."""
        quote = shown or (lambda name: as_text(theirs[name]))
        return cls({field(name): clash_message(label(name), quote(name)) for name in theirs}, dict(theirs))


T = TypeVar("T")
D = TypeVar("D")
Merge = Callable[[T, T, T], tuple[T, "T | None"]]  # a row's three sides → the row, and its retry (clash)
_GONE = object()  # a row absent from one side


def rebase_value(base: Any, mine: Any, current: Any) -> tuple[Any, bool]:
    """The value to save, and whether it clashes (changed here and elsewhere, differently)."""
    if mine == base:
        return current, False
    return mine, current not in (base, mine)


def rebase_rows(base: Sequence[T], mine: Sequence[T], current: Sequence[T],
                key: Callable[[T], Hashable | None],
                merge: Merge[T] | None = None) -> tuple[tuple[T, ...], bool]:
    """merge_rows: the rows, and whether any of them clashes."""
    merged, retry = merge_rows(base, mine, current, key, merge)
    return merged, retry is not None


def merge_rows(base: Sequence[T], mine: Sequence[T], current: Sequence[T],
               key: Callable[[T], Hashable | None],
               merge: Merge[T] | None = None) -> tuple[tuple[T, ...], tuple[T, ...] | None]:
    """Rows merged by `key`; rows whose key is None are new in the form and kept. A row on all three sides
    is `merge`d (by default a dataclass row by its fields, any other taken whole from the side that
    changed it). The order is the user's when they reordered the rows, else the stored one, the rows added
    here last. Returns the rows, and None when none of them clashes, else the base a second save starts
    from (the form's base after the refusal): the base with each clashing row, or each clashing part of
    it, as stored now, so that saving again keeps the user's version of what clashed, and only of that."""
    if tuple(mine) == tuple(base):
        return tuple(current), None
    if tuple(current) == tuple(base):
        return tuple(mine), None
    sides = [{key(row): row for row in rows if key(row) is not None} for rows in (base, mine, current)]
    merged: list[T] = []
    retry: dict[Hashable, Any] = {}  # clashing row → what the retry base holds for it (_GONE: nothing)
    for row_key in _order(*sides):
        was, now, there = (side.get(row_key, _GONE) for side in sides)
        if _GONE in (was, now, there):
            value, clash = rebase_value(was, now, there)
            again = there if clash else None
        else:
            value, again = (merge or merge_parts)(*cast(tuple[T, T, T], (was, now, there)))
        if again is not None:
            retry[row_key] = again
        if value is not _GONE:
            merged.append(value)
    merged.extend(row for row in mine if key(row) is None)
    if not retry:
        return tuple(merged), None
    kept = [retry.pop(key(row), row) for row in base]  # in the base's order, what was added there last
    return tuple(merged), tuple(row for row in [*kept, *retry.values()] if row is not _GONE)


def merge_parts(base: T, mine: T, current: T) -> tuple[T, T | None]:
    """A row on the three sides: a dataclass merged field by field (merge_draft), any other value whole.
    Returns the row, and None when it does not clash, else the row a second save starts from."""
    if is_dataclass(base) and not isinstance(base, type):
        merged, clashes, retry = merge_draft(base, mine, current, {})
        return merged, retry if clashes else None
    value, clash = rebase_value(base, mine, current)
    return value, current if clash else None


def _order(base: Mapping[Any, Any], mine: Mapping[Any, Any], current: Mapping[Any, Any]) -> list[Any]:
    reordered = [k for k in mine if k in base] != [k for k in base if k in mine]
    first, then = (mine, current) if reordered else (current, mine)
    return list(dict.fromkeys([*first, *then]))


def rebase_draft(base: D, mine: D, current: D,
                 keys: Mapping[str, Callable[[Any], Hashable | None]]) -> tuple[D, tuple[str, ...]]:
    """merge_draft: the draft to save and the names of the clashing fields."""
    merged, clashes, _retry = merge_draft(base, mine, current, keys)
    return merged, clashes


def merge_draft(base: D, mine: D, current: D,
                keys: Mapping[str, Callable[[Any], Hashable | None]]) -> tuple[D, tuple[str, ...], D]:
    """A frozen draft dataclass merged field by field: `keys` gives the row key of its list fields, the
    other tuple fields are sets of ids. Returns the draft to save, the names of the clashing fields, and
    the draft a second save starts from (merge_rows): the base with what clashed as stored now."""
    values: dict[str, Any] = {}
    again: dict[str, Any] = {}
    for name in (spec.name for spec in fields(base)):  # type: ignore[arg-type]
        was, now, there = (getattr(draft, name) for draft in (base, mine, current))
        if name in keys or isinstance(was, tuple):
            values[name], retry = merge_rows(was, now, there, keys.get(name, _identity))
            if retry is not None:
                again[name] = retry
            continue
        values[name], clash = rebase_value(was, now, there)
        if clash:
            again[name] = there
    return (replace(mine, **values), tuple(again),  # type: ignore[type-var]
            replace(base, **again))  # type: ignore[type-var]


def rebase_values(base: Mapping[str, Any], mine: Mapping[str, Any],
                  current: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A form's fields by name (the same names in all three): the values to save, and the clashing names."""
    merged, clashes = {}, []
    for name, value in mine.items():
        merged[name], clash = rebase_value(base[name], value, current[name])
        if clash:
            clashes.append(name)
    return merged, tuple(clashes)


def rebase_or_refuse(base: Mapping[str, Any], mine: Mapping[str, Any], current: Mapping[str, Any], *,
                     label: Callable[[str], str], shown: Callable[[str], str | None],
                     field: Callable[[str], str] = str) -> dict[str, Any]:
    """The values of `mine` to save over `current`, or EditedElsewhereError naming each clash under its
    form field (`field`), with its label and what it now holds (`shown`, None when that is not text)."""
    merged, clashes = rebase_values(base, mine, current)
    if clashes:
        raise EditedElsewhereError.of({name: current[name] for name in clashes}, label, shown=shown,
                                      field=field)
    return merged


@dataclass(frozen=True)
class Received:
    """What a form being edited does with a round's change to its object (take_received): `shown`, the
    values it shows anew, by attribute; `base`, its base from now on; `both`, the fields changed in the
    form and elsewhere, left as typed with their base as it was (the save merges them or names them)."""

    shown: dict[str, Any]
    base: dict[str, Any]
    both: tuple[str, ...]


def take_received(base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any],
                  touched: Iterable[str] = ()) -> Received:
    """A round changed the object of a form being edited (`mine`, loaded as `base`, now stored as
    `theirs`; the same names in all three). A field the user left alone shows what was received and
    takes it into the base; so does one the user set to the value received. A field the user changed
    (`mine` differs from `base`, or is listed in `touched`: a form's undo steps) to another value is
    left as typed and its base as it was, so that the save still merges it or names the clash."""
    shown, rebased, both = {}, dict(base), []
    edited = set(touched) | {name for name in base if mine[name] != base[name]}
    for name, was in base.items():
        there = theirs[name]
        if there == was:
            continue
        if name in edited and mine[name] != there:
            both.append(name)
            continue
        rebased[name] = there
        if mine[name] != there:
            shown[name] = there
    return Received(shown, rebased, tuple(both))


def attributes(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    """`obj`'s attributes by name: a loaded object as rebase_or_refuse takes it."""
    return {name: getattr(obj, name) for name in names}


def clash_message(label: str, now: str | None) -> str:
    """French message for a clashing field, with what it now holds when that can be shown as text."""
    shown = ""
    if now is not None and now.strip():
        text = " ".join(now.split())
        shown = f" ; il vaut maintenant « {text if len(text) <= 80 else text[:79] + '…'} »"
    elif now is not None:
        shown = " ; il est maintenant vide"
    return (f"{label} : modifié sur un autre poste pendant votre saisie{shown}. Enregistrez à nouveau pour "
            "garder votre version.")


def as_text(value: object) -> str | None:
    """A stored value as a clash message quotes it, when it reads as text (else None: not quoted)."""
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    return value if isinstance(value, str) else None


def _identity(row: Any) -> Hashable:
    return row  # type: ignore[no-any-return]
