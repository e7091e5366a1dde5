"""French agreement of counted words: singular up to 1, the counts grouped as numbers are."""

from __future__ import annotations

from app.formatting import plural


def test_zero_and_one_take_the_singular() -> None:
    assert plural(0, "fiche") == "0 fiche"
    assert plural(1, "fiche détachée", "fiches détachées") == "1 fiche détachée"


def test_more_than_one_takes_the_plural_and_groups_thousands() -> None:
    assert plural(2, "lien") == "2 liens"
    assert plural(3, "lien reste", "liens restent") == "3 liens restent"
    assert plural(12000, "projet actif", "projets actifs") == "12\u00a0000 projets actifs"
