from celery import shared_task

from . import services


@shared_task
def attendance_sweep() -> None:
    """Every 15 minutes: log reminders and ATT-5 requests and deadlines that events missed."""
    services.attendance_sweep()
