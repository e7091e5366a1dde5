"""French names of synced tables and columns, for history, conflicts and their badges (stdlib only).

`tests/unit/test_field_labels.py` checks that every synced column has one: a history line never shows
a column's code name.
"""

from __future__ import annotations

_COMMON = {"*": "Création", "deleted": "Suppression", "_alive": "Existence"}

TABLE_LABELS: dict[str, str] = {
    "agenda_item": "Point de l'ordre du jour", "agenda_item_project": "Fiche action du point",
    "appraisal": "Appréciation", "assignment": "Affectation", "attendance": "Présence",
    "axis": "Axe", "ballot": "Bulletin", "body": "Instance", "contribution_payment": "Versement",
    "criterion": "Critère", "decision": "Délibération", "diagnostic": "Diagnostic",
    "document": "Document", "evaluation": "Évaluation", "evaluation_grid": "Grille d'évaluation",
    "evaluator": "Évaluateur", "finding": "Constat", "finding_indicator": "Indicateur du constat",
    "follow_up_action": "Action de suivi", "framework": "Cadre", "funding_line": "Financement",
    "import_batch": "Import", "indicator": "Indicateur", "indicator_value": "Valeur d'indicateur",
    "majority_rule": "Règle de majorité", "meeting": "Séance",
    "member_contribution": "Contribution de membre", "milestone": "Jalon", "need": "Besoin",
    "need_indicator": "Indicateur du besoin", "need_territory": "Territoire du besoin",
    "organisation": "Organisme", "pool_member": "Agent du pool",
    "pool_member_territory": "Territoire de l'agent", "project": "Fiche action",
    "project_axis": "Axe de la fiche", "project_need": "Besoin couvert", "project_partner": "Partenaire",
    "project_risk": "Risque", "project_service": "Service mobilisé",
    "project_status_change": "Changement de statut", "project_territory": "Territoire de la fiche",
    "proxy": "Pouvoir", "recommendation": "Recommandation", "representative": "Représentant",
    "scale_level": "Niveau d'échelle", "seat": "Siège", "service": "Service", "setting": "Paramètre",
    "swot_item": "Élément AFOM", "territory": "Territoire", "territory_link": "Lien entre territoires",
    "vote": "Vote",
}

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
        "number": "Numéro", "kind": "Nature", "title": "Objet", "visas": "Visas",
        "considerations": "Considérants", "articles": "Articles", "status": "Statut",
        "effective_on": "Exécutoire le", "published_on": "Publiée le",
    },
    "follow_up_action": {
        "item_id": "Point de l'ordre du jour", "decision_id": "Décision", "position": "Rang", "who": "Qui",
        "what": "Action", "due_on": "Échéance", "done": "Réalisée",
    },
    "project_partner": {"project_id": "Fiche action", "role": "Rôle du partenaire",
                        "organisation_id": "Partenaire"},
    "project_service": {"project_id": "Fiche action", "contribution": "Contribution du service",
                        "service_id": "Service mobilisé"},
    "milestone": {"project_id": "Fiche action", "title": "Jalon", "due_on": "Échéance du jalon",
                  "status": "Statut du jalon"},
    "project_risk": {"project_id": "Fiche action", "description": "Risque", "likelihood": "Probabilité",
                     "impact": "Impact", "mitigation": "Mesures d'atténuation"},
    "organisation": {
        "name": "Nom", "short_name": "Nom court", "siren": "SIREN", "siret": "SIRET", "kind": "Type",
        "address": "Adresse", "logo_path": "Logo",
    },
    "body": {
        "code": "Code", "name": "Nom", "kind": "Type d'instance", "quorum_basis": "Base du quorum",
        "quorum_threshold": "Seuil du quorum",
        "quorum_on_second_convocation": "Quorum sur seconde convocation",
        "abstentions_counted": "Abstentions comptées", "casting_vote": "Voix prépondérante du président",
        "convocation_days": "Délai de convocation (jours)",
        "urgent_convocation_days": "Délai de convocation en urgence (jours)",
        "max_proxies": "Pouvoirs par mandataire", "weighted_votes": "Votes pondérés",
        "rules_text": "Règlement",
    },
    "document": {
        "kind": "Type de document", "subject_type": "Objet concerné", "subject_id": "Identifiant de l'objet",
        "title": "Titre", "reference": "Référence", "version": "Version",
        "previous_version_id": "Version précédente", "template_version": "Version du modèle",
        "generated_at": "Produit le", "generated_by": "Produit par", "sha256": "Empreinte SHA-256",
        "file_name": "Fichier", "pages": "Pages", "status": "État",
    },
    "evaluation_grid": {
        "code": "Code", "title": "Intitulé", "version": "Version",
        "previous_version_id": "Version précédente",
        "object_type": "Objet évalué", "timing": "Moment", "status": "Statut",
    },
    "framework": {"code": "Code", "title": "Intitulé", "kind": "Type de cadre", "starts_on": "Début",
                  "ends_on": "Fin", "replaces_id": "Remplace"},
    "import_batch": {
        "kind": "Type d'import", "file_name": "Fichier", "sha256": "Empreinte SHA-256",
        "imported_at": "Importé le", "imported_by": "Importé par", "rows_kept": "Lignes retenues",
        "rows_rejected": "Lignes rejetées",
    },
    "indicator": {
        "code": "Code", "label": "Libellé", "definition": "Définition", "unit": "Unité", "source": "Source",
        "direction": "Sens souhaité", "finest_level": "Échelon le plus fin", "decimals": "Décimales",
    },
    "setting": {"key": "Paramètre", "value": "Valeur"},
    "territory": {
        "code": "Code", "name": "Nom", "level": "Échelon", "vintage": "Millésime", "population": "Population",
        "geometry": "Contour", "valid_from": "Valable du", "valid_to": "Valable jusqu'au",
    },
    "axis": {"framework_id": "Cadre", "parent_id": "Axe parent", "number": "Numéro", "title": "Intitulé",
             "position": "Rang"},
    "criterion": {
        "grid_id": "Grille", "position": "Rang", "family": "Famille", "question": "Question évaluative",
        "judgement": "Critère de jugement", "indicator_label": "Indicateur", "indicator_id": "Indicateur lié",
        "baseline": "Valeur de départ", "target": "Cible", "source": "Source", "weight": "Poids",
        "eliminatory_threshold": "Seuil éliminatoire",
    },
    "indicator_value": {"indicator_id": "Indicateur", "territory_id": "Territoire", "period": "Période",
                        "value": "Valeur", "status": "Statut de la valeur", "batch_id": "Import"},
    "majority_rule": {"body_id": "Instance", "matter": "Matière", "majority": "Majorité"},
    "member_contribution": {
        "organisation_id": "Membre", "year": "Année", "called_cents": "Montant appelé",
        "in_kind_cents": "Apport en nature", "in_kind_description": "Nature de l'apport",
    },
    "seat": {"body_id": "Instance", "organisation_id": "Organisation membre",
             "voting_rights": "Droits statutaires", "has_vote": "Voix délibérative", "position": "Rang"},
    "service": {"organisation_id": "Organisme", "name": "Nom", "contact": "Contact"},
    "territory_link": {"child_id": "Territoire", "parent_id": "Territoire parent", "valid_from": "Valable du",
                       "valid_to": "Valable jusqu'au"},
    "agenda_item": {
        "meeting_id": "Séance", "position": "Rang", "kind": "Nature du point", "matter": "Matière",
        "title": "Intitulé", "rapporteur": "Rapporteur", "status": "Statut",
        "presentation": "Note de présentation", "financial_impact": "Incidence financière",
        "prior_opinion": "Avis préalable",
        "debate_summary": "Résumé des débats",
    },
    "contribution_payment": {"contribution_id": "Contribution", "paid_on": "Versé le",
                             "amount_cents": "Montant versé", "reference": "Référence"},
    "pool_member_territory": {"member_id": "Agent", "territory_id": "Territoire"},
    "proxy": {"meeting_id": "Séance", "grantor_seat_id": "Mandant", "holder_seat_id": "Mandataire",
              "received_on": "Reçu le"},
    "representative": {
        "seat_id": "Siège", "full_name": "Nom", "title": "Fonction", "is_substitute": "Suppléant",
        "email": "Courriel", "valid_from": "Mandat du", "valid_to": "Mandat jusqu'au",
    },
    "scale_level": {"criterion_id": "Critère", "level": "Niveau", "descriptor": "Descripteur"},
    "attendance": {
        "meeting_id": "Séance", "seat_id": "Siège", "representative_id": "Représentant", "status": "Présence",
        "mode": "Mode de participation", "arrived_at": "Arrivée", "left_at": "Départ",
    },
    "vote": {
        "item_id": "Point de l'ordre du jour", "mode": "Mode de scrutin", "votes_for": "Voix pour",
        "votes_against": "Voix contre", "abstentions": "Abstentions", "nppv": "Ne prennent pas part au vote",
        "rights_for": "Droits pour", "rights_against": "Droits contre",
        "rights_abstaining": "Droits abstenus", "rights_nppv": "Droits ne prenant pas part au vote",
        "result": "Résultat", "quorum_reached": "Quorum atteint", "voted_at": "Voté le",
    },
    "ballot": {"vote_id": "Vote", "seat_id": "Siège", "choice": "Choix", "by_proxy": "Par pouvoir"},
    "diagnostic": {
        "title": "Intitulé", "perimeter_id": "Périmètre", "made_on": "Établi le", "status": "Statut",
        "method": "Méthode", "summary": "Synthèse", "validated_by_decision_id": "Décision de validation",
    },
    "agenda_item_project": {"item_id": "Point de l'ordre du jour", "project_id": "Fiche action"},
    "assignment": {
        "member_id": "Agent", "project_id": "Fiche action", "role": "Rôle", "fte": "ETP",
        "starts_on": "Début", "ends_on": "Fin", "mission_letter_id": "Lettre de mission",
    },
    "evaluation": {
        "grid_id": "Grille", "title": "Intitulé", "object_type": "Objet évalué", "project_id": "Fiche action",
        "framework_id": "Cadre", "axis_id": "Axe", "period_start": "Période du", "period_end": "Période au",
        "commissioner": "Commanditaire", "status": "Statut", "synthesis": "Synthèse",
        "method_and_limits": "Méthode et limites",
    },
    "finding": {"diagnostic_id": "Diagnostic", "theme": "Thème", "text": "Constat",
                "territory_id": "Territoire", "position": "Rang"},
    "funding_line": {
        "project_id": "Fiche action", "funder_id": "Financeur", "fiscal_year": "Exercice",
        "amount_cents": "Montant", "nature": "Nature du financement", "status": "Statut du financement",
        "act_reference": "Référence de l'acte", "decision_id": "Décision",
    },
    "project_axis": {"project_id": "Fiche action", "axis_id": "Axe"},
    "project_need": {"project_id": "Fiche action", "need_id": "Besoin"},
    "project_status_change": {
        "project_id": "Fiche action", "from_status": "Statut précédent", "to_status": "Nouveau statut",
        "changed_at": "Changé le", "changed_by": "Changé par", "decision_id": "Décision",
        "comment": "Commentaire",
    },
    "project_territory": {"project_id": "Fiche action", "territory_id": "Territoire"},
    "swot_item": {"diagnostic_id": "Diagnostic", "quadrant": "Quadrant", "text": "Élément",
                  "position": "Rang"},
    "evaluator": {"evaluation_id": "Évaluation", "full_name": "Nom", "internal": "Interne",
                  "pool_member_id": "Agent du pool"},
    "finding_indicator": {"finding_id": "Constat", "indicator_id": "Indicateur"},
    "need_indicator": {"need_id": "Besoin", "indicator_id": "Indicateur"},
    "need_territory": {"need_id": "Besoin", "territory_id": "Territoire"},
    "recommendation": {
        "evaluation_id": "Évaluation", "text": "Recommandation", "priority": "Priorité",
        "addressee": "Destinataire", "due_on": "Échéance", "status": "Statut", "follow_up": "Suivi",
    },
    "appraisal": {
        "evaluation_id": "Évaluation", "criterion_id": "Critère", "evaluator_id": "Évaluateur",
        "level": "Niveau", "justification": "Justification", "evidence": "Éléments de preuve",
        "consolidated": "Consolidée",
    },
}

