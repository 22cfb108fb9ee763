"""What one retention step removed: the trace the retention run records (never the content), and the pure
helpers of the retention schedule (``settings.RETENTION_SCHEDULE``): when a record has expired."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo


@dataclass
class Purged:
    """``action`` ("deleted" or "anonymised"), the ids of the records, the oldest and newest of their
    reference moments, and how many expired records were kept because something holds them."""

    action: str
    ids: list[int]
    oldest: datetime | None
    newest: datetime | None
    held: int = 0


# --- The schedule's clock, as pure functions (the apps' purge functions filter in SQL on the same terms) ---

# What a required text becomes once the retention schedule erased it (a refusal's reasons, a case's facts…):
# the row keeps its shape and its constraints, and a second run knows there is nothing left to erase.
ERASED = "Erased by the retention schedule."

# At most this many records of one type go in one run; the rest go the next day (a first run on years of
# data catches up over a few days instead of holding one long transaction).
BATCH = 2000

DELETED = "deleted"
ANONYMISED = "anonymised"


def cutoff_at(*, now: datetime, days: int, tz: tzinfo) -> datetime:
    """The moment a record must have ended at or before to have expired: ``days`` calendar days before
    ``now`` on the school's clock (``tz``), so a change of clock never moves it by an hour."""
    return now.astimezone(tz) - timedelta(days=days)


def first_day_kept(cutoff: datetime, *, tz: tzinfo) -> date:
    """A record dated by a day (the last day of a training) ends at the midnight after that day: it has
    expired when that midnight is at or before ``cutoff``, that is when its day is before this one."""
    return cutoff.astimezone(tz).date()


def expired(*, ended: datetime | date | None, cutoff: datetime, tz: tzinfo) -> bool:
    """Whether a record that ended at ``ended`` (a moment, or a whole day) has expired at ``cutoff``.
    Nothing without an end expires (a training still running)."""
    if ended is None:
        return False
    if isinstance(ended, datetime):
        return ended <= cutoff
    return ended < first_day_kept(cutoff, tz=tz)


def day_start(day: date, *, tz: tzinfo) -> datetime:
    """The first moment of ``day`` on the school's clock (a day-dated record's place in a trace)."""
    return datetime.combine(day, time.min, tzinfo=tz)


def span(moments: Iterable[datetime | None]) -> tuple[datetime | None, datetime | None]:
    """The oldest and newest of the moments given (None when there are none)."""
    known = [m for m in moments if m is not None]
    return (min(known), max(known)) if known else (None, None)
