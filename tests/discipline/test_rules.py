"""The discipline rules (SPEC DIS-1..DIS-8) in ``discipline.rules``: pure functions, no database.

Each test sits on one side of a boundary (72 hours; day 1, 2, 15 and 16 after the hearing; one calendar
month; one year); its name carries the rule ID.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discipline.rules import (
    ExtenuatingKind,
    NoticeFacts,
    Seat,
    SeatRole,
    absence_postpones,
    board_problems,
    can_decide,
    can_vote,
    dispatch_problem,
    earliest_hearing,
    exclusion_ban_until,
    latest_notice_time,
    letter_reminder_due,
    letter_window,
    letter_window_missed,
    notice_in_time,
    notice_problems,
    suspension_period,
)
from students import rules as students_rules

PARIS = ZoneInfo("Europe/Paris")
HEARING = datetime(2026, 5, 20, 14, 0, tzinfo=UTC)
ONE_SECOND = timedelta(seconds=1)


# --- DIS-1: the Board -------------------------------------------------------------------------------


def chair(user_id: int = 1, **kwargs) -> Seat:
    return Seat(SeatRole.CHAIR, user_id, **{"is_head_of_learning": True, **kwargs})


def manager(user_id: int = 2, **kwargs) -> Seat:
    return Seat(SeatRole.LEARNING_MANAGER, user_id, **{"is_paths_learning_manager": True, **kwargs})


def representative(user_id: int = 3, **kwargs) -> Seat:
    return Seat(SeatRole.STUDENT_REPRESENTATIVE, user_id, **{"is_student_on_same_path": True, **kwargs})


def assert_one_problem(problems: list[str], rule: str, *words: str) -> None:
    assert len(problems) == 1, problems
    assert rule in problems[0], problems
    for word in words:
        assert word in problems[0], problems


def test_dis1_head_of_learning_and_paths_learning_manager_make_a_board():
    assert board_problems([chair(), manager()]) == []


def test_dis1_an_advisory_student_representative_may_sit():
    assert board_problems([chair(), manager(), representative()]) == []


def test_dis1_accepts_any_iterable_of_seats():
    assert board_problems(iter([chair(), manager()])) == []


def test_dis1_chair_must_be_head_of_learning():
    problems = board_problems([chair(is_head_of_learning=False), manager()])
    assert_one_problem(problems, "DIS-1", "Head of Learning")


def test_dis1_board_without_a_chair():
    assert_one_problem(board_problems([manager()]), "DIS-1", "chair")


def test_dis1_two_chairs():
    assert_one_problem(board_problems([chair(1), chair(4), manager()]), "DIS-1", "chair")


def test_dis1_learning_manager_of_another_path():
    assert_one_problem(
        board_problems([chair(), manager(is_paths_learning_manager=False)]), "DIS-1", "Learning Manager"
    )


def test_dis1_board_without_learning_manager():
    assert_one_problem(board_problems([chair()]), "DIS-1", "Learning Manager")


def test_dis1_two_student_representatives():
    problems = board_problems([chair(), manager(), representative(3), representative(4)])
    assert_one_problem(problems, "DIS-1", "representative")


def test_dis1_student_representative_must_follow_the_same_path():
    problems = board_problems([chair(), manager(), representative(is_student_on_same_path=False)])
    assert_one_problem(problems, "DIS-1", "representative")


def test_dis1_same_user_cannot_hold_two_seats():
    assert_one_problem(board_problems([chair(1), manager(1)]), "DIS-1", "two seats")


def test_dis1_same_user_as_chair_and_representative():
    assert_one_problem(board_problems([chair(1), manager(2), representative(1)]), "DIS-1", "two seats")


def test_dis1_empty_board_lists_every_missing_seat():
    problems = board_problems([])
    assert len(problems) == 2
    assert all("DIS-1" in p for p in problems)


@pytest.mark.parametrize(
    ("role", "votes"),
    [
        (SeatRole.CHAIR, True),
        (SeatRole.LEARNING_MANAGER, True),
        (SeatRole.STUDENT_REPRESENTATIVE, False),
    ],
)
def test_dis1_only_the_student_representative_does_not_vote(role, votes):
    assert can_vote(role) is votes


# --- DIS-3: the notice, 72 real hours ---------------------------------------------------------------


def test_dis3_notice_exactly_72_hours_before_is_in_time():
    assert notice_in_time(sent_at=HEARING - timedelta(hours=72), hearing_start=HEARING) is True


def test_dis3_notice_72_hours_minus_one_second_before_is_late():
    assert notice_in_time(sent_at=HEARING - timedelta(hours=72) + ONE_SECOND, hearing_start=HEARING) is False


def test_dis3_notice_earlier_than_72_hours_is_in_time():
    assert notice_in_time(sent_at=HEARING - timedelta(days=10), hearing_start=HEARING) is True


def test_dis3_notice_after_the_hearing_is_late():
    assert notice_in_time(sent_at=HEARING + ONE_SECOND, hearing_start=HEARING) is False


def test_dis3_notice_compares_instants_across_time_zones():
    # 14:00 UTC is 16:00 in Paris in May (CEST, UTC+2).
    sent = datetime(2026, 5, 17, 16, 0, tzinfo=PARIS)
    assert sent.astimezone(UTC) == HEARING - timedelta(hours=72)
    assert notice_in_time(sent_at=sent, hearing_start=HEARING) is True
    assert notice_in_time(sent_at=sent + ONE_SECOND, hearing_start=HEARING) is False


# Europe/Paris leaves CEST (UTC+2) for CET (UTC+1) at 03:00 on Sunday 25 October 2026, so that
# Thursday-to-Sunday stretch has one more real hour than on the wall clock. Subtracting two datetimes
# that share the same ZoneInfo object gives the wall-clock difference, not the real one.
DST_HEARING = datetime(2026, 10, 25, 10, 0, tzinfo=PARIS)  # 09:00 UTC (CET)


def test_dis3_dst_fixture_arithmetic_checked_in_utc():
    assert DST_HEARING.astimezone(UTC) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    thursday_10h, thursday_11h = (datetime(2026, 10, 22, h, 0, tzinfo=PARIS) for h in (10, 11))
    assert thursday_10h.astimezone(UTC) == datetime(2026, 10, 22, 8, 0, tzinfo=UTC)  # CEST, UTC+2
    assert thursday_11h.astimezone(UTC) == datetime(2026, 10, 22, 9, 0, tzinfo=UTC)
    # The trap: same-tzinfo subtraction is wall-clock arithmetic (71 h here, while 72 real hours elapse).
    assert DST_HEARING - thursday_11h == timedelta(hours=71)


def test_dis3_across_dst_thursday_10h_to_sunday_10h_is_73_real_hours():
    sent = datetime(2026, 10, 22, 10, 0, tzinfo=PARIS)
    assert DST_HEARING.astimezone(UTC) - sent.astimezone(UTC) == timedelta(hours=73)
    assert notice_in_time(sent_at=sent, hearing_start=DST_HEARING) is True


def test_dis3_across_dst_thursday_11h_is_exactly_72_real_hours():
    sent = datetime(2026, 10, 22, 11, 0, tzinfo=PARIS)
    assert notice_in_time(sent_at=sent, hearing_start=DST_HEARING) is True


def test_dis3_across_dst_thursday_11h_00m_01s_is_late():
    sent = datetime(2026, 10, 22, 11, 0, 1, tzinfo=PARIS)
    assert notice_in_time(sent_at=sent, hearing_start=DST_HEARING) is False


def test_dis3_latest_notice_time_is_72_real_hours_before():
    assert latest_notice_time(HEARING) == HEARING - timedelta(hours=72)
    assert latest_notice_time(DST_HEARING) == datetime(2026, 10, 22, 9, 0, tzinfo=UTC)
    assert latest_notice_time(DST_HEARING) == datetime(2026, 10, 22, 11, 0, tzinfo=PARIS)


def test_dis3_notice_at_latest_notice_time_is_in_time_and_one_second_later_is_not():
    latest = latest_notice_time(DST_HEARING)
    assert notice_in_time(sent_at=latest, hearing_start=DST_HEARING) is True
    assert notice_in_time(sent_at=latest + ONE_SECOND, hearing_start=DST_HEARING) is False


def test_dis3_earliest_hearing_is_now_plus_72_hours():
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert earliest_hearing(now) == datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
    assert notice_in_time(sent_at=now, hearing_start=earliest_hearing(now)) is True
    assert notice_in_time(sent_at=now, hearing_start=earliest_hearing(now) - ONE_SECOND) is False


def test_dis3_earliest_hearing_across_dst_counts_real_hours():
    now = datetime(2026, 10, 22, 11, 0, tzinfo=PARIS)
    assert earliest_hearing(now) == DST_HEARING


# --- DIS-3: what the notice must say ------------------------------------------------------------------


def complete_notice(**changes) -> NoticeFacts:
    facts = NoticeFacts(
        sent_at=HEARING - timedelta(hours=72),
        hearing_start=HEARING,
        stated_start=HEARING,
        purpose="Disciplinary hearing about messages posted in the forum.",
        complaints="Insulting messages posted on 3 and 4 May 2026.",
        video_link="https://meet.example.org/board-42",
        states_right_to_representative=True,
    )
    return replace(facts, **changes)


def test_dis3_complete_notice_sent_72_hours_before_has_no_problem():
    assert notice_problems(complete_notice()) == []


def test_dis3_notice_stating_the_start_in_paris_time_matches_the_same_instant():
    assert notice_problems(complete_notice(stated_start=HEARING.astimezone(PARIS))) == []


def test_dis3_notice_sent_one_second_too_late():
    facts = complete_notice(sent_at=HEARING - timedelta(hours=72) + ONE_SECOND)
    assert_one_problem(notice_problems(facts), "DIS-3", "72 hours")


def test_dis3_notice_not_sent():
    assert_one_problem(notice_problems(complete_notice(sent_at=None)), "DIS-3")


@pytest.mark.parametrize(
    "stated_start",
    [None, HEARING + timedelta(hours=1), HEARING - ONE_SECOND],
    ids=["missing", "one-hour-off", "one-second-off"],
)
def test_dis3_notice_stating_another_start(stated_start):
    assert_one_problem(notice_problems(complete_notice(stated_start=stated_start)), "DIS-3", "date")


@pytest.mark.parametrize("purpose", ["", "   \n"], ids=["empty", "blank"])
def test_dis3_notice_without_purpose(purpose):
    assert_one_problem(notice_problems(complete_notice(purpose=purpose)), "DIS-3", "purpose")


@pytest.mark.parametrize("complaints", ["", "\t "], ids=["empty", "blank"])
def test_dis3_notice_without_complaints(complaints):
    assert_one_problem(notice_problems(complete_notice(complaints=complaints)), "DIS-3", "complaints")


@pytest.mark.parametrize("video_link", ["", "  "], ids=["empty", "blank"])
def test_dis2_dis3_notice_without_video_link(video_link):
    assert_one_problem(notice_problems(complete_notice(video_link=video_link)), "DIS-2", "video link")


def test_dis3_notice_not_stating_the_right_to_a_representative():
    facts = complete_notice(states_right_to_representative=False)
    assert_one_problem(notice_problems(facts), "DIS-3", "representative")


def test_dis3_hand_delivered_notice_without_receipt():
    facts = complete_notice(hand_delivered=True, receipt_signed_at=None)
    assert_one_problem(notice_problems(facts), "DIS-3", "receipt")


def test_dis3_hand_delivered_notice_with_receipt_has_no_problem():
    sent = HEARING - timedelta(hours=80)
    facts = complete_notice(sent_at=sent, hand_delivered=True, receipt_signed_at=sent)
    assert notice_problems(facts) == []


def test_dis3_every_missing_element_is_listed():
    facts = complete_notice(
        sent_at=None,
        stated_start=None,
        purpose="",
        complaints="",
        video_link="",
        states_right_to_representative=False,
        hand_delivered=True,
    )
    assert len(notice_problems(facts)) == 7


# --- DIS-4: complaints communicated before any decision ----------------------------------------------


def test_dis4_no_decision_unless_complaints_were_communicated():
    reason = can_decide(complaints_communicated=False, hearing_held=True)
    assert reason is not None
    assert "DIS-4" in reason


def test_dis4_complaints_not_communicated_and_no_hearing_cites_dis4():
    reason = can_decide(complaints_communicated=False, hearing_held=False)
    assert reason is not None
    assert "DIS-4" in reason


def test_dis4_no_decision_before_the_hearing_even_with_complaints_communicated():
    reason = can_decide(complaints_communicated=True, hearing_held=False)
    assert reason is not None
    assert "hearing" in reason


def test_dis4_complaints_communicated_and_hearing_held_allows_a_decision():
    assert can_decide(complaints_communicated=True, hearing_held=True) is None


# --- DIS-5: absence at the hearing ---------------------------------------------------------------------


def test_dis5_absent_without_official_proof_hearing_goes_ahead():
    assert absence_postpones(student_attended=False, official_proof=None) is False


@pytest.mark.parametrize("kind", list(ExtenuatingKind))
def test_dis5_absent_with_official_proof_postpones(kind):
    assert absence_postpones(student_attended=False, official_proof=kind) is True


def test_dis5_extenuating_circumstances_are_accident_illness_bereavement():
    assert {k.value for k in ExtenuatingKind} == {"accident", "illness", "bereavement"}


@pytest.mark.parametrize("proof", [None, *ExtenuatingKind])
def test_dis5_present_student_does_not_postpone(proof):
    assert absence_postpones(student_attended=True, official_proof=proof) is False


# --- DIS-7: penalties -----------------------------------------------------------------------------------


def test_dis7_suspension_lasts_one_calendar_month():
    assert suspension_period(date(2026, 3, 15)) == (date(2026, 3, 15), date(2026, 4, 15))


def test_dis7_suspension_from_31_january_ends_28_february():
    assert suspension_period(date(2026, 1, 31)) == (date(2026, 1, 31), date(2026, 2, 28))


def test_dis7_suspension_from_31_january_of_a_leap_year_ends_29_february():
    assert suspension_period(date(2028, 1, 31)) == (date(2028, 1, 31), date(2028, 2, 29))


def test_dis7_suspension_across_the_year_end():
    assert suspension_period(date(2026, 12, 15)) == (date(2026, 12, 15), date(2027, 1, 15))


def test_dis7_exclusion_bans_enrolment_for_one_year():
    assert exclusion_ban_until(date(2026, 3, 1)) == date(2027, 3, 1)


def test_dis7_exclusion_on_29_february_bans_until_28_february():
    assert exclusion_ban_until(date(2028, 2, 29)) == date(2029, 2, 28)


def enrolment_refused_until(*, exclusions, on):
    """As the system composes them: discipline dates each ban, students refuses an enrolment under one."""
    return students_rules.enrolment_refused_until(bans=[exclusion_ban_until(d) for d in exclusions], on=on)


def test_dis7_enrolment_refused_the_day_before_the_ban_ends():
    assert enrolment_refused_until(exclusions=[date(2026, 3, 1)], on=date(2027, 2, 28)) == date(2027, 3, 1)


def test_dis7_enrolment_allowed_the_day_the_ban_ends():
    assert enrolment_refused_until(exclusions=[date(2026, 3, 1)], on=date(2027, 3, 1)) is None


def test_dis7_enrolment_refused_on_the_day_of_the_exclusion():
    assert enrolment_refused_until(exclusions=[date(2026, 3, 1)], on=date(2026, 3, 1)) == date(2027, 3, 1)


def test_dis7_two_exclusions_refuse_until_the_later_ban():
    exclusions = [date(2026, 9, 1), date(2026, 3, 1)]
    assert enrolment_refused_until(exclusions=exclusions, on=date(2026, 10, 1)) == date(2027, 9, 1)
    assert enrolment_refused_until(exclusions=exclusions, on=date(2027, 3, 1)) == date(2027, 9, 1)


def test_dis7_expired_exclusion_is_ignored_beside_a_current_one():
    exclusions = [date(2024, 3, 1), date(2026, 3, 1)]
    assert enrolment_refused_until(exclusions=exclusions, on=date(2026, 6, 1)) == date(2027, 3, 1)


def test_dis7_no_exclusion_means_enrolment_allowed():
    assert enrolment_refused_until(exclusions=[], on=date(2026, 3, 1)) is None


def test_dis7_exclusions_may_be_a_generator():
    exclusions = (d for d in [date(2026, 3, 1)])
    assert enrolment_refused_until(exclusions=exclusions, on=date(2026, 4, 1)) == date(2027, 3, 1)


# --- DIS-8: the registered letter, day 2 to day 15 ----------------------------------------------------

HEARING_DAY = date(2026, 11, 10)


def test_dis8_letter_window_is_day_2_to_day_15():
    assert letter_window(HEARING_DAY) == (date(2026, 11, 12), date(2026, 11, 25))


def test_dis8_letter_window_across_a_month_and_year_end():
    assert letter_window(date(2026, 12, 20)) == (date(2026, 12, 22), date(2027, 1, 4))


def test_dis8_dispatch_on_day_1_is_too_early():
    problem = dispatch_problem(hearing_date=HEARING_DAY, dispatch_date=date(2026, 11, 11))
    assert problem is not None
    assert "DIS-8" in problem
    assert "day 2" in problem
    assert "12 November 2026" in problem


def test_dis8_dispatch_on_the_hearing_day_is_too_early():
    problem = dispatch_problem(hearing_date=HEARING_DAY, dispatch_date=HEARING_DAY)
    assert problem is not None
    assert "day 2" in problem


def test_dis8_dispatch_on_day_2_is_allowed():
    assert dispatch_problem(hearing_date=HEARING_DAY, dispatch_date=date(2026, 11, 12)) is None


def test_dis8_dispatch_on_day_15_is_allowed():
    assert dispatch_problem(hearing_date=HEARING_DAY, dispatch_date=date(2026, 11, 25)) is None


def test_dis8_dispatch_on_day_16_is_too_late():
    problem = dispatch_problem(hearing_date=HEARING_DAY, dispatch_date=date(2026, 11, 26))
    assert problem is not None
    assert "DIS-8" in problem
    assert "day 15" in problem
    assert "25 November 2026" in problem


@pytest.mark.parametrize(
    ("dispatch", "allowed"),
    [
        (date(2026, 12, 21), False),  # day 1
        (date(2026, 12, 22), True),  # day 2
        (date(2027, 1, 4), True),  # day 15
        (date(2027, 1, 5), False),  # day 16
    ],
)
def test_dis8_dispatch_across_a_month_end(dispatch, allowed):
    assert (dispatch_problem(hearing_date=date(2026, 12, 20), dispatch_date=dispatch) is None) is allowed


def test_dis8_reminder_not_due_on_day_11():
    assert letter_reminder_due(hearing_date=HEARING_DAY, today=date(2026, 11, 21)) is False


def test_dis8_reminder_due_on_day_12():
    assert letter_reminder_due(hearing_date=HEARING_DAY, today=date(2026, 11, 22)) is True


def test_dis8_window_not_missed_on_day_15():
    assert letter_window_missed(hearing_date=HEARING_DAY, today=date(2026, 11, 25)) is False


def test_dis8_window_missed_on_day_16():
    assert letter_window_missed(hearing_date=HEARING_DAY, today=date(2026, 11, 26)) is True


def test_dis8_reminder_and_missed_window_across_a_month_end():
    hearing = date(2026, 12, 20)
    assert letter_reminder_due(hearing_date=hearing, today=date(2027, 1, 1)) is True  # day 12
    assert letter_reminder_due(hearing_date=hearing, today=date(2026, 12, 31)) is False  # day 11
    assert letter_window_missed(hearing_date=hearing, today=date(2027, 1, 4)) is False  # day 15
    assert letter_window_missed(hearing_date=hearing, today=date(2027, 1, 5)) is True  # day 16


@given(
    hearing_date=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    offset=st.integers(min_value=-5, max_value=30),
)
def test_dis8_property_dispatch_allowed_iff_day_2_to_15(hearing_date, offset):
    problem = dispatch_problem(hearing_date=hearing_date, dispatch_date=hearing_date + timedelta(days=offset))
    assert (problem is None) == (2 <= offset <= 15)


# --- Dates a person types ------------------------------------------------------------------------------

from discipline import rules as discipline_rules  # noqa: E402

DECIDED_ON = date(2026, 5, 12)


def test_dis7_a_penalty_takes_effect_from_the_day_it_is_decided_never_before():
    assert discipline_rules.penalty_start_problem(effective_from=DECIDED_ON, decided_on=DECIDED_ON) is None
    assert "before it is decided (12 May 2026)" in discipline_rules.penalty_start_problem(
        effective_from=DECIDED_ON - timedelta(days=1), decided_on=DECIDED_ON
    )
    assert "before it is decided" in discipline_rules.penalty_start_problem(
        effective_from=date(2020, 1, 1), decided_on=DECIDED_ON
    )


def test_dis7_a_penalty_takes_effect_within_90_days_of_the_decision():
    assert (
        discipline_rules.penalty_start_problem(
            effective_from=DECIDED_ON + timedelta(days=90), decided_on=DECIDED_ON
        )
        is None
    )
    assert "three months" in discipline_rules.penalty_start_problem(
        effective_from=DECIDED_ON + timedelta(days=91), decided_on=DECIDED_ON
    )


def test_dis3_a_receipt_is_signed_before_the_hearing_and_not_in_the_future():
    now = HEARING - timedelta(days=4)
    assert discipline_rules.receipt_problem(signed_at=now, now=now, hearing_start=HEARING) is None
    assert "future" in discipline_rules.receipt_problem(
        signed_at=now + ONE_SECOND, now=now, hearing_start=HEARING
    )
    later = HEARING + timedelta(hours=1)
    assert "before the hearing" in discipline_rules.receipt_problem(
        signed_at=HEARING, now=later, hearing_start=HEARING
    )


def test_dis8_an_acknowledgement_is_dated_between_the_dispatch_and_today():
    sent, today = date(2026, 5, 15), date(2026, 5, 20)

    def acknowledged(day):
        return discipline_rules.acknowledgement_problem(acknowledged_on=day, dispatched_on=sent, today=today)

    assert acknowledged(sent) is None and acknowledged(today) is None
    assert "before the letter was sent" in acknowledged(sent - timedelta(days=1))
    assert "future" in acknowledged(today + timedelta(days=1))


def test_dis8_a_letter_is_not_recorded_as_posted_on_a_day_to_come():
    hearing_day = date(2026, 5, 12)
    assert (
        dispatch_problem(hearing_date=hearing_day, dispatch_date=date(2026, 5, 14), today=date(2026, 5, 14))
        is None
    )
    assert "still to come" in dispatch_problem(
        hearing_date=hearing_day, dispatch_date=date(2026, 5, 14), today=date(2026, 5, 13)
    )


def test_dis3_a_hearing_is_held_within_three_months():
    now = HEARING - timedelta(days=90)
    assert discipline_rules.hearing_start_problem(start=HEARING, now=now, tz=PARIS) is None
    assert "three months" in discipline_rules.hearing_start_problem(
        start=HEARING + ONE_SECOND, now=now, tz=PARIS
    )


def test_dis3_a_hearing_too_soon_gives_the_soonest_time_in_the_schedulers_time_zone():
    now = HEARING - discipline_rules.NOTICE_PERIOD + ONE_SECOND  # 17 May 14:00:01 UTC
    problem = discipline_rules.hearing_start_problem(start=HEARING, now=now, tz=PARIS)
    assert "72 hours" in problem and "20 May 2026 at 16:00" in problem  # 14:00:01 UTC is 16:00 in Paris
