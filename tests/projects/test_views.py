"""Projects in the browser (issue #11): handing work in (IP-1), the mentor's review and the final
presentation (TRN-1, ACC-1, REC-1), fraud at a presentation (DIS-11); who may open what, clear refusals,
constant queries."""

import html
import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from discipline.models import Case, CaseEvidence
from mentoring import services as mentoring_services
from openclassrooms.accounts.roles import Role
from openclassrooms.core.models import OutboundEmail
from projects import services as project_services
from projects.models import DELIVERABLE_MAX_BYTES, Deliverable, Presentation, Submission
from projects.permissions import access_deliverable
from students.models import Accommodation
from tests.mentoring.factories import MentorAvailabilityFactory
from tests.projects.factories import (
    PathProjectFactory,
    PresentationFactory,
    SkillAssessmentFactory,
    SkillFactory,
    SubmissionFactory,
)
from tests.students.factories import AccommodationFactory, EnrolmentFactory

# --- Files, read from their bytes (IP-1) --------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("api/main.py", "print('hello')\n")
        archive.writestr("README.md", "# My API\n")
    return buffer.getvalue()


def _file(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _stored_files() -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _page(response) -> str:
    return html.unescape(response.content.decode())


# --- The data: a path, its projects and the student's work ------------------------------------------------


def _enrolment(*, consent: bool = True, **kwargs):
    """An enrolment whose student consented (or not) to being recorded (REC-1)."""
    return EnrolmentFactory(
        recording_consent=consent, recording_consent_at=timezone.now() if consent else None, **kwargs
    )


def _project(enrolment, *, in_depth: bool = True, skills: int = 2, **kwargs):
    """A project on the enrolment's path with its skills."""
    project = PathProjectFactory(
        path=enrolment.path,
        project__in_depth=in_depth,
        project__brief="Design and document a REST API.",
        **kwargs,
    ).project
    for position in range(1, skills + 1):
        SkillFactory(project=project, position=position, name=f"{project.code} skill {position}")
    return project


def _submit(enrolment, project, **kwargs) -> Submission:
    kwargs.setdefault("link", "https://git.example.org/student/api")
    return project_services.submission_submit(
        enrolment=enrolment, project_id=project.pk, by=enrolment.student, declared_own_work=True, **kwargs
    )


def _approved(enrolment, project, **kwargs) -> Submission:
    submission = _submit(enrolment, project, **kwargs)
    return project_services.submission_review(submission_id=submission.pk, by=enrolment.mentor, approve=True)


def _deliverable(submission, *, name: str = "report.pdf", round_: int | None = None) -> Deliverable:
    """A deliverable row straight in the table (for the pages that only list them)."""
    return Deliverable.objects.create(
        submission=submission,
        round=round_ if round_ is not None else submission.round,
        file=f"deliverables/{name}",
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=submission.enrolment.student,
        uploaded_at=timezone.now(),
    )


def _scheduled(enrolment, project, *, hours: float = -1, **kwargs) -> Presentation:
    """An approved in-depth project whose presentation starts ``hours`` from now (in the past by default),
    before a validating mentor who is not the student's own mentor."""
    now = timezone.now()
    submission = SubmissionFactory(
        enrolment=enrolment,
        project=project,
        status=Submission.Status.PRESENTATION_SCHEDULED,
        round=1,
        submitted_at=now - timedelta(days=10),
        own_work_declared_at=now - timedelta(days=10),
        approved_by=enrolment.mentor,
        approved_at=now - timedelta(days=9),
        deliverables_url="https://git.example.org/student/api",
    )
    return PresentationFactory(submission=submission, scheduled_start=now + timedelta(hours=hours), **kwargs)


def _available_every_day(mentor) -> None:
    for weekday in range(7):
        MentorAvailabilityFactory(mentor=mentor, weekday=weekday)


# --- 1. Who may open what (pairs from one setup) ------------------------------------------------------------


@pytest.mark.django_db
def test_trn1_only_the_students_own_mentor_opens_the_review(make_user, client_as):
    """TRN-1 a: the student's own mentor reviews; another mentor and the validating mentor get 404, the
    student 403 (not a mentor's page)."""
    enrolment = _enrolment()
    project = _project(enrolment)
    submission = _submit(enrolment, project)
    validating = PresentationFactory(submission=SubmissionFactory(enrolment=_enrolment())).validating_mentor
    # The same person also validates a presentation of this very submission: still not the reviewer.
    PresentationFactory(submission=submission, validating_mentor=validating, status="cancelled")
    url = reverse("mentoring:submission_review", args=[submission.pk])

    response = client_as(enrolment.mentor).get(url)
    assert response.status_code == 200
    assert project.title in response.content.decode()
    assert client_as(make_user(Role.MENTOR)).get(url).status_code == 404
    assert client_as(validating).get(url).status_code == 404
    assert client_as(enrolment.student).get(url).status_code == 403
    assert client_as(make_user(Role.MENTOR)).post(url, {"decision": "approve"}).status_code == 404
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SUBMITTED
    missing = reverse("mentoring:submission_review", args=[submission.pk + 1000])
    assert client_as(enrolment.mentor).get(missing).status_code == 404


@pytest.mark.django_db
def test_trn1_only_the_validating_mentor_opens_the_presentation(make_user, client_as):
    """TRN-1 b: the validating mentor hears and assesses; the student's own mentor and another mentor get
    404, the student 403."""
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment))
    url = reverse("mentoring:presentation_detail", args=[presentation.pk])

    assert client_as(presentation.validating_mentor).get(url).status_code == 200
    assert client_as(enrolment.mentor).get(url).status_code == 404
    assert client_as(make_user(Role.MENTOR)).get(url).status_code == 404
    assert client_as(enrolment.student).get(url).status_code == 403
    response = client_as(enrolment.mentor).post(url, {"form": "cancel", "reason": "Not mine."})
    assert response.status_code == 404
    assert Presentation.objects.get(pk=presentation.pk).status == Presentation.Status.SCHEDULED


