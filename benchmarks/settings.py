"""Benchmark settings: the test settings on a PostgreSQL database of their own, tasks published nowhere."""

from openclassrooms.settings.test import *  # noqa: F403
from openclassrooms.settings.test import env

SESSIONS = env.int("BENCH_SESSIONS", default=1_000_000)
_NAME = "openclassrooms_bench" if SESSIONS == 1_000_000 else f"openclassrooms_bench_{SESSIONS}"
DATABASES = {"default": env.db("BENCH_DATABASE_URL", default=f"postgres://postgres@127.0.0.1:5432/{_NAME}")}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
# The Redis broker's timeouts, for the measure of a page while Redis is down (benchmarks.broker).
CELERY_BROKER_TRANSPORT_OPTIONS = BROKER_SOCKET_TIMEOUTS  # noqa: F405
# The product's URLs and the bare page the pages are measured against (benchmarks.urls).
ROOT_URLCONF = "benchmarks.urls"
# Persistent connections, as in production (openclassrooms/settings/production.py): a page's time is its own
# work, not a new PostgreSQL connection per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
