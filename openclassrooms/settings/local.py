"""Local development: `make run`. Debug on, a throw-away secret key unless one is set."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# The demo school (`make run`): development only, never in the production image.
INSTALLED_APPS = [*INSTALLED_APPS, "openclassrooms.demo"]  # noqa: F405
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "0.0.0.0"])

# whitenoise serves from STATIC_ROOT; make sure it exists before collectstatic ever ran.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # noqa: F405
