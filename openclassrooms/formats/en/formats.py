"""English dates and times, as the school wrote them before it spoke French: "25 November 2026, 18:30".

The same names as openclassrooms/formats/fr/formats.py, each language's own way.
"""

DATE_FORMAT = "j F Y"  # 25 November 2026
SHORT_DATE_FORMAT = "j M Y"  # 25 Nov 2026
DATETIME_FORMAT = "j F Y, H:i"  # 25 November 2026, 18:30
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 25 Nov 2026, 18:30
TIME_FORMAT = "H:i"  # 18:30
MONTH_DAY_FORMAT = "j F"  # 25 November
YEAR_MONTH_FORMAT = "F Y"  # November 2026

# The project's own names.
DAY_TIME_FORMAT = "j F, H:i"  # 25 November, 18:30
SHORT_DAY_FORMAT = "j M"  # 25 Nov
SHORT_DAY_TIME_FORMAT = "j M, H:i"  # 25 Nov, 18:30
WEEKDAY_DATE_FORMAT = "l j F Y"  # Wednesday 25 November 2026
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"  # Wednesday 25 November 2026, 18:30
WEEKDAY_DAY_FORMAT = "l j F"  # Wednesday 25 November
WEEKDAY_DAY_TIME_FORMAT = "l j F, H:i"  # Wednesday 25 November, 18:30
SHORT_WEEKDAY_FORMAT = "D j M"  # Wed 25 Nov
SHORT_WEEKDAY_TIME_FORMAT = "D j M, H:i"  # Wed 25 Nov, 18:30
SHORT_WEEKDAY_DATE_FORMAT = "D j M Y"  # Wed 25 Nov 2026
SHORT_WEEKDAY_DATETIME_FORMAT = "D j M Y, H:i"  # Wed 25 Nov 2026, 18:30
