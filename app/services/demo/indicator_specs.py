"""The demo's indicators: definitions, sources, ranges and secrecy rules (DOMAIN.md §4 and §6)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import Direction, TerritoryLevel
from app.services.demo.common import Ctx
from app.services.demo.geography import Commune, Group

C, E, B, T = TerritoryLevel.COMMUNE, TerritoryLevel.EPCI, TerritoryLevel.BASSIN, TerritoryLevel.TAS
WORSE, BETTER = Direction.HIGHER_IS_WORSE, Direction.HIGHER_IS_BETTER


@dataclass(frozen=True)
class Spec:
    code: str
    label: str
    unit: str
    source: str
    direction: Direction
    finest: TerritoryLevel
    decimals: int
    low: float  # range of the base value over territories (least to most deprived)
    high: float
    trend: float  # relative change a year
    count: bool = False  # a count (summed) rather than a rate (population-weighted)
    secret_below: int = 0  # communes under this population are secret
    definition: str = ""


SPECS = (
    Spec(
        "RSA_1000",
        "Foyers allocataires du RSA pour 1 000 habitants",
        "‰",
        "CAF",
        WORSE,
        C,
        1,
        24,
        58,
        -0.015,
        secret_below=130,
        definition="Foyers bénéficiaires du RSA au 31 décembre rapportés "
        "à la population municipale, pour 1 000 habitants.",
    ),
    Spec(
        "TX_CHOM",
        "Taux de chômage localisé",
        "%",
        "INSEE",
        WORSE,
        B,
        1,
        6.2,
        9.8,
        0.02,
        definition="Taux de chômage au sens du BIT, moyenne annuelle, par zone d'emploi.",
    ),
    Spec(
        "TP60",
        "Taux de pauvreté au seuil de 60 %",
        "%",
        "INSEE – Filosofi",
        WORSE,
        C,
        1,
        11.5,
        20.5,
        0.01,
        secret_below=250,
        definition="Part des personnes dont le niveau de vie est inférieur à "
        "60 % du niveau de vie médian (TP60).",
    ),
    Spec(
        "MED",
        "Médiane du revenu disponible par unité de consommation",
        "€",
        "INSEE – Filosofi",
        BETTER,
        C,
        0,
        23_400,
        19_300,
        0.025,
        secret_below=250,
        definition="Revenu disponible médian par UC (MED).",
    ),
    Spec(
        "NEET",
        "Part des jeunes de 15 à 24 ans ni en emploi ni en formation",
        "%",
        "Observatoire des territoires",
        WORSE,
        C,
        1,
        10.0,
        18.0,
        0.0,
        secret_below=150,
        definition="Jeunes non insérés (NEET) parmi les 15-24 ans.",
    ),
    Spec(
        "DEFM_ABC",
        "Demandeurs d'emploi inscrits en catégories A, B, C",
        "demandeurs",
        "France Travail – DARES",
        WORSE,
        C,
        0,
        0.062,
        0.098,
        0.01,
        count=True,
        definition="Demandeurs d'emploi en fin de mois, catégories A, B, C (arrondi à 5).",
    ),
    Spec(
        "DELD",
        "Part des demandeurs d'emploi de longue durée",
        "%",
        "France Travail – DARES",
        WORSE,
        E,
        1,
        40.0,
        50.0,
        0.005,
        definition="Inscrits depuis un an ou plus parmi les catégories A, B, C.",
    ),
    Spec(
        "DE_M25",
        "Part des moins de 25 ans parmi les demandeurs d'emploi",
        "%",
        "France Travail – DARES",
        Direction.NEUTRAL,
        E,
        1,
        12.0,
        17.5,
        -0.01,
        definition="Moins de 25 ans parmi les catégories A, B, C.",
    ),
    Spec(
        "DELAI_ORIENT",
        "Délai moyen d'orientation des bénéficiaires du RSA",
        "jours",
        "Département – enquête OARSA (DREES)",
        WORSE,
        T,
        0,
        70,
        125,
        -0.08,
        definition="Jours entre l'ouverture du droit et la première orientation (objectif : moins de 30).",
    ),
    Spec(
        "POSTES_IAE",
        "Postes en insertion par l'activité économique",
        "ETP",
        "DDETS",
        BETTER,
        E,
        0,
        0.0022,
        0.0016,
        0.03,
        count=True,
        definition="ETP conventionnés en SIAE (ACI, EI, AI, ETTI).",
    ),
    Spec(
        "ACCUEIL_JE",
        "Places d'accueil du jeune enfant pour 100 enfants de moins de 3 ans",
        "places pour 100",
        "CAF – ONAPE",
        BETTER,
        E,
        1,
        68.0,
        42.0,
        0.01,
        definition="Capacité théorique d'accueil formel (crèches, assistantes maternelles, école).",
    ),
    Spec(
        "SANS_VOITURE",
        "Part des ménages sans voiture",
        "%",
        "INSEE – recensement",
        WORSE,
        C,
        1,
        6.0,
        14.0,
        0.005,
        definition="Ménages ne disposant d'aucune voiture (RP, exploitation principale).",
    ),
)
ABOVE = {C: (C, E, B, T), E: (E,), B: (B,), T: (T,)}  # levels carrying values; the département always


def targets(ctx: Ctx, spec: Spec) -> list[Group | Commune]:
    """Territories that carry values of this indicator: finest level and above."""
    targets: list[Group | Commune] = []
    for level in ABOVE[spec.finest]:
        targets += ctx.refs["communes"] if level is C else ctx.refs["groups"][level]
    return [*targets, ctx.refs["dept"]]
