"""« Fusionner… » (Instances › Organisations): two rows for one organisation, typically declared without a
SIREN on two workstations offline, become one. Everything that named the absorbed one names the kept one:
seats, fiches carried, partnerships, funding lines, contributions and their payments, services, pool
employers, and whatever a later module links to an organisation (every foreign key to it is followed).
The absorbed one goes to the bin; its SIREN, SIRET, sigle and address fill the kept one's blanks.

Refused, with the reason and nothing written, when the two are not the same organisation (two different
SIREN) or the result would break a rule (both seated in one instance, both called for one year).
« Annuler la fusion » (`unmerge_organisations`) puts back exactly what the merge changed, from its receipt.
No commit here."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.ids import natural_id
from app.domain.organisations import MergeReceipt, MergeResult, OrganisationSummary
from app.formatting import company_number
from app.models.body import Body, Seat
from app.models.funding import ContributionPayment, MemberContribution
from app.models.organisation import Organisation
from app.models.project import ProjectPartner
from app.services.organisation_register import label_of, live_organisation, organisation_summary, references
from app.services.shared_rows import shared_row

_BLANKS_FILLED = ("short_name", "siren", "siret", "address")


def merge_organisations(session: Session, keep_id: uuid.UUID, drop_id: uuid.UUID) -> MergeResult:
    """`drop_id` absorbed into `keep_id`: the kept organisation as the list shows it, and the receipt."""
    gone = ("Une des deux organisations a été supprimée entre-temps (sur ce poste ou sur un autre) : rien "
            "n'a été fusionné.")
    keep, drop = live_organisation(session, keep_id, gone), live_organisation(session, drop_id, gone)
    if keep.id == drop.id:
        raise DomainError("Choisissez une autre organisation que celle à garder.")
    _refuse_clashes(session, keep, drop)
    session.flush()
    calls = _rekey_contributions(session, keep, drop)
    partners = _drop_repeated_partners(session, keep, drop)
    session.flush()
    moved = []
    for column in references():
        rows = session.scalars(select(column.table.c.id).where(column == drop.id)).all()
        moved += [(column.table.name, column.name, row) for row in rows]
        session.execute(update(column.table).where(column == drop.id).values({column.name: keep.id}))
    filled = tuple(name for name in _BLANKS_FILLED if not getattr(keep, name) and getattr(drop, name))
    for name in filled:
        setattr(keep, name, getattr(drop, name))
    drop.deleted = True
    receipt = MergeReceipt(keep.id, drop.id, label_of(drop), tuple(moved), calls, partners, filled)
    session.flush()
    session.expire_all()  # the rows updated above in SQL
    return MergeResult(organisation_summary(session, keep_id), receipt)


def unmerge_organisations(session: Session, receipt: MergeReceipt) -> OrganisationSummary:
    """« Annuler la fusion »: the absorbed organisation back from the bin, and everything the merge moved
    back to it (what was added to the kept one since stays there). Returns the absorbed one as listed."""
    keep = live_organisation(session, receipt.keep_id, "L'organisation gardée a été supprimée depuis la "
                             "fusion (sur ce poste ou sur un autre) : la fusion ne peut plus être annulée.")
    drop = session.get(Organisation, receipt.drop_id)
    if drop is None or not drop.deleted:
        raise DomainError(f"« {receipt.dropped_label} » n'est plus à la corbeille : la fusion a déjà été "
                          "annulée.")
    _refuse_paid_since(session, receipt)
    _move_back(session, receipt)
    for old, new, payments in receipt.calls:
        session.execute(update(ContributionPayment).where(ContributionPayment.id.in_(payments))
                        .values(contribution_id=old))
        session.execute(update(MemberContribution).where(MemberContribution.id == old).values(deleted=False))
        session.execute(update(MemberContribution).where(MemberContribution.id == new).values(deleted=True))
    if receipt.partners:
        session.execute(update(ProjectPartner).where(ProjectPartner.id.in_(receipt.partners))
                        .values(deleted=False))
    for name in receipt.filled:
        if getattr(keep, name) == getattr(drop, name):  # unless corrected since
            setattr(keep, name, "")
    drop.deleted = False
    session.flush()
    session.expire_all()
    return organisation_summary(session, drop.id)


def _move_back(session: Session, receipt: MergeReceipt) -> None:
    """The rows the merge moved name the absorbed organisation again, unless changed since."""
    by_column: dict[tuple[str, str], list[uuid.UUID]] = {}
    for table_name, column_name, row in receipt.moved:
        by_column.setdefault((table_name, column_name), []).append(row)
    for column in references():
        rows = by_column.get((column.table.name, column.name), [])
        for start in range(0, len(rows), 500):  # bound parameters per statement
            session.execute(update(column.table).where(column.table.c.id.in_(rows[start:start + 500]),
                                                       column == receipt.keep_id)
                            .values({column.name: receipt.drop_id}))


def _refuse_paid_since(session: Session, receipt: MergeReceipt) -> None:
    """A payment recorded since on a call the merge moved would go to the bin with that call."""
    for _old, new, payments in receipt.calls:
        since = session.scalars(select(ContributionPayment.id).where(
            ContributionPayment.contribution_id == new, ContributionPayment.deleted.is_(False),
            ContributionPayment.id.not_in(payments))).first()
        if since is not None:
            year = session.scalar(select(MemberContribution.year).where(MemberContribution.id == new))
            raise DomainError(f"Un versement a été saisi depuis la fusion sur la contribution {year} : la "
                              "fusion ne peut plus être annulée. Rien n'a été modifié.")


def _refuse_clashes(session: Session, keep: Organisation, drop: Organisation) -> None:
    both = f"« {label_of(keep)} » et « {label_of(drop)} »"
    if keep.siren and drop.siren and keep.siren != drop.siren:
        sirens = f"{company_number(keep.siren)}, {company_number(drop.siren)}"
        raise DomainError(f"{both} ont deux SIREN différents ({sirens}) : ce ne sont pas la même "
                          "organisation. Rien n'a été fusionné.")
    bodies = sorted(set(_seated_in(session, keep.id)) & set(_seated_in(session, drop.id)))
    if bodies:
        raise DomainError(f"{both} siègent toutes deux dans : {', '.join(bodies)}. Retirez l'un des deux "
                          "sièges (onglet Organes, « Modifier l'instance… ») avant de les fusionner.")
    years = sorted(set(_called(session, keep.id)) & set(_called(session, drop.id)))
    if years:
        listed = ", ".join(map(str, years))
        raise DomainError(f"{both} ont toutes deux une contribution appelée pour {listed}. Gardez-en une "
                          "(Portefeuille, Financements) avant de les fusionner.")


def _seated_in(session: Session, org_id: uuid.UUID) -> list[str]:
    return list(session.scalars(select(Body.code).join(Seat, Seat.body_id == Body.id).where(
        Seat.organisation_id == org_id, Seat.deleted.is_(False), Body.deleted.is_(False))))


def _called(session: Session, org_id: uuid.UUID) -> dict[int, MemberContribution]:
    rows = session.scalars(select(MemberContribution).where(
        MemberContribution.organisation_id == org_id, MemberContribution.deleted.is_(False)))
    return {row.year: row for row in rows}


def _rekey_contributions(
    session: Session, keep: Organisation, drop: Organisation
) -> tuple[tuple[uuid.UUID, uuid.UUID, tuple[uuid.UUID, ...]], ...]:
    """A call is the row natural_id("contribution", member, year) on every workstation: the absorbed
    one's calls move to the kept one's ids, with their payments. Returns (absorbed call, kept one's call,
    the payments moved) for each."""
    moved = []
    for year, old in _called(session, drop.id).items():
        new = shared_row(session, MemberContribution, natural_id("contribution", keep.id, year),
                         organisation_id=keep.id, year=year, called_cents=old.called_cents,
                         in_kind_cents=old.in_kind_cents, in_kind_description=old.in_kind_description)
        session.flush()
        payments = session.scalars(select(ContributionPayment.id).where(
            ContributionPayment.contribution_id == old.id)).all()
        session.execute(update(ContributionPayment).where(ContributionPayment.contribution_id == old.id)
                        .values(contribution_id=new.id))
        old.deleted = True
        moved.append((old.id, new.id, tuple(payments)))
    return tuple(moved)


def _drop_repeated_partners(
    session: Session, keep: Organisation, drop: Organisation
) -> tuple[uuid.UUID, ...]:
    """A fiche that had both as partners keeps one line; returns the lines dropped."""
    dropped = []
    kept = set(session.scalars(select(ProjectPartner.project_id).where(
        ProjectPartner.organisation_id == keep.id, ProjectPartner.deleted.is_(False))))
    for line in session.scalars(select(ProjectPartner).where(
            ProjectPartner.organisation_id == drop.id, ProjectPartner.deleted.is_(False))):
        if line.project_id in kept:
            line.deleted = True
            dropped.append(line.id)
    return tuple(dropped)
