"""Handing work to the Celery workers, after commit, without ever making a person wait on the broker.

Issue 17 (Zulip's ``zerver/lib/queue.py``, ``queue_event_on_commit``). Every piece of work a task does is
first recorded in the database, in the caller's transaction: an e-mail in the outbox, a letter, a diploma,
minutes, a report or a copy of a student's data without its file yet. The task is only a nudge to do it now.
So when the broker cannot be reached the nudge is dropped with a warning — the page answers at once — and a
beat task finds the recorded work and does it once the broker is back (``deliver_stale_emails``,
``resume_pending_documents``).

A publish tries once (``PUBLISH_RETRY_POLICY``); the broker's socket timeouts (``CELERY_BROKER_TRANSPORT_
OPTIONS`` in settings) bound a connection that hangs. After a failure, this process skips the broker for
``BROKER_PAUSE_SECONDS`` rather than let every page pay for the same timeout again.
"""

import logging
from collections.abc import Iterable

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError

from .pause import Pause

logger = logging.getLogger(__name__)

# One attempt: Celery's default retries three times, and kombu's own connection loop (used when retries are
# off) waits up to broker_connection_timeout, 4 s, between attempts.
PUBLISH_RETRY_POLICY = {"max_retries": 0}
BROKER_PAUSE_SECONDS = 30.0


# Whether this process last found the broker down, and until when it leaves it alone.
broker = Pause(BROKER_PAUSE_SECONDS)


def send_tasks(task: Task, calls: Iterable[tuple]) -> int:
    """Publish ``task(*args)`` for each ``args`` in ``calls``, now; returns how many were handed over. The
    first failure leaves the rest to the sweeps (the broker is down for them too)."""
    sent = 0
    calls = list(calls)
    for args in calls:
        if broker.active():
            logger.warning("Broker down a moment ago: %s for %s left to the sweep", task.name, calls[sent:])
            return sent
        try:
            task.apply_async(args, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
        except OperationalError as exc:
            broker.start()
            logger.warning(
                "Broker unreachable (%s): %s for %s left to the sweep", exc, task.name, calls[sent:]
            )
            return sent
        sent += 1
    return sent


def send_task_on_commit(task: Task, *args) -> None:
    """After the caller's transaction commits, hand ``task(*args)`` to the workers (see the module)."""
    send_tasks_on_commit(task, [args])


def send_tasks_on_commit(task: Task, calls: Iterable[tuple]) -> None:
    calls = list(calls)
    if calls:
        transaction.on_commit(lambda: send_tasks(task, calls))
