"""« Nouvelle instance… »: a body declared with the usual rules of its kind, its code checked since every
decision number carries it, and the same code declared on two workstations making one body."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app import db
from app.domain.body_editing import InvalidBodyError, RepresentativeForm, SeatForm
from app.domain.enums import AgendaItemKind, BodyKind, MajorityKind, MatterKind, OrganisationType, QuorumBasis
from app.domain.errors import DomainError
from app.domain.ids import natural_id, new_id
from app.domain.meeting_desk import Choice
from app.domain.organisations import InvalidOrganisationError
from app.models.body import Body, MajorityRule
from app.models.organisation import Organisation
from app.services.body_creation import create_body
from app.services.body_editing import body_form, save_body
from app.services.meeting_operations import convene_meeting, create_meeting, freeze_agenda, save_agenda_item
from app.services.organisations import declare_organisation


def test_a_copil_counts_heads_and_a_board_weighs_rights(bound_db: Path) -> None:
    with db.unit_of_work() as session:
        copil = create_body(session, code=" cpmob ", name="Comité de pilotage  mobilité", kind=BodyKind.COPIL)
        board = create_body(session, code="CA", name="Conseil d'administration", kind=BodyKind.BOARD)
    with db.unit_of_work() as session:
        form = body_form(session, copil)
        assert (form.code, form.kind) == ("CPMOB", BodyKind.COPIL)
        assert form.rules.name == "Comité de pilotage mobilité"
        assert (form.rules.quorum_basis, form.rules.quorum_threshold, form.rules.weighted_votes) == (
            QuorumBasis.MEMBERS, Decimal("0.5"), False)
        assert "la moitié de ses membres" in form.rules.rules_text and form.seats == ()
        assert dict(form.rules.majorities) == dict.fromkeys(MatterKind, MajorityKind.SIMPLE)
        rules = body_form(session, board).rules
        assert (rules.quorum_basis, rules.weighted_votes) == (QuorumBasis.RIGHTS, True)
        assert "la moitié des droits statutaires" in rules.rules_text
        assert copil == natural_id("body", "CPMOB")  # the same id wherever it is declared


def test_its_code_numbers_its_decisions_and_its_seats_come_before_convening(bound_db: Path) -> None:
    with db.unit_of_work() as session:
        body = create_body(session, code="CP", name="Comité de programmation", kind=BodyKind.PROGRAMMING)
        meeting = create_meeting(session, body, starts_at=datetime(2027, 3, 11, 14, 30))
        save_agenda_item(session, meeting, None, title="Programmation 2027", kind=AgendaItemKind.DELIBERATION)
        assert freeze_agenda(session, meeting) == ["2027-CP-001"]
    with pytest.raises(DomainError, match="L'instance CP n'a aucun siège avec voix délibérative"), \
            db.unit_of_work() as session:
        convene_meeting(session, meeting, on=date(2027, 2, 1))
    with db.unit_of_work() as session:
        caf = Organisation(id=new_id(), name="Caisse d'allocations familiales", short_name="CAF")
        session.add(caf)
        session.flush()
        seat = SeatForm(None, caf.id, representatives=(RepresentativeForm(None, "Anne Roux"),))
        save_body(session, body, body_form(session, body).rules, (seat,))
        convene_meeting(session, meeting, on=date(2027, 2, 1))


@pytest.mark.parametrize(("code", "name", "problems"), [
    ("", "Comité", {"code": "Le code de l'instance est obligatoire"}),
    ("COPIL MOB", "Comité", {"code": "« COPIL MOB » ne convient pas : le code figure dans les numéros"}),
    ("2027", "Comité", {"code": "lettres et chiffres seulement, 10 au plus, en commençant par une lettre"}),
    ("ca", "Conseil bis", {"code": "Le code « CA » est déjà celui de l'instance « Conseil d'admin"}),
    ("CT", "  ", {"name": "Le nom de l'instance est obligatoire"}),
])
def test_each_wrong_field_is_named(bound_db: Path, code: str, name: str, problems: dict[str, str]) -> None:
    with db.unit_of_work() as session:
        create_body(session, code="CA", name="Conseil d'administration", kind=BodyKind.BOARD)
    with pytest.raises(InvalidBodyError) as raised, db.unit_of_work() as session:
        create_body(session, code=code, name=name, kind=BodyKind.COTECH)
    assert raised.value.problems.keys() == problems.keys()
    for field, text in problems.items():
        assert text in raised.value.problems[field]
    with db.unit_of_work() as session:
        assert session.scalars(select(Body.code)).all() == ["CA"]  # nothing half-written
        assert len(session.scalars(select(MajorityRule)).all()) == len(MatterKind)


def test_an_organisation_is_declared_for_a_seat_once(bound_db: Path) -> None:
    """A member admitted by the AG, declared from the seats: known by its SIREN or its name, it is taken
    again (a porteur becoming a member), never made twice."""
    with db.unit_of_work() as session:
        msa = declare_organisation(session, name="Mutualité sociale agricole Limousin", short_name="MSA",
                                   siren="775 659 923")
        assert msa == Choice(natural_id("siren", "775659923"), "MSA")
        again = declare_organisation(session, name="MSA du Limousin", siren="775659923")
        assert again == msa
        carrier = Organisation(id=new_id(), name="Association Trait d'union", kind=OrganisationType.CARRIER)
        session.add(carrier)
        session.flush()
        member = declare_organisation(session, name="association trait d'union", short_name="TU")
        assert member == Choice(carrier.id, "TU") and carrier.kind is OrganisationType.MEMBER


def test_a_wrong_organisation_is_named_field_by_field(bound_db: Path) -> None:
    with pytest.raises(InvalidOrganisationError) as raised, db.unit_of_work() as session:
        declare_organisation(session, name=" ", siren="123")
    assert set(raised.value.problems) == {"name", "siren"}
    assert "Le nom de l'organisation est obligatoire" in raised.value.problems["name"]
