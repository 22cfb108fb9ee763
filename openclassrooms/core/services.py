"""E-mail delivery, exactly once (CONVENTIONS "Background work")."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboundEmail


@transaction.atomic
def email_enqueue(*, key: str, to: Iterable[str], template: str, context: dict) -> OutboundEmail:
    """Record an e-mail under ``key`` and deliver it after commit. A repeated key changes nothing."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_body.txt", context)
    email, created = OutboundEmail.objects.get_or_create(
        key=key, defaults={"to": sorted(set(to)), "subject": subject, "body": body}
    )
    if created:
        from .tasks import deliver_email

        transaction.on_commit(lambda: deliver_email.delay(email.pk))
    return email


def email_deliver(*, email_id: int) -> bool:
    """Send one recorded e-mail unless it was already sent. Returns True when this call sent it."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        if email.sent_at is not None:
            return False
        email.attempts += 1
        try:
            send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, email.to)
        except Exception as exc:  # the row keeps the error; the task retries
            email.last_error = repr(exc)
            email.save(update_fields=["attempts", "last_error"])
            raise
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


@transaction.atomic
def email_enqueue_many(messages: list[tuple[str, list[str], str, dict]]) -> int:
    """Record many e-mails (key, to, template, context) in one INSERT; keys already known are skipped.

    For sweeps: the number of queries does not grow with the number of e-mails.
    """
    if not messages:
        return 0
    rows = [
        OutboundEmail(
            key=key,
            to=sorted(set(to)),
            subject=render_to_string(f"{template}_subject.txt", context).strip(),
            body=render_to_string(f"{template}_body.txt", context),
        )
        for key, to, template, context in messages
    ]
    OutboundEmail.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        OutboundEmail.objects.filter(
            key__in=[r.key for r in rows], sent_at__isnull=True, attempts=0
        ).values_list("pk", flat=True)
    )
    from .tasks import deliver_email

    transaction.on_commit(lambda: [deliver_email.delay(pk) for pk in ids])
    return len(ids)


def emails_deliver_stale(*, older_than_seconds: int = 120, limit: int = 500) -> int:
    """The outbox is the source of truth: deliver what a lost task never delivered.

    A broker can lose a message (Redis between a worker's read and its bookkeeping, a worker killed at
    the wrong moment); e-mails still unsent some time after they were recorded are delivered here, each
    under its row lock, so nothing is sent twice.
    """
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        OutboundEmail.objects.filter(sent_at__isnull=True, created_at__lte=cutoff, attempts__lt=8)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(email_deliver(email_id=pk) for pk in ids)
