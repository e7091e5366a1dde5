"""The workstation profile: validated in French, stored once, replaced when edited."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.settings import WorkstationProfile
from app.services.profile import InvalidProfileError, get_profile, save_profile, validate_profile


def test_every_field_is_required() -> None:
    problems = validate_profile(" ", "", "GIP")

    assert set(problems) == {"full_name", "function"}
    assert problems["function"] == "« Fonction » est obligatoire."


def test_no_profile_before_the_first_start(session: Session) -> None:
    assert get_profile(session) is None


def test_saving_twice_keeps_one_profile(session: Session) -> None:
    save_profile(session, "Claire Martin", "Coordinatrice", "GIP")
    saved = save_profile(session, " Claire Martin-Dupont ", "Directrice", "GIP")

    assert saved.full_name == "Claire Martin-Dupont"
    assert get_profile(session) == saved
    assert session.scalar(select(func.count()).select_from(WorkstationProfile)) == 1


def test_an_invalid_profile_is_refused_with_french_messages(session: Session) -> None:
    with pytest.raises(InvalidProfileError, match="Profil incomplet"):
        save_profile(session, "Cl", "Coordinatrice", "")
