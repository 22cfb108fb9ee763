"""Production: every secret comes from the environment, with no default."""

import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from django_guid.integrations import SentryIntegration as GuidSentryIntegration
from sentry_sdk.integrations.celery import CeleryIntegration as SentryCeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)

# Shared by every web process: sign-in rate limits and used two-step codes count across all of them
# (each process's memory would let an attacker try each limit once per process, and reuse a code).
# Issue 17: CACHE_URL, else REDIS_URL; one of them is required. redis:// maps to Django's own
# django.core.cache.backends.redis.RedisCache (django-environ 0.14), whose OPTIONS go to redis-py's
# ConnectionPool: a Redis that is down or unreachable answers within CACHE_SOCKET_TIMEOUT seconds instead of
# holding the page (a "?socket_timeout=…" in the URL wins).
_cache_url = env("CACHE_URL", default="") or env("REDIS_URL", default="")
if not _cache_url:
    raise ImproperlyConfigured("Set CACHE_URL (or REDIS_URL), e.g. redis://host:6379/1")
CACHES = {"default": env.cache_url_config(_cache_url)}
# django-environ 0.14 lower-cases "?key_prefix=…" and "?timeout=…" for RedisCache, where Django ignores them.
for _name in ("KEY_PREFIX", "TIMEOUT"):
    if _name.lower() in CACHES["default"]:
        CACHES["default"][_name] = CACHES["default"].pop(_name.lower())
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    _cache_timeout = env.float("CACHE_SOCKET_TIMEOUT", default=1.0)
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": _cache_timeout,
        "socket_timeout": _cache_timeout,
        **CACHES["default"].get("OPTIONS", {}),
    }
# Sessions are read from that Redis and written through to PostgreSQL: a Redis restart signs nobody out, and
# while Redis is down the sessions' cache answers "nothing here" (core.cache) and PostgreSQL answers alone.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["sessions"] = {**CACHES["default"], "BACKEND": "openclassrooms.core.cache.ForgivingRedisCache"}
    SESSION_CACHE_ALIAS = "sessions"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Issue 14 (OWASP ASVS V3.4): cookies sent over HTTPS only, out of reach of scripts (the session), not sent
# with requests other sites start (SameSite=Lax keeps links from e-mails working), and bound to this host
# by the __Host- prefix.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Issue 17: the log is JSON, one object per line (DJANGO_LOG_FORMAT=text for plain lines).
LOGGING["handlers"]["console"]["formatter"] = env("DJANGO_LOG_FORMAT", default="json")  # noqa: F405

# Issue 17: errors (an exception, a log line at ERROR) go to Sentry when SENTRY_DSN is set, from web and
# workers alike. An expected 403 or 404 is not an error. No personal data is sent (send_default_pii off:
# no cookies, no user e-mail, no IP address); the request id is attached to each event as a tag.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), SentryCeleryIntegration()],
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )
    DJANGO_GUID["INTEGRATIONS"] = [*DJANGO_GUID["INTEGRATIONS"], GuidSentryIntegration()]  # noqa: F405
