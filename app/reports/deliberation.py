"""The délibération (DOMAIN.md §3): the first official document on the house style (issue 4).

Takes a `DeliberationDoc`, returns the PDF bytes; never queries.
"""

from __future__ import annotations

import re

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from app.domain.documents_dto import AttendeeLine, DeliberationDoc, VoteFigures
from app.formatting import long_date
from app.reports.style import FONT, house_table, para_text, styles
from app.reports.template import DocHeader, render_pdf

TEMPLATE_VERSION = "deliberation-1"
_ARTICLE_PREFIX = re.compile(r"^\s*article\s+\d+\s*(er)?\s*[:.\-–—]?\s*", re.IGNORECASE)

APPEAL_NOTICE = (
    "Voies et délais de recours : la présente délibération peut faire l'objet d'un recours contentieux "
    "devant le tribunal administratif territorialement compétent dans un délai de deux mois à compter de "
    "sa publication ou de sa notification. Dans ce même délai, un recours gracieux peut être adressé au "
    "président du groupement ; il prolonge le délai de recours contentieux. Le tribunal administratif peut "
    "être saisi par l'application « Télérecours citoyens » (www.telerecours.fr)."
)


def render_deliberation(doc: DeliberationDoc) -> tuple[bytes, int]:
    """The PDF of one délibération and its page count."""
    header = DocHeader(
        gip=doc.gip, context=f"{doc.body_name} · {doc.meeting_label}", reference=doc.reference,
        title=f"{doc.reference} : {doc.title}", subject=f"{doc.kind_label} {doc.body_of}, "
        f"{doc.meeting_label}", author=doc.author, keywords=doc.number)
    return render_pdf(deliberation_story(doc), header)


def deliberation_story(doc: DeliberationDoc) -> list[Flowable]:
    # The signatures never leave the legal mentions alone on a last page.
    closing = KeepTogether([*_signatures(doc), *_mentions(doc)])
    return [*_title_block(doc), *_attendance(doc), *_visas(doc), *_decides(doc), *_vote(doc), closing]


def draft_decision_story(doc: DeliberationDoc) -> list[Flowable]:
    """The projet de délibération of a dossier de séance: title, visas, considérants and articles only
    (attendance, vote and signatures are not known before the séance)."""
    return [*_title_block(doc)[1:], *_visas(doc), *_decides(doc)]  # not yet an extract of the register


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(para_text(text), styles()[style])


def _title_block(doc: DeliberationDoc) -> list[Flowable]:
    s = styles()
    label = doc.kind_label.lower()
    draft = f"Projet d'{label}" if label[:1] in "aeiouéè" else f"Projet de {label}"
    kind = draft if doc.is_draft else doc.kind_label
    return [
        _p(f"Extrait du registre des délibérations {doc.body_of}", "subtitle"),
        Paragraph(para_text(f"{kind} n° {doc.number}"), s["title"]),
        _p(doc.meeting_label.capitalize(), "subtitle"),
        Paragraph(f"<b>Objet :</b> {para_text(doc.title)}", s["object"]),
    ]


def _attendance(doc: DeliberationDoc) -> list[Flowable]:
    s = styles()
    rows: list[list[object]] = [[_cell("Membre", head=True), _cell("Représentant", head=True),
                                 _cell("Droits", head=True), _cell("Observations", head=True)]]
    for label, lines in (("Présents", doc.present), ("Représentés", doc.represented),
                         ("Excusés ou absents", doc.excused)):
        if lines:
            rows.append([_cell(f"{label} ({len(lines)})", head=True), "", "", ""])
            rows += [_attendee_row(line) for line in lines]
    table = house_table(rows, col_widths=[50 * mm, 50 * mm, 18 * mm, 52 * mm], numeric_columns=(2,))
    table.setStyle([("SPAN", (0, r), (-1, r)) for r, row in enumerate(rows) if r and row[1] == ""])
    return [
        _p(doc.convening, "body"),
        table,
        Spacer(0, 3 * mm),
        _p(doc.quorum_sentence, "body"),
        Paragraph(f"<b>Présidence :</b> {para_text(doc.chair_name or '—')}. "
                  f"<b>Secrétaire de séance :</b> {para_text(doc.secretary_name or '—')}."
                  + (f" <b>Rapporteur :</b> {para_text(doc.rapporteur)}." if doc.rapporteur else ""),
                  s["body_left"]),
    ]


