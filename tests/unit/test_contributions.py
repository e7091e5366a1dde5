"""« Appeler les contributions… »: each member called for a year, proposed from the year before; never
below what it already paid; the same call made on two workstations is one contribution."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app import db
from app.domain.errors import DomainError
from app.domain.ids import natural_id
from app.models.funding import MemberContribution
from app.services.contributions import call_contributions, contribution_call
from app.services.funding import contributions, record_member_payment
from app.services.organisations import declare_organisation


def test_a_year_is_proposed_from_the_last_then_called(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        last = {line.organisation_id: line for line in contribution_call(session, 2026)}
        proposal = contribution_call(session, 2027)
    assert proposal and not any(line.called for line in proposal)
    assert all(line.previous_cents == last[line.organisation_id].called_cents for line in proposal)

    with db.unit_of_work() as session:
        call_contributions(session, 2027, {line.organisation_id: line.previous_cents + 100_00
                                           for line in proposal})
    with db.unit_of_work() as session:
        called = {row.organisation_id: row.called_cents for row in contributions(session, year=2027)}
        again = contribution_call(session, 2027)
    assert called == {line.organisation_id: line.previous_cents + 100_00 for line in proposal}
    assert all(line.called and line.called_cents == called[line.organisation_id] for line in again)


def test_a_call_below_what_was_paid_is_refused_naming_the_member(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        paid = next(line for line in contribution_call(session, 2026) if line.paid_cents)
    with pytest.raises(DomainError, match=f"{paid.member} a déjà versé .* pour 2026 : l'appel ne peut pas"), \
            db.unit_of_work() as session:
        call_contributions(session, 2026, {paid.organisation_id: paid.paid_cents - 1})


def test_a_new_member_is_called_and_pays(bound_db: Path) -> None:
    """An empty base: a member declared from an instance's seats is proposed at 0, called, then pays."""
    with db.unit_of_work() as session:
        msa = declare_organisation(session, name="Mutualité sociale agricole", short_name="MSA")
        [line] = contribution_call(session, 2027)
        assert (line.member, line.previous_cents, line.called) == ("MSA", 0, False)
        call_contributions(session, 2027, {msa.id: 15_000_00})
        record_member_payment(session, msa.id, 2027, amount_cents=5_000_00, paid_on=date(2027, 3, 1))
        [row] = contributions(session, year=2027)
        stored = session.get(MemberContribution, natural_id("contribution", msa.id, 2027))
    assert (row.called_cents, row.paid_cents, row.outstanding_cents) == (15_000_00, 5_000_00, 10_000_00)
    assert stored is not None  # its id comes from member and year: the same on every workstation
    with db.unit_of_work() as session:
        [again] = contribution_call(session, 2027)
    assert again.called and again.paid_cents == 5_000_00
