"""The students' services (SPEC SUS-1..SUS-4, CHG-1, CHG-2, ACC-1, HS-1, DIS-7) in ``students.services``.

Every service gets an explicit ``now``/``today``. The clock is Monday 2 November 2026, 10:00 in Paris: the
seventh business day after it is Thursday 12 November (Wednesday 11 November is a public holiday, CHG-1).
Sessions sit at 09:00 Paris time on the days that matter, so the day boundaries of a suspension are exact.

Tests that look at delivered e-mail (``django.core.mail.outbox``) wrap the calls that send it in
``django_capture_on_commit_callbacks(execute=True)``: e-mails go out from ``transaction.on_commit`` (Celery
runs eagerly in tests), which the block runs when it ends, as a real commit would.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from discipline.models import Decision, Hearing
from discipline.services import penalty_apply
from mentoring.models import MentoringSession
from openclassrooms.accounts.roles import Role
from projects.models import Submission
from students.models import (
    Accommodation,
    Document,
    Enrolment,
    PathChangeRequest,
    SuspensionRequest,
    TerminationRequest,
)
from students.services import (
    MAX_UPLOAD,
    DocumentError,
    RequestError,
    accommodation_grant,
    document_store,
    enrolments_resume_due,
    path_change_accept,
    path_change_submit,
    path_changes_apply_due,
    placement_acknowledge,
    request_attach_approval,
    request_refuse,
    suspension_approve,
    suspension_request_submit,
    suspensions_start_due,
    termination_submit,
    terminations_apply_due,
)
from tests.discipline.factories import CaseFactory, DocumentFactory
from tests.mentoring.factories import SessionFactory
from tests.projects.factories import PathFactory, PathProjectFactory, ProjectFactory, SubmissionFactory
from tests.students.factories import EnrolmentFactory, EnrolmentFundingFactory, PlacementFactory
from tests.utils import committed

PARIS = ZoneInfo("Europe/Paris")
# Monday 2 November 2026, 10:00 in Paris (09:00 UTC, winter time).
NOW = datetime(2026, 11, 2, 10, 0, tzinfo=PARIS)
TODAY = date(2026, 11, 2)
SIXTH_BUSINESS_DAY = date(2026, 11, 10)  # Tuesday (Wednesday 11 November is Armistice Day)
SEVENTH_BUSINESS_DAY = date(2026, 11, 12)  # Thursday
ONE_DAY = timedelta(days=1)
PDF = b"%PDF-1.4\n% the funding body's written approval\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32


def _pdf(name: str = "approval.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _at_nine(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=PARIS)


def _enrolment(**kwargs) -> Enrolment:
    kwargs.setdefault("start_date", date(2026, 9, 1))
    kwargs.setdefault("planned_end_date", date(2027, 8, 31))
    return EnrolmentFactory(**kwargs)


def _funded(**kwargs) -> Enrolment:
    """A student whose training a job centre pays for (SUS-4, CHG-2)."""
    enrolment = _enrolment(**kwargs)
    EnrolmentFundingFactory(enrolment=enrolment, kind="job_centre")
    return enrolment


def _self_funded(**kwargs) -> Enrolment:
    enrolment = _enrolment(**kwargs)
    EnrolmentFundingFactory(enrolment=enrolment, kind="self", body=None)
    return enrolment


def _suspend(enrolment, starts_on, ends_on, *, now=NOW, reason="Surgery and recovery.", **kwargs):
    return suspension_request_submit(
        enrolment=enrolment,
        student=enrolment.student,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        now=now,
        **kwargs,
    )


def _sent_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def success(make_user):
    return make_user(Role.STUDENT_SUCCESS)


# --- SUS-1, SUS-2: asking for a suspension -----------------------------------------------------------


@pytest.mark.django_db
def test_sus1_suspension_request_records_when_the_mentor_was_told_and_emails_them_once(
    django_capture_on_commit_callbacks,
):
    enrolment = _enrolment()
    with django_capture_on_commit_callbacks(execute=True):
        request = _suspend(enrolment, TODAY + timedelta(days=7), TODAY + timedelta(days=13))
    request.refresh_from_db()
    assert request.status == "submitted"
    assert request.mentor_notified_at == NOW
    assert len(_sent_to(enrolment.mentor.email)) == 1
    assert request.student_success_notified_at is None


@pytest.mark.django_db
def test_sus2_fifteen_days_is_not_notified_to_student_success(django_capture_on_commit_callbacks):
    enrolment = _enrolment()
    with django_capture_on_commit_callbacks(execute=True):
        request = _suspend(enrolment, TODAY + timedelta(days=7), TODAY + timedelta(days=7 + 14))
    request.refresh_from_db()
    assert (request.ends_on - request.starts_on).days + 1 == 15
    assert request.student_success_notified_at is None
    assert _sent_to(settings.STUDENT_SUCCESS_EMAIL) == []
    assert len(_sent_to(enrolment.mentor.email)) == 1


@pytest.mark.django_db
def test_sus2_sixteen_days_is_notified_to_student_success_once(django_capture_on_commit_callbacks):
    enrolment = _enrolment()
    with django_capture_on_commit_callbacks(execute=True):
        request = _suspend(enrolment, TODAY + timedelta(days=7), TODAY + timedelta(days=7 + 15))
    request.refresh_from_db()
    assert (request.ends_on - request.starts_on).days + 1 == 16
    assert request.student_success_notified_at == NOW
    assert len(_sent_to(settings.STUDENT_SUCCESS_EMAIL)) == 1
    assert len(_sent_to(enrolment.mentor.email)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("empty_reason", "Give the reason"),
        ("ends_before_start", "ends before it starts"),
        ("starts_in_the_past", "cannot start in the past"),
        ("another_students_enrolment", "not your enrolment"),
        ("suspended_enrolment", "not active"),
    ],
)
def test_sus1_bad_suspension_requests_are_refused(make_user, case, message):
    enrolment = _enrolment()
    student = enrolment.student
    starts_on, ends_on, reason = TODAY + timedelta(days=7), TODAY + timedelta(days=10), "Moving house."
    if case == "empty_reason":
        reason = "   "
    elif case == "ends_before_start":
        ends_on = starts_on - ONE_DAY
    elif case == "starts_in_the_past":
        starts_on = TODAY - ONE_DAY
    elif case == "another_students_enrolment":
        student = make_user(Role.STUDENT)
    elif case == "suspended_enrolment":
        enrolment.status, enrolment.suspended_until = "suspended", TODAY + timedelta(days=20)
        enrolment.save()
    with pytest.raises(RequestError, match=message):
        suspension_request_submit(
            enrolment=enrolment, student=student, starts_on=starts_on, ends_on=ends_on, reason=reason, now=NOW
        )
    assert not SuspensionRequest.objects.exists()


@pytest.mark.django_db
def test_sus1_a_suspension_may_start_today():
    enrolment = _enrolment()
    request = _suspend(enrolment, TODAY, TODAY + timedelta(days=3))
    assert request.pk and request.starts_on == TODAY


# --- SUS-4: the funding body's written approval, the end date, sessions, suspend and resume ---------


@pytest.mark.django_db
def test_sus4_funded_suspension_is_validated_only_once_the_approval_is_attached(success):
    enrolment = _funded()
    first, last = TODAY + timedelta(days=3), TODAY + timedelta(days=17)  # 15 days
    request = _suspend(enrolment, first, last)
    planned_end = enrolment.planned_end_date

    with pytest.raises(RequestError, match=r"SUS-4"):
        suspension_approve(request_id=request.pk, by=success, now=NOW)
    request.refresh_from_db()
    enrolment.refresh_from_db()
    assert request.status == "submitted" and request.decided_by is None
    assert enrolment.planned_end_date == planned_end

    request_attach_approval(request=request, by=enrolment.student, upload=_pdf())
    request.refresh_from_db()
    assert request.funder_approval.kind == Document.Kind.FUNDER_APPROVAL
    assert request.funder_approval.student == enrolment.student
    approved = suspension_approve(request_id=request.pk, by=success, now=NOW)
    assert approved.status == "approved"
    assert approved.decided_by == success and approved.decided_at == NOW
    enrolment.refresh_from_db()
    assert enrolment.planned_end_date == planned_end + timedelta(days=15)


@pytest.mark.django_db
def test_sus4_approval_cancels_the_sessions_inside_the_suspension_only(success):
    enrolment = _funded()
    first, last = TODAY + timedelta(days=3), TODAY + timedelta(days=17)
    before = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(first - ONE_DAY))
    on_first = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(first))
    on_last = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(last))
    day_after = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(last + ONE_DAY))
    request = _suspend(enrolment, first, last, approval=_pdf())

    with committed():
        suspension_approve(request_id=request.pk, by=success, now=NOW)

    for session in (on_first, on_last):
        session.refresh_from_db()
        assert session.status == MentoringSession.Status.CANCELLED
        assert session.outcome == MentoringSession.Outcome.ADMINISTRATIVE
    for session in (before, day_after):
        session.refresh_from_db()
        assert session.status == MentoringSession.Status.SCHEDULED
        assert session.outcome == MentoringSession.Outcome.PENDING


@pytest.mark.django_db
def test_sus4_a_suspension_starting_today_suspends_at_once_and_resumes_the_day_after_it_ends(success):
    enrolment = _funded()
    last = TODAY + timedelta(days=14)  # 15 days, today included
    request = _suspend(enrolment, TODAY, last, approval=_pdf())

    suspension_approve(request_id=request.pk, by=success, now=NOW)

    enrolment.refresh_from_db()
    request.refresh_from_db()
    assert enrolment.status == Enrolment.Status.SUSPENDED
    assert enrolment.suspended_until == last + ONE_DAY
    assert request.applied_at == NOW

    assert enrolments_resume_due(today=last) == 0
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.SUSPENDED

    assert enrolments_resume_due(today=last + ONE_DAY) == 1
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE and enrolment.suspended_until is None
    latest = enrolment.history.order_by("-history_date", "-history_id").first()
    assert latest.status == Enrolment.Status.ACTIVE
    assert "resume" in latest.history_change_reason
    assert enrolment.history.filter(status=Enrolment.Status.SUSPENDED).exists()


@pytest.mark.django_db
def test_sus4_a_future_suspension_starts_on_its_first_day_not_the_day_before(success):
    enrolment = _funded()
    first, last = TODAY + timedelta(days=5), TODAY + timedelta(days=9)
    request = _suspend(enrolment, first, last, approval=_pdf())
    suspension_approve(request_id=request.pk, by=success, now=NOW)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE

    assert suspensions_start_due(today=first - ONE_DAY, now=NOW) == 0
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE

    started_at = _at_nine(first)
    assert suspensions_start_due(today=first, now=started_at) == 1
    enrolment.refresh_from_db()
    request.refresh_from_db()
    assert enrolment.status == Enrolment.Status.SUSPENDED
    assert enrolment.suspended_until == last + ONE_DAY
    assert request.applied_at == started_at
    assert suspensions_start_due(today=first + ONE_DAY, now=started_at) == 0  # once only

    assert enrolments_resume_due(today=last + ONE_DAY) == 1
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


@pytest.mark.django_db
def test_sus4_a_self_funded_student_needs_no_approval(success):
    enrolment = _self_funded()
    planned_end = enrolment.planned_end_date
    request = _suspend(enrolment, TODAY + timedelta(days=3), TODAY + timedelta(days=12))  # 10 days
    approved = suspension_approve(request_id=request.pk, by=success, now=NOW)
    assert approved.status == "approved" and approved.funder_approval is None
    enrolment.refresh_from_db()
    assert enrolment.planned_end_date == planned_end + timedelta(days=10)


@pytest.mark.django_db
def test_sus4_the_student_is_told_the_suspension_is_approved(success, django_capture_on_commit_callbacks):
    enrolment = _self_funded()
    request = _suspend(enrolment, TODAY + timedelta(days=3), TODAY + timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        suspension_approve(request_id=request.pk, by=success, now=NOW)
    assert len(_sent_to(enrolment.student.email)) == 1


# --- SUS-3: one week, asked before it starts, may be authorised by the mentor ------------------------


@pytest.mark.django_db
def test_sus3_the_mentor_authorises_seven_days_requested_before_the_start():
    enrolment = _funded()
    first = TODAY + timedelta(days=7)
    request = _suspend(enrolment, first, first + timedelta(days=6), approval=_pdf())  # 7 days
    approved = suspension_approve(request_id=request.pk, by=enrolment.mentor, as_mentor=True, now=NOW)
    assert approved.status == "approved" and approved.decided_by == enrolment.mentor


@pytest.mark.django_db
def test_sus3_the_mentor_cannot_authorise_eight_days(success):
    enrolment = _self_funded()
    first = TODAY + timedelta(days=7)
    request = _suspend(enrolment, first, first + timedelta(days=7))  # 8 days
    with pytest.raises(RequestError, match=r"SUS-3"):
        suspension_approve(request_id=request.pk, by=enrolment.mentor, as_mentor=True, now=NOW)
    request.refresh_from_db()
    assert request.status == "submitted"
    # Student Success may still validate it.
    assert suspension_approve(request_id=request.pk, by=success, now=NOW).status == "approved"


@pytest.mark.django_db
def test_sus3_the_mentor_cannot_authorise_a_request_made_on_the_start_day():
    enrolment = _self_funded()
    request = _suspend(enrolment, TODAY, TODAY + timedelta(days=2))
    with pytest.raises(RequestError, match=r"SUS-3"):
        suspension_approve(request_id=request.pk, by=enrolment.mentor, as_mentor=True, now=NOW)
    request.refresh_from_db()
    assert request.status == "submitted"


@pytest.mark.django_db
def test_sus3_another_mentor_cannot_authorise(make_user):
    enrolment = _self_funded()
    request = _suspend(enrolment, TODAY + timedelta(days=7), TODAY + timedelta(days=9))
    with pytest.raises(RequestError, match=r"SUS-3"):
        suspension_approve(request_id=request.pk, by=make_user(Role.MENTOR), as_mentor=True, now=NOW)
    request.refresh_from_db()
    assert request.status == "submitted"


# --- Refusing, and deciding only once ----------------------------------------------------------------


@pytest.mark.django_db
def test_sus1_a_refusal_needs_a_reason(success):
    enrolment = _enrolment()
    request = _suspend(enrolment, TODAY + timedelta(days=7), TODAY + timedelta(days=9))
    with pytest.raises(RequestError, match="reason"):
        request_refuse(model=SuspensionRequest, request_id=request.pk, by=success, reason="  ", now=NOW)
    request.refresh_from_db()
    assert request.status == "submitted"


@pytest.mark.django_db
def test_sus1_a_refusal_is_recorded_and_emailed_to_the_student(success, django_capture_on_commit_callbacks):
    enrolment = _enrolment()
    request = _suspend(enrolment, TODAY + timedelta(days=7), TODAY + timedelta(days=9))
    with django_capture_on_commit_callbacks(execute=True):
        refused = request_refuse(
            model=SuspensionRequest, request_id=request.pk, by=success, reason=" Exams that week. ", now=NOW
        )
    assert refused.status == "refused"
    assert refused.decision_reason == "Exams that week."
    assert refused.decided_by == success and refused.decided_at == NOW
    assert len(_sent_to(enrolment.student.email)) == 1


@pytest.mark.django_db
def test_sus1_a_decided_request_cannot_be_decided_again(success):
    enrolment = _self_funded()
    refused = _suspend(enrolment, TODAY + timedelta(days=7), TODAY + timedelta(days=9))
    request_refuse(model=SuspensionRequest, request_id=refused.pk, by=success, reason="No.", now=NOW)
    with pytest.raises(RequestError, match="already decided"):
        suspension_approve(request_id=refused.pk, by=success, now=NOW)
    with pytest.raises(RequestError, match="already decided"):
        request_refuse(model=SuspensionRequest, request_id=refused.pk, by=success, reason="Again.", now=NOW)
    refused.refresh_from_db()
    with pytest.raises(RequestError, match="already decided"):
        request_attach_approval(request=refused, by=success, upload=_pdf())

    approved = _suspend(enrolment, TODAY + timedelta(days=20), TODAY + timedelta(days=22))
    suspension_approve(request_id=approved.pk, by=success, now=NOW)
    with pytest.raises(RequestError, match="already decided"):
        suspension_approve(request_id=approved.pk, by=success, now=NOW)
    with pytest.raises(RequestError, match="already decided"):
        request_refuse(model=SuspensionRequest, request_id=approved.pk, by=success, reason="No.", now=NOW)
    enrolment.refresh_from_db()
    assert enrolment.planned_end_date == date(2027, 8, 31) + timedelta(days=3)  # moved once only


# --- SUS-1: stopping the training ----------------------------------------------------------------------


@pytest.mark.django_db
def test_sus1_stopping_today_tells_the_mentor_cancels_sessions_and_ends_the_enrolment(
    django_capture_on_commit_callbacks,
):
    enrolment = _enrolment()
    yesterday = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(TODAY - ONE_DAY))
    this_afternoon = SessionFactory(
        enrolment=enrolment, scheduled_start=datetime(2026, 11, 2, 15, 0, tzinfo=PARIS)
    )
    next_week = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(TODAY + timedelta(days=7)))

    with django_capture_on_commit_callbacks(execute=True):
        request = termination_submit(
            enrolment=enrolment, student=enrolment.student, effective_on=TODAY, reason="A job offer.", now=NOW
        )

    request.refresh_from_db()
    assert request.mentor_notified_at == NOW and request.applied_at == NOW
    assert len(_sent_to(enrolment.mentor.email)) == 1
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.TERMINATED
    assert enrolment.ended_on == TODAY
    for session in (this_afternoon, next_week):
        session.refresh_from_db()
        assert session.status == MentoringSession.Status.CANCELLED
        assert session.outcome == MentoringSession.Outcome.ADMINISTRATIVE
    yesterday.refresh_from_db()
    assert yesterday.status == MentoringSession.Status.SCHEDULED


@pytest.mark.django_db
def test_sus1_a_stop_on_a_later_date_applies_on_that_date():
    enrolment = _enrolment()
    effective_on = TODAY + timedelta(days=10)
    before = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(effective_on - ONE_DAY))
    on_the_day = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(effective_on))

    with committed():
        request = termination_submit(
            enrolment=enrolment,
            student=enrolment.student,
            effective_on=effective_on,
            reason="Moving.",
            now=NOW,
        )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE and enrolment.ended_on is None
    on_the_day.refresh_from_db()
    before.refresh_from_db()
    assert on_the_day.outcome == MentoringSession.Outcome.ADMINISTRATIVE
    assert before.status == MentoringSession.Status.SCHEDULED

    assert terminations_apply_due(today=effective_on - ONE_DAY, now=NOW) == 0
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE

    applied_at = _at_nine(effective_on)
    assert terminations_apply_due(today=effective_on, now=applied_at) == 1
    enrolment.refresh_from_db()
    request.refresh_from_db()
    assert enrolment.status == Enrolment.Status.TERMINATED and enrolment.ended_on == effective_on
    assert request.applied_at == applied_at
    assert terminations_apply_due(today=effective_on + ONE_DAY, now=applied_at) == 0


@pytest.mark.django_db
def test_sus1_a_stop_in_the_past_or_without_reason_is_refused():
    enrolment = _enrolment()
    with pytest.raises(RequestError, match="past"):
        termination_submit(
            enrolment=enrolment, student=enrolment.student, effective_on=TODAY - ONE_DAY, reason="x", now=NOW
        )
    with pytest.raises(RequestError, match="reason"):
        termination_submit(
            enrolment=enrolment, student=enrolment.student, effective_on=TODAY, reason=" ", now=NOW
        )
    assert not TerminationRequest.objects.exists()


# --- CHG-1, CHG-2: changing path -----------------------------------------------------------------------


def _change(enrolment, to_path, *, consulted=NOW - timedelta(days=3), now=NOW, **kwargs):
    return path_change_submit(
        enrolment=enrolment,
        student=enrolment.student,
        to_path=to_path,
        mentor_consulted_at=consulted,
        reason="Data suits me better.",
        now=now,
        **kwargs,
    )


@pytest.mark.django_db
def test_chg1_submitted_on_monday_2_november_takes_effect_from_thursday_12_november():
    enrolment = _enrolment()
    request = _change(enrolment, PathFactory())
    assert request.earliest_effective_on == SEVENTH_BUSINESS_DAY
    assert request.earliest_effective_on.weekday() == 3  # Thursday
    assert request.mentor_consulted_at == NOW - timedelta(days=3)
    assert request.mentor_notified_at == NOW and request.status == "submitted"


@pytest.mark.django_db
def test_chg1_a_change_to_the_current_path_is_refused():
    enrolment = _enrolment()
    with pytest.raises(RequestError, match="already on this path"):
        _change(enrolment, enrolment.path)
    assert not PathChangeRequest.objects.exists()


@pytest.mark.django_db
def test_chg1_a_change_without_consulting_the_mentor_is_refused():
    enrolment = _enrolment()
    with pytest.raises(RequestError, match="CHG-1"):
        _change(enrolment, PathFactory(), consulted=None)
    assert not PathChangeRequest.objects.exists()


@pytest.mark.django_db
def test_chg1_the_sixth_business_day_is_refused_and_the_seventh_accepted(success):
    enrolment = _self_funded()
    request = _change(enrolment, PathFactory())
    with pytest.raises(RequestError, match="CHG-1"):
        path_change_accept(request_id=request.pk, by=success, effective_on=SIXTH_BUSINESS_DAY, now=NOW)
    request.refresh_from_db()
    assert request.status == "submitted" and request.effective_on is None

    accepted = path_change_accept(
        request_id=request.pk, by=success, effective_on=SEVENTH_BUSINESS_DAY, now=NOW
    )
    assert accepted.status == "approved" and accepted.effective_on == SEVENTH_BUSINESS_DAY
    assert accepted.decided_by == success and accepted.applied_at is None


@pytest.mark.django_db
def test_chg2_a_funded_change_needs_the_funding_bodys_approval(success):
    enrolment = _funded()
    request = _change(enrolment, PathFactory())
    with pytest.raises(RequestError, match="CHG-2"):
        path_change_accept(request_id=request.pk, by=success, effective_on=SEVENTH_BUSINESS_DAY, now=NOW)
    request.refresh_from_db()
    assert request.status == "submitted"

    request_attach_approval(request=request, by=success, upload=_pdf())
    accepted = path_change_accept(
        request_id=request.pk, by=success, effective_on=SEVENTH_BUSINESS_DAY, now=NOW
    )
    assert accepted.status == "approved"


@pytest.mark.django_db
def test_chg2_an_approval_sent_with_the_change_is_enough(success):
    enrolment = _funded()
    request = _change(enrolment, PathFactory(), approval=_pdf())
    assert request.funder_approval.content_type == "application/pdf"
    accepted = path_change_accept(
        request_id=request.pk, by=success, effective_on=SEVENTH_BUSINESS_DAY, now=NOW
    )
    assert accepted.status == "approved"


@pytest.mark.django_db
def test_chg1_an_accepted_change_moves_the_student_on_its_day(success):
    old_path, new_path = PathFactory(), PathFactory()
    shared, old_only, new_only = ProjectFactory(), ProjectFactory(), ProjectFactory()
    PathProjectFactory(path=old_path, project=shared)
    PathProjectFactory(path=old_path, project=old_only)
    PathProjectFactory(path=new_path, project=shared)
    PathProjectFactory(path=new_path, project=new_only)
    enrolment = _funded(path=old_path)
    funding = enrolment.fundings.get()
    approved_at = datetime(2026, 10, 15, 14, 0, tzinfo=PARIS)
    kept = SubmissionFactory(
        enrolment=enrolment,
        project=shared,
        status=Submission.Status.APPROVED,
        approved_by=enrolment.mentor,
        approved_at=approved_at,
        mentor_comment="Clean and well tested.",
    )
    SubmissionFactory(
        enrolment=enrolment,
        project=old_only,
        status=Submission.Status.APPROVED,
        approved_by=enrolment.mentor,
        approved_at=approved_at,
    )
    past_session = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(TODAY + timedelta(days=3)))
    later_session = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(SEVENTH_BUSINESS_DAY))
    request = _change(enrolment, new_path, approval=_pdf())

    path_change_accept(
        request_id=request.pk, by=success, effective_on=SEVENTH_BUSINESS_DAY, now=NOW + timedelta(days=1)
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE  # not before its day
    assert path_changes_apply_due(today=SEVENTH_BUSINESS_DAY - ONE_DAY, now=NOW + timedelta(days=8)) == 0

    applied_at = datetime(2026, 11, 12, 7, 0, tzinfo=PARIS)
    with committed():
        assert path_changes_apply_due(today=SEVENTH_BUSINESS_DAY, now=applied_at) == 1

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.TRANSFERRED
    assert enrolment.ended_on == SEVENTH_BUSINESS_DAY
    new = Enrolment.objects.get(previous=enrolment)
    assert new.path == new_path and new.status == Enrolment.Status.ACTIVE
    assert new.student == enrolment.student and new.mentor == enrolment.mentor
    assert new.start_date == SEVENTH_BUSINESS_DAY
    assert [(f.kind, f.body_id, f.share_percent) for f in new.fundings.all()] == [
        (funding.kind, funding.body_id, funding.share_percent)
    ]
    copied = new.submissions.get()
    assert copied.pk != kept.pk and copied.project == shared
    assert copied.status == Submission.Status.APPROVED
    assert copied.approved_by == enrolment.mentor and copied.approved_at == approved_at
    assert enrolment.submissions.count() == 2  # the old record keeps both
    past_session.refresh_from_db()
    later_session.refresh_from_db()
    assert past_session.enrolment_id == enrolment.pk
    assert later_session.enrolment_id == new.pk
    request.refresh_from_db()
    assert request.applied_at == applied_at
    assert path_changes_apply_due(today=SEVENTH_BUSINESS_DAY + ONE_DAY, now=applied_at) == 0


def _exclude(enrolment, *, on: date, by):
    """DIS-7: a permanent exclusion decided by the Board and applied by the discipline service."""

    case = CaseFactory(enrolment=enrolment)
    hearing = Hearing.objects.create(
        case=case,
        scheduled_start=_at_nine(on - timedelta(days=3)),
        video_link="https://meet.example.org/board",
        status=Hearing.Status.HELD,
    )
    decision = Decision.objects.create(
        case=case,
        hearing=hearing,
        penalty=Decision.Penalty.EXCLUSION,
        grounds="Threats against another student (CON-1).",
        decided_at=_at_nine(on),
        decided_by=by,
        effective_from=on,
    )
    assert penalty_apply(decision_id=decision.pk, today=on)


@pytest.mark.django_db
@pytest.mark.parametrize("ended_by", ["stop", "exclusion"])
def test_chg1_an_accepted_change_does_not_revive_a_training_that_ended_before_its_day(
    success, make_user, ended_by
):
    """CHG-1, SUS-1, DIS-7: a change accepted for 12 November moves a *current* training. If the student
    stopped (SUS-1) or was permanently excluded (DIS-7) on 5 November, 12 November must not turn the ended
    enrolment into "transferred" and open a new active one on the new path (for an exclusion, that would
    also bypass the one-year ban that ``enrolment_create`` enforces)."""
    enrolment = _self_funded()
    request = _change(enrolment, PathFactory())
    path_change_accept(request_id=request.pk, by=success, effective_on=SEVENTH_BUSINESS_DAY, now=NOW)
    ended_on = date(2026, 11, 5)
    if ended_by == "stop":
        termination_submit(
            enrolment=enrolment,
            student=enrolment.student,
            effective_on=ended_on,
            reason="A job offer.",
            now=_at_nine(ended_on),
        )
        ended_status = Enrolment.Status.TERMINATED
    else:
        _exclude(enrolment, on=ended_on, by=make_user(Role.HEAD_OF_LEARNING))
        ended_status = Enrolment.Status.EXCLUDED
    enrolment.refresh_from_db()
    assert enrolment.status == ended_status

    path_changes_apply_due(today=SEVENTH_BUSINESS_DAY, now=_at_nine(SEVENTH_BUSINESS_DAY))

    enrolment.refresh_from_db()
    assert enrolment.status == ended_status and enrolment.ended_on == ended_on
    assert not Enrolment.objects.filter(
        student=enrolment.student, status__in=["active", "suspended"]
    ).exists()


# --- DIS-7: no enrolment within a year of a permanent exclusion ------------------------------------
# Covered in tests/discipline/test_views.py::test_dis7_an_excluded_person_cannot_be_enrolled_for_one_year.


# --- ACC-1: audio-only sessions with a proof on file -----------------------------------------------------


@pytest.mark.django_db
def test_acc1_an_accommodation_without_proof_is_refused(success):
    enrolment = _enrolment()
    session = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(TODAY + timedelta(days=2)))
    with pytest.raises(RequestError, match="ACC-1"):
        accommodation_grant(enrolment=enrolment, by=success, proof=None, now=NOW)
    assert not Accommodation.objects.exists()
    session.refresh_from_db()
    assert session.mode == MentoringSession.Mode.VIDEO


@pytest.mark.django_db
def test_acc1_with_a_proof_sessions_become_audio_only_and_the_mentor_is_told(
    success, django_capture_on_commit_callbacks
):
    enrolment = _enrolment()
    proof = DocumentFactory(student=enrolment.student, kind=Document.Kind.DISABILITY_PROOF)
    past = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(TODAY - ONE_DAY))
    coming = SessionFactory(enrolment=enrolment, scheduled_start=_at_nine(TODAY + timedelta(days=2)))

    with django_capture_on_commit_callbacks(execute=True):
        accommodation = accommodation_grant(enrolment=enrolment, by=success, proof=proof, now=NOW)

    accommodation.refresh_from_db()
    assert accommodation.status == Accommodation.Status.ACCEPTED and accommodation.audio_only
    assert accommodation.proof == proof
    assert accommodation.decided_by == success and accommodation.decided_at == NOW
    coming.refresh_from_db()
    past.refresh_from_db()
    assert coming.mode == MentoringSession.Mode.AUDIO
    assert past.mode == MentoringSession.Mode.VIDEO
    assert len(_sent_to(enrolment.mentor.email)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["another_students_proof", "not_a_disability_proof"])
def test_acc1_the_proof_must_be_this_students_disability_proof(success, make_user, which):
    """ACC-1: "a proof document is on file": a document about someone else, or a funder's approval,
    proves nothing about this student's disability."""
    enrolment = _enrolment()
    if which == "another_students_proof":
        proof = DocumentFactory(student=make_user(Role.STUDENT), kind=Document.Kind.DISABILITY_PROOF)
    else:
        proof = DocumentFactory(student=enrolment.student, kind=Document.Kind.FUNDER_APPROVAL)
    with pytest.raises(RequestError, match="ACC-1"):
        accommodation_grant(enrolment=enrolment, by=success, proof=proof, now=NOW)
    assert not Accommodation.objects.exists()


