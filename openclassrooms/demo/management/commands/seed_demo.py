"""Demo data for every role: ``python manage.py seed_demo`` (development only).

Through the code that runs the school: people, catalogue, enrolments, accommodations, placements,
requests, monitoring reports, juries, the Impact Committee's records and every disciplinary step are made
by the services, replayed with past ``now=`` values; the hundreds of weekly sessions are built in bulk
from the tests' factories, each with the outcome, rule and explanation ``mentoring.rules.classify`` gives
it. Rows no service writes yet (submissions, presentations, past jury sittings and their verdicts) come
from the same factories.

Idempotent (natural keys; each part only when the demo school has none of it) and deterministic
(``random.Random(2026)``; dates are relative to the day of the first run). Each part commits on its own,
so what the services do after a commit (sessions cancelled by a suspension, ATT-6 referrals, e-mails)
happens as it would in the school.
"""

import random
import textwrap
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from time import monotonic

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from discipline import services as discipline_services
from discipline.models import Case, Decision
from impact import services as impact_services
from impact.measures import CATALOGUE
from impact.models import AnnualReport, BoardRequest, CommitteeMember, Criterion, Measurement
from juries import services as jury_services
from juries.models import Candidacy, Jury, JuryMember, JurySession, Panel
from mentoring import rules as mentoring_rules
from mentoring import services as mentoring_services
from mentoring.models import (
    AbsenceFollowUp,
    AbsenceNotice,
    MentorAvailability,
    MentoringSession,
    MonitoringReport,
    WeeklySlot,
)
from openclassrooms.accounts.models import User
from openclassrooms.accounts.roles import Role
from openclassrooms.accounts.security import mfa_required
from openclassrooms.accounts.services import roles_sync, user_create, user_totp_activate
from projects import services as project_services
from projects.models import Path, PathProject, Presentation, Project, Skill, SkillAssessment, Submission
from students import services as student_services
from students.models import (
    Document,
    Enrolment,
    EnrolmentFunding,
    FundingBody,
    PathChangeRequest,
    Placement,
    SuspensionRequest,
)
from tests.juries.factories import (
    CandidacyFactory,
    JurySessionFactory,
    RemedialProjectFactory,
    VerdictFactory,
)
from tests.mentoring.factories import AbsenceFollowUpFactory, AbsenceNoticeFactory, SessionFactory
from tests.projects.factories import PresentationFactory, SkillAssessmentFactory, SubmissionFactory

from ...data import (
    ACCOMMODATED,
    ATT6_INDEX,
    BODIES_BY_KIND,
    CHANGES_REQUESTED,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DOMAIN,
    FIRST_NAMES,
    FOLLOW_UP_REASONS,
    FUNDING_BODIES,
    LAST_NAMES,
    MENTOR_COMMENTS,
    MENTOR_KEYS,
    MENTOR_SLOTS,
    NOTICE_REASONS,
    PATHS,
    PEOPLE,
    PLACEMENT_INDEX,
    PROJECTS,
    REFERENCE_PREFIX,
    SEED,
    SESSION_NOTES,
    STREETS,
    STUDENTS_PER_MENTOR,
    UNLOGGED_INDEX,
    StudentPlan,
    ascii_slug,
    minimal_pdf,
)

SESSION = timedelta(minutes=45)


def rng_comment(submission) -> str:
    return MENTOR_COMMENTS[submission.pk % len(MENTOR_COMMENTS)]


def _pdf_upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


# IMP-1: the Committee members who agreed to be named on the public page.
PUBLIC_MEMBERS = {"impact", "imp_corporate", "imp_academic"}
# Where the Committee's hand-entered figures come from (IMP-2).
MANUAL_SOURCES = {
    "job-centre-share": "Financements des inscriptions, comptés par le service formation",
    "completion-rate": "Chiffres trimestriels du service formation",
    "accommodation-completion": "Chiffres trimestriels du service formation",
    "median-cost-per-diploma": "Chiffres de clôture de la direction financière",
}


