"""The Impact Committee's date rules (IMP-1..IMP-4): pure functions, each side of each boundary."""

from datetime import date, timedelta

from impact import rules

TODAY = date(2026, 12, 1)


def test_imp4_a_report_covers_a_year_from_the_committees_first_to_the_current_one():
    assert rules.report_year_problem(year=2025, first_year=2025, this_year=2026) is None
    assert rules.report_year_problem(year=2026, first_year=2025, this_year=2026) is None
    assert "first sat in 2025" in rules.report_year_problem(year=2024, first_year=2025, this_year=2026)
    assert "first sat in 2025" in rules.report_year_problem(year=1850, first_year=2025, this_year=2026)
    assert "2026 at the latest" in rules.report_year_problem(year=2027, first_year=2025, this_year=2026)
    assert "no members" in rules.report_year_problem(year=2026, first_year=None, this_year=2026)


def test_imp2_a_figure_measures_a_period_that_has_passed_of_one_calendar_year_at_most():
    def period(start, end):
        return rules.measurement_period_problem(period_start=start, period_end=end, today=TODAY)

    assert period(date(2025, 1, 1), date(2025, 12, 31)) is None
    assert period(date(2024, 1, 1), date(2024, 12, 31)) is None  # a leap year is a year
    assert "one year at most" in period(date(2025, 1, 1), date(2026, 1, 1))
    assert "after today" in rules.measurement_period_problem(
        period_start=TODAY - timedelta(days=30), period_end=TODAY + timedelta(days=1), today=TODAY
    )
    assert "ends before it starts" in rules.measurement_period_problem(
        period_start=TODAY, period_end=TODAY - timedelta(days=1), today=TODAY
    )


def test_imp3_a_request_is_due_after_today_and_within_a_year():
    assert rules.request_due_problem(due_on=TODAY + timedelta(days=1), today=TODAY) is None
    assert rules.request_due_problem(due_on=date(2027, 12, 1), today=TODAY) is None  # a year to the day
    assert "after today" in rules.request_due_problem(due_on=TODAY, today=TODAY)
    assert "within a year" in rules.request_due_problem(due_on=date(2027, 12, 2), today=TODAY)


def test_imp1_a_member_joins_on_a_day_that_has_come_and_leaves_after_joining():
    assert rules.membership_dates_problem(joined_on=TODAY, left_on=None, today=TODAY) is None
    assert rules.membership_dates_problem(joined_on=TODAY, left_on=TODAY, today=TODAY) is None
    assert "future" in rules.membership_dates_problem(
        joined_on=TODAY + timedelta(days=1), left_on=None, today=TODAY
    )
    assert "after joining" in rules.membership_dates_problem(
        joined_on=TODAY, left_on=TODAY - timedelta(days=1), today=TODAY
    )
