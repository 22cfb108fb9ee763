"""The weekly schedule (ATT-1, ATT-2, SUS-1, SUS-4, CHG-1, DIS-7) in ``mentoring.services``, against the
database: planning from the agreed slot, idempotent re-planning, and every change that moves the plan.

Planning tests use a fixed ``now`` (Monday 1 March 2027, 09:00 in Paris) and a training that runs to
Wednesday 30 June 2027: a Thursday 18:00 slot then has 17 sessions, one on Ascension Day (6 May 2027), and
crosses the spring clock change (28 March 2027). Tests of reactions (a suspension, a path change) run on
the real clock, as the reactions do.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring import services
from mentoring.models import MentorAbsence, MentorAvailability, MentoringSession, WeeklySlot
from openclassrooms.accounts.roles import Role
from openclassrooms.core.models import OutboundEmail
from students import services as student_services
from students.models import EnrolmentPause
from students.rules import add_business_days
from tests.mentoring.factories import SessionFactory
from tests.students.factories import (
    AccommodationFactory,
    EnrolmentFactory,
    EnrolmentFundingFactory,
    PathChangeRequestFactory,
    SuspensionRequestFactory,
)
from tests.utils import committed

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=PARIS)
THURSDAY = 3
Session = MentoringSession
pytestmark = pytest.mark.django_db


def _enrolment(**kwargs):
    return EnrolmentFactory(start_date=date(2027, 1, 4), planned_end_date=date(2027, 6, 30), **kwargs)


def _thursdays(first: date, last: date) -> list[date]:
    """Every Thursday from ``first`` to ``last``, counted by hand (not by the code under test)."""
    day = first + timedelta(days=(THURSDAY - first.weekday()) % 7)
    days = []
    while day <= last:
        days.append(day)
        day += timedelta(days=7)
    return days


def _agree(enrolment, *, weekday=THURSDAY, at=time(18), now=NOW, **kwargs):
    return services.slot_agree(
        enrolment_id=enrolment.pk, by=enrolment.mentor, weekday=weekday, starts_at=at, now=now, **kwargs
    )


def _planned(enrolment):
    return list(Session.objects.filter(enrolment=enrolment, week__isnull=False).order_by("scheduled_start"))


def test_att1_agreeing_the_slot_plans_every_week_to_the_end_of_the_training():
    enrolment = _enrolment()

    report = _agree(enrolment)

    sessions = _planned(enrolment)
    thursdays = _thursdays(date(2027, 3, 1), date(2027, 6, 30))
    assert len(thursdays) == 17
    assert report == services.PlanReport(created=17)
    assert [timezone.localtime(s.scheduled_start, PARIS).date() for s in sessions] == thursdays
    assert {timezone.localtime(s.scheduled_start, PARIS).time() for s in sessions} == {time(18)}
    assert {(s.mentor_id, s.duration, s.mode) for s in sessions} == {
        (enrolment.mentor_id, timedelta(minutes=45), Session.Mode.VIDEO)
    }
    before, after = sessions[3], sessions[4]  # 25 March and 1 April 2027: the clocks moved on 28 March
    assert (before.scheduled_start.astimezone(UTC).hour, after.scheduled_start.astimezone(UTC).hour) == (
        17,
        16,
    )
    assert sessions[0].history.get().history_change_reason == "Planned: The weekly slot changed."


def test_att1_a_session_stays_at_18_00_across_the_october_clock_change():
    """The autumn change (31 October 2027): 18:00 in Paris is 16:00 UTC before it, 17:00 UTC after."""
    enrolment = EnrolmentFactory(start_date=date(2027, 9, 1), planned_end_date=date(2027, 12, 31))
    _agree(enrolment, now=datetime(2027, 9, 1, 9, tzinfo=PARIS))
    by_day = {timezone.localtime(s.scheduled_start, PARIS).date(): s for s in _planned(enrolment)}
    before, after = by_day[date(2027, 10, 28)], by_day[date(2027, 11, 4)]
    assert timezone.localtime(before.scheduled_start, PARIS).time() == time(18)
    assert timezone.localtime(after.scheduled_start, PARIS).time() == time(18)
    assert (before.scheduled_start.astimezone(UTC).hour, after.scheduled_start.astimezone(UTC).hour) == (
        16,
        17,
    )
    assert after.scheduled_start - before.scheduled_start == timedelta(days=7, hours=1)


def test_att1_planning_twice_creates_nothing_twice():
    enrolment = _enrolment()
    _agree(enrolment)

    again = services.schedules_plan(enrolment_ids=[enrolment.pk], now=NOW)

    assert again == services.PlanReport()
    assert len(_planned(enrolment)) == 17


def test_att2_ascension_day_has_no_session_and_its_week_may_be_replaced():
    enrolment = _enrolment()
    _agree(enrolment)

    ascension = Session.objects.get(enrolment=enrolment, week=date(2027, 5, 3))

    assert (ascension.status, ascension.outcome) == (Session.Status.CANCELLED, Session.Outcome.HOLIDAY)
    assert "Ascension Day" in ascension.explanation and "(ATT-2)" in ascension.explanation
    assert Session.objects.filter(enrolment=enrolment, status=Session.Status.SCHEDULED).count() == 16


def test_att1_a_new_slot_moves_the_sessions_to_come_and_leaves_the_logged_and_notified_ones():
    enrolment = _enrolment()
    _agree(enrolment)
    first, second, *rest = _planned(enrolment)
    services.session_log_attendance(
        session_id=first.pk, mentor=enrolment.mentor, attendance="attended", now=first.scheduled_start
    )
    services.notice_give(
        session_id=second.pk,
        student=enrolment.student,
        reason="Exam.",
        now=second.scheduled_start - timedelta(days=2),
    )
    later = first.scheduled_start + timedelta(hours=1)

    report = _agree(enrolment, weekday=1, at=time(9, 30), now=later)  # Tuesdays at 09:30 from now on

    first.refresh_from_db()
    second.refresh_from_db()
    assert timezone.localtime(first.scheduled_start, PARIS).time() == time(18)  # logged: stays
    assert (
        second.outcome == Session.Outcome.POSTPONED
        and timezone.localtime(second.scheduled_start, PARIS).weekday() == THURSDAY
    )
    moved = [s for s in _planned(enrolment) if s.week > second.week]
    # 14 Thursdays become Tuesdays; Tuesday 29 June is new (Thursday 1 July was past the end), and so is
    # Tuesday 4 May: Ascension Thursday's week is an ordinary week on Tuesdays.
    assert (report.moved, report.created, report.cancelled) == (14, 2, 0) and len(moved) == 16
    assert Session.Outcome.HOLIDAY not in {s.outcome for s in moved}
    assert {timezone.localtime(s.scheduled_start, PARIS).time() for s in moved} == {time(9, 30)}
    assert {timezone.localtime(s.scheduled_start, PARIS).weekday() for s in moved} == {1}
    slot = WeeklySlot.objects.get(enrolment=enrolment)
    assert [h.history_change_reason for h in slot.history.order_by("history_id")] == [
        "Agreed: Thursdays at 18:00.",
        "Agreed: Tuesdays at 09:30.",
    ]


def test_att1_a_slot_moved_onto_a_public_holiday_cancels_that_weeks_session_as_a_holiday():
    enrolment = _enrolment()
    _agree(enrolment, weekday=2)  # Wednesdays: 31 March 2027 is an ordinary day
    week = Session.objects.get(enrolment=enrolment, week=date(2027, 3, 29))
    assert week.status == Session.Status.SCHEDULED

    _agree(enrolment, weekday=0)  # Mondays: 29 March 2027 is Easter Monday

    week.refresh_from_db()
    assert timezone.localtime(week.scheduled_start, PARIS).date() == date(2027, 3, 29)
    assert (week.status, week.outcome) == (Session.Status.CANCELLED, Session.Outcome.HOLIDAY)
    assert "Easter Monday" in week.explanation
    _agree(enrolment, weekday=2)  # back to Wednesdays: an ordinary week again, with its session
    again = Session.objects.get(enrolment=enrolment, week=date(2027, 3, 29))
    assert timezone.localtime(again.scheduled_start, PARIS).date() == date(2027, 3, 31)
    assert (again.status, again.outcome) == (Session.Status.SCHEDULED, Session.Outcome.PENDING)
    assert week.history.first().history_change_reason.startswith("No longer a public holiday's week")


def test_att2_a_holiday_the_student_replaced_stays_when_the_slot_moves():
    enrolment = _enrolment()
    _agree(enrolment, weekday=0)  # Mondays: 29 March 2027 is Easter Monday
    holiday = Session.objects.get(enrolment=enrolment, week=date(2027, 3, 29))
    SessionFactory(enrolment=enrolment, scheduled_start=_paris(2027, 3, 30, 10, 0), replaces=holiday)
    _agree(enrolment, weekday=2)
    holiday.refresh_from_db()
    assert holiday.outcome == Session.Outcome.HOLIDAY
    assert Session.objects.filter(enrolment=enrolment, week=date(2027, 3, 29)).count() == 1


def test_att1_no_slot_no_mentor_or_an_ended_training_plans_nothing(make_user):
    enrolment = _enrolment()
    assert services.schedules_plan(enrolment_ids=[enrolment.pk], now=NOW) == services.PlanReport()
    without_mentor = _enrolment(mentor=None)
    with pytest.raises(services.AttendanceError, match="no mentor yet"):
        _agree(without_mentor)
    assert not WeeklySlot.objects.filter(enrolment=without_mentor).exists()


@pytest.mark.parametrize(
    ("minutes", "zone", "message"),
    [(0, "Europe/Paris", "between a minute and four hours"), (45, "Mars/Olympus", "not a time zone")],
)
def test_a_slot_with_an_impossible_length_or_time_zone_is_refused_and_nothing_is_planned(
    minutes, zone, message
):
    enrolment = _enrolment()
    with pytest.raises(services.AttendanceError, match=message):
        _agree(enrolment, duration=timedelta(minutes=minutes), time_zone=zone)
    assert not WeeklySlot.objects.exists() and not Session.objects.exists()


@pytest.mark.parametrize(
    ("link", "refused"),
    [("http://meet.example.org/ann", True), ("https://meet.example.org/ann", False), ("", False)],
)
def test_a_slots_meeting_link_is_https_or_none(link, refused):
    enrolment = _enrolment()
    if refused:
        with pytest.raises(services.AttendanceError, match="https:// link"):
            _agree(enrolment, video_link=link)
        assert not Session.objects.exists()
    else:
        _agree(enrolment, video_link=link)
        assert {s.video_link for s in _planned(enrolment)} == {link}


def test_a_new_meeting_link_goes_to_the_sessions_to_come_only():
    enrolment = _enrolment()
    _agree(enrolment, video_link="https://meet.example.org/old")
    later = NOW + timedelta(weeks=8)
    _agree(enrolment, video_link="https://meet.example.org/new", now=later)
    links = {s.scheduled_start > later: s.video_link for s in _planned(enrolment)}
    assert links == {False: "https://meet.example.org/old", True: "https://meet.example.org/new"}


def test_acc1_a_student_with_an_accepted_accommodation_has_audio_sessions():
    enrolment = _enrolment()
    AccommodationFactory(enrolment=enrolment, status="accepted", audio_only=True)

    _agree(enrolment)

    assert {s.mode for s in _planned(enrolment)} == {Session.Mode.AUDIO}


def test_the_slot_follows_the_students_time_zone():
    enrolment = _enrolment()
    enrolment.student.time_zone = "America/Montreal"
    enrolment.student.save(update_fields=["time_zone"])

    _agree(enrolment)

    first = _planned(enrolment)[0]
    assert timezone.localtime(first.scheduled_start, ZoneInfo("America/Montreal")).time() == time(18)
    assert WeeklySlot.objects.get(enrolment=enrolment).time_zone == "America/Montreal"


def test_dis7_a_board_suspension_cancels_its_weeks_and_the_plan_skips_them_from_then_on(make_user):
    enrolment = _enrolment()
    _agree(enrolment)
    starts_on, until = date(2027, 3, 15), date(2027, 4, 15)

    with committed():
        student_services.enrolment_suspend(
            enrolment_id=enrolment.pk,
            starts_on=starts_on,
            until=until,
            rule="DIS-7",
            reason="Board.",
            now=NOW,
        )

    inside = [
        s for s in _planned(enrolment) if starts_on <= timezone.localtime(s.scheduled_start).date() < until
    ]
    assert len(inside) == 4  # 18 and 25 March, 1 and 8 April
    assert {(s.status, s.outcome, s.rule) for s in inside} == {
        (Session.Status.CANCELLED, Session.Outcome.ADMINISTRATIVE, "DIS-7")
    }
    assert EnrolmentPause.objects.get(enrolment=enrolment).until == until
    assert services.schedules_plan(enrolment_ids=[enrolment.pk], now=NOW) == services.PlanReport()


# --- Reactions, on the real clock ---------------------------------------------------------------------


def _current_enrolment(**kwargs):
    today = timezone.localdate()
    enrolment = EnrolmentFactory(
        start_date=today - timedelta(days=30), planned_end_date=today + timedelta(days=120), **kwargs
    )
    EnrolmentFundingFactory(enrolment=enrolment, kind="self", body=None)
    return enrolment


def _weekday_sessions(enrolment, first: date, last: date) -> list[MentoringSession]:
    return [
        s for s in _planned(enrolment) if first <= timezone.localtime(s.scheduled_start, PARIS).date() <= last
    ]


def test_sus4_a_20_day_suspension_cancels_its_weeks_and_plans_the_weeks_it_adds_at_the_end(make_user):
    enrolment = _current_enrolment()
    today = timezone.localdate()
    services.slot_agree(
        enrolment_id=enrolment.pk, by=enrolment.mentor, weekday=today.weekday(), starts_at=time(18)
    )
    end_before = enrolment.planned_end_date
    first, last = today + timedelta(days=14), today + timedelta(days=33)  # 20 days
    request = SuspensionRequestFactory(enrolment=enrolment, starts_on=first, ends_on=last)

    with committed():
        student_services.suspension_approve(request_id=request.pk, by=make_user(Role.STUDENT_SUCCESS))

    enrolment.refresh_from_db()
    assert enrolment.planned_end_date == end_before + timedelta(days=20)
    inside = _weekday_sessions(enrolment, first, last)
    assert len(inside) == 3 and {(s.status, s.rule) for s in inside} == {(Session.Status.CANCELLED, "SUS-4")}
    added = _weekday_sessions(enrolment, end_before + timedelta(days=1), enrolment.planned_end_date)
    assert len(added) == len(
        [d for d in range(1, 21) if (end_before + timedelta(days=d)).weekday() == today.weekday()]
    )
    assert {s.status for s in added} <= {Session.Status.SCHEDULED, Session.Status.CANCELLED}


def test_sus1_a_stop_cancels_every_later_session_and_nothing_is_planned_after_it():
    enrolment = _current_enrolment()
    today = timezone.localdate()
    services.slot_agree(
        enrolment_id=enrolment.pk, by=enrolment.mentor, weekday=today.weekday(), starts_at=time(18)
    )
    stop_on = today + timedelta(days=21)

    with committed():
        student_services.termination_submit(
            enrolment=enrolment, student=enrolment.student, effective_on=stop_on, reason="A job."
        )

    after = [s for s in _planned(enrolment) if timezone.localtime(s.scheduled_start).date() >= stop_on]
    assert after and {(s.status, s.rule) for s in after} == {(Session.Status.CANCELLED, "SUS-1")}
    assert services.schedules_plan(enrolment_ids=[enrolment.pk]) == services.PlanReport()


def test_chg1_on_a_change_of_path_the_slot_and_the_sessions_to_come_follow_the_new_enrolment(make_user):
    enrolment = _current_enrolment()
    today = timezone.localdate()
    services.slot_agree(
        enrolment_id=enrolment.pk, by=enrolment.mentor, weekday=today.weekday(), starts_at=time(18)
    )
    effective_on = add_business_days(today, 7)
    request = PathChangeRequestFactory(enrolment=enrolment)
    success = make_user(Role.STUDENT_SUCCESS)
    student_services.path_change_accept(request_id=request.pk, by=success, effective_on=effective_on)

    with committed():
        student_services.path_changes_apply_due(
            today=effective_on, now=datetime.combine(effective_on, time(7), tzinfo=PARIS)
        )

    new = enrolment.next
    assert WeeklySlot.objects.get(enrolment=new).starts_at == time(18)
    kept = _planned(enrolment)
    assert kept and max(timezone.localtime(s.scheduled_start).date() for s in kept) < effective_on
    moved = _planned(new)
    assert moved and min(timezone.localtime(s.scheduled_start).date() for s in moved) >= effective_on
    assert max(
        timezone.localtime(s.scheduled_start).date() for s in moved
    ) > new.planned_end_date - timedelta(days=7)
    assert len({s.week for s in moved}) == len(moved)


def test_a_new_mentor_takes_the_planned_sessions_to_come(make_user):
    enrolment = _current_enrolment()
    services.slot_agree(enrolment_id=enrolment.pk, by=enrolment.mentor, weekday=2, starts_at=time(18))
    other = make_user(Role.MENTOR)

    with committed():
        student_services.enrolment_assign_mentor(enrolment_id=enrolment.pk, mentor=other)

    to_come = [s for s in _planned(enrolment) if s.scheduled_start > timezone.now()]
    assert to_come and {s.mentor_id for s in to_come} == {other.pk}


def test_planning_many_enrolments_costs_the_same_number_of_queries(django_assert_max_num_queries):
    """Set-based: one enrolment or two, the same queries (kept under SQLite's 999-parameter batches, so
    the count does not grow with batching; ``make bench`` plans 20,000)."""
    few = [_enrolment()]
    many = [_enrolment() for _ in range(2)]
    for enrolment in few + many:
        WeeklySlot.objects.create(
            enrolment=enrolment,
            weekday=THURSDAY,
            starts_at=time(18),
            time_zone="Europe/Paris",
            agreed_by=enrolment.mentor,
            agreed_at=NOW,
        )
    with django_assert_max_num_queries(12) as small:
        services.schedules_plan(enrolment_ids=[e.pk for e in few], now=NOW)
    with django_assert_max_num_queries(len(small.captured_queries)):
        services.schedules_plan(enrolment_ids=[e.pk for e in many], now=NOW)
    assert Session.objects.count() == 3 * 17


# --- Mentors' absences and availability (ATT-7, ATT-2) --------------------------------------------------


def _paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def test_att7_a_mentors_absence_cancels_their_sessions_in_it_and_offers_replacements_around_it():
    enrolment = _enrolment()
    _agree(enrolment)  # Thursdays 18:00: 4, 11, 18 March…
    for weekday, start, end in [(1, time(9), time(12)), (4, time(14), time(17))]:  # Tuesdays, Fridays
        services.availability_save(
            availability=MentorAvailability(
                mentor=enrolment.mentor, weekday=weekday, starts_at=start, ends_at=end
            )
        )
    away, back = _paris(2027, 3, 11, 18, 0), _paris(2027, 3, 18, 18, 0)  # from one session to the next

    absence, cancelled = services.mentor_absence_record(
        mentor=enrolment.mentor, starts_at=away, ends_at=back, reason="Training course.", now=NOW
    )

    by_day = {timezone.localtime(s.scheduled_start, PARIS).date(): s for s in _planned(enrolment)}
    missed, next_one = by_day[date(2027, 3, 11)], by_day[date(2027, 3, 18)]
    assert cancelled == 1  # the start is inside, the end is not
    assert (missed.status, missed.outcome, missed.rule) == (
        Session.Status.CANCELLED,
        Session.Outcome.MENTOR_CANCELLED,
        "ATT-7",
    )
    assert next_one.status == Session.Status.SCHEDULED
    assert OutboundEmail.objects.filter(key=f"mentor-away:{absence.pk}:{missed.pk}").exists()
    slots = services.replacement_slots(session=missed, now=NOW)
    days = {timezone.localtime(s, PARIS).date() for s in slots}
    assert days == {date(2027, 3, 9), date(2027, 3, 19)}  # not Friday 12 nor Tuesday 16: the mentor is away
    replacement = services.session_book_replacement(
        session_id=missed.pk, student=enrolment.student, start=slots[0], now=NOW
    )
    assert replacement.replaces_id == missed.pk


def test_att7_a_session_planned_while_the_mentor_is_away_is_cancelled_by_the_mentor():
    """An absence recorded first, the slot agreed after: the week in the absence is planned cancelled by the
    mentor (ATT-7), never as a session the student is expected at; the weeks around it are planned."""
    enrolment = _enrolment()
    absence, _ = services.mentor_absence_record(
        mentor=enrolment.mentor,
        starts_at=_paris(2027, 3, 11, 18, 0),
        ends_at=_paris(2027, 3, 11, 18, 1),
        reason="Training course.",
        now=NOW,
    )
    _agree(enrolment)
    by_day = {timezone.localtime(s.scheduled_start, PARIS).date(): s for s in _planned(enrolment)}
    away = by_day[date(2027, 3, 11)]
    assert (away.status, away.outcome, away.rule) == (
        Session.Status.CANCELLED,
        Session.Outcome.MENTOR_CANCELLED,
        "ATT-7",
    )
    assert by_day[date(2027, 3, 4)].status == by_day[date(2027, 3, 18)].status == Session.Status.SCHEDULED
    assert OutboundEmail.objects.filter(key=f"mentor-away:{absence.pk}:{away.pk}").count() == 1


def test_att1_a_week_whose_session_was_booked_by_hand_is_not_planned_twice():
    enrolment = _enrolment()
    by_hand = SessionFactory(enrolment=enrolment, scheduled_start=_paris(2027, 3, 9, 10, 0))  # a Tuesday
    _agree(enrolment)
    weeks = [s.week for s in _planned(enrolment)]
    assert date(2027, 3, 8) not in weeks  # that week has its session: Tuesday's
    assert date(2027, 3, 1) in weeks and date(2027, 3, 15) in weeks
    assert Session.objects.filter(enrolment=enrolment, scheduled_start__date=date(2027, 3, 11)).count() == 0
    assert Session.objects.get(pk=by_hand.pk).status == Session.Status.SCHEDULED


def test_att7_an_absence_in_the_past_or_without_a_reason_is_refused_and_cancels_nothing():
    enrolment = _enrolment()
    _agree(enrolment)
    with pytest.raises(services.AttendanceError, match="cannot start in the past"):
        services.mentor_absence_record(
            mentor=enrolment.mentor,
            starts_at=NOW - timedelta(minutes=1),
            ends_at=NOW + timedelta(days=9),
            reason="Leave.",
            now=NOW,
        )
    with pytest.raises(services.AttendanceError, match="Say why"):
        services.mentor_absence_record(
            mentor=enrolment.mentor, starts_at=NOW, ends_at=NOW + timedelta(days=9), reason="  ", now=NOW
        )
    assert not MentorAbsence.objects.exists()
    assert not Session.objects.filter(outcome=Session.Outcome.MENTOR_CANCELLED).exists()


def test_att2_a_window_overlapping_another_of_the_mentors_is_refused(make_user):
    mentor = make_user(Role.MENTOR)
    services.availability_save(
        availability=MentorAvailability(mentor=mentor, weekday=1, starts_at=time(9), ends_at=time(12))
    )
    with pytest.raises(services.AttendanceError, match="overlaps your other one"):
        services.availability_save(
            availability=MentorAvailability(mentor=mentor, weekday=1, starts_at=time(11), ends_at=time(13))
        )
    services.availability_save(
        availability=MentorAvailability(mentor=mentor, weekday=1, starts_at=time(12), ends_at=time(13))
    )
    assert MentorAvailability.objects.filter(mentor=mentor).count() == 2


# --- SUS-3 in the browser: the mentor decides, the week's session is postponed -------------------------


def _sus3_setup():
    """A self-funded student on Thursdays 18:00, their mentor free on Tuesdays 09:00–12:00; the suspension
    asked today covers the Thursday's session of a coming week."""
    enrolment = _current_enrolment()
    today = timezone.localdate()
    services.slot_agree(enrolment_id=enrolment.pk, by=enrolment.mentor, weekday=THURSDAY, starts_at=time(18))
    services.availability_save(
        availability=MentorAvailability(
            mentor=enrolment.mentor, weekday=1, starts_at=time(9), ends_at=time(12)
        )
    )
    thursday = today + timedelta(days=(THURSDAY - today.weekday()) % 7 + 7)  # a week ahead at least
    return enrolment, thursday


