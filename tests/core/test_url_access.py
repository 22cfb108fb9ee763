"""Every URL, for every role (issue 14): a walk of ``get_resolver()`` fails when a URL has no entry here.

Each entry picks a real object of the demo school and names who may open it. Then, for every person of the
school and for a visitor:

- who may open it gets an answer (GET), and that GET writes nothing but the log of who opened what;
- a visitor is sent to sign in (or refused), and so is everyone else: 403 for a page of another role, 404 —
  the same answer as for an object that does not exist — for someone of the right role whose object it is not;
- a POST by anyone who may not use the page changes nothing at all.

The demo school is built once, through the services, and every URL is walked in one test over it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from discipline.models import Case
from impact import services as impact_services
from impact.models import AnnualReport, BoardRequest, Criterion
from juries import services as jury_services
from juries.models import (
    Candidacy,
    Diploma,
    PortfolioFile,
    RemedialDeliverable,
    RemedialProject,
    SittingMinutes,
)
from mentoring.models import MentoringSession, MonitoringReport
from openclassrooms.core import services as core_services
from openclassrooms.demo.data import PEOPLE
from projects.models import Deliverable, Presentation, Submission
from students.models import Document, Enrolment, Placement, ProfileCorrection, SuspensionRequest
from students.services import profile_correction_request

User = get_user_model()

# Who signs in: the demo's people by their key in PEOPLE, plus "owner" (the student the object belongs to)
# and "owner_mentor" (that student's mentor), which each entry names for its object.
EVERYONE = {"owner", "owner_mentor", "validator", "other_student", "other_mentor", "success", "lm", "hol"} | {
    "jury",
    "jury_industry",
    "jury_school",
    "impact",
    "board",
}
STUDENTS = {"owner", "other_student"}
MENTORS = {"owner_mentor", "validator", "other_mentor"}
BOARD = {"lm", "hol"}  # the demo's Head of Learning and the path's Learning Manager sit on its cases
JURY = {"jury", "jury_industry", "jury_school"}
STAFF = ["success", "lm", "hol", "jury", "jury_industry", "jury_school", "impact", "board"]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
# Tables a GET may write: who opened what (issue 14) and the session (signing in is not data).
AUDIT_TABLES = {"core_accesslog", "juries_candidaterecordopening", "django_session"}
# Where the library's pages live: allauth's sign-in, password and MFA pages, and the admin (which has its
# own permission checks, tested in tests/core/test_admin*.py), are not ours to walk.
NOT_OURS = ("account_", "mfa_", "admin:")


@dataclass
class Entry:
    """How to reach one URL on a real object, and who may open it."""

    kwargs: Callable[["World"], dict] = lambda w: {}
    get: set[str] = field(default_factory=set)  # actors who GET it (2xx or a redirect to their page)
    public: bool = False  # a visitor may open it
    post_only: bool = False  # GET answers 405
    owner: Callable[["World"], object] = lambda w: w.student  # the student the object belongs to
    not_yours: set[str] = field(default_factory=set)  # actors of the right role, not theirs: exactly 404
    path: Callable[["World"], str] | None = None  # for a URL without a name

    def url(self, name: str, world: "World") -> str:
        return self.path(world) if self.path else reverse(name, kwargs=self.kwargs(world))


class World:
    """The demo school, and the few objects it lacks (a portfolio file, a remedial project's file)."""

    def __init__(self) -> None:
        self.people = {key: User.objects.get(email=value[0]) for key, value in PEOPLE.items()}
        self.student = self.people["student"]
        self.enrolment = Enrolment.objects.filter(student=self.student).latest("pk")
        self.case = _first(Case.objects.filter(decision__letter__isnull=False).select_related("enrolment"))
        self.candidacy = _first(Candidacy.objects.filter(status=Candidacy.Status.REGISTERED).order_by("pk"))
        jury_services.portfolio_submit(
            candidacy_id=self.candidacy.pk, student=self.candidacy.enrolment.student,
            files=[SimpleUploadedFile("portfolio.pdf", PDF)], declared_own_work=True,
        )  # fmt: skip
        self.remedial = _first(RemedialProject.objects.order_by("pk"))
        jury_services.remedial_submit(
            remedial_id=self.remedial.pk, student=self.remedial.verdict.candidacy.enrolment.student,
            files=[SimpleUploadedFile("remedial.pdf", PDF)], declared_own_work=True,
        )  # fmt: skip
        candidate = self.candidacy.enrolment
        self.candidate_file = Deliverable.objects.create(
            submission=_first(Submission.objects.filter(enrolment=candidate).order_by("pk")), round=1,
            file=ContentFile(PDF, name="work.pdf"), original_name="work.pdf", content_type="application/pdf",
            size=len(PDF), uploaded_by=candidate.student, uploaded_at=timezone.now(),
        )  # fmt: skip
        self.export = core_services.export_request(student=self.student)
        core_services.export_build(export_id=self.export.pk)
        self.draft = impact_services.annual_report_save(
            report=AnnualReport(year=_published(self).year + 1), by=self.people["impact"]
        )

    def actors(self, owner) -> dict[str, object]:
        """Everyone who signs in, for an object of ``owner`` (a student)."""
        mentor = Enrolment.objects.filter(student=owner).latest("pk").mentor
        validator = _presentation(self).validating_mentor
        mentors = [self.people[key] for key in ("mentor", "mentor2", "mentor3", "mentor4")]
        return {
            "owner": owner,
            "owner_mentor": mentor,
            "validator": validator,
            "other_student": self.student if owner != self.student else self.people_student_2,
            "other_mentor": next(m for m in mentors if m not in (mentor, validator)),
            **{key: self.people[key] for key in STAFF},
        }

    @property
    def people_student_2(self):
        return Enrolment.objects.exclude(student=self.student).order_by("pk").first().student


def _first(qs):
    obj = qs.first()
    assert obj is not None, f"the demo has no {qs.model.__name__}"
    return obj


def _session(w):
    return _first(MentoringSession.objects.filter(enrolment=w.enrolment).order_by("scheduled_start"))


def _submission(w):
    return _first(Submission.objects.filter(enrolment__student=w.student).order_by("pk"))


def _presentation(w):
    return _first(Presentation.objects.filter(submission__enrolment__student=w.student).order_by("pk"))


def _document(w):
    return _first(Document.objects.order_by("pk"))


def _placement(w):
    return _first(Placement.objects.select_related("enrolment").order_by("pk"))


def _suspension(w):
    return _first(SuspensionRequest.objects.select_related("enrolment").order_by("pk"))


def _profile_correction(w):
    """The demo has none: the student asks for one, through the service (before the walk of its URL)."""
    return ProfileCorrection.objects.filter(student=w.student).first() or profile_correction_request(
        student=w.student, field="phone", value="+33 6 98 76 54 32", explanation="Mon nouveau numéro."
    )


def _case_owner(w):
    return w.case.enrolment.student


def _candidate(w):
    return w.candidacy.enrolment.student


def _sitting_id(w) -> int:
    return _diploma(w).verdict.candidacy.session_id


def _remedial_owner(w):
    return w.remedial.verdict.candidacy.enrolment.student


def _diploma(w):
    return _first(Diploma.objects.select_related("verdict__candidacy").order_by("pk"))


def _diploma_owner(w):
    return _diploma(w).verdict.candidacy.enrolment.student


ENTRIES: dict[str, Entry] = {
    "home": Entry(get=EVERYONE),
    "healthz": Entry(public=True, get=EVERYONE),
    "language": Entry(public=True, get=EVERYONE, post_only=True),
    "favicon.ico": Entry(public=True, path=lambda w: "/favicon.ico", get=EVERYONE),
    "calendar_feed": Entry(lambda w: {"token": w.student.calendar_token}, public=True, get=EVERYONE),
    "mentoring/calendar/<str:token>.ics": Entry(
        public=True, path=lambda w: f"/mentoring/calendar/{w.student.calendar_token}.ics", get=EVERYONE
    ),
    "calendar_regenerate": Entry(get=EVERYONE, post_only=True),
    # students
    "students:dashboard": Entry(get=STUDENTS),
    "students:success_dashboard": Entry(get={"success"}),
    "students:requests": Entry(get=STUDENTS),
    "students:document": Entry(
        lambda w: {"pk": _document(w).pk},
        owner=lambda w: _document(w).student,
        get={"owner", "success"},
        not_yours={"other_student"},
    ),
    "students:profile": Entry(get=STUDENTS),
    "data_export_request": Entry(get=STUDENTS, post_only=True),
    "data_export_download": Entry(
        lambda w: {"pk": w.export.pk}, get={"owner"}, not_yours=EVERYONE - {"owner"}
    ),
    "students:profile_correction": Entry(
        lambda w: {"pk": _profile_correction(w).pk}, get={"owner"}, not_yours={"other_student"}
    ),
    "students:projects": Entry(get=STUDENTS),
    "students:project_detail": Entry(lambda w: {"project_pk": _submission(w).project_id}, get=STUDENTS),
    "students:deliverable_download": Entry(
        lambda w: {"pk": _first(Deliverable.objects.filter(submission__enrolment__student=w.student)).pk},
        get={"owner", "owner_mentor", "success"},
        not_yours={"other_student", "other_mentor"},
    ),
    "students:placement_acknowledge": Entry(
        lambda w: {"pk": _placement(w).pk},
        owner=lambda w: _placement(w).enrolment.student,
        get={"owner"},
        not_yours={"other_student"},
        post_only=True,
    ),
    # mentoring
    "mentoring:dashboard": Entry(get=MENTORS),
    "mentoring:session_log": Entry(
        lambda w: {"pk": _session(w).pk}, get={"owner_mentor"}, not_yours={"other_mentor"}, post_only=True
    ),
    "mentoring:session_detail": Entry(
        lambda w: {"pk": _session(w).pk}, get={"owner"}, not_yours={"other_student"}
    ),
    "mentoring:session_notice": Entry(
        lambda w: {"pk": _session(w).pk}, get={"owner"}, not_yours={"other_student"}
    ),
    "mentoring:session_book": Entry(
        lambda w: {"pk": _session(w).pk}, get={"owner"}, not_yours={"other_student"}, post_only=True
    ),
    "mentoring:session_reasons": Entry(
        lambda w: {"pk": _session(w).pk}, get={"owner"}, not_yours={"other_student"}, post_only=True
    ),
    "mentoring:session_report_upload": Entry(
        lambda w: {"pk": _session(w).pk}, get={"owner_mentor", "success"}, not_yours={"other_mentor"}
    ),
    "mentoring:video_webhook": Entry(public=True, get=EVERYONE, post_only=True),
    "mentoring:report_create": Entry(
        lambda w: {"enrolment_pk": w.enrolment.pk}, get={"owner_mentor"}, not_yours={"other_mentor"}
    ),
    "mentoring:slot_edit": Entry(
        lambda w: {"enrolment_pk": w.enrolment.pk}, get={"owner_mentor"}, not_yours={"other_mentor"}
    ),
    "mentoring:availability": Entry(get=MENTORS),
    "mentoring:suspension_decide": Entry(
        lambda w: {"pk": _suspension(w).pk},
        owner=lambda w: _suspension(w).enrolment.student,
        get={"owner_mentor"},
        not_yours={"other_mentor"},
        post_only=True,
    ),
    "mentoring:report_detail": Entry(
        lambda w: {"pk": _first(MonitoringReport.objects.filter(enrolment=w.enrolment)).pk},
        get={"owner_mentor"},
        not_yours={"other_mentor"},
    ),
    "mentoring:submission_review": Entry(
        lambda w: {"pk": _submission(w).pk}, get={"owner_mentor"}, not_yours={"other_mentor"}
    ),
    "mentoring:presentation_book": Entry(
        lambda w: {"submission_pk": _submission(w).pk}, get={"owner"}, not_yours={"other_student"}
    ),
    "mentoring:presentation_detail": Entry(
        lambda w: {"pk": _presentation(w).pk}, get={"validator"}, not_yours={"owner_mentor", "other_mentor"}
    ),
    "mentoring:presentation_cancel": Entry(
        lambda w: {"pk": _presentation(w).pk}, get={"owner"}, not_yours={"other_student"}, post_only=True
    ),
    # discipline
    "discipline:dashboard": Entry(get=BOARD),
    "discipline:case_detail": Entry(lambda w: {"pk": w.case.pk}, owner=_case_owner, get=BOARD),
    "discipline:case_action": Entry(
        lambda w: {"pk": w.case.pk, "action": "hearing"}, owner=_case_owner, get=BOARD, post_only=True
    ),
    "discipline:letter_download": Entry(
        lambda w: {"pk": w.case.pk}, owner=_case_owner, get={"owner", *BOARD}, not_yours={"other_student"}
    ),
    "discipline:my_case": Entry(
        lambda w: {"pk": w.case.pk}, owner=_case_owner, get={"owner"}, not_yours={"other_student"}
    ),
    "discipline:case_open": Entry(
        lambda w: {"enrolment_pk": w.enrolment.pk},
        get={"owner_mentor", "success"},
        not_yours={"other_mentor"},
    ),
    "discipline:flag_work": Entry(
        lambda w: {"submission_pk": _submission(w).pk},
        get={"owner_mentor"},
        not_yours={"other_mentor", "validator", *JURY},
    ),
    "discipline:flag_presentation_fraud": Entry(
        lambda w: {"presentation_pk": _presentation(w).pk},
        get={"validator"},
        not_yours={"owner_mentor", "other_mentor"},
    ),
    # juries
    "juries:dashboard": Entry(get=JURY),
    "juries:candidate_record": Entry(lambda w: {"pk": w.candidacy.pk}, owner=_candidate, get=JURY),
    "juries:conflict_declare": Entry(
        lambda w: {"pk": w.candidacy.pk}, owner=_candidate, get=JURY, post_only=True
    ),
    "juries:remedial_detail": Entry(
        lambda w: {"pk": w.remedial.pk}, owner=_remedial_owner, get={"owner"}, not_yours={"other_student"}
    ),
    "juries:remedial_review": Entry(
        lambda w: {"pk": w.remedial.pk}, owner=_remedial_owner, get=JURY, post_only=True
    ),
    "juries:portfolio": Entry(
        lambda w: {"pk": w.candidacy.pk}, owner=_candidate, get={"owner"}, not_yours={"other_student"}
    ),
    "juries:portfolio_file": Entry(
        lambda w: {"pk": _first(PortfolioFile.objects.order_by("pk")).pk},
        owner=_candidate,
        get={"owner", "success", *JURY},
        not_yours={"other_student"},
    ),
    "juries:remedial_file": Entry(
        lambda w: {"pk": _first(RemedialDeliverable.objects.order_by("pk")).pk},
        owner=_remedial_owner,
        get={"owner", "success", *JURY},
        not_yours={"other_student"},
    ),
    "juries:candidate_file": Entry(lambda w: {"pk": w.candidate_file.pk}, owner=_candidate, get=JURY),
    "juries:diploma_certificate": Entry(
        lambda w: {"pk": _diploma(w).pk},
        owner=_diploma_owner,
        get={"owner", "success"},
        not_yours={"other_student"},
    ),
    "juries:minutes_sign": Entry(
        lambda w: {"pk": _diploma(w).verdict.candidacy.session_id},
        owner=_diploma_owner,
        get=JURY,
        post_only=True,
    ),
    "juries:minutes_download": Entry(
        lambda w: {"pk": SittingMinutes.objects.get(session=_sitting_id(w)).pk},
        owner=_diploma_owner,
        get={"success", *JURY},
    ),
    "diplomas:verify_form": Entry(public=True, get=EVERYONE),
    "diplomas:verify": Entry(
        lambda w: {"code": _first(Diploma.objects.order_by("pk")).code}, public=True, get=EVERYONE
    ),
    # impact
    "impact:dashboard": Entry(get={"impact"}),
    "impact:board_dashboard": Entry(get={"board"}),
    "impact:reports": Entry(public=True, get=EVERYONE),
    "impact:report": Entry(lambda w: {"year": _published(w).year}, public=True, get=EVERYONE),
    "impact:report_version": Entry(
        lambda w: {"year": _published(w).year, "version": _published(w).version}, public=True, get=EVERYONE
    ),
    "impact:report_pdf": Entry(
        lambda w: {"year": _published(w).year, "version": _published(w).version}, get=EVERYONE, public=True
    ),
    "impact:report_new": Entry(get={"impact"}),
    "impact:report_draft": Entry(lambda w: {"pk": w.draft.pk}, get={"impact"}),
    "impact:report_correct": Entry(lambda w: {"pk": _published(w).pk}, get={"impact"}, post_only=True),
    "impact:request_new": Entry(get={"impact"}),
    "impact:request": Entry(lambda w: {"pk": _first(BoardRequest.objects.order_by("pk")).pk}, get={"impact"}),
    "impact:board_request": Entry(
        lambda w: {"pk": _first(BoardRequest.objects.order_by("pk")).pk}, get={"board"}
    ),
    "impact:criterion_new": Entry(get={"impact"}),
    "impact:criterion": Entry(lambda w: {"pk": _first(Criterion.objects.order_by("pk")).pk}, get={"impact"}),
    "impact:criterion_edit": Entry(
        lambda w: {"pk": _first(Criterion.objects.order_by("pk")).pk}, get={"impact"}
    ),
    "impact:criterion_compute": Entry(
        lambda w: {"pk": _first(Criterion.objects.order_by("pk")).pk}, get={"impact"}, post_only=True
    ),
    "impact:criterion_record": Entry(
        lambda w: {"pk": _first(Criterion.objects.order_by("pk")).pk}, get={"impact"}, post_only=True
    ),
}


def _published(w):
    return _first(AnnualReport.objects.filter(published_at__isnull=False).order_by("pk"))


def _walk(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str]]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace == "admin":
                continue
            names += _walk(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern):
            names.append((f"{prefix}{pattern.name}" if pattern.name else "", str(pattern.pattern)))
    return names


