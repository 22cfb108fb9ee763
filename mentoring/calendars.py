"""Mentoring sessions in each person's calendar feed (core.calendars): the mentor's and the student's,
with replacements and postponements as the schedule has them."""

from django.utils.translation import gettext as _

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
    audio = session.mode == MentoringSession.Mode.AUDIO
    if session.replaces_id:
        what = (
            _("Replacement mentoring session (audio only)") if audio else _("Replacement mentoring session")
        )
    else:
        what = _("Mentoring session (audio only)") if audio else _("Mentoring session")
    summary = _("%(what)s with %(who)s") % {"what": what, "who": who}
    if session.outcome == MentoringSession.Outcome.POSTPONED:
        return _("Postponed: %(summary)s") % {"summary": summary}
    if session.outcome == MentoringSession.Outcome.HOLIDAY:
        return _("Public holiday, no session: %(summary)s") % {"summary": summary}
    if session.status == MentoringSession.Status.CANCELLED:
        return _("Cancelled: %(summary)s") % {"summary": summary}
    return summary


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