class Command(BaseCommand):
    help = "Create demo data for every role (idempotent). Demo logins: see demo_logins."

    def handle(self, *args, **options):
        started = monotonic()
        self.rng = random.Random(SEED)
        self.tz = timezone.get_default_timezone()
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate(self.now)
        for part in (
            self._seed_users,
            self._plan_students,
            self._seed_catalogue,
            self._seed_students,
            self._seed_sessions,
            self._seed_schedule,
            self._seed_video_report,
            self._seed_submissions,
            self._seed_project_flow,
            self._seed_monitoring_reports,
            self._seed_juries,
            self._seed_discipline,
            self._seed_requests,
            self._seed_impact,
        ):
            with transaction.atomic():
                part()
        self._print_summary(monotonic() - started)

    # --- helpers -----------------------------------------------------------------------------------

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """An aware datetime at a local wall-clock time."""
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def _local_date(self, moment: datetime) -> date:
        return timezone.localtime(moment, self.tz).date()

    @staticmethod
    def _token(rng: random.Random, length: int = 10) -> str:
        return "".join(rng.choice("abcdefghijkmnopqrstuvwxyz23456789") for _i in range(length))

    @staticmethod
    def _bulk(objs: list, model) -> list:
        return bulk_create_with_history(objs, model, batch_size=500) if objs else []

    # --- people ------------------------------------------------------------------------------------

    def _user(self, email: str, first_name: str, last_name: str, role: str) -> User:
        """The person, created by ``user_create`` (no invitation: the demo password is set) and verified. They
        speak the school's language (User.language defaults to LANGUAGE_CODE: French in ``make run``)."""
        user = User.objects.filter(email=email).first()
        if user is None:
            number = sum(map(ord, email)) % 90 + 1
            street, town = STREETS[sum(map(ord, last_name)) % len(STREETS)]
            user = user_create(
                email=email, first_name=first_name, last_name=last_name, roles={str(role)}, invite=False,
                postal_address=f"{number} {street}\n{town}" if role == Role.STUDENT else "",
            )  # fmt: skip
            # Hashing the same password ~100 times would take most of the run: it is hashed once.
            user.password = self.password_hash
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if mfa_required(user):
            # Issue 14: their authenticator app is on the published demo secret (`manage.py demo_code`).
            user_totp_activate(user=user, secret=DEMO_TOTP_SECRET)
        return user

    def _seed_users(self) -> None:
        roles_sync()
        self.password_hash = make_password(DEMO_PASSWORD)
        self.users = {key: self._user(*person) for key, person in PEOPLE.items()}
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
                email = f"{ascii_slug(first)}.{ascii_slug(last)}@students.{DOMAIN}"
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

    def _seed_catalogue(self) -> None:
        success = self.users["success"]
        self.bodies = {}
        for name, (kind, email, address) in FUNDING_BODIES.items():
            body = FundingBody.objects.filter(name=name).first() or student_services.funding_body_save(
                body=FundingBody(name=name, kind=kind, contact_email=email, postal_address=address),
                by=success,
            )
            self.bodies[name] = body
        self.projects: dict[str, Project] = {}
        for code, (title, in_depth, skills) in PROJECTS.items():
            project = Project.objects.filter(code=code).first()
            if project is None:
                brief = (
                    f"{title}. Réalisez le travail décrit sur la page du projet et présentez-le à votre "
                    f"mentor{', puis à un mentor évaluateur' if in_depth else ''}."
                )
                project = project_services.project_save(
                    project=Project(code=code, title=title, in_depth=in_depth, brief=brief), by=success
                )
                for position, skill in enumerate(skills, start=1):
                    project_services.skill_save(
                        skill=Skill(project=project, name=skill, position=position), by=success
                    )
            self.projects[code] = project
        self.paths: dict[str, Path] = {}
        self.path_projects: dict[str, list[Project]] = {}
        for code, (name, level, months, description, lm_key, project_codes) in PATHS.items():
            path = Path.objects.filter(code=code).first()
            if path is None:
                path = project_services.path_save(
                    path=Path(
                        code=code, name=name, level=level, duration_months=months, description=description,
                        learning_manager=self.users[lm_key],
                    ),
                    by=success,
                )  # fmt: skip
                for position, project_code in enumerate(project_codes, start=1):
                    project_services.path_project_save(
                        path_project=PathProject(
                            path=path, project=self.projects[project_code], position=position
                        ),
                        by=success,
                    )
            self.paths[code] = path
            self.path_projects[code] = [
                pp.project for pp in PathProject.objects.filter(path=path).select_related("project")
            ]
        self.skills: dict[int, list[Skill]] = {}
        for skill in Skill.objects.filter(project__in=self.projects.values()).order_by("project", "position"):
            self.skills.setdefault(skill.project_id, []).append(skill)
        for mentor, slots in zip(self.mentors, MENTOR_SLOTS, strict=True):
            if MentorAvailability.objects.filter(mentor=mentor).exists():
                continue
            for weekday, start, end in slots:
                mentoring_services.availability_save(
                    availability=MentorAvailability(
                        mentor=mentor, weekday=weekday, starts_at=time(start), ends_at=time(end)
                    ),
                    by=success,
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
            if enrolment is not None:
                self.enrolments[plan.index] = enrolment
                continue
            path = self.paths[plan.path_code]
            start = self.today - timedelta(days=plan.days_ago)
            enrolled_at = self._at(start, 9)
            enrolment = student_services.enrolment_create(
                student=student,
                path=path,
                mentor=self.mentors[plan.mentor_index],
                start_date=start,
                planned_end_date=start + timedelta(days=path.duration_months * 30),
                recording_consent=plan.consent,
                by=success,
                now=enrolled_at,
            )
            self.enrolments[plan.index] = enrolment
            student_services.funding_save(
                funding=EnrolmentFunding(
                    enrolment=enrolment,
                    kind=plan.funding_kind,
                    share_percent=100,
                    body=self.bodies[plan.funding_body] if plan.funding_body else None,
                    reference=plan.funding_reference,
                ),
                by=success,
            )
            if plan.index in ACCOMMODATED:
                proof = student_services.document_store(
                    upload=_pdf_upload("certificat-medical.pdf", f"Certificat médical - {plan.last_name}"),
                    student=student,
                    by=success,
                    kind=Document.Kind.DISABILITY_PROOF,
                )
                student_services.accommodation_grant(
                    enrolment=enrolment,
                    by=success,
                    proof=proof,
                    notes="Justificatif vérifié par l'équipe Student Success : sessions et soutenances en "
                    "audio (ACC-1).",
                    now=self._at(start + timedelta(days=9), 11),
                )
            if plan.index == PLACEMENT_INDEX:
                starts_on = self.today - timedelta(days=20)
                placement = student_services.placement_record(
                    placement=Placement(
                        enrolment=enrolment, host_kind=Placement.HostKind.COMPANY,
                        host_name="Altitude Conseil SA — équipe PMO",
                        host_address="3 place de la Défense\n92400 Courbevoie",
                        starts_on=starts_on, ends_on=starts_on + timedelta(days=60),
                    ),
                    by=success,
                )  # fmt: skip
                student_services.placement_acknowledge(
                    placement_id=placement.pk,
                    student=student,
                    now=self._at(starts_on - timedelta(days=3), 10, 15),
                )
        self.audio_enrolments = {
            e.pk for e in self.enrolments.values() if e.accommodations.filter(status="accepted").exists()
        }

    # --- mentoring sessions: bulk, from the factories, classified by the rules ------------------------

    def _past_kinds(self, plan: StudentPlan, rng: random.Random) -> list[str]:
        """What happened at the six past weeks, oldest first, with no accidental run of three (ATT-6)."""
        kinds = []
        for _week in range(6):
            r = rng.random()
            kinds.append(
                "attended" if r < 0.78 else "late" if r < 0.84 else "no_show" if r < 0.89
                else "postponed" if r < 0.94 else "mentor_cancelled" if r < 0.97 else "mentor_absent"
            )  # fmt: skip
        if plan.index == ATT6_INDEX:
            return kinds[:2] + ["attended", "pending", "pending", "pending"]  # the run is logged later
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

    def _session(self, enrolment, start: datetime, rng: random.Random, **kwargs) -> MentoringSession:
        token = self._token(rng)
        kwargs.setdefault("video_link", f"https://meet.openclassrooms.test/{token}")
        return SessionFactory.build(
            enrolment=enrolment,
            mentor=enrolment.mentor,
            scheduled_start=start,
            duration=SESSION,
            mode="audio" if enrolment.pk in self.audio_enrolments else "video",
            **kwargs,
        )

    @staticmethod
    def _meeting_link(plan: StudentPlan) -> str:
        """The recurring meeting of a student's weekly session."""
        return f"https://meet.openclassrooms.test/{MENTOR_KEYS[plan.mentor_index]}-{plan.index:02d}"

    def _what_happened(self, session: MentoringSession, kind: str, rng: random.Random) -> None:
        """The facts the mentor logged; the rules decide the rest (``session_classify``)."""
        start, mentor = session.scheduled_start, session.mentor
        if kind in ("attended", "late", "no_show", "mentor_absent"):
            session.logged_by, session.logged_at = mentor, start + SESSION + timedelta(minutes=30)
        if kind == "attended":
            session.attendance = "attended"
            session.joined_at = start + timedelta(minutes=rng.randint(0, 10), seconds=rng.randint(0, 59))
            session.recorded = session.enrolment.recording_consent and rng.random() < 0.3
            session.notes = rng.choice(SESSION_NOTES)
        elif kind == "late":
            session.attendance = "attended"
            session.joined_at = start + timedelta(minutes=rng.randint(16, 25), seconds=rng.randint(0, 59))
            session.notes = (
                "L'étudiant est arrivé avec plus d'un quart d'heure de retard ; le reste du temps a servi à "
                "une révision."
            )
        elif kind == "no_show":
            session.attendance = "no_show"
            session.notes = "L'étudiant ne s'est pas connecté et n'a pas prévenu."
        elif kind == "mentor_cancelled":
            session.attendance, session.logged_by = "mentor_cancelled", mentor
            session.logged_at = start - timedelta(days=1, hours=rng.randint(0, 20))
            session.notes = "Annulée par le mentor (journée de formation) ; ne compte pas contre l'étudiant."
        elif kind == "mentor_absent":
            session.attendance = "mentor_absent"
            session.notes = "Mentor absent (maladie). Ne compte pas contre l'étudiant."
        session.status, _classification = mentoring_services.session_classify(session)

    def _seed_sessions(self) -> None:
        has_sessions = set(
            MentoringSession.objects.filter(enrolment__in=self.enrolments.values()).values_list(
                "enrolment_id", flat=True
            )
        )
        weekly, notices, absences = [], [], []
        for plan in self.plans:
            enrolment = self.enrolments[plan.index]
            if enrolment.pk in has_sessions:
                continue
            rng = random.Random(plan.seed)
            weekday, hour = plan.slot
            # The ATT-6 student's run is logged a day later: their "past" weeks end at least a day ago.
            cutoff = self.now - timedelta(days=1) if plan.index == ATT6_INDEX else self.now
            local_cutoff = timezone.localtime(cutoff, self.tz)
            first = local_cutoff.date() + timedelta(days=(weekday - local_cutoff.weekday()) % 7)
            if self._at(first, hour) <= cutoff:
                first += timedelta(days=7)
            kinds = self._past_kinds(plan, rng) + ["pending"] * 4
            unlogged = (2 if plan.index % 20 == 2 else 3) if plan.index % 10 == 2 else 0
            for i, k in enumerate(range(-6, 4)):
                start = self._at(first + timedelta(weeks=k), hour)
                session = self._session(
                    enrolment, start, rng, week=mentoring_rules.week_of(start.date()),
                    video_link=self._meeting_link(plan),
                )  # fmt: skip
                kind = kinds[i]
                too_recent = start + SESSION + timedelta(minutes=30) > self.now
                if (unlogged and -unlogged <= k < 0) or too_recent:
                    kind = "pending"
                if kind == "postponed":
                    given = start - timedelta(days=rng.randint(2, 5), hours=rng.randint(0, 8))
                    notices.append(
                        AbsenceNoticeFactory.build(
                            session=session, given_at=given, given_by=self.students[plan.index],
                            reason=NOTICE_REASONS[i % len(NOTICE_REASONS)],
                        )
                    )  # fmt: skip
                self._what_happened(session, kind, rng)
                weekly.append(session)
                if session.outcome == MentoringSession.Outcome.UNAUTHORISED:
                    absences.append((session, rng.random() < 0.5, rng.randint(3, 30)))
        self._bulk(weekly, MentoringSession)
        for notice in notices:
            notice.session_id = notice.session.pk
        self._bulk(notices, AbsenceNotice)

        # ATT-2 replacements of postponed sessions, and ATT-5: reasons and a new booking, or not.
        replacements, follow_ups = [], []
        for notice in notices:
            session = notice.session
            rng = random.Random(session.pk * 7919)
            two_days_later = self._at(self._local_date(session.scheduled_start) + timedelta(days=2), 18)
            replacement = self._session(session.enrolment, two_days_later, rng, replaces=session)
            self._what_happened(
                replacement,
                "attended" if replacement.scheduled_start + SESSION < self.now else "pending",
                rng,
            )
            replacements.append(replacement)
        for session, answered, hours in absences:
            follow_up = AbsenceFollowUpFactory.build(
                session=session,
                due_at=mentoring_rules.follow_up_due_at(session.scheduled_start),
                student_asked_at=session.logged_at,
            )
            if answered:
                follow_up.reasons = FOLLOW_UP_REASONS[session.pk % len(FOLLOW_UP_REASONS)]
                follow_up.reasons_given_at = min(session.scheduled_start + timedelta(hours=hours), self.now)
                rng = random.Random(session.pk)
                rebooked = self._session(
                    session.enrolment,
                    self._at(self._local_date(session.scheduled_start) + timedelta(days=2), 18),
                    rng,
                    replaces=session,
                )
                self._what_happened(
                    rebooked, "attended" if rebooked.scheduled_start + SESSION < self.now else "pending", rng
                )
                replacements.append(rebooked)
                follow_up.rebooked_session = rebooked
            follow_ups.append(follow_up)
        self._bulk(replacements, MentoringSession)
        for follow_up in follow_ups:
            follow_up.session_id = follow_up.session.pk
            if follow_up.rebooked_session is not None:
                follow_up.rebooked_session_id = follow_up.rebooked_session.pk
        self._bulk(follow_ups, AbsenceFollowUp)

    def _seed_schedule(self) -> None:
        """ATT-1: each student's weekly slot, agreed with their mentor; the rest of the training is planned
        from it (the weeks above are already there: planning creates nothing twice)."""
        has_slot = set(
            WeeklySlot.objects.filter(enrolment__in=self.enrolments.values()).values_list(
                "enrolment_id", flat=True
            )
        )
        for plan in self.plans:
            enrolment = self.enrolments[plan.index]
            if enrolment.pk in has_slot or not enrolment.is_current or enrolment.mentor_id is None:
                continue
            weekday, hour = plan.slot
            mentoring_services.slot_agree(
                enrolment_id=enrolment.pk, by=enrolment.mentor, weekday=weekday, starts_at=time(hour),
                duration=SESSION, video_link=self._meeting_link(plan), now=self.now,
            )  # fmt: skip

    def _seed_video_report(self) -> None:
        """ATT-4 with evidence: the video tool's attendance file for a session the demo mentor has not
        logged: the student joined 16 minutes late."""
        plan = self.plans[UNLOGGED_INDEX]
        session = (
            MentoringSession.objects.filter(
                enrolment=self.enrolments[plan.index],
                status=MentoringSession.Status.SCHEDULED,
                scheduled_start__lt=self.now - SESSION,
            )
            .order_by("-scheduled_start")
            .first()
        )
        if session is None or session.tool_reported_at is not None:
            return
        start, end = session.scheduled_start, session.scheduled_start + SESSION
        rows = [
            mentoring_services.ToolRow(1, session.mentor.email, start - timedelta(minutes=2), end),
            mentoring_services.ToolRow(2, plan.email, start + timedelta(minutes=16), end),
        ]
        mentoring_services.tool_report_import(
            session_id=session.pk, rows=rows, by=session.mentor, now=self.now
        )

    # --- projects (no service writes them yet: the tests' factories) -------------------------------------

    def _seed_submissions(self) -> None:
        has_submissions = set(
            Submission.objects.filter(enrolment__in=self.enrolments.values()).values_list(
                "enrolment_id", flat=True
            )
        )
        submissions, presented = [], []
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
            slug = ascii_slug(f"{plan.first_name}-{plan.last_name}")
            for i, project in enumerate(projects[: done + 2]):
                submission = SubmissionFactory.build(
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
                        presented.append(
                            (submission, validator, self._at(finished, 14), self._token(rng, 16))
                        )
                elif i == done and plan.index == 0:
                    continue  # the demo student hands it in through the service (_seed_project_flow)
                elif i == done:
                    submission.submitted_at = self.now - timedelta(hours=rng.randint(20, 120))
                    submission.status = "submitted"
                    if plan.index in CHANGES_REQUESTED:
                        submission.status = "changes_requested"
                        submission.mentor_comment = (
                            "Les livrables sont incomplets : le README n'explique pas comment lancer le "
                            "projet, et deux compétences de la grille ne sont pas encore démontrées. Merci "
                            "de soumettre à nouveau votre travail."
                        )
                else:
                    submission.deliverables_url = ""
                submissions.append(submission)
        self._bulk(submissions, Submission)
        presentations = [
            PresentationFactory.build(
                submission=submission, validating_mentor=validator, scheduled_start=start,
                mode="audio" if submission.enrolment_id in self.audio_enrolments else "video",
                status="held", recording_url=f"https://recordings.openclassrooms.test/{token}.mp4",
                comments="Toutes les compétences du projet ont été démontrées pendant la soutenance.",
            )
            for submission, validator, start, token in presented
        ]  # fmt: skip
        self._bulk(presentations, Presentation)
        self._bulk(
            [
                SkillAssessmentFactory.build(presentation=presentation, skill=skill, result="acquired")
                for presentation in presentations
                for skill in self.skills[presentation.submission.project_id]
            ],
            SkillAssessment,
        )

    def _seed_project_flow(self) -> None:
        """Through the services: the demo student hands in their current project (a PDF and a link, IP-1)
        for the demo mentor to review; a student of the partner mentor has an in-depth project approved and
        its presentation held before the demo mentor, to assess and conclude (TRN-1 b)."""
        plan = self.plans[0]
        enrolment = self.enrolments[plan.index]
        waiting = next(
            (
                p
                for p in self.path_projects[plan.path_code]
                if not Submission.objects.filter(enrolment=enrolment, project=p).exists()
            ),
            None,
        )
        handed_in = Submission.objects.filter(enrolment=enrolment, round__gt=0).exists()
        if waiting is not None and not handed_in:
            project_services.submission_submit(
                enrolment=enrolment,
                project_id=waiting.pk,
                by=enrolment.student,
                link=f"https://github.com/{ascii_slug(plan.first_name)}-{ascii_slug(plan.last_name)}/{waiting.code}",
                files=[_pdf_upload(f"{waiting.code}-rapport.pdf", f"{waiting.title} : rapport")],
                declared_own_work=True,
                sources="Les chapitres du cours (licence Creative Commons) ; la documentation du framework.",
                now=self.now - timedelta(hours=20),
            )
        validator = self.mentors[0]
        if Presentation.objects.filter(validating_mentor=validator, booked_at__isnull=False).exists():
            return
        candidates = Submission.objects.filter(
            enrolment__mentor=self.mentors[1],
            enrolment__recording_consent=True,
            project__in_depth=True,
            status=Submission.Status.SUBMITTED,
        ).select_related("enrolment__student", "project")
        submission = candidates.order_by("pk").first()
        if submission is None:
            return
        booked_on = self.now - timedelta(days=8)
        project_services.submission_review(
            submission_id=submission.pk, by=self.mentors[1], approve=True, comment=rng_comment(submission),
            now=booked_on,
        )  # fmt: skip
        slots = [
            start
            for start in mentoring_services.presentation_slots(
                validating_mentor_id=validator.pk, enrolment_id=submission.enrolment_id, now=booked_on
            )
            if start < self.now - timedelta(hours=1)
        ]
        if slots:
            mentoring_services.presentation_book(
                submission_id=submission.pk, validating_mentor=validator, start=slots[-1], audio_only=False,
                student=submission.enrolment.student, now=booked_on,
            )  # fmt: skip

    # --- monitoring reports, written by the mentors' service ---------------------------------------------

    def _seed_monitoring_reports(self) -> None:
        written = set(MonitoringReport.objects.values_list("enrolment_id", flat=True))
        monday = self.today - timedelta(days=self.today.weekday())
        periods = [
            (monday - timedelta(weeks=6), monday - timedelta(weeks=3, days=1)),
            (monday - timedelta(weeks=3), monday - timedelta(days=1)),
        ]
        for plan in self.plans:
            enrolment = self.enrolments[plan.index]
            if enrolment.pk in written:
                continue
            rng = random.Random(plan.seed + 2)
            current = (
                enrolment.submissions.filter(status__in=["submitted", "changes_requested"])
                .select_related("project")
                .order_by("submitted_at")
                .first()
            )
            project = f"le projet « {current.project.title} »" if current else "le projet suivant"
            for n, (start, end) in enumerate(periods):
                if n == 1 and (rng.random() < 0.4 or end + timedelta(days=1) >= self.today):
                    continue
                mentoring_services.monitoring_report_create(
                    enrolment=enrolment,
                    mentor=enrolment.mentor,
                    period_start=start,
                    period_end=end,
                    progress=f"{plan.first_name} progresse régulièrement et travaille maintenant sur "
                    f"{project}. Nous avons convenu d'un planning hebdomadaire et de ce qui sera présenté à "
                    "la prochaine session.",
                    attendance_comment="Point fait avec l'étudiant sur l'assiduité et le planning "
                    "hebdomadaire.",
                    now=min(
                        self._at(end + timedelta(days=rng.randint(1, 3)), 17, 30),
                        self.now - timedelta(hours=1),
                    ),
                )

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

    def _complete_projects(self, enrolment: Enrolment) -> None:
        """A candidate has every project approved and every in-depth one validated at a recorded presentation
        before another mentor (TRN-1 a, b): the demo's history of their training, written as rows."""
        partner = next(m for m in self.mentors if m.pk != enrolment.mentor_id)
        finished = self.now - timedelta(days=10)
        for project in self.path_projects[enrolment.path.code]:
            submission = Submission.objects.filter(enrolment=enrolment, project=project).first()
            if submission is None:
                submission = SubmissionFactory(enrolment=enrolment, project=project)
            if submission.status in ("approved", "validated"):
                continue
            Submission.objects.filter(pk=submission.pk).update(
                status="validated" if project.in_depth else "approved",
                submitted_at=finished - timedelta(days=3), approved_by=enrolment.mentor, approved_at=finished,
                deliverables_url=submission.deliverables_url or f"https://github.com/demo/{project.code}",
                mentor_comment=MENTOR_COMMENTS[submission.pk % len(MENTOR_COMMENTS)],
            )  # fmt: skip
            if project.in_depth:
                held = finished + timedelta(days=2)
                presentation = PresentationFactory(
                    submission=submission, validating_mentor=partner, scheduled_start=held, status="held",
                    validated=True, concluded_at=held + timedelta(hours=1),
                    recording_url=f"https://recordings.openclassrooms.test/{project.code}-{submission.pk}.mp4",
                )  # fmt: skip
                for skill in self.skills[project.pk]:
                    SkillAssessmentFactory(presentation=presentation, skill=skill, result="acquired")

    def _seed_juries(self) -> None:
        success = self.users["success"]
        path = self.paths["web-developer"]
        ranked = self._ranked_web_enrolments()
        self.candidates = ranked[:4]
        if Jury.objects.filter(path=path).exists():
            return
        jury = jury_services.jury_save(
            jury=Jury(name="Jury Développeur web — session de printemps", path=path), by=success
        )
        members = {
            key: jury_services.jury_member_save(
                member=JuryMember(jury=jury, user=self.users[key], kind=kind), by=success
            )
            for key, kind in (("jury", "industry"), ("jury_industry", "industry"), ("jury_school", "school"))
        }
        upcoming = jury_services.jury_session_save(
            session=JurySession(
                jury=jury, starts_at=self._at(self.today + timedelta(days=21), 9, 30), mode="remote",
                format="panels", location="https://meet.openclassrooms.test/jury-web-developer",
                chair=members["jury_school"],
            ),
            by=success,
        )  # fmt: skip
        panels = [
            jury_services.panel_save(
                panel=Panel(session=upcoming, name=name), members=[members[key] for key in keys], by=success
            )
            for name, keys in {
                "Commission A": ("jury", "jury_school"),
                "Commission B": ("jury_industry", "jury_school"),
            }.items()
        ]
        for i, enrolment in enumerate(self.candidates):
            self._complete_projects(enrolment)
            candidacy = jury_services.candidacy_register(
                enrolment=enrolment,
                session=upcoming,
                portfolio_url=f"https://portfolio.openclassrooms.test/{ascii_slug(str(enrolment.student))}",
                by=success,
            )
            jury_services.candidacy_assign_panel(candidacy=candidacy, panel=panels[i % 2], by=success)
        # A sitting held six weeks ago, and its refusal (TRN-4), written as rows: the candidate was registered
        # before TRN-1's gate existed.
        if len(ranked) > 4:
            past = JurySessionFactory(
                jury=jury, status="held", starts_at=self._at(self.today - timedelta(days=45), 9, 30),
                mode="in_person", format="full",
                location="OpenClassrooms, 10 quai de la Charente, 75019 Paris",
            )  # fmt: skip
            enrolment = ranked[4]
            candidacy = CandidacyFactory(
                enrolment=enrolment, session=past, status="decided",
                portfolio_url=f"https://portfolio.openclassrooms.test/{ascii_slug(str(enrolment.student))}",
            )  # fmt: skip
            verdict = VerdictFactory(
                candidacy=candidacy, decision="refused", decided_by=self.users["jury"],
                decided_at=past.starts_at + timedelta(hours=3),
                reasons="Le portfolio montre un travail front-end solide, mais l'API n'authentifie pas les "
                "utilisateurs de façon sécurisée et l'application n'a presque aucun test automatisé. Le jury "
                "demande un projet de rattrapage sur ces deux compétences avant que le candidat ne se "
                "représente (TRN-4).",
            )  # fmt: skip
            # By position, whatever the language the catalogue was seeded in: JWT authentication, Jest tests.
            skills = [
                Skill.objects.get(project=self.projects["wd-node-api"], position=4),
                Skill.objects.get(project=self.projects["wd-react"], position=3),
            ]
            verdict.skills_to_improve.set(skills)
            remedial = RemedialProjectFactory(
                verdict=verdict, title="Sécurisez et testez l'application d'avis",
                brief="Ajoutez à l'API de l'application d'avis une authentification par jeton, avec "
                "renouvellement et révocation, et couvrez le front-end de tests automatisés (au moins 80 % "
                "des composants). Joignez un court rapport qui explique vos choix de sécurité.",
            )  # fmt: skip
            remedial.skills.set(skills)
        # A sitting held five days ago, chaired by the demo jury member: one candidate awarded through the
        # service (the diploma certificate and its verification code, TRN-4), the minutes signed.
        if len(ranked) > 5:
            enrolment = ranked[5]
            self._complete_projects(enrolment)
            held = self._at(self.today - timedelta(days=5), 14, 0)
            last_week = JurySessionFactory(
                jury=jury, starts_at=held, mode="remote", format="full", chair=members["jury"],
                location="https://meet.openclassrooms.test/jury-web-developer",
            )  # fmt: skip
            candidacy = CandidacyFactory(
                enrolment=enrolment, session=last_week,
                portfolio_url=f"https://portfolio.openclassrooms.test/{ascii_slug(str(enrolment.student))}",
            )  # fmt: skip
            verdict = jury_services.verdict_record(
                candidacy_id=candidacy.pk, by=self.users["jury"], decision="awarded",
                now=held + timedelta(hours=1),
            )  # fmt: skip
            minutes = jury_services.minutes_sign(
                session_id=last_week.pk, by=self.users["jury"], now=held + timedelta(hours=2)
            )
            # Printed now rather than by the worker, so the demo's documents are there at once.
            jury_services.diploma_generate(diploma_id=verdict.diploma.pk, now=held + timedelta(hours=1))
            jury_services.minutes_generate(minutes_id=minutes.pk, now=held + timedelta(hours=2))

    # --- discipline: every step through the services ------------------------------------------------------

    def _seed_discipline(self) -> None:
        hol, success = self.users["hol"], self.users["success"]
        enrolment = self.enrolments[ATT6_INDEX]
        if not Case.objects.filter(enrolment=enrolment).exists():
            # ATT-6: the mentor logs the last three weeks as no-shows; the referral is made by the rules.
            run = list(
                enrolment.sessions.filter(
                    status="scheduled", scheduled_start__lt=self.now - timedelta(days=1)
                ).order_by("scheduled_start")
            )[-3:]
            for session in run:
                mentoring_services.session_log_attendance(
                    session_id=session.pk, mentor=enrolment.mentor, attendance="no_show",
                    now=session.scheduled_start + SESSION + timedelta(minutes=30),
                )  # fmt: skip
            referred_at = run[-1].scheduled_start + SESSION + timedelta(minutes=31)
            discipline_services.attendance_referrals_sweep(now=referred_at)
            case = Case.objects.get(enrolment=enrolment, source=Case.Source.ATTENDANCE)
            communicated = referred_at + min(timedelta(hours=20), (self.now - referred_at) / 2)
            discipline_services.complaints_communicate(case_id=case.pk, by=hol, now=communicated)
            discipline_services.board_compose(
                case_id=case.pk, by=hol, chair=hol, learning_manager=enrolment.path.learning_manager,
                now=communicated + timedelta(minutes=5),
            )  # fmt: skip

        enrolment = self.candidates[1]
        if Case.objects.filter(enrolment=enrolment, source=Case.Source.CONDUCT).exists():
            return
        lm = enrolment.path.learning_manager
        hearing_at = self._at(self.today - timedelta(days=30), 14)
        opened = hearing_at - timedelta(days=20, hours=3)
        communicated = opened + timedelta(days=1)
        screenshots = SimpleUploadedFile(
            "capture-atelier.png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png"
        )
        case = discipline_services.case_open(
            enrolment=enrolment, source=Case.Source.CONDUCT, by=success, evidence_upload=screenshots,
            now=opened,
            summary="Lors d'un atelier collectif sur la plateforme collaborative, l'étudiant a publié des "
            "messages insultants et menaçants à l'encontre d'un autre étudiant. Signalement de deux "
            "étudiants et de l'animatrice de l'atelier ; captures d'écran jointes par l'équipe Student "
            "Success.",
        )  # fmt: skip
        discipline_services.complaints_communicate(case_id=case.pk, by=hol, now=communicated)
        discipline_services.student_answer_submit(
            case_id=case.pk, student=enrolment.student, now=communicated + timedelta(days=3),
            text="Je reconnais avoir écrit ces messages. J'étais sous forte pression cette semaine-là et je "
            "présente mes excuses à l'étudiant concerné ; je lui ai écrit.",
        )  # fmt: skip
        discipline_services.board_compose(
            case_id=case.pk, by=hol, chair=hol, learning_manager=lm, now=communicated + timedelta(days=4)
        )
        link = "https://meet.openclassrooms.test/board-" + self._token(random.Random(enrolment.pk), 12)
        hearing = discipline_services.hearing_schedule(
            case_id=case.pk, by=hol, start=hearing_at, video_link=link, now=hearing_at - timedelta(days=5)
        )
        discipline_services.hearing_confirm(hearing_id=hearing.pk, by=hol, now=hearing_at - timedelta(days=4))
        discipline_services.hearing_record(
            hearing_id=hearing.pk, by=hol, student_attended=True, representative_attended=None,
            minutes_grounds="Le conseil a exposé la saisine (CON-1) et indiqué qu'un avertissement était "
            "envisagé.",
            minutes_explanations="L'étudiant a reconnu les messages, s'est excusé et en a expliqué le "
            "contexte.",
            now=hearing_at + timedelta(minutes=50),
        )  # fmt: skip
        decided = hearing_at + timedelta(hours=1)
        decision = discipline_services.decision_record(
            case_id=case.pk, by=hol, penalty=Decision.Penalty.WARNING, now=decided,
            effective_from=self._local_date(decided),
            grounds="Les messages enfreignent CON-1. Compte tenu de la reconnaissance des faits, des excuses "
            "de l'étudiant et d'un premier manquement, le conseil prononce un avertissement (DIS-7).",
        )  # fmt: skip
        discipline_services.letter_generate(letter_id=decision.letter.pk, now=decided + timedelta(days=1))
        dispatched = self._local_date(hearing_at) + timedelta(days=3)
        discipline_services.letter_dispatch(
            letter_id=decision.letter.pk, by=hol, dispatched_on=dispatched,
            registered_number="RR 1234 5678 9FR", now=self._at(dispatched, 11),
        )  # fmt: skip

    # --- students' requests: through the services ---------------------------------------------------------

    def _seed_requests(self) -> None:
        if SuspensionRequest.objects.exists() or PathChangeRequest.objects.exists():
            return
        success = self.users["success"]
        funded = [p for p in self.plans if p.funding_kind != "self" and p.index not in (0, ATT6_INDEX)]
        own = [p for p in self.plans if p.funding_kind == "self" and p.index not in (0, ATT6_INDEX)]
        # A funded student asks for three weeks away: Student Success waits for the funder's approval (SUS-4).
        plan = funded[0]
        student_services.suspension_request_submit(
            enrolment=self.enrolments[plan.index], student=self.students[plan.index],
            starts_on=self.today + timedelta(days=12), ends_on=self.today + timedelta(days=32),
            reason="Opération chirurgicale et trois semaines de convalescence.",
            now=self.now - timedelta(days=2),
        )  # fmt: skip
        # A self-funded student's week away, validated: its session is cancelled, the end moves (SUS-4).
        plan = own[1]
        request = student_services.suspension_request_submit(
            enrolment=self.enrolments[plan.index], student=self.students[plan.index],
            starts_on=self.today + timedelta(days=8), ends_on=self.today + timedelta(days=14),
            reason="Déménagement.", now=self.now - timedelta(days=3),
        )  # fmt: skip
        student_services.suspension_approve(
            request_id=request.pk, by=success, now=self.now - timedelta(days=1)
        )
        # SUS-3: a student of the demo mentor asks for one week away before it starts; the mentor decides on
        # My week, and the week's session is postponed within the mentor's availability.
        taken = {0, ATT6_INDEX, UNLOGGED_INDEX, funded[0].index, own[1].index, own[2].index}
        plan = next(p for p in self.plans if p.mentor_index == 0 and p.index not in taken)
        student_services.suspension_request_submit(
            enrolment=self.enrolments[plan.index], student=self.students[plan.index],
            starts_on=self.today + timedelta(days=5), ends_on=self.today + timedelta(days=11),
            reason="Mariage familial à l'étranger.", now=self.now - timedelta(hours=20),
        )  # fmt: skip
        # A change of path after consulting the mentor, within its seven business days (CHG-1).
        plan = own[2]
        enrolment = self.enrolments[plan.index]
        to_path = next(path for code, path in self.paths.items() if path.pk != enrolment.path_id)
        submitted = self.now - timedelta(days=1)
        student_services.path_change_submit(
            enrolment=enrolment, student=self.students[plan.index], to_path=to_path,
            mentor_consulted_at=submitted - timedelta(days=2), approval=None, now=submitted,
            reason="Je préfère analyser des données plutôt que gérer des projets.",
        )  # fmt: skip

    # --- the Impact Committee ----------------------------------------------------------------------

    def _quarters(self) -> list[tuple[date, date]]:
        """The last two complete quarters, oldest first."""
        start = date(self.today.year, 3 * ((self.today.month - 1) // 3) + 1, 1)
        quarters = []
        for _quarter in range(2):
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
        if CommitteeMember.objects.exists():
            return
        year = self.today.year
        members = {}
        for key, constituency, organisation in (
            ("impact", "ngo", "Association Tremplin Numérique"),
            ("imp_student", "student", "Étudiante, parcours Analyste de données"),
            ("imp_alumni", "alumni", "Réseau des anciens d'OpenClassrooms"),
            ("imp_mentor", "mentor", "Mentors d'OpenClassrooms"),
            ("imp_corporate", "corporate", "Groupe Hexagone Industrie"),
            ("imp_academic", "academic", "Université de Bordeaux"),
        ):
            members[key] = impact_services.committee_member_save(
                member=CommitteeMember(
                    user=self.users[key], constituency=constituency, organisation=organisation,
                    joined_on=date(year - 1, 2, 1), public_consent=key in PUBLIC_MEMBERS,
                ),
                by=self.users["impact"],
            )  # fmt: skip
        adopted = date(year - 1, 3, 14)
        criteria = {}
        for code, name, unit, definition, method in (
            ("job-centre-share", "Part des étudiants financés par France Travail", "%",
             "Parmi les étudiants en formation pendant la période, la part dont la formation est payée par "
             "France Travail. Un indicateur de l'accès à la formation, quelle que soit sa situation.",
             "Nombre d'inscriptions actives à un moment de la période avec une ligne de financement France "
             "Travail, divisé par le nombre d'inscriptions actives pendant la période."),
            ("completion-rate", "Taux de diplomation", "%",
             "Part des étudiants dont la fin de formation prévue tombait dans la période et qui ont obtenu "
             "le diplôme.",
             "Inscriptions dont la date de fin prévue tombe dans la période et au statut terminé, "
             "divisées par toutes les inscriptions dont la date de fin prévue tombe dans la période, hors "
             "transferts."),
            ("accommodation-completion", "Taux de diplomation des étudiants ayant un aménagement", "%",
             "Le taux de diplomation, limité aux étudiants dont un aménagement a été accepté (ACC-1).",
             "Comme le taux de diplomation, limité aux inscriptions avec un aménagement accepté."),
            ("median-cost-per-diploma", "Coût médian par diplôme", "€",
             "Le montant médian payé, tous payeurs confondus, pour un diplôme délivré pendant la période.",
             "Médiane du montant total facturé des inscriptions terminées pendant la période, d'après les "
             "chiffres de clôture de la direction financière."),
        ):  # fmt: skip
            criteria[code] = impact_services.criterion_save(
                criterion=Criterion(code=code, name=name, unit=unit, definition=definition,
                                    measurement_method=method, adopted_on=adopted,
                                    source=MANUAL_SOURCES[code]),
                by=self.users["impact"],
            )  # fmt: skip
        # IMP-2: a criterion computed from the school's own data, by a measure of the catalogue.
        held = impact_services.criterion_define(
            criterion=Criterion(
                code="sessions-held", name="Part des sessions de mentorat tenues", definition=(
                    "Parmi les sessions hebdomadaires prévues pour les étudiants, la part qui a eu lieu : "
                    "l'école tient sa promesse d'un mentor chaque semaine."),
                measurement_method=CATALOGUE["sessions_held"].formula, measure="sessions_held",
                adopted_on=adopted, target=Decimal("85"),
            ),
            by=self.users["impact"],
        )  # fmt: skip
        plausible = {
            "completion-rate": (Decimal("68.40"), Decimal("71.20")),
            "accommodation-completion": (Decimal("63.60"), Decimal("66.70")),
            "median-cost-per-diploma": (Decimal("5890.00"), Decimal("5745.00")),
        }
        for n, (start, end) in enumerate(self._quarters()):
            measured = min(self._at(end + timedelta(days=15), 10), self.now - timedelta(hours=1))
            impact_services.measurement_compute(
                criterion_id=held.pk,
                period_start=start,
                period_end=end,
                by=self.users["impact"],
                now=measured,
            )
            for code, criterion in criteria.items():
                if code == "job-centre-share":
                    value, note = (
                        self._job_centre_share(start, end),
                        "Calculé à partir des financements des inscriptions.",
                    )
                else:
                    value, note = (
                        plausible[code][n],
                        "D'après les chiffres trimestriels du service formation.",
                    )
                impact_services.measurement_save(
                    measurement=Measurement(
                        criterion=criterion, period_start=start, period_end=end, value=value, note=note
                    ),
                    by=self.users["impact"], now=measured,
                )  # fmt: skip
        for subject, key, sent_days, due_days, body, answer in (
            ("Frais facturés pour les étudiants financés par France Travail", "impact", 40, 30,
             "Merci de communiquer au comité le détail des frais facturés à France Travail par parcours sur "
             "les douze derniers mois, et leur comparaison avec les frais payés par les étudiants "
             "autofinancés.",
             "Le détail figure en annexe du procès-verbal du conseil d'administration du mois dernier : les "
             "frais sont identiques par parcours, quel que soit le payeur ; France Travail est facturé "
             "chaque mois. Le conseil d'administration accepte de publier ces chiffres."),
            ("Délai des décisions d'aménagement", "imp_student", 20, 30,
             "Des étudiants attendent plusieurs semaines une décision sur un aménagement en audio seul. "
             "Merci d'indiquer au comité ce que le conseil d'administration fera pour décider dans les dix "
             "jours suivant la réception du justificatif.", ""),
            ("Taux d'abandon par type de financement", "imp_academic", 35, 30,
             "Merci de publier les taux d'abandon par parcours et par type de financement, afin que le "
             "comité puisse vérifier que les étudiants financés ne sont pas désavantagés.", ""),
        ):  # fmt: skip
            sent = self.now - timedelta(days=sent_days)
            request = impact_services.board_request_send(
                subject=subject, body=body, due_on=self._local_date(sent) + timedelta(days=due_days),
                by=self.users[key], now=sent,
            )  # fmt: skip
            if answer:
                impact_services.board_request_answer(
                    request_id=request.pk,
                    by=self.users["board"],
                    answer=answer,
                    now=self.now - timedelta(days=14),
                )
        impact_services.board_requests_flag_overdue(today=self.today)
        report = impact_services.annual_report_save(
            report=AnnualReport(
                year=year - 1, title=f"Rapport d'impact {year - 1}",
                summary="Accès : un étudiant sur quatre est financé par France Travail. Le taux de "
                "diplomation reste supérieur à 68 % dans chaque parcours, et les étudiants bénéficiant d'un "
                "aménagement obtiennent leur diplôme dans des proportions comparables. Le coût médian par "
                "diplôme a baissé de 3 %. Tous les chiffres sont agrégés et anonymisés (IMP-4).",
            ),
            by=self.users["impact"],
            sections=[(
                "Les prochains sujets du comité",
                "Les étudiants financés par France Travail paient-ils les mêmes frais que les étudiants "
                "autofinancés, combien de temps prennent les décisions d'aménagement, quels sont les taux "
                "d'abandon selon le financement : les demandes du comité au conseil d'administration sur ces "
                "sujets seront publiées avec le rapport de l'an prochain, accompagnées de ses réponses.",
            )],
            criteria=list(criteria.values()) + [held],
        )  # fmt: skip
        impact_services.measurement_compute(
            criterion_id=held.pk, period_start=date(year - 1, 1, 1), period_end=date(year - 1, 12, 31),
            by=self.users["impact"], now=min(self._at(date(year, 3, 1), 10), self.now - timedelta(days=2)),
        )  # fmt: skip
        impact_services.annual_report_publish(
            report_id=report.pk, by=self.users["impact"],
            now=min(self._at(date(year, 3, 20), 10), self.now - timedelta(days=1)),
        )  # fmt: skip
        # Printed now rather than by the worker, so the demo's public PDF is there at once.
        impact_services.annual_report_print(report_id=report.pk)

    # --- summary -----------------------------------------------------------------------------------

    def _print_summary(self, seconds: float) -> None:
        sessions = MentoringSession.objects.all()
        rows = [
            (_("users"), User.objects.count()),
            (_("paths / projects / skills"), f"{Path.objects.count()} / {Project.objects.count()} / "
                                             f"{Skill.objects.count()}"),
            (_("enrolments"), Enrolment.objects.count()),
            (_("mentoring sessions"), sessions.count()),
            ("  " + _("logged / to log / upcoming"), f"{sessions.filter(status='logged').count()} / "
             f"{sessions.filter(status='scheduled', scheduled_start__lt=self.now).count()} / "
             f"{sessions.filter(status='scheduled', scheduled_start__gte=self.now).count()}"),
            ("  " + _("unauthorised absences"), sessions.filter(outcome="unauthorised").count()),
            (_("submissions"), Submission.objects.count()),
            (_("presentations"), Presentation.objects.count()),
            (_("monitoring reports"), MonitoringReport.objects.count()),
            (_("jury sessions / candidacies"), f"{JurySession.objects.count()} / "
                                               f"{Candidacy.objects.count()}"),
            (_("disciplinary cases / letters"), f"{Case.objects.count()} / "
                                                f"{Decision.objects.filter(letter__pdf__gt='').count()}"),
            (_("students' requests"), SuspensionRequest.objects.count() + PathChangeRequest.objects.count()),
            (_("committee members / measurements"), f"{CommitteeMember.objects.count()} / "
                                                    f"{Measurement.objects.count()}"),
            (_("board requests"), BoardRequest.objects.count()),
        ]  # fmt: skip
        width = max(34, *(len(label) for label, _value in rows))
        ready = _("Demo data ready in %(seconds)ss.") % {"seconds": number_format(seconds, decimal_pos=1)}
        self.stdout.write(self.style.SUCCESS(ready))
        for label, value in rows:
            self.stdout.write(f"  {label:<{width}} {value}")
        for sentence in (
            _("Demo logins (password %(password)s): run `manage.py demo_logins`.")
            % {"password": DEMO_PASSWORD},
            _("Staff, jury, Committee and Board then give a code: run `manage.py demo_code`."),
        ):
            kept = sentence.replace("`manage.py ", "`manage.py\0")  # the command is never cut in two
            for line in textwrap.wrap(kept, width=100, break_on_hyphens=False):
                self.stdout.write(f"  {line.replace(chr(0), ' ')}")
