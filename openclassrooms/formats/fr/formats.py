"""French dates and times: "25 novembre 2026 à 18 h 30" (Django's own French formats give the rest).

Templates name a format (``|date:"WEEKDAY_DATETIME_FORMAT"``) rather than spell one, so each language writes
a date its own way (French abbreviations with ``N``, "nov.", not ``M``, "Nov"). Every name here is in
openclassrooms/formats/en/formats.py too: a name a language lacks would be printed as it is.
"""

DATE_FORMAT = "j F Y"  # 25 novembre 2026
SHORT_DATE_FORMAT = "j N Y"  # 25 nov. 2026
DATETIME_FORMAT = r"j F Y \à G \h i"  # 25 novembre 2026 à 18 h 30
SHORT_DATETIME_FORMAT = r"j N Y \à G \h i"  # 25 nov. 2026 à 18 h 30
TIME_FORMAT = r"G \h i"  # 18 h 30
MONTH_DAY_FORMAT = "j F"  # 25 novembre
YEAR_MONTH_FORMAT = "F Y"  # novembre 2026

# The project's own names.
DAY_TIME_FORMAT = r"j F \à G \h i"  # 25 novembre à 18 h 30
SHORT_DAY_FORMAT = "j N"  # 25 nov.
SHORT_DAY_TIME_FORMAT = r"j N \à G \h i"  # 25 nov. à 18 h 30
WEEKDAY_DATE_FORMAT = "l j F Y"  # mercredi 25 novembre 2026
WEEKDAY_DATETIME_FORMAT = r"l j F Y \à G \h i"  # mercredi 25 novembre 2026 à 18 h 30
WEEKDAY_DAY_FORMAT = "l j F"  # mercredi 25 novembre
WEEKDAY_DAY_TIME_FORMAT = r"l j F \à G \h i"  # mercredi 25 novembre à 18 h 30
SHORT_WEEKDAY_FORMAT = "D j N"  # mer 25 nov.
SHORT_WEEKDAY_TIME_FORMAT = r"D j N \à G \h i"  # mer 25 nov. à 18 h 30
SHORT_WEEKDAY_DATE_FORMAT = "D j N Y"  # mer 25 nov. 2026
SHORT_WEEKDAY_DATETIME_FORMAT = r"D j N Y \à G \h i"  # mer 25 nov. 2026 à 18 h 30
