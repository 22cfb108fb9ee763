"""Mentoring reacts to what happens to enrolments (``students.signals``), in its own services."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from students import signals as student_signals

from . import rules, services


@receiver(student_signals.enrolment_paused)
def cancel_sessions_of_a_pause(sender, *, enrolment_id, starts_on, until, rule, reason, **payload) -> None:
    """The period's sessions are cancelled (postponed under SUS-3); the schedule plans the weeks a
    suspension adds at the end."""
    if rules.pause_postpones(rule):
        services.sessions_postpone_for_suspension(enrolment_id=enrolment_id, start=starts_on, end=until)
    else:
        services.sessions_cancel_administratively(
            enrolment_id=enrolment_id, start=starts_on, end=until, rule=rule, reason=reason
        )
    services.schedules_plan(enrolment_ids=[enrolment_id], reason=f"{reason} ({rule})")


@receiver(student_signals.enrolment_ended)
def cancel_sessions_after_the_end(sender, *, enrolment_id, on, rule, reason, **payload) -> None:
    services.sessions_cancel_administratively(
        enrolment_id=enrolment_id, start=on, end=None, rule=rule, reason=reason
    )


@receiver(student_signals.enrolment_transferred)
def sessions_follow_the_new_path(sender, *, from_enrolment_id, to_enrolment_id, at, **payload) -> None:
    """CHG-1: the sessions to come and the weekly slot follow the new enrolment, planned to its end."""
    services.sessions_follow_enrolment(
        from_enrolment_id=from_enrolment_id, to_enrolment_id=to_enrolment_id, after=at
    )
    services.slot_carry_over(from_enrolment_id=from_enrolment_id, to_enrolment_id=to_enrolment_id)


@receiver(student_signals.enrolment_mentor_changed)
def sessions_follow_the_new_mentor(sender, *, enrolment_id, mentor_id, at, **payload) -> None:
    services.schedules_plan(enrolment_ids=[enrolment_id], reason=_("The student has another mentor."))


@receiver(student_signals.accommodation_accepted)
def sessions_become_audio_only(sender, *, enrolment_id, at, **payload) -> None:
    services.sessions_make_audio_only(enrolment_id=enrolment_id, after=at)
