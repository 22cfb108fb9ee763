"""Exactly once with a real worker against Redis: ATT-6 referrals under overlapping sweeps and events,
the notice e-mail, the letter and the copies."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from discipline import services
from discipline.models import Case, DecisionCopy, Letter
from discipline.tasks import generate_letter, reconcile_referrals, refer_absences
from mentoring.models import MentoringSession
from openclassrooms.accounts.roles import Role
from openclassrooms.core.models import OutboundEmail
from tests.conftest import needs_redis_worker, wait_for
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory, EnrolmentFundingFactory

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
        refer_absences.delay()
        reconcile_referrals.delay(enrolment.pk)
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


def test_dis8_the_letter_is_generated_once_and_every_message_sent_once(worker, make_user):
    chair, manager = make_user(Role.HEAD_OF_LEARNING), make_user(Role.LEARNING_MANAGER)
    enrolment = EnrolmentFactory()
    EnrolmentFundingFactory(enrolment=enrolment)
    enrolment.path.learning_manager = manager
    enrolment.path.save()
    start = timezone.now() - timedelta(days=3)
    case = services.case_open(
        enrolment=enrolment,
        source=Case.Source.CONDUCT,
        by=chair,
        summary="Insults.",
        now=start - timedelta(days=5),
    )
    services.complaints_communicate(case_id=case.pk, by=chair, now=start - timedelta(days=5))
    services.board_compose(case_id=case.pk, by=chair, chair=chair, learning_manager=manager)
    hearing = services.hearing_schedule(
        case_id=case.pk,
        by=chair,
        start=start,
        video_link="https://meet.example.org/h",
        now=start - timedelta(days=4),
    )
    services.hearing_confirm(hearing_id=hearing.pk, by=chair)
    services.hearing_record(
        hearing_id=hearing.pk,
        by=chair,
        student_attended=True,
        representative_attended=None,
        minutes_grounds="Insults.",
        minutes_explanations="Sorry.",
        now=start,
    )
    decision = services.decision_record(case_id=case.pk, by=chair, penalty="warning", grounds="Insults.")
    letter = Letter.objects.get(decision=decision)
    for _ in range(3):
        generate_letter.delay(letter.pk)  # retries and duplicates of the task the decision enqueued
    assert wait_for(
        lambda: Letter.objects.filter(pk=letter.pk, generated_at__isnull=False).exists(), timeout=90
    ), worker.log_path.read_text()[-3000:]
    first = Letter.objects.get(pk=letter.pk)
    wait_for(lambda: False, timeout=4)
    again = Letter.objects.get(pk=letter.pk)
    assert (again.generated_at, again.pdf.name) == (first.generated_at, first.pdf.name)
    services.letter_dispatch(
        letter_id=letter.pk, by=chair, dispatched_on=timezone.localdate(), registered_number="RR 1 FR"
    )
    assert DecisionCopy.objects.filter(decision=decision).count() == 1
    keys = ("dis4-complaints:", "dis3-notice:", "dis7-warning:", "dis9-copy:")
    assert wait_for(
        lambda: all(
            OutboundEmail.objects.filter(key__startswith=k, sent_at__isnull=False).exists() for k in keys
        )
    )
    for key in keys:
        assert OutboundEmail.objects.filter(key__startswith=key).count() == 1
        assert OutboundEmail.objects.get(key__startswith=key).attempts == 1