@pytest.mark.django_db
def test_ip1_deliverables_are_read_by_the_student_their_mentor_the_validating_mentor_and_student_success(
    make_user, client_as
):
    """IP-1: a deliverable lives in private storage; the student, their mentor, the validating mentor of
    that submission and Student Success download it; another student and an unrelated mentor get 404."""
    enrolment = _enrolment()
    submission = _submit(enrolment, _project(enrolment), files=[_file("report.pdf", PDF)])
    deliverable = submission.deliverables.get()
    validating = PresentationFactory(submission=submission).validating_mentor
    url = reverse("students:deliverable_download", args=[deliverable.pk])

    for reader in (enrolment.student, enrolment.mentor, validating, make_user(Role.STUDENT_SUCCESS)):
        response = client_as(reader).get(url)
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert 'attachment; filename="report.pdf"' in response["Content-Disposition"]
    other_student = _enrolment().student
    assert client_as(other_student).get(url).status_code == 404
    assert client_as(make_user(Role.MENTOR)).get(url).status_code == 404
    # A validating mentor of another student's presentation reads nothing here either.
    stranger = PresentationFactory(submission=SubmissionFactory(enrolment=_enrolment())).validating_mentor
    assert client_as(stranger).get(url).status_code == 404
    assert client_as(enrolment.student).get(url.replace(str(deliverable.pk), "999999")).status_code == 404


@pytest.mark.django_db
def test_dis11_only_the_validating_mentor_flags_fraud_at_a_presentation(make_user, client_as):
    """DIS-11: the validating mentor opens the fraud form; the student's own mentor and another mentor get
    404, the student and Student Success 403; nobody else opens a case."""
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment))
    url = reverse("discipline:flag_presentation_fraud", args=[presentation.pk])

    assert client_as(presentation.validating_mentor).get(url).status_code == 200
    assert client_as(enrolment.mentor).get(url).status_code == 404
    assert client_as(make_user(Role.MENTOR)).get(url).status_code == 404
    assert client_as(enrolment.student).get(url).status_code == 403
    assert client_as(make_user(Role.STUDENT_SUCCESS)).get(url).status_code == 403
    assert client_as(enrolment.mentor).post(url, {"summary": "Someone else spoke."}).status_code == 404
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_trn1_a_student_only_sees_projects_on_their_own_path(make_user, client_as):
    """TRN-1: a project of another path answers 404; a non-student 403."""
    enrolment = _enrolment()
    own = _project(enrolment)
    elsewhere = _project(_enrolment())
    client = client_as(enrolment.student)
    assert client.get(reverse("students:project_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("students:project_detail", args=[elsewhere.pk])).status_code == 404
    assert client_as(make_user(Role.MENTOR)).get(reverse("students:projects")).status_code == 403


# --- 2. Handing work in: files read from their bytes (IP-1) -------------------------------------------------


@pytest.mark.django_db
def test_ip1_the_project_page_shows_the_brief_skills_status_and_the_licence(client_as):
    enrolment = _enrolment()
    project = _project(enrolment)
    response = client_as(enrolment.student).get(reverse("students:project_detail", args=[project.pk]))
    page = _page(response)
    assert "Design and document a REST API." in page
    assert f"{project.code} skill 1" in page and f"{project.code} skill 2" in page
    assert "Not started" in page
    assert "CC BY-NC-SA 4.0" in page
    assert "https://creativecommons.org/licenses/by-nc-sa/4.0/" in page
    assert "Submit to my mentor" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("x.pdf", b"MZ\x90\x00 this is a program, not a PDF"),
        ("code.zip", b"PK\x03\x04 the start of an archive and nothing after it"),
    ],
    ids=["not-a-pdf", "broken-zip"],
)
def test_ip1_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_stored(client_as, name, data):
    """IP-1: the bytes decide, not the name nor the browser's word; a good file beside it is not kept
    either."""
    enrolment = _enrolment()
    project = _project(enrolment)
    response = client_as(enrolment.student).post(
        reverse("students:project_detail", args=[project.pk]),
        {
            "files": [_file("fine.png", PNG, "image/png"), _file(name, data, "application/pdf")],
            "declared_own_work": "on",
        },
    )
    assert response.status_code == 200
    assert f"{name} is not a PDF, a ZIP archive, a PNG or a JPEG image." in _page(response)
    assert not Deliverable.objects.exists()
    assert not Submission.objects.filter(round__gt=0).exists()
    assert not OutboundEmail.objects.exists()
    assert _stored_files() == []


