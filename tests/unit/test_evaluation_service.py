"""Evaluation read services: grids, evaluations, distributions (never only a mean)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app import db
from app.domain.enums import AppraisalLevel, Priority
from app.services.evaluation import get_evaluation, list_evaluations, list_grids
from tests.seed_instances import seed_evaluation


def test_grids_list_criteria_and_scale_descriptors(session: Session) -> None:
    seed_evaluation(session)

    [grid] = list_grids(session)

    assert (grid.version_label, grid.criteria_count, grid.evaluations_count) == ("REF-PROJ v2", 3, 1)
    assert grid.criteria[0].descriptors == tuple((n, f"Niveau {n}") for n in (1, 2, 3, 4))


def test_evaluation_progress_counts_appraised_criteria_and_ne(session: Session) -> None:
    seed_evaluation(session)

    [evaluation] = list_evaluations(session)

    assert evaluation.object_label == "FA-1.1-01 – Plateforme de mobilité solidaire"
    assert evaluation.grid_label == "REF-PROJ v2"
    assert evaluation.evaluators == ("Alice Martin", "Bruno Petit", "Chloé Roy")
    assert (evaluation.appraised, evaluation.criteria_total, evaluation.ne_count) == (2, 3, 1)


def test_evaluation_detail_gives_distribution_ne_and_consolidation(session: Session) -> None:
    _, seeded = seed_evaluation(session)

    detail = get_evaluation(session, seeded.id)

    first, second, third = detail.criteria
    assert first.distribution == (0, 0, 2, 0) and first.ne_count == 1
    assert first.consolidated is AppraisalLevel.SATISFACTORY and first.rationale == "Deux avis concordants."
    assert second.distribution == (0, 1, 0, 0) and second.consolidated is None
    assert third.appraisals_count == 0
    [recommendation] = detail.recommendations
    assert recommendation.priority is Priority.HIGH and recommendation.follow_up == "Étude lancée."


def test_every_demo_evaluation_has_consistent_distributions(demo_db: Path) -> None:
    with db.unit_of_work() as session:
        grids = list_grids(session)
        evaluations = list_evaluations(session)
        details = [get_evaluation(session, evaluation.id) for evaluation in evaluations]

    assert len(grids) >= 2 and evaluations
    for detail in details:
        evaluators = len(detail.summary.evaluators)
        assert len(detail.criteria) == detail.summary.criteria_total
        assert 0 <= detail.summary.appraised <= detail.summary.criteria_total
        for criterion in detail.criteria:
            assert criterion.appraisals_count <= evaluators
        assert detail.summary.ne_count == sum(criterion.ne_count for criterion in detail.criteria)
