"""« Modifier l'instance… » (issue 4): a body's rules, majorities per matter, seats and representatives.

Validation gives French messages naming the seat or person at fault; weighted votes need the voting seats'
droits statutaires to total exactly 100 %. Removed rows are soft-deleted (SYNC.md); a seat named in a
séance's attendance, proxies or ballots cannot be removed, since past séances are recounted from it.
No Qt, no commit.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.body_editing import (
    BodyForm,
    BodyRules,
    RepresentativeForm,
    SeatForm,
    every_matter,
    merge_seats,
)
from app.domain.enums import MajorityKind, MatterKind, MeetingStatus, QuorumBasis
from app.domain.errors import DomainError, NotFound
from app.domain.field_labels import field_label
from app.domain.ids import majority_rule_row_id, new_id
from app.domain.meeting_desk import Choice
from app.domain.rebase import EditedElsewhereError, merge_draft
from app.formatting import long_date, plural
from app.models.body import Body, MajorityRule, Representative, Seat
from app.models.meeting import Attendance, Ballot, Meeting, Proxy
from app.models.organisation import Organisation
from app.services.meeting_documents import rights_text
from app.services.shared_rows import shared_row

log = logging.getLogger(__name__)

HUNDRED = Decimal(100)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
RULE_FIELDS = ("name", "quorum_basis", "quorum_threshold", "quorum_on_second_convocation",
               "abstentions_counted", "casting_vote", "convocation_days", "urgent_convocation_days",
               "max_proxies", "weighted_votes", "rules_text")


def body_form(session: Session, body_id: uuid.UUID) -> BodyForm:
    """The body as the editor shows it, with the organisations a seat may be given to."""
    body = _body(session, body_id)
    orgs = {o.id: o.short_name or o.name
            for o in session.scalars(select(Organisation).where(Organisation.deleted.is_(False)))}
    rules = _stored_rules(session, body)
    used = _seats_in_use(session)
    seats = tuple(
        SeatForm(seat.id, seat.organisation_id, seat.voting_rights, seat.has_vote,
                 tuple(_representative(r) for r in _people(session, seat.id)),
                 orgs.get(seat.organisation_id, "") if seat.organisation_id else "", seat.id in used)
        for seat in _seat_rows(session, body.id))
    choices = tuple(Choice(org_id, label) for org_id, label in sorted(orgs.items(), key=lambda i: i[1]))
    return BodyForm(body.id, body.code, body.kind, rules, seats, choices,
                    open_meeting_label(session, body.id),
                    tuple((r.id.hex, r.matter) for r in _majority_rows(session, body.id)))


def save_body(session: Session, body_id: uuid.UUID, rules: BodyRules, seats: Sequence[SeatForm], *,
              base: tuple[BodyRules, Sequence[SeatForm]] | None = None) -> None:
    """Store the rules, the majorities and exactly `seats`, in order, with their representatives.

    `base`: the rules and seats as the form loaded them. Only what the form changed is then written, over
    what a sync round may have brought since (a seat merged with its representatives); a rule or a seat
    also changed on another workstation raises EditedElsewhereError (app.domain.rebase)."""
    body = _body(session, body_id)
    if base is not None:
        rules, seats = _rebased(session, body, base, rules, seats)
    orgs = {o.id: o.short_name or o.name for o in session.scalars(select(Organisation))}
    _check_rules(rules)
    _check_seats(seats, orgs, weighted=rules.weighted_votes)
    _check_not_open(session, body, rules, seats)
    for name in RULE_FIELDS:
        setattr(body, name, getattr(rules, name).strip() if name in ("name", "rules_text")
                else getattr(rules, name))
    _store_majorities(session, body, rules)
    _store_seats(session, body, seats, orgs)
    session.flush()
    log.info("Body %s saved: %d seats", body.code, len(seats))


PART_LABELS = {"majorities": "Majorités par matière", "seats": "Sièges et représentants"}


def _rebased(session: Session, body: Body, base: tuple[BodyRules, Sequence[SeatForm]], rules: BodyRules,
             seats: Sequence[SeatForm]) -> tuple[BodyRules, tuple[SeatForm, ...]]:
    stored = body_form(session, body.id)
    by_matter = {"majorities": lambda rule: rule[0]}
    merged_rules, clashes, retry = merge_draft(every_matter(base[0]), every_matter(rules),
                                               every_matter(stored.rules), by_matter)
    merged_seats, retry_seats = merge_seats(base[1], seats, stored.seats)
    theirs: dict[str, Any] = {name: getattr(retry, name) for name in clashes}  # what clashed, as stored now
    if retry_seats is not None:
        theirs["seats"] = retry_seats
    if theirs:
        raise EditedElsewhereError.of(theirs, lambda name: PART_LABELS.get(name) or field_label("body", name))
    return merged_rules, merged_seats


def _body(session: Session, body_id: uuid.UUID) -> Body:
    body = session.get(Body, body_id)
    if body is None or body.deleted:
        raise NotFound("Instance", body_id)
    return body


def _stored_rules(session: Session, body: Body) -> BodyRules:
    return BodyRules(**{name: getattr(body, name) for name in RULE_FIELDS},
                     majorities=tuple((r.matter, r.majority) for r in _majority_rows(session, body.id)))


def open_meeting_label(session: Session, body_id: uuid.UUID) -> str:
    """« séance n° 5 du mardi 22 septembre 2026 » when a séance of the body is open (held, not closed)."""
    stmt = select(Meeting).where(Meeting.body_id == body_id, Meeting.status == MeetingStatus.HELD,
                                 Meeting.deleted.is_(False)).order_by(Meeting.starts_at)
    meeting = session.scalars(stmt).first()
    if meeting is None:
        return ""
    day = f" du {long_date(meeting.starts_at.date())}" if meeting.starts_at else ""
    return f"séance n° {meeting.number}{day}"


def _check_not_open(session: Session, body: Body, rules: BodyRules, seats: Sequence[SeatForm]) -> None:
    """While a séance is open, its quorum and votes are computed from these rules and seats: they wait
    for its close. Representatives may still change (a suppléant who arrives unannounced)."""
    label = open_meeting_label(session, body.id)
    if not label:
        return
    stored = _stored_rules(session, body)
    same_rules = all(_plain(getattr(rules, name)) == _plain(getattr(stored, name))
                     for name in RULE_FIELDS if name != "name")
    same_rules = same_rules and _majority_map(rules) == _majority_map(stored)
    cent = Decimal("0.01")
    wanted = [(s.id, s.organisation_id, s.voting_rights.quantize(cent), s.has_vote) for s in seats]
    current = [(s.id, s.organisation_id, Decimal(s.voting_rights).quantize(cent), s.has_vote)
               for s in _seat_rows(session, body.id)]
    if not same_rules or wanted != current:
        raise DomainError(f"La {label} de l'instance {body.code} est ouverte : ses règles, ses majorités et "
                          "ses sièges ne peuvent pas changer avant sa clôture (le quorum et les votes en "
                          "cours en dépendent). Seuls les représentants peuvent être mis à jour.")


def _plain(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _majority_map(rules: BodyRules) -> dict[MatterKind, MajorityKind]:
    given = dict(rules.majorities)
    return {matter: given.get(matter, MajorityKind.SIMPLE) for matter in MatterKind}


def _majority_rows(session: Session, body_id: uuid.UUID) -> list[MajorityRule]:
    stmt = select(MajorityRule).where(MajorityRule.body_id == body_id, MajorityRule.deleted.is_(False))
    return list(session.scalars(stmt))


def _seat_rows(session: Session, body_id: uuid.UUID) -> list[Seat]:
    stmt = select(Seat).where(Seat.body_id == body_id, Seat.deleted.is_(False)).order_by(Seat.position)
    return list(session.scalars(stmt))


def _people(session: Session, seat_id: uuid.UUID) -> list[Representative]:
    stmt = select(Representative).where(Representative.seat_id == seat_id, Representative.deleted.is_(False))
    return list(session.scalars(stmt.order_by(Representative.is_substitute, Representative.full_name)))


def _representative(row: Representative) -> RepresentativeForm:
    return RepresentativeForm(row.id, row.full_name, row.title, row.is_substitute, row.email, row.valid_from,
                              row.valid_to)


def _seats_in_use(session: Session) -> set[uuid.UUID]:
    used: set[uuid.UUID | None] = set(session.scalars(select(Attendance.seat_id)))
    used |= set(session.scalars(select(Proxy.grantor_seat_id)))
    used |= set(session.scalars(select(Proxy.holder_seat_id)))
    used |= set(session.scalars(select(Ballot.seat_id)))
    return {seat_id for seat_id in used if seat_id is not None}


def _check_rules(rules: BodyRules) -> None:
    if not rules.name.strip():
        raise DomainError("Donnez un nom à l'instance.")
    if rules.quorum_basis is not QuorumBasis.NONE and not Decimal(0) < rules.quorum_threshold <= 1:
        raise DomainError("Le seuil du quorum doit être compris entre 0 et 100 % (par exemple 66,67 % pour "
                          "les deux tiers).")
    if min(rules.convocation_days, rules.urgent_convocation_days, rules.max_proxies) < 0:
        raise DomainError("Les délais de convocation et le nombre de pouvoirs ne peuvent pas être négatifs.")
    if rules.urgent_convocation_days > rules.convocation_days:
        urgent, normal = plural(rules.urgent_convocation_days, "jour"), plural(rules.convocation_days, "jour")
        raise DomainError(f"Le délai de convocation en urgence ({urgent}) ne peut pas dépasser le délai "
                          f"normal ({normal}).")
    matters = [matter for matter, _ in rules.majorities]
    if len(matters) != len(set(matters)):
        raise DomainError("Une même matière a reçu deux règles de majorité.")


def _check_seats(seats: Sequence[SeatForm], orgs: dict[uuid.UUID, str], *, weighted: bool) -> None:
    seen: dict[uuid.UUID, int] = {}
    for position, seat in enumerate(seats, start=1):
        if seat.organisation_id is None or seat.organisation_id not in orgs:
            raise DomainError(f"Siège n° {position} : choisissez l'organisation membre qui l'occupe.")
        name = orgs[seat.organisation_id]
        if seat.organisation_id in seen:
            raise DomainError(f"« {name} » occupe déjà le siège n° {seen[seat.organisation_id]} : un membre "
                              "n'a qu'un siège par instance.")
        seen[seat.organisation_id] = position
        if not Decimal(0) <= seat.voting_rights <= HUNDRED:
            raise DomainError(f"Siège « {name} » : les droits statutaires vont de 0 à 100 %.")
        if not seat.has_vote and seat.voting_rights:
            raise DomainError(f"Siège « {name} » : un siège sans voix délibérative n'a pas de droits "
                              "statutaires ; mettez-les à 0 %.")
        for index, person in enumerate(seat.representatives, start=1):
            _check_person(name, index, person)
    voting = [seat.voting_rights for seat in seats if seat.has_vote]
    total = sum(voting, Decimal(0))
    if weighted and voting and total != HUNDRED:
        gap = f"il manque {rights_text(HUNDRED - total)}" if total < HUNDRED else \
            f"{rights_text(total - HUNDRED)} de trop"
        raise DomainError(f"Les droits statutaires des sièges avec voix délibérative totalisent "
                          f"{rights_text(total)} : ils doivent totaliser 100\u00a0% quand les votes sont "
                          f"pondérés ({gap}).")


def _check_person(seat: str, index: int, person: RepresentativeForm) -> None:
    where = f"Siège « {seat} », représentant n° {index}"
    if not person.full_name.strip():
        raise DomainError(f"{where} : indiquez son nom.")
    if person.email.strip() and not _EMAIL.match(person.email.strip()):
        raise DomainError(f"{where} ({person.full_name.strip()}) : le courriel « {person.email.strip()} » "
                          "n'est pas une adresse valide.")
    if person.valid_from and person.valid_to and person.valid_to < person.valid_from:
        raise DomainError(f"{where} ({person.full_name.strip()}) : la fin du mandat précède son début.")


def _store_majorities(session: Session, body: Body, rules: BodyRules) -> None:
    """One live rule per matter given (the editor gives them all, simple majority included)."""
    wanted = dict(rules.majorities)
    for row in _majority_rows(session, body.id):
        if row.matter in wanted:
            row.majority = wanted.pop(row.matter)
        else:
            row.deleted = True
    for matter, majority in wanted.items():
        shared_row(session, MajorityRule, majority_rule_row_id(body.id, matter.value), body_id=body.id,
                   matter=matter, majority=majority)


def _store_seats(session: Session, body: Body, seats: Sequence[SeatForm], orgs: dict[uuid.UUID, str]) -> None:
    current = {seat.id: seat for seat in _seat_rows(session, body.id)}
    kept = {seat.id for seat in seats if seat.id is not None}
    used = _seats_in_use(session)
    for seat_id, row in current.items():
        if seat_id in kept:
            continue
        name = orgs.get(row.organisation_id, "") if row.organisation_id else ""
        if seat_id in used:
            raise DomainError(f"Le siège « {name} » figure dans les présences, pouvoirs ou votes de séances "
                              "passées : il ne peut pas être supprimé, ces séances en dépendent.")
        row.deleted = True
        for person in _people(session, seat_id):
            person.deleted = True
    for position, form in enumerate(seats):
        seat = current.get(form.id) if form.id is not None else None
        if seat is None:
            seat = Seat(id=new_id(), body_id=body.id)
            session.add(seat)
        seat.organisation_id, seat.voting_rights, seat.has_vote = form.organisation_id, form.voting_rights, \
            form.has_vote
        seat.position = position
        _store_people(session, seat, form.representatives)


def _store_people(session: Session, seat: Seat, people: Sequence[RepresentativeForm]) -> None:
    current = {person.id: person for person in _people(session, seat.id)}
    kept = {person.id for person in people if person.id is not None}
    for person_id, row in current.items():
        if person_id not in kept:
            row.deleted = True
    for form in people:
        person = current.get(form.id) if form.id is not None else None
        if person is None:
            person = Representative(id=new_id(), seat_id=seat.id)
            session.add(person)
        person.full_name, person.title = form.full_name.strip(), form.title.strip()
        person.email, person.is_substitute = form.email.strip(), form.is_substitute
        person.valid_from, person.valid_to = form.valid_from, form.valid_to
