from celery import shared_task

from . import services


@shared_task
def attendance_sweep() -> None:
    """Every 15 minutes: log reminders, ATT-5 requests and deadlines, ATT-6 runs that events missed."""
    services.attendance_sweep()


@shared_task(autoretry_for=(Exception,), retry_backoff=10, max_retries=5)
def reconcile_enrolment(enrolment_id: int) -> None:
    services.attendance_reconcile_now(enrolment_id=enrolment_id)
