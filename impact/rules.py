"""The Impact Committee's rules as pure functions (IMP-1..IMP-4): no ORM, no I/O."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from openclassrooms.core.periods import longer_than

# Sensible maximums (the announcement sets none): a figure covers a year at most; a request is due within
# a year.
MAX_MEASUREMENT_YEARS = 1
MAX_REQUEST_DELAY = relativedelta(years=1)


def report_year_problem(*, year: int, first_year: int | None, this_year: int) -> str | None:
    """IMP-4: an annual report covers a year the Committee sat, up to the current one."""
    if first_year is None:
        return "The Committee has no members yet: there is no year to report on (IMP-1)."
    if year < first_year:
        return f"The Committee first sat in {first_year}: a report covers {first_year} or later."
    if year > this_year:
        return f"A report covers a year that has begun: {this_year} at the latest."
    return None


def measurement_period_problem(*, period_start: date, period_end: date, today: date) -> str | None:
    """IMP-2: a figure measures a period that has passed, of one year at most."""
    if period_end < period_start:
        return "The period ends before it starts."
    if period_end > today:
        return "A figure measures a period that has passed: it cannot end after today."
    if longer_than(period_start, period_end, years=MAX_MEASUREMENT_YEARS):
        return "A figure covers one year at most."
    return None


def request_due_problem(*, due_on: date, today: date) -> str | None:
    """IMP-3: the Board answers by a day to come, within a year."""
    if due_on <= today:
        return "The due date comes after today (IMP-3)."
    if due_on > today + MAX_REQUEST_DELAY:
        return "A request is due within a year: check the date."
    return None


def membership_dates_problem(*, joined_on: date, left_on: date | None, today: date) -> str | None:
    """IMP-1: a member joined on a day that has passed, and leaves after joining."""
    if joined_on > today:
        return "A member joins on a day that has come: the date cannot be in the future."
    if left_on is not None and left_on < joined_on:
        return "A member leaves the Committee after joining it."
    return None
