"""E-mails are recorded under a key and delivered exactly once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from openclassrooms.core.models import OutboundEmail
from openclassrooms.core.services import email_deliver, email_enqueue, emails_deliver_stale

CONTEXT = {"user": {"first_name": "Ada", "email": "a@example.org"}, "url": "https://school.example.org/x"}


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sends_one_email_however_often_it_is_enqueued():
    for _ in range(3):
        email_enqueue(
            key="demo:1", to=["a@example.org"], template="accounts/email/invitation", context=CONTEXT
        )
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_delivering_a_sent_email_again_sends_nothing():
    email = email_enqueue(
        key="demo:2", to=["a@example.org"], template="accounts/email/invitation", context=CONTEXT
    )
    assert email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_transaction_rolls_back():

    with pytest.raises(RuntimeError), transaction.atomic():
        email_enqueue(
            key="demo:3", to=["a@example.org"], template="accounts/email/invitation", context=CONTEXT
        )
        raise RuntimeError("boom")
    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_outbox_delivers_what_a_lost_task_never_did():

    lost = OutboundEmail.objects.create(key="lost:1", to=["a@example.org"], subject="S", body="B")
    fresh = OutboundEmail.objects.create(key="fresh:1", to=["b@example.org"], subject="S", body="B")
    OutboundEmail.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(seconds=121))
    assert emails_deliver_stale(older_than_seconds=120) == 1
    assert emails_deliver_stale(older_than_seconds=120) == 0
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.sent_at is not None and fresh.sent_at is None
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
