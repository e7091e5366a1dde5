"""Lifecycle of a fiche action: the graph, the rules that need data, the recorded history (issue 5)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import DecisionKind, DecisionStatus
from app.domain.enums import ProjectStatus as S
from app.domain.errors import DomainError
from app.domain.lifecycle import TRANSITIONS, move_refusal
from app.models.project import Project, ProjectStatusChange
from app.services.lifecycle import change_status, history, transition_options, transition_refusal
from tests.unit.portfolio_seed import decision, project


def test_every_status_is_in_the_graph_and_terminal_ones_stay() -> None:
    assert set(TRANSITIONS) == set(S)
    assert TRANSITIONS[S.CLOSED] == () and TRANSITIONS[S.ABANDONED] == ()
    assert "ne change plus" in (move_refusal(S.CLOSED, S.RUNNING) or "")
    refusal = move_refusal(S.IDEA, S.VALIDATED) or ""
    assert "« idée » ne peut pas passer « validé »" in refusal and "« en instruction »" in refusal


def test_the_happy_path_records_each_step(session: Session) -> None:
    fa = project(session, starts_on=date(2026, 1, 1))
    ca = decision(session)
    steps = [(S.INSTRUCTION, None), (S.FAVOURABLE, None), (S.VALIDATED, ca.id), (S.CONTRACTED, None),
             (S.RUNNING, None)]
    for day, (target, decision_id) in enumerate(steps, start=1):
        change_status(session, fa.id, target, by="Claire", comment="ok", decision_id=decision_id,
                      at=datetime(2026, 2, day, 9, 0))
    entries = history(session, fa.id)
    assert [(e.from_status, e.to_status) for e in entries] == [
        (S.IDEA, S.INSTRUCTION), (S.INSTRUCTION, S.FAVOURABLE), (S.FAVOURABLE, S.VALIDATED),
        (S.VALIDATED, S.CONTRACTED), (S.CONTRACTED, S.RUNNING)]
    assert entries[2].decision_number == "2026-CA-001" and entries[0].changed_by == "Claire"
    assert fa.status is S.RUNNING and fa.validated_by_decision_id == ca.id


@pytest.mark.parametrize(("make", "message"), [
    (None, "décision d'une instance"),
    ({"kind": DecisionKind.OPINION}, "est un avis"),
    ({"status": DecisionStatus.DRAFT}, "n'est pas adoptée"),
])
def test_validated_needs_an_adopted_decision_of_a_body(session: Session, make: dict | None,
                                                       message: str) -> None:
    fa = project(session, status=S.FAVOURABLE)
    decision_id = decision(session, **make).id if make is not None else None
    with pytest.raises(DomainError, match=message):
        change_status(session, fa.id, S.VALIDATED, decision_id=decision_id)
    assert fa.status is S.FAVOURABLE
    assert session.scalars(select(ProjectStatusChange)).all() == []


def test_closing_needs_an_end_date_and_a_final_report(session: Session) -> None:
    fa = project(session, status=S.RUNNING)
    with pytest.raises(DomainError, match="renseignez la date de fin et le rapport final"):
        change_status(session, fa.id, S.CLOSED)
    fa.ends_on = date(2026, 12, 31)
    with pytest.raises(DomainError, match="renseignez le rapport final"):
        change_status(session, fa.id, S.CLOSED)
    fa.final_report = "Bilan : 120 personnes accompagnées."
    assert change_status(session, fa.id, S.CLOSED).to_status is S.CLOSED


def test_running_needs_a_start_date_and_leaving_the_path_needs_a_reason(session: Session) -> None:
    fa = project(session, status=S.CONTRACTED)
    assert "date de début" in (transition_refusal(session, fa.id, S.RUNNING) or "")
    with pytest.raises(DomainError, match="Indiquez le motif"):
        change_status(session, fa.id, S.ABANDONED, comment="  ")
    change_status(session, fa.id, S.ABANDONED, comment="Le porteur renonce.")
    with pytest.raises(DomainError, match="ne change plus"):
        change_status(session, fa.id, S.INSTRUCTION)


def test_suspension_goes_back_to_running(session: Session) -> None:
    fa = project(session, status=S.RUNNING, starts_on=date(2026, 1, 1))
    change_status(session, fa.id, S.SUSPENDED, comment="Départ de la coordinatrice.")
    change_status(session, fa.id, S.RUNNING)
    assert [e.to_status for e in history(session, fa.id)] == [S.SUSPENDED, S.RUNNING]


def test_the_demo_history_follows_the_graph_and_ends_on_the_status(demo_db: object) -> None:
    with db.SessionFactory() as session:
        for fa in session.scalars(select(Project)):
            entries = history(session, fa.id)
            for entry in entries:
                assert entry.to_status in TRANSITIONS[entry.from_status], (fa.code, entry)
            assert (entries[-1].to_status if entries else S.IDEA) is fa.status, fa.code


def test_transition_options_for_the_status_menu(session: Session) -> None:
    fa = project(session, status=S.RUNNING)
    options = {o.target: o for o in transition_options(session, fa.id)}
    assert set(options) == {S.SUSPENDED, S.CLOSED, S.ABANDONED}
    assert options[S.SUSPENDED].allowed and options[S.SUSPENDED].needs_reason
    assert not options[S.CLOSED].allowed and "date de fin" in (options[S.CLOSED].refusal or "")
    favourable = project(session, "FA-2", status=S.FAVOURABLE)
    validated = {o.target: o for o in transition_options(session, favourable.id)}[S.VALIDATED]
    assert validated.allowed and validated.needs_decision


def test_a_status_change_is_undone_by_a_correction_entry_kept_in_the_history(session: Session) -> None:
    from app.services.lifecycle import revert_status_change

    fa = project(session, starts_on=date(2026, 1, 1))
    ca = decision(session)
    for day, (target, decision_id) in enumerate([(S.INSTRUCTION, None), (S.FAVOURABLE, None),
                                                 (S.VALIDATED, ca.id)], start=1):
        last = change_status(session, fa.id, target, by="Claire", decision_id=decision_id,
                             at=datetime(2026, 2, day, 9, 0))

    correction = revert_status_change(session, last.id, by="Paul", at=datetime(2026, 2, 3, 9, 5))

    assert fa.status is S.FAVOURABLE and fa.validated_by_decision_id is None
    assert (correction.from_status, correction.to_status, correction.changed_by) == (
        S.VALIDATED, S.FAVOURABLE, "Paul")
    assert correction.comment == "Annulation du passage « validé » du 03/02/2026 09:00 (saisie erronée)."
    entries = history(session, fa.id)
    assert [e.to_status for e in entries] == [S.INSTRUCTION, S.FAVOURABLE, S.VALIDATED, S.FAVOURABLE]
    with pytest.raises(DomainError, match="a changé depuis"):  # the correction itself is the latest now
        revert_status_change(session, last.id)
    again = change_status(session, fa.id, S.VALIDATED, decision_id=ca.id)  # redo: a new, normal entry
    assert fa.status is S.VALIDATED and again.id != last.id


def test_a_fiche_goes_to_the_bin_and_back_unless_its_code_was_reused(session: Session) -> None:
    from app.services.project_form import remove_project, restore_project

    fa = project(session, "FA-7.1")
    assert remove_project(session, fa.id).code == "FA-7.1" and fa.deleted
    assert restore_project(session, fa.id).created and not fa.deleted
    remove_project(session, fa.id)
    project(session, "FA-7.1", title="Autre fiche")
    with pytest.raises(DomainError, match="maintenant celui de « Autre fiche »"):
        restore_project(session, fa.id)