@pytest.mark.parametrize(("days", "authorised"), [(7, True), (8, False)])
def test_sus3_the_mentor_authorises_a_week_from_my_week_and_its_session_is_postponed_into_their_availability(
    client_as, days, authorised
):
    enrolment, thursday = _sus3_setup()
    # From the Tuesday before the session, for 7 or 8 days: the Tuesday after is free only for 7.
    request = SuspensionRequestFactory(
        enrolment=enrolment,
        starts_on=thursday - timedelta(days=2),
        ends_on=thursday + timedelta(days=days - 3),
    )
    session = Session.objects.get(enrolment=enrolment, week=thursday - timedelta(days=3))
    client = client_as(enrolment.mentor)
    page = client.get(reverse("mentoring:dashboard")).content.decode()
    assert ("Authorise (SUS-3)" in page) is authorised

    with committed():
        response = client.post(
            reverse("mentoring:suspension_decide", args=[request.pk]), {"decision": "authorise"}, follow=True
        )

    request.refresh_from_db()
    session.refresh_from_db()
    if not authorised:
        assert request.status == "submitted" and session.status == Session.Status.SCHEDULED
        assert "one week at most" in response.content.decode()
        return
    assert request.status == "approved" and request.decided_by == enrolment.mentor
    assert (session.status, session.outcome, session.rule) == (
        Session.Status.CANCELLED,
        Session.Outcome.POSTPONED,
        "SUS-3",
    )
    replacement = session.replacements.get()
    local = timezone.localtime(replacement.scheduled_start, PARIS)
    assert local.weekday() == 1 and time(9) <= local.time() < time(12)  # a Tuesday morning of the mentor's
    assert local.date() > request.ends_on  # after the suspension
    assert EnrolmentPause.objects.get(enrolment=enrolment).rule == "SUS-3"


