"""The organisations of the GIP in one list (Instances › Organisations): members, porteurs, financeurs and
partners, where each appears, and « Modifier l'organisation… ». A name mistyped when a seat or a fiche
was declared is printed on every convocation and fiche action until it is corrected here.

A change writes only the fields the user changed (`changes`), so a colleague's change of another field,
received meanwhile, stays. No commit here."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import OrganisationType
from app.domain.errors import DomainError
from app.domain.organisations import (
    EDITABLE_FIELDS,
    InvalidOrganisationError,
    OrganisationSummary,
    clean_digits,
)
from app.models.body import Body, Seat
from app.models.funding import FundingLine
from app.models.organisation import Organisation
from app.models.project import Project
from app.services.organisations import find_duplicates, identifier_problems


def list_organisations(session: Session) -> list[OrganisationSummary]:
    """Live organisations by name, each with the instances it sits in and the fiches it carries or funds."""
    seats = _codes(session, select(Seat.organisation_id, Body.code).join(Body, Body.id == Seat.body_id)
                   .where(Seat.deleted.is_(False), Body.deleted.is_(False)))
    carried = _codes(session, select(Project.carrier_id, Project.code).where(Project.deleted.is_(False)))
    funded = _codes(session, select(FundingLine.funder_id, Project.code)
                    .join(Project, Project.id == FundingLine.project_id)
                    .where(FundingLine.deleted.is_(False), Project.deleted.is_(False)))
    orgs = session.scalars(select(Organisation).where(Organisation.deleted.is_(False)))
    return sorted((_summary(org, seats[org.id], carried[org.id], funded[org.id]) for org in orgs),
                  key=lambda o: o.name.casefold())


def _codes(session: Session, query: Any) -> dict[uuid.UUID, tuple[str, ...]]:
    found: dict[uuid.UUID, set[str]] = defaultdict(set)
    for org_id, code in session.execute(query):
        if org_id is not None:
            found[org_id].add(code)
    return defaultdict(tuple, {org_id: tuple(sorted(codes)) for org_id, codes in found.items()})


def _summary(org: Organisation, seats: tuple[str, ...] = (), carried: tuple[str, ...] = (),
             funded: tuple[str, ...] = ()) -> OrganisationSummary:
    return OrganisationSummary(org.id, org.name, org.short_name, org.kind, org.siren, org.siret, org.address,
                               seats, carried, funded)


def update_organisation(session: Session, org_id: uuid.UUID, changes: dict[str, Any]) -> OrganisationSummary:
    """Write the changed fields; InvalidOrganisationError names each refused field in French (a name
    missing, a SIREN or SIRET with a wrong key, another organisation already known by this SIREN or
    name)."""
    org = session.get(Organisation, org_id)
    if org is None or org.deleted:
        raise DomainError("Cette organisation a été supprimée entre-temps (sur ce poste ou sur un autre) : "
                          "rien n'a été enregistré.")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    values = {**_summary(org).fields(), **_cleaned(changes)}
    problems = _problems(session, org_id, values)
    if problems:
        raise InvalidOrganisationError(problems, what="enregistrée")
    for name in changes:
        setattr(org, name, values[name])
    session.flush()
    return _summary(org)


def _cleaned(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
    for name in ("siren", "siret"):
        if name in cleaned:
            cleaned[name] = clean_digits(cleaned[name])
    if "kind" in cleaned:
        cleaned["kind"] = OrganisationType(cleaned["kind"])
    return cleaned


def _problems(session: Session, org_id: uuid.UUID, values: dict[str, Any]) -> dict[str, str]:
    problems = identifier_problems(values["siren"], values["siret"])
    if not values["name"]:
        problems["name"] = "Le nom de l'organisation est obligatoire : il est imprimé sur les documents."
    for match in find_duplicates(session, name=values["name"], siren=values["siren"],
                                 siret=values["siret"], exclude_id=org_id):
        other = match.organisation.short_name or match.organisation.name
        if any(reason.startswith("même SIREN") for reason in match.reasons) and "siren" not in problems:
            problems["siren"] = (f"Ce SIREN est déjà celui de « {other} » : une organisation ne se déclare "
                                 "qu'une fois.")
        if "même nom" in match.reasons and "name" not in problems:
            problems["name"] = f"« {other} » porte déjà ce nom ou ce sigle : donnez un nom qui les distingue."
    return problems
