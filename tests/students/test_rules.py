"""The suspension, change-of-path, accommodation and placement rules (SPEC SUS-2..SUS-4, CHG-1, CHG-2, ACC-1,
HS-1) in ``students.rules``: pure functions, no database.

Each test sits on one side of a boundary; its name carries the rule ID. Expected business days are computed
by hand and cross-checked with an independent helper that knows only the weekdays and a hard-coded set of the
French public holidays involved.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from students.rules import (
    RequestFacts,
    accommodation_grantable,
    is_business_day,
    mentor_may_authorise,
    new_end_date,
    path_change_earliest_effective,
    path_change_effective_problem,
    path_change_validation_problems,
    placement_may_start,
    student_success_must_be_told,
    suspension_days,
    suspension_validation_problems,
)

# The French public holidays that fall near the dates these tests use (Monday–Friday ones matter).
KNOWN_HOLIDAYS = frozenset(
    {
        date(2026, 5, 1),  # Labour Day (Friday)
        date(2026, 5, 8),  # Victory Day (Friday)
        date(2026, 5, 14),  # Ascension (Thursday)
        date(2026, 5, 25),  # Whit Monday
        date(2026, 11, 1),  # All Saints (Sunday)
        date(2026, 11, 11),  # Armistice (Wednesday)
        date(2026, 12, 25),  # Christmas (Friday)
        date(2027, 1, 1),  # New Year's Day (Friday)
    }
)

MARCH_1 = date(2027, 3, 1)  # a Monday
MON_2_NOV = date(2026, 11, 2)


def nth_business_day_after(start: date, n: int) -> date:
    """Independent of ``students.rules``: the n-th Monday–Friday non-holiday strictly after ``start``."""
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in KNOWN_HOLIDAYS:
            counted += 1
    return day


# --- SUS-2: more than 15 consecutive days is also notified to Student Success -------------------------------


def test_sus2_suspension_days_counts_both_ends():
    assert suspension_days(date(2027, 3, 1), date(2027, 3, 1)) == 1
    assert suspension_days(date(2027, 3, 1), date(2027, 3, 15)) == 15


def test_sus2_fifteen_days_is_not_notified_to_student_success():
    assert student_success_must_be_told(starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 15)) is False


def test_sus2_sixteen_days_is_notified_to_student_success():
    assert student_success_must_be_told(starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 16)) is True


# --- SUS-3: one week at most, requested before it starts, may be authorised by the mentor -------------------


def test_sus3_seven_days_requested_the_day_before_may_be_authorised_by_mentor():
    assert (
        mentor_may_authorise(
            starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 7), requested_on=date(2027, 2, 28)
        )
        is True
    )


def test_sus3_eight_days_may_not_be_authorised_by_mentor():
    assert (
        mentor_may_authorise(
            starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 8), requested_on=date(2027, 2, 28)
        )
        is False
    )


def test_sus3_seven_days_requested_on_the_start_day_may_not_be_authorised_by_mentor():
    assert mentor_may_authorise(starts_on=MARCH_1, ends_on=date(2027, 3, 7), requested_on=MARCH_1) is False


def test_sus3_seven_days_requested_after_it_started_may_not_be_authorised_by_mentor():
    assert (
        mentor_may_authorise(starts_on=MARCH_1, ends_on=date(2027, 3, 7), requested_on=date(2027, 3, 2))
        is False
    )


# --- SUS-4: funder approval first; the end date moves later by the suspension's length ---------------------


def test_sus4_end_date_moves_later_by_the_suspension_length():
    # 1–15 March 2027 inclusive: 15 days.
    assert new_end_date(
        planned_end=date(2027, 6, 30), starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 15)
    ) == date(2027, 7, 15)


def test_sus4_one_day_suspension_moves_end_by_one_day():
    assert new_end_date(
        planned_end=date(2027, 6, 30), starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 1)
    ) == date(2027, 7, 1)


def test_sus4_funded_without_approval_cannot_be_validated():
    problems = suspension_validation_problems(RequestFacts(funded=True, funder_approval_attached=False))
    assert len(problems) == 1
    assert "(SUS-4)" in problems[0]


def test_sus4_funded_with_approval_can_be_validated():
    assert suspension_validation_problems(RequestFacts(funded=True, funder_approval_attached=True)) == []


def test_sus4_self_funded_can_be_validated_without_approval():
    assert suspension_validation_problems(RequestFacts(funded=False, funder_approval_attached=False)) == []


def test_sus3_mentor_deciding_on_eight_days_cannot_validate():
    facts = RequestFacts(
        funded=False,
        funder_approval_attached=False,
        deciding_as_mentor=True,
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 8),
        requested_on=date(2027, 2, 28),
    )
    problems = suspension_validation_problems(facts)
    assert len(problems) == 1
    assert "(SUS-3)" in problems[0]


def test_sus3_mentor_deciding_on_seven_days_requested_before_can_validate():
    facts = RequestFacts(
        funded=False,
        funder_approval_attached=False,
        deciding_as_mentor=True,
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 7),
        requested_on=date(2027, 2, 28),
    )
    assert suspension_validation_problems(facts) == []


def test_sus4_suspension_ending_before_it_starts_is_a_problem():
    facts = RequestFacts(
        funded=False, funder_approval_attached=False, starts_on=date(2027, 3, 10), ends_on=date(2027, 3, 9)
    )
    assert suspension_validation_problems(facts) == ["The suspension ends before it starts."]


# --- CHG-1: business days (Monday–Friday, French public holidays excluded) ---------------------------------


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2026, 11, 7), id="saturday"),
        pytest.param(date(2026, 11, 8), id="sunday"),
        pytest.param(date(2026, 12, 25), id="christmas-2026"),
        pytest.param(date(2027, 1, 1), id="new-year-2027"),
        pytest.param(date(2026, 5, 1), id="labour-day-2026-friday"),
        pytest.param(date(2026, 5, 14), id="ascension-2026-thursday"),
        pytest.param(date(2026, 11, 11), id="armistice-2026-wednesday"),
    ],
)
def test_chg1_not_a_business_day(day):
    assert is_business_day(day) is False


def test_chg1_ordinary_tuesday_is_a_business_day():
    assert date(2026, 11, 10).weekday() == 1
    assert is_business_day(date(2026, 11, 10)) is True


@pytest.mark.parametrize(
    ("submitted_on", "expected"),
    [
        # Mon 2 Nov: 3,4,5,6,9,10 (1–6), Wed 11 Nov Armistice, Thu 12 (7).
        pytest.param(date(2026, 11, 2), date(2026, 11, 12), id="across-armistice"),
        # Fri 18 Dec: 21,22,23,24 (1–4), Fri 25 Christmas, 28,29,30 (5–7).
        pytest.param(date(2026, 12, 18), date(2026, 12, 30), id="across-christmas"),
        # Wed 23 Dec: 24 (1), 25 Christmas, 28,29,30,31 (2–5), Fri 1 Jan New Year, Mon 4 (6), Tue 5 Jan (7).
        pytest.param(date(2026, 12, 23), date(2027, 1, 5), id="across-christmas-and-new-year"),
        # Mon 27 Apr: 28,29,30 (1–3), Fri 1 May Labour Day, 4,5,6,7 May (4–7).
        pytest.param(date(2026, 4, 27), date(2026, 5, 7), id="across-labour-day"),
        # Mon 11 May: 12,13 (1–2), Thu 14 Ascension, 15,18,19,20,21 (3–7).
        pytest.param(date(2026, 5, 11), date(2026, 5, 21), id="across-ascension"),
        # Sat 6 Mar 2027: the count starts Monday 8: 8,9,10,11,12,15,16 (1–7).
        pytest.param(date(2027, 3, 6), date(2027, 3, 16), id="submitted-on-saturday"),
        # Sun 7 Mar 2027: same as the Saturday.
        pytest.param(date(2027, 3, 7), date(2027, 3, 16), id="submitted-on-sunday"),
    ],
)
def test_chg1_earliest_effective_is_the_seventh_business_day(submitted_on, expected):
    assert nth_business_day_after(submitted_on, 7) == expected  # the hand count agrees with the plain loop
    assert path_change_earliest_effective(submitted_on) == expected


def test_chg1_earliest_effective_weekday_names():
    assert path_change_earliest_effective(date(2026, 11, 2)).strftime("%A") == "Thursday"
    assert path_change_earliest_effective(date(2026, 12, 18)).strftime("%A") == "Wednesday"
    assert path_change_earliest_effective(date(2026, 4, 27)).strftime("%A") == "Thursday"
    assert path_change_earliest_effective(date(2026, 5, 11)).strftime("%A") == "Thursday"


def test_chg1_effective_on_the_seventh_business_day_is_accepted():
    assert path_change_effective_problem(submitted_on=MON_2_NOV, effective_on=date(2026, 11, 12)) is None


def test_chg1_effective_after_the_seventh_business_day_is_accepted():
    assert path_change_effective_problem(submitted_on=MON_2_NOV, effective_on=date(2026, 11, 13)) is None


def test_chg1_effective_on_the_sixth_business_day_is_refused_with_the_earliest_date():
    sixth = nth_business_day_after(date(2026, 11, 2), 6)
    assert sixth == date(2026, 11, 10)
    problem = path_change_effective_problem(submitted_on=date(2026, 11, 2), effective_on=sixth)
    assert problem is not None
    assert "(CHG-1)" in problem
    assert "Thursday 12 November 2026" in problem


def test_chg1_effective_on_the_holiday_before_the_seventh_business_day_is_refused():
    # Wed 11 Nov 2026 is not a business day; it still falls before the 7th business day (Thu 12).
    problem = path_change_effective_problem(submitted_on=date(2026, 11, 2), effective_on=date(2026, 11, 11))
    assert problem is not None
    assert "(CHG-1)" in problem


# --- CHG-1, CHG-2: validation of a change of path ----------------------------------------------------------

GOOD_CHANGE = {
    "funded": True,
    "funder_approval_attached": True,
    "mentor_consulted": True,
    "submitted_on": MON_2_NOV,
    "effective_on": date(2026, 11, 12),
}


def test_chg1_mentor_not_consulted_is_refused():
    problems = path_change_validation_problems(**{**GOOD_CHANGE, "mentor_consulted": False})
    assert len(problems) == 1
    assert "(CHG-1)" in problems[0]
    assert "mentor" in problems[0]


def test_chg2_funded_without_approval_is_refused():
    problems = path_change_validation_problems(**{**GOOD_CHANGE, "funder_approval_attached": False})
    assert len(problems) == 1
    assert "(CHG-2)" in problems[0]


def test_chg2_self_funded_needs_no_approval():
    assert (
        path_change_validation_problems(**{**GOOD_CHANGE, "funded": False, "funder_approval_attached": False})
        == []
    )


def test_chg1_chg2_all_good_is_accepted():
    assert path_change_validation_problems(**GOOD_CHANGE) == []


def test_chg1_too_early_is_refused_in_validation():
    problems = path_change_validation_problems(**{**GOOD_CHANGE, "effective_on": date(2026, 11, 10)})
    assert len(problems) == 1
    assert "(CHG-1)" in problems[0]
    assert "Thursday 12 November 2026" in problems[0]


def test_chg1_chg2_every_problem_is_reported():
    problems = path_change_validation_problems(
        funded=True,
        funder_approval_attached=False,
        mentor_consulted=False,
        submitted_on=date(2026, 11, 2),
        effective_on=date(2026, 11, 3),
    )
    assert len(problems) == 3
    assert "(CHG-1)" in problems[0]
    assert "(CHG-2)" in problems[1]
    assert "(CHG-1)" in problems[2]


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_chg1_property_earliest_effective_is_the_seventh_business_day_after(submitted_on):
    result = path_change_earliest_effective(submitted_on)
    assert result > submitted_on
    assert is_business_day(result)
    span = (result - submitted_on).days
    in_between = [submitted_on + timedelta(days=i) for i in range(1, span + 1)]
    assert sum(is_business_day(day) for day in in_between) == 7


# --- ACC-1, HS-1 --------------------------------------------------------------------------------------------


def test_acc1_without_proof_is_refused():
    problem = accommodation_grantable(proof_attached=False)
    assert problem is not None
    assert "(ACC-1)" in problem


def test_acc1_with_proof_is_granted():
    assert accommodation_grantable(proof_attached=True) is None


def test_hs1_placement_without_acknowledgement_may_not_start():
    problem = placement_may_start(safety_rules_acknowledged=False)
    assert problem is not None
    assert "(HS-1)" in problem


def test_hs1_placement_with_acknowledgement_may_start():
    assert placement_may_start(safety_rules_acknowledged=True) is None


# --- Dates a person types ------------------------------------------------------------------------------

from students import rules as student_rules  # noqa: E402

TODAY = date(2026, 12, 1)
TRAINING_START, TRAINING_END = date(2026, 3, 2), date(2027, 3, 1)


def _suspension(starts_on, ends_on):
    return student_rules.suspension_dates_problem(
        starts_on=starts_on, ends_on=ends_on, today=TODAY, training_ends_on=TRAINING_END
    )


def test_sus1_a_suspension_starting_today_is_accepted_and_yesterday_is_refused():
    assert _suspension(TODAY, TODAY + timedelta(days=6)) is None
    assert "past" in _suspension(TODAY - timedelta(days=1), TODAY + timedelta(days=6))


def test_sus1_a_suspension_starts_at_the_latest_on_the_last_day_of_the_training():
    assert _suspension(TRAINING_END, TRAINING_END + timedelta(days=6)) is None
    assert "training ends on Monday 1 March 2027" in _suspension(
        TRAINING_END + timedelta(days=1), TRAINING_END + timedelta(days=7)
    )


def test_sus1_a_suspension_lasts_a_calendar_year_at_most():
    assert _suspension(TODAY, date(2027, 11, 30)) is None  # 1 Dec 2026 – 30 Nov 2027: a year
    assert "366 days" in _suspension(TODAY, date(2027, 12, 1))  # a year and a day


def test_sus1_a_year_running_over_29_february_is_still_a_year():
    def suspension(starts_on, ends_on):
        return student_rules.suspension_dates_problem(
            starts_on=starts_on, ends_on=ends_on, today=TODAY, training_ends_on=date(2029, 1, 1)
        )

    assert suspension(date(2027, 3, 1), date(2028, 2, 29)) is None  # 366 days, one year
    assert "367 days" in suspension(date(2027, 3, 1), date(2028, 3, 1))


def test_sus1_a_suspension_ending_before_it_starts_is_refused():
    assert "ends before it starts" in _suspension(TODAY + timedelta(days=2), TODAY + timedelta(days=1))


def test_sus1_a_stop_is_today_or_later_and_on_the_last_day_of_the_training_at_the_latest():
    def stop(day):
        return student_rules.stop_date_problem(effective_on=day, today=TODAY, training_ends_on=TRAINING_END)

    assert stop(TODAY) is None and stop(TRAINING_END) is None
    assert "past" in stop(TODAY - timedelta(days=1))
    assert "ends by itself" in stop(TRAINING_END + timedelta(days=1))


def test_chg1_the_mentor_was_consulted_during_the_training_and_not_in_the_future():
    def consulted(day):
        return student_rules.consultation_date_problem(
            consulted_on=day, today=TODAY, training_starts_on=TRAINING_START
        )

    assert consulted(TODAY) is None and consulted(TRAINING_START) is None
    assert "future" in consulted(TODAY + timedelta(days=1))
    assert "started on" in consulted(TRAINING_START - timedelta(days=1))


def test_chg1_a_change_takes_effect_on_the_last_day_of_the_training_at_the_latest():
    assert (
        student_rules.path_change_date_problem(effective_on=TRAINING_END, training_ends_on=TRAINING_END)
        is None
    )
    assert "training ends on" in student_rules.path_change_date_problem(
        effective_on=TRAINING_END + timedelta(days=1), training_ends_on=TRAINING_END
    )


def test_an_enrolment_lasts_four_years_at_most_and_ends_after_it_starts():
    start = date(2026, 1, 5)
    assert student_rules.enrolment_dates_problem(start_date=start, planned_end_date=date(2030, 1, 4)) is None
    assert "four years" in student_rules.enrolment_dates_problem(
        start_date=start, planned_end_date=date(2030, 1, 5)
    )
    assert "after its start" in student_rules.enrolment_dates_problem(
        start_date=start, planned_end_date=start
    )


def test_hs1_a_placement_lies_inside_the_training_for_one_year_at_most():
    two_years_on = date(2028, 3, 1)

    def placement(starts_on, ends_on):
        return student_rules.placement_dates_problem(
            starts_on=starts_on,
            ends_on=ends_on,
            training_starts_on=TRAINING_START,
            training_ends_on=two_years_on,
        )

    assert placement(TRAINING_START, date(2027, 3, 1)) is None  # 2 March 2026 – 1 March 2027: a year
    assert "one year at most" in placement(TRAINING_START, date(2027, 3, 2))
    assert "inside the training" in placement(
        TRAINING_START - timedelta(days=1), TRAINING_START + timedelta(days=30)
    )
    assert placement(two_years_on - timedelta(days=5), two_years_on) is None
    assert "inside the training" in placement(
        two_years_on - timedelta(days=5), two_years_on + timedelta(days=1)
    )
    assert "ends before it starts" in placement(TRAINING_END, TRAINING_END - timedelta(days=1))
