"""Exactly once with a real worker against Redis: overlapping sweeps and events, and tasks run twice."""

from datetime import UTC, datetime, timedelta

import pytest

from mentoring.models import AbsenceFollowUp, MentoringSession
from mentoring.tasks import attendance_sweep
from openclassrooms.core.models import OutboundEmail
from tests.conftest import needs_redis_worker, wait_for
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.worker, needs_redis_worker]


def test_att5_a_sweep_delivered_twice_flags_once_and_mails_once(worker):
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
