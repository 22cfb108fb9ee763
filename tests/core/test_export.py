"""A student's copy of their whole record (issue #14, GDPR arts. 15 and 20): every app's part, in a number of
queries that does not grow with the rows; the ZIP (summary.pdf, data.json, files/…); asking, building once,
the e-mail, the download until ``expires_at`` (excluded) and the deletion of expired copies."""

import io
import json
import zipfile
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from pypdf import PdfReader

from discipline.models import Case, Hearing, Letter
from impact.models import CommitteeMember
from juries import services as jury_services
from juries.models import Candidacy, PortfolioFile, RemedialDeliverable, Verdict
from openclassrooms.core import exports, services
from openclassrooms.core.models import AccessLog, DataExport, OutboundEmail
from openclassrooms.core.tasks import build_export
from projects.models import Deliverable
from students.models import EnrolmentPause, ProfileCorrection
from tests.accounts.factories import UserFactory
from tests.conftest import needs_redis_worker, tasks_done, wait_for
from tests.discipline import factories as discipline
from tests.impact.factories import BoardRequestFactory
from tests.juries import factories as juries
from tests.mentoring import factories as mentoring
from tests.projects import factories as projects
from tests.students import factories as students

PDF = b"%PDF-1.4\n% a file handed in\n%%EOF\n"
SECTIONS = [
    "enrolments",
    "requests",
    "documents",
    "profile_corrections",
    "weekly_slots",
    "sessions",
    "absence_notices",
    "absence_follow_ups",
    "exceptional_authorisations",
    "monitoring_reports",
    "submissions",
    "presentations",
    "cases",
    "case_grounds",
    "case_evidence",
    "case_answers",
    "hearings",
    "hearing_notices",
    "decisions",
    "letters",
    "jury_candidacies",
    "jury_verdicts",
    "remedial_projects",
    "diplomas",
    "jury_conflicts_of_interest",
    "impact_committee",
    "emails",
    "access_log",
]
CORRECTED = [
    (ProfileCorrection.Field.PHONE, "+33 6 00 00 00 01"),
    (ProfileCorrection.Field.POSTAL_ADDRESS, "2 rue Neuve\n75011 Paris"),
    (ProfileCorrection.Field.TIME_ZONE, "Europe/London"),
]


def _file(name: str) -> ContentFile:
    return ContentFile(PDF, name=name)


