from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def delete_expired_recordings() -> int:
    """REC-2 alone, for a message queued before the retention schedule took it over: beat now runs
    ``openclassrooms.core.tasks.apply_retention``, whose "recordings" line does the same."""
    return services.recordings_delete_expired(today=timezone.localdate())
