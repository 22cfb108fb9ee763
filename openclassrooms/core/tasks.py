from celery import shared_task

from . import services


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def deliver_email(self, email_id: int) -> None:
    services.email_deliver(email_id=email_id)
