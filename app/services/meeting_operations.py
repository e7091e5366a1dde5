"""Meeting operations before and after the séance (issue 4): the agenda editor's rules, freezing the agenda
with decision numbers, and the lifecycle transitions. Pure functions over a Session; no Qt, no commit;
refusals are DomainErrors in French.

Lifecycle: en préparation → ODJ arrêté → convoquée → tenue → close → PV approuvé.
Decision numbers {YYYY}-{BODY}-{NNN} are unique per body and year and never reused: the next sequence is
one more than the highest ever assigned for that body and year, withdrawn and deleted decisions included.
Two laptops freezing offline may still pick the same number; `check` reports it after the merge.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from functools import partial
from typing import Any

from babel.dates import format_date
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import (
    AgendaItemKind,
    AgendaItemStatus,
    DecisionKind,
    DecisionStatus,
    MatterKind,
    MeetingStatus,
)
from app.domain.errors import DomainError, NotFound
from app.domain.field_labels import field_label
from app.domain.ids import decision_row_id, link_id, new_id
from app.domain.rebase import as_text, rebase_or_refuse
from app.formatting import hour_text, plural, typed_time
from app.models.body import Body, Seat
from app.models.document import Document
from app.models.meeting import AgendaItem, AgendaItemProject, Decision, Meeting, Vote
from app.models.project import Project
from app.services.meeting_papers import (
    get_meeting,
    item_decision,
    live_items,
    minutes_it_approves,
    previous_meeting,
)
from app.services.shared_rows import shared_row

log = logging.getLogger(__name__)

NUMBERED_KINDS = (AgendaItemKind.DELIBERATION, AgendaItemKind.OPINION)
EDITABLE = (MeetingStatus.PREPARING, MeetingStatus.AGENDA_FROZEN, MeetingStatus.CONVENED)


def create_meeting(session: Session, body_id: uuid.UUID, *, starts_at: datetime, place: str = "",
                   video_link: str = "", chair_name: str = "", urgent: bool = False) -> uuid.UUID:
    """A séance en préparation, numbered in its body's year, with the usual opening points (secrétaire de
    séance, quorum, approval of the previous minutes) and « questions diverses » last. Without a chair
    given, the previous séance's chair presides (the séance's « Modifier… » changes it)."""
    body = session.get(Body, body_id) if body_id is not None else None
    if body is None or body.deleted:
        raise DomainError("L'instance choisie n'existe plus (retirée depuis un autre poste ?) : "
                          "choisissez-en une autre, ou déclarez-la de nouveau dans l'onglet Organes.")
    year_start, year_end = datetime(starts_at.year, 1, 1), datetime(starts_at.year + 1, 1, 1)
    stmt = select(func.max(Meeting.number)).where(Meeting.body_id == body_id, Meeting.starts_at >= year_start,
                                                  Meeting.starts_at < year_end, Meeting.deleted.is_(False))
    meeting = Meeting(id=new_id(), body_id=body_id, number=int(session.scalar(stmt) or 0) + 1,
                      starts_at=starts_at, place=place, video_link=video_link, chair_name=chair_name,
                      urgent=urgent, status=MeetingStatus.PREPARING)
    session.add(meeting)
    session.flush()
    previous = previous_meeting(session, meeting)
    if not chair_name.strip() and previous is not None:  # the body's chair until told otherwise
        chair_name = meeting.chair_name = previous.chair_name
    minutes = f"Approbation du procès-verbal de la séance du {plain_date(previous.starts_at.date())}" \
        if previous is not None and previous.starts_at is not None else ""
    points = [(AgendaItemKind.INFORMATION, "Désignation du secrétaire de séance"),
              (AgendaItemKind.INFORMATION, "Constat du quorum")]
    points += [(AgendaItemKind.MINUTES, minutes)] if minutes else []
    points.append((AgendaItemKind.MISC, "Questions diverses"))
    for position, (kind, title) in enumerate(points, start=1):
        session.add(AgendaItem(id=new_id(), meeting_id=meeting.id, position=position, kind=kind, title=title,
                               rapporteur=chair_name))
    session.flush()
    return meeting.id


def remove_meeting(session: Session, meeting_id: uuid.UUID) -> str:
    """A séance created by mistake (wrong organe, wrong date), to the bin with its agenda, while it is in
    preparation: no decision number given, no convocation, no document. Its number is given again to the
    next séance of its organe and year. Returns how the séance was named."""
    meeting, body = get_meeting(session, meeting_id)
    label = f"{body.code} – séance n° {meeting.number}"
    if meeting.status is not MeetingStatus.PREPARING:
        raise DomainError(f"La séance « {label} » est « {meeting.status.label} » : seule une séance en "
                          "préparation (ordre du jour non arrêté, pas de convocation) peut être supprimée.")
    issued = session.scalars(select(Document.title).where(
        Document.subject_type == "meeting", Document.subject_id == meeting.id, Document.deleted.is_(False)))
    if titles := sorted(set(issued)):
        raise DomainError(f"Des documents de la séance « {label} » sont au registre ({', '.join(titles)}) : "
                          "elle ne peut pas être supprimée ; rien n'a été modifié.")
    items = live_items(session, meeting_id)
    links = select(AgendaItemProject).where(AgendaItemProject.item_id.in_([i.id for i in items]),
                                            AgendaItemProject.deleted.is_(False))
    for row in [*items, *session.scalars(links)]:
        row.deleted = True
    meeting.deleted = True
    session.flush()
    return label


def plain_date(day: date) -> str:
    """date(2026, 10, 8) → "8 octobre 2026" (agenda titles)."""
    return format_date(day, format="d MMMM y", locale="fr_FR")


def next_sequence(session: Session, body_id: uuid.UUID, year: int) -> int:
    """One more than the highest sequence ever given in this body and year (deleted rows included)."""
    stmt = select(func.max(Decision.sequence)).where(Decision.body_id == body_id, Decision.year == year)
    return int(session.scalar(stmt) or 0) + 1


def freeze_agenda(session: Session, meeting_id: uuid.UUID) -> list[str]:
    """Arrêt de l'ODJ: number every deliberation / opinion point; returns the numbers assigned."""
    meeting, body = get_meeting(session, meeting_id)
    if meeting.status is not MeetingStatus.PREPARING:
        raise DomainError(f"L'ordre du jour de la séance n° {meeting.number} ne peut être arrêté que lorsque "
                          f"la séance est « en préparation » (elle est « {meeting.status.label} »).")
    if meeting.starts_at is None:
        raise DomainError("Fixez la date de la séance avant d'arrêter l'ordre du jour : l'année entre dans "
                          "les numéros de délibération.")
    items = [i for i in live_items(session, meeting_id) if i.status is not AgendaItemStatus.WITHDRAWN]
    if not items:
        raise DomainError("L'ordre du jour est vide : ajoutez au moins un point avant de l'arrêter.")
    numbers = [number_item(session, meeting, body, item) for item in items if item.kind in NUMBERED_KINDS]
    meeting.status = MeetingStatus.AGENDA_FROZEN
    session.flush()
    log.info("Agenda of meeting %s frozen: %s", meeting.id, ", ".join(numbers))
    return numbers