def rich_student(n: int, *, marker: str):
    """A student with ``n`` rows of everything the school keeps (and files), named after ``marker``."""
    now = timezone.now()
    student = UserFactory(roles=["student"], first_name=f"{marker}First", last_name=f"{marker}Last")
    mentor = UserFactory(roles=["mentor"])
    head = UserFactory(roles=["head_of_learning"])
    success = UserFactory(roles=["student_success"])
    path = projects.PathFactory()
    enrolments = [
        students.EnrolmentFactory(student=student, mentor=mentor, path=path, status="terminated")
        for _ in range(n - 1)
    ] + [students.EnrolmentFactory(student=student, mentor=mentor, path=path)]
    member = CommitteeMember.objects.create(
        user=student, constituency=CommitteeMember.Constituency.STUDENT, joined_on=timezone.localdate()
    )
    for i, enrolment in enumerate(enrolments):
        start = enrolment.start_date
        EnrolmentPause.objects.create(
            enrolment=enrolment, starts_on=start, until=start + timedelta(days=7), rule="SUS-4",
            reason=f"{marker} away", recorded_at=now,
        )  # fmt: skip
        students.EnrolmentFundingFactory(enrolment=enrolment)
        students.AccommodationFactory(enrolment=enrolment)
        students.PlacementFactory(enrolment=enrolment)
        students.SuspensionRequestFactory(enrolment=enrolment, reason=f"{marker} suspension")
        students.TerminationRequestFactory(enrolment=enrolment)
        students.PathChangeRequestFactory(enrolment=enrolment)
        field, value = CORRECTED[i]
        students.ProfileCorrectionFactory(student=student, field=field, value_asked=value)
        mentoring.WeeklySlotFactory(enrolment=enrolment)
        session = mentoring.SessionFactory(enrolment=enrolment, scheduled_start=now - timedelta(days=7 + i))
        mentoring.AbsenceNoticeFactory(session=session, reason=f"{marker} notice")
        mentoring.ExceptionalAuthorisationFactory(session=session)
        mentoring.AbsenceFollowUpFactory(session=session)
        mentoring.ToolEventFactory(session=session)
        mentoring.ToolEventFactory(session=session, participant_email=mentor.email)
        mentoring.MonitoringReportFactory(enrolment=enrolment)
        submission = projects.SubmissionFactory(enrolment=enrolment, sources=f"{marker} sources")
        Deliverable.objects.create(
            submission=submission, round=1, file=_file("report.pdf"), original_name=f"{marker}-report.pdf",
            content_type="application/pdf", size=len(PDF), uploaded_by=student, uploaded_at=now,
        )  # fmt: skip
        presentation = projects.PresentationFactory(submission=submission)
        projects.SkillAssessmentFactory(presentation=presentation)
        case = discipline.CaseFactory(enrolment=enrolment, opened_by=success, summary=f"{marker} facts")
        discipline.CaseGroundFactory(case=case)
        discipline.CaseEvidenceFactory(
            case=case, document=students.DocumentFactory(student=student, original_name=f"{marker}-proof.pdf")
        )
        discipline.StudentAnswerFactory(case=case)
        discipline.BoardSeatFactory(case=case, user=head)
        discipline.CaseEventFactory(case=case, actor=head)
        hearing = discipline.HearingFactory(
            case=case, status=Hearing.Status.HELD, scheduled_start=now - timedelta(days=3)
        )
        discipline.NoticeFactory(hearing=hearing)
        decision = discipline.DecisionFactory(case=case, hearing=hearing, decided_by=head)
        Letter.objects.create(decision=decision, pdf=_file("decision.pdf"), generated_at=now)
        discipline.DecisionCopyFactory(decision=decision)
        candidacy = juries.CandidacyFactory(
            enrolment=enrolment, portfolio_url=f"https://{marker}.example.org"
        )
        PortfolioFile.objects.create(
            candidacy=candidacy, file=_file("portfolio.pdf"), original_name="portfolio.pdf",
            content_type="application/pdf", size=len(PDF), uploaded_by=student, uploaded_at=now,
        )  # fmt: skip
        juries.CandidateRecordOpeningFactory(candidacy=candidacy)
        verdict = juries.VerdictFactory(candidacy=candidacy)
        skill = projects.SkillFactory()
        verdict.skills_to_improve.set([skill])
        remedial = juries.RemedialProjectFactory(verdict=verdict)
        remedial.skills.set([skill])
        RemedialDeliverable.objects.create(
            remedial=remedial, file=_file("remedial.pdf"), original_name="remedial.pdf",
            content_type="application/pdf", size=len(PDF), uploaded_by=student, uploaded_at=now,
        )  # fmt: skip
        awarded = juries.VerdictFactory(
            candidacy=juries.CandidacyFactory(enrolment=enrolment, status=Candidacy.Status.DECIDED),
            decision=Verdict.Decision.AWARDED,
            reasons="",
        )
        juries.DiplomaFactory(verdict=awarded, pdf=_file("diploma.pdf"), holder_name=f"{marker} Holder")
        juries.DeclaredConflictFactory(enrolment=enrolment)
        BoardRequestFactory(sent_by=member)
        OutboundEmail.objects.create(
            key=f"{marker}:{i}", to=[student.email, mentor.email], subject=f"{marker} subject", body="Hello"
        )
        AccessLog.objects.create(
            student=student, viewer=head, what="case", object_id=case.pk, page="/x/", viewed_at=now
        )
    return student


