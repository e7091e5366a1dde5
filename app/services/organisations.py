"""Organisations for the fiche action form and the seats of an instance: SIREN/SIRET checks, duplicates,
find or create (issues 4 and 5).

An organisation with a SIREN gets the id natural_id("siren", siren), so the same carrier entered on two
laptops merges into one row at sync. No commit here.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import OrganisationType
from app.domain.errors import DomainError
from app.domain.ids import natural_id, new_id
from app.domain.meeting_desk import Choice
from app.domain.organisations import (
    InvalidOrganisationError,
    clean_digits,
    normalised_name,
    siren_problem,
    siret_problem,
)
from app.domain.project_form import OrganisationInfo, OrganisationMatch
from app.formatting import company_number
from app.models.organisation import Organisation


def identifier_problems(siren: str, siret: str) -> dict[str, str]:
    """French problems with a SIREN / SIRET pair, by field ("siren", "siret"); empty when sound."""
    problems = {key: text for key, text in (("siren", siren_problem(siren)), ("siret", siret_problem(siret)))
                if text}
    siren_digits, siret_digits = clean_digits(siren), clean_digits(siret)
    if not problems and siren_digits and siret_digits and not siret_digits.startswith(siren_digits):
        problems["siret"] = (f"Le SIRET {company_number(siret_digits)} n'appartient pas au SIREN "
                             f"{company_number(siren_digits)} : ses 9 premiers chiffres doivent être "
                             "le SIREN.")
    return problems


def find_duplicates(session: Session, *, name: str, siren: str = "", siret: str = "",
                    exclude_id: uuid.UUID | None = None) -> tuple[OrganisationMatch, ...]:
    """Live organisations that are probably the same: same SIREN, or same name once normalised."""
    siren_digits = clean_digits(siren) or clean_digits(siret)[:9]
    key = normalised_name(name)
    matches = []
    for org in session.scalars(select(Organisation).where(Organisation.deleted.is_(False))):
        if org.id == exclude_id:
            continue
        reasons = []
        if siren_digits and clean_digits(org.siren) == siren_digits:
            reasons.append(f"même SIREN ({company_number(siren_digits)})")
        if key and key in (normalised_name(org.name), normalised_name(org.short_name)):
            reasons.append("même nom")
        if reasons:
            matches.append(OrganisationMatch(organisation_info(org), tuple(reasons)))
    return tuple(sorted(matches, key=lambda m: (-len(m.reasons), m.organisation.name)))


def find_or_create_organisation(session: Session, *, name: str, siren: str = "", siret: str = "",
                                kind: OrganisationType = OrganisationType.CARRIER) -> OrganisationInfo:
    """The existing organisation with this SIREN (or this exact normalised name), else a new one."""
    problems = identifier_problems(siren, siret)
    if problems:
        raise DomainError(" ".join(problems.values()))
    if not name.strip():
        raise DomainError("Le nom de l'organisation est obligatoire.")
    siren_digits = clean_digits(siren) or clean_digits(siret)[:9]
    existing = _existing(session, name, siren_digits)
    if existing is not None:
        existing.siret = existing.siret or clean_digits(siret)
        existing.siren = existing.siren or siren_digits
        existing.deleted = False
        session.flush()
        return organisation_info(existing)
    org = Organisation(id=natural_id("siren", siren_digits) if siren_digits else new_id(),
                       name=name.strip(), siren=siren_digits, siret=clean_digits(siret), kind=kind)
    session.add(org)
    session.flush()
    return organisation_info(org)


def declare_organisation(session: Session, *, name: str, short_name: str = "", siren: str = "",
                         kind: OrganisationType = OrganisationType.MEMBER) -> Choice:
    """An organisation for a seat of an instance (« Nouvelle organisation… »), as the seat editor lists
    it; one already known by its SIREN or its name is taken, not made twice (a porteur admitted as a
    member of the GIP becomes one). Raises InvalidOrganisationError with one message per field."""
    problems = {key: text for key, text in identifier_problems(siren, "").items() if key == "siren"}
    if not name.strip():
        problems["name"] = ("Le nom de l'organisation est obligatoire (par exemple « Caisse d'allocations "
                            "familiales de la Corrèze »).")
    if problems:
        raise InvalidOrganisationError(problems)
    found = find_or_create_organisation(session, name=name, siren=siren, kind=kind)
    org = session.get(Organisation, found.id)
    assert org is not None  # just found or made
    org.short_name = org.short_name or short_name.strip()
    if kind is OrganisationType.MEMBER:
        org.kind = kind
    session.flush()
    return Choice(org.id, org.short_name or org.name)


def _existing(session: Session, name: str, siren: str) -> Organisation | None:
    if siren:
        by_id = session.get(Organisation, natural_id("siren", siren))
        if by_id is not None:
            return by_id
        same = [m for m in find_duplicates(session, name="", siren=siren)]
        return session.get(Organisation, same[0].organisation.id) if same else None
    named = [m for m in find_duplicates(session, name=name) if "même nom" in m.reasons]
    return session.get(Organisation, named[0].organisation.id) if len(named) == 1 else None


def organisation_info(org: Organisation) -> OrganisationInfo:
    return OrganisationInfo(org.id, org.name, org.short_name, org.siren, org.siret, org.kind)
