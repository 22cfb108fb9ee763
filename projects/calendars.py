"""Final presentations in each person's calendar feed (core.calendars): the student's and the validating
mentor's (TRN-1 b)."""

from openclassrooms.core.calendars import Entry

from . import selectors
from .models import Presentation

STATUS = {
    Presentation.Status.SCHEDULED: "CONFIRMED",
    Presentation.Status.HELD: "CONFIRMED",
    Presentation.Status.CANCELLED: "CANCELLED",
}


def presentation_entries(*, user, since, until) -> list[Entry]:
    entries = []
    for presentation in selectors.presentations_for_calendar(user=user, since=since, until=until):
        project = presentation.submission.project
        student = presentation.submission.enrolment.student
        if presentation.validating_mentor_id == user.pk:
            what = f"Final presentation of {project} by {student}"
        else:
            what = f"Your final presentation of {project} to {presentation.validating_mentor}"
        if presentation.mode == Presentation.Mode.AUDIO:
            what += " (audio only)"
        if presentation.status == Presentation.Status.CANCELLED:
            what = f"Cancelled: {what}"
        entries.append(
            Entry(
                key=f"presentation-{presentation.pk}",
                summary=what,
                start=presentation.scheduled_start,
                end=presentation.scheduled_end,
                ical_status=STATUS[presentation.status],
            )
        )
    return entries
