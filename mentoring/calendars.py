"""Mentoring sessions in each person's calendar feed (core.calendars): the mentor's and the student's,
with replacements and postponements as the schedule has them."""

from openclassrooms.core.calendars import Entry

from . import selectors
from .models import MentoringSession

STATUS = {
    MentoringSession.Status.SCHEDULED: "CONFIRMED",
    MentoringSession.Status.LOGGED: "CONFIRMED",
    MentoringSession.Status.CANCELLED: "CANCELLED",
}


def _summary(session: MentoringSession, *, user) -> str:
    who = session.enrolment.student if session.mentor_id == user.pk else session.mentor
    what = "Replacement mentoring session" if session.replaces_id else "Mentoring session"
    if session.mode == MentoringSession.Mode.AUDIO:
        what += " (audio only)"
    prefix = ""
    if session.outcome == MentoringSession.Outcome.POSTPONED:
        prefix = "Postponed: "
    elif session.outcome == MentoringSession.Outcome.HOLIDAY:
        prefix = "Public holiday, no session: "
    elif session.status == MentoringSession.Status.CANCELLED:
        prefix = "Cancelled: "
    return f"{prefix}{what} with {who}"


def session_entries(*, user, since, until) -> list[Entry]:
    """The sessions `user` mentors or attends as a student, between `since` and `until`."""
    return [
        Entry(
            key=f"session-{session.pk}",
            summary=_summary(session, user=user),
            start=session.scheduled_start,
            end=session.scheduled_end,
            ical_status=STATUS[session.status],
            location=session.video_link,
            description=session.explanation,
        )
        for session in selectors.sessions_for_calendar(user=user, since=since, until=until)
    ]