def test_every_url_of_ours_has_an_access_entry():
    walked = {name or route for name, route in _walk(get_resolver()) if not name.startswith(NOT_OURS)}
    missing = walked - set(ENTRIES)
    assert not missing, f"URLs without an access test: {sorted(missing)}"
    assert not set(ENTRIES) - walked, "entries for URLs that no longer exist"


@pytest.fixture
def world(db):
    call_command("seed_demo", verbosity=0)
    return World()


def _writes(queries) -> set[str]:
    tables = set()
    for query in queries:
        sql = query["sql"].lstrip().upper()
        for verb, word in (("INSERT", "INTO"), ("UPDATE", None), ("DELETE", "FROM")):
            if sql.startswith(verb):
                rest = sql[len(verb) :].split()
                name = rest[1] if word and rest[0] == word else rest[0]
                tables.add(name.strip('"').lower())
    return tables


_CLIENTS: dict[int | None, Client] = {}


def _client(user) -> Client:
    """One signed-in client per person for the whole walk (signing in again for each URL costs minutes)."""
    key = user.pk if user is not None else None
    if key not in _CLIENTS:
        _CLIENTS[key] = Client()
        if user is not None:
            _CLIENTS[key].force_login(user)
    return _CLIENTS[key]


def _problems(world: World, name: str, entry: Entry) -> list[str]:
    url = entry.url(name, world)
    login = reverse("account_login")
    problems = []

    def check(who: str, user, method: str, ok: Callable[[int], bool], writes_allowed: bool) -> None:
        client = _client(user)
        with CaptureQueriesContext(connection) as ctx:
            response = getattr(client, method)(url, {}) if method == "post" else client.get(url)
        status = response.status_code
        if not ok(status):
            problems.append(f"{method.upper()} {url} as {who}: {status}")
        writes = _writes(ctx.captured_queries) - AUDIT_TABLES
        if writes and not writes_allowed:
            problems.append(f"{method.upper()} {url} as {who} wrote to {sorted(writes)}")
        if status == 302 and user is None and not entry.public and not response["Location"].startswith(login):
            problems.append(f"{method.upper()} {url} as a visitor: sent to {response['Location']}")

    def refused(status: int) -> bool:
        return status in (403, 404)

    def answered(status: int) -> bool:
        return status < 400

    # A visitor.
    if entry.public:
        check("a visitor", None, "get", lambda s: s == 405 if entry.post_only else answered(s), False)
    else:
        check("a visitor", None, "get", lambda s: s == 302, False)
        check("a visitor", None, "post", lambda s: s == 302, False)
    # Everyone who signs in.
    for who, user in world.actors(entry.owner(world)).items():
        allowed = who in entry.get
        if entry.post_only:
            check(who, user, "get", lambda s: s == 405, False)
        elif allowed:
            check(who, user, "get", answered, False)
        elif who in entry.not_yours:
            check(who, user, "get", lambda s: s == 404, False)
        else:
            check(who, user, "get", refused, False)
        if not allowed:  # 405: a download refuses every POST before looking at anything
            expected = (
                (lambda s: s in (404, 405)) if who in entry.not_yours else (lambda s: s in (403, 404, 405))
            )
            if entry.public:
                expected = lambda s: s in (401, 405) or answered(s)  # noqa: E731  (its own check)
            check(who, user, "post", expected, False)
    return problems


@pytest.mark.django_db
def test_every_url_answers_each_person_as_declared_and_get_never_writes(world):
    """Issue 14: who may open it gets it, a page of another role is 403, someone else's object is 404 (as a
    missing one), a visitor is sent to sign in, a refused POST changes nothing, and a GET writes nothing but
    the log of who opened what."""
    problems = [
        problem for name, entry in sorted(ENTRIES.items()) for problem in _problems(world, name, entry)
    ]
    assert not problems, "\n".join(problems)
