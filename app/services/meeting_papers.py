"""The séance's papers before it is held (issue 4): convocation / invitation and ordre du jour.

Builds frozen DTOs (app.domain.meeting_docs_dto) from the database; `issue_*` renders and registers them.
Shared readings of a séance (its reference, its agenda) live here too. No Qt, no commit.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.documents_dto import DocumentInfo
from app.domain.enums import AgendaItemKind, AgendaItemStatus, DocumentKind, MeetingStatus, VoteResult
from app.domain.errors import DomainError, NotFound
from app.domain.meeting_docs_dto import AgendaDoc, AgendaLine, ConvocationDoc, MeetingRef
from app.domain.quorum import fraction_text, threshold_from_decimal
from app.formatting import date_time, long_date
from app.models.body import Body, MajorityRule, Representative, Seat
from app.models.meeting import AgendaItem, Decision, Meeting
from app.models.organisation import Organisation
from app.services.document_register import register_document
from app.services.meeting_documents import FEMININE_BODIES, _articles, _author
from app.services.meeting_state import item_vote
from app.services.settings import get_identity

FROZEN_STATUSES = (MeetingStatus.AGENDA_FROZEN, MeetingStatus.CONVENED, MeetingStatus.HELD,
                   MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED)


def get_meeting(session: Session, meeting_id: uuid.UUID) -> tuple[Meeting, Body]:
    """The séance and its body, or a French NotFound / DomainError."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted:
        raise NotFound("Séance", meeting_id)
    body = session.get(Body, meeting.body_id) if meeting.body_id else None
    if body is None or body.deleted:
        raise DomainError(f"La séance n° {meeting.number} n'est rattachée à aucune instance.")
    return meeting, body


def meeting_ref(session: Session, meeting: Meeting, body: Body, *, author: str | None = None) -> MeetingRef:
    the, of = _articles(body.name, body.kind in FEMININE_BODIES)
    day = meeting.starts_at.date() if meeting.starts_at else None
    return MeetingRef(
        gip=get_identity(session), body_name=body.name, body_code=body.code, body_the=the, body_of=of,
        number=meeting.number, year=day.year if day else 0,
        label=f"séance n° {meeting.number} du {long_date(day)}", day=day, when=date_time(meeting.starts_at),
        place=meeting.place, video_link=meeting.video_link, chair_name=meeting.chair_name,
        secretary_name=meeting.secretary_name, author=author if author is not None else _author(session))


def live_items(session: Session, meeting_id: uuid.UUID) -> list[AgendaItem]:
    stmt = (select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted.is_(False))
            .order_by(AgendaItem.position))
    return list(session.scalars(stmt))


def item_decision(session: Session, item_id: uuid.UUID) -> Decision | None:
    stmt = select(Decision).where(Decision.item_id == item_id, Decision.deleted.is_(False))
    return session.scalars(stmt.order_by(Decision.sequence)).first()


def agenda_lines(session: Session, meeting_id: uuid.UUID, *,
                 with_withdrawn: bool = False) -> list[tuple[AgendaLine, AgendaItem]]:
    """The points in order, numbered 1…n; withdrawn points only when asked (unnumbered then)."""
    lines, position = [], 0
    for item in live_items(session, meeting_id):
        withdrawn = item.status is AgendaItemStatus.WITHDRAWN
        if withdrawn and not with_withdrawn:
            continue
        position += 0 if withdrawn else 1
        decision = item_decision(session, item.id)
        lines.append((AgendaLine(position, item.title, item.kind.label, item.rapporteur,
                                 decision.number if decision else "", withdrawn), item))
    return lines


def agenda_doc(session: Session, meeting_id: uuid.UUID, *, author: str | None = None) -> AgendaDoc:
    meeting, body = get_meeting(session, meeting_id)
    frozen = meeting.status in FROZEN_STATUSES
    note = (f"Ordre du jour arrêté par le président, {meeting.chair_name}." if frozen and meeting.chair_name
            else "")
    return AgendaDoc(meeting_ref(session, meeting, body, author=author),
                     tuple(line for line, _ in agenda_lines(session, meeting_id)), frozen, note)


