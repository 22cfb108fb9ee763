"""E-mail delivery and domain events, each exactly once (CONVENTIONS "Background work")."""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from . import events
from .models import AccessLog, DomainEvent, OutboundEmail

logger = logging.getLogger(__name__)


def _deliver_on_commit(ids: list[int]) -> None:
    # tasks import this module (three-line tasks calling services): imported when first needed.
    from .tasks import deliver_email  # noqa: PLC0415

    transaction.on_commit(lambda: [deliver_email.delay(pk) for pk in ids])


@transaction.atomic
def email_enqueue(*, key: str, to: Iterable[str], template: str, context: dict) -> OutboundEmail:
    """Record an e-mail under ``key`` and deliver it after commit. A repeated key changes nothing."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_body.txt", context)
    email, created = OutboundEmail.objects.get_or_create(
        key=key, defaults={"to": sorted(set(to)), "subject": subject, "body": body}
    )
    if created:
        _deliver_on_commit([email.pk])
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
    _deliver_on_commit(ids)
    return len(ids)


def emails_deliver_stale(*, older_than_seconds: int = 120, limit: int = 500) -> int:
    """The outbox is the source of truth: deliver what a lost task never delivered.

    A broker can lose a message (Redis between a worker's read and its bookkeeping, a worker killed at
    the wrong moment); e-mails still unsent some time after they were recorded are delivered here, each
    under its row lock, so nothing is sent twice.
    """
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        OutboundEmail.objects.filter(sent_at__isnull=True, created_at__lte=cutoff, attempts__lt=8)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(email_deliver(email_id=pk) for pk in ids)


# --- Domain events -------------------------------------------------------------------------------------

EVENT_MAX_ATTEMPTS = 8
EVENT_KEEP_DAYS = 30


def event_emit(signal: events.DomainSignal, **payload) -> DomainEvent:
    """Record that something happened, in the caller's transaction; its receivers run after commit."""
    event = DomainEvent.objects.create(name=signal.name, payload=events.encode(payload))
    transaction.on_commit(lambda: event_dispatch(event_id=event.pk))
    return event


def event_dispatch(*, event_id: int) -> bool:
    """Run every receiver of one event, together, in one transaction; at most once.

    A receiver that fails rolls back what the others did; the event keeps the error and the beat task
    tries again later. Returns True when this call dispatched the event.
    """
    try:
        with transaction.atomic():
            event = DomainEvent.objects.select_for_update().get(pk=event_id)
            if event.dispatched_at is not None:
                return False
            events.REGISTRY[event.name].send(sender=None, **events.decode(event.payload))
            event.dispatched_at = timezone.now()
            event.attempts += 1
            event.last_error = ""
            event.save(update_fields=["dispatched_at", "attempts", "last_error"])
            return True
    except Exception as exc:  # recorded on the event; dispatch_stale_events tries again
        logger.exception("Domain event %s could not be dispatched", event_id)
        DomainEvent.objects.filter(pk=event_id).update(attempts=F("attempts") + 1, last_error=repr(exc))
        return False


def events_dispatch_stale(*, older_than_seconds: int = 120, limit: int = 500) -> int:
    """Dispatch events a crash left behind, and forget dispatched ones after EVENT_KEEP_DAYS."""
    now = timezone.now()
    ids = list(
        DomainEvent.objects.filter(
            dispatched_at__isnull=True,
            created_at__lte=now - timedelta(seconds=older_than_seconds),
            attempts__lt=EVENT_MAX_ATTEMPTS,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    dispatched = sum(event_dispatch(event_id=pk) for pk in ids)
    DomainEvent.objects.filter(dispatched_at__lt=now - timedelta(days=EVENT_KEEP_DAYS)).delete()
    return dispatched


def access_record(
    *, viewer, student_id: int, what: str, object_id: int, page: str, now=None
) -> AccessLog | None:
    """Keep who opened what about a student, when and from which page; the student's own views are not
    logged. Append-only."""
    if viewer.pk == student_id:
        return None
    return AccessLog.objects.create(
        student_id=student_id,
        viewer=viewer,
        what=what,
        object_id=object_id,
        page=page[:255],
        viewed_at=now or timezone.now(),
    )
