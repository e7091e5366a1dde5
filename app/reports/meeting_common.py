"""Pieces shared by the séance documents (issue 4): header from the séance, title block, practical
details, agenda table, signature blocks. Flowables only; never queries.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from app.domain.documents_dto import AttendeeLine
from app.domain.meeting_docs_dto import AgendaLine, MeetingRef
from app.reports.style import FONT, RULE, house_table, para_text, styles
from app.reports.template import DocHeader

CONTENT_WIDTH = 170 * mm


def header(meeting: MeetingRef, *, reference: str, title: str, subject: str) -> DocHeader:
    return DocHeader(gip=meeting.gip, context=meeting.context, reference=reference,
                     title=f"{title} : {meeting.body_name}, {meeting.label}", subject=subject,
                     author=meeting.author, keywords=f"{meeting.body_code}; {meeting.code}")


def p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped, French spacing)."""
    return Paragraph(para_text(text), styles()[style])


def rich(markup: str, style: str = "body") -> Paragraph:
    """A paragraph whose markup the caller built from para_text() pieces."""
    return Paragraph(markup, styles()[style])


def cell(text: str, *, head: bool = False, numeric: bool = False) -> Paragraph:
    style = "cell_head" if head else ("cell_num" if numeric else "cell")
    return Paragraph(para_text(text), styles()[style])


def title_block(meeting: MeetingRef, title: str) -> list[Flowable]:
    return [Paragraph(para_text(title), styles()["title"]),
            p(f"{meeting.body_name} du {meeting.gip.name}", "subtitle"),
            p(meeting.label.capitalize(), "subtitle")]


def practical_table(meeting: MeetingRef, extra: Sequence[tuple[str, str]] = ()) -> Table:
    """Date and time, place, video link: a two-column key / value table without header."""
    rows = [("Date et heure", meeting.when), ("Lieu", meeting.place or "—")]
    if meeting.video_link:
        rows.append(("Visioconférence", meeting.video_link))
    rows += list(extra)
    table = Table([[cell(k, head=True), cell(v)] for k, v in rows], colWidths=[40 * mm, 130 * mm],
                  hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return table


def agenda_table(lines: Sequence[AgendaLine], *, with_numbers: bool = True) -> Table:
    """N°, point, nature, rapporteur (and decision number): the ordre du jour as a table."""
    head = ["N°", "Point", "Nature", "Rapporteur"] + (["Numéro"] if with_numbers else [])
    rows: list[list[object]] = [[cell(h, head=True) for h in head]]
    for line in lines:
        title = line.title + (" (retiré)" if line.withdrawn else "")
        row: list[object] = [cell("—" if line.withdrawn else str(line.position)), cell(title),
                             cell(line.kind_label), cell(line.rapporteur or "—")]
        if with_numbers:
            row.append(cell(line.decision_number or "—"))
        rows.append(row)
    # « Approbation du » on one line: at 28 mm the nature read « Approbation / du / procès-verbal »
    widths = [9 * mm, 64 * mm, 34 * mm, 37 * mm, 26 * mm] if with_numbers else \
        [10 * mm, 86 * mm, 34 * mm, 40 * mm]
    return house_table(rows, col_widths=widths)


def compact_agenda(lines: Sequence[AgendaLine]) -> Table:
    """The agenda in a letter: number, then the title over its kind and rapporteur (one narrow table)."""
    s = styles()
    rows = []
    for line in lines:
        meta = line.kind_label + (f" · projet n° {line.decision_number}" if line.decision_number else "") \
            + (f" · rapporteur : {line.rapporteur}" if line.rapporteur else "")
        rows.append([cell(str(line.position)), [Paragraph(para_text(line.title), s["cell"]),
                                                Paragraph(para_text(meta), s["small"])]])
    table = Table(rows, colWidths=[9 * mm, 161 * mm], hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    return table


def bullet_list(texts: Sequence[str], style: str = "body_left") -> list[Flowable]:
    return [rich(f"•{chr(0xA0)}{para_text(text)}", style) for text in texts]


def signature_blocks(blocks: Sequence[tuple[str, str]], *, space: float = 18 * mm) -> Table:
    """Side by side: a role ("Le président,") above room to sign and the name."""
    s = styles()
    width = CONTENT_WIDTH / max(len(blocks), 1)
    table = Table([[Paragraph(para_text(role), s["body_left"]) for role, _ in blocks],
                   [Spacer(0, space) for _ in blocks],
                   [Paragraph(f"<b>{para_text(name)}</b>", s["body_left"]) for _, name in blocks]],
                  colWidths=[width] * len(blocks), hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT),  # else the Table opens with Helvetica
                    ("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return table


def attendance_table(groups: Sequence[tuple[str, Sequence[AttendeeLine]]], *,
                     note_head: str = "Observations") -> Table:
    """Members by group (présents, représentés…): organisation, representative, rights, note."""
    rows: list[list[object]] = [[cell("Membre", head=True), cell("Représentant", head=True),
                                 cell("Droits", head=True), cell(note_head, head=True)]]
    spans = []
    for label, lines in groups:
        if not lines:
            continue
        spans.append(len(rows))
        rows.append([cell(f"{label} ({len(lines)})", head=True), "", "", ""])
        rows += [[cell(a.organisation), cell(a.representative or "—"), cell(a.rights, numeric=True),
                  cell(a.note)] for a in lines]
    table = house_table(rows, col_widths=[48 * mm, 48 * mm, 18 * mm, 56 * mm], numeric_columns=(2,))
    table.setStyle([("SPAN", (0, r), (-1, r)) for r in spans])
    return table


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))
