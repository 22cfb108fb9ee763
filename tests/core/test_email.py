"""E-mails are recorded under a key and delivered exactly once."""

import pytest
from django.core import mail

from openclassrooms.core.models import OutboundEmail
from openclassrooms.core.services import email_deliver, email_enqueue

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
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        email_enqueue(
            key="demo:3", to=["a@example.org"], template="accounts/email/invitation", context=CONTEXT
        )
        raise RuntimeError("boom")
    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []
