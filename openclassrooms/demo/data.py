"""The demo school: its people, paths, projects, funders and the texts its records quote.

Development only (``make run``, the tests): this package is not installed in the production image.
"""

import unicodedata
from dataclasses import dataclass

from openclassrooms.accounts.roles import Role

SEED = 2026
DEMO_PASSWORD = "demo-password-2026"
# Issue 14: staff, jury, Committee and Board sign in with a second step. Every such demo account has an
# authenticator app on this one published secret: add it to an app, or run `manage.py demo_code`.
DEMO_TOTP_SECRET = "DEMOSECRETOPENCLASSROOMSSTAFFTWO"
DOMAIN = "demo.openclassrooms.test"

# One login per role: (role label, e-mail). The password of each is DEMO_PASSWORD.
DEMO_LOGINS = [
    (Role.STUDENT.label, f"student@{DOMAIN}"),
    (Role.MENTOR.label, f"mentor@{DOMAIN}"),
    (Role.STUDENT_SUCCESS.label, f"success@{DOMAIN}"),
    (Role.LEARNING_MANAGER.label, f"learning-manager@{DOMAIN}"),
    (Role.HEAD_OF_LEARNING.label, f"head-of-learning@{DOMAIN}"),
    (Role.JURY_MEMBER.label, f"jury@{DOMAIN}"),
    (Role.IMPACT_COMMITTEE.label, f"impact@{DOMAIN}"),
    (Role.BOARD_MEMBER.label, f"board@{DOMAIN}"),
]

# key -> (e-mail, first name, last name, role). The first eight are the DEMO_LOGINS.
PEOPLE: dict[str, tuple[str, str, str, str]] = {
    "student": (f"student@{DOMAIN}", "Camille", "Laurent", Role.STUDENT),
    "mentor": (f"mentor@{DOMAIN}", "Thomas", "Moreau", Role.MENTOR),
    "success": (f"success@{DOMAIN}", "Sophie", "Bernard", Role.STUDENT_SUCCESS),
    "lm": (f"learning-manager@{DOMAIN}", "Julien", "Petit", Role.LEARNING_MANAGER),
    "hol": (f"head-of-learning@{DOMAIN}", "Nathalie", "Garnier", Role.HEAD_OF_LEARNING),
    "jury": (f"jury@{DOMAIN}", "Karim", "Haddad", Role.JURY_MEMBER),
    "impact": (f"impact@{DOMAIN}", "Aïcha", "Diallo", Role.IMPACT_COMMITTEE),
    "board": (f"board@{DOMAIN}", "Olivier", "Lefèvre", Role.BOARD_MEMBER),
    "lm_data": (f"ines.roux@{DOMAIN}", "Inès", "Roux", Role.LEARNING_MANAGER),
    "lm_pm": (f"marc.fontaine@{DOMAIN}", "Marc", "Fontaine", Role.LEARNING_MANAGER),
    "mentor2": (f"priya.nair@{DOMAIN}", "Priya", "Nair", Role.MENTOR),
    "mentor3": (f"lucas.girard@{DOMAIN}", "Lucas", "Girard", Role.MENTOR),
    "mentor4": (f"fatou.ndiaye@{DOMAIN}", "Fatou", "Ndiaye", Role.MENTOR),
    "mentor5": (f"benoit.caron@{DOMAIN}", "Benoît", "Caron", Role.MENTOR),
    "mentor6": (f"elena.rossi@{DOMAIN}", "Elena", "Rossi", Role.MENTOR),
    "jury_industry": (f"helene.marchand@{DOMAIN}", "Hélène", "Marchand", Role.JURY_MEMBER),
    "jury_school": (f"pierre.lambert@{DOMAIN}", "Pierre", "Lambert", Role.JURY_MEMBER),
    "imp_student": (f"yasmine.benali@{DOMAIN}", "Yasmine", "Benali", Role.IMPACT_COMMITTEE),
    "imp_alumni": (f"hugo.blanc@{DOMAIN}", "Hugo", "Blanc", Role.IMPACT_COMMITTEE),
    "imp_mentor": (f"marta.kowalski@{DOMAIN}", "Marta", "Kowalski", Role.IMPACT_COMMITTEE),
    "imp_corporate": (f"francois.duval@{DOMAIN}", "François", "Duval", Role.IMPACT_COMMITTEE),
    "imp_academic": (f"anne-claire.vidal@{DOMAIN}", "Anne-Claire", "Vidal", Role.IMPACT_COMMITTEE),
}
MENTOR_KEYS = ["mentor", "mentor2", "mentor3", "mentor4", "mentor5", "mentor6"]

