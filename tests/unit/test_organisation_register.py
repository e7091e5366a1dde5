"""Instances › Organisations (app.services.organisation_register): every organisation with where it
appears, and a change that writes only what was changed, refused field by field when unsound. On the
demo département's real base."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app import db
from app.domain.enums import OrganisationType
from app.domain.errors import DomainError
from app.domain.ids import new_id
from app.domain.organisations import InvalidOrganisationError, OrganisationSummary
from app.models.organisation import Organisation
from app.services.organisation_register import list_organisations, remove_organisation, update_organisation


def _by_label(label: str) -> OrganisationSummary:
    with db.unit_of_work() as session:
        return next(o for o in list_organisations(session) if o.label == label)


def test_each_organisation_says_where_it_sits_carries_and_funds(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        found = list_organisations(session)
        live = session.scalars(select(Organisation).where(Organisation.deleted.is_(False))).all()
    names = [o.name.casefold() for o in found]
    assert len(found) == len(live) and names == sorted(names)
    caf = _by_label("CAF")
    assert caf.kind is OrganisationType.MEMBER and caf.seats and caf.funded and not caf.carried
    mission = _by_label("Mission locale")
    assert mission.carried and all(code.startswith("FA-") for code in mission.carried)


def test_a_mistyped_name_is_corrected_and_only_the_changed_fields_are_written(demo_db: Path) -> None:
    caf = _by_label("CAF")
    with db.unit_of_work() as session:  # a colleague's change, received after the form was opened
        org = session.get(Organisation, caf.id)
        assert org is not None
        org.address = "29 rue de la République, 96000 Maillac"
    with db.unit_of_work() as session:
        typed = "  Caisse d'allocations familiales de Haute-Maille "
        saved = update_organisation(session, caf.id, {"name": typed})
    assert saved.name == "Caisse d'allocations familiales de Haute-Maille"
    assert saved.address == "29 rue de la République, 96000 Maillac"  # kept: not in the changes
    assert _by_label("CAF").seats == caf.seats


def test_unsound_fields_are_refused_one_message_each_and_nothing_is_written(demo_db: Path) -> None:
    caf, msa = _by_label("CAF"), _by_label("MSA")
    with pytest.raises(InvalidOrganisationError) as refused, db.unit_of_work() as session:
        update_organisation(session, caf.id, {"name": "", "siren": msa.siren, "siret": "123"})
    problems = refused.value.problems
    assert problems["name"].startswith("Le nom de l'organisation est obligatoire")
    assert problems["siren"] == ("Ce SIREN est déjà celui de « MSA » : une organisation ne se déclare "
                                 "qu'une fois.")
    assert "siret" in problems
    with pytest.raises(InvalidOrganisationError) as same_name, db.unit_of_work() as session:
        update_organisation(session, caf.id, {"name": "MSA Limousin–Maille"})
    assert same_name.value.problems == {
        "name": "« MSA » porte déjà ce nom ou ce sigle : donnez un nom qui les distingue."}
    assert _by_label("CAF") == caf


def test_a_change_to_an_organisation_deleted_meanwhile_is_told(demo_db: Path) -> None:
    caf = _by_label("CAF")
    with db.unit_of_work() as session:
        org = session.get(Organisation, caf.id)
        assert org is not None
        org.deleted = True
    with pytest.raises(DomainError, match="supprimée entre-temps"), db.unit_of_work() as session:
        update_organisation(session, caf.id, {"short_name": "CAF 96"})


def test_only_an_organisation_nothing_names_goes_to_the_bin(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        typo = Organisation(id=new_id(), name="Mision locale", short_name="ML bis")
        session.add(typo)
    with db.unit_of_work() as session:
        assert remove_organisation(session, typo.id) == "ML bis"
    assert all(o.id != typo.id for o in _list())
    caf = _by_label("CAF")
    with pytest.raises(DomainError) as refused, db.unit_of_work() as session:
        remove_organisation(session, caf.id)
    told = str(refused.value)
    assert told.startswith("« CAF » est encore nommée par : ") and "siège (3)" in told
    assert "financement (" in told and "« Fusionner… »" in told and told.endswith("rien n'a été supprimé.")
    assert _by_label("CAF") == caf


def _list() -> list[OrganisationSummary]:
    with db.unit_of_work() as session:
        return list_organisations(session)
