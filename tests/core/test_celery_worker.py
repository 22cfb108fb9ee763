"""A real Celery worker, in its own process, against Redis and the test database."""

import os
import signal

import pytest

from openclassrooms.accounts import services as account_services
from openclassrooms.accounts.roles import Role
from openclassrooms.accounts.tasks import send_invitation, send_pending_invitations
from openclassrooms.core.models import OutboundEmail
from openclassrooms.core.services import email_enqueue_many
from openclassrooms.core.tasks import deliver_stale_emails
from tests.conftest import needs_redis_worker, tasks_done, wait_for

pytestmark = [pytest.mark.worker, needs_redis_worker]


def test_worker_sends_an_invitation_exactly_once_however_often_it_is_asked(worker):
    user = account_services.user_create(
        email="worker@example.org", first_name="W", last_name="K", roles={Role.STUDENT}, invite=False
    )
    for _ in range(3):
        send_invitation.delay(user.pk)
    send_pending_invitations.delay()

    def sent() -> bool:
        return OutboundEmail.objects.filter(key=f"invitation:{user.pk}", sent_at__isnull=False).exists()

    assert wait_for(sent), worker.stdout.read() if worker.poll() is not None else "worker did not deliver"
    # Every run asked for is over: a duplicate would be there now.
    assert wait_for(
        lambda: tasks_done(worker, send_invitation, 3) and tasks_done(worker, send_pending_invitations, 1)
    )
    emails = list(OutboundEmail.objects.filter(key=f"invitation:{user.pk}"))
    assert len(emails) == 1
    assert emails[0].attempts == 1
    user.refresh_from_db()
    assert user.invited_at is not None


def test_a_worker_killed_mid_batch_loses_no_email_and_records_none_twice(worker_factory):
    """acks_late + reject_on_worker_lost: what a killed worker had taken goes back to the queue."""

    first = worker_factory(CELERY_VISIBILITY_TIMEOUT="3")
    messages = [
        (
            f"batch:{i}",
            [f"s{i}@example.org"],
            "accounts/email/invitation",
            {
                "user": {"first_name": "Ada", "email": f"s{i}@example.org"},
                "url": "https://school.example.org/x",
            },
        )
        for i in range(60)
    ]
    email_enqueue_many(messages)
    batch = OutboundEmail.objects.filter(key__startswith="batch:")
    assert wait_for(lambda: batch.filter(sent_at__isnull=False).exists()), first.log_path.read_text()[-2000:]
    os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool die without acknowledging
    first.wait(timeout=10)
    second = worker_factory(CELERY_VISIBILITY_TIMEOUT="3")
    # What the dead worker had taken comes back after the visibility timeout; a message Redis lost between
    # the dead worker's read and its bookkeeping is delivered by the outbox sweep (beat, every 5 minutes).
    wait_for(lambda: not batch.filter(sent_at__isnull=True).exists(), timeout=15)
    deliver_stale_emails.delay(0)
    assert wait_for(lambda: not batch.filter(sent_at__isnull=True).exists(), timeout=90), (
        second.log_path.read_text()[-3000:]
    )
    assert batch.count() == 60
    assert all(e.attempts >= 1 and e.sent_at for e in batch)