def test_sus3_a_week_asked_once_it_has_started_is_left_to_student_success(client_as):
    enrolment, thursday = _sus3_setup()
    today = timezone.localdate()
    request = SuspensionRequestFactory(
        enrolment=enrolment, starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=5)
    )
    client = client_as(enrolment.mentor)
    page = client.get(reverse("mentoring:dashboard")).content.decode()
    assert "Authorise (SUS-3)" not in page
    assert "asked once it had started: Student Success decides (SUS-3)" in page
    response = client.post(
        reverse("mentoring:suspension_decide", args=[request.pk]), {"decision": "authorise"}, follow=True
    )
    request.refresh_from_db()
    assert request.status == "submitted"
    assert "one week at most, requested before it starts" in response.content.decode()


def test_sus3_the_mentor_refuses_with_a_reason_the_student_reads(client_as):
    enrolment, thursday = _sus3_setup()
    request = SuspensionRequestFactory(
        enrolment=enrolment, starts_on=thursday, ends_on=thursday + timedelta(days=2)
    )
    client = client_as(enrolment.mentor)
    url = reverse("mentoring:suspension_decide", args=[request.pk])

    without = client.post(url, {"decision": "refuse", "reason": " "}, follow=True)
    with committed():
        client.post(url, {"decision": "refuse", "reason": "Your exam week: let us keep the session."})

    assert "Give the reason for the refusal" in without.content.decode()
    request.refresh_from_db()
    assert (
        request.status == "refused" and request.decision_reason == "Your exam week: let us keep the session."
    )


def test_sus3_another_mentor_cannot_reach_the_request(make_user, client_as):
    enrolment, thursday = _sus3_setup()
    request = SuspensionRequestFactory(
        enrolment=enrolment, starts_on=thursday, ends_on=thursday + timedelta(days=2)
    )
    other = client_as(make_user(Role.MENTOR))
    url = reverse("mentoring:suspension_decide", args=[request.pk])
    assert other.post(url, {"decision": "authorise"}).status_code == 404
    request.refresh_from_db()
    assert request.status == "submitted"
