"""The sessions' cache: Redis, whose failures read as misses (issue 17).

Sessions are read from Redis and written through to PostgreSQL (``cached_db``). Django's session store
forgives a failing cache only on its first read: writing the session back, checking a key exists, saving or
deleting one raise, and every signed-in page would answer 500 while Redis is down. With this backend a Redis
that is down or hung (after its socket timeout) is only a cache that has nothing: sessions are read from and
written to PostgreSQL alone, nobody is signed out, and the pages answer. The default cache (sign-in rate
limits, used two-step codes) keeps failing loudly: those must not be skipped.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
DOWN = (RedisConnectionError, RedisTimeoutError)


class ForgivingRedisCache(RedisCache):
    def _down(self, exc: Exception) -> None:
        logger.warning("Sessions' cache unreachable (%s): the database answers alone", exc)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except DOWN as exc:
            self._down(exc)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except DOWN as exc:
            self._down(exc)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except DOWN as exc:
            self._down(exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except DOWN as exc:
            self._down(exc)
            return False

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except DOWN as exc:
            self._down(exc)
            return False