def _queries(function, **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        function(**kwargs)
    return len(ctx)


SOURCES = [*settings.EXPORT_SOURCES, "openclassrooms.core.exports.core_data"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", SOURCES)
def test_each_source_reads_in_a_number_of_queries_that_does_not_grow_with_the_rows(
    path, django_assert_max_num_queries
):
    source = import_string(path)
    one, many = rich_student(1, marker="one"), rich_student(3, marker="many")
    assert _queries(source, student=one) == _queries(source, student=many)
    with django_assert_max_num_queries(16):
        part = source(student=many)
    assert all(section.rows for section in part.sections.values()), path


@pytest.mark.django_db
def test_the_zip_holds_a_readable_summary_the_data_and_the_files_and_nothing_of_another_student(
    django_capture_on_commit_callbacks,
):
    student = rich_student(2, marker="Alpha")
    rich_student(2, marker="Omega")  # someone else, with as much data
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(student=student)
    export.refresh_from_db()
    assert export.built_at is not None and export.size > 0

    archive = zipfile.ZipFile(io.BytesIO(export.file.read()))
    names = archive.namelist()
    data = json.loads(archive.read("data.json"))
    assert {"generated_at", "student", *SECTIONS} <= set(data)
    assert [key for key in SECTIONS if not data[key]] == []
    assert data["student"]["email"] == student.email
    assert data["sessions"][0]["rule"] is not None and "explanation" in data["sessions"][0]
    assert len(data["sessions"][0]["video_tool_joins"]) == 1  # the student's own join, not the mentor's
    for folder in ("documents", "deliverables", "letters", "portfolio", "remedial", "diploma"):
        assert any(name.startswith(f"files/{folder}/") for name in names), folder
    assert archive.read(data["letters"][0]["file"]) == PDF
    assert all(archive.read(d["file"]).startswith(b"%PDF-") for d in data["documents"])
    assert "Omega" not in archive.read("data.json").decode() and not any("Omega" in n for n in names)

    summary = archive.read("summary.pdf")
    assert summary.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(summary)).pages)
    assert "AlphaFirst" in text and "Omega" not in text
    for title in ("Mentoring sessions", "Disciplinary cases", "Registered letters", "Who opened your record"):
        assert title in text


@pytest.mark.django_db
def test_other_people_appear_by_role_other_students_never_and_the_mentor_by_name():
    student = rich_student(1, marker="Role")
    case = Case.objects.get(enrolment__student=student)
    seated = UserFactory(roles=["student"], first_name="Seated", last_name="Rep")
    beside = UserFactory(roles=["student"], first_name="Beside", last_name="Rep")
    discipline.BoardSeatFactory(case=case, user=seated, role="student_representative")
    discipline.CaseEventFactory(case=case, note="Board: Student representative: Seated Rep", actor=student)
    Hearing.objects.filter(case=case).update(
        representative=beside, minutes_explanations="Beside Rep spoke for the student."
    )
    sections, _files = exports.gather(student=student)
    case = sections["cases"].rows[0]
    assert case["opened_by"] == "Student Success"
    assert case["board"] == ["Chair (Head of Learning)", "Student representative (advisory, no vote)"]
    assert case["timeline"][0]["by"] == "Head of Learning"
    assert case["timeline"][1]["by"] == "you"
    assert case["timeline"][1]["note"] == "Board: Student representative: [a student representative]"
    hearing = sections["hearings"].rows[0]
    assert hearing["with_a_representative"] is True
    assert hearing["minutes_your_explanations"] == "[a student representative] spoke for the student."
    everything = json.dumps(
        exports.plain({k: s.rows for k, s in sections.items()}, exports.student_zone(student))
    )
    assert "Seated" not in everything and "Beside" not in everything
    assert sections["access_log"].rows[0]["by"] == "Head of Learning"
    enrolment = sections["enrolments"].rows[0]
    assert enrolment["mentor"]  # the student's own mentor, by name
    assert "recipients" not in sections["emails"].rows[0]  # the other addresses of an e-mail are not given


# --- Asking, building once, the e-mail ----------------------------------------------------------------------


