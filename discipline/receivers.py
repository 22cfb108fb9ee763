"""Discipline reacts to what happens below it, in its own services."""

from django.dispatch import receiver

from mentoring import signals as mentoring_signals
from openclassrooms.accounts.models import User

from . import services


@receiver(mentoring_signals.session_outcome_changed)
def refer_runs_of_absences(sender, *, enrolment_id, at, by_id=None, correction="", **payload) -> None:
    """ATT-6: a run of three unauthorised absences opens a case; a correction may withdraw one."""
    by = User.objects.filter(pk=by_id).first() if by_id else None
    services.attendance_referrals_reconcile(enrolment_id=enrolment_id, now=at, correction=correction, by=by)
