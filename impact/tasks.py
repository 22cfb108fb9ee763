from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def flag_overdue_requests() -> None:
    services.board_requests_flag_overdue(today=timezone.localdate())
