"""« Fusionner… »: the same organisation declared twice (no SIREN, two workstations offline) becomes one;
everything that named the absorbed one names the kept one; clashes are refused with nothing written;
« Annuler la fusion » puts everything back. On the demo département's real base."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app import db
from app.domain.enums import OrganisationType
from app.domain.errors import DomainError
from app.domain.ids import natural_id, new_id
from app.models.body import Body, Seat
from app.models.funding import ContributionPayment, FundingLine, MemberContribution
from app.models.organisation import Organisation
from app.models.project import Project, ProjectPartner
from app.services.organisation_merge import merge_organisations, unmerge_organisations
from app.services.organisation_register import references


def _twin(label: str, *, siren: str = "") -> tuple[Organisation, Organisation]:
    """The demo's organisation `label`, and a copy of it declared without SIREN elsewhere."""
    with db.unit_of_work() as session:
        kept = session.scalars(select(Organisation).where(Organisation.short_name == label)).one()
        twin = Organisation(id=new_id(), name=kept.name.upper(), short_name="", siren=siren,
                            kind=OrganisationType.PARTNER, address="2 rue du Port, 96000 Maillac")
        session.add(twin)
        session.expunge(kept)
        return kept, twin


def _count(model: type, *where: object) -> int:
    with db.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_everything_that_named_the_twin_names_the_kept_one(demo_db: Path) -> None:
    kept, twin = _twin("Mission locale")
    with db.unit_of_work() as session:
        project = session.scalars(select(Project).where(Project.carrier_id == kept.id)).first()
        assert project is not None
        other = session.scalars(select(Project).where(Project.carrier_id != kept.id)).first()
        assert other is not None
        other.carrier_id = twin.id
        session.execute(update(Organisation).where(Organisation.id == kept.id).values(address=""))
        session.add(FundingLine(id=new_id(), project_id=project.id, funder_id=twin.id, fiscal_year=2027,
                                amount_cents=500_000))
        call = MemberContribution(id=natural_id("contribution", twin.id, 2027), organisation_id=twin.id,
                                  year=2027, called_cents=100_000)
        session.add(call)
        session.flush()
        session.add(ContributionPayment(id=new_id(), contribution_id=call.id, amount_cents=40_000))
        other_code, funded_code = other.code, project.code

    with db.unit_of_work() as session:
        merged = merge_organisations(session, kept.id, twin.id).kept

    assert other_code in merged.carried and funded_code in merged.funded
    assert merged.address == "2 rue du Port, 96000 Maillac"  # a blank filled from the twin
    assert _count(Organisation, Organisation.id == twin.id, Organisation.deleted.is_(True)) == 1
    for model, column in ((Project, Project.carrier_id), (FundingLine, FundingLine.funder_id),
                          (MemberContribution, MemberContribution.organisation_id)):
        assert _count(model, column == twin.id, model.deleted.is_(False)) == 0  # type: ignore[attr-defined]
    with db.unit_of_work() as session:  # the call moved to the kept one's id, with its payment
        moved = session.get(MemberContribution, natural_id("contribution", kept.id, 2027))
        assert moved is not None and not moved.deleted and moved.called_cents == 100_000
        paid = session.scalars(select(ContributionPayment.amount_cents)
                               .where(ContributionPayment.contribution_id == moved.id)).all()
        assert paid == [40_000]


def test_clashes_are_refused_and_nothing_is_written(demo_db: Path) -> None:
    kept, twin = _twin("CAF")
    with db.unit_of_work() as session:
        body = session.scalars(select(Body).where(Body.code == "CA")).one()
        session.add(Seat(id=new_id(), body_id=body.id, organisation_id=twin.id))
    with pytest.raises(DomainError, match="siègent toutes deux dans : CA"), db.unit_of_work() as session:
        merge_organisations(session, kept.id, twin.id)
    assert _count(Organisation, Organisation.id == twin.id, Organisation.deleted.is_(False)) == 1

    kept, other = _twin("MSA", siren="130017007")
    with pytest.raises(DomainError, match="deux SIREN différents"), db.unit_of_work() as session:
        merge_organisations(session, kept.id, other.id)
    with pytest.raises(DomainError, match="une autre organisation"), db.unit_of_work() as session:
        merge_organisations(session, kept.id, kept.id)


