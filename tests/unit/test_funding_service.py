"""Co-funding analytics: exact totals four ways, contributions called vs paid, progression (issue 5)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import FundingStatus as F
from app.domain.errors import DomainError
from app.domain.ids import link_id, new_id
from app.models.framework import Axis, Framework
from app.models.funding import ContributionPayment, FundingLine, MemberContribution
from app.models.project import Project, ProjectAxis
from app.services.funding import (
    advance_funding,
    consumption,
    contributions,
    funding_totals,
    record_payment,
    remove_funding_line,
    save_funding_line,
    stacked_by_funder,
)
from tests.unit.portfolio_seed import organisation, project


def _line(session: Session, project_id: object, funder_id: object, year: int, cents: int,
          status: F = F.PLANNED, **values: object) -> FundingLine:
    line = FundingLine(id=new_id(), project_id=project_id, funder_id=funder_id, fiscal_year=year,
                       amount_cents=cents, status=status, **values)
    session.add(line)
    session.flush()
    return line


@pytest.fixture
def plan(session: Session) -> dict[str, object]:
    caf = organisation(session, "Caisse d'allocations familiales", "CAF")
    state = organisation(session, "Préfecture", "État")
    a, b, gone = project(session, "FA-1"), project(session, "FA-2"), project(session, "FA-3", deleted=True)
    _line(session, a.id, caf.id, 2026, 1_234_50, F.PAID, act_reference="2026-CA-001")
    _line(session, a.id, state.id, 2026, 3_000_00, F.COMMITTED, act_reference="conv. 12")
    _line(session, a.id, state.id, 2027, 5_000_01)
    _line(session, b.id, caf.id, 2027, 99, F.REQUESTED)
    _line(session, b.id, caf.id, 2027, 7_777_77, deleted=True)
    _line(session, gone.id, caf.id, 2026, 8_888_88)
    framework = Framework(id=new_id(), code="PDI")
    session.add(framework)
    session.flush()
    axes = [Axis(id=new_id(), framework_id=framework.id, number=n, title=n) for n in ("1", "2")]
    session.add_all(axes)
    session.add_all([ProjectAxis(id=link_id(a.id, axis.id), project_id=a.id, axis_id=axis.id)
                     for axis in axes])
    session.flush()
    return {"a": a, "b": b, "caf": caf, "state": state, "axes": axes}


def test_totals_are_exact_and_skip_the_bin(session: Session, plan: dict[str, object]) -> None:
    totals = funding_totals(session)
    assert totals.total == 1_234_50 + 3_000_00 + 5_000_01 + 99
    for breakdown in (totals.by_funder, totals.by_year, totals.by_status):
        assert sum(t.cents for t in breakdown) == totals.total
    assert [(t.label, t.cents, t.count) for t in totals.by_funder] == [
        ("État", 8_000_01, 2), ("CAF", 1_235_49, 2)]
    assert [(t.label, t.cents) for t in totals.by_year] == [("2026", 4_234_50), ("2027", 5_001_00)]
    assert [t.label for t in totals.by_status] == ["Prévisionnel", "Sollicité", "Engagé", "Versé"]


def test_a_project_on_two_axes_counts_in_each_and_loose_ones_are_listed(session: Session,
                                                                        plan: dict[str, object]) -> None:
    by_axis = funding_totals(session).by_axis
    assert [(t.label, t.cents) for t in by_axis] == [("PDI · 1 1", 9_234_51), ("PDI · 2 2", 9_234_51),
                                                     ("Sans axe", 99)]


def test_contributions_sum_their_payments(session: Session) -> None:
    member = organisation(session, "Département de la Haute-Maille", "Département")
    row = MemberContribution(id=new_id(), organisation_id=member.id, year=2026, called_cents=100_000_00,
                             in_kind_cents=20_000_00)
    session.add(row)
    session.flush()
    for cents, deleted in ((40_000_00, False), (25_000_50, False), (1_00, True)):
        session.add(ContributionPayment(id=new_id(), contribution_id=row.id, paid_on=date(2026, 3, 1),
                                        amount_cents=cents, deleted=deleted))
    session.flush()
    after = record_payment(session, row.id, amount_cents=50, paid_on=date(2026, 9, 1), reference="Mandat 812")
    assert after.paid_cents == 65_000_50 + 50
    with pytest.raises(DomainError, match="doit être positif"):
        record_payment(session, row.id, amount_cents=0, paid_on=date(2026, 9, 1))
    (line,) = contributions(session, year=2026)
    assert (line.member, line.called_cents, line.paid_cents, line.in_kind_cents) == (
        "Département", 100_000_00, 65_001_00, 20_000_00)
    assert line.outstanding_cents == 34_999_00


def test_chart_data_stacks_by_funder_and_consumption_climbs(session: Session,
                                                            plan: dict[str, object]) -> None:
    stacked = stacked_by_funder(session)
    assert stacked.years == (2026, 2027)
    assert stacked.series == (("État", (3_000_00, 5_000_01)), ("CAF", (1_234_50, 99)))
    assert stacked.year_totals == (4_234_50, 5_001_00)
    points = consumption(session)
    assert [(p.year, p.programmed_cents, p.committed_cents, p.paid_cents) for p in points] == [
        (2026, 4_234_50, 4_234_50, 1_234_50), (2027, 5_001_00, 0, 0)]


def test_funding_moves_forward_only_and_cites_its_act(session: Session, plan: dict[str, object]) -> None:
    line = _line(session, plan["a"].id, plan["caf"].id, 2028, 10_00)  # type: ignore[attr-defined]
    assert advance_funding(session, line.id, F.REQUESTED).status is F.REQUESTED
    with pytest.raises(DomainError, match="doit citer son acte"):
        advance_funding(session, line.id, F.NOTIFIED)
    info = advance_funding(session, line.id, F.NOTIFIED, act_reference="Notification CAF 2028-17")
    assert (info.status, info.act_reference) == (F.NOTIFIED, "Notification CAF 2028-17")
    with pytest.raises(DomainError, match="ne peut pas revenir à « sollicité »"):
        advance_funding(session, line.id, F.REQUESTED)
    with pytest.raises(DomainError, match="déjà « notifié »"):
        advance_funding(session, line.id, F.NOTIFIED)


def test_demo_totals_match_a_plain_sum(demo_db: object) -> None:
    with db.SessionFactory() as session:
        raw = session.scalar(select(func.sum(FundingLine.amount_cents))
                             .join(Project, Project.id == FundingLine.project_id)
                             .where(FundingLine.deleted.is_(False), Project.deleted.is_(False)))
        totals = funding_totals(session)
        assert totals.total == raw and sum(t.cents for t in totals.by_funder) == raw
        assert sum(p.programmed_cents for p in consumption(session)) == raw
        assert contributions(session) and all(r.paid_cents <= r.called_cents for r in contributions(session))


def test_lines_are_edited_until_committed(session: Session, plan: dict[str, object]) -> None:
    fa, caf = plan["a"], plan["caf"]
    info = save_funding_line(session, fa.id, funder_id=caf.id,  # type: ignore[attr-defined]
                             fiscal_year=2028, amount_cents=12_345_67)
    edited = save_funding_line(session, fa.id, funder_id=caf.id, fiscal_year=2028,  # type: ignore[attr-defined]
                               amount_cents=12_000_00, line_id=info.id)
    assert (edited.id, edited.amount_cents, edited.status) == (info.id, 12_000_00, F.PLANNED)
    with pytest.raises(DomainError, match="doit être positif"):
        save_funding_line(session, fa.id, funder_id=caf.id,  # type: ignore[attr-defined]
                          fiscal_year=2028, amount_cents=-1)
    committed = session.scalars(select(FundingLine).where(FundingLine.status == F.COMMITTED)).first()
    with pytest.raises(DomainError, match="ne se modifie plus"):
        remove_funding_line(session, committed.id)
    remove_funding_line(session, info.id)
    assert funding_totals(session).total == 1_234_50 + 3_000_00 + 5_000_01 + 99


def test_a_funding_line_is_checked_field_by_field_then_edited_and_put_in_the_bin(
    session: Session, plan: dict[str, object]
) -> None:
    from datetime import date

    from app.domain.cofunding import InvalidFundingLineError
    from app.domain.enums import FundingNature

    fa, caf, state = plan["a"], plan["caf"], plan["state"]
    fa.starts_on, fa.ends_on = date(2026, 1, 1), date(2027, 12, 31)  # type: ignore[attr-defined]
    with pytest.raises(InvalidFundingLineError) as caught:
        save_funding_line(session, fa.id, funder_id=None, fiscal_year=2031,  # type: ignore[attr-defined]
                          amount_cents=0)
    problems = caught.value.problems
    assert problems == {
        "funder": "Choisissez le financeur de la ligne.",
        "amount": "Le montant d'un financement doit être positif (plus de 0 €).",
        "fiscal_year": "L'exercice 2031 est hors de la période possible (2025 à 2028) : la fiche FA-1 court "
                       "de 2026 à 2027.",
    }
    line = save_funding_line(session, fa.id, funder_id=caf.id, fiscal_year=2027,  # type: ignore[attr-defined]
                             amount_cents=40_000_00)
    assert (line.funder_id, line.nature) == (caf.id, FundingNature.CASH)  # what the edit dialog shows
    edited = save_funding_line(session, fa.id, funder_id=state.id, fiscal_year=2028,  # type: ignore[attr-defined]
                               amount_cents=45_000_00, nature=FundingNature.STAFF, line_id=line.id)
    assert (edited.funder, edited.fiscal_year, edited.amount_cents, edited.nature) == (
        "État", 2028, 45_000_00, FundingNature.STAFF)
    before = funding_totals(session).total
    removed = remove_funding_line(session, line.id)
    assert removed.id == line.id and funding_totals(session).total == before - 45_000_00
    with pytest.raises(DomainError, match="introuvable|n'existe"):
        remove_funding_line(session, line.id)  # already in the bin


def test_a_line_in_the_bin_comes_back(session: Session, plan: dict[str, object]) -> None:
    from app.services.funding import restore_funding_line

    fa, caf = plan["a"], plan["caf"]
    line = save_funding_line(session, fa.id, funder_id=caf.id, fiscal_year=2027,  # type: ignore[attr-defined]
                             amount_cents=10_00)
    total = funding_totals(session).total
    remove_funding_line(session, line.id)
    assert restore_funding_line(session, line.id).amount_cents == 10_00
    assert funding_totals(session).total == total