def _cell(text: str, *, head: bool = False, numeric: bool = False) -> Paragraph:
    style = "cell_head" if head else ("cell_num" if numeric else "cell")
    return Paragraph(para_text(text), styles()[style])


def _attendee_row(line: AttendeeLine) -> list[object]:
    return [_cell(line.organisation), _cell(line.representative or "—"), _cell(line.rights, numeric=True),
            _cell(line.note)]


def _visas(doc: DeliberationDoc) -> list[Flowable]:
    story: list[Flowable] = [Spacer(0, 2 * mm)]
    story += [_p(visa, "visa") for visa in doc.visas]
    if doc.considerations:
        story.append(Spacer(0, 2 * mm))
        story += [_p(text, "visa") for text in doc.considerations]
    return story


def _decides(doc: DeliberationDoc) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        CondPageBreak(40 * mm),
        Spacer(0, 3 * mm),
        _p(f"{doc.body_the}, après en avoir délibéré,", "body"),
        Paragraph(para_text(doc.operative), s["decides"]),
    ]
    for index, text in enumerate(doc.articles, start=1):
        title = "Article 1er" if index == 1 else f"Article {index}"
        story.append(KeepTogether([Paragraph(title, s["article_title"]),
                                   _p(_ARTICLE_PREFIX.sub("", text, count=1), "body")]))
    return story


def _vote(doc: DeliberationDoc) -> list[Flowable]:
    s = styles()
    sentence = para_text(doc.vote_sentence).replace("NPPV\u00a0: ", "NPPV\u00a0:\u00a0")
    story: list[Flowable] = [Paragraph(f"<b>Résultat du vote :</b> {sentence}.", s["vote"])]
    if doc.vote is not None:
        story.append(_vote_table(doc.vote))
    return [KeepTogether(story)]


def _vote_table(vote: VoteFigures) -> Table:
    rows: list[list[object]] = [
        ["", "Pour", "Contre", "Abstention", "Ne prend pas part au vote"],
        ["Voix", str(vote.votes_for), str(vote.votes_against), str(vote.abstentions), str(vote.nppv)],
        ["Droits statutaires", vote.rights_for, vote.rights_against, vote.rights_abstaining,
         vote.rights_nppv],
    ]
    return house_table(rows, col_widths=[38 * mm, 24 * mm, 24 * mm, 28 * mm, 56 * mm],
                       numeric_columns=(1, 2, 3, 4))


def _signatures(doc: DeliberationDoc) -> list[Flowable]:
    s = styles()
    where = f"Fait à {doc.place}, le {long_date(doc.signed_on)}" if doc.place else \
        f"Fait le {long_date(doc.signed_on)}"
    blocks = Table(
        [[Paragraph("Le président,", s["body_left"]), Paragraph("Le secrétaire de séance,", s["body_left"])],
         [Spacer(0, 18 * mm), Spacer(0, 18 * mm)],
         [_p(doc.chair_name or "", "body_left"), _p(doc.secretary_name or "", "body_left")]],
        colWidths=[85 * mm, 85 * mm], hAlign="LEFT")
    blocks.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT),  # else the Table opens with Helvetica
                     ("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return [Spacer(0, 4 * mm), _p(where + ".", "body_left"),
            _p("Pour extrait certifié conforme au registre.", "body_left"), Spacer(0, 3 * mm), blocks]


def _mentions(doc: DeliberationDoc) -> list[Flowable]:
    if doc.published_on:
        publication = (f"Publiée le {long_date(doc.published_on)} et notifiée aux membres du groupement ; "
                       "rendue exécutoire à compter de cette date.")
    else:
        publication = ("Publication : le ……………… ; notification aux membres du groupement : le ……………… ; "
                       "exécutoire à compter de la plus tardive de ces dates.")
    return [Spacer(0, 6 * mm), _p(publication, "small"), _p(APPEAL_NOTICE, "small")]
