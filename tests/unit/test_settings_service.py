"""The GIP identity: defaults, validation with French messages, storage under natural ids, the logo kept in
the base."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
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


def _logo(path: Path, size: tuple[int, int] = (2400, 1200)) -> Path:
    Image.new("RGB", size, (31, 78, 121)).save(path)
    return path


def test_the_logo_itself_is_kept_in_the_base_reduced_to_what_a_document_prints(
        session: Session, tmp_path: Path) -> None:
    """Every workstation prints the same logo: the image goes in the base (a PNG 300 pixels high at
    most), not only its path on the workstation that chose it."""
    path = _logo(tmp_path / "logo-gip.jpg")
    stored = save_identity(session, {"gip.logo_path": str(path)})
    path.unlink()  # the file gone (or on another workstation): the base still has the logo
    logo = get_identity(session).logo
    assert logo == stored.logo and logo.startswith(b"\x89PNG")
    assert Image.open(BytesIO(logo)).size == (600, 300)
    save_identity(session, {"gip.logo_path": ""})  # cleared: no logo any more
    assert get_identity(session).logo == b""


def test_a_logo_that_is_not_an_image_is_refused_under_its_field(session: Session, tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("pas une image", encoding="utf-8")
    with pytest.raises(InvalidIdentityError) as caught:
        save_identity(session, {"gip.logo_path": str(fake)})
    assert set(caught.value.problems) == {"gip.logo_path"}
    said = caught.value.problems["gip.logo_path"]
    assert "n'est pas une image lisible : choisissez un logo PNG ou JPEG" in said
