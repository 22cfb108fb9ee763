"""Final presentations in each person's calendar feed (core.calendars): the student's and the validating
mentor's (TRN-1 b)."""

from django.utils.translation import gettext as _

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
        audio = presentation.mode == Presentation.Mode.AUDIO
        names = {"project": project, "student": student, "mentor": presentation.validating_mentor}
        if presentation.validating_mentor_id == user.pk:
            what = (
                _("Final presentation of %(project)s by %(student)s (audio only)")
                if audio
                else _("Final presentation of %(project)s by %(student)s")
            ) % names
        else:
            what = (
                _("Your final presentation of %(project)s to %(mentor)s (audio only)")
                if audio
                else _("Your final presentation of %(project)s to %(mentor)s")
            ) % names
        if presentation.status == Presentation.Status.CANCELLED:
            what = _("Cancelled: %(what)s") % {"what": what}
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
