"""Exactly once with a real worker against Redis: overlapping sweeps and events, and tasks run twice."""

from datetime import UTC, datetime, timedelta

import pytest

from discipline.models import Case
from mentoring.models import MentoringSession
from mentoring.tasks import attendance_sweep, reconcile_enrolment
from openclassrooms.core.models import OutboundEmail
from tests.conftest import needs_redis_worker, wait_for
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.worker, needs_redis_worker]


def _three_unreferred_absences():
    enrolment = EnrolmentFactory()
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for week in range(3):
        SessionFactory(
            enrolment=enrolment,
            scheduled_start=start + timedelta(weeks=week),
            status=MentoringSession.Status.LOGGED,
            attendance=MentoringSession.Attendance.NO_SHOW,
            outcome=MentoringSession.Outcome.UNAUTHORISED,
            absence_reason=MentoringSession.AbsenceReason.NO_NOTICE,
            rule="ATT-3",
        )
    return enrolment


def test_att6_overlapping_sweeps_and_events_open_one_case_and_send_each_email_once(worker):
    enrolment = _three_unreferred_absences()
    for _ in range(3):
        attendance_sweep.delay()
        reconcile_enrolment.delay(enrolment.pk)
    assert wait_for(lambda: Case.objects.filter(enrolment=enrolment).exists()), worker.log_path.read_text()[
        -3000:
    ]

    def delivered() -> bool:
        emails = OutboundEmail.objects.filter(key__startswith="att6-referral:")
        return emails.count() == 3 and not emails.filter(sent_at__isnull=True).exists()

    assert wait_for(delivered), worker.log_path.read_text()[-3000:]
    wait_for(lambda: False, timeout=3)  # let every queued duplicate run
    assert Case.objects.filter(enrolment=enrolment, source=Case.Source.ATTENDANCE).count() == 1
    emails = OutboundEmail.objects.filter(key__startswith="att6-referral:")
    assert emails.count() == 3
    assert {e.attempts for e in emails} == {1}
    recipients = {address for e in emails for address in e.to}
    assert enrolment.student.email in recipients and enrolment.mentor.email in recipients


def test_att5_a_sweep_delivered_twice_flags_once_and_mails_once(worker):
    from mentoring.models import AbsenceFollowUp

    enrolment = EnrolmentFactory()
    session = SessionFactory(
        enrolment=enrolment,
        scheduled_start=datetime(2026, 3, 2, 9, tzinfo=UTC),
        status=MentoringSession.Status.LOGGED,
        attendance=MentoringSession.Attendance.NO_SHOW,
        outcome=MentoringSession.Outcome.UNAUTHORISED,
        absence_reason=MentoringSession.AbsenceReason.NO_NOTICE,
    )
    AbsenceFollowUp.objects.create(session=session, due_at=session.scheduled_start + timedelta(hours=48))
    attendance_sweep.delay()
    attendance_sweep.delay()
    assert wait_for(
        lambda: OutboundEmail.objects.filter(
            key=f"att5-flag:{session.follow_up.pk}", sent_at__isnull=False
        ).exists()
    )
    wait_for(lambda: False, timeout=3)
    assert OutboundEmail.objects.filter(key__startswith="att5-flag:").count() == 1
    assert OutboundEmail.objects.get(key__startswith="att5-flag:").attempts == 1
