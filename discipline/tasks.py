from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def generate_letter(letter_id: int) -> None:
    services.letter_generate(letter_id=letter_id)


@shared_task
def watch_letters() -> None:
    """Daily: day-12 reminders and missed DIS-8 windows."""
    services.letters_watch(today=timezone.localdate())


@shared_task
def sync_penalties() -> None:
    """Daily: suspensions start on their day and end by themselves (DIS-7)."""
    services.penalties_sync(today=timezone.localdate())


@shared_task
def refer_absences() -> None:
    """Every 15 minutes: runs of three unauthorised absences that no event referred (ATT-6)."""
    services.attendance_referrals_sweep()


@shared_task(autoretry_for=(Exception,), retry_backoff=10, max_retries=5)
def reconcile_referrals(enrolment_id: int) -> None:
    services.attendance_referrals_reconcile(enrolment_id=enrolment_id, now=timezone.now())
