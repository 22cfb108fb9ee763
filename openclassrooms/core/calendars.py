"""One private iCalendar feed per person (icalendar library), gathered from every app's dated events.

Core knows no app: settings.CALENDAR_SOURCES names each app's *source*, a function giving the entries one
person attends (mentoring: sessions and replacements; projects: final presentations; discipline: hearings;
juries: sittings). The feed is the same schedule the pages show, never a copy.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from icalendar import Calendar, Event

# The window a feed covers: calendar apps keep what they already fetched, so the recent past is enough.
PAST = timedelta(weeks=8)
AHEAD = timedelta(weeks=26)


@dataclass(frozen=True)
class Entry:
    """One event of a person's calendar; `key` is unique within the source's kind ("session-12")."""

    key: str
    summary: str
    start: datetime
    end: datetime
    ical_status: str  # TENTATIVE, CONFIRMED or CANCELLED
    location: str = ""
    description: str = ""


Source = Callable[..., Iterable[Entry]]


@cache
def sources() -> tuple[Source, ...]:
    """`source(user=..., since=..., until=...)` returns the entries `user` attends, in one or two queries."""
    return tuple(import_string(path) for path in settings.CALENDAR_SOURCES)


def entries_for(*, user, now: datetime) -> list[Entry]:
    since, until = now - PAST, now + AHEAD
    entries = [entry for source in sources() for entry in source(user=user, since=since, until=until)]
    return sorted(entries, key=lambda entry: (entry.start, entry.key))


def render(*, user, now: datetime) -> bytes:
    host = settings.SITE_URL.split("://")[-1].split("/")[0]
    cal = Calendar()
    cal.add("prodid", "-//OpenClassrooms//School calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "OpenClassrooms")
    for entry in entries_for(user=user, now=now):
        event = Event()
        event.add("uid", f"{entry.key}@{host}")
        event.add("summary", entry.summary)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("dtstamp", now)
        event.add("status", entry.ical_status)
        if entry.location:
            event.add("location", entry.location)
            if entry.location.startswith(("https://", "http://")):
                event.add("url", entry.location)
        if entry.description:
            event.add("description", entry.description)
        cal.add_component(event)
    return cal.to_ical()
