"""Private iCalendar feeds (icalendar library): a mentor's sessions, or a student's."""

from django.conf import settings
from icalendar import Calendar, Event

from .models import MentoringSession

STATUS = {
    MentoringSession.Status.SCHEDULED: "CONFIRMED",
    MentoringSession.Status.LOGGED: "CONFIRMED",
    MentoringSession.Status.CANCELLED: "CANCELLED",
}


def render_calendar(*, name: str, sessions, for_mentor: bool) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//OpenClassrooms//Mentoring sessions//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@{settings.SITE_URL.split('://')[-1]}")
        who = session.enrolment.student if for_mentor else session.mentor
        prefix = ""
        if session.outcome == MentoringSession.Outcome.POSTPONED:
            prefix = "Postponed: "
        elif session.status == MentoringSession.Status.CANCELLED:
            prefix = "Cancelled: "
        event.add("summary", f"{prefix}Mentoring session with {who}")
        event.add("dtstart", session.scheduled_start)
        event.add("dtend", session.scheduled_end)
        event.add("dtstamp", session.logged_at or session.scheduled_start)
        event.add("status", STATUS[session.status])
        if session.video_link:
            event.add("location", session.video_link)
            event.add("url", session.video_link)
        if session.explanation:
            event.add("description", session.explanation)
        cal.add_component(event)
    return cal.to_ical()
