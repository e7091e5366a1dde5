"""Meeting operations on the demo département (issue 4): decision numbering, the agenda editor's rules and
the lifecycle transitions. Attendance, proxies and votes: test_meeting_live.py."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import (
    AgendaItemKind,
    AgendaItemStatus,
    DecisionKind,
    DecisionStatus,
    DocumentKind,
    MeetingStatus,
)
from app.domain.errors import DomainError
from app.domain.ids import new_id
from app.models.body import Body
from app.models.document import Document
from app.models.meeting import AgendaItem, AgendaItemProject, Decision, Meeting
from app.models.project import Project
from app.services.check import run_check
from app.services.meeting_operations import (
    add_item,
    approve_minutes,
    close_meeting,
    convene_meeting,
    create_meeting,
    freeze_agenda,
    link_project,
    open_meeting,
    reinstate_item,
    remove_meeting,
    reorder_items,
    update_item,
    withdraw_item,
)

K = AgendaItemKind


@pytest.fixture
def session(demo_db: Path) -> Iterator[Session]:
    with db.SessionFactory() as session:
        yield session


def body(session: Session, code: str) -> Body:
    return session.scalars(select(Body).where(Body.code == code)).one()


def new_meeting(session: Session, code: str = "CA", starts: datetime = datetime(2026, 12, 17, 14, 30), *,
                points: int = 2, urgent: bool = False) -> uuid.UUID:
    """A séance en préparation with the usual first points, `points` deliberations and questions diverses."""
    meeting = Meeting(id=new_id(), body_id=body(session, code).id, number=9, starts_at=starts, urgent=urgent,
                      chair_name="Jean-Marc Delpeuch", place="Maillac")
    session.add(meeting)
    session.flush()
    kinds = [(K.INFORMATION, "Désignation du secrétaire de séance"), (K.INFORMATION, "Constat du quorum"),
             *[(K.DELIBERATION, f"Délibération {n}") for n in range(1, points + 1)],
             (K.MISC, "Questions diverses")]
    for position, (kind, title) in enumerate(kinds, start=1):
        session.add(AgendaItem(id=new_id(), meeting_id=meeting.id, position=position, kind=kind, title=title))
    session.flush()
    return meeting.id


def items(session: Session, meeting_id: uuid.UUID) -> list[AgendaItem]:
    stmt = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
    return list(session.scalars(stmt))


def test_freezing_numbers_deliberations_after_the_highest_of_the_body_and_year(session: Session) -> None:
    meeting_id = new_meeting(session)
    assert freeze_agenda(session, meeting_id) == ["2026-CA-011", "2026-CA-012"]
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None and meeting.status is MeetingStatus.AGENDA_FROZEN
    decisions = session.scalars(select(Decision).where(Decision.number.like("2026-CA-01_"))).all()
    assert {d.status for d in decisions if d.sequence > 10} == {DecisionStatus.DRAFT}


def test_numbering_is_per_body_and_per_year(session: Session) -> None:
    assert freeze_agenda(session, new_meeting(session, "COPIL", points=1)) == ["2026-COPIL-006"]
    assert freeze_agenda(session, new_meeting(session, "CA", datetime(2027, 2, 4, 14), points=1)) == \
        ["2027-CA-001"]
    copil_2027 = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.PREPARING)).one()
    assert freeze_agenda(session, copil_2027.id) == ["2027-COPIL-001"]  # the demo's avis point


def test_a_withdrawn_number_is_never_given_again(session: Session) -> None:
    first = new_meeting(session)
    freeze_agenda(session, first)
    withdrawn = next(i for i in items(session, first) if i.title == "Délibération 2")
    withdraw_item(session, withdrawn.id)
    decision = session.scalars(select(Decision).where(Decision.number == "2026-CA-012")).one()
    assert decision.status is DecisionStatus.WITHDRAWN
    assert freeze_agenda(session, new_meeting(session, points=1)) == ["2026-CA-013"]


def test_a_point_withdrawn_by_mistake_comes_back_with_its_number(session: Session) -> None:
    first = new_meeting(session)
    freeze_agenda(session, first)
    point = next(i for i in items(session, first) if i.title == "Délibération 2")
    withdraw_item(session, point.id)

    assert reinstate_item(session, point.id) == "2026-CA-012"

    assert point.status is AgendaItemStatus.PENDING and point.position == 4
    decision = session.scalars(select(Decision).where(Decision.number == "2026-CA-012")).one()
    assert decision.status is DecisionStatus.DRAFT and decision.item_id == point.id
    with pytest.raises(DomainError, match="n'est pas retiré"):
        reinstate_item(session, point.id)
    assert freeze_agenda(session, new_meeting(session, points=1)) == ["2026-CA-013"]  # no number reused


def test_a_point_withdrawn_before_the_freeze_is_numbered_when_it_comes_back_after(session: Session) -> None:
    meeting_id = new_meeting(session)
    point = next(i for i in items(session, meeting_id) if i.title == "Délibération 2")
    withdraw_item(session, point.id)
    assert freeze_agenda(session, meeting_id) == ["2026-CA-011"]

    assert reinstate_item(session, point.id) == "2026-CA-012"


def test_a_point_cannot_come_back_once_the_seance_is_held(session: Session) -> None:
    meeting_id = new_meeting(session)
    point = next(i for i in items(session, meeting_id) if i.title == "Délibération 1")
    withdraw_item(session, point.id)
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    meeting.status = MeetingStatus.HELD
    with pytest.raises(DomainError, match="réinscrire de point après la tenue"):
        reinstate_item(session, point.id)


def test_a_seance_created_by_mistake_goes_to_the_bin_with_its_agenda_and_its_number_is_free(
        session: Session) -> None:
    ca = body(session, "CA")
    created = create_meeting(session, ca.id, starts_at=datetime(2027, 3, 11, 14, 30))
    meeting = session.get(Meeting, created)
    assert meeting is not None and meeting.number == 1
    point = add_item(session, created, title="Budget", kind=K.DELIBERATION)
    project = session.scalars(select(Project).order_by(Project.code)).first()
    assert project is not None
    link_project(session, point, project.id)

    assert remove_meeting(session, created) == "CA – séance n° 1"

    assert meeting.deleted and all(item.deleted for item in items(session, created))
    links = session.scalars(select(AgendaItemProject).where(AgendaItemProject.item_id == point)).all()
    assert links and all(link.deleted for link in links)
    again = session.get(Meeting, create_meeting(session, ca.id, starts_at=datetime(2027, 3, 18, 14, 30)))
    assert again is not None and again.number == 1  # the number of the one removed, given again


def test_only_a_seance_in_preparation_without_documents_can_be_removed(session: Session) -> None:
    drafted = new_meeting(session)
    session.add(Document(id=new_id(), kind=DocumentKind.AGENDA, subject_type="meeting", subject_id=drafted,
                         title="Ordre du jour"))
    session.flush()
    with pytest.raises(DomainError, match=r"sont au registre \(Ordre du jour\)"):
        remove_meeting(session, drafted)
    meeting_id = new_meeting(session)
    freeze_agenda(session, meeting_id)
    with pytest.raises(DomainError, match="seule une séance en préparation"):
        remove_meeting(session, meeting_id)
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None and not meeting.deleted


def test_a_deleted_decision_keeps_its_number_out_of_use(session: Session) -> None:
    last = session.scalars(select(Decision).where(Decision.number == "2026-CA-010")).one()
    last.deleted = True  # in the bin (soft deletion): its number stays taken
    session.flush()
    assert freeze_agenda(session, new_meeting(session, points=1)) == ["2026-CA-011"]


def test_freezing_twice_or_out_of_preparation_is_refused(session: Session) -> None:
    meeting_id = new_meeting(session)
    freeze_agenda(session, meeting_id)
    with pytest.raises(DomainError, match="en préparation"):
        freeze_agenda(session, meeting_id)
    convened = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.CONVENED)).one()
    with pytest.raises(DomainError, match="« Convoquée »"):
        freeze_agenda(session, convened.id)


def test_an_empty_or_undated_agenda_cannot_be_frozen(session: Session) -> None:
    meeting_id = new_meeting(session)
    for item in items(session, meeting_id):
        item.deleted = True
    session.flush()
    with pytest.raises(DomainError, match="vide"):
        freeze_agenda(session, meeting_id)
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    meeting.starts_at = None
    with pytest.raises(DomainError, match="Fixez la date"):
        freeze_agenda(session, meeting_id)


def test_concurrent_numbering_on_two_laptops_is_detected_by_check(demo_db: Path, tmp_path: Path) -> None:
    """Two copies freeze offline and both take 2026-CA-011; once merged, `check` reports it."""
    other = tmp_path / "laptop2.sqlite"
    db.dispose()
    shutil.copy(demo_db, other)
    for path in (demo_db, other):
        db.init_engine(path)
        with db.unit_of_work() as session:
            assert freeze_agenda(session, new_meeting(session, points=1)) == ["2026-CA-011"]
        db.dispose()
    _merge_decisions(other, into=demo_db)  # what a sync round would bring in
    db.init_engine(demo_db)
    report = run_check(demo_db)
    assert not report.sound
    duplicates = [p for p in report.problems if "numéro de délibération attribué deux fois" in p]
    assert duplicates and "2026-CA-011" in duplicates[0]
    with db.unit_of_work() as session:  # and the next number follows the highest of both
        assert freeze_agenda(session, new_meeting(session, points=1)) == ["2026-CA-012"]


def _merge_decisions(source: Path, *, into: Path) -> None:
    with sqlite3.connect(into) as conn:
        conn.execute("ATTACH DATABASE ? AS other", (str(source),))
        for table in ("meeting", "agenda_item", "decision"):
            conn.execute(f"INSERT OR IGNORE INTO {table} SELECT * FROM other.{table}")  # noqa: S608
        conn.commit()
        conn.execute("DETACH DATABASE other")


def test_add_item_goes_before_questions_diverses_and_is_numbered_once_frozen(session: Session) -> None:
    meeting_id = new_meeting(session, points=1)
    freeze_agenda(session, meeting_id)
    item_id = add_item(session, meeting_id, title="Point urgent", kind=K.DELIBERATION,
                       rapporteur="Directrice")
    titles = [i.title for i in items(session, meeting_id)]
    assert titles[-2:] == ["Point urgent", "Questions diverses"]
    assert [i.position for i in items(session, meeting_id)] == list(range(1, 6))
    decision = session.scalars(select(Decision).where(Decision.item_id == item_id)).one()
    assert decision.number == "2026-CA-012"


def test_only_one_questions_diverses_and_it_stays_last(session: Session) -> None:
    meeting_id = new_meeting(session, points=1)
    with pytest.raises(DomainError, match="déjà un point « questions diverses »"):
        add_item(session, meeting_id, title="Questions diverses", kind=K.MISC)
    ids = [i.id for i in items(session, meeting_id)]
    with pytest.raises(DomainError, match="reste le dernier"):
        reorder_items(session, meeting_id, [ids[-1], *ids[:-1]])
    with pytest.raises(DomainError, match="une fois et une seule"):
        reorder_items(session, meeting_id, [ids[0], *ids[:-1]])
    with pytest.raises(DomainError, match="a changé sur un autre poste .* refaites le déplacement"):
        reorder_items(session, meeting_id, ids[:-1])  # the dialog's list was older than the agenda
    reorder_items(session, meeting_id, [ids[2], ids[0], ids[1], ids[3]])
    assert [i.id for i in items(session, meeting_id)] == [ids[2], ids[0], ids[1], ids[3]]


def test_the_agenda_is_locked_once_the_meeting_is_held(session: Session) -> None:
    meeting_id = new_meeting(session)
    freeze_agenda(session, meeting_id)
    convene_meeting(session, meeting_id, on=date(2026, 11, 20))
    open_meeting(session, meeting_id, at=datetime(2026, 12, 17, 14, 35))
    first = items(session, meeting_id)[0]
    with pytest.raises(DomainError, match="après la tenue de la séance"):
        add_item(session, meeting_id, title="Tardif", kind=K.INFORMATION)
    with pytest.raises(DomainError, match="après la tenue de la séance"):
        withdraw_item(session, first.id)
    with pytest.raises(DomainError, match="après la tenue de la séance"):
        reorder_items(session, meeting_id, [i.id for i in items(session, meeting_id)])


def test_convocation_delay_follows_the_body_rule_and_urgency(session: Session) -> None:
    meeting_id = new_meeting(session)
    freeze_agenda(session, meeting_id)
    with pytest.raises(DomainError, match="au moins 20 jours avant la séance, il reste 10 jours"):
        convene_meeting(session, meeting_id, on=date(2026, 12, 7))
    urgent = new_meeting(session, urgent=True)
    freeze_agenda(session, urgent)
    with pytest.raises(DomainError, match="en urgence au moins 5 jours"):
        convene_meeting(session, urgent, on=date(2026, 12, 14))
    convene_meeting(session, urgent, on=date(2026, 12, 12))
    meeting = session.get(Meeting, urgent)
    assert meeting is not None and meeting.status is MeetingStatus.CONVENED
    assert meeting.convened_on == date(2026, 12, 12)


def test_lifecycle_runs_in_order_and_postpones_points_left_without_vote(session: Session) -> None:
    meeting_id = new_meeting(session, points=1)
    with pytest.raises(DomainError, match="« En préparation » et non « ODJ arrêté »"):
        convene_meeting(session, meeting_id, on=date(2026, 11, 20))
    freeze_agenda(session, meeting_id)
    convene_meeting(session, meeting_id, on=date(2026, 11, 20))
    with pytest.raises(DomainError, match="clore la séance"):
        close_meeting(session, meeting_id, at=datetime(2026, 12, 17, 16))
    open_meeting(session, meeting_id, at=datetime(2026, 12, 17, 14, 35))
    close_meeting(session, meeting_id, at=datetime(2026, 12, 17, 16))
    statuses = {i.title: i.status for i in items(session, meeting_id)}
    assert statuses["Délibération 1"] is AgendaItemStatus.POSTPONED
    decision = session.scalars(select(Decision).where(Decision.number == "2026-CA-011")).one()
    assert decision.status is DecisionStatus.POSTPONED
    with pytest.raises(DomainError, match="avant la séance"):
        approve_minutes(session, meeting_id, on=date(2026, 12, 1))
    approve_minutes(session, meeting_id, on=date(2027, 3, 11))
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None and meeting.status is MeetingStatus.MINUTES_APPROVED


def test_changing_a_points_kind_after_the_freeze_numbers_or_withdraws(session: Session) -> None:
    meeting_id = new_meeting(session, points=1)
    freeze_agenda(session, meeting_id)
    quorum, deliberation = items(session, meeting_id)[1:3]
    update_item(session, quorum.id, kind=K.OPINION, title="Avis sur le PDI", rapporteur="Directrice")
    opinion = session.scalars(select(Decision).where(Decision.item_id == quorum.id)).one()
    assert opinion.number == "2026-CA-012" and opinion.kind is DecisionKind.OPINION
    update_item(session, deliberation.id, kind=K.INFORMATION)
    withdrawn = session.scalars(select(Decision).where(Decision.item_id == deliberation.id)).one()
    assert withdrawn.number == "2026-CA-011" and withdrawn.status is DecisionStatus.WITHDRAWN
    with pytest.raises(DomainError, match="intitulé"):
        update_item(session, quorum.id, title=" ")


def test_linking_a_project_to_a_point(session: Session) -> None:
    meeting_id = new_meeting(session, points=1)
    point = items(session, meeting_id)[2]
    project = session.scalars(select(Project).order_by(Project.code)).first()
    assert project is not None
    link_project(session, point.id, project.id)
    link_project(session, point.id, project.id)  # idempotent: one row, merge-safe id
    rows = session.scalars(select(AgendaItemProject).where(AgendaItemProject.item_id == point.id)).all()
    assert [(r.project_id, r.deleted) for r in rows] == [(project.id, False)]
    link_project(session, point.id, project.id, linked=False)
    assert rows[0].deleted


def test_a_new_meeting_is_numbered_in_its_year_with_the_usual_points(session: Session) -> None:
    ca = body(session, "CA")
    meeting_id = create_meeting(session, ca.id, starts_at=datetime(2026, 12, 17, 14, 30), place="Maillac",
                                chair_name="Jean-Marc Delpeuch")
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None and meeting.number == 5 and meeting.status is MeetingStatus.PREPARING
    assert [(i.position, i.kind, i.title) for i in items(session, meeting_id)] == [
        (1, K.INFORMATION, "Désignation du secrétaire de séance"), (2, K.INFORMATION, "Constat du quorum"),
        (3, K.MINUTES, "Approbation du procès-verbal de la séance du 10 décembre 2026"),
        (4, K.MISC, "Questions diverses")]
    add_item(session, meeting_id, title="Budget 2027", kind=K.DELIBERATION)
    assert [i.title for i in items(session, meeting_id)][-2:] == ["Budget 2027", "Questions diverses"]
    first_2027 = create_meeting(session, ca.id, starts_at=datetime(2027, 3, 11, 14, 30))
    assert session.get_one(Meeting, first_2027).number == 1
    assert session.get_one(Meeting, first_2027).chair_name == "Jean-Marc Delpeuch"  # the previous chair
    assert {i.rapporteur for i in items(session, first_2027)} == {"Jean-Marc Delpeuch"}
