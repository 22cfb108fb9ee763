"""The attendance rules (SPEC ATT-1..ATT-7) in ``mentoring.rules``: pure functions, no database.

Each test sits on one side of a boundary; its name carries the rule ID.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentoring import rules
from mentoring.rules import (
    Attendance,
    NoticeKind,
    Outcome,
    Reason,
    RunItem,
    SessionFacts,
    att6_case_still_stands,
    att6_referrals,
    classify,
    follow_up_due_at,
    follow_up_overdue,
    join_time_problem,
    needs_log_reminder,
    notice_in_time,
    replacement_window,
)

START = datetime(2026, 5, 13, 14, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")

U = Outcome.UNAUTHORISED
A = Outcome.ATTENDED


def hms(hours: int = 0, minutes: int = 0, seconds: int = 0) -> timedelta:
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def notice(before: timedelta, *, kind: NoticeKind | None = None, exceptional: bool = False, **extra):
    """Classify a session whose student gave notice ``before`` the start."""
    return classify(
        SessionFacts(
            scheduled_start=START,
            notice_given_at=START - before,
            notice_kind=kind,
            exceptional=exceptional,
            **extra,
        )
    )


def joined(after: timedelta | None, *, exceptional: bool = False):
    """Classify an attended session joined ``after`` the start (``None``: no join time recorded)."""
    return classify(
        SessionFacts(
            scheduled_start=START,
            attendance=Attendance.ATTENDED,
            joined_at=None if after is None else START + after,
            exceptional=exceptional,
        )
    )


def run(*outcomes: Outcome) -> list[RunItem]:
    """Sessions numbered 1, 2, 3… in chronological order."""
    return [RunItem(i, outcome) for i, outcome in enumerate(outcomes, start=1)]


# --- ATT-2 / ATT-3 / ATT-4: notice ------------------------------------------------------------------


def test_att2_notice_exactly_24_hours_before_is_postponed():
    result = notice(hms(24))
    assert (result.outcome, result.reason, result.rule) == (Outcome.POSTPONED, Reason.NONE, "ATT-2")
    assert result.counts_against_student is False


def test_att3_notice_23h59m59s_before_is_unauthorised_late_notice():
    result = notice(hms(23, 59, 59))
    assert (result.outcome, result.reason, result.rule) == (U, Reason.LATE_NOTICE, "ATT-3")
    assert result.counts_against_student is True


def test_att3_late_notice_with_exceptional_circumstances_is_excused():
    result = notice(hms(23, 59, 59), exceptional=True)
    assert (result.outcome, result.rule) == (Outcome.EXCUSED, "ATT-3")
    assert result.counts_against_student is False


def test_att4_cancellation_23h59m59s_before_is_unauthorised_late_cancellation():
    result = notice(hms(23, 59, 59), kind=NoticeKind.CANCELLATION)
    assert (result.outcome, result.reason, result.rule) == (U, Reason.LATE_CANCELLATION, "ATT-4")


def test_att4_cancellation_exactly_24_hours_before_is_postponed():
    result = notice(hms(24), kind=NoticeKind.CANCELLATION)
    assert (result.outcome, result.rule) == (Outcome.POSTPONED, "ATT-2")


def test_att3_notice_given_after_the_start_is_late_notice_with_zero_hours():
    result = notice(-hms(minutes=5))
    assert (result.outcome, result.reason) == (U, Reason.LATE_NOTICE)
    assert "only 0 h before the start" in result.explanation


# --- ATT-4: late arrival ----------------------------------------------------------------------------


def test_att4_joined_exactly_15_minutes_late_is_attended():
    result = joined(hms(minutes=15))
    assert (result.outcome, result.rule) == (Outcome.ATTENDED, "ATT-1")


def test_att4_joined_15_minutes_1_second_late_is_unauthorised_late_arrival():
    result = joined(hms(minutes=15, seconds=1))
    assert (result.outcome, result.reason, result.rule) == (U, Reason.LATE_ARRIVAL, "ATT-4")
    assert "joined 15 minutes 1 s after the start" in result.explanation


def test_att4_joined_16_minutes_late_explanation():
    assert joined(hms(minutes=16)).explanation == (
        "Unauthorised absence — joined 16 minutes after the start (ATT-4)"
    )


def test_att4_joined_before_the_start_is_attended():
    assert joined(-hms(minutes=5)).outcome == Outcome.ATTENDED


def test_att4_attended_without_join_time_is_attended():
    assert joined(None).outcome == Outcome.ATTENDED


def test_att3_att4_late_arrival_with_exceptional_circumstances_is_excused():
    result = joined(hms(minutes=16), exceptional=True)
    assert (result.outcome, result.rule) == (Outcome.EXCUSED, "ATT-3")


# --- ATT-3: no notice -------------------------------------------------------------------------------


def test_att3_no_show_without_notice_is_unauthorised_no_notice():
    result = classify(SessionFacts(scheduled_start=START, attendance=Attendance.NO_SHOW))
    assert (result.outcome, result.reason, result.rule) == (U, Reason.NO_NOTICE, "ATT-3")


def test_att3_no_show_with_exceptional_circumstances_is_excused():
    result = classify(SessionFacts(scheduled_start=START, attendance=Attendance.NO_SHOW, exceptional=True))
    assert (result.outcome, result.rule) == (Outcome.EXCUSED, "ATT-3")


def test_att1_nothing_logged_is_pending():
    assert classify(SessionFacts(scheduled_start=START)).outcome == Outcome.PENDING


# --- ATT-7: the mentor's doing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attendance", "outcome"),
    [
        (Attendance.MENTOR_CANCELLED, Outcome.MENTOR_CANCELLED),
        (Attendance.MENTOR_ABSENT, Outcome.MENTOR_ABSENT),
    ],
)
@pytest.mark.parametrize("kind", [NoticeKind.ABSENCE, NoticeKind.CANCELLATION])
def test_att7_mentor_cancelled_or_absent_never_counts_even_after_late_notice(attendance, outcome, kind):
    result = notice(hms(1), kind=kind, attendance=attendance)
    assert (result.outcome, result.rule) == (outcome, "ATT-7")
    assert result.counts_against_student is False


# --- ATT-2 in real hours across daylight saving -----------------------------------------------------
# In 2026 Paris goes CET→CEST on Sunday 29 March at 02:00 and back on Sunday 25 October at 03:00. For a
# 24-hour wall-clock span to contain the change, the session must be on the Sunday (after the change) and
# the notice on the Saturday. Both datetimes share the SAME ZoneInfo object, so a plain ``b - a`` would
# give wall-clock hours; ``rules.elapsed`` must give real ones.


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("given_at", "start", "real_hours", "in_time"),
    [
        # Spring forward: 24 wall-clock hours are only 23 real hours.
        (paris(2026, 3, 28, 10), paris(2026, 3, 29, 10), hms(23), False),
        (paris(2026, 3, 28, 9), paris(2026, 3, 29, 10), hms(24), True),
        # Fall back: 24 wall-clock hours are 25 real hours; 23 wall-clock hours are exactly 24 real.
        (paris(2026, 10, 24, 10), paris(2026, 10, 25, 10), hms(25), True),
        (paris(2026, 10, 24, 11), paris(2026, 10, 25, 10), hms(24), True),
        (paris(2026, 10, 24, 11, 0, 1), paris(2026, 10, 25, 10), hms(23, 59, 59), False),
    ],
)
def test_att2_notice_counted_in_real_hours_across_daylight_saving(given_at, start, real_hours, in_time):
    assert given_at.tzinfo is start.tzinfo
    assert given_at.utcoffset() != start.utcoffset()  # the span really straddles a change
    assert rules.elapsed(given_at, start) == real_hours
    assert notice_in_time(given_at=given_at, scheduled_start=start) is in_time
    outcome = classify(SessionFacts(scheduled_start=start, notice_given_at=given_at)).outcome
    assert outcome == (Outcome.POSTPONED if in_time else U)


def test_att2_spring_forward_wall_clock_says_24h_but_elapsed_says_23h():
    given_at, start = paris(2026, 3, 28, 10), paris(2026, 3, 29, 10)
    assert start - given_at == hms(24)  # the trap: same tzinfo, Python subtracts wall clocks
    assert rules.elapsed(given_at, start) == hms(23)


@pytest.mark.parametrize(
    ("given_at", "start", "in_time"),
    [
        # On the day of the change but after it: both instants share one offset, no trap.
        (paris(2026, 3, 29, 10), paris(2026, 3, 30, 10), True),
        (paris(2026, 3, 29, 10, 0, 1), paris(2026, 3, 30, 10), False),
        (paris(2026, 10, 25, 10), paris(2026, 10, 26, 10), True),
        (paris(2026, 10, 25, 10, 0, 1), paris(2026, 10, 26, 10), False),
    ],
)
def test_att2_notice_on_sunday_after_the_change_is_plain_24_hours(given_at, start, in_time):
    assert given_at.utcoffset() == start.utcoffset()
    assert notice_in_time(given_at=given_at, scheduled_start=start) is in_time


def test_att2_elapsed_refuses_naive_datetimes():
    naive = datetime(2026, 3, 29, 10)
    with pytest.raises(ValueError):
        rules.elapsed(naive, START)
    with pytest.raises(ValueError):
        rules.elapsed(START, naive)


# --- ATT-5: follow-up within 48 hours ---------------------------------------------------------------


def test_att5_follow_up_due_48_hours_after_start():
    assert follow_up_due_at(START) == START + hms(48)


def test_att5_follow_up_due_48_real_hours_after_start_across_daylight_saving():
    start = paris(2026, 3, 28, 10)
    assert rules.elapsed(start, follow_up_due_at(start)) == hms(48)
    assert follow_up_due_at(start) == paris(2026, 3, 30, 11)


@pytest.mark.parametrize("reasons_given", [False, True])
@pytest.mark.parametrize("rebooked", [False, True])
def test_att5_not_overdue_at_exactly_48_hours(reasons_given, rebooked):
    due = follow_up_due_at(START)
    assert follow_up_overdue(due_at=due, now=due, reasons_given=reasons_given, rebooked=rebooked) is False


@pytest.mark.parametrize(
    ("reasons_given", "rebooked", "overdue"),
    [(False, False, True), (True, False, True), (False, True, True), (True, True, False)],
)
def test_att5_overdue_1_s_after_48_hours_unless_reasons_and_rebooking(reasons_given, rebooked, overdue):
    due = follow_up_due_at(START)
    now = due + hms(seconds=1)
    assert follow_up_overdue(due_at=due, now=now, reasons_given=reasons_given, rebooked=rebooked) is overdue


# --- Log reminder and join-time input checks (support ATT-1 / ATT-4) --------------------------------


def test_att1_log_reminder_exactly_2_hours_after_end():
    assert needs_log_reminder(scheduled_end=START, now=START + hms(2)) is True


def test_att1_no_log_reminder_at_1h59m59s_after_end():
    assert needs_log_reminder(scheduled_end=START, now=START + hms(1, 59, 59)) is False


@pytest.mark.parametrize(
    ("offset", "problem"),
    [
        (-hms(minutes=31), "The join time is before the session was scheduled."),
        (-hms(minutes=30), None),
        (-hms(minutes=29), None),
        (hms(12), None),
        (hms(12, 0, 1), "The join time is more than 12 hours after the start; correct the date."),
    ],
)
def test_att4_join_time_problem_boundaries(offset, problem):
    assert join_time_problem(joined_at=START + offset, scheduled_start=START) == problem


# --- ATT-2: replacement window ----------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(2026, 4, 1), date(2026, 3, 30), date(2026, 4, 5)])
def test_att2_replacement_window_is_this_monday_to_next_sunday(day):
    # 2026-04-01 is a Wednesday; its week runs Monday 30 March to Sunday 5 April.
    assert replacement_window(day) == (date(2026, 3, 30), date(2026, 4, 12))


def test_att2_replacement_window_weekdays():
    monday, sunday = replacement_window(date(2026, 4, 1))
    assert (date(2026, 4, 1).weekday(), monday.weekday(), sunday.weekday()) == (2, 0, 6)


# --- ATT-6: three consecutive unauthorised absences -------------------------------------------------


def test_att6_three_unauthorised_in_a_row_is_one_referral():
    assert att6_referrals(run(U, U, U)) == [(1, 2, 3)]


def test_att6_two_unauthorised_is_no_referral():
    assert att6_referrals(run(U, U)) == []


def test_att6_attended_session_breaks_the_run():
    assert att6_referrals(run(U, A, U, U)) == []


def test_att6_postponed_excused_mentor_cancelled_neither_break_nor_extend():
    sessions = run(U, Outcome.POSTPONED, U, Outcome.EXCUSED, Outcome.MENTOR_CANCELLED, U)
    assert att6_referrals(sessions) == [(1, 3, 6)]


def test_att6_mentor_absent_and_administrative_neither_break_nor_extend():
    sessions = run(U, Outcome.MENTOR_ABSENT, U, Outcome.ADMINISTRATIVE, U)
    assert att6_referrals(sessions) == [(1, 3, 5)]


def test_att6_pending_neither_breaks_nor_extends():
    assert att6_referrals(run(U, Outcome.PENDING, U, Outcome.PENDING, U)) == [(1, 3, 5)]
    assert att6_referrals(run(U, Outcome.PENDING, U)) == []


def test_att6_fourth_unauthorised_opens_no_second_case():
    assert att6_referrals(run(U, U, U, U)) == [(1, 2, 3)]


def test_att6_six_unauthorised_is_two_referrals():
    assert att6_referrals(run(U, U, U, U, U, U)) == [(1, 2, 3), (4, 5, 6)]


def test_att6_already_referred_sessions_start_a_new_run_after_them():
    assert att6_referrals(run(U, U, U, U, U, U), referred={1, 2, 3}) == [(4, 5, 6)]


def test_att6_already_referred_run_with_one_more_absence_opens_nothing():
    assert att6_referrals(run(U, U, U, U), referred={1, 2, 3}) == []


def test_att6_case_still_stands_when_unchanged():
    assert att6_case_still_stands(run(U, U, U), {1, 2, 3}) is True


def test_att6_case_still_stands_across_sessions_that_neither_break_nor_extend():
    sessions = run(U, Outcome.POSTPONED, U, Outcome.MENTOR_CANCELLED, U)
    assert att6_case_still_stands(sessions, {1, 3, 5}) is True


def test_att6_case_falls_when_one_of_its_sessions_became_attended():
    assert att6_case_still_stands(run(U, A, U), {1, 2, 3}) is False


def test_att6_case_falls_when_an_attended_session_sits_between_its_sessions():
    assert att6_case_still_stands(run(U, U, A, U), {1, 2, 4}) is False


def test_att6_case_unaffected_by_attended_session_before_or_after_it():
    assert att6_case_still_stands(run(A, U, U, U, A), {2, 3, 4}) is True


# --- Properties -------------------------------------------------------------------------------------


@given(offset=st.timedeltas(min_value=timedelta(0), max_value=hms(48)))
def test_att2_property_notice_in_time_iff_at_least_24_hours(offset):
    assert notice_in_time(given_at=START - offset, scheduled_start=START) is (offset >= hms(24))


@given(
    outcomes=st.lists(st.sampled_from(list(Outcome)), max_size=40),
    referred_mask=st.lists(st.booleans(), max_size=40),
)
def test_att6_property_referrals_are_three_distinct_unauthorised_never_reused(outcomes, referred_mask):
    sessions = run(*outcomes)
    referred = {item.session_id for item, flag in zip(sessions, referred_mask, strict=False) if flag}
    by_id = {item.session_id: item.outcome for item in sessions}
    referrals = att6_referrals(sessions, referred=referred)
    seen: set[int] = set()
    for referral in referrals:
        assert len(referral) == len(set(referral)) == 3
        assert all(by_id[i] == U for i in referral)
        assert seen.isdisjoint(referral)
        assert referred.isdisjoint(referral)
        seen.update(referral)


# --- Dates a person types ------------------------------------------------------------------------------

TODAY = date(2026, 12, 1)
TRAINING_START = date(2026, 3, 2)


def _report(start, end):
    return rules.report_period_problem(
        period_start=start, period_end=end, today=TODAY, training_starts_on=TRAINING_START
    )


def test_trn2_a_report_period_ends_today_at_the_latest():
    assert _report(TODAY - timedelta(days=27), TODAY) is None
    assert "cannot end after today" in _report(TODAY - timedelta(days=27), TODAY + timedelta(days=1))


def test_trn2_a_report_period_starts_with_the_training_at_the_earliest():
    assert _report(TRAINING_START, TRAINING_START + timedelta(days=27)) is None
    assert "The training started on 2 March 2026" in _report(
        TRAINING_START - timedelta(days=1), TRAINING_START + timedelta(days=27)
    )


def test_trn2_a_report_covers_six_calendar_months_at_most():
    assert _report(date(2026, 6, 2), TODAY) is None  # 2 June – 1 December: six months
    assert "six months at most" in _report(date(2026, 6, 1), TODAY)  # six months and a day
    # The second half of a year is six months, although it has 184 days.
    half_year = rules.report_period_problem(
        period_start=date(2026, 7, 1),
        period_end=date(2026, 12, 31),
        today=date(2027, 1, 15),
        training_starts_on=TRAINING_START,
    )
    assert half_year is None


def test_trn2_a_report_period_ending_before_it_starts_is_refused():
    assert "ends before it starts" in _report(TODAY, TODAY - timedelta(days=1))


def test_att1_a_session_is_planned_inside_the_training():
    end = date(2027, 3, 1)

    def planned(day):
        return rules.session_date_problem(day=day, training_starts_on=TRAINING_START, training_ends_on=end)

    assert planned(TRAINING_START) is None and planned(end) is None
    assert "inside the training" in planned(TRAINING_START - timedelta(days=1))
    assert "inside the training" in planned(end + timedelta(days=1))


def test_my_week_goes_to_a_week_within_five_years_of_today_either_way():
    assert rules.week_shown_problem(day=date(2031, 11, 30), today=TODAY) is None
    assert rules.week_shown_problem(day=date(2021, 12, 2), today=TODAY) is None
    assert "five years" in rules.week_shown_problem(day=date(2031, 12, 1), today=TODAY)
    assert "five years" in rules.week_shown_problem(day=date(2021, 12, 1), today=TODAY)


def test_a_planned_session_lasts_from_one_minute_to_four_hours():
    assert rules.session_duration_problem(timedelta(minutes=1)) is None
    assert rules.session_duration_problem(timedelta(hours=4)) is None
    assert "between a minute and four hours" in rules.session_duration_problem(timedelta(seconds=59))
    assert "between a minute and four hours" in rules.session_duration_problem(timedelta(hours=4, seconds=1))