def convocation_doc(session: Session, meeting_id: uuid.UUID, *, invitation: bool = False,
                    author: str | None = None) -> ConvocationDoc:
    """The convocation of the voting members, or (`invitation`) the invitation of the guests."""
    meeting, body = get_meeting(session, meeting_id)
    ref = meeting_ref(session, meeting, body, author=author)
    members = _members(session, body, ref.day)
    addressees = _guests(session, meeting, body, ref.day) if invitation else tuple(members)
    agenda = tuple(line for line, _ in agenda_lines(session, meeting_id))
    return ConvocationDoc(
        meeting=ref, invitation=invitation, addressees=addressees, agenda=agenda,
        enclosures=_enclosures(session, meeting, invitation), rules=rules_reminder(session, body),
        urgent=meeting.urgent, second_convocation=meeting.second_convocation,
        convened_on=meeting.convened_on, signatory=meeting.chair_name or ref.gip.president,
        members=tuple(members), max_proxies=body.max_proxies)


def _members(session: Session, body: Body, day: date | None, *, voting: bool = True) -> list[str]:
    """"Département (Jean-Marc Delpeuch)": the seats and their titulaire at the séance's date."""
    stmt = select(Seat, Organisation).join(Organisation, Organisation.id == Seat.organisation_id).where(
        Seat.body_id == body.id, Seat.deleted.is_(False), Seat.has_vote.is_(voting)).order_by(Seat.position)
    result = []
    for seat, org in session.execute(stmt):
        person = titular(session, seat.id, day)
        name = org.short_name or org.name
        result.append(f"{name} ({person})" if person else name)
    return result


def titular(session: Session, seat_id: uuid.UUID, day: date | None) -> str:
    rep = titular_row(session, seat_id, day)
    return rep.full_name if rep is not None else ""


def seat_people(session: Session, seat_id: uuid.UUID, day: date | None) -> list[Representative]:
    """Who may sit for the seat on `day`: titulaires, then suppléants (latest appointed first)."""
    stmt = select(Representative).where(Representative.seat_id == seat_id, Representative.deleted.is_(False))
    rows = session.scalars(stmt.order_by(Representative.is_substitute, Representative.valid_from.desc(),
                                         Representative.full_name))
    return [rep for rep in rows if (rep.valid_from is None or day is None or rep.valid_from <= day)
            and (rep.valid_to is None or day is None or day <= rep.valid_to)]


def titular_row(session: Session, seat_id: uuid.UUID, day: date | None) -> Representative | None:
    """The seat's titulaire whose mandate covers `day` (the latest appointed first)."""
    stmt = select(Representative).where(Representative.seat_id == seat_id, Representative.deleted.is_(False),
                                        Representative.is_substitute.is_(False))
    for rep in session.scalars(stmt.order_by(Representative.valid_from.desc())):
        starts_ok = rep.valid_from is None or day is None or rep.valid_from <= day
        ends_ok = rep.valid_to is None or day is None or day <= rep.valid_to
        if starts_ok and ends_ok:
            return rep
    return None


def _guests(session: Session, meeting: Meeting, body: Body, day: date | None) -> tuple[str, ...]:
    listed = [line.strip() for line in meeting.guests.splitlines() if line.strip()]
    return tuple(listed + _members(session, body, day, voting=False))


def _enclosures(session: Session, meeting: Meeting, invitation: bool) -> tuple[str, ...]:
    papers = ["Ordre du jour de la séance",
              "Dossier de séance : notes de présentation, projets de délibération et annexes"]
    previous = previous_meeting(session, meeting)
    if previous is not None and previous.starts_at is not None:
        papers.append(f"Projet de procès-verbal de la séance du {long_date(previous.starts_at.date())}")
    if not invitation:
        papers.append("Formulaire de pouvoir")
    return tuple(papers)


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    if meeting.starts_at is None:
        return None
    stmt = (select(Meeting).where(Meeting.body_id == meeting.body_id, Meeting.deleted.is_(False),
                                  Meeting.starts_at < meeting.starts_at)
            .order_by(Meeting.starts_at.desc()))
    return session.scalars(stmt).first()


REJECTING = (VoteResult.REJECTED, VoteResult.NO_QUORUM)