@pytest.mark.django_db
def test_ip1_more_than_ten_files_are_refused(client_as):
    enrolment = _enrolment()
    project = _project(enrolment)
    response = client_as(enrolment.student).post(
        reverse("students:project_detail", args=[project.pk]),
        {"files": [_file(f"part{i}.pdf", PDF) for i in range(11)], "declared_own_work": "on"},
    )
    assert response.status_code == 200
    assert "Attach 10 files at most: put code in one ZIP archive." in _page(response)
    assert not Deliverable.objects.exists() and _stored_files() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("screen.png", PNG, "image/png"),
        ("code.zip", _zip(), "application/zip"),
    ],
)
def test_ip1_a_real_pdf_png_or_zip_is_accepted_and_kept_in_private_storage(client_as, name, data, kind):
    enrolment = _enrolment()
    project = _project(enrolment)
    url = reverse("students:project_detail", args=[project.pk])
    # The browser's word on the type is not trusted: the bytes are.
    response = client_as(enrolment.student).post(
        url,
        {
            "files": [_file(name, data, "text/plain")],
            "sources": "Course content (CC BY-NC-SA 4.0).",
            "declared_own_work": "on",
        },
    )
    assert response.status_code == 302, _page(response)
    assert response["Location"] == url
    deliverable = Deliverable.objects.get()
    assert (deliverable.original_name, deliverable.content_type, deliverable.size) == (name, kind, len(data))
    assert deliverable.round == 1 and deliverable.uploaded_by == enrolment.student
    assert [p.read_bytes() for p in _stored_files()] == [data]
    submission = deliverable.submission
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.own_work_declared_at is not None
    assert submission.sources == "Course content (CC BY-NC-SA 4.0)."
    page = _page(client_as(enrolment.student).get(url))
    assert name in page and "Submitted to the mentor" in page


@pytest.mark.django_db
def test_ip1_25_mb_is_accepted_and_one_byte_more_is_refused(client_as):
    """IP-1: the size limit is 25 MB, exactly 25 * 1024 * 1024 bytes is accepted."""
    limit = 25 * 1024 * 1024
    assert limit == DELIVERABLE_MAX_BYTES
    enrolment = _enrolment()
    too_big, just_right = _project(enrolment), _project(enrolment)
    client = client_as(enrolment.student)

    body = b"%PDF-1.4\n" + b"0" * (limit + 1 - 9)
    response = client.post(
        reverse("students:project_detail", args=[too_big.pk]),
        {"files": [_file("big.pdf", body)], "declared_own_work": "on"},
    )
    assert response.status_code == 200
    assert "big.pdf is larger than 25 MB." in _page(response)
    assert not Deliverable.objects.exists() and _stored_files() == []

    response = client.post(
        reverse("students:project_detail", args=[just_right.pk]),
        {"files": [_file("big.pdf", body[:limit])], "declared_own_work": "on"},
    )
    assert response.status_code == 302
    assert Deliverable.objects.get().size == limit


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"link": "https://git.example.org/me/api"},
            "State that the work is your own and cites every source (IP-1).",
        ),
        ({"declared_own_work": "on"}, "Hand in your deliverables: attach files, give a link, or both."),
        (
            {"link": "http://git.example.org/me/api", "declared_own_work": "on"},
            "Give the deliverables' https:// link.",
        ),
    ],
    ids=["no-statement", "nothing-handed-in", "http-link"],
)
def test_ip1_work_without_the_statement_deliverables_or_a_secure_link_is_refused(client_as, data, message):
    enrolment = _enrolment()
    project = _project(enrolment)
    response = client_as(enrolment.student).post(reverse("students:project_detail", args=[project.pk]), data)
    assert response.status_code == 200
    assert message in _page(response)
    assert not Submission.objects.filter(status=Submission.Status.SUBMITTED).exists()
    assert not OutboundEmail.objects.exists()


@pytest.mark.django_db
def test_ip1_the_statement_is_refused_even_with_a_file(client_as):
    enrolment = _enrolment()
    project = _project(enrolment)
    response = client_as(enrolment.student).post(
        reverse("students:project_detail", args=[project.pk]), {"files": [_file("report.pdf", PDF)]}
    )
    assert "State that the work is your own and cites every source (IP-1)." in _page(response)
    assert not Deliverable.objects.exists() and _stored_files() == []


# --- 3. Returned, resubmitted: one e-mail per round (TRN-1 a) -----------------------------------------------


