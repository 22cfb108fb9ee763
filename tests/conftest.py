import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management.commands import flush as flush_command
from django.db import connection
from django.db.backends.postgresql.base import DatabaseOperations as PostgresOperations
from django.db.backends.sqlite3.base import DatabaseOperations as SQLiteOperations
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import _get_databases_for_setup

from openclassrooms.accounts.roles import Role
from openclassrooms.celery import app as celery_app
from openclassrooms.core.management.commands import compilemessages
from openclassrooms.core.queue import broker as broker_pause
from tests.accounts.factories import UserFactory

ALL_ROLES = list(Role.values)


# What migrating made and every test reads: kept by the flush below, which therefore need not migrate again.
REFERENCE_TABLES = frozenset(
    {"django_content_type", "auth_permission", "auth_group", "auth_group_permissions", "django_site"}
)


def _flush_keeping_reference_tables(original):
    """How a test that commits (``transaction=True``: the browser tests, real workers, beat) is cleaned up.
    Django empties every table — on PostgreSQL with one TRUNCATE, which gives each of ~300 tables and their
    indexes new files to sync (seconds on a busy disk) — then sends ``post_migrate`` to make the content
    types, permissions and role groups again (0.3 s). Here the reference tables stay as migrating made them
    (no test commits a change to them) and the others are emptied with DELETE: their foreign keys are
    deferred and the flush runs in one transaction, so the order does not matter."""

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        tables = [t for t in tables if t not in REFERENCE_TABLES]
        if reset_sequences or self.connection.vendor != "postgresql":
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables]

    return sql_flush


@pytest.fixture(scope="session", autouse=True)
def _fast_flush(request, django_db_setup, django_db_blocker):
    """The flush above for the whole session; at its end, the check that no test committed a change to the
    reference tables (the flush would have left it for the tests after). When no test of the run uses the
    database, pytest-django makes none, and there is nothing to check (pytest-django's own test)."""
    if not _get_databases_for_setup(request.session.items)[0]:
        yield
        return
    with django_db_blocker.unblock():
        before = _reference_rows()
    with pytest.MonkeyPatch.context() as patch:
        for operations in (PostgresOperations, SQLiteOperations):
            patch.setattr(operations, "sql_flush", _flush_keeping_reference_tables(operations.sql_flush))
        patch.setattr(flush_command, "emit_post_migrate_signal", lambda *args, **kwargs: None)
        yield
    with django_db_blocker.unblock():
        assert _reference_rows() == before, "a test committed rows to the reference tables the flush keeps"


def _reference_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(REFERENCE_TABLES):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: sign-in rate limits and used two-step codes live there (a code
    signs in once), and on SQLite the next test's user gets the id of the last one rolled back."""
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a throw-away folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture
def make_user(db):
    def make(*roles: str, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return make


@pytest.fixture
def client_as(client):
    """A test client signed in as the given user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def count_queries():
    """How many SQL queries one GET issues (the response must be 200)."""

    def count(client, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(ctx)

    return count


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER_TESTS") == "1"


# --- A real Celery worker ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
BROKER = os.environ.get("CELERY_BROKER_URL", "")
needs_redis_worker = pytest.mark.skipif(
    not BROKER.startswith("redis://"), reason="needs CELERY_BROKER_URL=redis://…"
)


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_factory(transactional_db, tmp_path):
    """Start `celery worker` processes on queues of their own (the default one and the documents one); tasks
    enqueued here go to them."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    documents = f"{queue}-documents"
    started: list[subprocess.Popen] = []

    def start(**extra_env: str) -> subprocess.Popen:
        log_path = tmp_path / f"worker-{len(started)}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": BROKER,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "CELERY_DOCUMENTS_QUEUE": documents,
            **extra_env,
        }
        command = [
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
            f"{queue},{documents}",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={queue}-{len(started)}@%h",
        ]
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        proc.log_path = log_path
        started.append(proc)
        return proc

    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_default_queue, conf.task_routes
    conf.task_always_eager, conf.task_default_queue = False, queue
    _route(conf, {name: {"queue": documents} for name in django_settings.CELERY_TASK_ROUTES})
    django_settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield start
    finally:
        conf.task_always_eager, conf.task_default_queue = saved[:2]
        _route(conf, saved[2])
        django_settings.CELERY_TASK_ALWAYS_EAGER = True
        for proc in started:
            _stop_group(proc)


def _route(conf, routes: dict) -> None:
    """Route tasks by ``routes`` from now on: Celery reads its routes once, into a router kept after."""
    conf.task_routes = routes
    celery_app.amqp.flush_routes()
    celery_app.amqp.router = celery_app.amqp.Router()


def _stop_group(proc: subprocess.Popen) -> None:
    """Stop a worker with its pool: the whole process group (it has a session of its own), so that no pool
    process outlives the test holding a connection to the test database, which then cannot be dropped."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except ProcessLookupError:
        return  # nothing of the group is left
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # what is left: the worker, or a pool process it left behind
    proc.wait(timeout=5)


@pytest.fixture
def worker(worker_factory):
    """One worker, started before the test body runs."""
    return worker_factory()


def closed_port() -> int:
    """A port of this machine nothing listens on: one the system just gave out, released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reset_pools() -> None:
    """Forget this process's broker connections: the next publish connects to the broker now named."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu.pools.reset()


@pytest.fixture
def broker_at(monkeypatch):
    """Point this process's publishing at a broker (tasks are then sent, not run here), and back after.
    Celery reads the environment before its settings (``CELERY_BROKER_WRITE_URL``)."""
    conf = celery_app.conf
    saved = conf.task_always_eager

    def point(url: str) -> None:
        monkeypatch.setenv("CELERY_BROKER_WRITE_URL", url)
        conf.task_always_eager = False
        _reset_pools()
        broker_pause.reset()

    yield point
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL")
    conf.task_always_eager = saved
    _reset_pools()
    broker_pause.reset()


def wait_for(predicate, timeout: float = 45.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def tasks_done(worker, task, count: int) -> bool:
    """Whether the worker's log shows ``count`` runs of ``task`` (a Celery task object) finished: after that,
    no duplicate of what those runs did can still appear."""
    log = worker.log_path.read_text()
    return (
        sum(1 for line in log.splitlines() if f"Task {task.name}[" in line and " succeeded in " in line)
        >= count
    )


def pytest_collection_modifyitems(config, items):
    """Migrating an empty database is the suite's longest test: it goes first, so that with several workers
    the others run the rest meanwhile."""
    items.sort(key=lambda item: item.nodeid.split("::")[0] != "tests/core/test_migrations.py")


def pytest_configure(config):
    """The French catalogue the suite reads is the one in locale/ (issue 16): compiled when its .po is newer,
    as ``make test`` does, so that running pytest alone after editing a translation tests that translation.
    Only the first process compiles (xdist's workers start after it)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        for po in compilemessages.stale():
            compilemessages.compile_catalogue(po)
