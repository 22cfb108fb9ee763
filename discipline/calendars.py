"""Hearings in each person's calendar feed (core.calendars): the Board members', the student's and their
representative's."""

from django.utils.translation import gettext as _

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


def _rights() -> str:
    """DIS-3: what the notice states, kept beside the date in the student's calendar."""
    return _("You may be accompanied by a student representative who follows the same path (DIS-3).")


def _summary(hearing: Hearing, *, user) -> str:
    student = hearing.case.enrolment.student
    if hearing.seated:
        what = _("Disciplinary Board hearing: case #%(id)s, %(student)s") % {
            "id": hearing.case_id,
            "student": student,
        }
    elif student.pk == user.pk:
        what = _("Your hearing before the Disciplinary Board")
    else:
        what = _("Disciplinary Board hearing of %(student)s (you accompany them)") % {"student": student}
    if hearing.status == Hearing.Status.POSTPONED:
        return _("Postponed: %(hearing)s") % {"hearing": what}
    if hearing.status == Hearing.Status.CANCELLED:
        return _("Cancelled: %(hearing)s") % {"hearing": what}
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
            description=_rights()
            if hearing.case.enrolment.student_id == user.pk and not hearing.seated
            else "",
        )
        for hearing in selectors.hearings_for_calendar(user=user, since=since, until=until)
    ]
