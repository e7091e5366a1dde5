"""The validated diagnostic: AFOM, findings backed by indicators, prioritised needs (DOMAIN.md §2)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from app.domain.enums import DiagnosticStatus, Priority, SwotQuadrant, TerritoryLevel, Theme
from app.domain.ids import link_id
from app.models.diagnostic import (
    Diagnostic,
    Finding,
    FindingIndicator,
    Need,
    NeedIndicator,
    NeedTerritory,
    SwotItem,
)
from app.services.demo.common import DEPT_NAME, Ctx
from app.services.demo.geography import Group

H, M, L = Priority.HIGH, Priority.MEDIUM, Priority.LOW
SWOT = {
    SwotQuadrant.STRENGTH: (
        "Un réseau associatif dense et des structures d'insertion reconnues sur chaque bassin",
        "Une coopération ancienne entre le Département, la CAF et France Travail au sein du GIP",
        "Des EPCI engagés dans les politiques de mobilité et d'habitat",
    ),
    SwotQuadrant.WEAKNESS: (
        "Des délais d'orientation des bénéficiaires du RSA très supérieurs à l'objectif de 30 jours",
        "Une offre de transport collectif quasi absente hors du pôle urbain",
        "Une offre d'accueil du jeune enfant concentrée et peu adaptée aux horaires décalés",
        "Une connaissance partagée des parcours encore lacunaire (systèmes d'information cloisonnés)",
    ),
    SwotQuadrant.OPPORTUNITY: (
        "La loi pour le plein emploi et le comité territorial pour l'emploi",
        "Le Pacte local des solidarités 2024-2027 et ses crédits dédiés",
        "Des besoins de recrutement importants dans l'aide à domicile, le BTP et l'agroalimentaire",
    ),
    SwotQuadrant.THREAT: (
        "Le vieillissement des professionnels de l'accompagnement et des difficultés de recrutement",
        "Des financements annuels qui fragilisent les porteurs associatifs",
        "La dématérialisation des démarches qui éloigne une partie des publics",
    ),
}
# theme, text (format keys: indicator codes), indicators, territory scope
FINDINGS = (
    (
        Theme.ORIENTATION,
        "Le département compte {RSA_1000} foyers allocataires du RSA pour 1 000 habitants "
        "(2025), avec de fortes disparités entre le pôle urbain et les plateaux.",
        ("RSA_1000",),
        "dept",
    ),
    (
        Theme.ORIENTATION,
        "Le délai moyen d'orientation des nouveaux bénéficiaires du RSA est de {DELAI_ORIENT} "
        "jours, loin de l'objectif de 30 jours.",
        ("DELAI_ORIENT",),
        "tas",
    ),
    (
        Theme.EMPLOYMENT,
        "Le taux de chômage s'établit à {TX_CHOM} % et progresse depuis 2023 dans les bassins ruraux.",
        ("TX_CHOM",),
        "dept",
    ),
    (
        Theme.EMPLOYMENT,
        "{DELD} % des demandeurs d'emploi sont inscrits depuis plus d'un an.",
        ("DELD",),
        "dept",
    ),
    (
        Theme.BUDGET,
        "Le taux de pauvreté atteint {TP60} %, au-dessus de la moyenne nationale.",
        ("TP60",),
        "dept",
    ),
    (Theme.BUDGET, "Le revenu disponible médian est de {MED} € par unité de consommation.", ("MED",), "dept"),
    (
        Theme.MOBILITY,
        "{SANS_VOITURE} % des ménages n'ont pas de voiture ; hors du pôle urbain l'offre de "
        "transport collectif est quasi absente.",
        ("SANS_VOITURE",),
        "rural",
    ),
    (
        Theme.CHILDCARE,
        "L'offre d'accueil du jeune enfant est de {ACCUEIL_JE} places pour 100 enfants, très "
        "peu disponible en horaires atypiques.",
        ("ACCUEIL_JE",),
        "rural",
    ),
    (
        Theme.YOUTH,
        "{NEET} % des jeunes de 15 à 24 ans ne sont ni en emploi ni en formation.",
        ("NEET",),
        "dept",
    ),
    (
        Theme.YOUTH,
        "Les moins de 25 ans représentent {DE_M25} % des demandeurs d'emploi.",
        ("DE_M25", "NEET"),
        "dept",
    ),
    (
        Theme.EMPLOYMENT,
        "L'offre d'insertion par l'activité économique compte {POSTES_IAE} ETP, inégalement "
        "répartis entre les EPCI.",
        ("POSTES_IAE", "DELD"),
        "rural",
    ),
    (
        Theme.HOUSING,
        "Les référents signalent des difficultés d'accès au logement autonome pour les jeunes et "
        "les familles monoparentales.",
        ("TP60",),
        "urban",
    ),
    (
        Theme.HEALTH,
        "Un allocataire sur quatre déclare avoir renoncé à des soins dans l'année (enquête auprès "
        "des référents RSA).",
        ("TP60", "RSA_1000"),
        "dept",
    ),
    (
        Theme.DIGITAL,
        "Une part importante des personnes accompagnées ne peut effectuer seule ses démarches en ligne.",
        ("DEFM_ABC",),
        "dept",
    ),
    (
        Theme.COORDINATION,
        "Les acteurs de l'emploi se coordonnent peu à l'échelle des bassins ; les instances se superposent.",
        ("TX_CHOM", "DEFM_ABC"),
        "bassins",
    ),
)
# code, title, theme, target public, priority, indicators, territory scope
NEEDS = (
    (
        "B01",
        "Réduire les délais d'orientation et d'accompagnement des bénéficiaires du RSA",
        Theme.ORIENTATION,
        "Bénéficiaires du RSA nouvellement entrants",
        H,
        ("DELAI_ORIENT", "RSA_1000"),
        "tas",
    ),
    (
        "B02",
        "Lever les freins de mobilité en zone rurale",
        Theme.MOBILITY,
        "Demandeurs d'emploi et allocataires sans moyen de locomotion",
        H,
        ("SANS_VOITURE",),
        "rural",
    ),
    (
        "B03",
        "Développer des modes de garde compatibles avec la reprise d'emploi",
        Theme.CHILDCARE,
        "Parents isolés et familles monoparentales",
        H,
        ("ACCUEIL_JE",),
        "rural",
    ),
    (
        "B04",
        "Repérer et remobiliser les jeunes en rupture",
        Theme.YOUTH,
        "Jeunes de 16 à 25 ans ni en emploi ni en formation",
        H,
        ("NEET", "DE_M25"),
        "dept",
    ),
    (
        "B05",
        "Développer l'offre d'insertion par l'activité économique",
        Theme.EMPLOYMENT,
        "Demandeurs d'emploi de longue durée, bénéficiaires du RSA",
        H,
        ("POSTES_IAE", "DELD"),
        "rural",
    ),
    (
        "B06",
        "Accompagner l'accès et le maintien dans le logement",
        Theme.HOUSING,
        "Ménages en précarité, jeunes en décohabitation",
        M,
        ("TP60",),
        "urban",
    ),
    (
        "B07",
        "Faciliter l'accès aux soins des personnes accompagnées",
        Theme.HEALTH,
        "Allocataires du RSA éloignés du soin",
        M,
        ("TP60",),
        "dept",
    ),
    (
        "B08",
        "Lutter contre l'illectronisme et l'exclusion numérique",
        Theme.DIGITAL,
        "Personnes éloignées du numérique",
        M,
        (),
        "bassins",
    ),
    (
        "B09",
        "Renforcer les savoirs de base et lutter contre l'illettrisme",
        Theme.LITERACY,
        "Adultes en situation d'illettrisme",
        M,
        (),
        "dept",
    ),
    (
        "B10",
        "Coordonner les acteurs de l'emploi et de l'insertion par bassin",
        Theme.COORDINATION,
        "Professionnels de l'emploi et de l'insertion",
        M,
        ("TX_CHOM",),
        "bassins",
    ),
    (
        "B11",
        "Remobiliser les bénéficiaires du RSA inscrits depuis plus de deux ans",
        Theme.REMOBILISATION,
        "Bénéficiaires du RSA de longue durée",
        M,
        ("RSA_1000", "DELD"),
        "dept",
    ),
    (
        "B12",
        "Prévenir le surendettement et accompagner la gestion budgétaire",
        Theme.BUDGET,
        "Ménages modestes et travailleurs pauvres",
        L,
        ("MED", "TP60"),
        "dept",
    ),
    (
        "B13",
        "Accompagner les travailleurs saisonniers vers l'emploi durable",
        Theme.EMPLOYMENT,
        "Saisonniers de l'agriculture et du tourisme",
        L,
        ("TX_CHOM",),
        "rural",
    ),
)


def write_diagnostic(ctx: Ctx) -> None:
    """Queue the diagnostic (its validating decision is filled in by the meetings step)."""
    dept: Group = ctx.refs["dept"]
    diagnostic_id = ctx.id("diagnostic", 1)
    ctx.refs["diagnostic"] = ctx.add(
        Diagnostic,
        id=diagnostic_id,
        title=f"Diagnostic territorial partagé de l'insertion – {DEPT_NAME} 2024",
        perimeter_id=dept.id,
        made_on=date(2024, 2, 20),
        status=DiagnosticStatus.VALIDATED,
        method="Analyse statistique (INSEE, CAF, France Travail, DREES), 14 ateliers territoriaux "
        "par bassin, entretiens avec 42 structures et un groupe miroir de personnes accompagnées.",
        summary="Des freins périphériques massifs (mobilité, garde d'enfants, logement) dans un département "
        "rural où les délais d'orientation restent longs et l'offre d'insertion inégalement répartie.",
    )
    for quadrant, texts in SWOT.items():
        for position, text in enumerate(texts, start=1):
            ctx.add(
                SwotItem,
                id=ctx.id("swot", quadrant.value, position),
                diagnostic_id=diagnostic_id,
                quadrant=quadrant,
                text=text,
                position=position,
            )
    for position, finding in enumerate(FINDINGS, start=1):
        _finding(ctx, diagnostic_id, position, *finding)
    ctx.refs["needs"] = [_need(ctx, diagnostic_id, rank, *need) for rank, need in enumerate(NEEDS, start=1)]


def _finding(
    ctx: Ctx,
    diagnostic_id: uuid.UUID,
    position: int,
    theme: Theme,
    text: str,
    indicators: tuple[str, ...],
    scope: str,
) -> None:
    finding_id = ctx.id("finding", position)
    values = {code: _fr(value) for code, value in ctx.refs.get("dept_latest", {}).items()}
    ctx.add(
        Finding,
        id=finding_id,
        diagnostic_id=diagnostic_id,
        theme=theme,
        text=text.format(**values),
        territory_id=_scope(ctx, scope)[0],
        position=position,
    )
    for code in indicators:
        indicator_id = ctx.refs["indicators"][code]
        ctx.add(
            FindingIndicator,
            id=link_id(finding_id, indicator_id),
            finding_id=finding_id,
            indicator_id=indicator_id,
        )


def _need(
    ctx: Ctx,
    diagnostic_id: uuid.UUID,
    rank: int,
    code: str,
    title: str,
    theme: Theme,
    public: str,
    priority: Priority,
    indicators: tuple[str, ...],
    scope: str,
) -> tuple[uuid.UUID, str, Theme]:
    need_id = ctx.id("need", code)
    ctx.add(
        Need,
        id=need_id,
        diagnostic_id=diagnostic_id,
        code=code,
        title=title,
        theme=theme,
        target_public=public,
        priority=priority,
        rank=rank,
        justification=f"Constat partagé lors des ateliers territoriaux ; priorité {priority.value} "
        f"retenue par le comité de pilotage du diagnostic.",
    )
    for territory_id in _scope(ctx, scope):
        ctx.add(NeedTerritory, id=link_id(need_id, territory_id), need_id=need_id, territory_id=territory_id)
    for indicator in indicators:
        indicator_id = ctx.refs["indicators"][indicator]
        ctx.add(NeedIndicator, id=link_id(need_id, indicator_id), need_id=need_id, indicator_id=indicator_id)
    return need_id, code, theme


def _scope(ctx: Ctx, scope: str) -> list[uuid.UUID]:
    """Territories a finding or need is about: the most rural EPCI, all TAS, the urban EPCI..."""
    groups: dict[TerritoryLevel, list[Group]] = ctx.refs["groups"]
    epcis = sorted(groups[TerritoryLevel.EPCI], key=lambda g: g.population)
    if scope == "rural":
        return [g.id for g in epcis[:3]]
    if scope == "urban":
        return [epcis[-1].id]
    if scope == "tas":
        return [g.id for g in groups[TerritoryLevel.TAS]]
    if scope == "bassins":
        return [g.id for g in groups[TerritoryLevel.BASSIN]]
    return [ctx.refs["dept"].id]


def _fr(value: Decimal) -> str:
    """French number text: decimal comma, no-break space between thousands (reportlab-safe)."""
    text = f"{value:,}".replace(",", "\u00a0").replace(".", ",")
    return text
