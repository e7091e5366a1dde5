"""The fiche action (DOMAIN.md §2-3, issue 5): one project on the house style, from a ProjectSheetDoc.

Never queries: the DTO carries every text; amounts are formatted here ("1 234,50 €", no-break spaces).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from app.domain.project_sheet_dto import ProjectSheetDoc, SheetFunding, SheetRow
from app.formatting import euros, long_date, nbsp
from app.reports.charts import figure_flowable
from app.reports.portfolio_charts import stacked_funding_figure
from app.reports.style import ACCENT, FONT, FONT_BOLD, HEADER_FILL, RULE, house_table, para_text, styles
from app.reports.template import DocHeader, render_pdf

TEMPLATE_VERSION = "fiche-action-1"
WIDTH = 170 * mm
NONE = "Non renseigné."
FUNDER_MIN = 38 * mm


def render_project_sheet(doc: ProjectSheetDoc) -> tuple[bytes, int]:
    """The PDF of one fiche action and its page count."""
    header = DocHeader(
        gip=doc.gip, context=f"Portefeuille de projets · {doc.frameworks or 'hors cadre stratégique'}",
        reference=doc.reference, title=f"{doc.reference} : {doc.title}",
        subject=f"Fiche action {doc.code} ({doc.status})", author=doc.author, keywords=doc.code)
    return render_pdf(project_sheet_story(doc), header)


def project_sheet_story(doc: ProjectSheetDoc) -> list[Flowable]:
    return [*_title(doc), *_identity(doc), *_presentation(doc), *_strategy(doc), *_public(doc),
            *_actors(doc), *_calendar(doc), *_financing(doc), *_risks(doc), *_lifecycle(doc),
            *_references(doc), Spacer(0, 6 * mm), _p(f"Fiche établie le {long_date(doc.generated_on)}"
                                  + (f" par {doc.author}." if doc.author else "."), "small")]


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(para_text(text), styles()[style])


def _cell(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(para_text(text), styles()[style])


def _head(text: str, *, numeric: bool = False) -> Paragraph:
    """A header cell; over a column of amounts it is right-aligned like them."""
    if numeric:
        return Paragraph(f"<b>{para_text(text)}</b>", styles()["cell_num"])
    return _cell(text, "cell_head")


def _h1(text: str) -> Paragraph:
    return Paragraph(para_text(text), styles()["h1"])


def _title(doc: ProjectSheetDoc) -> list[Flowable]:
    return [_p("Fiche action", "subtitle"), Paragraph(para_text(doc.code), styles()["title"]),
            _p(doc.title, "subtitle")]


def _identity(doc: ProjectSheetDoc) -> list[Flowable]:
    pairs = [("Statut", doc.status), ("Nature", f"Action {doc.novelty.lower()}"),
             ("Cadres stratégiques", doc.frameworks or "—"), ("Porteur", doc.carrier or "—"),
             ("Pilote (pool)", doc.pilot or "—"), ("Période", doc.period or "—"),
             ("Coût total prévu", euros(doc.funding.total) if doc.funding.rows else "—")]
    rows = [[_cell(label, "cell_head"), _cell(value)] for label, value in pairs]
    table = Table(rows, colWidths=[45 * mm, WIDTH - 45 * mm], hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                    ("BOX", (0, 0), (-1, -1), 0.5, RULE), ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                    ("LINEBEFORE", (1, 0), (1, -1), 0.75, ACCENT), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return [Spacer(0, 2 * mm), table, Spacer(0, 2 * mm)]


def _text_block(title: str, text: str) -> list[Flowable]:
    paragraphs = [line for line in text.splitlines() if line.strip()] or [NONE]
    return [Paragraph(para_text(title), styles()["h2"]), *(_p(line) for line in paragraphs)]


def _presentation(doc: ProjectSheetDoc) -> list[Flowable]:
    return [_h1("1. Présentation"), *_text_block("Résumé", doc.summary),
            *_text_block("Objectifs", doc.objectives)]


def _table(header: Sequence[str], rows: Sequence[SheetRow], widths: Sequence[float], *,
           numeric: tuple[int, ...] = (), empty: str = NONE) -> list[Flowable]:
    if not rows:
        return [_p(empty)]
    body = [[_head(h, numeric=i in numeric) for i, h in enumerate(header)]]
    body += [[_cell(text, "cell_num" if i in numeric else "cell") for i, text in enumerate(row.cells)]
             for row in rows]
    return [house_table(body, col_widths=[w * mm for w in widths], numeric_columns=numeric)]


def _strategy(doc: ProjectSheetDoc) -> list[Flowable]:
    return [_h1("2. Inscription stratégique"), Paragraph("Axes des cadres stratégiques", styles()["h2"]),
            *_table(("Cadre", "Axe", "Intitulé"), doc.axes, (35, 18, 117),
                    empty="La fiche n'est rattachée à aucun axe."),
            Paragraph("Besoins du diagnostic auxquels elle répond", styles()["h2"]),
            *_table(("Code", "Besoin", "Priorité"), doc.needs, (18, 127, 25),
                    empty="Aucun besoin du diagnostic n'est relié à cette fiche.")]


def _public(doc: ProjectSheetDoc) -> list[Flowable]:
    volume = f" — volume visé : {doc.target_volume}" if doc.target_volume else ""
    territories = ", ".join(doc.territories) or NONE
    return [_h1("3. Public et territoires"),
            Paragraph(f"<b>Public visé :</b> {para_text((doc.target_public or 'non renseigné') + volume)}.",
                      styles()["body_left"]),
            Paragraph(f"<b>Territoires :</b> {para_text(territories)}", styles()["body_left"])]


def _actors(doc: ProjectSheetDoc) -> list[Flowable]:
    carrier = doc.carrier + (f" ({doc.carrier_ids})" if doc.carrier_ids else "") if doc.carrier else NONE
    return [_h1("4. Porteur, partenaires et pilotage"),
            Paragraph(f"<b>Porteur :</b> {para_text(carrier)}", styles()["body_left"]),
            Paragraph("Partenaires", styles()["h2"]),
            *_table(("Organisation", "Rôle"), doc.partners, (95, 75), empty="Aucun partenaire déclaré."),
            Paragraph("Services mobilisés des membres", styles()["h2"]),
            *_table(("Service", "Contribution"), doc.services, (95, 75), empty="Aucun service mobilisé."),
            Paragraph("Pilote et équipe du pool", styles()["h2"]),
            *_table(("Agent", "Rôle", "ETP"), doc.team, (95, 50, 25), numeric=(2,),
                    empty="Aucun agent du pool affecté.")]


def _calendar(doc: ProjectSheetDoc) -> list[Flowable]:
    return [_h1("5. Calendrier et jalons"), _p(f"Période de réalisation : {doc.period or 'non renseignée'}."),
            *_table(("Échéance", "Jalon", "État"), doc.milestones, (28, 112, 30),
                    empty="Aucun jalon n'est encore fixé.")]


def _financing(doc: ProjectSheetDoc) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(60 * mm), _h1("6. Plan de financement")]
    if not doc.funding.rows:
        return [*story, _p("Aucune ligne de financement n'est encore saisie.")]
    story += [*_funding_table(doc.funding), Spacer(0, 3 * mm)]
    if doc.funding_statuses:
        story.append(KeepTogether([Paragraph("Avancement des financements", styles()["h2"]),
                                   *_table(("Statut", "Montant"), doc.funding_statuses, (50, 40),
                                           numeric=(1,))]))
    if len(doc.funding.years) > 1:  # one year: the table says it all, a single bar would not
        figure = stacked_funding_figure(doc.funding.as_series(), height_mm=52)
        story += [Spacer(0, 2 * mm), KeepTogether([figure_flowable(figure),
                                                   _p("Financements par exercice et par financeur "
                                                      "(milliers d'euros).", "small")])]
    return story


def _funding_table(plan: SheetFunding) -> list[Flowable]:
    """Funders × years with totals; amounts in whole euros only when cents would not fit the page."""
    columns = len(plan.years) + 1
    decimals = _amount_width(plan, decimals=True) * columns <= WIDTH - FUNDER_MIN
    amount = max(_amount_width(plan, decimals=decimals), 22 * mm)
    amount = min(amount, 32 * mm, (WIDTH - FUNDER_MIN) / columns)

    def money(cents: int, *, bold: bool = False) -> Paragraph:
        text = para_text(euros(cents, decimals=decimals)) if cents or bold else "—"
        return Paragraph(f"<b>{text}</b>" if bold else text, styles()["cell_num"])

    head = ["Financeur", *(str(year) for year in plan.years), "Total"]
    body: list[list[object]] = [[_head(text, numeric=i > 0) for i, text in enumerate(head)]]
    body += [[_cell(funder), *(money(a) for a in amounts), money(sum(amounts))]
             for funder, amounts in plan.rows]
    body.append([_cell("Total", "cell_head"), *(money(t, bold=True) for t in plan.year_totals),
                 money(plan.total, bold=True)])
    table = house_table(body, col_widths=[WIDTH - amount * columns] + [amount] * columns,
                        numeric_columns=tuple(range(1, len(head))))
    table.setStyle([("BACKGROUND", (0, -1), (-1, -1), HEADER_FILL),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.75, ACCENT)])
    return [table] if decimals else [table, _p("Montants arrondis à l'euro.", "small")]


def _amount_width(plan: SheetFunding, *, decimals: bool) -> float:
    """The width of the widest amount (the bold grand total, usually), cell padding included."""
    amounts = [plan.total, *plan.year_totals, *(sum(a) for _, a in plan.rows)]
    return float(max(stringWidth(nbsp(euros(c, decimals=decimals)), FONT_BOLD, 9) for c in amounts)) + 14


def _risks(doc: ProjectSheetDoc) -> list[Flowable]:
    return [_h1("7. Risques et mesures d'atténuation"),
            *_table(("Risque", "Probabilité", "Impact", "Atténuation"), doc.risks, (56, 25, 18, 71),
                    numeric=(1, 2), empty="Aucun risque identifié."),
            _p("Probabilité et impact notés de 1 (faible) à 4 (très élevé).", "small") if doc.risks
            else Spacer(0, 0)]


def _lifecycle(doc: ProjectSheetDoc) -> list[Flowable]:
    return [_h1("8. Statut et historique"), _p(f"Statut actuel : {doc.status}."),
            *_table(("Date", "Passage", "Par", "Motif", "Décision"), doc.history, (25, 37, 34, 41, 33),
                    empty="Aucun changement de statut enregistré.")]


def _references(doc: ProjectSheetDoc) -> list[Flowable]:
    return [_h1("9. Décisions et évaluations"), Paragraph("Décisions des instances", styles()["h2"]),
            *_table(("Numéro", "Objet", "Instance et date", "Lien avec la fiche"), doc.decisions,
                    (33, 60, 37, 40), empty="Aucune décision ne concerne encore cette fiche."),
            Paragraph("Évaluations", styles()["h2"]),
            *_table(("Évaluation", "Période", "État"), doc.evaluations, (90, 42, 38),
                    empty="Aucune évaluation programmée.")]
