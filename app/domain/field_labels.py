"""French labels of synced columns, for history and conflict badges (stdlib only)."""

from __future__ import annotations

_COMMON = {"*": "Création", "deleted": "Suppression", "_alive": "Existence"}

FIELD_LABELS: dict[str, dict[str, str]] = {
    "project": {
        "code": "Code", "title": "Intitulé", "summary": "Résumé", "objectives": "Objectifs",
        "target_public": "Public visé", "target_volume": "Volume visé", "carrier_id": "Porteur",
        "pilot_id": "Pilote", "starts_on": "Début", "ends_on": "Fin", "status": "Statut",
        "novelty": "Nouveauté", "validated_by_decision_id": "Décision de validation",
        "final_report": "Bilan final",
    },
    "pool_member": {
        "first_name": "Prénom", "last_name": "Nom", "function": "Fonction", "employer_id": "Employeur",
        "employment_status": "Statut d'emploi", "working_time": "Quotité", "skills": "Compétences",
        "email": "Courriel", "phone": "Téléphone", "secondment_agreement": "Convention de mise à disposition",
    },
    "need": {
        "diagnostic_id": "Diagnostic", "code": "Code", "title": "Intitulé", "theme": "Thème",
        "target_public": "Public visé", "priority": "Priorité", "rank": "Rang",
        "justification": "Justification",
    },
    "meeting": {
        "body_id": "Organe", "number": "Numéro", "starts_at": "Date et heure", "place": "Lieu",
        "video_link": "Lien de visioconférence", "status": "Statut", "urgent": "Urgence",
        "second_convocation": "Seconde convocation", "chair_name": "Président de séance",
        "secretary_name": "Secrétaire de séance", "opened_at": "Ouverture", "closed_at": "Clôture",
        "convened_on": "Convoquée le", "minutes_approved_on": "Procès-verbal approuvé le",
        "guests": "Invités",
    },
    "decision": {
        "body_id": "Organe", "item_id": "Point de l'ordre du jour", "year": "Année", "sequence": "Rang",
        "number": "Numéro", "kind": "Nature", "title": "Intitulé", "visas": "Visas",
        "considerations": "Considérants", "articles": "Articles", "status": "Statut",
        "effective_on": "Exécutoire le", "published_on": "Publiée le",
    },
    "follow_up_action": {
        "item_id": "Point de l'ordre du jour", "decision_id": "Décision", "position": "Rang", "who": "Qui",
        "what": "Action", "due_on": "Échéance", "done": "Réalisée",
    },
    "project_partner": {"role": "Rôle du partenaire", "organisation_id": "Partenaire"},
    "project_service": {"contribution": "Contribution du service", "service_id": "Service mobilisé"},
    "milestone": {"title": "Jalon", "due_on": "Échéance du jalon", "status": "Statut du jalon"},
    "project_risk": {"description": "Risque", "likelihood": "Probabilité", "impact": "Impact",
                     "mitigation": "Mesures d'atténuation"},
    "organisation": {
        "name": "Nom", "short_name": "Nom court", "siren": "SIREN", "siret": "SIRET", "kind": "Type",
        "address": "Adresse", "logo_path": "Logo",
    },
}


def field_label(table: str, column: str) -> str:
    """« Intitulé » for (project, title); the column name itself when no label is declared."""
    return FIELD_LABELS.get(table, {}).get(column) or _COMMON.get(column, column)
