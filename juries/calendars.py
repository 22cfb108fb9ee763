"""Jury sittings in each person's calendar feed (core.calendars): the jury members' and the candidates'."""

from datetime import timedelta

from django.utils.translation import gettext as _

from openclassrooms.core.calendars import Entry

from . import selectors
from .models import JurySession

# How long a sitting is planned for in calendars (the policy sets no length): half a day.
SITTING_LENGTH = timedelta(hours=4)

STATUS = {
    JurySession.Status.PLANNED: "CONFIRMED",
    JurySession.Status.HELD: "CONFIRMED",
    JurySession.Status.CANCELLED: "CANCELLED",
}


def sitting_entries(*, user, since, until) -> list[Entry]:
    entries = []
    for sitting in selectors.sittings_for_calendar(user=user, since=since, until=until):
        names = {"jury": sitting.jury, "mode": sitting.get_mode_display().lower()}
        what = (
            _("Jury sitting: %(jury)s (%(mode)s)") if sitting.member else _("Your jury: %(jury)s (%(mode)s)")
        ) % names
        if sitting.status == JurySession.Status.CANCELLED:
            what = _("Cancelled: %(what)s") % {"what": what}
        entries.append(
            Entry(
                key=f"sitting-{sitting.pk}",
                summary=what,
                start=sitting.starts_at,
                end=sitting.starts_at + SITTING_LENGTH,
                ical_status=STATUS[sitting.status],
                location=sitting.location,
            )
        )
    return entries
