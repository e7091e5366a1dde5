"""Realistic fiches action and the axis trees they hang from (DOMAIN.md §6)."""

from __future__ import annotations

from dataclasses import dataclass

PDI_AXES = (
    ("1", "Accompagner vers l'emploi chaque bénéficiaire du RSA"),
    ("1.1", "Orienter vite et accompagner sans rupture"),
    ("1.1.1", "Réduire les délais d'orientation"),
    ("1.1.2", "Accompagnement global et remobilisation"),
    ("1.2", "Développer l'offre d'insertion et l'accès à l'emploi"),
    ("1.2.1", "Insertion par l'activité économique"),
    ("1.2.2", "Clauses sociales et relation aux entreprises"),
    ("2", "Lever les freins périphériques à l'emploi"),
    ("2.1", "Mobilité"),
    ("2.1.1", "Plateformes et aides à la mobilité"),
    ("2.1.2", "Solutions de transport en zone rurale"),
    ("2.2", "Garde d'enfants et logement"),
    ("2.2.1", "Modes de garde pour la reprise d'emploi"),
    ("2.2.2", "Accès et maintien dans le logement"),
    ("2.3", "Santé, numérique et savoirs de base"),
    ("2.3.1", "Accès aux soins"),
    ("2.3.2", "Inclusion numérique"),
    ("2.3.3", "Savoirs de base"),
    ("3", "Mobiliser les territoires et les personnes"),
    ("3.1", "Coordination territoriale"),
    ("3.1.1", "Coordination par bassin d'emploi"),
    ("3.1.2", "Entreprises inclusives"),
    ("3.2", "Participation des personnes accompagnées"),
    ("3.2.1", "Groupe miroir et pair-aidance"),
    ("3.3", "Jeunes en rupture"),
    ("3.3.1", "Repérage et remobilisation"),
)
PACTE_AXES = (
    ("1", "Prévenir la pauvreté et lutter contre les inégalités dès l'enfance"),
    ("1.1", "Accueil du jeune enfant et soutien à la parentalité"),
    ("2", "Aller vers et accompagner les jeunes"),
    ("2.1", "Repérage et accompagnement des jeunes en rupture"),
    ("3", "Accéder à l'emploi par un accompagnement renforcé"),
    ("3.1", "Accompagnement des allocataires du RSA"),
    ("3.2", "Levée des freins périphériques"),
    ("4", "Lutter contre la grande exclusion grâce à l'accès aux droits"),
    ("4.1", "Accès aux droits et aux soins"),
    ("4.2", "Logement d'abord"),
)


@dataclass(frozen=True)
class Template:
    title: str
    action: str  # PDI action number
    pacte: str  # Pacte axis number, "" when none
    needs: tuple[str, ...]
    public: str
    objectives: str
    volume: tuple[int, int]
    partner_role: str = "Partenaire opérationnel"