def number_item(session: Session, meeting: Meeting, body: Body, item: AgendaItem) -> str:
    """The item's decision number, assigning the next one when it has none."""
    existing = item_decision(session, item.id)
    if existing is not None and existing.number:
        return existing.number
    assert meeting.starts_at is not None
    year = meeting.starts_at.year
    sequence = next_sequence(session, body.id, year)
    number = f"{year}-{body.code}-{sequence:03d}"
    kind = DecisionKind.OPINION if item.kind is AgendaItemKind.OPINION else DecisionKind.DELIBERATION
    decision = existing or shared_row(session, Decision, decision_row_id(item.id), body_id=body.id,
                                      item_id=item.id, title=item.title, kind=kind)
    decision.year, decision.sequence, decision.number = year, sequence, number
    decision.status = DecisionStatus.DRAFT
    session.flush()  # the next call's max() must see this number
    return number


def _editable(meeting: Meeting, what: str) -> None:
    if meeting.status not in EDITABLE:
        raise DomainError(f"La séance n° {meeting.number} est « {meeting.status.label} » : on ne peut plus "
                          f"{what} après la tenue de la séance.")


def add_item(session: Session, meeting_id: uuid.UUID, *, title: str, kind: AgendaItemKind,
             rapporteur: str = "", matter: MatterKind = MatterKind.ORDINARY,
             position: int | None = None) -> uuid.UUID:
    """Add a point (before « questions diverses » unless a position is given). Once the agenda is frozen,
    a deliberation or opinion point gets its number at once."""
    meeting, body = get_meeting(session, meeting_id)
    _editable(meeting, "ajouter de point")
    if not title.strip():
        raise DomainError("Donnez un intitulé au point.")
    items = live_items(session, meeting_id)
    misc = [i for i in items if i.kind is AgendaItemKind.MISC]
    if kind is AgendaItemKind.MISC and misc:
        raise DomainError("L'ordre du jour comporte déjà un point « questions diverses ».")
    if position is None:
        position = misc[0].position if misc and kind is not AgendaItemKind.MISC else len(items) + 1
    item = AgendaItem(id=new_id(), meeting_id=meeting_id, title=title.strip(), kind=kind, matter=matter,
                      rapporteur=rapporteur, position=position)
    ordered = list(items)
    ordered.insert(max(0, min(position - 1, len(ordered))), item)
    session.add(item)
    _renumber(ordered)
    session.flush()
    if meeting.status is not MeetingStatus.PREPARING and kind in NUMBERED_KINDS:
        number_item(session, meeting, body, item)
    return item.id