@pytest.mark.django_db
def test_trn1_a_returned_work_is_resubmitted_as_round_two_and_the_mentor_is_emailed_once_per_round(
    client_as, django_capture_on_commit_callbacks
):
    enrolment = _enrolment()
    project = _project(enrolment)
    detail = reverse("students:project_detail", args=[project.pk])
    student = client_as(enrolment.student)
    response = student.post(detail, {"files": [_file("round1.pdf", PDF)], "declared_own_work": "on"})
    assert response.status_code == 302
    submission = Submission.objects.get(enrolment=enrolment, project=project)
    review = reverse("mentoring:submission_review", args=[submission.pk])

    mentor = client_as(enrolment.mentor)
    response = mentor.post(review, {"decision": "return", "comment": "  "})
    assert response.status_code == 200
    assert "Say what to change: the student reads your comments before submitting again." in _page(response)
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SUBMITTED

    response = mentor.post(review, {"decision": "return", "comment": "Document the error responses."})
    assert response.status_code == 302 and response["Location"] == reverse("mentoring:dashboard")
    submission.refresh_from_db()
    assert (submission.status, submission.mentor_comment) == (
        "changes_requested",
        "Document the error responses.",
    )
    assert OutboundEmail.objects.get(key=f"prj-returned:{submission.pk}:1").to == [enrolment.student.email]

    student = client_as(enrolment.student)
    page = _page(student.get(detail))
    assert "Document the error responses." in page
    assert "Resubmit after your mentor's comments" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = student.post(detail, {"files": [_file("round2.pdf", PDF)], "declared_own_work": "on"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.round) == ("submitted", 2)

    emails = OutboundEmail.objects.filter(key__startswith=f"prj-submitted:{submission.pk}:")
    assert sorted(emails.values_list("key", flat=True)) == [
        f"prj-submitted:{submission.pk}:1",
        f"prj-submitted:{submission.pk}:2",
    ]
    assert all(e.to == [enrolment.mentor.email] for e in emails)
    assert emails.get(key=f"prj-submitted:{submission.pk}:2").sent_at is not None
    # The mentor reads the second round's file, not the first one's.
    page = _page(client_as(enrolment.mentor).get(review))
    assert "round2.pdf" in page and "round1.pdf" not in page


@pytest.mark.django_db
def test_ip1_work_already_with_the_mentor_is_not_submitted_again_and_the_student_reads_why(client_as):
    """TRN-1 a: a project waiting for the mentor is not handed in again (from a page opened before the
    first submission): the student reads why, nothing changes."""
    enrolment = _enrolment()
    project = _project(enrolment)
    submission = _submit(enrolment, project)
    response = client_as(enrolment.student).post(
        reverse("students:project_detail", args=[project.pk]),
        {"files": [_file("late.pdf", PDF)], "declared_own_work": "on"},
    )
    assert response.status_code == 200
    assert not Deliverable.objects.exists()
    assert Submission.objects.get(pk=submission.pk).round == 1
    assert "This project is with your mentor or already approved: it is not submitted again." in _page(
        response
    )


@pytest.mark.django_db
def test_trn1_a_the_mentor_approves_and_the_dashboard_lists_what_waits(client_as):
    enrolment = _enrolment()
    project = _project(enrolment, in_depth=False)
    submission = _submit(enrolment, project)
    mentor = client_as(enrolment.mentor)
    page = _page(mentor.get(reverse("mentoring:dashboard")))
    assert "Projects waiting for your review" in page
    assert reverse("mentoring:submission_review", args=[submission.pk]) in page

    response = mentor.post(
        reverse("mentoring:submission_review", args=[submission.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.approved_by) == ("approved", enrolment.mentor)
    assert OutboundEmail.objects.filter(key=f"prj-approved:{submission.pk}").count() == 1
    page = _page(mentor.get(reverse("mentoring:dashboard")))
    assert reverse("mentoring:submission_review", args=[submission.pk]) not in page
    assert "Eligible for a jury" in page  # the path's only project is approved (TRN-1 a)


@pytest.mark.django_db
def test_trn1_the_mentors_page_counts_every_project_the_mentor_approved(client_as):
    """TRN-1 a on the mentor's page: approved stays approved when the presentation does not validate it."""
    enrolment = _enrolment()
    _approved(enrolment, _project(enrolment, in_depth=False))
    presentation = _scheduled(enrolment, _project(enrolment), recording_url="https://video.example.org/r/1")
    client = client_as(enrolment.mentor)
    assert "2 approved;" in _page(client.get(reverse("mentoring:dashboard")))  # presentation booked
    project_services.presentation_conclude(
        presentation_id=presentation.pk,
        by=presentation.validating_mentor,
        results=[
            project_services.SkillResult(s.pk, False) for s in presentation.submission.project.skills.all()
        ],
    )
    assert Submission.objects.get(pk=presentation.submission_id).status == Submission.Status.NOT_VALIDATED
    assert "2 approved;" in _page(client.get(reverse("mentoring:dashboard")))


# --- 4. Booking the final presentation (TRN-1 b, ACC-1) -----------------------------------------------------


def _bookable(*, in_depth: bool = True):
    """An approved in-depth project, a validating mentor with availability every day and the student's
    own mentor with availability too."""
    enrolment = _enrolment()
    project = _project(enrolment, in_depth=in_depth)
    submission = _approved(enrolment, project)
    validating = get_user_model().objects.get(pk=MentorAvailabilityFactory().mentor_id)
    _available_every_day(validating)
    _available_every_day(enrolment.mentor)
    return enrolment, submission, validating


def _slot(enrolment, mentor):
    slots = mentoring_services.presentation_slots(
        validating_mentor_id=mentor.pk, enrolment_id=enrolment.pk, now=timezone.now()
    )
    assert slots
    return slots[0]


@pytest.mark.django_db
def test_trn1_b_the_students_own_mentor_is_not_offered_nor_accepted_as_validating_mentor(client_as):
    enrolment, submission, validating = _bookable()
    url = reverse("mentoring:presentation_book", args=[submission.pk])
    client = client_as(enrolment.student)
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["mentors"]) == [validating]
    page = _page(response)
    assert f'<option value="{validating.pk}" selected>{validating.get_full_name()}</option>' in page
    assert f'<option value="{enrolment.mentor.pk}"' not in page
    assert response.context["chosen"] == validating
    assert _slot(enrolment, validating) in response.context["slots"]

    start = _slot(enrolment, enrolment.mentor)
    response = client.post(url, {"mentor": enrolment.mentor.pk, "start": start.isoformat()})
    assert response.status_code == 200
    assert "Choose one of the validating mentors listed." in _page(response)
    assert not Presentation.objects.exists()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.APPROVED
    # Someone else's project is not booked from here.
    other = client_as(_enrolment().student).get(url)
    assert other.status_code == 404


@pytest.mark.django_db
def test_acc1_audio_only_is_refused_without_an_accepted_accommodation(client_as):
    enrolment, submission, validating = _bookable()
    AccommodationFactory(enrolment=enrolment)  # asked for, not accepted yet
    url = reverse("mentoring:presentation_book", args=[submission.pk])
    start = _slot(enrolment, validating)
    response = client_as(enrolment.student).post(
        url, {"mentor": validating.pk, "start": start.isoformat(), "audio_only": "on"}
    )
    assert response.status_code == 200
    assert "Presentations are by video; audio only needs an accepted accommodation (ACC-1)." in _page(
        response
    )
    assert not Presentation.objects.exists()


@pytest.mark.django_db
def test_acc1_audio_only_is_booked_under_an_accepted_accommodation(client_as, make_user):
    enrolment, submission, validating = _bookable()
    AccommodationFactory(
        enrolment=enrolment,
        status=Accommodation.Status.ACCEPTED,
        audio_only=True,
        decided_by=make_user(Role.STUDENT_SUCCESS),
        decided_at=timezone.now(),
    )
    url = reverse("mentoring:presentation_book", args=[submission.pk])
    client = client_as(enrolment.student)
    assert "Audio only, under my accepted accommodation (ACC-1)" in _page(client.get(url))
    start = _slot(enrolment, validating)
    response = client.post(url, {"mentor": validating.pk, "start": start.isoformat(), "audio_only": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("students:project_detail", args=[submission.project_id])
    presentation = Presentation.objects.get()
    assert presentation.mode == Presentation.Mode.AUDIO
    assert (presentation.validating_mentor, presentation.scheduled_start) == (validating, start)
    assert presentation.scheduled_start - timezone.now() >= timedelta(hours=24)
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PRESENTATION_SCHEDULED
    assert OutboundEmail.objects.filter(key=f"prs-booked-mentor:{presentation.pk}").count() == 1
    assert OutboundEmail.objects.filter(key=f"prs-booked-student:{presentation.pk}").count() == 1


@pytest.mark.django_db
def test_trn1_b_a_time_outside_the_validating_mentors_free_times_is_refused(client_as):
    enrolment, submission, validating = _bookable()
    url = reverse("mentoring:presentation_book", args=[submission.pk])
    too_soon = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    response = client_as(enrolment.student).post(
        url, {"mentor": validating.pk, "start": too_soon.isoformat()}
    )
    assert response.status_code == 200
    assert "That time is not free in this mentor's availability: choose another one." in _page(response)
    assert not Presentation.objects.exists()


@pytest.mark.django_db
def test_trn1_b_a_project_that_is_not_in_depth_has_no_presentation(client_as):
    enrolment, submission, validating = _bookable(in_depth=False)
    client = client_as(enrolment.student)
    page = _page(client.get(reverse("students:project_detail", args=[submission.project_id])))
    assert reverse("mentoring:presentation_book", args=[submission.pk]) not in page
    response = client.post(
        reverse("mentoring:presentation_book", args=[submission.pk]),
        {"mentor": validating.pk, "start": _slot(enrolment, validating).isoformat()},
    )
    assert response.status_code == 200
    assert "Only in-depth projects have a final presentation (TRN-1 b)." in _page(response)
    assert not Presentation.objects.exists()


@pytest.mark.django_db
def test_trn1_b_the_student_cancels_a_presentation_to_come_with_a_reason(client_as):
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment), hours=72)
    url = reverse("mentoring:presentation_cancel", args=[presentation.pk])
    client = client_as(enrolment.student)
    assert client.get(url).status_code == 405
    client.post(url, {"reason": ""})
    assert Presentation.objects.get(pk=presentation.pk).status == Presentation.Status.SCHEDULED
    assert client_as(_enrolment().student).post(url, {"reason": "Not mine."}).status_code == 404
    response = client_as(enrolment.student).post(url, {"reason": "I am ill."})
    assert response["Location"] == reverse(
        "students:project_detail", args=[presentation.submission.project_id]
    )
    presentation.refresh_from_db()
    assert presentation.status == Presentation.Status.CANCELLED
    assert Submission.objects.get(pk=presentation.submission_id).status == Submission.Status.APPROVED
    assert OutboundEmail.objects.get(key=f"prs-cancelled:{presentation.pk}").to == [
        presentation.validating_mentor.email
    ]


# --- 5. The presentation: recording (REC-1) and conclusion (TRN-1 b) --------------------------------------


@pytest.mark.django_db
def test_rec1_no_recording_link_without_the_students_consent(client_as):
    enrolment = _enrolment(consent=False)
    presentation = _scheduled(enrolment, _project(enrolment))
    url = reverse("mentoring:presentation_detail", args=[presentation.pk])
    client = client_as(presentation.validating_mentor)
    assert "No consent to being recorded on file (REC-1)" in _page(client.get(url))
    response = client.post(url, {"form": "recording", "link": "https://video.example.org/rec/1"})
    assert response.status_code == 200
    assert "The student has not consented to being recorded (REC-1)" in _page(response)
    assert Presentation.objects.get(pk=presentation.pk).recording_url == ""


@pytest.mark.django_db
def test_rec1_the_recording_link_is_kept_with_consent(client_as):
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment))
    url = reverse("mentoring:presentation_detail", args=[presentation.pk])
    client = client_as(presentation.validating_mentor)
    response = client.post(url, {"form": "recording", "link": "http://video.example.org/rec/1"})
    assert "Give the recording's https:// link." in _page(response)
    response = client.post(url, {"form": "recording", "link": "https://video.example.org/rec/1"})
    assert response.status_code == 302
    assert Presentation.objects.get(pk=presentation.pk).recording_url == "https://video.example.org/rec/1"


