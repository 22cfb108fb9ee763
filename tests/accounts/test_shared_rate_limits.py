"""Issue 17: under the production settings, failed sign-ins are counted in the shared cache (Redis), so the
per-account limit ("login_failed": "…,5/5m/key") holds across web processes: three failures in one process
and three in another refuse the sixth, whereas with each process's own memory neither process reaches five.

Each attempt runs in a separate Python process (``DJANGO_SETTINGS_MODULE=openclassrooms.settings.production``)
that posts a wrong password to allauth's sign-in page with Django's test client, over HTTPS. The address is
one nobody has: allauth counts a failure before it looks the account up, so no committed user is needed, and
the processes only read the tables migrating filled (the site's domain is part of the key). The cache keys
carry a prefix of their own, deleted at the end, so parallel runs never share a count.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from openclassrooms.settings.base import ACCOUNT_RATE_LIMITS
from tests.conftest import _database_url

ROOT = Path(__file__).resolve().parents[2]
# A Redis database of the tests' own (the broker's tests use others); only this run's keys are touched.
REDIS_URL = os.environ.get("TEST_CACHE_REDIS_URL", "redis://127.0.0.1:6379/14")
PER_ACCOUNT = 5  # "…,5/5m/key"
HOST = "school.example.org"

# One process: django.setup() under the production settings, then failed sign-ins; prints one word each.
ATTEMPTS = """
import sys
import django
from django.test.utils import override_settings, setup_test_environment

django.setup()
setup_test_environment()  # the responses carry their template context (the form and its errors)
from django.test import Client
from django.urls import reverse

email, count = sys.argv[1], int(sys.argv[2])
# No collectstatic here: the manifest whitenoise reads in production does not exist in the source tree.
with override_settings(
    STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
):
    client = Client(HTTP_HOST=sys.argv[3])
    for n in range(count):
        response = client.post(
            reverse("account_login"), {"login": email, "password": f"wrong-{n}"}, secure=True
        )
        if response.status_code == 429:
            print("RESULT refused")
            continue
        assert response.status_code == 200, response.status_code
        codes = {e.code for errors in response.context["form"].errors.as_data().values() for e in errors}
        print("RESULT", "refused" if "too_many_login_attempts" in codes else "failed")
"""


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"needs Redis at {REDIS_URL} ({exc})")
    return client


@pytest.fixture
def production_env(db):
    """The production settings, on the test database (PostgreSQL only: a second process cannot open the
    SQLite test database, which lives in memory)."""
    if connection.vendor != "postgresql":
        pytest.skip("another process reads the test database only on PostgreSQL (SQLite's is in memory)")
    database_url = _database_url()
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_URL", "REDIS_URL", "EMAIL_URL"))
    }
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.production",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": "memory://",
        "EMAIL_URL": "consolemail://",
    }


@pytest.fixture
def shared_cache():
    """A Redis cache URL with a key prefix of this run's own; its keys are deleted afterwards."""
    client = _redis_or_skip()
    prefix = f"test-shared-rl-{uuid.uuid4().hex}"
    yield f"{REDIS_URL}?key_prefix={prefix}"
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def _attempts(env: dict, *, cache_url: str, email: str, count: int) -> list[str]:
    """``count`` failed sign-ins in a new process: "failed" (wrong password) or "refused" (rate limit)."""
    result = subprocess.run(
        [sys.executable, "-c", ATTEMPTS, email, str(count), HOST],
        cwd=ROOT,
        env={**env, "CACHE_URL": cache_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [line.split()[1] for line in result.stdout.splitlines() if line.startswith("RESULT ")]


def test_the_limits_are_the_ones_this_file_counts_on():
    assert ACCOUNT_RATE_LIMITS["login_failed"].endswith(f",{PER_ACCOUNT}/5m/key")


@pytest.mark.django_db
def test_failed_sign_ins_are_counted_across_processes_through_redis(production_env, shared_cache):
    email = f"nobody-{uuid.uuid4().hex[:12]}@example.org"
    first = _attempts(production_env, cache_url=shared_cache, email=email, count=3)
    second = _attempts(production_env, cache_url=shared_cache, email=email, count=3)
    assert first == ["failed"] * 3
    # The second process's sixth failure overall is refused: it saw the first process's three.
    assert second == ["failed", "failed", "refused"]


@pytest.mark.django_db
def test_with_each_processs_own_memory_neither_process_reaches_the_limit(production_env):
    """The contrast that shows the test above can fail: the same attempts, each process counting alone."""
    email = f"nobody-{uuid.uuid4().hex[:12]}@example.org"
    first = _attempts(production_env, cache_url="locmemcache://", email=email, count=3)
    second = _attempts(production_env, cache_url="locmemcache://", email=email, count=3)
    assert first == second == ["failed"] * 3
