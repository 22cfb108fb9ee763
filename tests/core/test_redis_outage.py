"""Issue 17: while the Redis that holds the sessions' cache is down, signed-in people keep their session and
their pages answer: the sessions' cache (core.cache.ForgivingRedisCache) reads as empty, PostgreSQL answers
alone. Django's own Redis cache in its place makes every signed-in page fail (the test can fail)."""

import uuid

import pytest
import redis
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from openclassrooms.core.cache import SESSION_SECONDS, ForgivingRedisCache
from openclassrooms.core.cache import pause as sessions_cache_pause
from tests.accounts.factories import UserFactory
from tests.accounts.test_shared_rate_limits import REDIS_URL
from tests.conftest import closed_port
from tests.students.factories import EnrolmentFactory


@pytest.fixture(autouse=True)
def _no_pause():
    """Each test starts with the sessions' cache asking Redis again (its pause is the process's)."""
    sessions_cache_pause.reset()
    yield
    sessions_cache_pause.reset()


def _sessions_in(settings, backend: str) -> None:
    """Production's sessions (cached_db over a cache of their own), that cache's Redis at a closed port."""
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {
            "BACKEND": backend,
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "sessions"


@pytest.mark.django_db
def test_signed_in_pages_answer_and_sessions_hold_while_the_sessions_redis_is_down(client, settings, caplog):
    _sessions_in(settings, "openclassrooms.core.cache.ForgivingRedisCache")
    student = UserFactory(roles=["student"])
    EnrolmentFactory(student=student)
    client.force_login(student)
    page = client.get(reverse("students:dashboard"))
    assert page.status_code == 200 and page.context["user"] == student
    assert client.post(reverse("account_logout")).status_code == 302  # signing out works too
    assert client.get(reverse("students:dashboard")).status_code == 302  # …and did sign out
    assert "Sessions' cache unreachable" in caplog.text


@pytest.mark.django_db
def test_djangos_own_redis_cache_would_fail_every_signed_in_page(client, settings):
    _sessions_in(settings, "django.core.cache.backends.redis.RedisCache")
    student = UserFactory(roles=["student"])
    EnrolmentFactory(student=student)
    with pytest.raises(RedisConnectionError):
        client.force_login(student)


@pytest.mark.django_db
def test_signing_in_while_redis_is_down_says_to_try_again_in_a_minute(client, settings):
    """The sign-in rate limits live only in the shared cache and are never skipped: with Redis down, signing
    in answers 503 and a page that says what to do, not a server error."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    student = UserFactory(roles=["student"])
    response = client.post(reverse("account_login"), {"login": student.email, "password": "wrong"})
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "try again in a minute" in response.content.decode()


def _forgiving(location: str) -> ForgivingRedisCache:
    return ForgivingRedisCache(location, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}})


def test_after_one_failure_the_sessions_cache_leaves_redis_alone_for_a_while(caplog):
    """A hung Redis would cost every request its socket timeout: after one failure, the process does not ask
    for PAUSE_SECONDS (the database answers alone), then asks again."""
    cache = _forgiving(f"redis://127.0.0.1:{closed_port()}/0")
    assert cache.get("session", "none") == "none"
    assert caplog.text.count("Sessions' cache unreachable") == 1
    assert cache.get("session", "none") == "none" and not cache.has_key("session")
    cache.set("session", "data")
    assert caplog.text.count("Sessions' cache unreachable") == 1  # not asked again
    sessions_cache_pause.reset()  # the pause is over
    assert cache.get("session", "none") == "none"
    assert caplog.text.count("Sessions' cache unreachable") == 2


def test_a_session_stays_in_redis_five_minutes_at_most_after_it_was_written():
    """A change Redis missed while it was down (a sign-out whose deletion failed) is undone by a stale copy
    for SESSION_SECONDS at most: every session is read from PostgreSQL again after that."""
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"needs Redis at {REDIS_URL} ({exc})")
    cache = _forgiving(REDIS_URL)
    key = f"test-session-{uuid.uuid4().hex}"
    try:
        cache.set(key, "two weeks", 14 * 24 * 3600)
        assert 0 < client.ttl(cache.make_key(key)) <= SESSION_SECONDS
        cache.set(key, "for ever", None)
        assert 0 < client.ttl(cache.make_key(key)) <= SESSION_SECONDS
        cache.set(key, "a minute", 60)
        assert 0 < client.ttl(cache.make_key(key)) <= 60
        cache.set(key, "gone", 0)
        assert cache.get(key) is None
    finally:
        client.delete(cache.make_key(key))
