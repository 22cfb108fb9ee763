"""A page that hands work to the workers, with the broker up, refusing connections and hung (issue 17).

The page is a password reset: allauth's e-mail is recorded in the outbox and its task sent after commit
(openclassrooms.core.queue). Measured in process (Django's test Client), median of ``repeat`` requests each:
- the broker answers (the benchmark's ``memory://`` broker);
- it refuses connections (a closed port): the first request after it went down tries once, the next ones in
  the following 30 s do not try at all;
- it is hung (a socket that takes the connection and never answers): the first request waits for the
  socket timeout (``CELERY_BROKER_SOCKET_TIMEOUT``), the next ones do not try.
The e-mails recorded here are deleted afterwards.
"""

import logging
import os
import socket
import statistics
import time

import kombu.pools
from django.test import Client
from django.urls import reverse

from openclassrooms.accounts.models import User
from openclassrooms.celery import app as celery_app
from openclassrooms.core import queue
from openclassrooms.core.models import OutboundEmail


def _point_at(url: str | None) -> None:
    """Publish to ``url`` from now on (None: the settings' broker); forget the pause and the connections."""
    if url is None:
        os.environ.pop("CELERY_BROKER_WRITE_URL", None)
    else:
        os.environ["CELERY_BROKER_WRITE_URL"] = url  # Celery reads it before its settings
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu.pools.reset()
    queue.broker.reset()


def _median_ms(client: Client, email: str, repeat: int, *, first_after_failure: bool) -> float:
    times = []
    for _ in range(repeat):
        if first_after_failure:
            queue.broker.reset()
        started = time.perf_counter()
        response = client.post(reverse("account_reset_password"), {"email": email})
        times.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
    return statistics.median(times) * 1000


def measure_broker(repeat: int = 20) -> None:
    email = User.objects.get(email="bench-student-1@bench.test").email
    client = Client()
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(64)  # takes connections (the kernel completes them) and never answers
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    print(f"A page that sends a task (a password reset), median of {repeat}:", flush=True)
    logging.getLogger("openclassrooms.core.queue").setLevel(logging.ERROR)  # one warning a request
    try:
        _point_at(None)
        _median_ms(client, email, 3, first_after_failure=False)  # warm-up
        up = _median_ms(client, email, repeat, first_after_failure=False)
        print(f"  broker answers: {up:.1f} ms", flush=True)
        for label, url in (
            ("refuses connections", f"redis://127.0.0.1:{closed_port}/0"),
            ("hung", f"redis://127.0.0.1:{hung.getsockname()[1]}/0"),
        ):
            _point_at(url)
            first = _median_ms(client, email, repeat, first_after_failure=True)
            paused = _median_ms(client, email, repeat, first_after_failure=False)
            print(
                f"  broker {label}: {first:.1f} ms for the first request after it went down, "
                f"{paused:.1f} ms for the next ones (no attempt for 30 s)",
                flush=True,
            )
    finally:
        _point_at(None)
        logging.getLogger("openclassrooms.core.queue").setLevel(logging.NOTSET)
        hung.close()
        OutboundEmail.objects.filter(key__startswith="account:").delete()
