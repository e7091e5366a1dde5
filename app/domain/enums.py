"""Every closed list of the domain, with its French label (DOMAIN.md §2 and §6).

Values are stable English codes stored in the database; labels are what the UI and documents show.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a French label: `Member = "code", "Libellé"`."""

    label: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def _missing_(cls, value: object) -> LabelledEnum | None:
        """A code a newer version of the app wrote (received by sync): a stand-in that is none of the
        members, shown as « code (version plus récente) » and kept as it is. Not a member: it is in
        no list of choices, and `unknown` tells it apart."""
        if not isinstance(value, str) or not value:
            return None
        stand_in = str.__new__(cls, value)
        stand_in._value_ = value
        stand_in._name_ = "UNKNOWN"
        stand_in.label = f"{value} (version plus récente)"
        return stand_in

    @property
    def unknown(self) -> bool:
        """A newer version's code, not one of this version's members."""
        return self._value_ not in type(self)._value2member_map_


# Geography and indicators
class TerritoryLevel(LabelledEnum):
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "EPCI"
    BASSIN = "bassin", "Bassin d'emploi"
    TAS = "tas", "Territoire d'action sociale"
    DEPARTEMENT = "departement", "Département"
    CUSTOM = "custom", "Périmètre libre"


class Direction(LabelledEnum):
    HIGHER_IS_BETTER = "higher_better", "Plus c'est haut, mieux c'est"
    HIGHER_IS_WORSE = "higher_worse", "Plus c'est haut, plus c'est préoccupant"
    NEUTRAL = "neutral", "Neutre"


class ValueStatus(LabelledEnum):
    OK = "ok", "Valeur"
    SECRET = "secret", "Secret statistique"
    ESTIMATED = "estimated", "Estimation"
    MISSING = "missing", "Manquante"


# Diagnostic
class DiagnosticStatus(LabelledEnum):
    DRAFT = "draft", "Brouillon"
    VALIDATED = "validated", "Validé"
    ARCHIVED = "archived", "Archivé"


class SwotQuadrant(LabelledEnum):
    STRENGTH = "strength", "Atouts"
    WEAKNESS = "weakness", "Faiblesses"
    OPPORTUNITY = "opportunity", "Opportunités"
    THREAT = "threat", "Menaces"


class Theme(LabelledEnum):
    MOBILITY = "mobility", "Mobilité"
    HOUSING = "housing", "Logement"
    CHILDCARE = "childcare", "Garde d'enfants"
    HEALTH = "health", "Santé"
    DIGITAL = "digital", "Numérique"
    LITERACY = "literacy", "Illettrisme"
    BUDGET = "budget", "Gestion budgétaire"
    REMOBILISATION = "remobilisation", "Remobilisation"
    EMPLOYMENT = "employment", "Accès à l'emploi"
    ORIENTATION = "orientation", "Orientation et accompagnement"
    COORDINATION = "coordination", "Coordination des acteurs"
    YOUTH = "youth", "Jeunesse"


class Priority(LabelledEnum):
    HIGH = "1", "Priorité 1"
    MEDIUM = "2", "Priorité 2"
    LOW = "3", "Priorité 3"


# Portfolio
class FrameworkKind(LabelledEnum):
    PDI = "pdi", "Programme départemental d'insertion"
    PTI = "pti", "Pacte territorial pour l'insertion"
    PACTE = "pacte", "Pacte local des solidarités"
    PLAN = "plan", "Plan d'action du GIP"
    FSE = "fse", "Programme FSE+"
    OTHER = "other", "Autre cadre"


class ProjectStatus(LabelledEnum):
    IDEA = "idea", "Idée"
    INSTRUCTION = "instruction", "En instruction"
    FAVOURABLE = "favourable", "Avis favorable"
    POSTPONED = "postponed", "Ajourné"
    REFUSED = "refused", "Refusé"
    VALIDATED = "validated", "Validé"
    CONTRACTED = "contracted", "Conventionné"
    RUNNING = "running", "En cours"
    SUSPENDED = "suspended", "Suspendu"
    CLOSED = "closed", "Clos"
    ABANDONED = "abandoned", "Abandonné"


class Novelty(LabelledEnum):
    NEW = "new", "Nouvelle"
    REINFORCED = "reinforced", "Renforcée"


