"""How long a period a person types lasts, counted in calendar months and years as people count them:
1 July – 31 December is six months, and a year running over 29 February is still a year."""

from datetime import date

from dateutil.relativedelta import relativedelta


def longer_than(first_day: date, last_day: date, *, months: int = 0, years: int = 0) -> bool:
    """Whether the period from ``first_day`` to ``last_day``, both included, lasts longer than ``months``
    and ``years``: 1 July – 31 December is not longer than six months; 1 July – 1 January is."""
    return last_day >= first_day + relativedelta(months=months, years=years)
