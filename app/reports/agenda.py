"""Ordre du jour of a séance (issue 4): numbered points with their kind and rapporteur.

Takes an `AgendaDoc`, returns the PDF bytes and the page count; never queries.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.domain.meeting_docs_dto import AgendaDoc
from app.reports.meeting_common import agenda_table, header, p, practical_table, title_block
from app.reports.template import render_pdf

TEMPLATE_VERSION = "ordre-du-jour-1"


def render_agenda(doc: AgendaDoc) -> tuple[bytes, int]:
    head = header(doc.meeting, reference=doc.reference, title="Ordre du jour",
                  subject=f"Ordre du jour de la {doc.meeting.label} {doc.meeting.body_of}")
    return render_pdf(agenda_story(doc), head)


def agenda_story(doc: AgendaDoc) -> list[Flowable]:
    title = "ORDRE DU JOUR" if doc.frozen else "PROJET D'ORDRE DU JOUR"
    story: list[Flowable] = [*title_block(doc.meeting, title), practical_table(doc.meeting),
                             Spacer(0, 5 * mm), agenda_table(doc.items)]
    if doc.frozen_note:
        story += [Spacer(0, 4 * mm), p(doc.frozen_note, "body_left")]
    if not doc.frozen:
        story += [Spacer(0, 4 * mm), p("Document provisoire : l'ordre du jour n'est pas encore arrêté ; "
                                       "les numéros de délibération seront attribués à son arrêt.", "small")]
    return story
