"""Convocation (voting members) or invitation (guests) to a séance, with the proxy form (issue 4).

Takes a `ConvocationDoc`, returns the PDF bytes and the page count; never queries.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from app.domain.meeting_docs_dto import ConvocationDoc
from app.formatting import long_date
from app.reports.meeting_common import (
    bullet_list,
    cell,
    compact_agenda,
    header,
    keep,
    p,
    practical_table,
    rich,
    signature_blocks,
    title_block,
)
from app.reports.style import FONT, RULE, para_text, styles
from app.reports.template import render_pdf

TEMPLATE_VERSION = "convocation-1"
DOTS = "…" * 22


def render_convocation(doc: ConvocationDoc) -> tuple[bytes, int]:
    kind = "Invitation" if doc.invitation else "Convocation"
    head = header(doc.meeting, reference=doc.reference, title=kind,
                  subject=f"{kind} à la {doc.meeting.label} {doc.meeting.body_of}")
    return render_pdf(convocation_story(doc), head)


def convocation_story(doc: ConvocationDoc) -> list[Flowable]:
    """The letter on page 1; for members, the rules reminder and the proxy form on the next page."""
    story = [*title_block(doc.meeting, "INVITATION" if doc.invitation else "CONVOCATION"), *_letter(doc),
             Paragraph("Ordre du jour", styles()["h1"]), compact_agenda(doc.agenda),
             Paragraph("Documents joints", styles()["h1"]), *bullet_list(doc.enclosures), _signature(doc)]
    if not doc.invitation:
        heading = Paragraph("Rappel des règles de quorum, de majorité et de pouvoirs", styles()["h1"])
        story += [PageBreak(), keep(heading, *[p(rule, "small") for rule in doc.rules]), Spacer(0, 4 * mm),
                  *_proxy_form(doc)]
    return story


def _letter(doc: ConvocationDoc) -> list[Flowable]:
    m = doc.meeting
    addressees = "Destinataires : " + " ; ".join(doc.addressees) if doc.addressees else ""
    if doc.invitation:
        ask = (f"J'ai l'honneur de vous inviter à assister, avec voix consultative, à la {m.label} "
               f"{m.body_of} du {m.gip.name}.")
    else:
        how = "en urgence" if doc.urgent else ""
        second = " Il s'agit d'une seconde convocation : l'instance délibérera sans condition de quorum." \
            if doc.second_convocation else ""
        ask = (f"J'ai l'honneur de vous convoquer {how} à la {m.label} {m.body_of} du {m.gip.name}."
               .replace("  ", " ") + second)
    return [p(addressees, "small"), Spacer(0, 2 * mm), p("Madame, Monsieur,", "body_left"), p(ask),
            practical_table(m)]


def _signature(doc: ConvocationDoc) -> Flowable:
    m = doc.meeting
    where = m.gip.city or "—"
    when = long_date(doc.convened_on) if doc.convened_on else "……………………"
    close = ("Votre présence est précieuse aux travaux de l'instance. " if doc.invitation else
             "En cas d'empêchement, je vous remercie de bien vouloir remettre un pouvoir à un autre membre "
             "de l'instance au moyen du formulaire joint. ")
    return keep(Spacer(0, 2 * mm), p(close + "Je vous prie d'agréer, Madame, Monsieur, l'expression de "
                                      "mes salutations distinguées."),
                p(f"Fait à {where}, le {when}.", "body_left"),
                signature_blocks([("", ""), ("Le président,", doc.signatory)], space=14 * mm))


def _proxy_form(doc: ConvocationDoc) -> list[Flowable]:
    m = doc.meeting
    s = styles()
    plural = "s" if doc.max_proxies > 1 else ""
    text = (f"Je soussigné(e) {DOTS}, représentant le membre {DOTS}, membre {m.body_of} du {m.gip.name}, "
            f"empêché(e) d'assister à la {m.label}, donne pouvoir à {DOTS}, représentant le membre "
            f"{DOTS}, pour me représenter, prendre part aux délibérations et voter en mon nom sur "
            "l'ensemble des points inscrits à l'ordre du jour.")
    return [
        Paragraph("POUVOIR", s["title"]),
        p(f"{m.body_name} · {m.label.capitalize()}", "subtitle"),
        p(text, "body_left"),
        Paragraph("Membre mandataire (cocher)", s["h1"]),
        _members_grid(doc.members),
        Spacer(0, 3 * mm),
        p(f"Un membre ne peut détenir plus de {doc.max_proxies} pouvoir{plural} ; un pouvoir reçu au-delà "
          "n'est pas retenu. Un membre ne donne qu'un seul pouvoir. Le pouvoir est sans effet si le mandant "
          "assiste à la séance.", "small"),
        Spacer(0, 4 * mm),
        p("Fait à ……………………………, le ……………………………", "body_left"),
        signature_blocks([("Signature du mandant, précédée de la mention « Bon pour pouvoir »", ""),
                          ("Signature du mandataire, précédée de la mention « Pouvoir accepté »", "")],
                         space=28 * mm),
        Spacer(0, 4 * mm),
        rich(f"À remettre au secrétariat du {para_text(m.gip.name)} avant l'ouverture de la séance.",
             "small"),
    ]


def _members_grid(members: tuple[str, ...]) -> Table:
    rows = [[cell("☐"), cell(name)] for name in members] or [[cell("☐"), cell(DOTS)]]
    table = Table(rows, colWidths=[8 * mm, 150 * mm], hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return table
