from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def delete_expired_recordings() -> int:
    """Daily: REC-2, presentation recordings kept past the retention period are deleted, with a trace."""
    return services.recordings_delete_expired(today=timezone.localdate())
