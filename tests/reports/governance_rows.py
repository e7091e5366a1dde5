"""A conseil d'administration with one séance and one voted délibération, written through the models.

Used by the document tests until (and besides) the demo département: it holds the tricky cases a
délibération must state (a proxy, a member who left before the vote, an NPPV, a guest).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from app.domain.enums import (
    AttendanceMode,
    AttendanceStatus,
    BallotChoice,
    BodyKind,
    DecisionStatus,
    MajorityKind,
    MatterKind,
    MeetingStatus,
    OrganisationType,
)
from app.domain.ids import new_id
from app.models.body import Body, MajorityRule, Representative, Seat
from app.models.meeting import AgendaItem, Attendance, Ballot, Decision, Meeting, Proxy, Vote
from app.models.organisation import Organisation
from app.services.settings import save_identity

GIP = {"gip.name": "GIP Insertion et Territoires de la Corrèze", "gip.short_name": "GIP IT 19",
       "gip.seat": "Hôtel du Département Marbot, 9 rue René et Émile Fage, 19000 Tulle",
       "gip.city": "Tulle", "gip.president": "Marie Lacombe", "gip.convention_date": "14/05/2012"}
MEMBERS = (  # short name, rights, representative, status, mode, left at
    ("Département", "40", "Marie Lacombe", AttendanceStatus.PRESENT, AttendanceMode.ROOM, None),
    ("État", "30", "Paul Besse", AttendanceStatus.PRESENT, AttendanceMode.REMOTE, None),
    ("CAF", "20", "Hélène Vialle", AttendanceStatus.REPRESENTED, AttendanceMode.ROOM, None),
    ("France Travail", "10", "Karim Benali", AttendanceStatus.PRESENT, AttendanceMode.ROOM,
     datetime(2026, 3, 12, 15, 30)),
)
START = datetime(2026, 3, 12, 14, 0)


def make_deliberation(session: Session) -> uuid.UUID:
    """Write the rows; return the id of délibération 2026-CA-014."""
    save_identity(session, GIP)
    body = Body(id=new_id(), code="CA", name="Conseil d'administration", kind=BodyKind.BOARD,
                quorum_threshold=Decimal("0.6667"), max_proxies=2, casting_vote=True, weighted_votes=True)
    session.add_all([body, MajorityRule(body_id=body.id, matter=MatterKind.BUDGET,
                                        majority=MajorityKind.TWO_THIRDS)])
    session.flush()
    meeting = Meeting(id=new_id(), body_id=body.id, number=3, starts_at=START, opened_at=START,
                      place="Salle du conseil, Hôtel du Département, Tulle", status=MeetingStatus.HELD,
                      chair_name="Marie Lacombe", secretary_name="Paul Besse", convened_on=date(2026, 2, 20))
    session.add(meeting)
    session.flush()
    seats = _seats(session, body, meeting)
    item = AgendaItem(id=new_id(), meeting_id=meeting.id, position=4, matter=MatterKind.PROGRAMME,
                      title="Plateforme de mobilité solidaire : cofinancement 2026", rapporteur="Claire Roux")
    session.add(item)
    session.flush()
    session.add(Proxy(meeting_id=meeting.id, grantor_seat_id=seats["CAF"],
                      holder_seat_id=seats["Département"], received_on=date(2026, 3, 10)))
    _vote(session, item, seats)
    decision = _decision(body, item)
    session.add(decision)
    session.flush()
    return decision.id


def _seats(session: Session, body: Body, meeting: Meeting) -> dict[str, uuid.UUID]:
    seats: dict[str, uuid.UUID] = {}
    for position, (name, rights, person, status, mode, left) in enumerate(MEMBERS, start=1):
        org = Organisation(id=new_id(), name=name, short_name=name, kind=OrganisationType.MEMBER)
        seat = Seat(id=new_id(), body_id=body.id, organisation_id=org.id, voting_rights=Decimal(rights),
                    position=position)
        rep = Representative(id=new_id(), seat_id=seat.id, full_name=person, title="Représentant titulaire")
        session.add_all([org, seat, rep])
        session.flush()
        session.add(Attendance(meeting_id=meeting.id, seat_id=seat.id, representative_id=rep.id,
                               status=status, mode=mode, left_at=left))
        seats[name] = seat.id
    guest = Organisation(id=new_id(), name="Agence régionale de santé", short_name="ARS",
                         kind=OrganisationType.PARTNER)
    session.add_all([guest, Seat(body_id=body.id, organisation_id=guest.id, has_vote=False, position=9)])
    session.flush()
    return seats


def _vote(session: Session, item: AgendaItem, seats: dict[str, uuid.UUID]) -> None:
    vote = Vote(id=new_id(), item_id=item.id, voted_at=datetime(2026, 3, 12, 16, 0), votes_for=2, nppv=1,
                rights_for=Decimal(70), rights_nppv=Decimal(20))
    session.add(vote)
    session.flush()
    for name, choice in (("Département", BallotChoice.FOR), ("État", BallotChoice.FOR),
                         ("CAF", BallotChoice.NPPV)):
        session.add(Ballot(vote_id=vote.id, seat_id=seats[name], choice=choice, by_proxy=name == "CAF"))


def _decision(body: Body, item: AgendaItem) -> Decision:
    return Decision(
        id=new_id(), body_id=body.id, item_id=item.id, year=2026, sequence=14, number="2026-CA-014",
        title="Plateforme de mobilité solidaire : attribution du cofinancement 2026",
        considerations="Considérant que 38 % des bénéficiaires du RSA du département déclarent un frein "
        "de mobilité ;\nConsidérant l'avis favorable du comité technique du 3 mars 2026 ;",
        articles="Article 1 : Le conseil d'administration attribue à l'association Mobilité 19 une "
        "subvention de 120\u202f000,00\u00a0€ au titre de l'année 2026.\nLe directeur est chargé de "
        "l'exécution de la présente délibération.",
        status=DecisionStatus.ADOPTED)