FIRST_NAMES = [
    "Léa", "Hugo", "Chloé", "Nathan", "Manon", "Louis", "Emma", "Gabriel", "Inès", "Raphaël", "Jade",
    "Arthur", "Sarah", "Mathis", "Zoé", "Yanis", "Clara", "Adam", "Lina", "Noah", "Maëlle", "Mehdi",
    "Anaïs", "Théo", "Amira", "Enzo", "Juliette", "Samuel", "Nour", "Maxime", "Océane", "Ibrahim",
    "Pauline", "Antoine", "Mariam", "Baptiste", "Élise", "Karim", "Lucie", "Moussa", "Charlotte",
    "Diego", "Sofia", "Kenji", "Aylin", "Olivia", "Tomasz", "Ana", "Rayan", "Margaux", "Youssef",
    "Laura", "Quentin", "Awa", "Victor", "Salomé", "Bilal", "Hannah", "Julien", "Mei",
]  # fmt: skip
LAST_NAMES = [
    "Dubois", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet",
    "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Faure", "André", "Mercier",
    "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Perrin",
    "Robin", "Clément", "Benali", "Traoré", "Nguyen", "Haddad", "Diop", "Kaya", "Rossi", "Silva",
    "Schmidt", "Kowalski", "Ferreira", "Cohen", "Martinez", "Okafor", "Tanaka", "Bouzid", "Lemaire",
    "Marchal", "Colin", "Barbier", "Renaud", "Aubert", "Meyer", "Brunet", "Hamidi", "Pereira",
    "Camara", "Lopez", "Weber", "Mbappé",
]  # fmt: skip

# code -> (name, level, months, description, learning manager key, [project codes in order]). The demo school
# is French: its catalogue and everything its people write are data, in French, not interface to translate.
PATHS = {
    "web-developer": (
        "Développeur web", "Niveau bac+2 (RNCP 5)", 12,
        "Créez des sites et des applications web, de la maquette jusqu'à un serveur sécurisé.", "lm",
        ["wd-html-css", "wd-responsive", "wd-javascript", "wd-seo-debug", "wd-node-api", "agile-planning",
         "wd-react"],
    ),
    "data-analyst": (
        "Analyste de données", "Niveau bac+3 (RNCP 6)", 12,
        "Collectez, nettoyez et analysez des données, puis traduisez-les en recommandations pour les "
        "décideurs.", "lm_data",
        ["da-spreadsheet", "da-sql", "da-python-cleaning", "da-dashboard", "da-statistics", "da-segmentation",
         "da-storytelling"],
    ),
    "project-manager": (
        "Chef de projet numérique", "Niveau bac+3 (RNCP 6)", 9,
        "Cadrez, planifiez et livrez des projets numériques avec des méthodes agiles et classiques.", "lm_pm",
        ["pm-scope", "agile-planning", "pm-budget", "pm-risk", "pm-stakeholders", "pm-delivery"],
    ),
}  # fmt: skip