def _conclusion(presentation, results: dict, comments: str = "") -> dict:
    data = {"form": "conclude", "comments": comments}
    for skill in presentation.submission.project.skills.all():
        data[f"skill_{skill.pk}"] = results.get(skill.pk, "acquired")
        data[f"comment_{skill.pk}"] = f"On {skill.name}."
    return data


@pytest.mark.django_db
def test_trn1_b_a_presentation_is_not_concluded_before_it_starts(client_as):
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment), hours=48)
    url = reverse("mentoring:presentation_detail", args=[presentation.pk])
    client = client_as(presentation.validating_mentor)
    assert "You assess the skills once the presentation has started." in _page(client.get(url))
    # The form only shows once the presentation started; a conclusion posted before is refused all the same.
    response = client.post(url, _conclusion(presentation, {}))
    assert response.status_code == 200
    assert "You assess the skills once the presentation has started." in _page(response)
    presentation.refresh_from_db()
    assert presentation.status == Presentation.Status.SCHEDULED and not presentation.assessments.exists()


@pytest.mark.django_db
def test_trn1_b_every_skill_is_assessed(client_as):
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment))
    first = presentation.submission.project.skills.order_by("position").first()
    data = _conclusion(presentation, {})
    del data[f"skill_{first.pk}"]
    response = client_as(presentation.validating_mentor).post(
        reverse("mentoring:presentation_detail", args=[presentation.pk]), data
    )
    assert response.status_code == 200
    assert f"Assess “{first.name}”: acquired or not." in _page(response)
    assert Presentation.objects.get(pk=presentation.pk).status == Presentation.Status.SCHEDULED