class OrganisationType(LabelledEnum):
    MEMBER = "member", "Membre du GIP"
    CARRIER = "carrier", "Porteur"
    FUNDER = "funder", "Financeur"
    PARTNER = "partner", "Partenaire"


class FundingNature(LabelledEnum):
    CASH = "cash", "Numéraire"
    STAFF = "staff", "Mise à disposition de personnel"
    IN_KIND = "in_kind", "En nature"


class FundingStatus(LabelledEnum):
    PLANNED = "planned", "Prévisionnel"
    REQUESTED = "requested", "Sollicité"
    NOTIFIED = "notified", "Notifié"
    COMMITTED = "committed", "Engagé"
    PAID = "paid", "Versé"
    SETTLED = "settled", "Soldé"


class MilestoneStatus(LabelledEnum):
    PLANNED = "planned", "Prévu"
    DONE = "done", "Atteint"
    LATE = "late", "En retard"
    CANCELLED = "cancelled", "Annulé"


# Pool
class PoolFunction(LabelledEnum):
    SOCIAL_ENGINEER = "social_engineer", "Ingénieur social"
    PROJECT_DEVELOPER = "project_developer", "Développeur de projets"
    FACILITATOR = "facilitator", "Animateur territorial"
    EVALUATION_OFFICER = "evaluation_officer", "Chargé d'évaluation"
    COORDINATOR = "coordinator", "Coordinateur"


class EmploymentStatus(LabelledEnum):
    GIP_EMPLOYEE = "gip_employee", "Salarié du GIP"
    SECONDED = "seconded", "Mis à disposition"
    DETACHED = "detached", "Détaché"


class AssignmentRole(LabelledEnum):
    PILOT = "pilot", "Pilote"
    CONTRIBUTOR = "contributor", "Contributeur"
    FACILITATOR = "facilitator", "Animateur"


# Governance
class BodyKind(LabelledEnum):
    GENERAL_ASSEMBLY = "ag", "Assemblée générale"
    BOARD = "ca", "Conseil d'administration"
    BUREAU = "bureau", "Bureau"
    COPIL = "copil", "Comité de pilotage"
    COTECH = "cotech", "Comité technique"
    PROGRAMMING = "programming", "Comité de programmation"


class QuorumBasis(LabelledEnum):
    RIGHTS = "rights", "Droits statutaires"
    MEMBERS = "members", "Nombre de membres"
    NONE = "none", "Sans quorum"


class MajorityKind(LabelledEnum):
    SIMPLE = "simple", "Majorité simple"
    TWO_THIRDS = "two_thirds", "Majorité des deux tiers"
    UNANIMITY = "unanimity", "Unanimité"


class MatterKind(LabelledEnum):
    ORDINARY = "ordinary", "Affaires courantes"
    BUDGET = "budget", "Budget et comptes"
    PROGRAMME = "programme", "Programme et cofinancements"
    STATUTES = "statutes", "Convention constitutive"
    MEMBERSHIP = "membership", "Admission ou retrait de membres"


class MeetingStatus(LabelledEnum):
    PREPARING = "preparing", "En préparation"
    AGENDA_FROZEN = "agenda_frozen", "ODJ arrêté"
    CONVENED = "convened", "Convoquée"
    HELD = "held", "Tenue"
    CLOSED = "closed", "Close"
    MINUTES_APPROVED = "minutes_approved", "PV approuvé"


class AgendaItemKind(LabelledEnum):
    DELIBERATION = "deliberation", "Pour délibération"
    OPINION = "opinion", "Pour avis"
    INFORMATION = "information", "Pour information"
    MINUTES = "minutes", "Approbation du procès-verbal"
    MISC = "misc", "Questions diverses"


class AgendaItemStatus(LabelledEnum):
    PENDING = "pending", "À traiter"
    WITHDRAWN = "withdrawn", "Retiré"
    POSTPONED = "postponed", "Ajourné"
    DONE = "done", "Traité"


class AttendanceStatus(LabelledEnum):
    PRESENT = "present", "Présent"
    EXCUSED = "excused", "Excusé"
    ABSENT = "absent", "Absent"
    REPRESENTED = "represented", "Représenté"


class AttendanceMode(LabelledEnum):
    ROOM = "room", "En salle"
    REMOTE = "remote", "À distance"


