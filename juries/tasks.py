from celery import shared_task

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def generate_diploma(diploma_id: int) -> None:
    services.diploma_generate(diploma_id=diploma_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def generate_minutes(minutes_id: int) -> None:
    services.minutes_generate(minutes_id=minutes_id)