@pytest.mark.django_db
def test_trn1_b_one_skill_not_acquired_and_the_student_books_again(client_as):
    enrolment = _enrolment()
    project = _project(enrolment)
    presentation = _scheduled(enrolment, project, recording_url="https://video.example.org/rec/1")
    second = project.skills.order_by("position").last()
    response = client_as(presentation.validating_mentor).post(
        reverse("mentoring:presentation_detail", args=[presentation.pk]),
        _conclusion(presentation, {second.pk: "not_acquired"}, comments="Close."),
    )
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert (presentation.status, presentation.validated) == (Presentation.Status.HELD, False)
    assert presentation.assessments.get(skill=second).result == "not_acquired"
    submission = Submission.objects.get(pk=presentation.submission_id)
    assert submission.status == Submission.Status.NOT_VALIDATED
    assert OutboundEmail.objects.filter(key=f"prs-concluded:{presentation.pk}").count() == 1

    student = client_as(enrolment.student)
    page = _page(student.get(reverse("students:project_detail", args=[project.pk])))
    assert "Not validated" in page and f"{second.name}</strong>: Not acquired — On {second.name}." in page
    book = reverse("mentoring:presentation_book", args=[submission.pk])
    assert "Book another presentation" in page and book in page

    # Booking again, with another validating mentor, works.
    again = get_user_model().objects.get(pk=MentorAvailabilityFactory().mentor_id)
    _available_every_day(again)
    start = _slot(enrolment, again)
    response = student.post(book, {"mentor": again.pk, "start": start.isoformat()})
    assert response.status_code == 302, _page(response)
    assert submission.presentations.filter(status="scheduled").get().validating_mentor == again
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PRESENTATION_SCHEDULED


