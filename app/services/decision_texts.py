"""Editing a décision's texts (issue 4): title, visas (Vu…), considérants, articles, date d'effet.

Rules: a withdrawn décision keeps its text (and its number, never given again); a délibération whose
document was sent or signed is immutable (DOMAIN §3: a correction is a new act). A voted décision may still
be put into shape until then, with a reminder that the text must stay the one adopted. No Qt, no commit.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import DecisionKind, DecisionStatus, DocumentKind, DocumentStatus
from app.domain.errors import DomainError, NotFound
from app.domain.meeting_editing import DecisionText
from app.domain.rebase import as_text, attributes, rebase_or_refuse
from app.formatting import long_date
from app.models.body import Body
from app.models.document import Document
from app.models.meeting import AgendaItem, Decision, Meeting
from app.services.meeting_documents import FEMININE_BODIES, _articles, default_visas
from app.services.settings import get_identity

log = logging.getLogger(__name__)

VOTED = (DecisionStatus.ADOPTED, DecisionStatus.REJECTED)
FORM_LABELS = {"title": "Objet", "visas": "Visas", "considerations": "Considérants", "articles": "Articles",
               "effective_on": "Date d'effet"}


def decision_text(session: Session, decision_id: uuid.UUID) -> DecisionText:
    """The décision's texts for the editor; the usual visas are proposed when none is stored."""
    decision, meeting, body = _decision(session, decision_id)
    visas = _lines(decision.visas)
    if not visas:
        name = body.name if body else "Instance"
        _the, of = _articles(name, body is not None and body.kind in FEMININE_BODIES)
        visas = default_visas(get_identity(session), of)
    day = meeting.starts_at.date() if meeting and meeting.starts_at else None
    return DecisionText(
        id=decision.id, number=decision.number, kind=decision.kind, status=decision.status,
        body_name=body.name if body else "", meeting_day=day, title=decision.title, visas=visas,
        considerations=_lines(decision.considerations), articles=_lines(decision.articles),
        effective_on=decision.effective_on, visas_proposed=not decision.visas.strip(),
        locked=_locked(session, decision), caution=_caution(decision, day))


def save_decision_text(session: Session, decision_id: uuid.UUID, *, title: str, visas: Sequence[str],
                       considerations: Sequence[str], articles: Sequence[str],
                       effective_on: date | None, base: DecisionText | None = None) -> DecisionText:
    """Store the texts (one line per visa, considérant and article; blank lines dropped).

    `base`: the texts as the form loaded them; only what the form changed is then written, and a text also
    changed on another workstation meanwhile raises EditedElsewhereError (app.domain.rebase)."""
    decision, meeting, _body = _decision(session, decision_id)
    if reason := _locked(session, decision):
        raise DomainError(reason)
    texts: dict[str, Any] = {"title": title.strip(), "visas": _clean(visas),
                             "considerations": _clean(considerations), "articles": _clean(articles),
                             "effective_on": effective_on}
    if base is not None:
        current = decision_text(session, decision_id)
        texts = rebase_or_refuse(attributes(base, texts), texts, attributes(current, texts),
                                 label=FORM_LABELS.__getitem__,
                                 shown=lambda name: _shown(getattr(current, name)))
    if not texts["title"]:
        raise DomainError("Donnez un objet à la décision (son intitulé).")
    day = meeting.starts_at.date() if meeting and meeting.starts_at else None
    if texts["effective_on"] is not None and day is not None and texts["effective_on"] < day:
        raise DomainError(f"La date d'effet ({long_date(texts['effective_on'])}) ne peut pas précéder la "
                          f"séance du {long_date(day)}.")
    decision.title, decision.effective_on = texts["title"], texts["effective_on"]
    decision.visas, decision.considerations, decision.articles = (
        "\n".join(texts[name]) for name in ("visas", "considerations", "articles"))
    session.flush()
    log.info("Texts of decision %s saved", decision.number or decision.id)
    return decision_text(session, decision_id)


def _decision(session: Session, decision_id: uuid.UUID) -> tuple[Decision, Meeting | None, Body | None]:
    decision = session.get(Decision, decision_id)
    if decision is None or decision.deleted:
        raise NotFound("Décision", decision_id)
    item = session.get(AgendaItem, decision.item_id) if decision.item_id else None
    meeting = session.get(Meeting, item.meeting_id) if item and item.meeting_id else None
    body_id = decision.body_id or (meeting.body_id if meeting else None)
    return decision, meeting, session.get(Body, body_id) if body_id else None


def _locked(session: Session, decision: Decision) -> str:
    feminine = decision.kind is not DecisionKind.OPINION
    kind = decision.kind.label.lower()
    label = (f"La {kind}" if feminine else f"L'{kind}") + (f" n° {decision.number}" if decision.number
                                                          else "")
    e = "e" if feminine else ""
    if decision.status is DecisionStatus.WITHDRAWN:
        return (f"{label} a été retiré{e} de l'ordre du jour : son texte n'est plus modifiable et son numéro "
                "ne sera jamais réattribué.")
    stmt = select(Document).where(
        Document.kind == DocumentKind.DELIBERATION, Document.subject_type == "decision",
        Document.subject_id == decision.id, Document.deleted.is_(False),
        Document.status.in_((DocumentStatus.SENT, DocumentStatus.SIGNED))).order_by(Document.version.desc())
    document = session.scalars(stmt).first()
    if document is None:
        return ""
    return (f"{label} est {document.status.label.lower()}{e} (version {document.version} du registre des "
            "documents) : son texte ne peut plus être modifié. Une erreur de fond se corrige par une "
            "nouvelle délibération.")


def _caution(decision: Decision, day: date | None) -> str:
    if decision.status not in VOTED:
        return ""
    when = f" le {long_date(day)}" if day else ""
    return (f"Décision votée{when} ({decision.status.label.lower()}) : ne corrigez que la forme, le texte "
            "doit rester celui délibéré en séance. Régénérez ensuite la délibération ; elle ne sera plus "
            "modifiable une fois signée ou envoyée.")


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _clean(lines: Sequence[str]) -> tuple[str, ...]:
    return tuple(line.strip() for line in lines if line.strip())


def _shown(value: object) -> str | None:
    """A clashing text as a clash message quotes it: a title, a date, the first line of a list."""
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, tuple):
        return f"{value[0]} (…)" if len(value) > 1 else value[0] if value else ""
    return as_text(value)