@pytest.mark.django_db
def test_asking_again_while_a_copy_is_prepared_is_refused_and_allowed_once_it_is_ready():
    student = UserFactory(roles=["student"])
    asked = timezone.now()
    export = services.export_request(student=student, now=asked)  # on_commit never runs: still preparing
    with pytest.raises(services.ExportError, match="already being prepared"):
        services.export_request(student=student, now=asked + exports.BUILD_WAIT - timedelta(seconds=1))
    # Unbuilt after BUILD_WAIT: it failed; the student may ask again.
    again = services.export_request(student=student, now=asked + exports.BUILD_WAIT)
    assert again.pk != export.pk
    services.export_build(export_id=again.pk, now=asked + exports.BUILD_WAIT)
    # Ready: a new copy a day after asking for this one (a copy is minutes of a worker's time).
    new_from = again.requested_at + exports.NEW_COPY_AFTER
    with pytest.raises(services.ExportError, match="is ready: download it"):
        services.export_request(student=student, now=new_from - timedelta(seconds=1))
    assert services.export_request(student=student, now=new_from).pk not in (export.pk, again.pk)


@pytest.mark.django_db
def test_a_zip_whose_row_rolls_back_is_deleted_from_storage(settings, tmp_path):
    """Found in review: the ZIP is written before the row and the e-mail; if they fail, no row points at it
    and no purge would ever delete a full copy of the record."""
    settings.EXPORT_LINK_DAYS = 999_999_999  # the expiry overflows: the build fails once the ZIP is written
    student = UserFactory(roles=["student"])
    export = DataExport.objects.create(student=student, requested_at=timezone.now())
    with pytest.raises(OverflowError):
        services.export_build(export_id=export.pk)
    assert list((tmp_path / "private").rglob("*.zip")) == []
    assert DataExport.objects.get(pk=export.pk).built_at is None


@pytest.mark.django_db
def test_the_task_run_twice_builds_once_and_sends_one_email(django_capture_on_commit_callbacks):
    student = UserFactory(roles=["student"], time_zone="America/New_York")
    export = DataExport.objects.create(student=student, requested_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        build_export.delay(export.pk)
        build_export.delay(export.pk)
    export.refresh_from_db()
    first = (export.file.name, export.built_at)
    with django_capture_on_commit_callbacks(execute=True):
        build_export.delay(export.pk)
    export.refresh_from_db()
    assert (export.file.name, export.built_at) == first
    assert export.expires_at == export.built_at + timedelta(days=settings.EXPORT_LINK_DAYS)
    assert OutboundEmail.objects.filter(key=f"data-export-ready:{export.pk}").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [student.email]
    body = mail.outbox[0].body
    assert reverse("data_export_download", args=[export.pk]) in body
    on_their_clock = timezone.localtime(export.expires_at, ZoneInfo("America/New_York"))
    assert f"{on_their_clock:%H:%M} (America/New_York time)" in body


# --- When a copy is ready, and when it has expired --------------------------------------------------------


def test_a_copy_is_ready_until_its_expiry_excluded():
    built = timezone.now()
    export = DataExport(requested_at=built, built_at=built, expires_at=built + timedelta(days=7))
    assert exports.state(export, now=export.expires_at - timedelta(seconds=1)) == "ready"
    assert exports.state(export, now=export.expires_at) == "expired"
    unbuilt = DataExport(requested_at=built)
    assert exports.state(unbuilt, now=built + exports.BUILD_WAIT - timedelta(seconds=1)) == "preparing"
    assert exports.state(unbuilt, now=built + exports.BUILD_WAIT) == "failed"
    assert exports.state(None, now=built) == "none"


def _built(student, *, expires_in: timedelta) -> DataExport:
    built_at = timezone.now() + expires_in - timedelta(days=settings.EXPORT_LINK_DAYS)
    export = DataExport.objects.create(student=student, requested_at=built_at - timedelta(minutes=5))
    services.export_build(export_id=export.pk, now=built_at)
    export.refresh_from_db()
    return export


@pytest.mark.django_db
def test_the_download_is_for_the_student_alone_until_the_link_expires(client):
    student = UserFactory(roles=["student"])
    export = _built(student, expires_in=timedelta(seconds=30))
    url = reverse("data_export_download", args=[export.pk])
    client.force_login(student)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert (
        zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).read("summary.pdf")[:5] == b"%PDF-"
    )
    assert not AccessLog.objects.exists()  # the student's own download is not logged
    for other in (UserFactory(roles=["student"]), UserFactory(roles=["student_success"])):
        client.force_login(other)
        assert client.get(url).status_code == 404

    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    client.force_login(student)
    response = client.get(url)
    assert response.status_code == 410
    page = response.content.decode()
    assert "expired" in page and "Ask for a new copy" in page


