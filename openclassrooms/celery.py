"""The Celery application: configured from Django settings (CELERY_ prefix)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openclassrooms.settings.local")

app = Celery("openclassrooms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
