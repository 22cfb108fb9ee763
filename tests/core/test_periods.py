"""Periods people type, in calendar months and years (``core.periods``)."""

from datetime import date

from openclassrooms.core.periods import longer_than


def test_six_months_end_the_day_before_the_same_date_six_months_on():
    assert not longer_than(date(2026, 7, 1), date(2026, 12, 31), months=6)  # 184 days, six months
    assert longer_than(date(2026, 7, 1), date(2027, 1, 1), months=6)
    assert not longer_than(date(2026, 1, 1), date(2026, 6, 30), months=6)  # 181 days, six months too


def test_a_year_over_29_february_is_a_year():
    assert not longer_than(date(2027, 3, 1), date(2028, 2, 29), years=1)
    assert longer_than(date(2027, 3, 1), date(2028, 3, 1), years=1)


def test_a_period_starting_near_the_last_representable_day_is_not_an_error():
    """An enrolment typed as starting in 9999 once raised a server error (the limit overflowed)."""
    assert not longer_than(date(9999, 6, 1), date(9999, 12, 31), years=4)
