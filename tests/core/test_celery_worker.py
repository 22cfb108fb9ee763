"""A real Celery worker, in its own process, against Redis and the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from openclassrooms.accounts import services as account_services
from openclassrooms.accounts.roles import Role
from openclassrooms.accounts.tasks import send_invitation, send_pending_invitations
from openclassrooms.celery import app as celery_app
from openclassrooms.core.models import OutboundEmail

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not BROKER.startswith("redis://"), reason="needs CELERY_BROKER_URL=redis://…"),
]


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db):
    """Start `celery worker` on a queue of its own; tasks enqueued here go to it."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "openclassrooms",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=INFO",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            f"--hostname={queue}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_default_queue
    conf.task_always_eager, conf.task_default_queue = False, queue
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield proc
    finally:
        conf.task_always_eager, conf.task_default_queue = saved
        settings.CELERY_TASK_ALWAYS_EAGER = True
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_for(predicate, timeout: float = 45.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_worker_sends_an_invitation_exactly_once_however_often_it_is_asked(worker):
    user = account_services.user_create(
        email="worker@example.org", first_name="W", last_name="K", roles={Role.STUDENT}, invite=False
    )
    for _ in range(3):
        send_invitation.delay(user.pk)
    send_pending_invitations.delay()

    def sent() -> bool:
        return OutboundEmail.objects.filter(key=f"invitation:{user.pk}", sent_at__isnull=False).exists()

    assert _wait_for(sent), worker.stdout.read() if worker.poll() is not None else "worker did not deliver"
    time.sleep(2)  # give duplicates a chance to show up
    emails = list(OutboundEmail.objects.filter(key=f"invitation:{user.pk}"))
    assert len(emails) == 1
    assert emails[0].attempts == 1
    user.refresh_from_db()
    assert user.invited_at is not None
