"""The organisations of the GIP in one list (Instances › Organisations): members, porteurs, financeurs and
partners, where each appears, « Modifier l'organisation… » and « Supprimer ». A name mistyped when a seat
or a fiche was declared is printed on every convocation and fiche action until it is corrected here.

A change writes only the fields the user changed (`changes`), so a colleague's change of another field,
received meanwhile, stays. No commit here."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Column, func, select
from sqlalchemy.orm import Session

from app.domain.enums import OrganisationType
from app.domain.errors import DomainError
from app.domain.field_labels import table_label
from app.domain.organisations import (
    EDITABLE_FIELDS,
    InvalidOrganisationError,
    OrganisationSummary,
    clean_digits,
)
from app.models.base import Base
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


def organisation_summary(session: Session, org_id: uuid.UUID) -> OrganisationSummary:
    """One live organisation as the list shows it (a GIP knows tens of them: the list is read whole)."""
    return next(o for o in list_organisations(session) if o.id == org_id)


def live_organisation(session: Session, org_id: uuid.UUID, gone: str) -> Organisation:
    """The organisation, unless deleted meanwhile (here or on another workstation): then `gone`, in French."""
    org = session.get(Organisation, org_id)
    if org is None or org.deleted:
        raise DomainError(gone)
    return org


def label_of(org: Organisation) -> str:
    return org.short_name or org.name


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
    org = live_organisation(session, org_id, "Cette organisation a été supprimée entre-temps (sur ce poste "
                            "ou sur un autre) : rien n'a été enregistré.")
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
    return organisation_summary(session, org_id)


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


def remove_organisation(session: Session, org_id: uuid.UUID) -> str:
    """One declared by mistake, to the bin; refused, saying what still names it, while anything does
    (a seat, a fiche, a funding line, a contribution…: the remedy is « Fusionner… »). Returns its label."""
    org = live_organisation(session, org_id, "Cette organisation a déjà été supprimée (sur ce poste ou sur "
                            "un autre).")
    uses = []
    for column in references():
        live = column.table.c.deleted.is_(False)
        count = session.scalar(select(func.count()).select_from(column.table).where(column == org_id, live))
        if count:
            uses.append(f"{table_label(column.table.name).lower()} ({count})")
    label = label_of(org)
    if uses:
        raise DomainError(f"« {label} » est encore nommée par : {', '.join(uses)}. Si c'est un doublon, "
                          "fusionnez-la avec l'organisation qui la remplace (« Fusionner… ») ; rien n'a été "
                          "supprimé.")
    org.deleted = True
    session.flush()
    return label


def references() -> Iterator[Column[uuid.UUID]]:
    """Every column of every table that names an organisation (later modules' included)."""
    target = Base.metadata.tables["organisation"].c.id
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column is target:
                yield key.parent  # type: ignore[misc]