@pytest.mark.django_db
def test_an_unbuilt_copy_cannot_be_downloaded(client):
    student = UserFactory(roles=["student"])
    export = DataExport.objects.create(student=student, requested_at=timezone.now())
    client.force_login(student)
    assert client.get(reverse("data_export_download", args=[export.pk])).status_code == 404


@pytest.mark.django_db
def test_expired_copies_are_deleted_at_their_expiry_not_a_second_before():
    student = UserFactory(roles=["student"])
    export = _built(student, expires_in=timedelta(days=settings.EXPORT_LINK_DAYS))
    name, storage = export.file.name, export.file.storage
    assert export.expires_at == export.built_at + timedelta(days=7)

    kept = exports.purge_expired(cutoff=None, held=(), now=export.built_at + timedelta(days=7, seconds=-1))
    assert kept.ids == [] and storage.exists(name)

    purged = exports.purge_expired(cutoff=None, held=(), now=export.built_at + timedelta(days=7))
    assert (purged.action, purged.ids, purged.oldest, purged.newest) == (
        "deleted", [export.pk], export.expires_at, export.expires_at,
    )  # fmt: skip
    export.refresh_from_db()
    assert export.deleted_at == export.built_at + timedelta(days=7) and not export.file
    assert not storage.exists(name)
    assert exports.purge_expired(now=export.built_at + timedelta(days=8)).ids == []  # done once


# --- The student's page -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_student_whose_training_ended_asks_for_a_copy_from_their_page(
    client, django_capture_on_commit_callbacks
):
    student = UserFactory(roles=["student"])
    students.EnrolmentFactory(student=student, status="completed", ended_on=timezone.localdate())
    client.force_login(student)
    dashboard = reverse("students:dashboard")
    page = client.get(dashboard).content.decode()
    assert "You have no current enrolment" in page and "Ask for a copy of my data" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("data_export_request"), {"next": dashboard})
    assert response.status_code == 302 and response["Location"] == dashboard
    export = DataExport.objects.get(student=student)
    page = client.get(dashboard).content.decode()
    assert "Ready" in page and reverse("data_export_download", args=[export.pk]) in page
    assert "Available until" in page

    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "expired on" in client.get(dashboard).content.decode()


@pytest.mark.django_db
def test_the_page_says_a_copy_is_being_prepared_and_refuses_a_second(client):
    student = UserFactory(roles=["student"])
    DataExport.objects.create(student=student, requested_at=timezone.now())
    client.force_login(student)
    page = client.get(reverse("students:dashboard")).content.decode()
    assert "Being prepared" in page and "Ask for" not in page
    response = client.post(reverse("data_export_request"), follow=True)
    assert "already being prepared" in response.content.decode()
    assert DataExport.objects.filter(student=student).count() == 1


@pytest.mark.django_db
def test_only_students_ask_for_a_copy(client):
    client.force_login(UserFactory(roles=["mentor"]))
    assert client.post(reverse("data_export_request")).status_code == 403
    assert client.get(reverse("data_export_request")).status_code == 405
    assert not DataExport.objects.exists()


