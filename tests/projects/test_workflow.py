"""The training's workflow through its services, against the database: handing work in (IP-1), the
mentor's review (TRN-1 a), booking the final presentation in a validating mentor's availability (TRN-1 b,
ACC-1), recording it (REC-1), concluding on every skill (TRN-1 b), fraud at it (DIS-11); each step's
e-mail exactly once and each status change in the history."""

import io
import zipfile
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from discipline.models import Case, CaseEvidence
from discipline.services import DisciplineError, case_open
from mentoring import services as mentoring_services
from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.models import OutboundEmail
from projects import services
from projects.models import Deliverable, Presentation, Submission
from projects.selectors import trn1_missing_by_enrolment
from tests.accounts.factories import UserFactory
from tests.mentoring.factories import MentorAvailabilityFactory, SessionFactory
from tests.projects.factories import PathProjectFactory, PresentationFactory, ProjectFactory, SkillFactory
from tests.students.factories import AccommodationFactory, EnrolmentFactory

PARIS = ZoneInfo("Europe/Paris")
# A Monday morning; the validating mentor is free on Tuesdays from 9:00 to 12:00.
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=PARIS)
TUESDAY_9 = datetime(2026, 12, 8, 9, 0, tzinfo=PARIS)

pytestmark = pytest.mark.django_db


def pdf(name="work.pdf", size=None):
    body = b"%PDF-1.4\n" + b"0" * ((size or 64) - 9)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def zip_of_code():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("main.py", "print('hello')\n")
    return SimpleUploadedFile("code.zip", buffer.getvalue(), content_type="application/zip")


@pytest.fixture
def path_of_two():
    """A path with an ordinary project and an in-depth one of two skills; a student who consented to being
    recorded; a validating mentor free on Tuesday mornings."""
    ordinary = PathProjectFactory(position=1, project=ProjectFactory(title="Set up"))
    in_depth = PathProjectFactory(
        path=ordinary.path, position=2, project=ProjectFactory(title="Build an API", in_depth=True)
    )
    skills = [
        SkillFactory(project=in_depth.project, name=n, position=i) for i, n in enumerate(["Model", "Test"], 1)
    ]
    enrolment = EnrolmentFactory(path=ordinary.path, recording_consent=True, recording_consent_at=NOW)
    validator = UserFactory(roles=["mentor"])
    MentorAvailabilityFactory(mentor=validator, weekday=1, starts_at=time(9), ends_at=time(12))
    return {
        "ordinary": ordinary.project,
        "in_depth": in_depth.project,
        "skills": skills,
        "enrolment": enrolment,
        "validator": validator,
    }


def submit(enrolment, project, *, now=NOW, **kwargs):
    kwargs = {"files": [pdf()], "declared_own_work": True} | kwargs
    return services.submission_submit(
        enrolment=enrolment, project_id=project.pk, by=enrolment.student, now=now, **kwargs
    )


def approve(submission, *, now=NOW):
    mentor = submission.enrolment.mentor
    return services.submission_review(
        submission_id=submission.pk, by=mentor, approve=True, comment="Good.", now=now
    )


def book(data, *, start=TUESDAY_9, now=NOW, audio_only=False):
    submission = Submission.objects.get(enrolment=data["enrolment"], project=data["in_depth"])
    return mentoring_services.presentation_book(
        submission_id=submission.pk,
        validating_mentor=data["validator"],
        start=start,
        audio_only=audio_only,
        student=data["enrolment"].student,
        now=now,
    )


def keys(prefix):
    return sorted(OutboundEmail.objects.filter(key__startswith=prefix).values_list("key", flat=True))


# --- Handing work in (IP-1) ---------------------------------------------------------------------------


