"""A form saved over what changed while it was open (app.domain.rebase): the user's changes are written,
everything else stays as stored, and a field changed on both sides is named, not overwritten."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from hypothesis import given
from hypothesis import strategies as st

from app.domain.enums import MilestoneStatus
from app.domain.project_form import ROW_KEYS, DraftMilestone, DraftPartner, ProjectDraft
from app.domain.rebase import (
    clash_message,
    merge_draft,
    merge_rows,
    rebase_draft,
    rebase_rows,
    rebase_value,
    rebase_values,
    take_received,
)

ORGS = [uuid.UUID(int=n) for n in range(1, 5)]
values = st.sampled_from(["", "a", "b", "c"])


@given(values, values, values)
def test_a_value_is_the_side_that_changed_it(base: str, mine: str, current: str) -> None:
    value, clash = rebase_value(base, mine, current)
    if mine == base:
        assert (value, clash) == (current, False)  # untouched here: what is stored now
    elif current in (base, mine):
        assert (value, clash) == (mine, False)  # changed here only, or the same way on both
    else:
        assert (value, clash) == (mine, True)


NAMES = ("title", "summary", "place")
forms = st.tuples(values, values, values).map(lambda side: dict(zip(NAMES, side, strict=True)))


@given(forms, forms, forms)
def test_a_form_being_edited_shows_what_it_received_where_the_user_left_it_alone(
        base: dict[str, str], mine: dict[str, str], theirs: dict[str, str]) -> None:
    received = take_received(base, mine, theirs)
    shown = {**mine, **received.shown}
    for name in NAMES:
        assert shown[name] == (theirs[name] if mine[name] == base[name] else mine[name])
        assert (name in received.both) == (base[name] != mine[name] != theirs[name] != base[name])
    # saving the form now writes what saving it before would have, and refuses the same clashes
    assert rebase_values(received.base, shown, theirs) == rebase_values(base, mine, theirs)


def test_a_field_changed_then_undone_in_the_form_is_left_as_shown_and_kept_as_received() -> None:
    """Its undo steps hold the user's value: showing the one received would let a redo write over it."""
    base = {"title": "Jardin", "summary": "Parcelles"}
    theirs = {"title": "Jardin des familles", "summary": "Parcelles"}
    received = take_received(base, base, theirs, touched={"title"})
    assert (received.shown, received.both, received.base) == ({}, ("title",), base)
    assert rebase_values(received.base, base, theirs) == (theirs, ())  # a save keeps the title received
    assert rebase_values(received.base, {**base, "title": "Jardin ouvert"}, theirs)[1] == ("title",)


rows = st.lists(st.tuples(st.sampled_from(range(4)), values), unique_by=lambda row: row[0], max_size=4)


@given(rows, rows, rows)
def test_rows_merge_by_key(base: list[tuple[int, str]], mine: list[tuple[int, str]],
                           current: list[tuple[int, str]]) -> None:
    merged, clash = rebase_rows(base, mine, current, key=lambda row: row[0])
    sides = [dict(side) for side in (base, mine, current)]
    expected = {}
    clashes = False
    for key in {*sides[0], *sides[1], *sides[2]}:
        value, row_clash = rebase_value(*(side.get(key, None) for side in sides))
        clashes = clashes or row_clash
        if value is not None:
            expected[key] = value
    assert dict(merged) == expected and len(merged) == len(expected)
    assert clash == clashes
    if mine == base:
        assert merged == tuple(current)


def _fiche(**changes: object) -> ProjectDraft:
    base = ProjectDraft(code="FA-1", title="Mobilité", id=uuid.UUID(int=99), summary="Garage solidaire",
                        partners=(DraftPartner(ORGS[0], "Financeur"),),
                        milestones=(DraftMilestone("Lancement", id=uuid.UUID(int=7)),))
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_fiche_keeps_the_changes_received_while_its_form_was_open() -> None:
    base = _fiche()
    received = _fiche(summary="Garage et auto-école solidaires",
                      partners=(DraftPartner(ORGS[0], "Financeur"), DraftPartner(ORGS[1], "Opérateur")))
    mine = _fiche(title="Mobilité rurale", milestones=(*base.milestones, DraftMilestone("Bilan")))
    merged, clashes = rebase_draft(base, mine, received, ROW_KEYS)
    assert clashes == ()
    assert merged.title == "Mobilité rurale" and merged.summary == "Garage et auto-école solidaires"
    assert [p.organisation_id for p in merged.partners] == ORGS[:2]  # the partner added elsewhere stays
    assert [m.title for m in merged.milestones] == ["Lancement", "Bilan"]