def _live_state() -> dict[str, object]:
    """Every live row that names an organisation, with the one it names; the live organisations with
    their fields; the live calls and where their payments go."""
    with db.unit_of_work() as session:
        state: dict[str, object] = {}
        for column in references():
            table = column.table
            rows = session.execute(select(table.c.id, column).where(table.c.deleted.is_(False))).all()
            state[f"{table.name}.{column.name}"] = sorted((str(r), str(o)) for r, o in rows)
        state["organisation"] = sorted(
            (str(o.id), o.name, o.short_name, o.siren, o.siret, o.address)
            for o in session.scalars(select(Organisation).where(Organisation.deleted.is_(False))))
        live = select(ContributionPayment).where(ContributionPayment.deleted.is_(False))
        state["payments"] = sorted((str(p.id), str(p.contribution_id), p.amount_cents)
                                   for p in session.scalars(live))
        return state


def test_undoing_a_merge_puts_back_exactly_what_it_changed(demo_db: Path) -> None:
    kept, twin = _twin("Mission locale")
    with db.unit_of_work() as session:
        carried = session.scalars(select(Project).where(Project.carrier_id == kept.id)).first()
        other = session.scalars(select(Project).where(Project.carrier_id != kept.id)).first()
        assert carried is not None and other is not None
        other.carrier_id = twin.id
        session.execute(update(Organisation).where(Organisation.id == kept.id).values(address=""))
        for organisation in (kept, twin):  # one fiche with both as partners: one line dropped, then back
            session.add(ProjectPartner(id=new_id(), project_id=carried.id, organisation_id=organisation.id))
        call = MemberContribution(id=natural_id("contribution", twin.id, 2027), organisation_id=twin.id,
                                  year=2027, called_cents=100_000)
        session.add(call)
        session.flush()
        session.add(ContributionPayment(id=new_id(), contribution_id=call.id, amount_cents=40_000))
    before = _live_state()

    with db.unit_of_work() as session:
        receipt = merge_organisations(session, kept.id, twin.id).receipt
    assert _live_state() != before
    assert receipt.filled == ("address",) and len(receipt.partners) == 1 and len(receipt.calls) == 1
    with db.unit_of_work() as session:
        restored = unmerge_organisations(session, receipt)

    assert restored.id == twin.id and restored.carried == (other.code,)
    assert _live_state() == before
    with pytest.raises(DomainError, match="la fusion a déjà été annulée"), db.unit_of_work() as session:
        unmerge_organisations(session, receipt)


def test_an_undo_keeps_what_was_done_since_or_refuses_to_lose_it(demo_db: Path) -> None:
    """A fiche given to the kept organisation after the merge stays with it; a blank filled by the merge
    and corrected since keeps its correction; a payment recorded since on a moved call refuses the undo,
    with nothing written."""
    kept, twin = _twin("Mission locale")
    with db.unit_of_work() as session:
        session.execute(update(Organisation).where(Organisation.id == kept.id).values(address=""))
        call = MemberContribution(id=natural_id("contribution", twin.id, 2027), organisation_id=twin.id,
                                  year=2027, called_cents=100_000)
        session.add(call)
    with db.unit_of_work() as session:
        receipt = merge_organisations(session, kept.id, twin.id).receipt
    kept_call = natural_id("contribution", kept.id, 2027)
    with db.unit_of_work() as session:
        given = session.scalars(select(Project).where(Project.carrier_id != kept.id)).first()
        assert given is not None
        given.carrier_id, code = kept.id, given.code
        session.execute(update(Organisation).where(Organisation.id == kept.id)
                        .values(address="5 place de la Mairie, 96000 Maillac"))
        session.add(ContributionPayment(id=new_id(), contribution_id=kept_call, amount_cents=10_000))
    with pytest.raises(DomainError, match="Un versement a été saisi depuis la fusion sur la contribution "
                                          "2027"), db.unit_of_work() as session:
        unmerge_organisations(session, receipt)
    assert _count(Organisation, Organisation.id == twin.id, Organisation.deleted.is_(True)) == 1

    with db.unit_of_work() as session:
        session.execute(update(ContributionPayment).where(ContributionPayment.contribution_id == kept_call)
                        .values(deleted=True))
    with db.unit_of_work() as session:
        unmerge_organisations(session, receipt)
    with db.unit_of_work() as session:
        back = session.get(Organisation, kept.id)
        assert back is not None and back.address == "5 place de la Mairie, 96000 Maillac"
        assert session.scalars(select(Project.carrier_id).where(Project.code == code)).one() == kept.id
