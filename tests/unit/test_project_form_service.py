"""The fiche action form: per-field French validation, links written and soft-deleted, organisations."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import MilestoneStatus
from app.domain.errors import DomainError
from app.domain.ids import link_id, natural_id, new_id
from app.domain.organisations import luhn_valid, normalised_name, siren_problem, siret_problem
from app.domain.project_form import DraftMilestone, DraftPartner, DraftRisk, InvalidDraftError, ProjectDraft
from app.formatting import company_number
from app.models.diagnostic import Need
from app.models.project import Milestone, ProjectNeed, ProjectPartner
from app.services.organisations import find_duplicates, find_or_create_organisation, identifier_problems
from app.services.project_form import load_project_draft, save_project
from tests.unit.portfolio_seed import organisation, project


def _luhn(digits: str) -> str:
    return next(digits + c for c in "0123456789" if luhn_valid(digits + c))


SIREN = _luhn("12345678")
SIRET = _luhn(SIREN + "0001")


def _needs(session: Session, *codes: str) -> list[Need]:
    needs = [Need(id=new_id(), code=code, title=code) for code in codes]
    session.add_all(needs)
    session.flush()
    return needs


def test_siren_and_siret_keys() -> None:
    assert siren_problem(SIREN) is None and siret_problem(SIRET) is None
    assert siren_problem(f"{SIREN[:3]} {SIREN[3:6]} {SIREN[6:]}") is None  # typed with spaces
    assert siren_problem("123") == "Le SIREN 123 n'est pas valide (9 chiffres, clé de Luhn)."
    assert siret_problem("123") == "Le SIRET 123 n'est pas valide (14 chiffres, clé de Luhn)."
    broken = SIRET[:-1] + str((int(SIRET[-1]) + 1) % 10)
    assert siret_problem(broken) is not None
    la_poste = "35600000000001"  # digits sum to 15: valid for La Poste although Luhn fails
    assert not luhn_valid(la_poste) and siret_problem(la_poste) is None
    other_siren = _luhn("98765432")
    assert identifier_problems(other_siren, SIRET.replace(SIRET[:3], f"{SIRET[:3]} ", 1))["siret"] == (
        f"Le SIRET {company_number(SIRET)} n'appartient pas au SIREN {company_number(other_siren)} : ses 9 "
        "premiers chiffres doivent être le SIREN.")  # as INSEE prints them, however they were typed


def test_duplicates_on_siren_and_normalised_name(session: Session) -> None:
    mission = organisation(session, "Mission locale de l'Ouest-Maille")
    other = organisation(session, "Association Tremplin", siren=SIREN)
    assert normalised_name("  MISSION LOCALE DE L OUEST MAILLE ") == normalised_name(mission.name)
    (match,) = find_duplicates(session, name="Mission Locale de l’Ouest Maillé")
    assert match.organisation.id == mission.id and match.reasons == ("même nom",)
    (match,) = find_duplicates(session, name="Tremplin 19", siret=SIRET)
    assert match.organisation.id == other.id and match.reasons == (f"même SIREN ({company_number(SIREN)})",)
    assert find_duplicates(session, name=mission.name, exclude_id=mission.id) == ()


def test_find_or_create_uses_the_natural_id(session: Session) -> None:
    created = find_or_create_organisation(session, name="Régie de quartier", siret=SIRET)
    assert created.id == natural_id("siren", SIREN) and (created.siren, created.siret) == (SIREN, SIRET)
    again = find_or_create_organisation(session, name="Regie de Quartier (autre saisie)", siren=SIREN)
    assert again.id == created.id
    with pytest.raises(DomainError, match="Le SIRET 42 n'est pas valide"):
        find_or_create_organisation(session, name="X", siret="42")


def test_save_writes_links_with_link_ids_and_reloads_the_same_draft(session: Session) -> None:
    carrier, partner = organisation(session, "Porteur"), organisation(session, "Partenaire")
    n1, n2 = _needs(session, "B01", "B02")
    draft = ProjectDraft(
        code="FA-2.1-01", title="Plateforme de mobilité solidaire", objectives="Lever le frein mobilité",
        target_public="Allocataires du RSA", target_volume=120, carrier_id=carrier.id,
        partners=(DraftPartner(partner.id, "Prescripteur"),), need_ids=(n1.id, n2.id),
        milestones=(DraftMilestone("Lancement", date(2026, 3, 1)),),
        risks=(DraftRisk("Retard de notification", 3, 2, "Avance du GIP"),),
        starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31))
    saved = save_project(session, draft)
    assert saved.created and saved.code == "FA-2.1-01"
    assert session.get(ProjectNeed, link_id(saved.id, n1.id)) is not None
    assert session.get(ProjectPartner, link_id(saved.id, partner.id)).role == "Prescripteur"
    loaded = load_project_draft(session, saved.id)
    assert set(loaded.need_ids) == {n1.id, n2.id} and loaded.target_volume == 120
    assert loaded.milestones[0].title == "Lancement" and loaded.milestones[0].id is not None


def test_removed_links_are_soft_deleted_and_come_back(session: Session) -> None:
    n1, n2 = _needs(session, "B01", "B02")
    saved = save_project(session, ProjectDraft(code="FA-1", title="Titre", need_ids=(n1.id, n2.id),
                                               milestones=(DraftMilestone("Jalon"),)))
    draft = load_project_draft(session, saved.id)
    save_project(session, dataclasses.replace(draft, need_ids=(n1.id,), milestones=()))
    removed = session.get(ProjectNeed, link_id(saved.id, n2.id))
    assert removed is not None and removed.deleted  # still there: the sync triggers refuse DELETE
    assert all(m.deleted for m in session.scalars(select(Milestone)))
    save_project(session, dataclasses.replace(draft, need_ids=(n1.id, n2.id)))
    assert not session.get(ProjectNeed, link_id(saved.id, n2.id)).deleted
    assert [m.status for m in load_project_draft(session, saved.id).milestones] == [MilestoneStatus.PLANNED]


def test_validation_names_each_field_in_french(session: Session) -> None:
    existing = project(session, "FA-1.2", title="Garde à horaires atypiques")
    draft = ProjectDraft(code="FA-1.2", title=" ", starts_on=date(2026, 6, 1), ends_on=date(2026, 1, 1),
                         target_volume=-3, risks=(DraftRisk("Risque", 5, 1),), carrier_id=new_id())
    with pytest.raises(InvalidDraftError) as caught:
        save_project(session, draft)
    problems = caught.value.problems
    assert problems["code"] == "Le code « FA-1.2 » est déjà utilisé par « Garde à horaires atypiques »."
    assert problems["ends_on"] == "La date de fin précède la date de début."
    assert set(problems) == {"code", "title", "ends_on", "target_volume", "risks", "carrier_id"}
    assert "ne peut pas être enregistrée" in str(caught.value)
    same = dataclasses.replace(load_project_draft(session, existing.id), summary="Nouvelle présentation")
    assert save_project(session, same).created is False  # its own code is no clash


def test_partners_roles_and_services_contributions_are_edited_and_validated(session: Session) -> None:
    from app.domain.project_form import DraftService
    from app.models.organisation import Service
    from app.models.project import ProjectService

    caf, ccas = organisation(session, "CAF de la Corrèze"), organisation(session, "CCAS de Tulle")
    ddets = Service(id=new_id(), organisation_id=ccas.id, name="Service insertion")
    session.add(ddets)
    session.flush()
    draft = ProjectDraft(code="FA-3.1", title="Mobilité", partners=(DraftPartner(caf.id, "Financeur"),),
                         services=(DraftService(ddets.id, "0,2 ETP d'un travailleur social"),))
    saved = save_project(session, draft)
    partners = (DraftPartner(caf.id, "Co-animateur"), DraftPartner(ccas.id, "Relais"))
    edited = dataclasses.replace(load_project_draft(session, saved.id), partners=partners, services=())
    save_project(session, edited)
    again = load_project_draft(session, saved.id)
    assert {(p.organisation_id, p.role) for p in again.partners} == {(caf.id, "Co-animateur"),
                                                                      (ccas.id, "Relais")}
    assert again.services == () and session.get(ProjectService, link_id(saved.id, ddets.id)).deleted

    cases = [
        ((DraftPartner(None, "Relais"),), (), "partners", "Ligne 1 : choisissez le partenaire dans la liste"),
        ((DraftPartner(caf.id, " "),), (), "partners",
         "Précisez le rôle de « CAF de la Corrèze » (ligne 1)."),
        ((DraftPartner(caf.id, "A"), DraftPartner(caf.id, "B")), (), "partners",
         "Un même partenaire figure deux fois : « CAF de la Corrèze » (ligne 2)."),
        ((), (DraftService(ddets.id, ""),), "services",
         "Précisez la contribution de « Service insertion » (ligne 1)."),
        ((), (DraftService(None, "x"),), "services", "Ligne 1 : choisissez le service mobilisé"),
    ]
    for partners, services, field, message in cases:
        with pytest.raises(InvalidDraftError) as caught:
            save_project(session, dataclasses.replace(again, partners=partners, services=services))
        assert caught.value.problems[field].startswith(message), caught.value.problems
    with pytest.raises(InvalidDraftError, match="Le porteur figure aussi parmi les partenaires"):
        save_project(session, dataclasses.replace(again, carrier_id=caf.id))
