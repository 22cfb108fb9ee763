"""The attendance services (SPEC ATT-1..ATT-7) in ``mentoring.services``, against the database.

Sessions sit at fixed UTC instants, a week apart, and every service gets an explicit ``now`` so that each
boundary is exact. Tests that look at delivered e-mail run the calls that send it in
``django_capture_on_commit_callbacks(execute=True)`` (or through ``log``, which does the same): e-mails are
recorded in ``OutboundEmail`` and delivered (Celery runs eagerly) only after the transaction commits, which
the block stands in for when it ends.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discipline.models import Case, CaseEvidence, CaseGround
from discipline.selectors import enrolments_with_unreferred_runs
from discipline.services import attendance_referrals_reconcile, attendance_referrals_sweep
from mentoring.models import AbsenceFollowUp, AbsenceNotice, MentoringSession
from mentoring.services import (
    AttendanceError,
    attendance_sweep,
    exceptional_authorise,
    follow_up_give_reasons,
    monitoring_report_create,
    notice_give,
    replacement_slots,
    session_book_replacement,
    session_correct,
    session_log_attendance,
)
from openclassrooms.core.models import OutboundEmail
from tests.mentoring.factories import MentorAvailabilityFactory, SessionFactory
from tests.students.factories import EnrolmentFactory
from tests.utils import committed

PARIS = ZoneInfo("Europe/Paris")
# Monday 2 March 2026, 09:00 UTC (10:00 in Paris, winter time: no daylight-saving change in these weeks).
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Outcome = MentoringSession.Outcome
Status = MentoringSession.Status


def weekly_sessions(enrolment, count: int, first: datetime = START) -> list[MentoringSession]:
    return [
        SessionFactory(enrolment=enrolment, scheduled_start=first + timedelta(weeks=i)) for i in range(count)
    ]


def row(session: MentoringSession) -> dict:
    return MentoringSession.objects.filter(pk=session.pk).values().get()


def reload(session: MentoringSession) -> MentoringSession:
    return MentoringSession.objects.get(pk=session.pk)


def assert_refused_and_unchanged(session: MentoringSession, match: str, call) -> None:
    """Bad input: AttendanceError with a clear message, and neither the session nor its notices change."""
    before = row(session)
    notices = AbsenceNotice.objects.count()
    follow_ups = AbsenceFollowUp.objects.count()
    with pytest.raises(AttendanceError, match=match):
        call()
    assert row(session) == before
    assert AbsenceNotice.objects.count() == notices
    assert AbsenceFollowUp.objects.count() == follow_ups


def log(session: MentoringSession, attendance: str, *, now: datetime, joined_at: datetime | None = None):
    """The mentor logs; what follows the commit (ATT-6 referrals in discipline) runs too."""
    with committed():
        return session_log_attendance(
            session_id=session.pk,
            mentor=session.enrolment.mentor,
            attendance=attendance,
            joined_at=joined_at,
            now=now,
        )


def outbox_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def paris(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def session(db) -> MentoringSession:
    return SessionFactory(scheduled_start=START)


@pytest.fixture
def student_success(make_user):
    return make_user("student_success")


# --- ATT-4: late arrival --------------------------------------------------------------------------


@pytest.mark.django_db
def test_att4_joined_16_minutes_late_is_unauthorised_late_arrival_with_follow_up(session):
    result = log(session, "attended", joined_at=START + timedelta(minutes=16), now=START + timedelta(hours=1))

    assert result.outcome == "unauthorised" and result.rule == "ATT-4"
    session = reload(session)
    assert session.outcome == "unauthorised"
    assert session.absence_reason == "late_arrival"
    assert session.rule == "ATT-4"
    assert session.status == "logged"
    assert session.follow_up.due_at == START + timedelta(hours=48)


@pytest.mark.django_db
def test_att4_joined_exactly_15_minutes_late_is_attended_without_follow_up(session):
    log(session, "attended", joined_at=START + timedelta(minutes=15), now=START + timedelta(hours=1))

    session = reload(session)
    assert session.outcome == "attended"
    assert session.absence_reason == ""
    assert session.status == "logged"
    assert not AbsenceFollowUp.objects.filter(session=session).exists()


# --- ATT-7: what the mentor does never counts against the student ----------------------------------


@pytest.mark.django_db
def test_att7_mentor_cancelled_is_cancelled_with_no_follow_up(session):
    log(session, "mentor_cancelled", now=START - timedelta(hours=2))

    session = reload(session)
    assert session.outcome == "mentor_cancelled"
    assert session.status == "cancelled"
    assert session.rule == "ATT-7"
    assert not AbsenceFollowUp.objects.filter(session=session).exists()


@pytest.mark.django_db
def test_att7_mentor_absent_is_mentor_absent_with_no_follow_up(session):
    log(session, "mentor_absent", now=START + timedelta(hours=1))

    session = reload(session)
    assert session.outcome == "mentor_absent"
    assert session.status == "logged"
    assert session.rule == "ATT-7"
    assert not AbsenceFollowUp.objects.filter(session=session).exists()


# --- ATT-2, ATT-3, ATT-4, ATT-5: notice ---------------------------------------------------------------


@pytest.mark.django_db
def test_att2_notice_exactly_24_hours_before_postpones_and_emails_the_mentor(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(scheduled_start=START)
    mentor, student = session.enrolment.mentor, session.enrolment.student

    with django_capture_on_commit_callbacks(execute=True):
        result = notice_give(
            session_id=session.pk, student=student, reason="Job interview", now=START - timedelta(hours=24)
        )

    assert result.outcome == "postponed" and result.rule == "ATT-2"
    session = reload(session)
    assert session.outcome == "postponed"
    assert session.status == "cancelled"
    assert not AbsenceFollowUp.objects.filter(session=session).exists()
    assert len(outbox_to(mentor.email)) == 1
    assert "Job interview" in outbox_to(mentor.email)[0].body
    assert outbox_to(student.email) == []


@pytest.mark.django_db
def test_att3_att5_notice_one_second_late_is_unauthorised_and_asks_the_student_once(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(scheduled_start=START)
    mentor, student = session.enrolment.mentor, session.enrolment.student
    now = START - timedelta(hours=23, minutes=59, seconds=59)

    with django_capture_on_commit_callbacks(execute=True):
        result = notice_give(session_id=session.pk, student=student, reason="Train strike", now=now)

    assert result.outcome == "unauthorised" and result.rule == "ATT-3"
    session = reload(session)
    assert session.outcome == "unauthorised"
    assert session.absence_reason == "late_notice"
    assert session.status == "cancelled"
    follow_up = session.follow_up
    assert follow_up.due_at == START + timedelta(hours=48)
    assert follow_up.student_asked_at == now
    assert len(outbox_to(student.email)) == 1
    assert "48 hours" in outbox_to(student.email)[0].subject
    assert len(outbox_to(mentor.email)) == 1
    ask_key = f"att5-ask:{session.pk}"
    assert OutboundEmail.objects.filter(key=ask_key).count() == 1
    assert OutboundEmail.objects.filter(key=f"notice:{session.pk}").count() == 1

    # The sweep re-uses the same outbox key when it finds an absence without its follow-up: the row is
    # re-created, the e-mail is not sent a second time.
    AbsenceFollowUp.objects.filter(pk=follow_up.pk).delete()
    with django_capture_on_commit_callbacks(execute=True):
        report = attendance_sweep(now=now + timedelta(minutes=15))
    assert report.asked_follow_ups == 1
    assert AbsenceFollowUp.objects.filter(session=session).exists()
    assert OutboundEmail.objects.filter(key=ask_key).count() == 1
    assert len(outbox_to(student.email)) == 1


@pytest.mark.django_db
def test_att4_late_cancellation_is_unauthorised_late_cancellation(session):
    notice_give(
        session_id=session.pk,
        student=session.enrolment.student,
        reason="Something came up",
        kind=AbsenceNotice.Kind.CANCELLATION,
        now=START - timedelta(hours=2),
    )

    session = reload(session)
    assert session.outcome == "unauthorised"
    assert session.absence_reason == "late_cancellation"
    assert session.rule == "ATT-4"
    assert session.follow_up.due_at == START + timedelta(hours=48)


@pytest.mark.django_db
def test_att2_cancellation_in_time_is_postponed(session):
    notice_give(
        session_id=session.pk,
        student=session.enrolment.student,
        reason="Moving house",
        kind=AbsenceNotice.Kind.CANCELLATION,
        now=START - timedelta(days=2),
    )

    assert reload(session).outcome == "postponed"


# --- ATT-3: exceptional circumstances, then a replacement -----------------------------------------------


@pytest.mark.django_db
def test_att3_exceptional_authorisation_excuses_a_late_notice_and_allows_a_replacement(student_success):
    session = SessionFactory(scheduled_start=START)
    MentorAvailabilityFactory(mentor=session.mentor, weekday=1)  # Tuesday, the day after, 09:00–12:00
    student = session.enrolment.student
    notice_give(session_id=session.pk, student=student, reason="Hospital", now=START - timedelta(hours=3))
    assert AbsenceFollowUp.objects.filter(session=session).exists()

    now = START + timedelta(hours=5)
    result = exceptional_authorise(
        session_id=session.pk, by=student_success, reason="Hospital admission, certificate seen", now=now
    )

    assert result.outcome == "excused" and result.rule == "ATT-3"
    session = reload(session)
    assert session.outcome == "excused"
    assert session.absence_reason == ""
    assert not AbsenceFollowUp.objects.filter(session=session).exists()

    slots = replacement_slots(session=session, now=now)
    assert slots, "an excused absence may be postponed (ATT-3)"
    replacement = session_book_replacement(session_id=session.pk, student=student, start=slots[0], now=now)

    assert replacement.replaces_id == session.pk
    assert replacement.scheduled_start == slots[0]
    assert replacement.status == "scheduled"
    assert reload(session).outcome == "excused"


# --- ATT-2: replacement slots --------------------------------------------------------------------------


def _postponed(session: MentoringSession) -> MentoringSession:
    notice_give(
        session_id=session.pk,
        student=session.enrolment.student,
        reason="Family wedding",
        now=session.scheduled_start - timedelta(days=3),
    )
    session = reload(session)
    assert session.outcome == "postponed"
    return session


@pytest.mark.django_db
def test_att2_replacement_slots_fall_in_the_same_or_next_week():
    """ATT-2: a Monday 2 March session; the mentor is free on Tuesdays 09:00–12:00 (Paris).

    Both Tuesdays of the window, three slots each (45 minutes and a 15-minute break).
    """
    session = _postponed(SessionFactory(scheduled_start=START))
    MentorAvailabilityFactory(mentor=session.mentor, weekday=1)

    slots = replacement_slots(session=session, now=START - timedelta(days=1))

    assert slots == [
        paris(2026, 3, 3, 9),
        paris(2026, 3, 3, 10),
        paris(2026, 3, 3, 11),
        paris(2026, 3, 10, 9),
        paris(2026, 3, 10, 10),
        paris(2026, 3, 10, 11),
    ]
    for slot in slots:
        local = slot.astimezone(PARIS)
        assert paris(2026, 3, 2, 0) <= local < paris(2026, 3, 16, 0)
        assert time(9) <= local.time() and (local + session.duration).time() <= time(12)


@pytest.mark.django_db
def test_att2_the_replacement_is_never_the_postponed_session_itself():
    """Seen on the first day: after postponing Monday 09:00, the first slot offered was Monday 09:00."""
    session = _postponed(SessionFactory(scheduled_start=START))  # Monday 2 March, 10:00 in Paris
    MentorAvailabilityFactory(mentor=session.mentor, weekday=0, starts_at=time(10), ends_at=time(12))

    slots = replacement_slots(session=session, now=START - timedelta(days=2))

    assert START not in slots
    assert slots[0] == paris(2026, 3, 2, 11)  # the next free slot: after it, the same morning


@pytest.mark.django_db
def test_att2_replacement_slots_are_never_in_the_past_nor_on_another_booked_session():
    session = _postponed(SessionFactory(scheduled_start=START))
    MentorAvailabilityFactory(mentor=session.mentor, weekday=1)
    other = EnrolmentFactory(mentor=session.mentor)
    SessionFactory(enrolment=other, scheduled_start=paris(2026, 3, 10, 9, 30))  # the mentor is busy
    cancelled = SessionFactory(enrolment=other, scheduled_start=paris(2026, 3, 10, 11))
    MentoringSession.objects.filter(pk=cancelled.pk).update(status=Status.CANCELLED)  # frees its slot
    now = paris(2026, 3, 3, 10, 30)  # Tuesday of the first week, mid-morning

    slots = replacement_slots(session=session, now=now)

    assert slots == [paris(2026, 3, 10, 11)]
    assert all(slot > now for slot in slots)


@pytest.mark.django_db
def test_att2_booking_a_slot_not_offered_is_refused():
    session = _postponed(SessionFactory(scheduled_start=START))
    MentorAvailabilityFactory(mentor=session.mentor, weekday=1)
    student = session.enrolment.student
    now = START - timedelta(days=1)
    sessions_before = MentoringSession.objects.count()

    for start in (
        paris(2026, 3, 3, 9, 30),  # not on the slot grid
        paris(2026, 3, 17, 9),  # two weeks later: outside the window
        paris(2026, 3, 4, 9),  # a Wednesday: not in the mentor's availability
    ):
        with pytest.raises(AttendanceError, match="no longer free"):
            session_book_replacement(session_id=session.pk, student=student, start=start, now=now)

    assert MentoringSession.objects.count() == sessions_before


@pytest.mark.django_db
def test_att2_a_second_replacement_for_the_same_session_is_refused():
    session = _postponed(SessionFactory(scheduled_start=START))
    MentorAvailabilityFactory(mentor=session.mentor, weekday=1)
    student = session.enrolment.student
    now = START - timedelta(days=1)
    slots = replacement_slots(session=session, now=now)
    session_book_replacement(session_id=session.pk, student=student, start=slots[0], now=now)
    sessions_before = MentoringSession.objects.count()

    with pytest.raises(AttendanceError, match="already booked"):
        session_book_replacement(session_id=session.pk, student=student, start=slots[1], now=now)

    assert MentoringSession.objects.count() == sessions_before


@pytest.mark.django_db
def test_att2_a_replacement_may_make_two_sessions_in_one_week():
    enrolment = EnrolmentFactory()
    first, second = weekly_sessions(enrolment, 2)  # Monday 2 and Monday 9 March
    first = _postponed(first)
    MentorAvailabilityFactory(mentor=enrolment.mentor, weekday=1)
    now = START - timedelta(days=1)

    replacement = session_book_replacement(
        session_id=first.pk, student=enrolment.student, start=paris(2026, 3, 10, 10), now=now
    )

    week = MentoringSession.objects.filter(
        enrolment=enrolment,
        status=Status.SCHEDULED,
        scheduled_start__gte=paris(2026, 3, 9, 0),
        scheduled_start__lt=paris(2026, 3, 16, 0),
    )
    assert set(week.values_list("pk", flat=True)) == {second.pk, replacement.pk}
    assert replacement.replaces_id == first.pk


# --- Bad input: refused with a clear message, nothing changes ------------------------------------------


@pytest.mark.django_db
def test_att2_notice_for_a_session_that_already_started_is_refused(session):
    assert_refused_and_unchanged(
        session,
        "already started",
        lambda: notice_give(
            session_id=session.pk, student=session.enrolment.student, reason="Ill", now=START
        ),
    )


@pytest.mark.django_db
def test_att2_notice_for_another_students_session_is_refused(session):
    intruder = EnrolmentFactory().student
    assert_refused_and_unchanged(
        session,
        "not one of your sessions",
        lambda: notice_give(
            session_id=session.pk, student=intruder, reason="Ill", now=START - timedelta(days=2)
        ),
    )


@pytest.mark.django_db
def test_att2_a_second_notice_for_the_same_session_is_refused(session):
    student = session.enrolment.student
    notice_give(session_id=session.pk, student=student, reason="Ill", now=START - timedelta(days=3))
    assert_refused_and_unchanged(
        session,
        "already given notice",
        lambda: notice_give(
            session_id=session.pk, student=student, reason="Still ill", now=START - timedelta(days=2)
        ),
    )


@pytest.mark.django_db
def test_att2_notice_with_an_empty_reason_is_refused(session):
    assert_refused_and_unchanged(
        session,
        "Give a reason",
        lambda: notice_give(
            session_id=session.pk,
            student=session.enrolment.student,
            reason="   ",
            now=START - timedelta(days=2),
        ),
    )


@pytest.mark.django_db
def test_att4_a_join_time_31_minutes_before_the_start_is_refused(session):
    assert_refused_and_unchanged(
        session,
        "before the session",
        lambda: log(
            session, "attended", joined_at=START - timedelta(minutes=31), now=START + timedelta(hours=1)
        ),
    )


@pytest.mark.django_db
def test_att4_a_join_time_12_hours_1_second_after_the_start_is_refused(session):
    assert_refused_and_unchanged(
        session,
        "more than 12 hours",
        lambda: log(
            session,
            "attended",
            joined_at=START + timedelta(hours=12, seconds=1),
            now=START + timedelta(hours=13),
        ),
    )


@pytest.mark.django_db
def test_att1_a_log_by_a_mentor_who_is_not_the_students_mentor_is_refused(session, make_user):
    stranger = make_user("mentor")
    assert_refused_and_unchanged(
        session,
        "not this student's mentor",
        lambda: session_log_attendance(
            session_id=session.pk, mentor=stranger, attendance="no_show", now=START + timedelta(hours=1)
        ),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "match"), [("suspended", "suspended"), ("excluded", "has ended")])
def test_att1_a_log_for_a_session_of_a_suspended_or_excluded_enrolment_is_refused(session, status, match):
    session.enrolment.status = status
    session.enrolment.save(update_fields=["status"])
    assert_refused_and_unchanged(
        session, match, lambda: log(session, "no_show", now=START + timedelta(hours=1))
    )


@pytest.mark.django_db
def test_att1_logging_attended_before_the_session_started_is_refused(session):
    assert_refused_and_unchanged(
        session,
        "has not started yet",
        lambda: log(session, "attended", joined_at=START, now=START - timedelta(seconds=1)),
    )


# --- ATT-5: reasons ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_att5_reasons_are_stored_and_emailed_to_the_mentor_once(django_capture_on_commit_callbacks):
    session = SessionFactory(scheduled_start=START)
    mentor, student = session.enrolment.mentor, session.enrolment.student
    log(session, "no_show", now=START + timedelta(hours=1))
    assert len(outbox_to(student.email)) == 1  # ATT-5: asked for reasons and a new booking
    now = START + timedelta(hours=6)

    with django_capture_on_commit_callbacks(execute=True):
        follow_up = follow_up_give_reasons(
            session_id=session.pk, student=student, reasons="  My child was ill.  ", now=now
        )

    follow_up.refresh_from_db()
    assert follow_up.reasons == "My child was ill."
    assert follow_up.reasons_given_at == now
    to_mentor = outbox_to(mentor.email)
    assert len(to_mentor) == 1
    assert "My child was ill." in to_mentor[0].body

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(AttendanceError, match="already sent your reasons"),
    ):
        follow_up_give_reasons(session_id=session.pk, student=student, reasons="Again", now=now)
    follow_up.refresh_from_db()
    assert follow_up.reasons == "My child was ill."
    assert len(outbox_to(mentor.email)) == 1


# --- ATT-6: three consecutive unauthorised absences -------------------------------------------------------


def _no_shows(sessions, now):
    for s in sessions:
        log(s, "no_show", now=now)


@pytest.mark.django_db
def test_att6_three_consecutive_no_shows_open_one_case_and_notify_everyone():
    enrolment = EnrolmentFactory()
    sessions = weekly_sessions(enrolment, 3)
    now = START + timedelta(weeks=3)

    _no_shows(sessions[:2], now)
    assert Case.objects.count() == 0
    _no_shows(sessions[2:], now)

    case = Case.objects.get()
    assert case.enrolment_id == enrolment.pk
    assert case.source == "attendance"
    assert case.status == "opened"
    assert set(CaseEvidence.objects.filter(case=case).values_list("session_id", flat=True)) == {
        s.pk for s in sessions
    }
    assert list(CaseGround.objects.filter(case=case).values_list("rule", flat=True)) == ["ATT-6"]
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted(
        [enrolment.student.email, enrolment.mentor.email, settings.STUDENT_SUCCESS_EMAIL]
    )


@pytest.mark.django_db
def test_att6_the_fourth_absence_opens_no_second_case_the_sixth_does():
    enrolment = EnrolmentFactory()
    sessions = weekly_sessions(enrolment, 6)
    now = START + timedelta(weeks=6)

    _no_shows(sessions[:4], now)
    assert Case.objects.filter(enrolment=enrolment).count() == 1
    _no_shows(sessions[4:5], now)
    assert Case.objects.filter(enrolment=enrolment).count() == 1
    _no_shows(sessions[5:], now)

    cases = list(Case.objects.filter(enrolment=enrolment).order_by("pk"))
    assert len(cases) == 2
    assert {e.session_id for e in cases[0].evidence.all()} == {s.pk for s in sessions[:3]}
    assert {e.session_id for e in cases[1].evidence.all()} == {s.pk for s in sessions[3:]}


@pytest.mark.django_db
def test_att6_an_attended_session_breaks_the_run():
    """U, A, U, U: no case."""
    enrolment = EnrolmentFactory()
    sessions = weekly_sessions(enrolment, 4)
    now = START + timedelta(weeks=4)

    log(sessions[0], "no_show", now=now)
    log(sessions[1], "attended", now=now)
    _no_shows(sessions[2:], now)

    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_att6_postponed_and_mentor_cancelled_sessions_neither_break_nor_extend_the_run():
    enrolment = EnrolmentFactory()
    sessions = weekly_sessions(enrolment, 5)
    now = START + timedelta(weeks=5)

    log(sessions[0], "no_show", now=now)
    _postponed(sessions[1])
    log(sessions[2], "mentor_cancelled", now=now)
    log(sessions[3], "no_show", now=now)
    assert Case.objects.count() == 0
    log(sessions[4], "no_show", now=now)

    case = Case.objects.get()
    assert {e.session_id for e in case.evidence.all()} == {sessions[0].pk, sessions[3].pk, sessions[4].pk}


@pytest.mark.django_db
def test_att6_logging_out_of_order_still_opens_exactly_one_case():
    enrolment = EnrolmentFactory()
    sessions = weekly_sessions(enrolment, 3)
    now = START + timedelta(weeks=3)

    log(sessions[2], "no_show", now=now)
    log(sessions[0], "no_show", now=now)
    assert Case.objects.count() == 0
    log(sessions[1], "no_show", now=now)

    case = Case.objects.get()
    assert {e.session_id for e in case.evidence.all()} == {s.pk for s in sessions}


@pytest.mark.django_db
def test_att6_reconcile_and_sweep_afterwards_open_no_duplicate():
    enrolment = EnrolmentFactory()
    sessions = weekly_sessions(enrolment, 3)
    now = START + timedelta(weeks=3)
    _no_shows(sessions, now)
    assert Case.objects.count() == 1

    assert attendance_referrals_reconcile(enrolment_id=enrolment.pk, now=now) == ([], [])
    report = attendance_referrals_sweep(now=now + timedelta(minutes=15))

    assert report.cases_opened == []
    assert Case.objects.count() == 1
    assert enrolments_with_unreferred_runs(run_length=3) == []


# --- ATT-6 after a correction ----------------------------------------------------------------------------


def _referred(enrolment) -> tuple[list[MentoringSession], Case]:
    sessions = weekly_sessions(enrolment, 3)
    _no_shows(sessions, START + timedelta(weeks=3))
    return sessions, Case.objects.get(enrolment=enrolment)


@pytest.mark.django_db
def test_att6_a_correction_that_breaks_the_run_withdraws_the_case(student_success):
    enrolment = EnrolmentFactory()
    sessions, case = _referred(enrolment)
    reason = "The mentor logged the wrong student; the video log shows attendance"

    with committed():
        result = session_correct(
            session_id=sessions[1].pk,
            by=student_success,
            reason=reason,
            attendance="attended",
            now=START + timedelta(weeks=3, days=1),
        )

    assert result.outcome == "attended"
    case.refresh_from_db()
    assert case.status == "withdrawn"
    assert "correction" in case.withdrawn_reason
    assert reason in case.withdrawn_reason
    middle = reload(sessions[1])
    assert middle.outcome == "attended"
    assert middle.history.filter(history_change_reason__contains=reason).exists()
    assert Case.objects.filter(enrolment=enrolment).count() == 1  # no new case: U, A, U


@pytest.mark.django_db
def test_att6_a_correction_after_the_hearing_was_held_does_not_withdraw_the_case(student_success):
    enrolment = EnrolmentFactory()
    sessions, case = _referred(enrolment)
    Case.objects.filter(pk=case.pk).update(status="hearing_held")

    with committed():
        session_correct(
            session_id=sessions[1].pk,
            by=student_success,
            reason="Mis-logged",
            attendance="attended",
            now=START + timedelta(weeks=3, days=1),
        )

    case.refresh_from_db()
    assert case.status == "hearing_held"
    assert case.withdrawn_reason == ""
    assert reload(sessions[1]).outcome == "attended"


@pytest.mark.django_db
def test_att6_a_correction_without_a_reason_is_refused(student_success):
    enrolment = EnrolmentFactory()
    sessions, case = _referred(enrolment)

    assert_refused_and_unchanged(
        sessions[1],
        "Say why",
        lambda: session_correct(
            session_id=sessions[1].pk,
            by=student_success,
            reason="  ",
            attendance="attended",
            now=START + timedelta(weeks=3, days=1),
        ),
    )
    case.refresh_from_db()
    assert case.status == "opened"


# --- The sweep -------------------------------------------------------------------------------------------

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
DURATION = timedelta(minutes=45)


def _unauthorised(enrolment, start: datetime) -> MentoringSession:
    return SessionFactory(
        enrolment=enrolment,
        scheduled_start=start,
        outcome="unauthorised",
        status="logged",
        attendance="no_show",
        absence_reason="no_notice",
        rule="ATT-3",
    )


@pytest.mark.django_db
def test_sweep_reminds_the_mentor_once_two_hours_after_the_end(django_capture_on_commit_callbacks):
    """ATT-1 logging: not logged 2 hours after its end, reminded (once); 1 h 59 min 59 s after, not yet."""
    due = SessionFactory(scheduled_start=NOW - timedelta(hours=2) - DURATION)
    early = SessionFactory(scheduled_start=NOW - timedelta(hours=1, minutes=59, seconds=59) - DURATION)

    with django_capture_on_commit_callbacks(execute=True):
        report = attendance_sweep(now=NOW)

    assert report.reminded_sessions == 1
    assert reload(due).mentor_reminded_at == NOW
    assert reload(early).mentor_reminded_at is None
    assert len(outbox_to(due.mentor.email)) == 1
    assert outbox_to(early.mentor.email) == []

    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_sweep(now=NOW).reminded_sessions == 0
    assert len(outbox_to(due.mentor.email)) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_att5_sweep_flags_a_follow_up_once_its_48_hours_have_passed(django_capture_on_commit_callbacks):
    overdue_session = _unauthorised(EnrolmentFactory(), NOW - timedelta(hours=48, seconds=1))
    overdue = AbsenceFollowUp.objects.create(session=overdue_session, due_at=NOW - timedelta(seconds=1))
    on_time_session = _unauthorised(EnrolmentFactory(), NOW - timedelta(hours=48))
    on_time = AbsenceFollowUp.objects.create(session=on_time_session, due_at=NOW)
    done_enrolment = EnrolmentFactory()
    done_session = _unauthorised(done_enrolment, NOW - timedelta(days=10))
    rebooked = SessionFactory(enrolment=done_enrolment, scheduled_start=NOW + timedelta(days=2))
    done = AbsenceFollowUp.objects.create(
        session=done_session,
        due_at=NOW - timedelta(days=8),
        reasons="Flu",
        reasons_given_at=NOW - timedelta(days=9),
        rebooked_session=rebooked,
    )

    with django_capture_on_commit_callbacks(execute=True):
        report = attendance_sweep(now=NOW)

    assert report.flagged_follow_ups == 1
    overdue.refresh_from_db()
    on_time.refresh_from_db()
    done.refresh_from_db()
    assert overdue.flagged_at == NOW
    assert on_time.flagged_at is None
    assert done.flagged_at is None
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {overdue_session.enrolment.mentor.email, settings.STUDENT_SUCCESS_EMAIL}

    with django_capture_on_commit_callbacks(execute=True):
        assert attendance_sweep(now=NOW).flagged_follow_ups == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_att6_sweep_refers_a_run_no_event_referred_once():
    enrolment = EnrolmentFactory()
    sessions = [_unauthorised(enrolment, START + timedelta(weeks=i)) for i in range(3)]
    assert enrolments_with_unreferred_runs(run_length=3) == [enrolment.pk]

    report = attendance_referrals_sweep(now=NOW)

    assert report.candidate_enrolments == 1
    assert len(report.cases_opened) == 1
    case = Case.objects.get()
    assert case.source == "attendance" and case.status == "opened"
    assert {e.session_id for e in case.evidence.all()} == {s.pk for s in sessions}
    assert enrolments_with_unreferred_runs(run_length=3) == []
    assert attendance_referrals_sweep(now=NOW + timedelta(minutes=15)).cases_opened == []
    assert Case.objects.count() == 1


def _sweep_work(count: int) -> None:
    """``count`` enrolments, each with an unlogged session past the reminder time and an overdue follow-up."""
    for _ in range(count):
        enrolment = EnrolmentFactory()
        SessionFactory(enrolment=enrolment, scheduled_start=NOW - timedelta(days=1))
        missed = _unauthorised(enrolment, NOW - timedelta(days=3))
        AbsenceFollowUp.objects.create(session=missed, due_at=missed.scheduled_start + timedelta(hours=48))


@pytest.mark.django_db
def test_sweep_query_count_does_not_grow_with_enrolments():
    """ATT-5 flags and log reminders run set-based: the same number of queries for 2 or 10 enrolments."""
    _sweep_work(2)
    with CaptureQueriesContext(connection) as small:
        report = attendance_sweep(now=NOW)
    assert (report.reminded_sessions, report.flagged_follow_ups) == (2, 2)

    _sweep_work(10)
    with CaptureQueriesContext(connection) as large:
        report = attendance_sweep(now=NOW)
    assert (report.reminded_sessions, report.flagged_follow_ups) == (10, 10)

    assert attendance_referrals_sweep(now=NOW).cases_opened == []
    assert len(small) == len(large)


@pytest.mark.django_db
def test_trn2_a_monitoring_report_for_a_period_still_to_come_is_refused():
    """Seen on the first day: a report on a future period was saved with 0 sessions counted."""
    enrolment = EnrolmentFactory(start_date=date(2026, 1, 5))
    now = datetime(2026, 3, 20, 12, tzinfo=UTC)

    with pytest.raises(AttendanceError, match="cannot end after today"):
        monitoring_report_create(
            enrolment=enrolment,
            mentor=enrolment.mentor,
            period_start=date(2026, 3, 1),
            period_end=date(2026, 3, 21),
            progress="Fine.",
            now=now,
        )
    report = monitoring_report_create(
        enrolment=enrolment,
        mentor=enrolment.mentor,
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 20),
        progress="Fine.",
        now=now,
    )
    assert (report.status, report.submitted_at) == ("submitted", now)