def reorder_items(session: Session, meeting_id: uuid.UUID, ordered_ids: Sequence[uuid.UUID]) -> None:
    """Put the points in the given order (all of them, once each); « questions diverses » stays last."""
    meeting, _ = get_meeting(session, meeting_id)
    _editable(meeting, "réordonner l'ordre du jour")
    items = {i.id: i for i in live_items(session, meeting_id)}
    if len(ordered_ids) != len(set(ordered_ids)):
        raise DomainError("Le nouvel ordre doit reprendre chaque point de l'ordre du jour une fois et une "
                          "seule.")
    if set(ordered_ids) != set(items):  # the list shown was older than what a round brought
        raise DomainError("L'ordre du jour a changé sur un autre poste pendant votre saisie : il est affiché "
                          "à jour, refaites le déplacement.")
    ordered = [items[i] for i in ordered_ids]
    if any(i.kind is AgendaItemKind.MISC for i in ordered[:-1]):
        raise DomainError("Le point « questions diverses » reste le dernier de l'ordre du jour.")
    _renumber(ordered)
    session.flush()


def _renumber(items: Sequence[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position


def withdraw_item(session: Session, item_id: uuid.UUID) -> None:
    """Retire a point; its decision number, if any, is withdrawn with it and never given again."""
    item = _item(session, item_id)
    meeting, _ = get_meeting(session, item.meeting_id)  # type: ignore[arg-type]
    _editable(meeting, "retirer de point")
    if item.status is AgendaItemStatus.WITHDRAWN:
        raise DomainError(f"Le point « {item.title} » est déjà retiré.")
    item.status = AgendaItemStatus.WITHDRAWN
    decision = item_decision(session, item.id)
    if decision is not None:
        decision.status = DecisionStatus.WITHDRAWN
    session.flush()


def reinstate_item(session: Session, item_id: uuid.UUID) -> str:
    """A point withdrawn by mistake, back on the agenda at its place, as it was: its decision comes back
    with its number (a withdrawn number is never given to another decision, so it is still free); a
    deliberation withdrawn before the freeze is numbered now if the agenda has been frozen since.
    Returns the decision's number, or ""."""
    item = _item(session, item_id)
    meeting, body = get_meeting(session, item.meeting_id)  # type: ignore[arg-type]
    _editable(meeting, "réinscrire de point")
    if item.status is not AgendaItemStatus.WITHDRAWN:
        raise DomainError(f"Le point « {item.title} » n'est pas retiré : il est déjà à l'ordre du jour.")
    item.status = AgendaItemStatus.PENDING
    decision = item_decision(session, item.id)
    if decision is not None and decision.status is DecisionStatus.WITHDRAWN:
        decision.status = DecisionStatus.DRAFT
    session.flush()
    if meeting.status is not MeetingStatus.PREPARING and item.kind in NUMBERED_KINDS:
        return number_item(session, meeting, body, item)
    return decision.number if decision is not None and decision.number else ""


def update_item(session: Session, item_id: uuid.UUID, *, title: str | None = None,
                kind: AgendaItemKind | None = None, rapporteur: str | None = None,
                matter: MatterKind | None = None, presentation: str | None = None,
                financial_impact: str | None = None) -> None:
    """Edit a point (title, kind, rapporteur, matter, note de présentation, incidence financière).
    After the freeze, a point that becomes deliberative gets a number, and one that stops
    being so has its decision withdrawn (the number is not given again)."""
    item = _item(session, item_id)
    meeting, body = get_meeting(session, item.meeting_id)  # type: ignore[arg-type]
    _editable(meeting, "modifier de point")
    if title is not None:
        if not title.strip():
            raise DomainError("Donnez un intitulé au point.")
        item.title = title.strip()
    item.rapporteur = item.rapporteur if rapporteur is None else rapporteur
    item.matter = matter or item.matter
    item.presentation = item.presentation if presentation is None else presentation
    item.financial_impact = item.financial_impact if financial_impact is None else financial_impact
    if kind is not None and kind is not item.kind:
        _change_kind(session, meeting, body, item, kind)
    session.flush()


def _change_kind(session: Session, meeting: Meeting, body: Body, item: AgendaItem,
                 kind: AgendaItemKind) -> None:
    if kind is AgendaItemKind.MISC:
        raise DomainError("Le point « questions diverses » s'ajoute à la fin de l'ordre du jour.")
    item.kind = kind
    decision = item_decision(session, item.id)
    if decision is not None and kind not in NUMBERED_KINDS:
        decision.status = DecisionStatus.WITHDRAWN
    elif decision is not None:
        decision.kind = DecisionKind.OPINION if kind is AgendaItemKind.OPINION else DecisionKind.DELIBERATION
    elif meeting.status is not MeetingStatus.PREPARING and kind in NUMBERED_KINDS:
        number_item(session, meeting, body, item)


def link_project(session: Session, item_id: uuid.UUID, project_id: uuid.UUID, *, linked: bool = True) -> None:
    """Attach a project to a point (its fiche action and financing plan go to the dossier's annexes)."""
    item = _item(session, item_id)
    meeting, _ = get_meeting(session, item.meeting_id)  # type: ignore[arg-type]
    _editable(meeting, "modifier les projets d'un point")
    if session.get(Project, project_id) is None:
        raise NotFound("Projet", project_id)
    link_id_ = link_id(item_id, project_id)
    row = session.get(AgendaItemProject, link_id_)
    if row is None and linked:
        session.add(AgendaItemProject(id=link_id_, item_id=item_id, project_id=project_id))
    elif row is not None:
        row.deleted = not linked
    session.flush()


def _item(session: Session, item_id: uuid.UUID) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted or item.meeting_id is None:
        raise NotFound("Point de l'ordre du jour", item_id)
    return item


def convene_meeting(session: Session, meeting_id: uuid.UUID, *, on: date) -> None:
    """ODJ arrêté → convoquée, if the convocation leaves the body's delay (the urgent one if so marked)."""
    meeting, body = get_meeting(session, meeting_id)
    _require(meeting, MeetingStatus.AGENDA_FROZEN, "convoquer la séance")
    assert meeting.starts_at is not None  # freeze_agenda requires it
    voting = select(func.count()).select_from(Seat).where(Seat.body_id == body.id, Seat.has_vote.is_(True),
                                                          Seat.deleted.is_(False))
    if not session.scalar(voting):
        raise DomainError(f"L'instance {body.code} n'a aucun siège avec voix délibérative : déclarez ses "
                          "membres et leurs représentants (onglet Organes, « Modifier l'instance… ») avant "
                          "de la convoquer.")
    days = (meeting.starts_at.date() - on).days
    needed = body.urgent_convocation_days if meeting.urgent else body.convocation_days
    if days < needed:
        urgency = "en urgence " if meeting.urgent else ""
        hint = "" if meeting.urgent else " (ou marquez la séance comme urgente si le règlement le permet)"
        raise DomainError(f"Convocation trop tardive : l'instance doit être convoquée {urgency}au moins "
                          f"{plural(needed, 'jour')} avant la séance, il reste {plural(days, 'jour')}"
                          f"{hint}.")
    meeting.convened_on, meeting.status = on, MeetingStatus.CONVENED
    session.flush()


def open_meeting(session: Session, meeting_id: uuid.UUID, *, at: datetime) -> None:
    """Convoquée → tenue: the séance opens (attendance and votes can be recorded)."""
    meeting, _ = get_meeting(session, meeting_id)
    _require(meeting, MeetingStatus.CONVENED, "ouvrir la séance")
    meeting.opened_at, meeting.status = at, MeetingStatus.HELD
    session.flush()


def close_meeting(session: Session, meeting_id: uuid.UUID, *, at: datetime) -> None:
    """Tenue → close; points left without a vote are postponed (ajournés), their decisions too. The
    previous séance's procès-verbal that this one approved (meeting_papers.minutes_it_approves) is
    approved on this séance's day: « approuvé lors de la séance du … »."""
    meeting, _ = get_meeting(session, meeting_id)
    _require(meeting, MeetingStatus.HELD, "clore la séance")
    if meeting.opened_at is not None and at < meeting.opened_at:
        raise DomainError("L'heure de clôture précède l'heure d'ouverture de la séance.")
    for item in live_items(session, meeting_id):
        if item.status is AgendaItemStatus.PENDING:
            decision = item_decision(session, item.id)
            item.status = AgendaItemStatus.POSTPONED if decision else AgendaItemStatus.DONE
            if decision is not None and decision.status is DecisionStatus.DRAFT:
                decision.status = DecisionStatus.POSTPONED
    approved = minutes_it_approves(session, meeting)
    if approved is not None and meeting.starts_at is not None:
        approve_minutes(session, approved.id, on=meeting.starts_at.date())
    meeting.closed_at, meeting.status = at, MeetingStatus.CLOSED
    session.flush()


def approve_minutes(session: Session, meeting_id: uuid.UUID, *, on: date) -> None:
    """Close → PV approuvé (at a later séance, dated `on`)."""
    meeting, _ = get_meeting(session, meeting_id)
    _require(meeting, MeetingStatus.CLOSED, "approuver le procès-verbal")
    if meeting.starts_at is not None and on < meeting.starts_at.date():
        raise DomainError("Le procès-verbal ne peut être approuvé avant la séance qu'il relate.")
    meeting.minutes_approved_on, meeting.status = on, MeetingStatus.MINUTES_APPROVED
    session.flush()


def _require(meeting: Meeting, status: MeetingStatus, action: str) -> None:
    if meeting.status is not status:
        raise DomainError(f"Impossible de {action} : la séance n° {meeting.number} est « "
                          f"{meeting.status.label} » et non « {status.label} ».")


def save_agenda_item(session: Session, meeting_id: uuid.UUID, item_id: uuid.UUID | None, *, title: str,
                     kind: AgendaItemKind, matter: MatterKind = MatterKind.ORDINARY, rapporteur: str = "",
                     presentation: str = "", financial_impact: str = "",
                     project_ids: Sequence[uuid.UUID] = (),
                     base: Mapping[str, Any] | None = None) -> uuid.UUID:
    """The agenda editor's « Enregistrer »: add (item_id None) or edit a point, and set its linked projects
    to exactly `project_ids`, in one unit of work. `base`: the point as its form loaded it (these names);
    only what the form changed is then written, and a field also changed on another workstation meanwhile
    raises EditedElsewhereError (app.domain.rebase)."""
    typed: dict[str, Any] = {
        "title": title.strip(), "kind": kind, "matter": matter, "rapporteur": rapporteur.strip(),
        "presentation": presentation.strip(), "financial_impact": financial_impact.strip(),
        "project_ids": frozenset(project_ids)}
    if item_id is not None and base is not None:
        stored = _item_fields(session, item_id)
        typed = rebase_or_refuse({**base, "project_ids": frozenset(base["project_ids"])}, typed, stored,
                                 label=ITEM_LABELS.__getitem__, shown=lambda name: as_text(stored[name]))
    fields = {name: typed[name] for name in ("title", "kind", "matter", "rapporteur")}
    texts = {name: typed[name] for name in ("presentation", "financial_impact")}
    if item_id is None:
        item_id = add_item(session, meeting_id, **fields)
        update_item(session, item_id, **texts)
    else:
        update_item(session, item_id, **fields, **texts)
    stmt = select(AgendaItemProject.project_id).where(AgendaItemProject.item_id == item_id,
                                                      AgendaItemProject.deleted.is_(False))
    current = {pid for pid in session.scalars(stmt) if pid is not None}
    for project_id in current - typed["project_ids"]:
        link_project(session, item_id, project_id, linked=False)
    for project_id in typed["project_ids"] - current:
        link_project(session, item_id, project_id)
    return item_id


BEFORE_CONVENING = (MeetingStatus.PREPARING, MeetingStatus.AGENDA_FROZEN)
BEFORE_HOLDING = (*BEFORE_CONVENING, MeetingStatus.CONVENED)
BEFORE_APPROVAL = (*BEFORE_HOLDING, MeetingStatus.HELD, MeetingStatus.CLOSED)
# field → (statuses where it may change, why not afterwards): the edit dialog greys the same fields
_TIMES_WHY = ("les heures d'ouverture et de clôture se notent en séance, puis se corrigent jusqu'à "
              "l'approbation du procès-verbal")
MEETING_FIELD_RULES: dict[str, tuple[tuple[MeetingStatus, ...], str]] = {
    "urgent": (BEFORE_CONVENING, "l'urgence et la seconde convocation se décident avant de convoquer"),
    "second_convocation": (BEFORE_CONVENING, "l'urgence et la seconde convocation se décident avant de "
                                             "convoquer"),
    "place": (BEFORE_HOLDING, "le lieu et la visioconférence ne changent plus une fois la séance tenue"),
    "video_link": (BEFORE_HOLDING, "le lieu et la visioconférence ne changent plus une fois la séance "
                                   "tenue"),
    "chair_name": (BEFORE_APPROVAL, "la présidence, le secrétariat et les invités sont figés par "
                                    "l'approbation du procès-verbal"),
    "secretary_name": (BEFORE_APPROVAL, "la présidence, le secrétariat et les invités sont figés par "
                                        "l'approbation du procès-verbal"),
    "guests": (BEFORE_APPROVAL, "la présidence, le secrétariat et les invités sont figés par l'approbation "
                                "du procès-verbal"),
    "opened_at": ((MeetingStatus.HELD, MeetingStatus.CLOSED), _TIMES_WHY),
    "closed_at": ((MeetingStatus.CLOSED,), _TIMES_WHY),
}
TIME_FIELDS = ("opened_at", "closed_at")  # shown and typed « 14:35 », on the séance's day
_CLOCK = re.compile(r"^\s*(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?)?\s*$")


def update_meeting(session: Session, meeting_id: uuid.UUID, *, base: Mapping[str, str | bool] | None = None,
                   **changes: str | bool) -> None:
    """A séance's « Modifier… »: presidency, secretary, guests (one per line), place, video link, urgency,
    second convocation, and the opening and closing times noted in séance (« 14:35 »: a time noted late is
    corrected here until the minutes are approved). A field that the séance's status freezes
    (MEETING_FIELD_RULES) is refused only when its value actually changes. `base`: the fields as the form
    loaded them; only what the form changed is then written, and a field also changed on another
    workstation meanwhile raises EditedElsewhereError (app.domain.rebase)."""
    meeting, _ = get_meeting(session, meeting_id)
    unknown = set(changes) - set(MEETING_FIELD_RULES)
    if unknown:
        raise ValueError(f"unknown meeting fields: {sorted(unknown)}")
    changes = {name: _clean_field(name, value) for name, value in changes.items()}
    if base is not None:
        stored = {name: _clean_field(name, _form_value(meeting, name, value)) for name, value in base.items()}
        changes = rebase_or_refuse(
            {name: _clean_field(name, base[name]) for name in changes}, changes, stored,
            label=partial(field_label, "meeting"), shown=lambda name: as_text(stored[name]))
    retimed = False
    for name, value in changes.items():
        if _form_value(meeting, name, value) == value:
            continue
        statuses, why = MEETING_FIELD_RULES[name]
        if meeting.status not in statuses:
            raise DomainError(f"La séance n° {meeting.number} est « {meeting.status.label} » : {why}.")
        if name == "video_link" and value and not str(value).startswith(("https://", "http://")):
            raise DomainError("Le lien de visioconférence doit commencer par « https:// ».")
        setattr(meeting, name, _on_the_day(meeting, name, str(value)) if name in TIME_FIELDS else value)
        retimed = retimed or name in TIME_FIELDS
    if retimed:
        _check_times(session, meeting)
    session.flush()


def _form_value(meeting: Meeting, name: str, like: str | bool) -> str | bool:
    """A field as the form shows it: a time as « 14:35 », "" or False for nothing."""
    value = getattr(meeting, name)
    if name in TIME_FIELDS:
        return typed_time(value)
    return value or type(like)()


def _on_the_day(meeting: Meeting, name: str, clock: str) -> datetime:
    """« 14:35 » on the séance's day."""
    if not clock:
        raise DomainError(f"L'heure de {'clôture' if name == 'closed_at' else 'ouverture'} ne peut pas être "
                          "effacée : corrigez-la.")
    day = (meeting.opened_at or meeting.starts_at or datetime.now()).date()
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes))


