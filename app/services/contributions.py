"""« Appeler les contributions… » (issue 5): the statutory contribution called from each member of the GIP
for a year, as the assemblée générale voted it; payments are then recorded against it
(app.services.funding.record_member_payment). No Qt, no commit.

A call is the same row on every workstation (natural_id("contribution", member, year)): two laptops
calling the same member's year offline make one contribution, whose amount, if they differ, is a
conflict to arbitrate, not two calls summed."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.cofunding import CallLine
from app.domain.enums import OrganisationType
from app.domain.errors import DomainError
from app.domain.ids import natural_id
from app.formatting import euros
from app.models.funding import ContributionPayment, MemberContribution
from app.models.organisation import Organisation
from app.services.shared_rows import shared_row


def contribution_call(session: Session, year: int) -> tuple[CallLine, ...]:
    """Each member (an organisation of kind « Membre du GIP », or one already called) with what it is
    called for `year`, else what it was called the year before (the usual proposal), and what it paid."""
    called = _called(session)
    members = session.scalars(select(Organisation).where(Organisation.deleted.is_(False)).where(
        (Organisation.kind == OrganisationType.MEMBER) | Organisation.id.in_({org for org, _y in called})))
    lines = [CallLine(org.id, org.short_name or org.name, called.get((org.id, year), (None, 0))[1],
                      called.get((org.id, year - 1), (None, 0))[1], _paid(session, called, org.id, year),
                      (org.id, year) in called)
             for org in members]
    return tuple(sorted(lines, key=lambda line: (-line.previous_cents, line.member)))


def call_contributions(session: Session, year: int, amounts: Mapping[uuid.UUID, int]) -> None:
    """Call these amounts (cents, by member) for `year`. An amount below what the member already paid
    that year is refused, naming it; a member at 0 with no call yet is left uncalled."""
    if not 2000 <= year <= 2100:
        raise DomainError(f"L'exercice {year} n'est pas plausible.")
    called = _called(session)
    lines = {line.organisation_id: line for line in contribution_call(session, year)}
    for org_id, cents in amounts.items():
        line = lines.get(org_id)
        if line is None:
            raise DomainError("Un des membres appelés n'existe plus : rouvrez l'appel des contributions.")
        if cents < 0:
            raise DomainError(f"{line.member} : le montant appelé ne peut pas être négatif.")
        if cents < line.paid_cents:
            raise DomainError(f"{line.member} a déjà versé {euros(line.paid_cents)} pour {year} : l'appel "
                              f"ne peut pas être inférieur ({euros(cents)} saisi).")
        row_id = called.get((org_id, year), (None, 0))[0]
        if row_id is not None or cents:
            shared_row(session, MemberContribution, row_id or natural_id("contribution", org_id, year),
                       organisation_id=org_id, year=year, called_cents=cents)
    session.flush()


def _called(session: Session) -> dict[tuple[uuid.UUID, int], tuple[uuid.UUID, int]]:
    """(member, year) → (its contribution's id, the amount called), for the live calls."""
    rows = session.execute(select(MemberContribution.organisation_id, MemberContribution.year,
                                  MemberContribution.id, MemberContribution.called_cents)
                           .where(MemberContribution.deleted.is_(False)))
    return {(org, int(year)): (row_id, int(cents)) for org, year, row_id, cents in rows if org is not None}


def _paid(session: Session, called: Mapping[tuple[uuid.UUID, int], tuple[uuid.UUID, int]],
          org_id: uuid.UUID, year: int) -> int:
    row_id = called.get((org_id, year), (None, 0))[0]
    if row_id is None:
        return 0
    return int(session.scalar(select(func.coalesce(func.sum(ContributionPayment.amount_cents), 0)).where(
        ContributionPayment.contribution_id == row_id, ContributionPayment.deleted.is_(False))) or 0)
