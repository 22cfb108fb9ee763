from celery import shared_task

from . import services


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def deliver_email(self, email_id: int) -> None:
    services.email_deliver(email_id=email_id)


@shared_task
def deliver_stale_emails(older_than_seconds: int = 120) -> None:
    """Every few minutes: the outbox delivers what lost tasks did not."""
    services.emails_deliver_stale(older_than_seconds=older_than_seconds)


# Up to 20 documents of each kind, each a PDF of a few seconds: more time than the default.
@shared_task(soft_time_limit=20 * 60, time_limit=21 * 60)
def resume_pending_documents() -> None:
    """Every few minutes: letters, certificates, minutes, reports and copies of data no task made."""
    services.documents_resume()


@shared_task
def clear_expired_sessions() -> None:
    """Daily: expired sessions leave the database."""
    services.sessions_clear_expired()


@shared_task
def dispatch_stale_events(older_than_seconds: int = 120) -> None:
    """Every few minutes: domain events a crash left undispatched reach their receivers."""
    services.events_dispatch_stale(older_than_seconds=older_than_seconds)


# A whole record with its files can take minutes to copy and print: more time than the default.
@shared_task(
    autoretry_for=(OSError,), retry_backoff=30, max_retries=5, soft_time_limit=15 * 60, time_limit=16 * 60
)
def build_export(export_id: int) -> None:
    services.export_build(export_id=export_id)


# Ten record types, up to retention.BATCH records each: more time than the default.
@shared_task(soft_time_limit=20 * 60, time_limit=21 * 60)
def apply_retention() -> None:
    """Daily: the retention schedule deletes or anonymises what expired and keeps a trace of it."""
    services.retention_apply()
