from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def sync_requests() -> None:
    """Daily: suspensions start, stops and path changes apply on their day, trainings resume (SUS, CHG)."""
    services.requests_sync(today=timezone.localdate())
