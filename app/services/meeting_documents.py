"""Build the DTOs of a séance's official documents from the database (issue 4). No Qt, no commit.

The attendance, quorum and vote sentences come from app.domain.quorum / app.domain.voting, computed
at the moment of the vote (or the opening), so that departures and proxies are stated as they counted.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Hashable
from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.documents_dto import AttendeeLine, DeliberationDoc, DocumentInfo, VoteFigures
from app.domain.enums import (
    AttendanceMode,
    AttendanceStatus,
    BodyKind,
    DecisionKind,
    DecisionStatus,
    DocumentKind,
)
from app.domain.errors import DomainError, NotFound
from app.domain.quorum import Quorum, SeatInfo, Standing, quorum_of, standing_at
from app.domain.settings import GipIdentity
from app.domain.voting import Ballot, Tally, VoteOutcome, decide, tally_ballots
from app.formatting import date_time, long_date, number
from app.models.body import Body
from app.models.meeting import AgendaItem, Attendance, Decision, Meeting, Vote
from app.models.meeting import Ballot as BallotRow
from app.services.document_register import register_document
from app.services.meeting_state import SeatingContext, item_vote, seating
from app.services.profile import get_profile
from app.services.settings import get_identity

log = logging.getLogger(__name__)

FEMININE_BODIES = {BodyKind.GENERAL_ASSEMBLY}


def deliberation_doc(session: Session, decision_id: uuid.UUID, *,
                     author: str | None = None) -> DeliberationDoc:
    """Everything a délibération prints, for the decision `decision_id`."""
    decision = session.get(Decision, decision_id)
    if decision is None or decision.deleted:
        raise NotFound("Délibération", decision_id)
    item = session.get(AgendaItem, decision.item_id) if decision.item_id else None
    meeting = session.get(Meeting, item.meeting_id) if item and item.meeting_id else None
    if item is None or meeting is None:
        raise DomainError(f"La délibération {decision.number or ''} n'est rattachée à aucun point d'une "
                          "séance : impossible d'en établir le texte.")
    body = session.get(Body, decision.body_id or meeting.body_id) if (decision.body_id or meeting.body_id) \
        else None
    ctx = seating(session, meeting, body)
    vote = item_vote(session, item.id)
    moment = (vote.voted_at if vote and vote.voted_at else ctx.moment) or datetime.now()
    standing = standing_at(ctx.state, ctx.rules, moment)
    quorum = quorum_of(ctx.state, ctx.rules, standing)
    outcome = _outcome(session, ctx, vote, item, standing, decision.kind is not DecisionKind.OPINION)
    return _assemble(session, decision, item, meeting, body, ctx, standing, quorum, outcome, author)


def issue_deliberation(session: Session, decision_id: uuid.UUID, *, author: str | None = None,
                       new_version: bool = False) -> DocumentInfo:
    """Render the délibération and record it in the documents register (a new version if asked)."""
    from app.reports.deliberation import TEMPLATE_VERSION, render_deliberation  # reportlab loads lazily

    doc = deliberation_doc(session, decision_id, author=author)
    pdf, pages = render_deliberation(doc)
    return register_document(
        session, kind=DocumentKind.DELIBERATION, subject_type="decision", subject_id=decision_id,
        title=f"{doc.reference} : {doc.title}", reference=doc.reference, pdf_bytes=pdf, author=doc.author,
        template_version=TEMPLATE_VERSION, pages=pages, new_version=new_version)


def _assemble(session: Session, decision: Decision, item: AgendaItem, meeting: Meeting, body: Body | None,
              ctx: SeatingContext, standing: Standing, quorum: Quorum, outcome: VoteOutcome | None,
              author: str | None) -> DeliberationDoc:
    gip = get_identity(session)
    name = body.name if body else "Instance"
    the, of = _articles(name, body.kind in FEMININE_BODIES if body else False)
    day = meeting.starts_at.date() if meeting.starts_at else None
    present, represented, excused = _attendees(ctx, standing)
    return DeliberationDoc(
        gip=gip, kind_label=decision.kind.label, number=decision.number, title=decision.title,
        is_draft=decision.status is DecisionStatus.DRAFT, body_name=name, body_the=the, body_of=of,
        meeting_label=f"séance n° {meeting.number} du {long_date(day)}", meeting_date=day,
        convening=_convening(the, meeting, body, gip), present=present, represented=represented,
        excused=excused, quorum_sentence=quorum.sentence(), quorum_reached=quorum.reached,
        chair_name=meeting.chair_name, secretary_name=meeting.secretary_name, rapporteur=item.rapporteur,
        visas=_lines(decision.visas) or default_visas(gip, of),
        considerations=_lines(decision.considerations), articles=_lines(decision.articles),
        vote_sentence=outcome.sentence if outcome else "aucun vote n'est encore enregistré sur ce point",
        vote=_figures(outcome.tally) if outcome else None,
        place=gip.city, signed_on=decision.effective_on or day, published_on=decision.published_on,
        author=author if author is not None else _author(session),
        operative="ÉMET L'AVIS SUIVANT :" if decision.kind is DecisionKind.OPINION else "DÉCIDE :")


def _outcome(session: Session, ctx: SeatingContext, vote: Vote | None, item: AgendaItem, standing: Standing,
             feminine: bool) -> VoteOutcome | None:
    """The vote recounted by the body's rules: from the ballots when named, else from the stored counts."""
    if vote is None:
        return None
    stmt = select(BallotRow).where(BallotRow.vote_id == vote.id, BallotRow.deleted.is_(False))
    rows = session.scalars(stmt)
    ballots = [Ballot(row.seat_id, row.choice) for row in rows]
    strays = [b.seat for b in ballots if not standing.takes_part(b.seat)]
    if strays:  # the document states the record as it is; `check` is where such data gets flagged
        log.warning("Vote %s: %d ballot(s) from seats not present nor represented", vote.id, len(strays))
    tally = tally_ballots(ctx.state, ballots) if ballots else Tally(
        vote.votes_for, vote.votes_against, vote.abstentions, vote.nppv, vote.rights_for,
        vote.rights_against, vote.rights_abstaining, vote.rights_nppv)
    quorum = quorum_of(ctx.state, ctx.rules, standing)
    return decide(ctx.rules, tally, matter=item.matter, quorum=quorum, feminine=feminine)


