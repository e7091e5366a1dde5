"""What each meeting deals with: agenda items with their draft decision texts (DOMAIN.md §3 and §6)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from app.domain.enums import AgendaItemKind, MatterKind
from app.services.demo.common import PREFECTURE
from app.services.demo.organisations import ACCOUNTANT, DIRECTOR, GIP_NAME, PRESIDENT
from app.services.demo.portfolio import Plan

K, MK = AgendaItemKind, MatterKind
VISAS = (
    "Vu la loi n° 2011-525 du 17 mai 2011 de simplification et d'amélioration de la qualité du droit, "
    "notamment ses articles 98 à 122 ;",
    "Vu le décret n° 2012-91 du 26 janvier 2012 relatif aux groupements d'intérêt public ;",
    f"Vu la convention constitutive du {GIP_NAME} approuvée le 30 juin 2014 ;",
    "Vu le règlement intérieur du groupement ;",
)
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass
class ItemSpec:
    """One agenda item; DELIBERATION and OPINION items get a numbered decision."""

    kind: AgendaItemKind
    title: str
    matter: MatterKind = MatterKind.ORDINARY
    rapporteur: str = DIRECTOR
    presentation: str = ""
    financial_impact: str = ""
    plans: list[Plan] = field(default_factory=list)
    visas: tuple[str, ...] = ()
    considerations: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    against: tuple[str, ...] = ()  # seat keys voting against
    abstain: tuple[str, ...] = ()
    nppv: tuple[str, ...] = ()  # seats that do not take part (carrier of the project...)
    roll_call: bool = False
    target: str = ""  # "ca", "copil" or "diagnostic": who records the decision id


def long_date(day: date) -> str:
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


def money(cents: int) -> str:
    return f"{cents // 100:,}".replace(",", "\u00a0") + "\u00a0€"


def opening_items(previous: date | None) -> list[ItemSpec]:
    items = [
        ItemSpec(K.INFORMATION, "Désignation du secrétaire de séance", rapporteur=PRESIDENT),
        ItemSpec(K.INFORMATION, "Constat du quorum", rapporteur=PRESIDENT),
    ]
    if previous is not None:
        items.append(
            ItemSpec(
                K.MINUTES,
                f"Approbation du procès-verbal de la séance du {long_date(previous)}",
                rapporteur=PRESIDENT,
            )
        )
    return items


def closing_item() -> ItemSpec:
    return ItemSpec(K.MISC, "Questions diverses", rapporteur=PRESIDENT)


def budget_item(day: date) -> ItemSpec:
    """The budget matter of the session, by season (two-thirds majority)."""
    if day.month <= 4:
        title = f"Compte financier {day.year - 1} et affectation du résultat"
        article = (
            f"Article 1 : Le compte financier {day.year - 1} est approuvé et le résultat affecté en réserves."
        )
    elif day.month <= 7:
        title = f"Décision modificative n° 1 du budget {day.year}"
        article = f"Article 1 : La décision modificative n° 1 du budget {day.year} est adoptée."
    else:
        title = f"Budget initial {day.year + 1} et contributions statutaires des membres"
        article = (
            f"Article 1 : Le budget initial {day.year + 1} est adopté ; les contributions sont appelées."
        )
    return ItemSpec(
        K.DELIBERATION,
        title,
        MK.BUDGET,
        rapporteur=f"{ACCOUNTANT}, agent comptable du groupement",
        presentation="Note de présentation budgétaire jointe au dossier de séance.",
        financial_impact="Voir les tableaux budgétaires annexés.",
        considerations=("Considérant la présentation faite par l'agent comptable ;",),
        articles=(article, "Article 2 : Le directeur est chargé de l'exécution de la présente délibération."),
    )


def programme_item(plans: list[Plan], *, opinion: bool, copil_day: date | None) -> ItemSpec:
    """Validation (CA) or opinion (COPIL) on a batch of fiches action, linked to the projects."""
    codes = ", ".join(p.row["code"] for p in plans[:6]) + (" …" if len(plans) > 6 else "")
    if len(plans) == 1:
        title = f"Fiche action {plans[0].row['code']} « {plans[0].row['title']} »"
    else:
        title = f"Programmation de {len(plans)} fiches action ({codes})"
    title = ("Avis sur la " if opinion else "Validation et plan de financement : ") + title
    visas: tuple[str, ...] = ("Vu le programme départemental d'insertion 2024-2027 ;",)
    if copil_day is not None:
        visas += (f"Vu l'avis du comité de pilotage du {long_date(copil_day)} ;",)
    total = sum(p.annual_cents for p in plans)
    articles = tuple(_programme_article(number, plan, opinion) for number, plan in enumerate(plans[:40], 1))
    articles += (
        f"Article {min(len(plans), 40) + 1} : Le directeur est chargé de l'exécution de la présente "
        f"{'décision' if opinion else 'délibération'}.",
    )
    nppv = tuple(dict.fromkeys(p.carrier_key for p in plans if p.carrier_key))
    return ItemSpec(
        K.OPINION if opinion else K.DELIBERATION,
        title,
        MK.PROGRAMME,
        rapporteur=f"{DIRECTOR}, directrice du GIP",
        plans=plans,
        visas=visas,
        presentation="Fiches action instruites par le pool ; contexte, enjeux et publics visés "
        "figurent dans les fiches annexées.",
        financial_impact=f"Coût annuel total : {money(total)}.",
        considerations=(
            "Considérant les besoins prioritaires du diagnostic territorial partagé ;",
            "Considérant l'instruction technique des fiches action par le pool ;",
        ),
        articles=articles,
        nppv=nppv,
        roll_call=bool(nppv),
        target="copil" if opinion else "ca",
    )


def _programme_article(number: int, plan: Plan, opinion: bool) -> str:
    if not opinion:
        return (
            f"Article {number} : La fiche action {plan.row['code']} est validée pour un coût annuel de "
            f"{money(plan.annual_cents)}."
        )
    verdict = {"postponed": "ajournement", "refused": "avis défavorable"}.get(
        plan.status.value, "avis favorable"
    )
    return f"Article {number} : Fiche action {plan.row['code']} : {verdict}."


# One-off matters that give the demo its texture: diagnostic, admission, casting vote, NPPV.
SPECIAL_ITEMS: dict[date, ItemSpec] = {
    date(2024, 3, 14): ItemSpec(
        K.DELIBERATION,
        "Validation du diagnostic territorial partagé de l'insertion",
        MK.PROGRAMME,
        target="diagnostic",
        considerations=("Considérant les travaux des ateliers territoriaux ;",),
        articles=("Article 1 : Le diagnostic territorial partagé 2024 est validé.",),
    ),
    date(2024, 6, 20): ItemSpec(
        K.DELIBERATION,
        "Admission de la MSA Limousin-Maille comme membre du groupement",
        MK.MEMBERSHIP,
        rapporteur=PRESIDENT,
        articles=(
            "Article 1 : La MSA Limousin-Maille est admise comme membre, avec voix "
            "consultative au conseil d'administration.",
        ),
    ),
    date(2026, 3, 12): ItemSpec(
        K.DELIBERATION,
        f"Participation du GIP au comité local pour l'emploi de {PREFECTURE} (volet coordination)",
        against=("etat", "caf"),
        roll_call=True,
        considerations=("Considérant la loi n° 2023-1196 du 18 décembre 2023 pour le plein emploi ;",),
        articles=("Article 1 : Le GIP assure le secrétariat technique du comité local pour l'emploi.",),
    ),
    date(2026, 6, 18): ItemSpec(
        K.DELIBERATION,
        "Convention de mise à disposition d'une conseillère de la CAF",
        nppv=("caf",),
        roll_call=True,
        financial_impact="Valorisation : 58 000 € par an.",
        articles=("Article 1 : La convention de mise à disposition est approuvée.",),
    ),
}


def special_items(day: date) -> list[ItemSpec]:
    """The one-off matter of this CA meeting, if any (a fresh copy: callers may edit it)."""
    return [replace(SPECIAL_ITEMS[day])] if day in SPECIAL_ITEMS else []


def information_item(title: str) -> ItemSpec:
    return ItemSpec(K.INFORMATION, title, rapporteur=f"{DIRECTOR}, directrice du GIP")