def minutes_it_approves(session: Session, meeting: Meeting) -> Meeting | None:
    """The body's previous séance, closed with its procès-verbal not yet approved, when this séance's
    « Approbation du procès-verbal » point is (or, at its closing, will be) treated, adopted or without a
    vote: closing this séance approves that procès-verbal on its day."""
    previous = previous_meeting(session, meeting)
    if previous is None or previous.status is not MeetingStatus.CLOSED:
        return None
    for item in live_items(session, meeting.id):
        if item.kind is AgendaItemKind.MINUTES and item.status in (AgendaItemStatus.PENDING,
                                                                   AgendaItemStatus.DONE):
            vote = item_vote(session, item.id)
            if vote is None or vote.result not in REJECTING:
                return previous
    return None


def rules_reminder(session: Session, body: Body) -> tuple[str, ...]:
    """The quorum, majority and proxy rules of the body, as the convention states them."""
    basis = "des droits statutaires" if body.quorum_basis.value == "rights" else "des membres"
    quorum = body.rules_text.strip() or (
        "L'instance délibère valablement lorsque les membres présents ou représentés réunissent au moins "
        f"{_share(threshold_from_decimal(body.quorum_threshold))} {basis}.")
    stmt = select(MajorityRule).where(MajorityRule.body_id == body.id, MajorityRule.deleted.is_(False))
    majorities = [f"{rule.matter.label} : {rule.majority.label.lower()}" for rule in session.scalars(stmt)]
    rules = [quorum]
    if majorities:
        rules.append("Majorités requises : " + " ; ".join(majorities) + " ; autres matières : majorité "
                     "simple" + (", les abstentions étant comptées." if body.abstentions_counted
                                 else ", les abstentions n'étant pas comptées."))
    plural = "s" if body.max_proxies > 1 else ""
    rules.append("Un membre empêché peut donner pouvoir à un autre membre de l'instance au moyen du "
                 f"formulaire joint ; chaque membre ne peut détenir plus de {body.max_proxies} "
                 f"pouvoir{plural}. Le pouvoir est remis au secrétariat avant l'ouverture de la séance.")
    return tuple(rules)


def _share(threshold: Fraction) -> str:
    """Fraction(2, 3) → "les deux tiers" (fraction_text says "aux deux tiers")."""
    text = fraction_text(threshold)
    for prefix, article in (("à la ", "la "), ("aux ", "les "), ("au ", "le "), ("à ", "")):
        if text.startswith(prefix):
            return article + text[len(prefix):]
    return text


def issue_convocation(session: Session, meeting_id: uuid.UUID, *, invitation: bool = False,
                      author: str | None = None, new_version: bool = False) -> DocumentInfo:
    from app.reports.convocation import TEMPLATE_VERSION, render_convocation

    meeting, _ = get_meeting(session, meeting_id)
    if meeting.status is MeetingStatus.PREPARING:
        raise DomainError(f"Arrêtez l'ordre du jour de la séance n° {meeting.number} avant d'établir sa "
                          "convocation : les numéros de délibération n'ont pas encore été attribués.")
    doc = convocation_doc(session, meeting_id, invitation=invitation, author=author)
    if invitation and not doc.addressees:
        raise DomainError(f"La séance n° {meeting.number} n'a aucun invité : ajoutez-les (un par ligne) dans "
                          "la séance (Instances, « Modifier… ») avant d'établir l'invitation.")
    pdf, pages = render_convocation(doc)
    return register_document(
        session, kind=DocumentKind.CONVOCATION, subject_id=meeting_id,
        subject_type="meeting-invitation" if invitation else "meeting",
        title=f"{doc.reference} : {doc.meeting.label}", reference=doc.reference,
        pdf_bytes=pdf, author=doc.meeting.author, template_version=TEMPLATE_VERSION, pages=pages,
        new_version=new_version)


def issue_agenda(session: Session, meeting_id: uuid.UUID, *, author: str | None = None,
                 new_version: bool = False) -> DocumentInfo:
    from app.reports.agenda import TEMPLATE_VERSION, render_agenda

    doc = agenda_doc(session, meeting_id, author=author)
    pdf, pages = render_agenda(doc)
    return register_document(
        session, kind=DocumentKind.AGENDA, subject_type="meeting", subject_id=meeting_id,
        title=f"{doc.reference} : {doc.meeting.label}", reference=doc.reference, pdf_bytes=pdf,
        author=doc.meeting.author, template_version=TEMPLATE_VERSION, pages=pages, new_version=new_version)


def meeting_moment(meeting: Meeting) -> datetime | None:
    return meeting.opened_at or meeting.starts_at
