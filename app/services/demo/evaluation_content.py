"""Wording of the demo's evaluation grids and recommendations."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import CriterionFamily

F = CriterionFamily


@dataclass(frozen=True)
class CriterionSpec:
    family: CriterionFamily
    question: str
    judgement: str
    indicator_label: str
    baseline: str
    target: str
    source: str
    weight: str = "1"
    eliminatory: int | None = None
    indicator: str = ""  # code of a demo indicator, when the criterion uses one


LEVEL_TEXT = (
    "Insuffisant : {} n'est pas établi ; écarts majeurs à l'attendu.",
    "Partiel : {} n'est établi que pour une partie des publics ou des territoires.",
    "Satisfaisant : {} est établi ; écarts mineurs et expliqués.",
    "Très satisfaisant : {} est pleinement établi et documenté.",
)
PROJECT_CRITERIA = (
    CriterionSpec(
        F.RELEVANCE,
        "L'action répond-elle à un besoin prioritaire du diagnostic ?",
        "L'adéquation entre publics accueillis et besoins identifiés",
        "Part des participants relevant du public cible",
        "Non mesuré",
        "80 % au moins",
        "Bilans d'activité du porteur",
        "1.5",
        2,
    ),
    CriterionSpec(
        F.INTERNAL_COHERENCE,
        "Les moyens engagés sont-ils cohérents avec les objectifs ?",
        "La cohérence entre moyens, activités et résultats attendus",
        "ETP et budget par objectif",
        "Plan de financement initial",
        "Écart inférieur à 10 %",
        "Comptes rendus financiers",
    ),
    CriterionSpec(
        F.EXTERNAL_COHERENCE,
        "L'action s'articule-t-elle avec l'offre existante du territoire ?",
        "La complémentarité avec l'offre de droit commun",
        "Nombre de partenaires prescripteurs",
        "3",
        "6",
        "Entretiens avec les partenaires",
    ),
    CriterionSpec(
        F.EFFECTIVITY,
        "L'action a-t-elle été mise en œuvre comme prévu ?",
        "Le respect du calendrier et des jalons",
        "Part des jalons atteints à l'échéance",
        "—",
        "90 %",
        "Suivi des jalons dans Maillage",
    ),
    CriterionSpec(
        F.EFFECTIVENESS,
        "Les objectifs de sorties sont-ils atteints ?",
        "L'atteinte des objectifs de sorties dynamiques",
        "Part des sorties vers l'emploi ou la formation",
        "32 %",
        "45 %",
        "Bilans du porteur, données France Travail",
        "2",
        2,
    ),
    CriterionSpec(
        F.EFFICIENCY,
        "Le coût par personne accompagnée est-il raisonnable ?",
        "Le rapport entre coût et résultats",
        "Coût annuel par participant",
        "3 100 €",
        "2 500 €",
        "Comptes rendus financiers",
    ),
    CriterionSpec(
        F.UTILITY,
        "Les personnes accompagnées jugent-elles l'action utile ?",
        "L'utilité perçue par les participants",
        "Part des participants satisfaits",
        "—",
        "75 %",
        "Questionnaire et groupe miroir",
    ),
    CriterionSpec(
        F.SUSTAINABILITY,
        "Les effets et le financement de l'action sont-ils pérennes ?",
        "La pérennité des effets et des financements",
        "Part du budget relevant du droit commun",
        "0 %",
        "50 %",
        "Plan de financement pluriannuel",
    ),
)
PROGRAMME_CRITERIA = (
    CriterionSpec(
        F.RELEVANCE,
        "Le portefeuille couvre-t-il les besoins prioritaires ?",
        "La couverture des besoins prioritaires par au moins une action",
        "Besoins couverts / besoins",
        "8 sur 13",
        "13 sur 13",
        "Matrice besoins × projets de Maillage",
        "2",
        2,
    ),
    CriterionSpec(
        F.EXTERNAL_COHERENCE,
        "Le PDI s'articule-t-il avec le Pacte local des solidarités ?",
        "L'articulation entre cadres stratégiques",
        "Actions rattachées aux deux cadres",
        "—",
        "50 %",
        "Rattachements aux axes dans Maillage",
    ),
    CriterionSpec(
        F.EFFECTIVENESS,
        "Les délais d'orientation ont-ils diminué ?",
        "La réduction des délais d'orientation",
        "Délai moyen d'orientation (jours)",
        "95 jours",
        "30 jours",
        "Enquête OARSA (DREES)",
        "2",
        None,
        "DELAI_ORIENT",
    ),
    CriterionSpec(
        F.IMPACT,
        "Le nombre de foyers allocataires du RSA a-t-il évolué ?",
        "L'évolution du nombre de foyers allocataires",
        "Foyers RSA pour 1 000 habitants",
        "Valeur 2023",
        "-5 % en 2027",
        "CAF",
        "1",
        None,
        "RSA_1000",
    ),
    CriterionSpec(
        F.EQUITY,
        "Tous les territoires bénéficient-ils du programme ?",
        "L'équité territoriale de la couverture",
        "EPCI couverts par au moins une action",
        "—",
        "Tous",
        "Rattachements territoriaux des projets",
    ),
    CriterionSpec(
        F.EFFICIENCY,
        "Les cofinancements sont-ils mobilisés au mieux ?",
        "L'effet levier des crédits du GIP",
        "Euros cofinancés par euro du Département",
        "1,2",
        "1,5",
        "Plans de financement",
    ),
)
# text, priority code, addressee, status code, follow-up
RECOMMENDATIONS = (
    (
        "Mettre en place un suivi à six mois des sorties, partagé avec France Travail.",
        "1",
        "Porteur et pool",
        "in_progress",
        "Tableau de suivi partagé en test depuis septembre 2026.",
    ),
    (
        "Administrer le questionnaire de satisfaction aux participants avant la fin de l'action.",
        "2",
        "Chargé d'évaluation du pool",
        "open",
        "",
    ),
    (
        "Rechercher un cofinancement de droit commun pour pérenniser l'action.",
        "2",
        "Direction du GIP",
        "done",
        "Financement CAF obtenu pour 2027 (délibération du conseil d'administration).",
    ),
)
