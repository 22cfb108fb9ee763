"""Settings shared by every environment. One ``env`` reads the environment (django-environ)."""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
TIME_ZONE = env("TIME_ZONE", default="Europe/Paris")
LANGUAGE_CODE = "en-gb"
USE_I18N = True
USE_TZ = True
SITE_ID = 1
ROOT_URLCONF = "openclassrooms.urls"
WSGI_APPLICATION = "openclassrooms.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Database ---------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: wait for the lock instead of failing when the worker writes too.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

# --- Applications -----------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "rules",
    "django_htmx",
    "django_filters",
]
LOCAL_APPS = [
    "openclassrooms.accounts",
    "openclassrooms.core",
    "projects",
    "students",
    "mentoring",
    "juries",
    "discipline",
    "impact",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openclassrooms.core.context_processors.roles",
            ],
        },
    }
]

# --- Accounts (django-allauth) ----------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "openclassrooms.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OpenClassrooms] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "OpenClassrooms"

# --- E-mail -----------------------------------------------------------------
# filemail:// + an absolute path (four slashes): django-environ reads the part after "//" as host + path.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default=f"filemail:///{VAR_DIR / 'mail'}")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OpenClassrooms <no-reply@openclassrooms.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STUDENT_SUCCESS_EMAIL = env("STUDENT_SUCCESS_EMAIL", default="student-success@openclassrooms.test")

# --- Static and uploaded files ----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Proofs, approvals and letters: never served by the web server, only through views that check who asks.
PRIVATE_MEDIA_ROOT = env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- History ----------------------------------------------------------------
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
# A change reason quotes what a person wrote (a correction's reason): never cut at 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Celery -----------------------------------------------------------------
# Default broker: kombu's filesystem transport, so `make run` needs no server.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A task taken by a worker that dies unacknowledged goes back to the queue after this many seconds;
    # workers look for such tasks every few seconds (kombu's default would wait up to 100 s more).
    _visibility = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": _visibility,
        "unacked_restore_interval": max(1, min(10, _visibility // 2)),
        "unacked_restore_throttle": 1,
        # A worker killed while holding the restore lock must not block the others for kombu's 5 minutes.
        "unacked_mutex_expire": max(5, min(300, _visibility)),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "attendance-sweep": {
        "task": "mentoring.tasks.attendance_sweep",
        "schedule": crontab(minute="*/15"),
    },
    "refer-absences": {
        "task": "discipline.tasks.refer_absences",
        "schedule": crontab(minute="2-59/15"),
    },
    "dispatch-stale-events": {
        "task": "openclassrooms.core.tasks.dispatch_stale_events",
        "schedule": crontab(minute="*/5"),
    },
    # Every periodic job of the school, in code (CONVENTIONS "Background work").
    "deliver-stale-emails": {
        "task": "openclassrooms.core.tasks.deliver_stale_emails",
        "schedule": crontab(minute="*/5"),
    },
    "send-pending-invitations": {
        "task": "openclassrooms.accounts.tasks.send_pending_invitations",
        "schedule": crontab(minute="*/15"),
    },
    "watch-registered-letters": {
        "task": "discipline.tasks.watch_letters",
        "schedule": crontab(minute=5, hour=7),
    },
    "sync-student-requests": {
        "task": "students.tasks.sync_requests",
        "schedule": crontab(minute=0, hour="0,7"),
    },
    "sync-penalties": {
        "task": "discipline.tasks.sync_penalties",
        "schedule": crontab(minute=10, hour="0,7"),
    },
    "watch-board-requests": {
        "task": "impact.tasks.watch_requests",
        "schedule": crontab(minute=0, hour="*/1"),
    },
    "delete-expired-recordings": {
        "task": "projects.tasks.delete_expired_recordings",
        "schedule": crontab(minute=30, hour=3),
    },
}

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_client_errors": {"()": "openclassrooms.core.logging.ExpectedClientErrors"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["expected_client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# REC-2: days a presentation's recording is kept after the training ended (SPEC's decision: 12 months).
RECORDING_RETENTION_DAYS = env.int("RECORDING_RETENTION_DAYS", default=365)
# The secret the video tool signs its attendance events with (HMAC-SHA256); empty closes the endpoint.
VIDEO_WEBHOOK_SECRET = env("VIDEO_WEBHOOK_SECRET", default="")

# Each person's private calendar feed gathers the dated events of these sources, in this order
# (openclassrooms.core.calendars): each returns the entries one person attends.
CALENDAR_SOURCES = [
    "mentoring.calendars.session_entries",
    "projects.calendars.presentation_entries",
    "discipline.calendars.hearing_entries",
    "juries.calendars.sitting_entries",
]