# --- HS-1: the placement's health and safety rules ---------------------------------------------------


@pytest.mark.django_db
def test_hs1_the_student_acknowledges_once_and_the_first_time_is_kept():
    placement = PlacementFactory(enrolment=_enrolment())
    student = placement.enrolment.student
    placement_acknowledge(placement_id=placement.pk, student=student, now=NOW)
    placement.refresh_from_db()
    assert placement.safety_rules_acknowledged_at == NOW

    placement_acknowledge(placement_id=placement.pk, student=student, now=NOW + timedelta(days=2))
    placement.refresh_from_db()
    assert placement.safety_rules_acknowledged_at == NOW


@pytest.mark.django_db
def test_hs1_another_student_cannot_acknowledge(make_user):
    placement = PlacementFactory(enrolment=_enrolment())
    with pytest.raises(RequestError, match="not your placement"):
        placement_acknowledge(placement_id=placement.pk, student=make_user(Role.STUDENT), now=NOW)
    placement.refresh_from_db()
    assert placement.safety_rules_acknowledged_at is None


# --- Documents: proofs and approvals (SUS-4, CHG-2, ACC-1) ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "The file is empty."),
        ("huge.pdf", PDF + b"0" * (MAX_UPLOAD + 1 - len(PDF)), "The file is larger than 10 MB."),
        (
            "x.pdf",
            b"Dear Student Success, here is my approval.\n",
            "Only PDF, PNG or JPEG files are accepted.",
        ),
    ],
    ids=["empty", "10MB+1", "text_named_pdf"],
)
def test_sus4_document_store_refuses_bad_files(make_user, name, data, message):
    student = make_user(Role.STUDENT)
    upload = _pdf(name, data)
    with pytest.raises(DocumentError) as excinfo:
        document_store(upload=upload, student=student, by=student, kind=Document.Kind.FUNDER_APPROVAL)
    assert str(excinfo.value) == message
    assert not Document.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("approval.pdf", PDF, "application/pdf"),
        ("scan.png", PNG, "image/png"),
        ("scan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16, "image/jpeg"),
        ("exactly-10MB.pdf", PDF + b"0" * (MAX_UPLOAD - len(PDF)), "application/pdf"),
        ("no-extension", PDF, "application/pdf"),
    ],
    ids=["pdf", "png", "jpeg", "exactly_10MB", "named_by_content"],
)
def test_sus4_document_store_keeps_pdf_png_and_jpeg_up_to_10mb(make_user, name, data, content_type):
    student = make_user(Role.STUDENT)
    success = make_user(Role.STUDENT_SUCCESS)
    document = document_store(
        upload=_pdf(name, data), student=student, by=success, kind=Document.Kind.FUNDER_APPROVAL
    )
    document.refresh_from_db()
    assert document.content_type == content_type
    assert document.size == len(data) <= MAX_UPLOAD
    assert document.original_name == name
    assert document.student == student and document.uploaded_by == success
    with document.file.open("rb") as stored:
        assert stored.read() == data


@pytest.mark.django_db
def test_sus1_a_370_day_suspension_past_the_end_of_the_training_is_refused_and_nothing_is_recorded():
    """Seen on the first day: 1 Dec 2030 to 5 Dec 2031 was sent and approved, moving the end two years."""
    enrolment = _self_funded()

    with pytest.raises(RequestError, match="training ends on"):
        _suspend(enrolment, date(2030, 12, 1), date(2031, 12, 5))
    with pytest.raises(RequestError, match="one year at most"):
        _suspend(enrolment, TODAY + timedelta(days=10), TODAY + timedelta(days=375))

    assert not SuspensionRequest.objects.filter(enrolment=enrolment).exists()


@pytest.mark.django_db
def test_sus1_a_stop_after_the_training_has_ended_by_itself_is_refused():
    enrolment = _enrolment()
    with pytest.raises(RequestError, match="ends by itself"):
        termination_submit(
            enrolment=enrolment,
            student=enrolment.student,
            effective_on=enrolment.planned_end_date + ONE_DAY,
            reason="Moving.",
            now=NOW,
        )