def _check_times(session: Session, meeting: Meeting) -> None:
    """The closing after the opening, and every vote between them."""
    opened, closed = meeting.opened_at, meeting.closed_at
    if opened is not None and closed is not None and closed < opened:
        raise DomainError(f"La clôture ({hour_text(closed)}) précède l'ouverture ({hour_text(opened)}) ; "
                          "rien n'a été enregistré.")
    ids = [item.id for item in live_items(session, meeting.id)]
    times = [at for at in session.scalars(select(Vote.voted_at).where(
        Vote.item_id.in_(ids), Vote.deleted.is_(False))) if at is not None]
    if opened is not None and times and min(times) < opened:
        raise DomainError(f"Un vote a été enregistré à {hour_text(min(times))}, avant l'ouverture "
                          f"({hour_text(opened)}) ; rien n'a été enregistré.")
    if closed is not None and times and max(times) > closed:
        raise DomainError(f"Un vote a été enregistré à {hour_text(max(times))}, après la clôture "
                          f"({hour_text(closed)}) ; rien n'a été enregistré.")


ITEM_LABELS = {"title": "Intitulé", "kind": "Nature", "matter": "Matière", "rapporteur": "Rapporteur",
               "presentation": "Note de présentation", "financial_impact": "Incidence financière",
               "project_ids": "Projets liés"}  # as the point's form names them


