"""Settings shared by every environment. One ``env`` reads the environment (django-environ)."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django_guid.integrations import CeleryIntegration

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
TIME_ZONE = env("TIME_ZONE", default="Europe/Paris")
# Issue 16: French first, English second. Anonymous pages follow the browser (Accept-Language) or the
# language switch's cookie; a signed-in person's pages, e-mails and letters follow their own choice
# (User.language, openclassrooms.accounts.middleware.PersonLanguageMiddleware).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the switch is remembered for a year (Django: for the browser session)
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times by name (|date:"WEEKDAY_DATETIME_FORMAT"), each language's in openclassrooms/formats/.
FORMAT_MODULE_PATH = ["openclassrooms.formats"]
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
    "django_guid",
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
    # Issue 17: /healthz answered before the HTTPS redirect and the Host check, which a container's probe
    # to http://127.0.0.1:8000 would fail (openclassrooms/core/middleware.py says why), and without session.
    "openclassrooms.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Issue 17: every request has an id (X-Request-ID, kept from the proxy when it is a UUID, else made
    # here), in each of its log lines, its answer's header and the Celery tasks it sends (DJANGO_GUID below).
    "django_guid.middleware.guid_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openclassrooms.accounts.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Issue 14: the sessions of those who judge students end (SESSION_IDLE_TIMEOUT, SESSION_ABSOLUTE_TIMEOUT);
    # then whoever must use two-step sign-in (MFA) and has no authenticator yet is led to add one.
    "openclassrooms.accounts.middleware.SessionTimeoutMiddleware",
    "openclassrooms.accounts.middleware.MFAEnrolmentMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Issue 17: a page that needed Redis while it was down says to try again in a minute (503).
    "openclassrooms.core.middleware.RedisUnavailableMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
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
# Issue 14: every failed sign-in counts per IP address and per account, on every path. "login_failed"
# covers the password form (key: the e-mail typed) and the MFA code (key: the account), the admin's sign-in
# included (it is this form); "reset_password" limits reset e-mails per IP and per address typed.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# The same answer whether an account exists or not: on sign-in, password reset (and allauth's other forms).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OpenClassrooms] "
# Behind a reverse proxy, the number of proxies that append to X-Forwarded-For: without it every person
# would share the proxy's address, and its per-IP rate limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
MFA_ADAPTER = "openclassrooms.accounts.adapters.MFAAdapter"
# An authenticator app (TOTP) or a security key / passkey (WebAuthn, over HTTPS or on localhost), with
# recovery codes; passwordless sign-in with a passkey stays off: the key is a second step.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "OpenClassrooms"
# Who must use two-step sign-in besides staff and the roles of accounts.rules.MFA_REQUIRED_ROLES: each of
# these answers for one person (accounts never imports the apps above it).
MFA_REQUIRED_IF = ["discipline.selectors.holds_board_seat"]
# OWASP ASVS V3.3.2, for those who must use two-step sign-in: signed out after this many seconds without a
# request, and this many seconds after signing in whatever they do. Others keep Django's session length.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)

# --- E-mail -----------------------------------------------------------------
# filemail:// + an absolute path (four slashes): django-environ reads the part after "//" as host + path.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default=f"filemail:///{VAR_DIR / 'mail'}")
vars().update(EMAIL_CONFIG)
# Issue 17: a mail server that does not answer fails the delivery task (retried later) instead of holding a
# worker for ever; pages never talk to it (every e-mail goes through the outbox).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
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
# Issue 17: where the private files live. "filesystem" (the default): PRIVATE_MEDIA_ROOT, a folder (in
# production a volume every web and worker process mounts). "s3": a bucket of AWS S3 or of an S3-compatible
# service (MinIO, Scaleway, OVHcloud…, through AWS_S3_ENDPOINT_URL) with django-storages. The bucket stays
# private: objects are written with no ACL (the bucket's own, private, applies), never overwritten (a second
# file of the same name gets a new one), and read only by our views after their access check (FileResponse
# over storage.open). No page links to the bucket; a URL, were one asked for, would be signed for a minute.
# Without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, boto3 finds credentials itself (an instance role…).
PRIVATE_STORAGE = env("DJANGO_PRIVATE_STORAGE", default="") or "filesystem"
if PRIVATE_STORAGE == "s3":
    _s3 = {
        "bucket_name": env("DJANGO_PRIVATE_S3_BUCKET", default="")
        or env("AWS_STORAGE_BUCKET_NAME", default=""),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=""),
        "region_name": env("AWS_S3_REGION_NAME", default=""),
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=""),  # "path" for most MinIO servers
        "access_key": env("AWS_ACCESS_KEY_ID", default=""),
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default=""),
    }
    if not _s3["bucket_name"]:
        raise ImproperlyConfigured("Set DJANGO_PRIVATE_S3_BUCKET (or AWS_STORAGE_BUCKET_NAME) for S3 storage")
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **{name: value for name, value in _s3.items() if value},
            # No ACL sent: the bucket's own (private) applies; AWS refuses any ACL on a bucket created
            # since April 2023 (ACLs disabled), and a public one is never wanted.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
elif PRIVATE_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"DJANGO_PRIVATE_STORAGE must be filesystem or s3, not {PRIVATE_STORAGE!r}")

# --- History ----------------------------------------------------------------
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
# A change reason quotes what a person wrote (a correction's reason): never cut at 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Celery -----------------------------------------------------------------
# Default broker: kombu's filesystem transport, so `make run` needs no server.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
# Issue 17: a Redis broker that is down, unreachable or hung answers within half a second, so that handing
# work over after a request (openclassrooms.core.queue) never holds the page; workers reconnect.
_broker_timeout = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=0.5)
BROKER_SOCKET_TIMEOUTS = {"socket_connect_timeout": _broker_timeout, "socket_timeout": _broker_timeout}
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
        **BROKER_SOCKET_TIMEOUTS,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Issue 17: letters, certificates, minutes, reports and copies of data are PDFs and ZIPs of seconds to
# minutes each; they have a queue (and, in production, workers) of their own, so that a burst of them never
# delays an e-mail, a reminder or a referral. A worker for everything consumes both queues (`make run`).
CELERY_DOCUMENTS_QUEUE = env("CELERY_DOCUMENTS_QUEUE", default="documents")
CELERY_TASK_ROUTES = {
    name: {"queue": CELERY_DOCUMENTS_QUEUE}
    for name in (
        "discipline.tasks.generate_letter",
        "juries.tasks.generate_diploma",
        "juries.tasks.generate_minutes",
        "impact.tasks.print_report",
        "openclassrooms.core.tasks.build_export",
        "openclassrooms.core.tasks.resume_pending_documents",
    )
}
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
# Where beat keeps its schedule (a shelve: its name plus a suffix such as .db), read by `celery beat` (no
# --schedule option) and by its health check, `manage.py beat_alive`, from this one setting.
CELERY_BEAT_SCHEDULE_FILENAME = env(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
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
    # Issue 17: the documents a task was asked for but never made (PENDING_DOCUMENTS below).
    "resume-pending-documents": {
        "task": "openclassrooms.core.tasks.resume_pending_documents",
        "schedule": crontab(minute="3-59/10"),
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
    "clear-expired-sessions": {
        "task": "openclassrooms.core.tasks.clear_expired_sessions",
        "schedule": crontab(minute=40, hour=3),
    },
    # The retention schedule (RETENTION_SCHEDULE below), REC-2's recordings included.
    "apply-retention": {
        "task": "openclassrooms.core.tasks.apply_retention",
        "schedule": crontab(minute=30, hour=3),
    },
}

# --- Logging ----------------------------------------------------------------
# Issue 17: one line per event, as JSON in production (DJANGO_LOG_FORMAT=json: a log collector reads the
# fields) and as text elsewhere; each line carries its request's id, and a task's line the id of the request
# that sent it (django-guid's Celery integration passes it in the task's headers).
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "RETURN_HEADER": True,
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=True, log_parent=True)],
}
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="text")
# ISO 8601 with the offset, as gunicorn's access lines (openclassrooms/gunicorn.py) write it too.
LOG_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_LOG_FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(celery_current_id)s %(message)s"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "expected_client_errors": {"()": "openclassrooms.core.logging.ExpectedClientErrors"},
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"},
        "celery_tracing": {"()": "django_guid.integrations.celery.log_filters.CeleryTracing"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": _LOG_FIELDS,
            "datefmt": LOG_TIME_FORMAT,
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "celery_current_id": "trace_id",
            },
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["expected_client_errors", "request_id", "celery_tracing"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # django-guid says at INFO, for every request and task, that it made or passed an id.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django_guid": {"level": "WARNING"},
    },
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

# A student's copy of their whole record (GDPR arts. 15, 20; openclassrooms.core.exports): each source
# gives one app's part, in this order; core adds the e-mails sent to them and who opened their record.
EXPORT_SOURCES = [
    "students.exports.student_data",
    "mentoring.exports.student_data",
    "projects.exports.student_data",
    "discipline.exports.student_data",
    "juries.exports.student_data",
    "impact.exports.student_data",
]
# Days the link to a built copy works; the ZIP is then deleted (a copy of records kept elsewhere).
EXPORT_LINK_DAYS = env.int("EXPORT_LINK_DAYS", default=7)

# Issue 17: the documents workers make after commit, each recorded before it is made; when its task never
# ran (the broker was down, the task was lost), the beat's documents sweep (core.services.documents_resume)
# asks each of these for what is still waiting: ``(*, limit) -> int`` makes up to ``limit`` of them.
PENDING_DOCUMENTS = [
    "discipline.services.letters_generate_pending",
    "juries.services.diplomas_generate_pending",
    "juries.services.minutes_generate_pending",
    "impact.services.annual_reports_print_pending",
    "openclassrooms.core.services.exports_build_pending",
]

# --- Retention: how long each record is kept (core.services.retention_apply, daily) -----------------------
# One line per record type: the days it is kept (each from the environment), what they count from, what
# happens then — its app's purge function deletes or anonymises it, ``(*, cutoff, held, now) -> Purged`` —
# and why. A record of a student still training never expires; a record dated after the training counts
# from its own date. README's "How long each record is kept" shows this table.
_FIVE_YEARS = 5 * 365 + 2  # five calendar years, whatever the leap days
_TRAINING_END = "the end of the training (its last enrolment's last day; a later record: its own date)"
RETENTION_SCHEDULE = {
    "sessions": {
        "days": env.int("RETENTION_SESSIONS_DAYS", default=_FIVE_YEARS),
        "counted_from": _TRAINING_END,
        "action": "anonymised",
        "purge": "mentoring.services.sessions_purge_expired",
        "reason": "Attendance is what the training contract and its funders pay for, and what ATT-6 "
        "referrals rest on: kept while either can be disputed (five years, French Civil Code art. 2224). "
        "Anonymised, not deleted: the Impact Committee's figures count sessions and their outcomes.",
    },
    "notices": {
        "days": env.int("RETENTION_NOTICES_DAYS", default=365),
        "counted_from": _TRAINING_END,
        "action": "deleted",
        "purge": "mentoring.services.notices_purge_expired",
        "reason": "A student's own reasons for missing a session (ATT-2..ATT-5), often about health or "
        "family, and Student Success's exceptional authorisations: the outcome they led to stays on the "
        "session; the words are needed only while it may still be discussed.",
    },
    "monitoring_reports": {
        "days": env.int("RETENTION_MONITORING_REPORTS_DAYS", default=_FIVE_YEARS),
        "counted_from": _TRAINING_END,
        "action": "deleted",
        "purge": "mentoring.services.monitoring_reports_purge_expired",
        "reason": "Part of the candidate record the jury read (TRN-2): kept while the verdict and the "
        "training can be disputed (five years); no published figure reads them.",
    },
    "documents": {
        "days": env.int("RETENTION_DOCUMENTS_DAYS", default=365),
        "counted_from": _TRAINING_END,
        "action": "deleted",
        "purge": "students.services.documents_purge_expired",
        "reason": "Proofs of a disability, of exceptional circumstances and funders' approvals (the funder "
        "keeps its own): health and family facts kept no longer than the decisions they supported may be "
        "discussed; those decisions stay on record. A case file's documents go with the case.",
    },
    "recordings": {
        "days": RECORDING_RETENTION_DAYS,
        "counted_from": _TRAINING_END,
        "action": "deleted",
        "purge": "students.services.recordings_purge_expired",
        "reason": "REC-2: presentation recordings are the academic record, kept for the training, then 12 "
        "months (SPEC's decision); the presentation keeps a trace that one existed.",
    },
    "cases_and_letters": {
        "days": env.int("RETENTION_CASES_DAYS", default=_FIVE_YEARS),
        "counted_from": "the end of the training, or the case's last step if later",
        "action": "anonymised",
        "purge": "discipline.services.cases_purge_expired",
        "reason": "DIS-10: every penalty stays in the record for the whole training and its jury; a decision "
        "can be disputed for five years (French Civil Code art. 2224). Anonymised, not deleted: the Impact "
        "Committee's figures count cases and penalties.",
    },
    "jury_records": {
        "days": env.int("RETENTION_JURY_RECORDS_DAYS", default=_FIVE_YEARS),
        "counted_from": "the end of the training, or the verdict (or remedial work) if later",
        "action": "anonymised",
        "purge": "juries.services.jury_records_purge_expired",
        "reason": "A verdict can be disputed for five years. The verdict stays (the Impact Committee's "
        "figures count it); a diploma and a sitting's signed minutes are never deleted, so that a diploma "
        "can be verified for ever (TRN-4).",
    },
    "emails": {
        "days": env.int("RETENTION_EMAILS_DAYS", default=365),
        "counted_from": "the sending (the recording, for one never sent)",
        "action": "anonymised",
        "purge": "openclassrooms.core.services.emails_purge_expired",
        "reason": "Proof that a message went out, for a year of questions about it; its key stays so that no "
        "e-mail is ever sent twice. What the e-mails said is kept in the records they came from.",
    },
    "access_logs": {
        "days": env.int("RETENTION_ACCESS_LOGS_DAYS", default=365),
        "counted_from": "the opening",
        "action": "deleted",
        "purge": "openclassrooms.core.services.access_logs_purge_expired",
        "reason": "CNIL's recommendation on logs (2021): six months to a year.",
    },
    "exports": {
        "days": EXPORT_LINK_DAYS,
        "counted_from": "the building of the copy",
        "action": "deleted",
        "purge": "openclassrooms.core.exports.purge_expired",
        "reason": "A copy of records kept elsewhere: the ZIP goes when its link expires (the row stays).",
    },
}
# The students whose records the schedule leaves alone for now: each function returns student ids.
RETENTION_HOLDS = [
    "discipline.selectors.students_with_open_case",
    "juries.selectors.students_with_pending_candidacy",
]
