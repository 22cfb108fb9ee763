"""The training's rules on projects as pure functions: no ORM, no I/O. Each cites its SPEC rule; the tests
sit on both sides of every boundary (``tests/projects/test_rules.py``)."""

from datetime import date, timedelta

# REC-2 (SPEC's decision): presentation recordings are kept for the training, then 12 months after the path
# ends; settings.RECORDING_RETENTION_DAYS sets the days (365 by default).


def recording_expired(*, training_ended_on: date | None, today: date, retention_days: int) -> bool:
    """REC-2: a recording is kept while the training runs and for ``retention_days`` after the day it
    ended (day 365 is kept), and deleted from the day after (day 366)."""
    return training_ended_on is not None and today > training_ended_on + timedelta(days=retention_days)