# The parts of an object whose changes its history shows with its own (table → child table → the child's
# column naming the object): who changed a funding line's amount is part of the fiche action's history.
# A part's own parts come too (a body's seats, then each seat's representatives; a séance's points, then
# each point's vote and its ballots: who changed a head count is part of the séance's history).
HISTORY_PARTS: dict[str, dict[str, str]] = {
    "project": {
        "funding_line": "project_id", "milestone": "project_id", "project_partner": "project_id",
        "project_service": "project_id", "project_risk": "project_id", "project_axis": "project_id",
        "project_territory": "project_id", "project_need": "project_id", "assignment": "project_id",
    },
    "meeting": {"agenda_item": "meeting_id", "attendance": "meeting_id", "proxy": "meeting_id"},
    "agenda_item": {"vote": "item_id", "agenda_item_project": "item_id"},
    "vote": {"ballot": "vote_id"},
    "body": {"seat": "body_id", "majority_rule": "body_id"},
    "seat": {"representative": "seat_id"},
    "decision": {"follow_up_action": "decision_id"},
    "need": {"need_territory": "need_id", "need_indicator": "need_id"},
    "pool_member": {"assignment": "member_id", "pool_member_territory": "member_id"},
}


def field_label(table: str, column: str) -> str:
    """« Intitulé » for (project, title); the column name itself when no label is declared."""
    return FIELD_LABELS.get(table, {}).get(column) or _COMMON.get(column, column)


def table_label(table: str) -> str:
    """« Fiche action » for project; the table name itself when no label is declared."""
    return TABLE_LABELS.get(table, table)
