"""A form saved over what changed while it was open (app.domain.rebase): the user's changes are written,
everything else stays as stored, and a field changed on both sides is named, not overwritten."""

from __future__ import annotations

import uuid
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from app.domain.project_form import ROW_KEYS, DraftMilestone, DraftPartner, ProjectDraft
from app.domain.rebase import clash_message, rebase_draft, rebase_rows, rebase_value, rebase_values, take_received

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


def test_rows_keep_the_users_order_and_merge_a_row_changed_on_both_sides_by_its_parts() -> None:
    base = ((1, "a", "x"), (2, "b", "y"), (3, "c", "z"))
    mine = ((3, "c", "z"), (1, "A", "x"), (2, "b", "y"))  # row 3 moved first, row 1's first part changed
    current = ((1, "a", "X"), (2, "b", "y"), (3, "c", "z"), (4, "d", "w"))  # row 1's second part, row 4

    def parts(was: tuple[int, str, str], now: tuple[int, str, str],
              there: tuple[int, str, str]) -> tuple[tuple[int, str, str], bool]:
        merged = tuple(rebase_value(*values) for values in zip(was, now, there, strict=True))
        return tuple(value for value, _ in merged), any(clash for _, clash in merged)  # type: ignore[return-value]

    merged, clash = rebase_rows(base, mine, current, key=lambda row: row[0], merge=parts)
    assert merged == ((3, "c", "z"), (1, "A", "X"), (2, "b", "y"), (4, "d", "w")) and not clash
    merged, clash = rebase_rows(base, mine, current, key=lambda row: row[0])  # rows taken whole: a clash
    assert clash
    assert rebase_rows(base, mine, base, key=lambda row: row[0]) == (mine, False)  # nothing received
