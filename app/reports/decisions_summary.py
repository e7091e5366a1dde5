"""Relevé de décisions (issue 4): one or two pages right after the séance; per point the decision in
one sentence, the vote, and the follow-up actions (who, what, when).

Takes a `DecisionsSummaryDoc`, returns the PDF bytes and the page count; never queries.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.domain.meeting_docs_dto import DecisionsSummaryDoc, SummaryLine
from app.formatting import long_date
from app.reports.meeting_common import cell, header, keep, p, practical_table, signature_blocks, title_block
from app.reports.style import house_table, para_text, styles
from app.reports.template import render_pdf

TEMPLATE_VERSION = "releve-decisions-1"


def render_decisions_summary(doc: DecisionsSummaryDoc) -> tuple[bytes, int]:
    head = header(doc.meeting, reference=doc.reference, title="Relevé de décisions",
                  subject=f"Relevé de décisions de la {doc.meeting.label} {doc.meeting.body_of}")
    return render_pdf(decisions_summary_story(doc), head)


def decisions_summary_story(doc: DecisionsSummaryDoc) -> list[Flowable]:
    m = doc.meeting
    extra = [("Présidence", m.chair_name or "—"), ("Secrétaire de séance", m.secretary_name or "—")]
    rows: list[list[object]] = [[cell(h, head=True) for h in ("N°", "Décision", "Vote", "Suites à donner")]]
    rows += [_row(line) for line in doc.lines]
    if len(rows) == 1:
        rows.append([cell("—"), cell("Aucun point soumis au vote."), cell(""), cell("")])
    table = house_table(rows, col_widths=[9 * mm, 64 * mm, 44 * mm, 53 * mm])
    where = f"Fait à {m.gip.city}, le {long_date(m.day)}." if m.gip.city else f"Fait le {long_date(m.day)}."
    return [*title_block(m, "RELEVÉ DE DÉCISIONS"), practical_table(m, extra), Spacer(0, 2 * mm),
            p(doc.quorum_sentence, "small"), Spacer(0, 2 * mm), table, Spacer(0, 3 * mm),
            p("Ce relevé est établi à l'issue de la séance ; il ne remplace ni le procès-verbal ni les "
              "délibérations, qui font seuls foi.", "small"),
            keep(p(where, "body_left"), signature_blocks([("", ""), ("Le président,", m.chair_name)],
                                                         space=14 * mm))]


def _row(line: SummaryLine) -> list[object]:
    s = styles()
    decision = cell(line.decision)
    follow = [Paragraph(f"<b>{para_text(f.who)}</b> : {para_text(f.what)} <i>({para_text(f.when)})</i>",
                        s["cell"]) for f in line.follow_ups] or [cell("—")]
    position = "—" if line.line.withdrawn else str(line.line.position)
    return [cell(position), decision, cell(line.vote_sentence or "—"), follow]
