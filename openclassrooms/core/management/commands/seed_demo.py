"""Demo data for every role: ``python manage.py seed_demo``.

Idempotent (natural keys, get_or_create; per-enrolment rows only when the enrolment has none) and
deterministic (``random.Random(2026)``; dates are relative to the day of the first run).
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from time import monotonic

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from discipline.models import (
    BoardSeat,
    Case,
    CaseEvent,
    CaseEvidence,
    CaseGround,
    Decision,
    DecisionCopy,
    Hearing,
    Letter,
    Notice,
    StudentAnswer,
)
from impact.models import AnnualReport, BoardRequest, CommitteeMember, Criterion, Measurement
from juries.models import Candidacy, Jury, JuryMember, JurySession, Panel, RemedialProject, Verdict
from mentoring import rules
from mentoring.models import (
    AbsenceFollowUp,
    AbsenceNotice,
    MentorAvailability,
    MentoringSession,
    MonitoringReport,
)
from openclassrooms.accounts.models import User
from openclassrooms.accounts.roles import Role
from openclassrooms.accounts.services import roles_sync, user_create
from projects.models import Path, PathProject, Presentation, Project, Skill, SkillAssessment, Submission
from students.models import Accommodation, Document, Enrolment, EnrolmentFunding, FundingBody, Placement

SEED = 2026
DEMO_PASSWORD = "demo-password-2026"
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
ADMIN_EMAIL = f"admin@{DOMAIN}"

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
ACCOMMODATED = {5, 27}  # audio-only accommodation (ACC-1)
PLACEMENT_INDEX = 45
CHANGES_REQUESTED = {7, 19, 31, 43, 55}

# name -> (kind, contact e-mail, postal address)
FUNDING_BODIES = {
    "France Travail — Paris 11e": (
        FundingBody.Kind.JOB_CENTRE, "formation.paris11@francetravail.test",
        "France Travail, agence Paris 11e\n12 rue de la Roquette\n75011 Paris",
    ),
    "France Travail — Lyon Part-Dieu": (
        FundingBody.Kind.JOB_CENTRE, "formation.lyon-partdieu@francetravail.test",
        "France Travail, agence Lyon Part-Dieu\n40 rue Servient\n69003 Lyon",
    ),
    "OPCO Atlas": (
        FundingBody.Kind.TRAINING_FUND, "financement@opco-atlas.test",
        "OPCO Atlas\n25 quai Panhard et Levassor\n75013 Paris",
    ),
    "Transitions Pro Île-de-France": (
        FundingBody.Kind.TRAINING_FUND, "dossiers@transitionspro-idf.test",
        "Transitions Pro Île-de-France\n18 rue de Londres\n75009 Paris",
    ),
    "Maison Verdier SAS": (
        FundingBody.Kind.EMPLOYER, "rh.formation@maison-verdier.test",
        "Maison Verdier SAS, service RH\n8 avenue Jean Jaurès\n33000 Bordeaux",
    ),
    "Altitude Conseil SA": (
        FundingBody.Kind.EMPLOYER, "plan-de-developpement@altitude-conseil.test",
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
MENTOR_COMMENTS = [
    "Clean, well-structured work. All the skills of the project are demonstrated.",
    "Good work overall; the README could be more detailed, but nothing blocking.",
    "Solid deliverables and a clear explanation of your choices.",
    "Well done — the last round of fixes addressed every point.",
]


def _ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def _minimal_pdf(text: str) -> bytes:
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


class Command(BaseCommand):
    help = "Create demo data for every role (idempotent). Demo logins: see DEMO_LOGINS / demo_logins."

    def handle(self, *args, **options):
        started = monotonic()
        self.rng = random.Random(SEED)
        self.tz = timezone.get_default_timezone()
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate(self.now)
        with transaction.atomic():
            roles_sync()
            self._seed_users()
            self._plan_students()
            self._seed_funding_bodies()
            self._seed_paths()
            self._seed_availabilities()
            self._seed_students()
            self._seed_sessions()
            self._explain_sessions()
            self._seed_submissions()
            self._seed_monitoring_reports()
            self._seed_juries()
            self._seed_discipline()
            self._seed_impact()
        self._print_summary(monotonic() - started)

    def _explain_sessions(self) -> None:
        """Give every decided session the explanation the attendance rules would have written."""
        from mentoring.services import session_facts

        todo = list(
            MentoringSession.objects.filter(explanation="")
            .exclude(outcome=MentoringSession.Outcome.PENDING)
            .select_related("notice", "exceptional")
        )
        for session in todo:
            session.explanation = rules.classify(session_facts(session)).explanation
        MentoringSession.objects.bulk_update(todo, ["explanation"], batch_size=500)

    # --- helpers -----------------------------------------------------------------------------------

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """An aware datetime at a local wall-clock time."""
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def _local_date(self, moment: datetime) -> date:
        return timezone.localtime(moment, self.tz).date()

    @staticmethod
    def _token(rng: random.Random, length: int = 10) -> str:
        return "".join(rng.choice("abcdefghijkmnopqrstuvwxyz23456789") for _ in range(length))

    @staticmethod
    def _bulk(objs: list, model) -> list:
        return bulk_create_with_history(objs, model, batch_size=500) if objs else []

    def _user(self, email: str, first_name: str, last_name: str, role: str, *, fast: bool = True) -> User:
        """Look the user up by e-mail; create them with user_create if missing; verify the e-mail."""
        user = User.objects.filter(email=email).first()
        if user is None:
            if fast:
                # Hashing the same password ~100 times would take most of the run: hash it once.
                user = user_create(
                    email=email, first_name=first_name, last_name=last_name, roles={str(role)}, invite=False
                )
                user.password = self.password_hash
                user.save(update_fields=["password"])
            else:
                user = user_create(
                    email=email, first_name=first_name, last_name=last_name, roles={str(role)},
                    password=DEMO_PASSWORD, invite=False,
                )  # fmt: skip
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user

    # --- people ------------------------------------------------------------------------------------

    def _seed_users(self) -> None:
        self.password_hash = make_password(DEMO_PASSWORD)
        login_emails = {email for _, email in DEMO_LOGINS}
        self.users = {
            key: self._user(email, first, last, role, fast=email not in login_emails)
            for key, (email, first, last, role) in PEOPLE.items()
        }
        admin = User.objects.filter(email=ADMIN_EMAIL).first()
        if admin is None:
            admin = User.objects.create_superuser(
                email=ADMIN_EMAIL, password=DEMO_PASSWORD, first_name="Demo", last_name="Administrator"
            )
        EmailAddress.objects.update_or_create(
            user=admin, email=admin.email, defaults={"verified": True, "primary": True}
        )
        self.mentors = [self.users[key] for key in MENTOR_KEYS]

    def _plan_students(self) -> None:
        """Every random draw for students happens here, in a fixed order, whatever is in the database."""
        rng = self.rng
        total = STUDENTS_PER_MENTOR * len(MENTOR_KEYS)
        kinds = ["self"] * 24 + ["job_centre"] * 15 + ["training_fund"] * 12 + ["employer"] * 9
        rng.shuffle(kinds)
        used_names = {(PEOPLE["student"][1], PEOPLE["student"][2])}
        positions = [
            [(weekday, hour) for weekday, start, end in slots for hour in range(start, end)]
            for slots in MENTOR_SLOTS
        ]
        self.plans: list[StudentPlan] = []
        for index in range(total):
            mentor_index = index // STUDENTS_PER_MENTOR
            path_code = list(PATHS)[mentor_index // 2]
            months = PATHS[path_code][2]
            if index == 0:
                email, first, last = PEOPLE["student"][:3]
            else:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                while (first, last) in used_names:
                    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                used_names.add((first, last))
                email = f"{_ascii_slug(first)}.{_ascii_slug(last)}@students.{DOMAIN}"
            days_ago = rng.randint(61, min(304, months * 30 - 30))
            if index == 0:
                days_ago = 185
            consent = rng.random() < 0.8
            kind = kinds[index]
            body = rng.choice(BODIES_BY_KIND[kind]) if kind != "self" else None
            number = rng.randint(100000, 999999)
            reference = f"{REFERENCE_PREFIX[kind]}-{number}" if body else ""
            slot = positions[mentor_index][index % STUDENTS_PER_MENTOR]
            self.plans.append(
                StudentPlan(
                    index=index, first_name=first, last_name=last, email=email, mentor_index=mentor_index,
                    path_code=path_code, days_ago=days_ago, consent=consent, funding_kind=kind,
                    funding_body=body, funding_reference=reference, slot=slot, seed=rng.getrandbits(64),
                )
            )  # fmt: skip

    # --- catalogue ---------------------------------------------------------------------------------

    def _seed_funding_bodies(self) -> None:
        self.bodies = {
            name: FundingBody.objects.get_or_create(
                name=name, defaults={"kind": kind, "contact_email": email, "postal_address": address}
            )[0]
            for name, (kind, email, address) in FUNDING_BODIES.items()
        }

    def _seed_paths(self) -> None:
        self.projects: dict[str, Project] = {}
        for code, (title, in_depth, skills) in PROJECTS.items():
            project, _ = Project.objects.get_or_create(
                code=code,
                defaults={
                    "title": title, "in_depth": in_depth,
                    "brief": f"{title}. Deliver the work described in the project page and present it to "
                    f"your mentor{' and then to a validating mentor' if in_depth else ''}.",
                },
            )  # fmt: skip
            for position, name in enumerate(skills, start=1):
                Skill.objects.get_or_create(project=project, name=name, defaults={"position": position})
            self.projects[code] = project
        self.paths: dict[str, Path] = {}
        self.path_projects: dict[str, list[Project]] = {}
        for code, (name, level, months, description, lm_key, project_codes) in PATHS.items():
            path, _ = Path.objects.get_or_create(
                code=code,
                defaults={
                    "name": name, "level": level, "duration_months": months, "description": description,
                    "learning_manager": self.users[lm_key],
                },
            )  # fmt: skip
            for position, project_code in enumerate(project_codes, start=1):
                PathProject.objects.get_or_create(
                    path=path, project=self.projects[project_code], defaults={"position": position}
                )
            self.paths[code] = path
            self.path_projects[code] = [
                pp.project for pp in PathProject.objects.filter(path=path).select_related("project")
            ]
        self.skills: dict[int, list[Skill]] = {}
        for skill in Skill.objects.filter(project__in=self.projects.values()).order_by("project", "position"):
            self.skills.setdefault(skill.project_id, []).append(skill)

    def _seed_availabilities(self) -> None:
        for mentor, slots in zip(self.mentors, MENTOR_SLOTS, strict=True):
            for weekday, start, end in slots:
                MentorAvailability.objects.get_or_create(
                    mentor=mentor, weekday=weekday, starts_at=time(start), defaults={"ends_at": time(end)}
                )

    # --- students and enrolments -------------------------------------------------------------------

    def _seed_students(self) -> None:
        self.enrolments: dict[int, Enrolment] = {}
        self.students: dict[int, User] = {}
        success = self.users["success"]
        for plan in self.plans:
            student = (
                self.users["student"]
                if plan.index == 0
                else self._user(plan.email, plan.first_name, plan.last_name, Role.STUDENT)
            )
            self.students[plan.index] = student
            enrolment = Enrolment.objects.filter(student=student).order_by("pk").first()
            if enrolment is None:
                path = self.paths[plan.path_code]
                start = self.today - timedelta(days=plan.days_ago)
                enrolment = Enrolment.objects.create(
                    student=student, path=path, mentor=self.mentors[plan.mentor_index],
                    status=Enrolment.Status.ACTIVE, start_date=start,
                    planned_end_date=start + timedelta(days=path.duration_months * 30),
                    recording_consent=plan.consent,
                    recording_consent_at=datetime.combine(start, time(9), UTC) if plan.consent else None,
                )  # fmt: skip
            self.enrolments[plan.index] = enrolment
            if not enrolment.fundings.exists():
                EnrolmentFunding.objects.create(
                    enrolment=enrolment, kind=plan.funding_kind, share_percent=100,
                    body=self.bodies[plan.funding_body] if plan.funding_body else None,
                    reference=plan.funding_reference,
                )  # fmt: skip
            if plan.index in ACCOMMODATED and not enrolment.accommodations.exists():
                pdf = _minimal_pdf(f"Medical certificate - {plan.first_name} {plan.last_name}")
                proof = Document.objects.filter(student=student, kind=Document.Kind.DISABILITY_PROOF).first()
                if proof is None:
                    proof = Document.objects.create(
                        student=student, kind=Document.Kind.DISABILITY_PROOF,
                        file=ContentFile(pdf, name="proof.pdf"), original_name="proof.pdf",
                        content_type="application/pdf", size=len(pdf), uploaded_by=success,
                    )  # fmt: skip
                Accommodation.objects.create(
                    enrolment=enrolment, audio_only=True, proof=proof, status=Accommodation.Status.ACCEPTED,
                    notes="Proof checked by Student Success: sessions and presentations by audio (ACC-1).",
                    decided_by=success, decided_at=self._at(enrolment.start_date + timedelta(days=9), 11),
                )  # fmt: skip
            if plan.index == PLACEMENT_INDEX and not enrolment.placements.exists():
                starts_on = self.today - timedelta(days=20)
                Placement.objects.create(
                    enrolment=enrolment, host_kind=Placement.HostKind.COMPANY,
                    host_name="Altitude Conseil SA — PMO team",
                    host_address="3 place de la Défense\n92400 Courbevoie",
                    starts_on=starts_on, ends_on=starts_on + timedelta(days=60),
                    safety_rules_acknowledged_at=self._at(starts_on - timedelta(days=3), 10, 15),
                )  # fmt: skip
        self.audio_enrolments = set(
            Accommodation.objects.filter(status=Accommodation.Status.ACCEPTED, audio_only=True).values_list(
                "enrolment_id", flat=True
            )
        )

    # --- mentoring sessions ------------------------------------------------------------------------

    def _past_kinds(self, plan: StudentPlan, rng: random.Random) -> list[str]:
        """Outcomes of the six past weeks, oldest first, with no accidental run of three (ATT-6)."""
        kinds = []
        for _ in range(6):
            r = rng.random()
            kinds.append(
                "attended" if r < 0.78 else "late" if r < 0.84 else "no_show" if r < 0.89
                else "postponed" if r < 0.94 else "mentor_cancelled" if r < 0.97 else "mentor_absent"
            )  # fmt: skip
        if plan.index == ATT6_INDEX:
            return kinds[:2] + ["attended", "no_show", "no_show", "no_show"]
        run = 0
        for i, kind in enumerate(kinds):
            if kind in ("late", "no_show"):
                if run == 2:
                    kinds[i], run = "attended", 0
                else:
                    run += 1
            elif kind == "attended":
                run = 0
        return kinds

    def _apply(self, session: MentoringSession, kind: str, rng: random.Random, consent: bool) -> None:
        start, mentor = session.scheduled_start, session.mentor
        end = start + session.duration
        if kind == "pending":
            return
        if kind in ("attended", "late", "no_show", "mentor_absent"):
            session.status = MentoringSession.Status.LOGGED
            session.logged_by = mentor
            session.logged_at = end + timedelta(minutes=30)
        if kind == "attended":
            session.attendance = session.outcome = "attended"
            session.joined_at = start + timedelta(minutes=rng.randint(0, 10), seconds=rng.randint(0, 59))
            session.rule = "ATT-1"
            session.recorded = consent and rng.random() < 0.3
            session.notes = rng.choice(SESSION_NOTES)
        elif kind == "late":
            session.attendance = "attended"
            session.joined_at = start + timedelta(minutes=rng.randint(16, 25), seconds=rng.randint(0, 59))
            session.outcome, session.absence_reason, session.rule = "unauthorised", "late_arrival", "ATT-4"
            session.notes = "Student joined more than 15 minutes late; the rest of the time was a review."
        elif kind == "no_show":
            session.attendance = "no_show"
            session.outcome, session.absence_reason, session.rule = "unauthorised", "no_notice", "ATT-4"
            session.notes = "Student did not join and gave no notice."
        elif kind == "postponed":
            session.status, session.outcome, session.rule = "cancelled", "postponed", "ATT-2"
        elif kind == "mentor_cancelled":
            session.status, session.rule, session.logged_by = "cancelled", "ATT-7", mentor
            session.attendance = session.outcome = "mentor_cancelled"
            session.logged_at = start - timedelta(days=1, hours=rng.randint(0, 20))
            session.notes = "Cancelled by the mentor (training day); does not count against the student."
        elif kind == "mentor_absent":
            session.attendance = session.outcome = "mentor_absent"
            session.rule = "ATT-7"
            session.logged_at = end + timedelta(hours=3)
            session.notes = "Mentor could not attend (illness). Does not count against the student."

    def _new_session(self, enrolment, mentor, start, rng, audio) -> MentoringSession:
        return MentoringSession(
            enrolment=enrolment, mentor=mentor, scheduled_start=start, duration=timedelta(minutes=45),
            mode="audio" if audio else "video", video_link=f"https://meet.openclassrooms.test/{self._token(rng)}",
            status="scheduled", outcome="pending",
        )  # fmt: skip

    def _seed_sessions(self) -> None:
        has_sessions = set(
            MentoringSession.objects.filter(enrolment__in=self.enrolments.values()).values_list(
                "enrolment_id", flat=True
            )
        )
        weekly: list[MentoringSession] = []
        extras: list[tuple[str, MentoringSession, dict]] = []
        for plan in self.plans:
            enrolment = self.enrolments[plan.index]
            if enrolment.pk in has_sessions:
                continue
            rng = random.Random(plan.seed)
            student, mentor = self.students[plan.index], enrolment.mentor
            audio = enrolment.pk in self.audio_enrolments
            weekday, hour = plan.slot
            # The ATT-6 student's run must be logged: their "past" weeks end at least a day ago.
            cutoff = self.now - timedelta(days=1) if plan.index == ATT6_INDEX else self.now
            local_cutoff = timezone.localtime(cutoff, self.tz)
            first = local_cutoff.date() + timedelta(days=(weekday - local_cutoff.weekday()) % 7)
            if self._at(first, hour) <= cutoff:
                first += timedelta(days=7)
            kinds = self._past_kinds(plan, rng) + ["pending"] * 4
            unlogged = (2 if plan.index % 20 == 2 else 3) if plan.index % 10 == 2 else 0
            for i, k in enumerate(range(-6, 4)):
                start = self._at(first + timedelta(weeks=k), hour)
                session = self._new_session(enrolment, mentor, start, rng, audio)
                kind = kinds[i]
                too_recent = start + timedelta(minutes=45 + 30) > self.now
                if (unlogged and -unlogged <= k < 0) or (too_recent and plan.index != ATT6_INDEX):
                    kind = "pending"
                self._apply(session, kind, rng, enrolment.recording_consent)
                weekly.append(session)
                if kind == "postponed":
                    given = start - timedelta(days=rng.randint(2, 5), hours=rng.randint(0, 8))
                    extras.append(("notice", session, {"given_at": given, "by": student}))
                    extras.append(("replacement", session, {}))
                elif kind == "no_show":
                    with_reasons = plan.index != ATT6_INDEX and rng.random() < 0.5
                    first_of_run = plan.index == ATT6_INDEX and k == -3
                    data = {
                        "reasons": with_reasons or first_of_run, "rebook": with_reasons,
                        "rng_hours": rng.randint(3, 30), "reason": rng.choice(FOLLOW_UP_REASONS),
                    }  # fmt: skip
                    extras.append(("follow_up", session, data))
        self._bulk(weekly, MentoringSession)

        # Replacement sessions (ATT-2) and rebooked sessions (ATT-5), which point at saved sessions.
        replacements: list[MentoringSession] = []
        rebooked: dict[int, MentoringSession] = {}
        for what, session, data in extras:
            if what not in ("replacement", "follow_up") or (what == "follow_up" and not data["rebook"]):
                continue
            rng = random.Random(session.pk * 7919)
            day = self._local_date(session.scheduled_start) + timedelta(days=2)
            replacement = self._new_session(session.enrolment, session.mentor, self._at(day, 18), rng,
                                            session.mode == "audio")  # fmt: skip
            replacement.replaces = session
            if replacement.scheduled_start + timedelta(minutes=75) < self.now:
                self._apply(replacement, "attended", rng, session.enrolment.recording_consent)
            replacements.append(replacement)
            if what == "follow_up":
                rebooked[session.pk] = replacement
        self._bulk(replacements, MentoringSession)

        notices, follow_ups = [], []
        for what, session, data in extras:
            if what == "notice":
                notices.append(
                    AbsenceNotice(
                        session=session, kind=AbsenceNotice.Kind.ABSENCE, given_at=data["given_at"],
                        given_by=data["by"], reason=NOTICE_REASONS[session.pk % len(NOTICE_REASONS)],
                    )
                )  # fmt: skip
            elif what == "follow_up":
                due = session.scheduled_start + timedelta(hours=48)
                follow_up = AbsenceFollowUp(session=session, due_at=due, student_asked_at=session.logged_at)
                if data["reasons"]:
                    follow_up.reasons = data["reason"]
                    follow_up.reasons_given_at = min(
                        session.scheduled_start + timedelta(hours=data["rng_hours"]), self.now
                    )
                    follow_up.rebooked_session = rebooked.get(session.pk)
                if follow_up.rebooked_session is None and due < self.now:
                    follow_up.flagged_at = due + timedelta(minutes=5)  # ATT-5: 48 hours passed without both
                follow_ups.append(follow_up)
        self._bulk(notices, AbsenceNotice)
        self._bulk(follow_ups, AbsenceFollowUp)

    # --- projects ----------------------------------------------------------------------------------

    def _seed_submissions(self) -> None:
        has_submissions = set(
            Submission.objects.filter(enrolment__in=self.enrolments.values()).values_list(
                "enrolment_id", flat=True
            )
        )
        submissions: list[Submission] = []
        presented: list[tuple[Submission, dict]] = []
        for plan in self.plans:
            enrolment = self.enrolments[plan.index]
            if enrolment.pk in has_submissions:
                continue
            rng = random.Random(plan.seed + 1)
            projects = self.path_projects[plan.path_code]
            total_days = (enrolment.planned_end_date - enrolment.start_date).days
            elapsed = (self.today - enrolment.start_date).days
            done = round(elapsed / total_days * len(projects) + rng.uniform(-0.7, 0.4))
            done = max(0, min(len(projects) - 2, done))
            mentor = enrolment.mentor
            validator = self.mentors[plan.mentor_index ^ 1]  # the partner mentor on the same path
            slug = _ascii_slug(f"{plan.first_name}-{plan.last_name}")
            for i, project in enumerate(projects[: done + 2]):
                submission = Submission(
                    enrolment=enrolment, project=project,
                    deliverables_url=f"https://github.com/{slug}/{project.code}",
                )  # fmt: skip
                if i < done:
                    finished = enrolment.start_date + timedelta(days=(i + 1) * elapsed // (done + 1))
                    approved = self._at(finished - timedelta(days=6 if project.in_depth else 0), 16, 30)
                    submission.submitted_at = approved - timedelta(days=rng.randint(2, 6), hours=3)
                    submission.approved_by, submission.approved_at = mentor, approved
                    submission.mentor_comment = rng.choice(MENTOR_COMMENTS)
                    submission.status = "validated" if project.in_depth else "approved"
                    if project.in_depth:
                        start, token = self._at(finished, 14), self._token(rng, 16)
                        presented.append((submission, {"by": validator, "start": start, "token": token}))
                elif i == done:
                    submission.submitted_at = self.now - timedelta(hours=rng.randint(20, 120))
                    if plan.index in CHANGES_REQUESTED:
                        submission.status = "changes_requested"
                        submission.mentor_comment = (
                            "The deliverables are incomplete: the README does not explain how to run the "
                            "project, and two skills of the grid are not demonstrated yet. Please resubmit."
                        )
                    else:
                        submission.status = "submitted"
                else:
                    submission.status = "in_progress"
                    submission.deliverables_url = ""
                submissions.append(submission)
        self._bulk(submissions, Submission)

        presentations = []
        for submission, data in presented:
            presentations.append(
                Presentation(
                    submission=submission, validating_mentor=data["by"], scheduled_start=data["start"],
                    mode="audio" if submission.enrolment_id in self.audio_enrolments else "video",
                    status="held", recording_url=f"https://recordings.openclassrooms.test/{data['token']}.mp4",
                    comments="Every skill of the project was demonstrated during the presentation.",
                )
            )  # fmt: skip
        self._bulk(presentations, Presentation)
        assessments = [
            SkillAssessment(presentation=presentation, skill=skill, result="acquired")
            for presentation in presentations
            for skill in self.skills[presentation.submission.project_id]
        ]
        self._bulk(assessments, SkillAssessment)

    # --- monitoring reports ------------------------------------------------------------------------

    def _seed_monitoring_reports(self) -> None:
        has_reports = set(
            MonitoringReport.objects.filter(enrolment__in=self.enrolments.values()).values_list(
                "enrolment_id", flat=True
            )
        )
        monday = self.today - timedelta(days=self.today.weekday())
        periods = [
            (monday - timedelta(weeks=6), monday - timedelta(weeks=3, days=1)),
            (monday - timedelta(weeks=3), monday - timedelta(days=1)),
        ]
        reports = []
        for plan in self.plans:
            enrolment = self.enrolments[plan.index]
            if enrolment.pk in has_reports:
                continue
            rng = random.Random(plan.seed + 2)
            current = (
                enrolment.submissions.filter(status__in=["submitted", "changes_requested"])
                .select_related("project")
                .order_by("submitted_at")
                .first()
            )
            for n, (start, end) in enumerate(periods):
                if n == 1 and (rng.random() < 0.4 or end + timedelta(days=1) >= self.today):
                    continue
                counts = dict(
                    enrolment.sessions.filter(
                        scheduled_start__gte=self._at(start, 0),
                        scheduled_start__lt=self._at(end + timedelta(days=1), 0),
                    )
                    .order_by()
                    .values_list("outcome")
                    .annotate(n=Count("id"))
                )
                unauthorised = counts.get("unauthorised", 0)
                project = f"“{current.project.title}”" if current else "the next project"
                reports.append(
                    MonitoringReport(
                        enrolment=enrolment, mentor=enrolment.mentor, period_start=start, period_end=end,
                        progress=f"{plan.first_name} is making steady progress and now works on {project}. "
                        "We agreed on a weekly plan and on what to show at the next session.",
                        attendance_comment=(
                            f"{unauthorised} unauthorised absence(s) this period; discussed with the student."
                            if unauthorised else "Regular attendance over the period."
                        ),
                        sessions_attended=counts.get("attended", 0),
                        sessions_postponed=counts.get("postponed", 0),
                        sessions_excused=counts.get("excused", 0),
                        sessions_unauthorised=unauthorised,
                        status=MonitoringReport.Status.SUBMITTED,
                        submitted_at=min(self._at(end + timedelta(days=rng.randint(1, 3)), 17, 30),
                                         self.now - timedelta(hours=1)),
                    )
                )  # fmt: skip
        self._bulk(reports, MonitoringReport)

    # --- juries ------------------------------------------------------------------------------------

    def _ranked_web_enrolments(self) -> list[Enrolment]:
        """Path-1 students furthest along (approved or validated projects), not the demo or ATT-6 student."""
        excluded = [self.enrolments[0].pk, self.enrolments[ATT6_INDEX].pk]
        return list(
            Enrolment.objects.filter(path=self.paths["web-developer"], status=Enrolment.Status.ACTIVE)
            .exclude(pk__in=excluded)
            .annotate(done=Count("submissions", filter=Q(submissions__status__in=["approved", "validated"])))
            .order_by("-done", "start_date", "pk")
        )

    def _seed_juries(self) -> None:
        path = self.paths["web-developer"]
        jury, _ = Jury.objects.get_or_create(name="Web Developer jury — spring session", path=path)
        members = {
            key: JuryMember.objects.get_or_create(jury=jury, user=self.users[key], defaults={"kind": kind})[0]
            for key, kind in (("jury", "industry"), ("jury_industry", "industry"), ("jury_school", "school"))
        }
        ranked = self._ranked_web_enrolments()
        self.candidates = ranked[:4]

        upcoming, _ = JurySession.objects.get_or_create(
            jury=jury, status=JurySession.Status.PLANNED,
            defaults={"starts_at": self._at(self.today + timedelta(days=21), 9, 30), "mode": "remote",
                      "format": "panels", "location": "https://meet.openclassrooms.test/jury-web-developer"},
        )  # fmt: skip
        panels = []
        panel_members = {"Panel A": ("jury", "jury_school"), "Panel B": ("jury_industry", "jury_school")}
        for name, keys in panel_members.items():
            panel, _ = Panel.objects.get_or_create(session=upcoming, name=name)
            panel.members.set([members[key] for key in keys])
            panels.append(panel)
        if not upcoming.candidacies.exists():
            for i, enrolment in enumerate(self.candidates):
                Candidacy.objects.create(
                    enrolment=enrolment, session=upcoming, panel=panels[i % 2],
                    status="under_review" if i < 2 else "registered",
                    portfolio_url=f"https://portfolio.openclassrooms.test/{_ascii_slug(str(enrolment.student))}",
                )  # fmt: skip

        past, _ = JurySession.objects.get_or_create(
            jury=jury, status=JurySession.Status.HELD,
            defaults={"starts_at": self._at(self.today - timedelta(days=45), 9, 30), "mode": "in_person",
                      "format": "full", "location": "OpenClassrooms, 10 quai de la Charente, 75019 Paris"},
        )  # fmt: skip
        if not past.candidacies.exists() and len(ranked) > 4:
            enrolment = ranked[4]
            candidacy = Candidacy.objects.create(
                enrolment=enrolment, session=past, status="decided",
                portfolio_url=f"https://portfolio.openclassrooms.test/{_ascii_slug(str(enrolment.student))}",
            )  # fmt: skip
            verdict = Verdict.objects.create(
                candidacy=candidacy, decision="refused", decided_by=self.users["jury"],
                decided_at=past.starts_at + timedelta(hours=3),
                reasons="The portfolio shows solid front-end work, but the API does not authenticate users "
                "securely and the application has almost no automated tests. The jury asks for a remedial "
                "project on these two skills before the candidate comes back (TRN-4).",
            )  # fmt: skip
            skills = [
                Skill.objects.get(project=self.projects["wd-node-api"], name="Authenticate users with JWT"),
                Skill.objects.get(project=self.projects["wd-react"], name="Test components with Jest"),
            ]
            verdict.skills_to_improve.set(skills)
            remedial = RemedialProject.objects.create(
                verdict=verdict, title="Secure and test the review app",
                brief="Add token-based authentication with refresh and revocation to the review app's API, "
                "and cover the front end with automated tests (at least 80% of the components). "
                "Deliver a short report explaining your security choices.",
            )  # fmt: skip
            remedial.skills.set(skills)

    # --- discipline --------------------------------------------------------------------------------

    def _seed_discipline(self) -> None:
        hol = self.users["hol"]
        enrolment = self.enrolments[ATT6_INDEX]
        if not Case.objects.filter(enrolment=enrolment, source=Case.Source.ATTENDANCE).exists():
            run = enrolment.sessions.filter(outcome="unauthorised", replaces__isnull=True)
            absences = list(run.order_by("-scheduled_start")[:3])[::-1]
            opened = absences[-1].logged_at + timedelta(minutes=1)
            communicated = opened + min(timedelta(hours=20), (self.now - opened) / 2)
            days = ", ".join(f"{self._local_date(s.scheduled_start):%d %B}" for s in absences)
            case = Case.objects.create(
                enrolment=enrolment, source=Case.Source.ATTENDANCE, opened_at=opened, opened_by=None,
                status=Case.Status.COMPLAINTS_COMMUNICATED,
                summary=f"Three consecutive unauthorised absences, with no notice, at the weekly mentoring "
                f"sessions of {days} (ATT-6). The student gave no reasons within 48 hours (ATT-5).",
            )  # fmt: skip
            CaseGround.objects.create(
                case=case, rule="ATT-6", communicated_at=communicated,
                statement="Three consecutive unauthorised absences from weekly mentoring sessions (ATT-4).",
            )  # fmt: skip
            for session in absences:
                CaseEvidence.objects.create(
                    case=case, session=session, added_at=opened,
                    description=f"No-show at the session of "
                    f"{timezone.localtime(session.scheduled_start, self.tz):%d/%m/%Y %H:%M}",
                )  # fmt: skip
            BoardSeat.objects.create(case=case, user=hol, role=BoardSeat.Role.CHAIR)
            BoardSeat.objects.create(case=case, user=enrolment.path.learning_manager, role="learning_manager")
            CaseEvent.objects.create(
                case=case, at=opened, actor=None, from_status="", to_status="opened",
                note="Opened automatically after three consecutive unauthorised absences (ATT-6).",
            )  # fmt: skip
            CaseEvent.objects.create(
                case=case, at=communicated, actor=hol, from_status="opened",
                to_status="complaints_communicated", note="Complaints sent to the student by e-mail (DIS-4).",
            )  # fmt: skip

        if Case.objects.filter(source=Case.Source.CONDUCT, enrolment__in=self.enrolments.values()).exists():
            return
        enrolment = self.candidates[1]
        success, lm = self.users["success"], enrolment.path.learning_manager
        hearing_at = self._at(self.today - timedelta(days=30), 14)
        opened = hearing_at - timedelta(days=20, hours=3)
        communicated = opened + timedelta(days=1)
        notice_at = hearing_at - timedelta(days=5)
        decided = hearing_at + timedelta(hours=1)
        link = "https://meet.openclassrooms.test/board-" + self._token(random.Random(enrolment.pk), 12)
        complaints = (
            "During a group workshop on the collaborative platform, you posted insulting and threatening "
            "messages addressed to another student (CON-1)."
        )
        case = Case.objects.create(
            enrolment=enrolment, source=Case.Source.CONDUCT, status=Case.Status.LETTER_SENT, opened_at=opened,
            opened_by=success,
            summary="Reported by two students and the workshop host: insulting and threatening messages "
            "posted in the workshop chat. Screenshots attached by Student Success.",
        )  # fmt: skip
        CaseGround.objects.create(case=case, rule="CON-1", statement=complaints, communicated_at=communicated)
        CaseEvidence.objects.create(
            case=case, description="Screenshots of the workshop chat", added_by=success, added_at=opened
        )
        StudentAnswer.objects.create(
            case=case, submitted_at=communicated + timedelta(days=3),
            text="I acknowledge the messages. I was under a lot of pressure that week and I apologise to the "
            "student concerned; I have written to them.",
        )  # fmt: skip
        BoardSeat.objects.create(case=case, user=self.users["hol"], role=BoardSeat.Role.CHAIR)
        BoardSeat.objects.create(case=case, user=lm, role=BoardSeat.Role.LEARNING_MANAGER)
        hearing = Hearing.objects.create(
            case=case, scheduled_start=hearing_at, video_link=link, status=Hearing.Status.HELD,
            student_attended=True,
            minutes_grounds="The Board stated the complaint (CON-1) and that a warning was being considered.",
            minutes_explanations="The student acknowledged the messages, apologised and explained why.",
        )  # fmt: skip
        Notice.objects.create(
            hearing=hearing, channel=Notice.Channel.EMAIL, sent_at=notice_at, hearing_start=hearing_at,
            video_link=link, complaints=complaints,
            purpose="Meeting of the Disciplinary Board to hear your explanations on the complaints below, "
            "before any penalty is decided. You may be accompanied by a student representative of your path.",
        )  # fmt: skip
        decision = Decision.objects.create(
            case=case, hearing=hearing, penalty=Decision.Penalty.WARNING, decided_at=decided, decided_by=hol,
            effective_from=self._local_date(decided),
            grounds="The messages breach CON-1. Given the student's acknowledgement and apology, and a first "
            "breach, the Board decides a warning (DIS-7).",
        )  # fmt: skip
        dispatched = self._local_date(hearing_at) + timedelta(days=3)
        Letter.objects.create(
            decision=decision, generated_at=hearing_at + timedelta(days=1), dispatched_on=dispatched,
            registered_number="RR 1234 5678 9FR",
            acknowledged_on=self._local_date(hearing_at) + timedelta(days=6),
        )  # fmt: skip
        for funding in enrolment.fundings.filter(body__isnull=False).select_related("body"):
            DecisionCopy.objects.create(
                decision=decision, funding_body=funding.body, address=funding.body.postal_address,
                sent_on=dispatched,
            )  # fmt: skip
        for at, actor, before, after, note in (
            (opened, success, "", "opened", "Reported by Student Success (CON-1)."),
            (communicated, hol, "opened", "complaints_communicated", "Complaints sent by e-mail (DIS-4)."),
            (notice_at, hol, "complaints_communicated", "hearing_scheduled", "Notice e-mailed (DIS-3)."),
            (hearing_at + timedelta(minutes=50), hol, "hearing_scheduled", "hearing_held",
             "Student attended; minutes recorded (DIS-6)."),
            (decided, hol, "hearing_held", "decided", "Warning (DIS-7)."),
            (self._at(dispatched, 11), hol, "decided", "letter_sent", "Registered letter sent (DIS-8)."),
        ):  # fmt: skip
            CaseEvent.objects.create(
                case=case, at=at, actor=actor, from_status=before, to_status=after, note=note
            )

    # --- impact ------------------------------------------------------------------------------------

    def _quarters(self) -> list[tuple[date, date]]:
        """The last two complete quarters, oldest first."""
        start = date(self.today.year, 3 * ((self.today.month - 1) // 3) + 1, 1)
        quarters = []
        for _ in range(2):
            end = start - timedelta(days=1)
            start = date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
            quarters.append((start, end))
        return quarters[::-1]

    def _job_centre_share(self, start: date, end: date) -> Decimal:
        active = Enrolment.objects.filter(start_date__lte=end, planned_end_date__gte=start)
        total = active.count()
        funded = active.filter(fundings__kind="job_centre").distinct().count()
        return Decimal(100 * funded / total).quantize(Decimal("0.01")) if total else Decimal("0.00")

    def _seed_impact(self) -> None:
        year = self.today.year
        members = {}
        for key, constituency, organisation in (
            ("impact", "ngo", "Association Tremplin Numérique"),
            ("imp_student", "student", "Student, Data Analyst path"),
            ("imp_alumni", "alumni", "OpenClassrooms alumni network"),
            ("imp_mentor", "mentor", "OpenClassrooms mentors"),
            ("imp_corporate", "corporate", "Groupe Hexagone Industrie"),
            ("imp_academic", "academic", "Université de Bordeaux"),
        ):
            members[key] = CommitteeMember.objects.get_or_create(
                user=self.users[key],
                defaults={"constituency": constituency, "organisation": organisation,
                          "joined_on": date(year - 1, 2, 1)},
            )[0]  # fmt: skip

        adopted = date(year - 1, 3, 14)
        criteria = {}
        for code, name, unit, definition, method in (
            ("job-centre-share", "Share of students funded by the job centre", "%",
             "Among students in training during the period, the share whose training is paid by the job "
             "centre (France Travail). A proxy for access whatever one's circumstances.",
             "Count enrolments active at any time in the period with a job-centre funding line, divided by "
             "all enrolments active in the period."),
            ("completion-rate", "Completion rate", "%",
             "Share of students whose planned end date fell in the period who were awarded the diploma.",
             "Enrolments with a planned end date in the period and status completed, divided by all "
             "enrolments with a planned end date in the period, excluding transfers."),
            ("accommodation-completion", "Completion rate of students with an accommodation", "%",
             "The completion rate restricted to students with an accepted accommodation (ACC-1).",
             "As the completion rate, restricted to enrolments with an accepted accommodation."),
            ("median-cost-per-diploma", "Median cost per diploma", "€",
             "The median amount paid, all payers together, for one diploma awarded in the period.",
             "Median of the total invoiced amount of enrolments completed in the period, from the finance "
             "team's closing figures."),
        ):  # fmt: skip
            criteria[code] = Criterion.objects.get_or_create(
                code=code,
                defaults={"name": name, "unit": unit, "definition": definition, "measurement_method": method,
                          "adopted_on": adopted},
            )[0]  # fmt: skip

        plausible = {
            "completion-rate": (Decimal("68.40"), Decimal("71.20")),
            "accommodation-completion": (Decimal("63.60"), Decimal("66.70")),
            "median-cost-per-diploma": (Decimal("5890.00"), Decimal("5745.00")),
        }
        for n, (start, end) in enumerate(self._quarters()):
            measured = min(self._at(end + timedelta(days=15), 10), self.now - timedelta(hours=1))
            for code, criterion in criteria.items():
                if code == "job-centre-share":
                    value, note = self._job_centre_share(start, end), "Computed from enrolment fundings."
                else:
                    value, note = plausible[code][n], "From the quarterly figures of the training department."
                Measurement.objects.get_or_create(
                    criterion=criterion, period_start=start, period_end=end,
                    defaults={"value": value, "note": note, "measured_at": measured},
                )  # fmt: skip

        board = self.users["board"]
        for subject, key, sent_days, due_days, body, answer in (
            ("Fees charged to job-centre-funded students", "impact", 40, -10,
             "Please give the Committee the breakdown of the fees invoiced to France Travail per path for "
             "the last twelve months, and how they compare with self-funded fees.",
             "The breakdown is attached to the Board minutes of last month: fees are identical per path "
             "whoever pays; France Travail is invoiced monthly. The Board agrees to publish the figures."),
            ("Waiting time for accommodation decisions", "imp_student", 20, 10,
             "Students report waiting several weeks for a decision on audio-only accommodations. Please tell "
             "the Committee what the Board will do to decide within ten days of the proof.", ""),
            ("Drop-out rates by funding type", "imp_academic", 35, -5,
             "Please publish drop-out rates per path and per funding type, so that the Committee can check "
             "that funded students are not disadvantaged.", ""),
        ):  # fmt: skip
            due_on = self.today + timedelta(days=due_days)
            defaults = {
                "body": body, "sent_by": members[key], "sent_at": self.now - timedelta(days=sent_days),
                "due_on": due_on, "status": "answered" if answer else "overdue" if due_days < 0 else "open",
            }  # fmt: skip
            if answer:
                defaults.update(answer=answer, answered_by=board, answered_at=self.now - timedelta(days=14))
            BoardRequest.objects.get_or_create(subject=subject, defaults=defaults)

        AnnualReport.objects.get_or_create(
            year=year - 1,
            defaults={
                "title": f"Impact report {year - 1}", "status": "published",
                "published_at": min(self._at(date(year, 3, 20), 10), self.now - timedelta(days=1)),
                "summary": "Access: one student in four is funded by the job centre. Completion stays above "
                "68% on every path, and students with an accommodation complete at a similar rate. The "
                "median cost per diploma fell by 3%. All figures are aggregated and anonymised (IMP-4).",
            },
        )  # fmt: skip

    # --- summary -----------------------------------------------------------------------------------

    def _print_summary(self, seconds: float) -> None:
        sessions = MentoringSession.objects.all()
        rows = [
            ("users", User.objects.count()),
            ("paths / projects / skills", f"{Path.objects.count()} / {Project.objects.count()} / "
                                          f"{Skill.objects.count()}"),
            ("enrolments", Enrolment.objects.count()),
            ("mentoring sessions", sessions.count()),
            ("  logged / to log / upcoming", f"{sessions.filter(status='logged').count()} / "
             f"{sessions.filter(status='scheduled', scheduled_start__lt=self.now).count()} / "
             f"{sessions.filter(status='scheduled', scheduled_start__gte=self.now).count()}"),
            ("  unauthorised absences", sessions.filter(outcome="unauthorised").count()),
            ("submissions", Submission.objects.count()),
            ("presentations", Presentation.objects.count()),
            ("monitoring reports", MonitoringReport.objects.count()),
            ("jury sessions / candidacies", f"{JurySession.objects.count()} / {Candidacy.objects.count()}"),
            ("disciplinary cases", Case.objects.count()),
            ("committee members / measurements", f"{CommitteeMember.objects.count()} / "
                                                 f"{Measurement.objects.count()}"),
            ("board requests", BoardRequest.objects.count()),
        ]  # fmt: skip
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {seconds:.1f}s."))
        for label, value in rows:
            self.stdout.write(f"  {label:<34} {value}")
        self.stdout.write(f"  Demo logins (password {DEMO_PASSWORD}): run `manage.py demo_logins`.")
