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

# code -> (name, level, months, description, learning manager key, [project codes in order])
PATHS = {
    "web-developer": (
        "Web Developer", "Bac+2 level (RNCP 5)", 12,
        "Build websites and web applications, from the mock-up to a secure back end.", "lm",
        ["wd-html-css", "wd-responsive", "wd-javascript", "wd-seo-debug", "wd-node-api", "agile-planning",
         "wd-react"],
    ),
    "data-analyst": (
        "Data Analyst", "Bachelor's degree level (RNCP 6)", 12,
        "Collect, clean and analyse data, and turn it into recommendations for decision-makers.", "lm_data",
        ["da-spreadsheet", "da-sql", "da-python-cleaning", "da-dashboard", "da-statistics", "da-segmentation",
         "da-storytelling"],
    ),
    "project-manager": (
        "Project Manager", "Bachelor's degree level (RNCP 6)", 9,
        "Frame, plan and deliver digital projects with agile and traditional methods.", "lm_pm",
        ["pm-scope", "agile-planning", "pm-budget", "pm-risk", "pm-stakeholders", "pm-delivery"],
    ),
}  # fmt: skip

# code -> (title, in_depth, [skills])
PROJECTS = {
    "wd-html-css": ("Build your first web page with HTML and CSS", False, [
        "Integrate web content following a mock-up", "Implement a page layout with CSS",
        "Version the code with Git and GitHub"]),
    "wd-responsive": ("Turn a mock-up into a responsive website", True, [
        "Implement a responsive interface", "Use a CSS preprocessor (Sass)",
        "Ensure the accessibility of a web page (WCAG)", "Optimise the loading performance of a page"]),
    "wd-javascript": ("Make a web page dynamic with JavaScript", False, [
        "Manipulate the DOM with JavaScript", "Handle user events", "Fetch data from a REST API"]),
    "wd-seo-debug": ("Debug and optimise an existing website", False, [
        "Audit the SEO of a website", "Diagnose performance issues with the browser tools",
        "Write a technical audit report", "Fix accessibility issues"]),
    "wd-node-api": ("Build a secure API for a review app with Node.js", True, [
        "Implement a data model with MongoDB", "Store personal data securely",
        "Implement CRUD operations securely", "Authenticate users with JWT", "Write API documentation"]),
    "agile-planning": ("Plan a web project with agile methods", False, [
        "Write user stories", "Break a project down into tasks", "Estimate and plan a sprint",
        "Run a sprint review and retrospective"]),
    "wd-react": ("Build a single-page application with React", True, [
        "Build reusable React components", "Manage routing in a single-page application",
        "Test components with Jest", "Deploy a front-end application"]),
    "da-spreadsheet": ("Analyse a bookshop's sales with a spreadsheet", False, [
        "Clean data in a spreadsheet", "Build pivot tables", "Present key indicators in charts"]),
    "da-sql": ("Query a property-sales database with SQL", False, [
        "Model a relational database", "Write SQL queries with joins and aggregates",
        "Check the quality of a dataset"]),
    "da-python-cleaning": ("Clean and explore a food-composition dataset with Python", True, [
        "Clean a dataset with pandas", "Handle missing values and outliers",
        "Run a univariate and bivariate analysis", "Communicate results to a non-specialist audience"]),
    "da-dashboard": ("Design a dashboard for a retail chain", False, [
        "Define business indicators", "Build an interactive dashboard", "Automate a data refresh",
        "Write a user guide"]),
    "da-statistics": ("Run a statistical study of a public health survey", True, [
        "Formulate and test a statistical hypothesis", "Run a linear regression",
        "Check the conditions of a statistical test", "Interpret results with care"]),
    "da-segmentation": ("Segment the customers of an online shop", False, [
        "Prepare data for clustering", "Run a segmentation with k-means", "Describe the segments found"]),
    "da-storytelling": ("Present data-driven recommendations to stakeholders", True, [
        "Structure a data story", "Choose the right visualisation",
        "Adapt the message to the audience", "Answer questions from decision-makers"]),
    "pm-scope": ("Frame a digital project and write its specifications", False, [
        "Analyse the need of a client", "Write functional specifications", "Define the scope of a project"]),
    "pm-budget": ("Build and monitor the budget of a project", False, [
        "Estimate the costs of a project", "Build a budget forecast", "Monitor spending and variances"]),
    "pm-risk": ("Manage the risks of a website overhaul", True, [
        "Identify and assess the risks of a project", "Build a risk-response plan",
        "Monitor risks over the life of the project", "Escalate an issue to the steering committee"]),
    "pm-stakeholders": ("Lead stakeholders through a change", False, [
        "Map the stakeholders of a project", "Plan change-management actions", "Run a steering committee"]),
    "pm-delivery": ("Steer the delivery of an IT project end to end", True, [
        "Plan the delivery of a project", "Coordinate a multidisciplinary team",
        "Run acceptance testing", "Write a project closure report", "Lead a project retrospective"]),
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
    "Reviewed the project brief and agreed on next week's milestones.",
    "Code review of the latest commits; suggested splitting the main module.",
    "Went through the feedback on the deliverables; two points left to fix.",
    "Rehearsed the final presentation: timing, slides and likely questions.",
    "Discussed the weekly study plan and how to fit it around work.",
    "Debugged the deployment together; next step is to document it.",
    "Walked through the assessment grid skill by skill.",
    "Student is on track; talked about the portfolio and the jury.",
]
NOTICE_REASONS = [
    "Medical appointment that could not be moved.",
    "Job interview scheduled at the same time.",
    "Family event out of town this week.",
    "Exam at my evening class on that day.",
]
FOLLOW_UP_REASONS = [
    "My train was cancelled and I had no network to warn you. Sorry — booked a new slot.",
    "I overslept after a night shift. It will not happen again; new session booked.",
    "Internet outage at home; I have rebooked for Thursday.",
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
    "Clean, well-structured work. All the skills of the project are demonstrated.",
    "Good work overall; the README could be more detailed, but nothing blocking.",
    "Solid deliverables and a clear explanation of your choices.",
    "Well done — the last round of fixes addressed every point.",
]


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    stream = b"BT /F1 14 Tf 72 770 Td (" + text.encode("latin-1") + b") Tj ET"
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
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