def _item_fields(session: Session, item_id: uuid.UUID) -> dict[str, Any]:
    """A point's fields as its form edits them (stripped texts, the linked projects as a set)."""
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted:
        raise NotFound("Point de l'ordre du jour", item_id)
    linked = session.scalars(select(AgendaItemProject.project_id).where(
        AgendaItemProject.item_id == item_id, AgendaItemProject.deleted.is_(False)))
    return {"title": (item.title or "").strip(), "kind": item.kind, "matter": item.matter,
            "rapporteur": (item.rapporteur or "").strip(), "presentation": (item.presentation or "").strip(),
            "financial_impact": (item.financial_impact or "").strip(),
            "project_ids": frozenset(pid for pid in linked if pid is not None)}


def _clock_text(name: str, typed: str) -> str:
    """« 14:35 », « 14 h 35 », « 14h35 », « 9h » → « 14:35 », « 09:00 »; "" stays ""."""
    if not typed.strip():
        return ""
    match = _CLOCK.match(typed)
    hours, minutes = (int(match.group(1)), int(match.group(2) or 0)) if match else (24, 0)
    if hours > 23 or minutes > 59:
        raise DomainError(f"« {typed.strip()} » n'est pas une heure ({field_label('meeting', name)}) : tapez "
                          "par exemple 14:35.")
    return f"{hours:02d}:{minutes:02d}"


def _clean_field(name: str, value: str | bool) -> str | bool:
    if isinstance(value, bool):
        return value
    if name in TIME_FIELDS:
        return _clock_text(name, value)
    if name == "guests":  # one guest per line, without blank lines nor surrounding spaces
        return "\n".join(line.strip() for line in value.splitlines() if line.strip())
    return value.strip()
