"""Hearings in each person's calendar feed (core.calendars): the Board members', the student's and their
representative's."""

from openclassrooms.core.calendars import Entry

from . import rules, selectors
from .models import Hearing

STATUS = {
    Hearing.Status.PROPOSED: "TENTATIVE",
    Hearing.Status.CONFIRMED: "CONFIRMED",
    Hearing.Status.HELD: "CONFIRMED",
    Hearing.Status.POSTPONED: "CANCELLED",
    Hearing.Status.CANCELLED: "CANCELLED",
}
# DIS-3: what the notice states, kept beside the date in the student's calendar.
RIGHTS = "You may be accompanied by a student representative who follows the same path (DIS-3)."


def _summary(hearing: Hearing, *, user) -> str:
    student = hearing.case.enrolment.student
    if hearing.seated:
        what = f"Disciplinary Board hearing: case #{hearing.case_id}, {student}"
    elif student.pk == user.pk:
        what = "Your hearing before the Disciplinary Board"
    else:
        what = f"Disciplinary Board hearing of {student} (you accompany them)"
    if hearing.status == Hearing.Status.POSTPONED:
        return f"Postponed: {what}"
    if hearing.status == Hearing.Status.CANCELLED:
        return f"Cancelled: {what}"
    return what


def hearing_entries(*, user, since, until) -> list[Entry]:
    """DIS-2: every hearing is by video conference, so its link is the place."""
    return [
        Entry(
            key=f"hearing-{hearing.pk}",
            summary=_summary(hearing, user=user),
            start=hearing.scheduled_start,
            end=hearing.scheduled_start + rules.HEARING_LENGTH,
            ical_status=STATUS[hearing.status],
            location=hearing.video_link,
            description=RIGHTS if hearing.case.enrolment.student_id == user.pk and not hearing.seated else "",
        )
        for hearing in selectors.hearings_for_calendar(user=user, since=since, until=until)
    ]