def test_ip1_handed_in_files_are_kept_privately_with_the_round_the_statement_and_one_email_to_the_mentor(
    path_of_two,
):
    enrolment = path_of_two["enrolment"]
    submission = submit(
        enrolment,
        path_of_two["ordinary"],
        files=[pdf(), zip_of_code()],
        link="https://git.example.org/a",
        sources="MDN",
    )
    assert submission.status == Submission.Status.SUBMITTED
    assert (submission.round, submission.own_work_declared_at, submission.sources) == (1, NOW, "MDN")
    kinds = sorted(Deliverable.objects.filter(submission=submission).values_list("content_type", "round"))
    assert kinds == [("application/pdf", 1), ("application/zip", 1)]
    stored = Deliverable.objects.filter(submission=submission).first()
    # Private storage, outside the public media folder.
    assert stored.file.path.startswith(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert not stored.file.path.startswith(settings.MEDIA_ROOT)
    assert keys("prj-submitted:") == [f"prj-submitted:{submission.pk}:1"]
    assert OutboundEmail.objects.get(key=f"prj-submitted:{submission.pk}:1").to == [enrolment.mentor.email]
    assert submission.history.first().history_change_reason.endswith("(IP-1).")


def test_ip1_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_stored(path_of_two):
    fake = SimpleUploadedFile("work.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    broken_zip = SimpleUploadedFile("code.zip", b"PK\x03\x04 truncated", content_type="application/zip")
    for upload in (fake, broken_zip):
        with pytest.raises(services.SubmissionError, match="is not a PDF, a ZIP archive, a PNG or a JPEG"):
            submit(path_of_two["enrolment"], path_of_two["ordinary"], files=[upload])
    assert not Deliverable.objects.exists()
    assert not Submission.objects.filter(status=Submission.Status.SUBMITTED).exists()
    assert not OutboundEmail.objects.exists()


def test_ip1_a_file_of_exactly_25_mb_is_taken_and_one_byte_more_is_not(path_of_two):
    enrolment = path_of_two["enrolment"]
    with pytest.raises(services.SubmissionError, match="larger than 25 MB"):
        submit(enrolment, path_of_two["ordinary"], files=[pdf(size=25 * 1024 * 1024 + 1)])
    submission = submit(enrolment, path_of_two["ordinary"], files=[pdf(size=25 * 1024 * 1024)])
    assert submission.deliverables.get().size == 25 * 1024 * 1024


def test_ip1_work_without_the_statement_is_refused(path_of_two):
    with pytest.raises(services.SubmissionError, match=r"your own .*\(IP-1\)"):
        submit(path_of_two["enrolment"], path_of_two["ordinary"], declared_own_work=False)


def test_trn1_a_a_project_off_the_students_path_is_not_handed_in(path_of_two):
    elsewhere = ProjectFactory()
    with pytest.raises(services.SubmissionError, match="not on your path"):
        submit(path_of_two["enrolment"], elsewhere)


def test_trn1_a_work_with_the_mentor_is_not_submitted_twice(path_of_two):
    submit(path_of_two["enrolment"], path_of_two["ordinary"])
    with pytest.raises(services.SubmissionError, match="with your mentor or already approved"):
        submit(path_of_two["enrolment"], path_of_two["ordinary"])


# --- The mentor's review (TRN-1 a) ---------------------------------------------------------------------


def test_trn1_a_only_the_students_own_mentor_approves(path_of_two):
    submission = submit(path_of_two["enrolment"], path_of_two["ordinary"])
    for someone_else in (path_of_two["validator"], UserFactory(roles=["student_success"])):
        with pytest.raises(services.SubmissionError, match=r"own mentor .*\(TRN-1 a\)"):
            services.submission_review(submission_id=submission.pk, by=someone_else, approve=True, now=NOW)
    approved = approve(submission)
    assert (approved.status, approved.approved_by, approved.approved_at) == (
        Submission.Status.APPROVED,
        path_of_two["enrolment"].mentor,
        NOW,
    )
    assert approved.history.first().history_change_reason == "Approved by the student's mentor (TRN-1 a)."
    assert keys("prj-approved:") == [f"prj-approved:{submission.pk}"]


def test_trn1_a_a_returned_project_is_resubmitted_as_the_next_round_and_each_round_emails_once(path_of_two):
    enrolment = path_of_two["enrolment"]
    submission = submit(enrolment, path_of_two["ordinary"])
    with pytest.raises(services.SubmissionError, match="Say what to change"):
        services.submission_review(
            submission_id=submission.pk, by=enrolment.mentor, approve=False, comment=" ", now=NOW
        )
    services.submission_review(
        submission_id=submission.pk, by=enrolment.mentor, approve=False, comment="Add a README.", now=NOW
    )
    again = submit(
        enrolment,
        path_of_two["ordinary"],
        files=[],
        link="https://git.example.org/b",
        now=NOW + timedelta(days=1),
    )
    assert (again.round, again.status, again.deliverables_url) == (
        2,
        Submission.Status.SUBMITTED,
        "https://git.example.org/b",
    )
    assert keys("prj-submitted:") == [f"prj-submitted:{submission.pk}:1", f"prj-submitted:{submission.pk}:2"]
    assert keys("prj-returned:") == [f"prj-returned:{submission.pk}:1"]
    # The first round's files stay on record; the second round handed in a link only.
    assert list(again.deliverables.values_list("round", flat=True)) == [1]
    statuses = [h.status for h in again.history.order_by("history_date", "history_id")]
    assert statuses[-3:] == ["submitted", "changes_requested", "submitted"]


# --- Booking the final presentation (TRN-1 b, ACC-1) ------------------------------------------------------


def _approved_in_depth(data):
    approve(submit(data["enrolment"], data["in_depth"]))


def test_trn1_b_a_presentation_is_offered_from_exactly_24_hours_ahead_in_the_validators_availability(
    path_of_two,
):
    _approved_in_depth(path_of_two)
    slots = mentoring_services.presentation_slots(
        validating_mentor_id=path_of_two["validator"].pk, enrolment_id=path_of_two["enrolment"].pk, now=NOW
    )
    assert slots[:3] == [TUESDAY_9, TUESDAY_9 + timedelta(hours=1), TUESDAY_9 + timedelta(hours=2)]
    later = mentoring_services.presentation_slots(
        validating_mentor_id=path_of_two["validator"].pk,
        enrolment_id=path_of_two["enrolment"].pk,
        now=NOW + timedelta(minutes=1),
    )
    assert later[0] == TUESDAY_9 + timedelta(hours=1)


def test_trn1_b_booking_takes_the_time_from_the_validators_calendar_and_emails_both_once(path_of_two):
    _approved_in_depth(path_of_two)
    presentation = book(path_of_two)
    assert (presentation.scheduled_start, presentation.mode, presentation.duration) == (
        TUESDAY_9,
        Presentation.Mode.VIDEO,
        timedelta(minutes=45),
    )
    assert presentation.submission.status == Submission.Status.PRESENTATION_SCHEDULED
    assert keys("prs-booked") == [
        f"prs-booked-mentor:{presentation.pk}",
        f"prs-booked-student:{presentation.pk}",
    ]
    # The time is taken: nobody else is offered it, and the mentor's own students cannot replace a session
    # into it.
    slots = mentoring_services.presentation_slots(
        validating_mentor_id=path_of_two["validator"].pk, enrolment_id=EnrolmentFactory().pk, now=NOW
    )
    assert TUESDAY_9 not in slots
    with pytest.raises(PolicyError, match="not free"):
        book(path_of_two, start=TUESDAY_9 + timedelta(minutes=30))


def test_trn1_b_the_students_own_mentor_cannot_be_the_validating_mentor(path_of_two):
    _approved_in_depth(path_of_two)
    own = path_of_two["enrolment"].mentor
    MentorAvailabilityFactory(mentor=own, weekday=1, starts_at=time(9), ends_at=time(12))
    with pytest.raises(services.SubmissionError, match=r"Your own mentor cannot validate .*\(TRN-1 b\)"):
        book(path_of_two | {"validator": own})
    assert not Presentation.objects.exists()


def test_trn1_b_a_presentation_never_clashes_with_the_students_own_session(path_of_two):
    _approved_in_depth(path_of_two)
    SessionFactory(enrolment=path_of_two["enrolment"], scheduled_start=TUESDAY_9 + timedelta(minutes=30))
    slots = mentoring_services.presentation_slots(
        validating_mentor_id=path_of_two["validator"].pk, enrolment_id=path_of_two["enrolment"].pk, now=NOW
    )
    assert TUESDAY_9 not in slots and TUESDAY_9 + timedelta(hours=1) not in slots


def test_acc1_audio_only_presentations_need_an_accepted_accommodation(path_of_two):
    _approved_in_depth(path_of_two)
    with pytest.raises(services.SubmissionError, match=r"\(ACC-1\)"):
        book(path_of_two, audio_only=True)
    AccommodationFactory(enrolment=path_of_two["enrolment"], status="accepted", audio_only=True)
    assert book(path_of_two, audio_only=True).mode == Presentation.Mode.AUDIO


def test_trn1_b_a_project_not_approved_yet_is_not_presented(path_of_two):
    submit(path_of_two["enrolment"], path_of_two["in_depth"])
    with pytest.raises(services.SubmissionError, match="once your mentor has approved"):
        book(path_of_two)


# --- Recording (REC-1), concluding (TRN-1 b), fraud (DIS-11) --------------------------------------------


def _held(data, *, consent=True):
    _approved_in_depth(data)
    presentation = book(data)
    if not consent:
        type(data["enrolment"]).objects.filter(pk=data["enrolment"].pk).update(
            recording_consent=False, recording_consent_at=None
        )
    return presentation


def conclude(presentation, data, *, acquired=(True, True), at=TUESDAY_9 + timedelta(minutes=45)):
    results = [
        services.SkillResult(s.pk, a, "ok" if a else "not shown")
        for s, a in zip(data["skills"], acquired, strict=True)
    ]
    return services.presentation_conclude(
        presentation_id=presentation.pk, by=data["validator"], results=results, comments="Thanks.", now=at
    )


def record(presentation, data, *, at=TUESDAY_9):
    return services.presentation_record(
        presentation_id=presentation.pk, by=data["validator"], link="https://video.example.org/rec/9", now=at
    )


def test_trn1_b_every_skill_acquired_at_a_recorded_presentation_validates_and_the_student_is_eligible(
    path_of_two,
):
    enrolment = path_of_two["enrolment"]
    approve(submit(enrolment, path_of_two["ordinary"]))
    presentation = _held(path_of_two)
    record(presentation, path_of_two)
    assert trn1_missing_by_enrolment(enrolments=[enrolment])[enrolment.pk] != []
    concluded = conclude(presentation, path_of_two)
    assert (concluded.status, concluded.validated, concluded.concluded_at) == (
        "held",
        True,
        TUESDAY_9 + timedelta(minutes=45),
    )
    assert Submission.objects.get(pk=presentation.submission_id).status == Submission.Status.VALIDATED
    assert trn1_missing_by_enrolment(enrolments=[enrolment])[enrolment.pk] == []
    email = OutboundEmail.objects.get(key=f"prs-concluded:{presentation.pk}")
    assert "you are eligible for a jury (TRN-1)" in email.body
    assert concluded.assessments.count() == 2


def test_trn1_b_one_skill_not_acquired_and_the_student_books_another_presentation(path_of_two):
    presentation = _held(path_of_two)
    record(presentation, path_of_two)
    concluded = conclude(presentation, path_of_two, acquired=(True, False))
    assert concluded.validated is False
    assert Submission.objects.get(pk=presentation.submission_id).status == Submission.Status.NOT_VALIDATED
    again = book(path_of_two, start=TUESDAY_9 + timedelta(days=7), now=TUESDAY_9 + timedelta(hours=1))
    assert again.pk != presentation.pk and again.submission.status == Submission.Status.PRESENTATION_SCHEDULED


def test_rec1_a_student_without_consent_to_being_recorded_does_not_book_a_presentation(path_of_two):
    _approved_in_depth(path_of_two)
    enrolment = path_of_two["enrolment"]
    type(enrolment).objects.filter(pk=enrolment.pk).update(recording_consent=False, recording_consent_at=None)
    with pytest.raises(services.SubmissionError, match=r"consent to being recorded is not on file"):
        book(path_of_two)
    assert not Presentation.objects.exists()


def test_rec1_the_recording_is_saved_once_started_and_before_the_conclusion(path_of_two):
    presentation = _held(path_of_two)
    with pytest.raises(services.SubmissionError, match="once the presentation has started"):
        record(presentation, path_of_two, at=TUESDAY_9 - timedelta(seconds=1))
    with pytest.raises(services.SubmissionError, match="Save the recording's link first"):
        conclude(presentation, path_of_two)
    record(presentation, path_of_two, at=TUESDAY_9)
    conclude(presentation, path_of_two)
    with pytest.raises(services.SubmissionError, match="concluded or cancelled"):
        record(presentation, path_of_two)


def test_rec1_consent_withdrawn_after_booking_the_presentation_is_not_recorded_and_cannot_validate(
    path_of_two,
):
    presentation = _held(path_of_two, consent=False)
    with pytest.raises(services.SubmissionError, match=r"not consented to being recorded \(REC-1\)"):
        record(presentation, path_of_two)
    concluded = conclude(presentation, path_of_two)
    assert (concluded.recording_url, concluded.validated) == ("", False)
    assert "was not recorded" in OutboundEmail.objects.get(key=f"prs-concluded:{presentation.pk}").body


def test_trn1_b_only_the_validating_mentor_concludes_and_only_once_the_presentation_has_started(path_of_two):
    presentation = _held(path_of_two)
    own = path_of_two["enrolment"].mentor
    with pytest.raises(services.SubmissionError, match=r"Only the validating mentor .*\(TRN-1 b\)"):
        conclude(presentation, path_of_two | {"validator": own})
    with pytest.raises(services.SubmissionError, match="has not started yet"):
        conclude(presentation, path_of_two, at=TUESDAY_9 - timedelta(seconds=1))
    record(presentation, path_of_two)
    conclude(presentation, path_of_two, at=TUESDAY_9)
    with pytest.raises(services.SubmissionError, match="already concluded"):
        conclude(presentation, path_of_two)
    assert keys("prs-concluded") == [
        f"prs-concluded-mentor:{presentation.pk}",
        f"prs-concluded:{presentation.pk}",
    ]
    assert OutboundEmail.objects.get(key=f"prs-concluded-mentor:{presentation.pk}").to == [own.email]


def test_trn1_b_a_cancelled_presentation_leaves_the_project_approved_and_tells_the_other_person(path_of_two):
    presentation = _held(path_of_two)
    student = path_of_two["enrolment"].student
    with pytest.raises(services.SubmissionError, match="Say why"):
        services.presentation_cancel(presentation_id=presentation.pk, by=student, reason="", now=NOW)
    services.presentation_cancel(presentation_id=presentation.pk, by=student, reason="Ill.", now=NOW)
    presentation.refresh_from_db()
    assert presentation.status == Presentation.Status.CANCELLED
    assert presentation.submission.status == Submission.Status.APPROVED
    assert OutboundEmail.objects.get(key=f"prs-cancelled:{presentation.pk}").to == [
        path_of_two["validator"].email
    ]
    # The time is free again.
    assert TUESDAY_9 in mentoring_services.presentation_slots(
        validating_mentor_id=path_of_two["validator"].pk, enrolment_id=path_of_two["enrolment"].pk, now=NOW
    )


def test_dis11_fraud_at_a_presentation_opens_a_case_with_the_presentation_as_evidence(path_of_two):
    presentation = PresentationFactory(
        submission__enrolment=path_of_two["enrolment"],
        validating_mentor=path_of_two["validator"],
        scheduled_start=NOW,
    )
    flag = {"source": Case.Source.FRAUD, "by": path_of_two["validator"], "presentation": presentation}
    with pytest.raises(DisciplineError, match="once it has started"):
        case_open(enrolment=path_of_two["enrolment"], summary="x", now=NOW - timedelta(seconds=1), **flag)
    case = case_open(
        enrolment=path_of_two["enrolment"], summary="Someone else answered off camera.", now=NOW, **flag
    )
    evidence = CaseEvidence.objects.get(case=case)
    assert (evidence.presentation, evidence.submission) == (presentation, presentation.submission)
    assert case.grounds.get().rule == "DIS-11"
    with pytest.raises(DisciplineError, match=f"Case #{case.pk} already holds this presentation"):
        case_open(enrolment=path_of_two["enrolment"], summary="Again.", now=NOW, **flag)
    with pytest.raises(DisciplineError, match="not this student's"):
        case_open(enrolment=EnrolmentFactory(), summary="x", now=NOW, **flag)


def test_dis11_a_cancelled_presentation_is_not_flagged(path_of_two):
    presentation = PresentationFactory(
        submission__enrolment=path_of_two["enrolment"],
        scheduled_start=NOW,
        status=Presentation.Status.CANCELLED,
    )
    with pytest.raises(DisciplineError, match="has not taken place"):
        case_open(
            enrolment=path_of_two["enrolment"],
            source=Case.Source.FRAUD,
            summary="x",
            by=path_of_two["validator"],
            presentation=presentation,
        )


def test_trn1_b_student_success_cancels_a_presentation_that_started_and_was_never_concluded(path_of_two):
    presentation = _held(path_of_two)
    student, success = path_of_two["enrolment"].student, UserFactory(roles=["student_success"])
    later = TUESDAY_9 + timedelta(days=2)
    with pytest.raises(services.SubmissionError, match="has started"):
        services.presentation_cancel(presentation_id=presentation.pk, by=student, reason="Gone.", now=later)
    services.presentation_cancel(
        presentation_id=presentation.pk, by=success, reason="Never concluded.", for_school=True, now=later
    )
    presentation.refresh_from_db()
    assert (presentation.status, presentation.submission.status) == ("cancelled", "approved")
    assert sorted(OutboundEmail.objects.get(key=f"prs-cancelled:{presentation.pk}").to) == sorted(
        [student.email, path_of_two["validator"].email]
    )


def test_issue16_each_person_told_of_a_cancellation_reads_it_in_their_own_language(path_of_two):
    presentation = _held(path_of_two)
    student, validator = path_of_two["enrolment"].student, path_of_two["validator"]
    type(student).objects.filter(pk=student.pk).update(language="fr")
    type(validator).objects.filter(pk=validator.pk).update(language="en")
    success = UserFactory(roles=["student_success"])
    services.presentation_cancel(
        presentation_id=presentation.pk, by=success, reason="Never concluded.", for_school=True,
        now=TUESDAY_9 + timedelta(days=2),
    )  # fmt: skip
    french = OutboundEmail.objects.get(key=f"prs-cancelled:{presentation.pk}:fr")
    english = OutboundEmail.objects.get(key=f"prs-cancelled:{presentation.pk}:en")
    assert (french.to, english.to) == ([student.email], [validator.email])
    assert "mardi 8 décembre 2026" in french.body
    assert "Tuesday 8 December 2026, 09:00" in english.body


def test_trn1_b_a_training_that_ended_books_no_presentation(path_of_two):
    _approved_in_depth(path_of_two)
    type(path_of_two["enrolment"]).objects.filter(pk=path_of_two["enrolment"].pk).update(status="terminated")
    with pytest.raises(PolicyError, match="training has ended"):
        book(path_of_two)


def test_chg1_trn1_an_approved_project_kept_on_a_new_path_keeps_its_files_and_its_validating_presentation(
    path_of_two,
):
    presentation = _held(path_of_two)
    record(presentation, path_of_two)
    conclude(presentation, path_of_two)
    old = path_of_two["enrolment"]
    new_path = PathProjectFactory(project=path_of_two["in_depth"], position=1).path
    type(old).objects.filter(pk=old.pk).update(status="transferred", ended_on=old.start_date)
    new = EnrolmentFactory(student=old.student, mentor=old.mentor, path=new_path)

    assert (
        services.submissions_carry_over(
            from_enrolment_id=old.pk, to_enrolment_id=new.pk, to_path_id=new_path.pk
        )
        == 1
    )

    kept = Submission.objects.get(enrolment=new)
    assert kept.status == Submission.Status.VALIDATED
    assert list(kept.deliverables.values_list("file", flat=True)) == list(
        Submission.objects.get(enrolment=old).deliverables.values_list("file", flat=True)
    )
    copy = kept.presentations.get()
    assert (copy.validated, copy.recording_url, copy.assessments.count()) == (
        True,
        "https://video.example.org/rec/9",
        2,
    )
    assert trn1_missing_by_enrolment(enrolments=[new])[new.pk] == []
