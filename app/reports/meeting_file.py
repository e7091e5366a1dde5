"""The dossier de séance (issue 4): ONE bookmarked PDF with a table of contents, the agenda, the previous
séance's draft minutes, then per point its presentation note, its draft decision (the délibération's own
flowables) and its annexes (fiche action summary, financing plan funder × year).

Takes a `MeetingFileDoc`, returns the PDF bytes and the page count; never queries.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table

from app.domain.meeting_docs_dto import FundingTable, ItemFile, MeetingFileDoc, ProjectAnnex
from app.formatting import long_date
from app.reports.deliberation import draft_decision_story
from app.reports.meeting_common import (
    CONTENT_WIDTH,
    agenda_table,
    cell,
    header,
    p,
    practical_table,
    rich,
    title_block,
)
from app.reports.minutes import minutes_story
from app.reports.style import FONT, RULE, house_table, para_text, styles
from app.reports.template import render_pdf, table_of_contents

TEMPLATE_VERSION = "dossier-seance-1"


def render_meeting_file(doc: MeetingFileDoc) -> tuple[bytes, int]:
    head = header(doc.meeting, reference=doc.reference, title="Dossier de séance",
                  subject=f"Dossier de la {doc.meeting.label} {doc.meeting.body_of}")
    return render_pdf(meeting_file_story(doc), head)


def meeting_file_story(doc: MeetingFileDoc) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [*title_block(doc.meeting, "DOSSIER DE SÉANCE"), practical_table(doc.meeting),
                             Spacer(0, 6 * mm), Paragraph("Sommaire", s["h2"].clone("toc_title")),
                             table_of_contents(), PageBreak(),
                             Paragraph("Ordre du jour", s["h1"]), agenda_table(doc.agenda.items)]
    if doc.previous_minutes is not None:
        day = long_date(doc.previous_minutes.meeting.day)
        heading = Paragraph(para_text(f"Projet de procès-verbal de la séance du {day}"), s["h1"])
        story += [PageBreak(), heading, *minutes_story(doc.previous_minutes, embedded=True)]
    for item in doc.items:
        if item.presentation or item.financial_impact or item.prior_opinion or item.draft or item.annexes:
            story += [PageBreak(), *item_story(item)]
    return story


def item_story(item: ItemFile) -> list[Flowable]:
    s = styles()
    line = item.line
    meta = f"{line.kind_label}" + (f" · rapporteur : {line.rapporteur}" if line.rapporteur else "")
    story: list[Flowable] = [Paragraph(para_text(f"Point {line.position} – {line.title}"), s["h1"]),
                             p(meta, "small"), Paragraph("Note de présentation", s["h2"])]
    for label, text in (("Contexte et enjeux", item.presentation), ("Incidence financière",
                        item.financial_impact), ("Avis préalable", item.prior_opinion)):
        story.append(rich(f"<b>{label} :</b> {para_text(text or 'néant.')}"))
    if item.draft is not None:
        number = item.draft.number
        story += [CondPageBreak(150 * mm), Spacer(0, 4 * mm),
                  Paragraph(para_text(f"Projet de décision n° {number}"), s["h2"]),
                  *draft_decision_story(item.draft)]
    for index, annex in enumerate(item.annexes, start=1):
        story += [PageBreak(), *annex_story(annex, f"{line.position}.{index}")]
    return story


def annex_story(annex: ProjectAnnex, label: str) -> list[Flowable]:
    s = styles()
    facts = [("Code", annex.code), ("Porteur", annex.carrier), ("Pilote (pool)", annex.pilot),
             ("Statut", annex.status), ("Période", annex.period),
             ("Axes", " ; ".join(annex.axes) or "—"), ("Territoires", ", ".join(annex.territories) or "—")]
    table = Table([[cell(k, head=True), cell(v)] for k, v in facts], colWidths=[35 * mm, 135 * mm],
                  hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return [Paragraph(para_text(f"Annexe {label} – Fiche action {annex.code}"), s["h2"]),
            p(annex.title, "object"), table, Spacer(0, 3 * mm),
            rich(f"<b>Résumé :</b> {para_text(annex.summary or '—')}"),
            rich(f"<b>Objectifs :</b> {para_text(annex.objectives or '—')}"),
            rich(f"<b>Public visé :</b> {para_text(annex.target_public or '—')}"),
            Paragraph("Plan de financement", s["article_title"]), funding_table(annex.funding)]


def funding_table(funding: FundingTable) -> Table:
    """Funder × year with totals; the header row repeats if the table spans pages."""
    years = [str(year) for year in funding.years]
    right = styles()["cell_head"].clone("cell_head_right", alignment=TA_RIGHT)
    rows: list[list[object]] = [[cell("Financeur", head=True),
                                 *[Paragraph(h, right) for h in [*years, "Total"]]]]
    rows += [[cell(funder), *[cell(a, numeric=True) for a in amounts], cell(total, numeric=True)]
             for funder, amounts, total in funding.rows]
    rows.append([cell("Total", head=True), *[cell(a, numeric=True) for a in funding.year_totals],
                 cell(funding.total, numeric=True)])
    first = 50 * mm
    other = (CONTENT_WIDTH - first) / (len(years) + 1)
    table = house_table(rows, col_widths=[first] + [other] * (len(years) + 1),
                        numeric_columns=tuple(range(1, len(years) + 2)))
    table.setStyle([("LINEABOVE", (0, -1), (-1, -1), 0.75, RULE), ("FONTNAME", (0, -1), (-1, -1), FONT)])
    return table
