"""Tests: fast hashing, tasks run eagerly, e-mail kept in memory."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "openclassrooms.demo"]  # noqa: F405  (the demo data is tested)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-key-not-for-production-use-0123456789-abcdefghijkl")
# The suite reads English (its assertions are in the words the product first spoke); the French pages, e-mails
# and letters are tested by switching, as a person does (tests/core/test_french.py).
LANGUAGE_CODE = "en"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
ACCOUNT_RATE_LIMITS = False
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = str(VAR_DIR / "test-static")  # noqa: F405
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