class VoteMode(LabelledEnum):
    SHOW_OF_HANDS = "hands", "À main levée"
    ROLL_CALL = "roll_call", "Nominal"
    SECRET = "secret", "À bulletin secret"
    UNANIMOUS = "unanimous", "À l'unanimité"


class BallotChoice(LabelledEnum):
    FOR = "for", "Pour"
    AGAINST = "against", "Contre"
    ABSTAIN = "abstain", "Abstention"
    NPPV = "nppv", "Ne prend pas part au vote"


class VoteResult(LabelledEnum):
    ADOPTED_UNANIMOUS = "adopted_unanimous", "Adopté à l'unanimité"
    ADOPTED = "adopted", "Adopté à la majorité"
    ADOPTED_CASTING = "adopted_casting", "Adopté avec voix prépondérante du président"
    REJECTED = "rejected", "Rejeté"
    NO_QUORUM = "no_quorum", "Quorum non atteint"


class DecisionKind(LabelledEnum):
    DELIBERATION = "deliberation", "Délibération"
    OPINION = "opinion", "Avis"
    DECISION = "decision", "Décision"


class DecisionStatus(LabelledEnum):
    DRAFT = "draft", "Projet"
    ADOPTED = "adopted", "Adoptée"
    REJECTED = "rejected", "Rejetée"
    WITHDRAWN = "withdrawn", "Retirée"
    POSTPONED = "postponed", "Ajournée"


# Evaluation
class EvaluatedObject(LabelledEnum):
    PROGRAMME = "programme", "Programme"
    PROJECT = "project", "Projet"
    AXIS = "axis", "Axe"


class EvaluationTiming(LabelledEnum):
    EX_ANTE = "ex_ante", "Ex ante"
    IN_ITINERE = "in_itinere", "In itinere"
    MID_TERM = "mid_term", "À mi-parcours"
    EX_POST = "ex_post", "Ex post"


class CriterionFamily(LabelledEnum):
    RELEVANCE = "relevance", "Pertinence"
    INTERNAL_COHERENCE = "internal_coherence", "Cohérence interne"
    EXTERNAL_COHERENCE = "external_coherence", "Cohérence externe"
    EFFECTIVENESS = "effectiveness", "Efficacité"
    EFFICIENCY = "efficiency", "Efficience"
    IMPACT = "impact", "Impact"
    SUSTAINABILITY = "sustainability", "Durabilité"
    UTILITY = "utility", "Utilité"
    EFFECTIVITY = "effectivity", "Effectivité"
    EQUITY = "equity", "Équité"


class AppraisalLevel(LabelledEnum):
    INSUFFICIENT = "1", "1 – Insuffisant"
    PARTIAL = "2", "2 – Partiel"
    SATISFACTORY = "3", "3 – Satisfaisant"
    VERY_SATISFACTORY = "4", "4 – Très satisfaisant"
    NOT_ASSESSABLE = "NE", "NE – Non évaluable"
    NOT_CONCERNED = "NC", "NC – Non concerné"


class GridStatus(LabelledEnum):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "En vigueur"
    SUPERSEDED = "superseded", "Remplacé"


class EvaluationStatus(LabelledEnum):
    PLANNED = "planned", "Programmée"
    RUNNING = "running", "En cours"
    CONSOLIDATING = "consolidating", "En consolidation"
    DONE = "done", "Terminée"


class RecommendationStatus(LabelledEnum):
    OPEN = "open", "À engager"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Mise en œuvre"
    DROPPED = "dropped", "Abandonnée"


# Documents
class DocumentKind(LabelledEnum):
    CONVOCATION = "convocation", "Convocation"
    AGENDA = "ordre-du-jour", "Ordre du jour"
    MEETING_FILE = "dossier-seance", "Dossier de séance"
    DELIBERATION = "deliberation", "Délibération"
    DECISIONS_SUMMARY = "releve-decisions", "Relevé de décisions"
    MINUTES = "proces-verbal", "Procès-verbal"
    PROJECT_SHEET = "fiche-action", "Fiche action"
    MISSION_LETTER = "lettre-mission", "Lettre de mission"
    DIAGNOSTIC_REPORT = "rapport-diagnostic", "Rapport de diagnostic"
    EVALUATION_REPORT = "rapport-evaluation", "Rapport d'évaluation"


class DocumentStatus(LabelledEnum):
    DRAFT = "draft", "Brouillon"
    SENT = "sent", "Envoyé"
    SIGNED = "signed", "Signé"
