"""Traceability: the needs × projects matrix both ways, and a project's decisions (issue 5)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import Priority
from app.domain.enums import ProjectStatus as S
from app.domain.ids import link_id, new_id
from app.models.diagnostic import Need
from app.models.project import Project, ProjectNeed
from app.services.coverage import coverage_matrix, project_links
from tests.unit.portfolio_seed import project


def _need(session: Session, code: str, priority: Priority = Priority.MEDIUM) -> Need:
    need = Need(id=new_id(), code=code, title=f"Besoin {code}", priority=priority)
    session.add(need)
    session.flush()
    return need


def _link(session: Session, project_id: object, need_id: object, *, deleted: bool = False) -> None:
    link = ProjectNeed(id=link_id(project_id, need_id),  # type: ignore[arg-type]
                       project_id=project_id, need_id=need_id, deleted=deleted)
    session.add(link)
    session.flush()


def test_matrix_cells_and_gaps_both_ways(session: Session) -> None:
    n1, n2, n3 = _need(session, "B01", Priority.HIGH), _need(session, "B02"), _need(session, "B03")
    _need(session, "B04").deleted = True
    running = project(session, "FA-1", status=S.RUNNING)
    dropped = project(session, "FA-2", status=S.ABANDONED)
    idea, binned = project(session, "FA-3"), project(session, "FA-4", deleted=True)
    _link(session, running.id, n1.id)
    _link(session, dropped.id, n2.id)
    _link(session, idea.id, n3.id, deleted=True)
    _link(session, binned.id, n3.id)
    matrix = coverage_matrix(session)
    assert [n.code for n in matrix.needs] == ["B01", "B02", "B03"]
    assert [p.code for p in matrix.projects] == ["FA-1", "FA-2", "FA-3"]
    assert matrix.cells == {(0, 0), (1, 1)}
    assert [n.code for n in matrix.uncovered_needs] == ["B02", "B03"]  # B02 only by an abandoned project
    assert [p.code for p in matrix.projects_without_need] == ["FA-3"]
    assert [p.code for p in matrix.projects_of(0)] == ["FA-1"]
    assert [n.code for n in matrix.needs_of(1)] == ["B02"]
    assert matrix.covered_count == 1


def test_demo_matrix_agrees_with_the_links(demo_db: object) -> None:
    with db.SessionFactory() as session:
        matrix = coverage_matrix(session)
        links = session.scalars(select(ProjectNeed).where(ProjectNeed.deleted.is_(False))).all()
        assert len(matrix.cells) == len(links) and len(matrix.projects) == 30
        for row, need in enumerate(matrix.needs):
            covered = any(p.active for p in matrix.projects_of(row))
            assert covered == (need not in matrix.uncovered_needs)


def test_project_links_name_why_each_decision_matters(demo_db: object) -> None:
    with db.SessionFactory() as session:
        stmt = select(Project).where(Project.validated_by_decision_id.is_not(None))
        validated = session.scalars(stmt).first()
        assert validated is not None
        links = project_links(session, validated.id)
        by_id = {d.id: d for d in links.decisions}
        assert "validation du projet" in by_id[validated.validated_by_decision_id].reasons
        assert links.agenda_items and all(item.meeting_label for item in links.agenda_items)
        days = [d.day for d in links.decisions if d.day]
        assert days == sorted(days)