@pytest.mark.django_db
def test_trn1_b_every_skill_acquired_at_a_recorded_presentation_makes_the_student_eligible(client_as):
    """TRN-1: the path's one in-depth project was the last missing piece; once validated the student's
    page says they are eligible for a jury."""
    enrolment = _enrolment()
    project = _project(enrolment, project__title="Build an API")
    presentation = _scheduled(enrolment, project)
    student_page = reverse("students:dashboard")
    page = _page(client_as(enrolment.student).get(student_page))
    assert "Build an API: every skill to be validated at a recorded presentation" in page
    assert "you are eligible for a jury" not in page

    validator = client_as(presentation.validating_mentor)
    url = reverse("mentoring:presentation_detail", args=[presentation.pk])
    assert (
        validator.post(url, {"form": "recording", "link": "https://video.example.org/rec/9"}).status_code
        == 302
    )
    response = validator.post(url, _conclusion(presentation, {}, comments="Clear and complete."))
    assert response.status_code == 302
    assert "Concluded: the project is validated (TRN-1 b)." in _page(validator.get(url))
    presentation.refresh_from_db()
    assert (presentation.status, presentation.validated) == (Presentation.Status.HELD, True)
    assert presentation.assessments.filter(result="acquired").count() == 2
    assert Submission.objects.get(pk=presentation.submission_id).status == Submission.Status.VALIDATED

    page = _page(client_as(enrolment.student).get(student_page))
    assert "you are eligible for a jury" in page
    assert "every skill to be validated" not in page
    # Concluded once: a second conclusion is refused.
    response = client_as(presentation.validating_mentor).post(url, _conclusion(presentation, {}))
    assert response.status_code == 200
    assert Presentation.objects.get(pk=presentation.pk).status == Presentation.Status.HELD


@pytest.mark.django_db
def test_trn1_b_rec1_the_page_asks_for_the_recording_before_the_conclusion(client_as):
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment))
    response = client_as(presentation.validating_mentor).post(
        reverse("mentoring:presentation_detail", args=[presentation.pk]), _conclusion(presentation, {})
    )
    assert response.status_code == 200
    assert "Save the recording's link first" in _page(response)
    assert (
        Submission.objects.get(pk=presentation.submission_id).status
        == Submission.Status.PRESENTATION_SCHEDULED
    )


# --- 6. Fraud at a presentation (DIS-11) --------------------------------------------------------------------


@pytest.mark.django_db
def test_dis11_fraud_flagged_at_a_presentation_opens_a_case_with_it_as_evidence(client_as):
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment))
    url = reverse("discipline:flag_presentation_fraud", args=[presentation.pk])
    client = client_as(presentation.validating_mentor)
    response = client.post(url, {"summary": "  "})
    assert response.status_code == 200
    assert not Case.objects.exists()

    response = client.post(url, {"summary": "Another person answered the questions off camera."})
    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:presentation_detail", args=[presentation.pk])
    case = Case.objects.get()
    assert (case.enrolment, case.source, case.opened_by) == (
        enrolment,
        Case.Source.FRAUD,
        presentation.validating_mentor,
    )
    assert case.summary == "Another person answered the questions off camera."
    evidence = CaseEvidence.objects.get(case=case)
    assert (evidence.presentation, evidence.submission) == (presentation, presentation.submission)
    assert evidence.added_by == presentation.validating_mentor
    assert f"Case #{case.pk} opened for the Disciplinary Board (DIS-11)." in _page(
        client.get(response["Location"])
    )


# --- 7. Constant queries as rows grow -----------------------------------------------------------------------


def _grow_path(enrolment, n: int, *, mentor=None) -> None:
    """``n`` more projects on the path, each with work handed in over two rounds, two deliverables and a
    held presentation whose skills were assessed."""
    for _ in range(n):
        project = _project(enrolment)
        submission = SubmissionFactory(
            enrolment=enrolment,
            project=project,
            status=Submission.Status.NOT_VALIDATED,
            round=2,
            submitted_at=timezone.now(),
            own_work_declared_at=timezone.now(),
            approved_by=enrolment.mentor,
            approved_at=timezone.now(),
        )
        _deliverable(submission, round_=1)
        _deliverable(submission)
        _deliverable(submission)
        presentation = PresentationFactory(
            submission=submission,
            status="held",
            validated=False,
            scheduled_start=timezone.now() - timedelta(days=2),
        )
        for skill in project.skills.all():
            SkillAssessmentFactory(presentation=presentation, skill=skill, comment="Fine.")


def _grow_work(submission, n: int, *, validator=None) -> None:
    """``n`` more deliverables, skills and held presentations (with assessments) on one submission."""
    project = submission.project
    for _ in range(n):
        _deliverable(submission)
        SkillFactory(project=project, position=project.skills.count() + 1)
        held = PresentationFactory(
            submission=submission,
            status="held",
            validated=False,
            scheduled_start=timezone.now() - timedelta(days=30),
            **({"validating_mentor": validator} if validator else {}),
        )
        for skill in project.skills.all():
            SkillAssessmentFactory(presentation=held, skill=skill)


N = 2
# Measured at N (small); the count must not move when the rows triple, nor exceed these.
MY_PROJECTS_BUDGET = 20
PROJECT_PAGE_BUDGET = 15
REVIEW_BUDGET = 11
PRESENTATION_BUDGET = 12
DASHBOARD_BUDGET = 19


@pytest.mark.django_db
def test_trn1_my_projects_issues_constant_queries(client_as, count_queries, django_assert_max_num_queries):
    enrolment = _enrolment()
    client = client_as(enrolment.student)
    url = reverse("students:projects")
    _grow_path(enrolment, N)
    small = count_queries(client, url)
    _grow_path(enrolment, 2 * N)
    with django_assert_max_num_queries(MY_PROJECTS_BUDGET):
        large = count_queries(client, url)
    assert large == small


