"""Small hand-made governance, evaluation and document rows, written through the models.

Used by the Instances / Évaluation / Documents tests where the demo département holds too little
(documents) or to pin exact figures (votes, distributions) independently of the demo generator.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.enums import (
    AgendaItemKind,
    AppraisalLevel,
    AttendanceStatus,
    DecisionStatus,
    DocumentKind,
    GridStatus,
    MajorityKind,
    MatterKind,
    MeetingStatus,
    Priority,
    VoteResult,
)
from app.domain.ids import new_id
from app.models.body import Body, MajorityRule, Representative, Seat
from app.models.document import Document
from app.models.evaluation import (
    Appraisal,
    Criterion,
    Evaluation,
    EvaluationGrid,
    Evaluator,
    Recommendation,
    ScaleLevel,
)
from app.models.meeting import AgendaItem, Attendance, Decision, Meeting, Proxy, Vote
from app.models.organisation import Organisation
from app.models.project import Project


@dataclass(frozen=True)
class Seeded:
    body: Body
    meeting: Meeting
    grid: EvaluationGrid
    evaluation: Evaluation


RIGHTS = {"État": "30", "Département": "40", "CAF": "20", "France Travail": "10"}


def seed_governance(session: Session) -> tuple[Body, Meeting]:
    body = Body(id=new_id(), code="CA", name="Conseil d'administration", quorum_threshold=Decimal("0.6667"))
    session.add(body)
    session.add(
        MajorityRule(id=new_id(), body_id=body.id, matter=MatterKind.BUDGET, majority=MajorityKind.TWO_THIRDS)
    )
    seats = {}
    for position, (name, rights) in enumerate(RIGHTS.items()):
        org = Organisation(id=new_id(), name=name, short_name=name)
        seat = Seat(
            id=new_id(),
            body_id=body.id,
            organisation_id=org.id,
            voting_rights=Decimal(rights),
            position=position,
        )
        session.add_all(
            [org, seat, Representative(id=new_id(), seat_id=seat.id, full_name=f"Titulaire {name}")]
        )
        seats[name] = seat
    meeting = Meeting(
        id=new_id(),
        body_id=body.id,
        number=3,
        starts_at=datetime(2026, 3, 12, 14, 0),
        place="Tulle",
        status=MeetingStatus.HELD,
        guests="Mme Invitée\nM. Expert",
    )
    session.add(meeting)
    statuses = [
        AttendanceStatus.PRESENT,
        AttendanceStatus.PRESENT,
        AttendanceStatus.REPRESENTED,
        AttendanceStatus.EXCUSED,
    ]
    for seat, status in zip(seats.values(), statuses, strict=True):
        session.add(Attendance(id=new_id(), meeting_id=meeting.id, seat_id=seat.id, status=status))
    session.add(
        Proxy(
            id=new_id(),
            meeting_id=meeting.id,
            grantor_seat_id=seats["CAF"].id,
            holder_seat_id=seats["État"].id,
        )
    )
    _seed_agenda(session, body, meeting)
    session.flush()
    return body, meeting


def _seed_agenda(session: Session, body: Body, meeting: Meeting) -> None:
    first = AgendaItem(
        id=new_id(),
        meeting_id=meeting.id,
        position=1,
        kind=AgendaItemKind.MINUTES,
        title="Approbation du procès-verbal",
        rapporteur="La présidente",
    )
    second = AgendaItem(
        id=new_id(),
        meeting_id=meeting.id,
        position=2,
        title="Budget primitif 2026",
        rapporteur="Le directeur",
        matter=MatterKind.BUDGET,
    )
    vote = Vote(
        id=new_id(),
        item_id=second.id,
        votes_for=2,
        votes_against=0,
        abstentions=1,
        rights_for=Decimal("70"),
        rights_abstaining=Decimal("20"),
        result=VoteResult.ADOPTED,
    )
    decision = Decision(
        id=new_id(),
        body_id=body.id,
        item_id=second.id,
        year=2026,
        sequence=4,
        number="2026-CA-004",
        title="Adoption du budget primitif 2026",
        status=DecisionStatus.ADOPTED,
        visas="Vu la loi n° 2011-525\nVu la convention constitutive",
        articles="Le budget est adopté.",
    )
    session.add_all([first, second, vote, decision])


def seed_evaluation(session: Session) -> tuple[EvaluationGrid, Evaluation]:
    grid = EvaluationGrid(
        id=new_id(), code="REF-PROJ", title="Référentiel projet", version=2, status=GridStatus.PUBLISHED
    )
    project = Project(id=new_id(), code="FA-1.1-01", title="Plateforme de mobilité solidaire")
    evaluation = Evaluation(
        id=new_id(),
        grid_id=grid.id,
        title="Évaluation mobilité",
        project_id=project.id,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    session.add_all([grid, project, evaluation])
    criteria = [
        Criterion(id=new_id(), grid_id=grid.id, position=i, question=f"Question {i} ?") for i in (1, 2, 3)
    ]
    session.add_all(criteria)
    for level in (1, 2, 3, 4):
        session.add(
            ScaleLevel(id=new_id(), criterion_id=criteria[0].id, level=level, descriptor=f"Niveau {level}")
        )
    names = ("Alice Martin", "Bruno Petit", "Chloé Roy")
    people = [Evaluator(id=new_id(), evaluation_id=evaluation.id, full_name=n) for n in names]
    session.add_all(people)
    levels = [AppraisalLevel.SATISFACTORY, AppraisalLevel.SATISFACTORY, AppraisalLevel.NOT_ASSESSABLE]
    for person, level in zip(people, levels, strict=True):
        session.add(
            Appraisal(
                id=new_id(),
                evaluation_id=evaluation.id,
                criterion_id=criteria[0].id,
                evaluator_id=person.id,
                level=level,
            )
        )
    session.add(
        Appraisal(
            id=new_id(),
            evaluation_id=evaluation.id,
            criterion_id=criteria[1].id,
            evaluator_id=people[0].id,
            level=AppraisalLevel.PARTIAL,
        )
    )
    session.add(
        Appraisal(
            id=new_id(),
            evaluation_id=evaluation.id,
            criterion_id=criteria[0].id,
            consolidated=True,
            level=AppraisalLevel.SATISFACTORY,
            justification="Deux avis concordants.",
        )
    )
    session.add(
        Recommendation(
            id=new_id(),
            evaluation_id=evaluation.id,
            text="Étendre aux zones rurales.",
            priority=Priority.HIGH,
            addressee="Département",
            follow_up="Étude lancée.",
        )
    )
    session.flush()
    return grid, evaluation


def seed_documents(session: Session, folder: Path) -> list[Document]:
    """Three documents: one intact, one whose file was edited, one whose file is gone."""
    documents = []
    for index, name in enumerate(("intact.pdf", "modifie.pdf", "absent.pdf")):
        content = f"%PDF-1.7 document {index}".encode()
        (folder / name).write_bytes(content)
        documents.append(
            Document(
                id=new_id(),
                kind=DocumentKind.DELIBERATION,
                title=f"Délibération {index}",
                reference=f"2026-CA-00{index}",
                file_name=name,
                sha256=hashlib.sha256(content).hexdigest(),
                generated_at=datetime(2026, 3, 12 + index, 10),
                generated_by="A. Martin",
            )
        )
    (folder / "modifie.pdf").write_bytes(b"%PDF-1.7 altered")
    (folder / "absent.pdf").unlink()
    session.add_all(documents)
    session.flush()
    return documents
