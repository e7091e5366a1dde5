"""The GIP identity: defaults, validation with French messages, storage under natural ids."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from app.domain.ids import natural_id
from app.models.settings import Setting
from app.services.settings import InvalidIdentityError, get_identity, save_identity, validate_identity


def test_identity_defaults_when_nothing_stored(session: Session) -> None:
    assert get_identity(session).name == "GIP Insertion et Territoires"


def test_save_identity_stores_settings_under_natural_ids(session: Session) -> None:
    identity = save_identity(
        session,
        {
            "gip.name": " GIP Corrèze Insertion ",
            "gip.department_code": "19",
            "gip.convention_date": "15/03/2012",
        },
    )

    assert identity.name == "GIP Corrèze Insertion"
    assert identity.convention_date == "2012-03-15"
    assert session.get(Setting, natural_id("setting", "gip.name")) is not None
    save_identity(session, {"gip.name": "GIP Corrèze"})
    assert get_identity(session).name == "GIP Corrèze"


def test_invalid_identity_is_refused_with_every_problem(session: Session) -> None:
    with pytest.raises(InvalidIdentityError) as caught:
        save_identity(session, {"gip.name": "", "gip.department_code": "99", "gip.convention_date": "demain"})

    assert set(caught.value.problems) == {"gip.name", "gip.department_code", "gip.convention_date"}
    assert "obligatoire" in caught.value.problems["gip.name"]


@pytest.mark.parametrize("code", ["01", "2A", "2b", "974", "95"])
def test_valid_department_codes(code: str) -> None:
    assert validate_identity({"gip.department_code": code}) == {}


def test_missing_logo_file_is_reported() -> None:
    assert "introuvable" in validate_identity({"gip.logo_path": "/nulle/part/logo.png"})["gip.logo_path"]


def test_a_value_stored_as_it_was_does_not_stop_a_change_elsewhere(session: Session) -> None:
    """The logo chosen on another workstation (a path this one does not have), or the demo's fictional
    département: left as stored, they are not checked again; changed, they are."""
    stored = {"gip.logo_path": "/home/poste-b/logo.png", "gip.department_code": "96", "gip.name": "GIP"}
    for key, value in stored.items():
        session.add(Setting(id=natural_id("setting", key), key=key, value=value))
    session.flush()
    base = {**stored, "gip.convention_date": ""}
    save_identity(session, {**base, "gip.name": "GIP Insertion Corrèze"}, base=base)
    assert get_identity(session).name == "GIP Insertion Corrèze"
    with pytest.raises(InvalidIdentityError) as caught:
        save_identity(session, {**base, "gip.name": "GIP Insertion Corrèze", "gip.department_code": "99"},
                      base={**base, "gip.name": "GIP Insertion Corrèze"})
    assert set(caught.value.problems) == {"gip.department_code"}
