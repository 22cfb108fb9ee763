"""How long a period a person types lasts, counted in calendar months and years as people count them:
1 July – 31 December is six months, and a year running over 29 February is still a year."""

from datetime import date

from dateutil.relativedelta import relativedelta


def longer_than(first_day: date, last_day: date, *, months: int = 0, years: int = 0) -> bool:
    """Whether the period from ``first_day`` to ``last_day``, both included, lasts longer than ``months``
    and ``years``: 1 July – 31 December is not longer than six months; 1 July – 1 January is."""
    try:
        limit = first_day + relativedelta(months=months, years=years)
    except ValueError:  # past 31 December 9999: no day can reach it
        return False
    return last_day >= limit