def _attendees(ctx: SeatingContext, standing: Standing) -> tuple[tuple[AttendeeLine, ...], ...]:
    rows: dict[Hashable, Attendance] = {row.seat_id: row for row in ctx.attendance}
    present = tuple(_line(ctx, seat, _presence_note(rows.get(seat.key), ctx)) for seat in standing.present)
    represented = tuple(_line(ctx, grantor, f"pouvoir à {holder.name}", with_person=False)
                        for grantor, holder in standing.represented)
    voting = {s.key for s in standing.voters}
    reasons = {st.grant.grantor: f"pouvoir non retenu ({st.reason})" for st in standing.proxies
               if not st.counts and st.grant.grantor not in voting}
    excused = tuple(_line(ctx, seat, reasons.get(seat.key) or _absence_note(rows.get(seat.key)))
                    for seat in ctx.state.voting_seats if seat.key not in voting)
    return present, represented, excused


def _line(ctx: SeatingContext, seat: SeatInfo, note: str, *, with_person: bool = True) -> AttendeeLine:
    row = next((r for r in ctx.attendance if r.seat_id == seat.key), None)
    person_id = row.representative_id if row is not None and with_person else None
    person = ctx.people.get(person_id, "") if person_id else ""
    return AttendeeLine(seat.name, person, rights_text(seat.rights), note)


def _presence_note(row: object, ctx: SeatingContext) -> str:
    notes = []
    arrived = getattr(row, "arrived_at", None)
    if getattr(row, "mode", None) is AttendanceMode.REMOTE:
        notes.append("à distance")
    if arrived and ctx.moment and arrived > ctx.moment:
        notes.append(f"arrivée à {_hour(arrived)}")
    return ", ".join(notes)


def _absence_note(row: object) -> str:
    left = getattr(row, "left_at", None)
    if left is not None:
        return f"a quitté la séance à {_hour(left)}"
    status = getattr(row, "status", AttendanceStatus.ABSENT)
    return "excusé" if status is AttendanceStatus.EXCUSED else "absent"


def _hour(moment: datetime) -> str:
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def _convening(the: str, meeting: Meeting, body: Body | None, gip: GipIdentity) -> str:
    feminine = body is not None and body.kind in FEMININE_BODIES
    convened = "convoquée" if feminine else "convoqué"
    how = "en urgence" if meeting.urgent else "régulièrement"
    when = f" le {long_date(meeting.convened_on)}" if meeting.convened_on else ""
    second = ", sur seconde convocation," if meeting.second_convocation else ""
    met = "réunie" if feminine else "réuni"
    where = f" ({meeting.place})" if meeting.place else ""
    video = " et par visioconférence" if meeting.video_link else ""
    chair = f", sous la présidence de {meeting.chair_name}" if meeting.chair_name else ""
    return (f"{the} du {gip.name}, {how} {convened}{when}{second} s'est {met} le "
            f"{date_time(meeting.starts_at)}{where}{video}{chair}.")


def _articles(name: str, feminine: bool) -> tuple[str, str]:
    """("Le conseil d'administration", "du conseil d'administration"), with elision before a vowel."""
    lower = name[:1].lower() + name[1:]
    if lower[:1] in "aeiouyéèê":
        return f"L'{lower}", f"de l'{lower}"
    return (f"La {lower}", f"de la {lower}") if feminine else (f"Le {lower}", f"du {lower}")


def default_visas(gip: GipIdentity, body_of: str) -> tuple[str, ...]:
    convention = f" du {_plain_date(gip.convention_date)}" if gip.convention_date else ""
    return (
        "Vu la loi n° 2011-525 du 17 mai 2011 de simplification et d'amélioration de la qualité du droit, "
        "notamment ses articles 98 à 122 ;",
        "Vu le décret n° 2012-91 du 26 janvier 2012 relatif aux groupements d'intérêt public ;",
        f"Vu la convention constitutive du {gip.name}{convention} ;",
        f"Vu le règlement intérieur {body_of} ;",
    )


def _plain_date(iso: str) -> str:
    """"2012-05-14" → "14 mai 2012" (the identity stores ISO dates); anything else as typed."""
    try:
        return format_date(date.fromisoformat(iso), format="d MMMM y", locale="fr_FR")
    except ValueError:
        return iso


def _figures(tally: Tally) -> VoteFigures:
    return VoteFigures(tally.votes_for, tally.votes_against, tally.abstentions, tally.nppv,
                       rights_text(tally.rights_for), rights_text(tally.rights_against),
                       rights_text(tally.rights_abstaining), rights_text(tally.rights_nppv), tally.nppv_names)


def rights_text(rights: Decimal) -> str:
    """Decimal("40") → "40 %", Decimal("33.33") → "33,33 %" (droits statutaires are already in %)."""
    exponent = rights.normalize().as_tuple().exponent
    decimals = min(2, -exponent) if isinstance(exponent, int) and exponent < 0 else 0
    return f"{number(rights, decimals=decimals)}\u00a0%"


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _author(session: Session) -> str:
    profile = get_profile(session)
    return profile.signature if profile else ""