@pytest.mark.django_db
def test_trn1_the_project_page_issues_constant_queries(
    client_as, count_queries, django_assert_max_num_queries
):
    enrolment = _enrolment()
    project = _project(enrolment)
    submission = _scheduled(enrolment, project).submission
    client = client_as(enrolment.student)
    url = reverse("students:project_detail", args=[project.pk])
    _grow_path(enrolment, N)
    _grow_work(submission, N)
    small = count_queries(client, url)
    _grow_path(enrolment, 2 * N)
    _grow_work(submission, 2 * N)
    with django_assert_max_num_queries(PROJECT_PAGE_BUDGET):
        large = count_queries(client, url)
    assert large == small


@pytest.mark.django_db
def test_trn1_a_the_review_page_issues_constant_queries(
    client_as, count_queries, django_assert_max_num_queries
):
    enrolment = _enrolment()
    submission = _submit(enrolment, _project(enrolment), files=[_file("report.pdf", PDF)])
    client = client_as(enrolment.mentor)
    url = reverse("mentoring:submission_review", args=[submission.pk])
    _grow_work(submission, N)
    small = count_queries(client, url)
    _grow_work(submission, 2 * N)
    with django_assert_max_num_queries(REVIEW_BUDGET):
        large = count_queries(client, url)
    assert large == small


@pytest.mark.django_db
def test_trn1_b_the_presentation_page_issues_constant_queries(
    client_as, count_queries, django_assert_max_num_queries
):
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment))
    client = client_as(presentation.validating_mentor)
    url = reverse("mentoring:presentation_detail", args=[presentation.pk])
    _grow_work(presentation.submission, N)
    small = count_queries(client, url)
    _grow_work(presentation.submission, 2 * N)
    with django_assert_max_num_queries(PRESENTATION_BUDGET):
        large = count_queries(client, url)
    assert large == small


@pytest.mark.django_db
def test_trn1_the_mentor_dashboard_with_reviews_and_presentations_issues_constant_queries(
    make_user, client_as, count_queries, django_assert_max_num_queries
):
    """TRN-1: more mentees with work waiting and longer paths, more presentations to validate: the same
    number of queries."""
    mentor = make_user(Role.MENTOR)
    client = client_as(mentor)
    url = reverse("mentoring:dashboard")

    waiting, heard = [], []

    def add(n: int) -> None:
        for _ in range(n):
            mentee = _enrolment(mentor=mentor)
            _grow_path(mentee, 2)
            waiting.append(_submit(mentee, _project(mentee)))
            other = _enrolment()
            heard.append(_scheduled(other, _project(other), hours=48, validating_mentor=mentor))

    add(N)
    small = count_queries(client, url)
    page = _page(client.get(url))
    assert "Projects waiting for your review" in page and "Presentations you validate" in page
    add(2 * N)
    with django_assert_max_num_queries(DASHBOARD_BUDGET):
        large = count_queries(client, url)
    assert large == small
    page = _page(client.get(url))
    assert all(reverse("mentoring:submission_review", args=[s.pk]) in page for s in waiting)
    assert all(reverse("mentoring:presentation_detail", args=[p.pk]) in page for p in heard)


# --- Student Success, in the admin ----------------------------------------------------------------------


@pytest.mark.django_db
def test_trn1_b_student_success_cancels_a_presentation_never_concluded_from_the_admin(client_as, make_user):
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment), hours=-48)
    success = make_user(Role.STUDENT_SUCCESS)
    url = reverse("admin:projects_presentation_cancel", args=[presentation.pk])
    response = client_as(success).post(url, {"reason": "The validating mentor left the school."}, follow=True)
    assert response.status_code == 200
    presentation.refresh_from_db()
    assert (presentation.status, presentation.submission.status) == ("cancelled", "approved")
    assert presentation.history.first().history_user == success


@pytest.mark.django_db
def test_ip1_student_success_opens_a_deliverable_from_the_submissions_admin_page(client_as, make_user):
    enrolment = _enrolment()
    submission = _submit(enrolment, _project(enrolment), files=[_file("report.pdf", PDF)])
    page = _page(
        client_as(make_user(Role.STUDENT_SUCCESS)).get(
            reverse("admin:projects_submission_change", args=[submission.pk])
        )
    )
    deliverable = submission.deliverables.get()
    assert reverse("students:deliverable_download", args=[deliverable.pk]) in page


@pytest.mark.django_db
def test_ip1_a_validating_mentor_whose_presentation_was_cancelled_no_longer_reads_the_files(client_as):
    enrolment = _enrolment()
    presentation = _scheduled(enrolment, _project(enrolment), hours=48)
    deliverable = _deliverable(presentation.submission)
    url = reverse("students:deliverable_download", args=[deliverable.pk])
    assert access_deliverable(presentation.validating_mentor, deliverable.pk) == deliverable
    project_services.presentation_cancel(presentation_id=presentation.pk, by=enrolment.student, reason="Ill.")
    assert client_as(presentation.validating_mentor).get(url).status_code == 404
