"""The sessions' cache: Redis, whose failures read as misses (issue 17).

Sessions are read from Redis and written through to PostgreSQL (``cached_db``). Django's session store
forgives a failing cache only on its first read: writing the session back, checking a key exists, saving or
deleting one raise, and every signed-in page would answer 500 while Redis is down. With this backend a Redis
that is down or hung is only a cache that has nothing: sessions are read from and written to PostgreSQL
alone, nobody is signed out, and the pages answer.

- After a failure this process leaves Redis alone for ``PAUSE_SECONDS``, as it does the broker
  (core.queue): a hung Redis costs one request its socket timeout, not every request.
- A session stays in Redis at most ``SESSION_SECONDS`` after it was last written, and PostgreSQL is read
  again after that. A change Redis missed while it was down (a sign-out whose deletion failed) is therefore
  undone by a stale copy for those minutes at most once Redis answers again.

The default cache (sign-in rate limits, used two-step codes) keeps failing loudly: those are never skipped.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .pause import Pause

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 30.0
SESSION_SECONDS = 300


# Per process: after a failure, Redis is left alone for PAUSE_SECONDS.
pause = Pause(PAUSE_SECONDS)


class ForgivingRedisCache(RedisCache):
    def _try(self, method, default, *args):
        if pause.active():
            return default
        try:
            return method(*args)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            pause.start()
            logger.warning("Sessions' cache unreachable (%s): the database answers alone for a while", exc)
            return default

    def _capped(self, timeout) -> int:
        seconds = self.get_backend_timeout(timeout)  # None: for ever; 0: delete now
        return SESSION_SECONDS if seconds is None else min(seconds, SESSION_SECONDS)

    def get(self, key, default=None, version=None):
        return self._try(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try(super().set, None, key, value, self._capped(timeout), version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().add, False, key, value, self._capped(timeout), version)

    def delete(self, key, version=None):
        return self._try(super().delete, False, key, version)

    def has_key(self, key, version=None):
        return self._try(super().has_key, False, key, version)