TEMPLATES = (
    Template("Améliorer les délais d'orientation des bénéficiaires du RSA", "1.1.1", "3.1", ("B01",),
             "Nouveaux bénéficiaires du RSA", "Orienter 100 % des nouveaux entrants en moins de 30 jours ; "
             "généraliser les rendez-vous d'orientation collectifs dans chaque TAS.", (600, 1500)),
    Template("Accompagnement global Département – France Travail", "1.1.2", "3.1", ("B01", "B11"),
             "Demandeurs d'emploi cumulant des freins sociaux et professionnels", "Proposer un binôme "
             "conseiller – travailleur social ; 70 % de sorties vers l'emploi ou la formation.", (150, 400)),
    Template("Consolider et développer l'offre d'insertion par l'activité économique", "1.2.1", "3.1", ("B05",),
             "Demandeurs d'emploi de longue durée, bénéficiaires du RSA", "Créer 40 ETP d'insertion en zone "
             "rurale ; 45 % de sorties dynamiques.", (40, 120)),
    Template("Promouvoir les clauses sociales dans la commande publique", "1.2.2", "3.1", ("B05",),
             "Personnes éloignées de l'emploi", "Atteindre 60 000 heures d'insertion par an dans les marchés "
             "des collectivités et bailleurs.", (80, 200), "Donneur d'ordre"),
    Template("Plateforme de mobilité solidaire", "2.1.1", "3.2", ("B02",), "Personnes en insertion sans "
             "solution de mobilité", "Diagnostic mobilité, aide au permis, location de véhicules et de "
             "deux-roues à tarif solidaire.", (200, 500)),
    Template("Garage solidaire et location de deux-roues", "2.1.2", "3.2", ("B02",), "Allocataires et jeunes "
             "en zone rurale", "Réparer à coût réduit et louer 60 deux-roues par an.", (60, 150)),
    Template("Modes de garde à horaires atypiques", "2.2.1", "1.1", ("B03",), "Parents isolés en reprise "
             "d'emploi ou en formation", "Ouvrir un service de garde de 5 h à 22 h et le week-end.", (40, 90)),
    Template("Logement d'abord : accompagnement vers et dans le logement", "2.2.2", "4.2", ("B06",),
             "Ménages sans logement ou menacés d'expulsion", "Accéder directement au logement avec un "
             "accompagnement intensif ; 80 % de maintien à un an.", (50, 120)),
    Template("Santé et insertion : accès aux soins des allocataires", "2.3.1", "4.1", ("B07",),
             "Allocataires du RSA ayant renoncé à des soins", "Bilans de santé, coordination avec la CPAM et "
             "les maisons de santé.", (150, 350), "Partenaire santé"),
    Template("Inclusion numérique et lutte contre l'illectronisme", "2.3.2", "4.1", ("B08",),
             "Personnes éloignées du numérique", "Ateliers itinérants, équipement reconditionné, "
             "accompagnement aux démarches en ligne.", (300, 700)),
    Template("Ateliers sociolinguistiques et savoirs de base", "2.3.3", "3.2", ("B09",),
             "Adultes en situation d'illettrisme ou allophones", "Parcours de 120 heures vers la "
             "certification CléA.", (60, 140)),
    Template("Coordination des acteurs de l'emploi d'un bassin", "3.1.1", "", ("B10",),
             "Professionnels de l'emploi et de l'insertion", "Animer un réseau par bassin et un tableau de "
             "bord partagé des parcours.", (30, 80)),
    Template("Club d'entreprises inclusives", "3.1.2", "", (), "Entreprises du territoire",
             "Fédérer 50 entreprises qui accueillent des stages et recrutent des personnes en insertion.",
             (30, 60), "Réseau d'entreprises"),
    Template("Groupe miroir des personnes accompagnées", "3.2.1", "", (), "Personnes accompagnées",
             "Associer les personnes concernées à l'évaluation et à la conception des actions.", (12, 25)),
    Template("Repérage et remobilisation des jeunes en rupture", "3.3.1", "2.1", ("B04",),
             "Jeunes de 16 à 25 ans ni en emploi ni en formation", "Aller vers 300 jeunes invisibles ; "
             "50 % engagés dans un parcours à six mois.", (150, 300)),
    Template("Remobilisation par le sport et la culture", "1.1.2", "3.1", ("B11",),
             "Bénéficiaires du RSA inscrits depuis plus de deux ans", "Redonner confiance par des activités "
             "collectives avant un parcours d'emploi.", (40, 100)),
    Template("Crèche à vocation d'insertion professionnelle", "2.2.1", "1.1", ("B03",),
             "Parents de jeunes enfants en recherche d'emploi", "Réserver des places en crèche couplées à un "
             "accompagnement vers l'emploi.", (20, 45)),
    Template("Auto-école sociale", "2.1.1", "3.2", ("B02",), "Personnes en insertion sans permis",
             "Permis B en pédagogie adaptée ; 65 % de réussite.", (40, 80)),
    Template("Référents de parcours pour les jeunes sortant de l'ASE", "3.3.1", "2.1", ("B04", "B06"),
             "Jeunes majeurs sortant de l'aide sociale à l'enfance", "Aucune sortie sèche : logement, "
             "ressources et projet professionnel à 18 ans.", (30, 70)),
    Template("Chantier d'insertion maraîchage biologique", "1.2.1", "3.1", ("B05", "B11"),
             "Bénéficiaires du RSA", "Produire pour la restauration collective en salariant 18 personnes "
             "en insertion.", (18, 30)),
    Template("Permanences d'accès aux droits en milieu rural", "2.3.1", "4.1", ("B07", "B08"),
             "Habitants des communes rurales éloignées des services", "Tenir des permanences dans les "
             "France services et les mairies.", (250, 600)),
    Template("Job dating et immersion en entreprise des bénéficiaires du RSA", "1.2.2", "3.1", ("B11", "B05"),
             "Bénéficiaires du RSA prêts à l'emploi", "Organiser 12 rencontres par an et 200 périodes de "
             "mise en situation en milieu professionnel.", (150, 300), "Entreprise partenaire"),
)
RISKS = (
    ("Difficulté à recruter le personnel d'accompagnement", "Mutualiser les recrutements avec les "
     "partenaires ; mise à disposition par un membre"),
    ("Retard de notification des cofinancements", "Avance de trésorerie du GIP ; convention pluriannuelle"),
    ("Public difficile à mobiliser", "Aller-vers avec les référents RSA et les travailleurs sociaux"),
    ("Dépendance à un seul financeur", "Rechercher un cofinancement FSE+ et EPCI"),
    ("Saturation de l'offre locale de formation", "Convention avec la Région et les organismes de formation"),
)
MILESTONES = ("Signature de la convention", "Recrutement de l'équipe", "Lancement opérationnel",
              "Comité de suivi à mi-parcours", "Bilan annuel", "Évaluation finale")