def test_a_fiche_field_changed_on_both_sides_is_named() -> None:
    base = _fiche()
    received = _fiche(summary="Garage solidaire et location", partners=(DraftPartner(ORGS[0], "Opérateur"),))
    mine = _fiche(summary="Garage solidaire associatif", partners=(DraftPartner(ORGS[0], "Cofinanceur"),))
    _merged, clashes = rebase_draft(base, mine, received, ROW_KEYS)
    assert clashes == ("summary", "partners")


def test_a_row_removed_here_but_changed_there_clashes() -> None:
    base = _fiche()
    received = _fiche(milestones=(DraftMilestone("Lancement officiel", id=uuid.UUID(int=7)),))
    _merged, clashes = rebase_draft(base, _fiche(milestones=()), received, ROW_KEYS)
    assert clashes == ("milestones",)


def test_the_clash_message_says_what_the_field_holds_now() -> None:
    assert clash_message("Résumé", "Garage  et\nlocation") == (
        "Résumé : modifié sur un autre poste pendant votre saisie ; il vaut maintenant « Garage et "
        "location ». Enregistrez à nouveau pour garder votre version.")
    assert "il est maintenant vide" in clash_message("Résumé", "")
    assert "vaut" not in clash_message("Partenaires", None)
    assert clash_message("Résumé", "x" * 200).count("x") == 79


@dataclass(frozen=True)
class Row:
    key: int
    first: str
    second: str


def test_rows_keep_the_users_order_and_merge_a_row_changed_on_both_sides_by_its_parts() -> None:
    base = (Row(1, "a", "x"), Row(2, "b", "y"), Row(3, "c", "z"))
    mine = (Row(3, "c", "z"), Row(1, "A", "x"), Row(2, "b", "y"))  # row 3 moved first, row 1's first part
    current = (Row(1, "a", "X"), Row(2, "b", "y"), Row(3, "c", "z"), Row(4, "d", "w"))  # row 1's second

    merged, clash = rebase_rows(base, mine, current, key=lambda row: row.key)
    assert merged == (Row(3, "c", "z"), Row(1, "A", "X"), Row(2, "b", "y"), Row(4, "d", "w")) and not clash
    plain = [tuple(vars(row).values()) for row in (*base, *mine, *current)]  # not dataclasses: taken whole
    _merged, clash = rebase_rows(plain[:3], plain[3:6], plain[6:], key=lambda row: row[0])
    assert clash
    assert rebase_rows(base, mine, base, key=lambda row: row.key) == (mine, False)  # nothing received


dataclass_rows = st.lists(st.builds(Row, st.sampled_from(range(4)), values, values),
                          unique_by=lambda row: row.key, max_size=4)


@given(dataclass_rows, dataclass_rows, dataclass_rows)
def test_saving_again_after_a_clash_keeps_the_users_version_of_what_clashed_and_only_of_that(
        base: list[Row], mine: list[Row], current: list[Row]) -> None:
    """The form's base after the refusal is the retry base: the second save merges exactly as the first
    did, with no clash (before, the base took the whole stored list, and the second save wrote the
    user's stale copy of every row back)."""
    merged, retry = merge_rows(base, mine, current, key=lambda row: row.key)
    if retry is None:
        return
    again, clash = merge_rows(retry, mine, current, key=lambda row: row.key)
    assert clash is None
    assert sorted(again, key=lambda row: row.key) == sorted(merged, key=lambda row: row.key)


def test_a_fiche_saved_again_after_a_clash_keeps_the_other_rows_received() -> None:
    first = DraftMilestone("Lancement", id=uuid.UUID(int=7))
    second = DraftMilestone("Bilan", id=uuid.UUID(int=8))
    base = _fiche(milestones=(first, second))
    received = _fiche(milestones=(replace(first, status=MilestoneStatus.DONE),
                                  replace(second, title="Bilan à 6 mois")))
    mine = _fiche(milestones=(first, replace(second, title="Bilan final")), summary="Garage")
    merged, clashes, retry = merge_draft(base, mine, received, ROW_KEYS)
    assert clashes == ("milestones",)
    assert retry == _fiche(milestones=(first, replace(second, title="Bilan à 6 mois")))  # its clashing row
    assert merge_draft(retry, mine, received, ROW_KEYS)[:2] == (merged, ())
    assert [(m.title, m.status) for m in merged.milestones] == [
        ("Lancement", MilestoneStatus.DONE), ("Bilan final", MilestoneStatus.PLANNED)]