# code -> (title, in_depth, [skills])
PROJECTS = {
    "wd-html-css": ("Créez votre premier site avec HTML et CSS", False, [
        "Intégrer un contenu web conformément à une maquette", "Mettre en page un site avec CSS",
        "Versionner son code avec Git et GitHub"]),
    "wd-responsive": ("Transformez une maquette en site web responsive", True, [
        "Réaliser une interface responsive", "Utiliser un préprocesseur CSS (Sass)",
        "Assurer l'accessibilité d'une page web (WCAG)", "Optimiser le temps de chargement d'une page"]),
    "wd-javascript": ("Rendez une page web dynamique avec JavaScript", False, [
        "Manipuler le DOM avec JavaScript", "Gérer les événements de l'utilisateur",
        "Récupérer des données depuis une API REST"]),
    "wd-seo-debug": ("Déboguez et optimisez un site existant", False, [
        "Auditer le référencement (SEO) d'un site",
        "Diagnostiquer des problèmes de performance avec les outils du navigateur",
        "Rédiger un rapport d'audit technique", "Corriger des problèmes d'accessibilité"]),
    "wd-node-api": ("Construisez l'API sécurisée d'une application d'avis avec Node.js", True, [
        "Mettre en place un modèle de données avec MongoDB",
        "Stocker des données personnelles de façon sécurisée",
        "Implémenter des opérations CRUD de façon sécurisée", "Authentifier les utilisateurs avec JWT",
        "Rédiger la documentation d'une API"]),
    "agile-planning": ("Planifiez un projet web avec les méthodes agiles", False, [
        "Rédiger des user stories", "Découper un projet en tâches", "Estimer et planifier un sprint",
        "Animer une revue de sprint et une rétrospective"]),
    "wd-react": ("Développez une application monopage avec React", True, [
        "Créer des composants React réutilisables", "Gérer la navigation d'une application monopage",
        "Tester des composants avec Jest", "Déployer une application front-end"]),
    "da-spreadsheet": ("Analysez les ventes d'une librairie avec un tableur", False, [
        "Nettoyer des données dans un tableur", "Construire des tableaux croisés dynamiques",
        "Présenter des indicateurs clés sous forme de graphiques"]),
    "da-sql": ("Interrogez une base de ventes immobilières avec SQL", False, [
        "Modéliser une base de données relationnelle", "Écrire des requêtes SQL avec jointures et agrégats",
        "Vérifier la qualité d'un jeu de données"]),
    "da-python-cleaning": ("Nettoyez et explorez un jeu de données nutritionnelles avec Python", True, [
        "Nettoyer un jeu de données avec pandas", "Traiter les valeurs manquantes et aberrantes",
        "Mener une analyse univariée et bivariée", "Présenter des résultats à un public non spécialiste"]),
    "da-dashboard": ("Concevez un tableau de bord pour une enseigne de distribution", False, [
        "Définir des indicateurs métier", "Construire un tableau de bord interactif",
        "Automatiser la mise à jour des données", "Rédiger un guide d'utilisation"]),
    "da-statistics": ("Réalisez l'étude statistique d'une enquête de santé publique", True, [
        "Formuler et tester une hypothèse statistique", "Réaliser une régression linéaire",
        "Vérifier les conditions d'application d'un test statistique",
        "Interpréter les résultats avec prudence"]),
    "da-segmentation": ("Segmentez les clients d'une boutique en ligne", False, [
        "Préparer des données pour un clustering", "Réaliser une segmentation avec les k-means",
        "Décrire les segments obtenus"]),
    "da-storytelling": ("Présentez des recommandations fondées sur les données", True, [
        "Construire un récit à partir des données", "Choisir la visualisation adaptée",
        "Adapter son message à son public", "Répondre aux questions des décideurs"]),
    "pm-scope": ("Cadrez un projet numérique et rédigez son cahier des charges", False, [
        "Analyser le besoin d'un client", "Rédiger des spécifications fonctionnelles",
        "Définir le périmètre d'un projet"]),
    "pm-budget": ("Construisez et suivez le budget d'un projet", False, [
        "Estimer les coûts d'un projet", "Construire un budget prévisionnel",
        "Suivre les dépenses et les écarts"]),
    "pm-risk": ("Gérez les risques de la refonte d'un site web", True, [
        "Identifier et évaluer les risques d'un projet", "Élaborer un plan de réponse aux risques",
        "Suivre les risques tout au long du projet", "Alerter le comité de pilotage d'un problème"]),
    "pm-stakeholders": ("Accompagnez les parties prenantes dans un changement", False, [
        "Cartographier les parties prenantes d'un projet", "Planifier des actions de conduite du changement",
        "Animer un comité de pilotage"]),
    "pm-delivery": ("Pilotez de bout en bout la livraison d'un projet informatique", True, [
        "Planifier la livraison d'un projet", "Coordonner une équipe pluridisciplinaire",
        "Conduire la recette", "Rédiger un bilan de fin de projet", "Animer la rétrospective d'un projet"]),
}  # fmt: skip

# Per mentor: weekly availability slots (weekday, from hour, to hour), local time.
MENTOR_SLOTS = [
    [(0, 9, 13), (2, 14, 18), (3, 9, 12)],
    [(1, 9, 14), (3, 14, 19)],
    [(0, 13, 17), (2, 9, 12), (4, 9, 12)],
    [(1, 14, 19), (4, 13, 18)],
    [(0, 17, 20), (2, 17, 20), (3, 17, 21)],
    [(1, 8, 12), (3, 8, 11), (5, 9, 12)],
]
STUDENTS_PER_MENTOR = 10
ATT6_INDEX = 3  # a student of the demo mentor: three consecutive unauthorised absences
UNLOGGED_INDEX = 2  # a student of the demo mentor with sessions left to log, one with the video tool's file
ACCOMMODATED = {5, 27}  # audio-only accommodation (ACC-1)
PLACEMENT_INDEX = 45
CHANGES_REQUESTED = {7, 19, 31, 43, 55}

