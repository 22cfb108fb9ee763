from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def print_report(report_id: int) -> None:
    services.annual_report_print(report_id=report_id)


@shared_task
def watch_requests() -> None:
    """Hourly: remind the Board three days before a request is due; flag and tell an overdue one (IMP-3)."""
    today = timezone.localdate()
    services.board_requests_remind(today=today)
    services.board_requests_flag_overdue(today=today)