@pytest.mark.django_db
def test_student_success_reads_the_exports_in_the_admin_and_changes_nothing(client):
    export = DataExport.objects.create(student=UserFactory(roles=["student"]), requested_at=timezone.now())
    client.force_login(UserFactory(roles=["student_success"]))
    changelist = client.get(reverse("admin:core_dataexport_changelist"))
    assert changelist.status_code == 200 and str(export.student) in changelist.content.decode()
    assert client.get(reverse("admin:core_dataexport_change", args=[export.pk])).status_code == 200
    assert client.get(reverse("admin:core_dataexport_add")).status_code == 403
    assert client.post(reverse("admin:core_dataexport_delete", args=[export.pk])).status_code == 403
    client.force_login(UserFactory(roles=["mentor"], is_staff=True))
    assert client.get(reverse("admin:core_dataexport_changelist")).status_code == 403


# --- The demo: a student with a case and a registered letter ----------------------------------------------


@pytest.mark.django_db
def test_the_export_of_the_demo_student_with_a_case_and_a_letter_holds_every_part(
    client, django_capture_on_commit_callbacks
):
    call_command("seed_demo", verbosity=0)
    case = Case.objects.select_related("enrolment__student").get(decision__letter__pdf__gt="")
    student = case.enrolment.student
    candidacy = Candidacy.objects.get(enrolment__student=student, status=Candidacy.Status.REGISTERED)
    jury_services.portfolio_submit(
        candidacy_id=candidacy.pk, student=student, declared_own_work=True,
        files=[SimpleUploadedFile("my-portfolio.pdf", PDF, content_type="application/pdf")],
    )  # fmt: skip

    client.force_login(student)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("data_export_request"))
    export = DataExport.objects.get(student=student)
    response = client.get(reverse("data_export_download", args=[export.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None

    data = json.loads(archive.read("data.json"))
    demo_has = [
        "enrolments", "documents", "weekly_slots", "sessions", "monitoring_reports", "submissions",
        "presentations", "cases", "case_grounds", "case_evidence", "case_answers", "hearings",
        "hearing_notices", "decisions", "letters", "jury_candidacies", "emails",
    ]  # fmt: skip
    assert [key for key in demo_has if not data[key]] == []
    assert set(SECTIONS) <= set(data)
    assert data["decisions"][0]["penalty"] == "Warning"
    letter = data["letters"][0]
    assert letter["registered_number"] == "RR 1234 5678 9FR"
    assert archive.read(letter["file"]).startswith(b"%PDF-")
    evidence = next(d for d in data["documents"] if d["kind"].startswith("Evidence"))
    assert archive.read(evidence["file"]).startswith(b"\x89PNG")
    portfolio = data["jury_candidacies"][0]["portfolio_files"][0]
    assert portfolio["uploaded_by"] == "you" and archive.read(portfolio["file"]) == PDF

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("summary.pdf"))).pages)
    assert student.last_name in text and "Registered letters" in text
    others = set(
        type(student)
        .objects.filter(groups__name="student")
        .exclude(pk=student.pk)
        .values_list("email", flat=True)
    )
    raw = archive.read("data.json").decode()
    assert others and not [email for email in others if email in raw]


# --- A real worker -----------------------------------------------------------------------------------------


@pytest.mark.worker
@needs_redis_worker
def test_a_real_worker_builds_the_copy_once_however_often_the_task_is_sent(worker_factory, tmp_path):
    worker = worker_factory(DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"))
    student = UserFactory(roles=["student"])
    export = services.export_request(student=student)  # committed: the task goes to the worker
    build_export.delay(export.pk)
    build_export.delay(export.pk)

    def built() -> bool:
        return DataExport.objects.filter(pk=export.pk, built_at__isnull=False).exists()

    assert wait_for(built, timeout=90), worker.log_path.read_text()[-3000:]
    assert wait_for(
        lambda: OutboundEmail.objects.filter(
            key=f"data-export-ready:{export.pk}", sent_at__isnull=False
        ).exists()
    )
    assert wait_for(lambda: tasks_done(worker, build_export, 2))  # both runs over: a duplicate would be there
    export.refresh_from_db()
    assert OutboundEmail.objects.filter(key__startswith="data-export-ready:").count() == 1
    archive = zipfile.ZipFile(io.BytesIO(export.file.read()))
    assert json.loads(archive.read("data.json"))["student"]["email"] == student.email
