"""Every periodic task of the school runs as beat runs it: once, on PostgreSQL, outside any wrapping
transaction (a ``select_for_update`` outside a transaction fails there, and a test wrapped in one would
never see it). Each task is given work to do, and the test checks it was done."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from discipline.models import Case, Decision, Hearing, Letter
from impact.models import BoardRequest
from juries.models import Diploma
from mentoring.models import MentoringSession
from openclassrooms.accounts.models import User
from openclassrooms.celery import app
from openclassrooms.core.models import AccessLog, DomainEvent, OutboundEmail, RetentionTrace
from projects.models import Presentation
from students.models import Enrolment, PathChangeRequest
from tests.accounts.factories import UserFactory
from tests.discipline.factories import BoardSeatFactory, CaseFactory, DecisionFactory, HearingFactory
from tests.impact.factories import BoardRequestFactory
from tests.juries.factories import DiplomaFactory
from tests.mentoring.factories import SessionFactory
from tests.projects.factories import PathFactory, PresentationFactory, SubmissionFactory
from tests.students.factories import EnrolmentFactory, PathChangeRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _unlogged_session():
    session = SessionFactory(scheduled_start=timezone.now() - timedelta(hours=3))
    return lambda: MentoringSession.objects.get(pk=session.pk).mentor_reminded_at is not None


def _three_absences():
    enrolment = EnrolmentFactory()
    for weeks in (3, 2, 1):
        SessionFactory(
            enrolment=enrolment,
            scheduled_start=timezone.now() - timedelta(weeks=weeks),
            status="logged",
            attendance="no_show",
            outcome="unauthorised",
            absence_reason="no_notice",
            rule="ATT-3",
        )
    return lambda: Case.objects.filter(enrolment=enrolment, source="attendance").exists()


def _lost_event():
    event = DomainEvent.objects.create(name="mentoring.session_outcome_changed", payload={})
    DomainEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    enrolment = EnrolmentFactory()
    event.payload = {"enrolment_id": enrolment.pk, "at": {"__datetime__": timezone.now().isoformat()}}
    DomainEvent.objects.filter(pk=event.pk).update(payload=event.payload)
    return lambda: DomainEvent.objects.get(pk=event.pk).dispatched_at is not None


def _lost_email():
    email = OutboundEmail.objects.create(key="lost:1", to=["a@example.org"], subject="S", body="B")
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    return lambda: OutboundEmail.objects.get(pk=email.pk).sent_at is not None


def _certificate_never_printed():
    """Issue 17: a diploma awarded while the broker was down: its certificate's task was never sent."""
    diploma = DiplomaFactory()
    return lambda: Diploma.objects.get(pk=diploma.pk).generated_at is not None


def _expired_session():
    expired = Session.objects.create(
        session_key="expired-session-for-beat",
        session_data="",
        expire_date=timezone.now() - timedelta(seconds=1),
    )
    return lambda: not Session.objects.filter(pk=expired.pk).exists()


def _uninvited_person():
    user = UserFactory()
    user.set_unusable_password()  # created by staff: the person chooses a password from the invitation
    user.save(update_fields=["password"])
    return lambda: User.objects.get(pk=user.pk).invited_at is not None


def _letter_on_day_12():
    decision = DecisionFactory(hearing__scheduled_start=timezone.now() - timedelta(days=12))
    BoardSeatFactory(case=decision.case)
    letter = Letter.objects.create(decision=decision)
    return lambda: Letter.objects.get(pk=letter.pk).reminded_at is not None


def _path_change_due_today():
    """CHG-1: an accepted change whose day is today (its service locks the request and the enrolment)."""
    request = PathChangeRequestFactory(
        status="approved", effective_on=timezone.localdate(), to_path=PathFactory(), decided_at=timezone.now()
    )
    return lambda: (
        PathChangeRequest.objects.get(pk=request.pk).applied_at is not None
        and (Enrolment.objects.filter(previous_id=request.enrolment_id).exists())
    )


def _suspension_decided_for_today():
    case = CaseFactory(status="decided")
    hearing = HearingFactory(
        case=case, status=Hearing.Status.HELD, scheduled_start=timezone.now() - timedelta(days=3)
    )
    today = timezone.localdate()
    Decision.objects.create(
        case=case,
        hearing=hearing,
        penalty="suspension",
        grounds="Threats.",
        decided_at=timezone.now(),
        decided_by=UserFactory(roles=["head_of_learning"]),
        effective_from=today,
        effective_until=today + timedelta(days=30),
    )
    return lambda: Enrolment.objects.get(pk=case.enrolment_id).status == "suspended"


def _request_past_due():
    request = BoardRequestFactory(due_on=timezone.localdate() - timedelta(days=1))
    return lambda: BoardRequest.objects.get(pk=request.pk).status == "overdue"


def _records_past_retention():
    """The retention schedule: a presentation whose training ended 366 days ago still has its recording
    (REC-2), and a student's record was opened more than a year ago (its access log)."""
    ended = timezone.localdate() - timedelta(days=settings.RECORDING_RETENTION_DAYS + 1)
    enrolment = EnrolmentFactory(
        start_date=ended - timedelta(days=300), planned_end_date=ended, status="completed", ended_on=ended
    )
    presentation = PresentationFactory(
        submission=SubmissionFactory(enrolment=enrolment, status="validated"),
        status="held",
        recording_url="https://video.example.org/rec/1",
    )
    log = AccessLog.objects.create(
        student=enrolment.student,
        viewer=UserFactory(roles=["student_success"]),
        what="student_record",
        object_id=enrolment.pk,
        page="/admin/",
        viewed_at=timezone.now() - timedelta(days=settings.RETENTION_SCHEDULE["access_logs"]["days"] + 1),
    )
    return lambda: (
        Presentation.objects.get(pk=presentation.pk).recording_deleted_at is not None
        and not AccessLog.objects.filter(pk=log.pk).exists()
        and RetentionTrace.objects.filter(record_type="recordings", object_ids=[presentation.pk]).exists()
    )


WORK = {
    "attendance-sweep": _unlogged_session,
    "refer-absences": _three_absences,
    "dispatch-stale-events": _lost_event,
    "deliver-stale-emails": _lost_email,
    "resume-pending-documents": _certificate_never_printed,
    "clear-expired-sessions": _expired_session,
    "send-pending-invitations": _uninvited_person,
    "watch-registered-letters": _letter_on_day_12,
    "sync-student-requests": _path_change_due_today,
    "sync-penalties": _suspension_decided_for_today,
    "watch-board-requests": _request_past_due,
    "apply-retention": _records_past_retention,
}


def test_every_beat_entry_is_tested_here():
    assert sorted(WORK) == sorted(settings.CELERY_BEAT_SCHEDULE)


@pytest.mark.parametrize("entry", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_every_beat_task_does_its_work_outside_a_wrapping_transaction(entry):
    done = WORK[entry]()
    app.loader.import_default_modules()  # what a worker does when it starts: every app's tasks.py
    task = app.tasks[settings.CELERY_BEAT_SCHEDULE[entry]["task"]]

    task.apply(throw=True)

    assert done()
