"""Procès-verbal of a séance (issue 4): times, chair and secretary, attendance with proxies, guests,
quorum, per point the debates, the vote and the decision number; signatures and approval mention.

Takes a `MinutesDoc`, returns the PDF bytes and the page count; never queries. `minutes_story` is also
laid out inside the dossier de séance (the previous séance's draft minutes), one heading level lower.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.domain.meeting_docs_dto import MinutesDoc, MinutesItem
from app.formatting import long_date
from app.reports.meeting_common import (
    attendance_table,
    header,
    keep,
    p,
    practical_table,
    rich,
    signature_blocks,
    title_block,
)
from app.reports.style import para_text, styles
from app.reports.template import render_pdf

TEMPLATE_VERSION = "proces-verbal-2"  # 2: quorum events in the flow of the séance


def render_minutes(doc: MinutesDoc) -> tuple[bytes, int]:
    head = header(doc.meeting, reference=doc.reference, title="Procès-verbal",
                  subject=f"Procès-verbal de la {doc.meeting.label} {doc.meeting.body_of}")
    return render_pdf(minutes_story(doc), head)


def approval_mention(doc: MinutesDoc) -> str:
    if doc.approved_on:
        return f"Procès-verbal approuvé lors de la séance du {long_date(doc.approved_on)}."
    return "Projet de procès-verbal, soumis à l'approbation de l'instance lors de sa prochaine séance."


def minutes_story(doc: MinutesDoc, *, embedded: bool = False) -> list[Flowable]:
    """The minutes; `embedded` (in a dossier): no title block, section headings at level 2."""
    section = "h2" if embedded else "h1"
    m = doc.meeting
    title = "PROCÈS-VERBAL" if doc.approved_on else "PROJET DE PROCÈS-VERBAL"
    story: list[Flowable] = [] if embedded else [*title_block(m, title)]
    extra = [("Ouverture", doc.opened), ("Clôture", doc.closed), ("Présidence", m.chair_name or "—"),
             ("Secrétaire de séance", m.secretary_name or "—")]
    story += [practical_table(m, extra), Spacer(0, 2 * mm), p(approval_mention(doc), "small"),
              Paragraph("Membres présents, représentés, excusés et absents", styles()[section]),
              p(doc.convening), _attendance(doc)]
    if doc.guests:
        story.append(Spacer(0, 2 * mm))
        story.append(p("Assistaient également à la séance, sans voix délibérative : "
                       + " ; ".join(doc.guests) + "."))
    story += [p(doc.quorum_sentence), Paragraph("Déroulement de la séance", styles()[section])]
    for item in doc.items:
        story += _events(item.events) + _item(item, embedded=embedded)
    story += _events(doc.closing_events) + _closing(doc)
    return story


def _attendance(doc: MinutesDoc) -> Flowable:
    groups = [("Présents", doc.present), ("Représentés (mandant → mandataire)", doc.represented),
              ("Excusés", doc.excused), ("Absents", doc.absent)]
    return attendance_table(groups)


def _events(events: tuple[str, ...]) -> list[Flowable]:
    """Arrivals and departures that made or broke the quorum, where they happened (issue 4)."""
    return [rich(f"<i>{para_text(text)}</i>", "event") for text in events]


def _item(item: MinutesItem, *, embedded: bool) -> list[Flowable]:
    line = item.line
    title = f"Point {line.position} – {line.title}" if not line.withdrawn else f"{line.title} (retiré)"
    heading = Paragraph(para_text(title), styles()["article_title" if embedded else "h2"])
    meta = f"{line.kind_label}" + (f" · rapporteur : {line.rapporteur}" if line.rapporteur else "")
    parts: list[Flowable] = [heading, p(meta, "small")]
    if item.debate:
        parts.append(p(item.debate))
    if item.quorum_note:
        parts.append(p(item.quorum_note, "small"))
    if item.vote_sentence:
        parts.append(rich(f"<b>Vote :</b> {para_text(item.vote_sentence)}.", "vote"))
    if item.outcome:
        parts.append(rich(f"<b>{para_text(item.outcome)}</b>", "body_left"))
    return [keep(*parts)]


def _closing(doc: MinutesDoc) -> list[Flowable]:
    m = doc.meeting
    where = f"Fait à {doc.place}, le {long_date(m.day)}." if doc.place else f"Fait le {long_date(m.day)}."
    return [keep(Spacer(0, 4 * mm),
                 p(f"L'ordre du jour étant épuisé, le président lève la séance à {doc.closed}."),
                 p(where, "body_left"),
                 signature_blocks([("Le président,", m.chair_name), ("Le secrétaire de séance,",
                                                                     m.secretary_name)]),
                 Spacer(0, 3 * mm), p(approval_mention(doc), "body_left"))]
