"""The Impact Committee's rules as pure functions (IMP-1..IMP-4): no ORM, no I/O."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openclassrooms.core.periods import longer_than

# Sensible maximums (the announcement sets none): a figure covers a year at most; a request is due within
# a year.
MAX_MEASUREMENT_YEARS = 1
MAX_REQUEST_DELAY = relativedelta(years=1)
# IMP-3: the Board is reminded this many days before a request's due date (the policy sets no delay).
REMINDER_DAYS_BEFORE = 3


def report_year_problem(*, year: int, first_year: int | None, this_year: int) -> str | None:
    """IMP-4: an annual report covers a year the Committee sat, up to the current one."""
    if first_year is None:
        return _("The Committee has no members yet: there is no year to report on (IMP-1).")
    if year < first_year:
        return _("The Committee first sat in %(year)s: a report covers %(year)s or later.") % {
            "year": first_year
        }
    if year > this_year:
        return _("A report covers a year that has begun: %(year)s at the latest.") % {"year": this_year}
    return None


def measurement_period_problem(*, period_start: date, period_end: date, today: date) -> str | None:
    """IMP-2: a figure measures a period that has passed, of one year at most."""
    if period_end < period_start:
        return _("The period ends before it starts.")
    if period_end > today:
        return _("A figure measures a period that has passed: it cannot end after today.")
    if longer_than(period_start, period_end, years=MAX_MEASUREMENT_YEARS):
        return _("A figure covers one year at most.")
    return None


def request_due_problem(*, due_on: date, today: date) -> str | None:
    """IMP-3: the Board answers by a day to come, within a year."""
    if due_on <= today:
        return _("The due date comes after today (IMP-3).")
    if due_on > today + MAX_REQUEST_DELAY:
        return _("A request is due within a year: check the date.")
    return None


def membership_dates_problem(*, joined_on: date, left_on: date | None, today: date) -> str | None:
    """IMP-1: a member joined on a day that has passed, and leaves after joining."""
    if joined_on > today:
        return _("A member joins on a day that has come: the date cannot be in the future.")
    if left_on is not None and left_on < joined_on:
        return _("A member leaves the Committee after joining it.")
    return None


# --- Only aggregated, anonymised figures leave the system (IMP-4) -----------------------------------------

# A cell describing fewer students than this is not published, nor one that would reveal it by subtraction.
SMALL_CELL = 10
SUPPRESSED_LABEL = gettext_lazy("fewer than 10")


def suppressed(students: Mapping[str, int], *, total_shown: bool = True) -> frozenset[str]:
    """IMP-4: the cells of a breakdown that are not published.

    Primary suppression: a cell describing fewer than 10 students (9 is hidden, 10 is shown). Secondary
    suppression: when exactly one cell is hidden and the total is shown, subtracting the others from the
    total would reveal it, so the smallest other cell is hidden too. ``students`` maps each cell to the
    number of students it describes; cells describing nobody are not listed."""
    hidden = {label for label, count in students.items() if count < SMALL_CELL}
    if total_shown and len(hidden) == 1 and len(students) > 1:
        smallest = min((count, label) for label, count in students.items() if label not in hidden)
        hidden.add(smallest[1])
    return frozenset(hidden)


def total_suppressed(students: int) -> bool:
    """IMP-4: a figure about fewer than 10 students in all is not published at all."""
    return students < SMALL_CELL


def percentage(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in per cent, to one decimal place (half up); None for an empty whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def per_hundred(events: int, population: int) -> Decimal | None:
    """``events`` per 100 students of ``population``, to one decimal place; None for no population."""
    return percentage(events, population)


def median(values: Iterable[float]) -> Decimal | None:
    """The median of ``values`` to one decimal place; None when there are none."""
    values = list(values)
    if not values:
        return None
    return Decimal(str(statistics.median(values))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def business_days_between(start: date, end: date, *, is_business_day) -> int:
    """The business days after ``start`` up to and including ``end`` (CHG-1's count: the day of submission
    does not count); 0 when ``end`` is not after ``start``."""
    return sum(1 for n in range(1, (end - start).days + 1) if is_business_day(start + timedelta(days=n)))


def criterion_problem(
    *, definition: str, method: str, measure: str, known_measures: Iterable[str], source: str
) -> str | None:
    """IMP-2: a criterion has a definition and a way to measure it; it is computed by a measure of the
    catalogue, or its figures are entered by hand from a source the Committee names."""
    if not definition.strip() or not method.strip():
        return _("A criterion has a definition and a way to measure it (IMP-2).")
    if measure and measure not in set(known_measures):
        return _("Choose a measure from the catalogue, or none to enter the figures by hand.")
    if not measure and not source.strip():
        return _("Name the source of the figures entered by hand (IMP-2).")
    return None


def request_reminder_due(*, due_on: date, today: date) -> bool:
    """IMP-3: from three days before the due date to the due date itself, an unanswered request is
    reminded to the Board (once)."""
    return due_on - timedelta(days=REMINDER_DAYS_BEFORE) <= today <= due_on
