"""Calendars as people count them: a period typed in calendar months and years (1 July – 31 December is
six months, a year running over 29 February is still a year), and the French public holidays."""

from datetime import date
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.utils import translation


@lru_cache(maxsize=32)
def _french_holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.France(years=year, language=language)


def public_holiday(day: date) -> str:
    """The name of the French public holiday on ``day`` in the active language ("Christmas Day", « Noël »),
    or "" on any other day."""
    language = "fr" if (translation.get_language() or "").startswith("fr") else "en_US"
    return _french_holidays(day.year, language).get(day, "")


def longer_than(first_day: date, last_day: date, *, months: int = 0, years: int = 0) -> bool:
    """Whether the period from ``first_day`` to ``last_day``, both included, lasts longer than ``months``
    and ``years``: 1 July – 31 December is not longer than six months; 1 July – 1 January is."""
    try:
        limit = first_day + relativedelta(months=months, years=years)
    except ValueError:  # past 31 December 9999: no day can reach it
        return False
    return last_day >= limit
