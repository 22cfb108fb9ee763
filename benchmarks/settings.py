"""Benchmark settings: the test settings on a PostgreSQL database of their own, tasks published nowhere."""

from openclassrooms.settings.test import *  # noqa: F403
from openclassrooms.settings.test import env

DATABASES = {
    "default": env.db("BENCH_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/openclassrooms_bench")
}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