# name -> (kind, contact e-mail, postal address)
FUNDING_BODIES = {
    "France Travail — Paris 11e": (
        "job_centre", "formation.paris11@francetravail.test",
        "France Travail, agence Paris 11e\n12 rue de la Roquette\n75011 Paris",
    ),
    "France Travail — Lyon Part-Dieu": (
        "job_centre", "formation.lyon-partdieu@francetravail.test",
        "France Travail, agence Lyon Part-Dieu\n40 rue Servient\n69003 Lyon",
    ),
    "OPCO Atlas": (
        "training_fund", "financement@opco-atlas.test",
        "OPCO Atlas\n25 quai Panhard et Levassor\n75013 Paris",
    ),
    "Transitions Pro Île-de-France": (
        "training_fund", "dossiers@transitionspro-idf.test",
        "Transitions Pro Île-de-France\n18 rue de Londres\n75009 Paris",
    ),
    "Maison Verdier SAS": (
        "employer", "rh.formation@maison-verdier.test",
        "Maison Verdier SAS, service RH\n8 avenue Jean Jaurès\n33000 Bordeaux",
    ),
    "Altitude Conseil SA": (
        "employer", "plan-de-developpement@altitude-conseil.test",
        "Altitude Conseil SA, direction des ressources humaines\n3 place de la Défense\n92400 Courbevoie",
    ),
}  # fmt: skip
BODIES_BY_KIND = {
    "job_centre": ["France Travail — Paris 11e", "France Travail — Lyon Part-Dieu"],
    "training_fund": ["OPCO Atlas", "Transitions Pro Île-de-France"],
    "employer": ["Maison Verdier SAS", "Altitude Conseil SA"],
}
REFERENCE_PREFIX = {"job_centre": "FT", "training_fund": "CPF", "employer": "PDC"}

SESSION_NOTES = [
    "Relecture de l'énoncé du projet ; objectifs de la semaine prochaine fixés ensemble.",
    "Revue de code des derniers commits ; je conseille de découper le module principal.",
    "Point sur les retours concernant les livrables : deux éléments restent à corriger.",
    "Répétition de la soutenance : durée, diapositives et questions probables.",
    "Discussion du planning de travail hebdomadaire et de son articulation avec l'emploi.",
    "Débogage du déploiement ensemble ; prochaine étape : le documenter.",
    "Revue de la grille d'évaluation, compétence par compétence.",
    "L'étudiant avance bien ; nous avons parlé du portfolio et du jury.",
]
NOTICE_REASONS = [
    "Rendez-vous médical impossible à déplacer.",
    "Entretien d'embauche prévu au même moment.",
    "Événement familial hors de ma ville cette semaine.",
    "Examen de mon cours du soir ce jour-là.",
]
FOLLOW_UP_REASONS = [
    "Mon train a été supprimé et je n'avais pas de réseau pour vous prévenir. Désolé, j'ai réservé un "
    "nouveau créneau.",
    "Je n'ai pas entendu mon réveil après une nuit de travail. Cela ne se reproduira pas ; nouvelle "
    "session réservée.",
    "Panne d'internet chez moi ; j'ai reprogrammé la session à jeudi.",
]
# Where students live (street, postcode and town), for the registered letters (DIS-8).
STREETS = [
    ("rue Oberkampf", "75011 Paris"),
    ("avenue Jean Jaurès", "69007 Lyon"),
    ("rue Sainte-Catherine", "33000 Bordeaux"),
    ("boulevard de la Liberté", "59000 Lille"),
    ("rue du Faubourg Saint-Antoine", "75012 Paris"),
    ("quai des Chartrons", "33000 Bordeaux"),
    ("rue de la République", "13002 Marseille"),
    ("rue du Taur", "31000 Toulouse"),
    ("avenue de Grande-Bretagne", "31300 Toulouse"),
    ("rue de Strasbourg", "44000 Nantes"),
]
MENTOR_COMMENTS = [
    "Travail propre et bien structuré. Toutes les compétences du projet sont démontrées.",
    "Bon travail dans l'ensemble ; le README pourrait être plus détaillé, mais rien de bloquant.",
    "Des livrables solides et une explication claire de vos choix.",
    "Bravo : la dernière série de corrections répond à chacun des points.",
]


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a correct cross-reference table (French text: Helvetica in WinAnsi, cp1252)."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = b"BT /F1 14 Tf 72 770 Td (" + escaped.encode("cp1252", "replace") + b") Tj ET"
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return out


@dataclass
class StudentPlan:
    index: int
    first_name: str
    last_name: str
    email: str
    mentor_index: int
    path_code: str
    days_ago: int
    consent: bool
    funding_kind: str
    funding_body: str | None
    funding_reference: str
    slot: tuple[int, int]
    seed: int
