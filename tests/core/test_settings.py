"""Production settings pass Django's deployment checks; Celery is configured as the project requires."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from openclassrooms.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "school.example.org",
    "DATABASE_URL": "postgres://app@db.example.org:5432/app",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
    "CACHE_URL": "redis://redis.example.org:6379/1",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.org:587",
}


def test_production_settings_pass_check_deploy_without_warning():
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CACHE_URL",
        "EMAIL_URL",
        "DJANGO_ALLOWED_HOSTS",
    ],
)
def test_production_refuses_to_start_without_a_secret(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _run_manage("check", **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_cookies_and_sign_in_settings():
    """Issue 14: secure, HTTP-only, SameSite, host-bound cookies; one cache for every process (rate limits,
    used codes); the session timeouts and the proxy count read from the environment."""
    shown = (
        "SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SESSION_COOKIE_HTTPONLY SESSION_COOKIE_SAMESITE "
        "CSRF_COOKIE_SAMESITE SESSION_COOKIE_NAME CSRF_COOKIE_NAME SESSION_IDLE_TIMEOUT "
        "SESSION_ABSOLUTE_TIMEOUT ALLAUTH_TRUSTED_PROXY_COUNT ACCOUNT_PREVENT_ENUMERATION"
    )
    code = f"from django.conf import settings as s; print(*[getattr(s, n) for n in {shown.split()!r}]);"
    code += "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
    result = _run_manage("shell", "-c", code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values, cache = result.stdout.strip().splitlines()[-2:]
    assert values.split() == [
        "True", "True", "True", "Lax", "Lax", "__Host-sessionid", "__Host-csrftoken",
        "1800", "43200", "0", "True",
    ]  # fmt: skip
    assert cache == "django.core.cache.backends.redis.RedisCache redis://redis.example.org:6379/1"
    result = _run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_IDLE_TIMEOUT, s.SESSION_ABSOLUTE_TIMEOUT, "
        "s.ALLAUTH_TRUSTED_PROXY_COUNT)",
        **PRODUCTION_ENV,
        SESSION_IDLE_TIMEOUT="900",
        SESSION_ABSOLUTE_TIMEOUT="28800",
        ALLAUTH_TRUSTED_PROXY_COUNT="1",
    )
    assert result.stdout.strip().splitlines()[-1] == "900 28800 1"


def _production_value(expression: str, **env: str):
    result = _run_manage(
        "shell",
        "-c",
        f"import json; from django.conf import settings as s; print(json.dumps({expression}))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cache_is_django_redis_and_sessions_are_cached_then_written_to_the_database():
    """Issue 17: Django's own RedisCache (django_redis is not installed), answering within a second when Redis
    is down; CACHE_URL, else REDIS_URL; sessions read from the cache and written through to PostgreSQL."""
    cache, sessions, engine, alias = _production_value(
        "[s.CACHES['default'], s.CACHES['sessions'], s.SESSION_ENGINE, s.SESSION_CACHE_ALIAS]",
        **PRODUCTION_ENV,
    )
    assert cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://redis.example.org:6379/1",
        "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
    }
    assert engine == "django.contrib.sessions.backends.cached_db"
    # The sessions' cache is the same Redis, whose failures read as misses (tests/core/test_redis_outage.py).
    assert alias == "sessions"
    assert sessions == {**cache, "BACKEND": "openclassrooms.core.cache.ForgivingRedisCache"}
    # REDIS_URL when CACHE_URL is empty; the URL's options and key prefix are Django's (upper-case) ones.
    env = {
        **PRODUCTION_ENV,
        "CACHE_URL": "",
        "REDIS_URL": "redis://r.example.org:6379/3?key_prefix=oc&socket_timeout=2",
    }
    assert _production_value("s.CACHES['default']", **env) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://r.example.org:6379/3",
        "KEY_PREFIX": "oc",
        "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 2},
    }


def test_private_files_go_to_a_private_s3_bucket_when_asked():
    """Issue 17: DJANGO_PRIVATE_STORAGE=s3: no public ACL, no overwrite, signed URLs only; else the folder."""
    assert _production_value("s.STORAGES['private']['BACKEND']", **PRODUCTION_ENV) == (
        "django.core.files.storage.FileSystemStorage"
    )
    s3 = {
        "DJANGO_PRIVATE_STORAGE": "s3",
        "DJANGO_PRIVATE_S3_BUCKET": "school-private",
        "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.example.org",
        "AWS_S3_REGION_NAME": "fr-par",
        **dict.fromkeys(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_S3_ADDRESSING_STYLE"], ""),
    }
    assert _production_value("s.STORAGES['private']", **PRODUCTION_ENV, **s3) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "school-private",
            "endpoint_url": "https://s3.fr-par.example.org",
            "region_name": "fr-par",
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
    result = _run_manage("check", **PRODUCTION_ENV, DJANGO_PRIVATE_STORAGE="s3", DJANGO_PRIVATE_S3_BUCKET="")
    assert result.returncode != 0 and "DJANGO_PRIVATE_S3_BUCKET" in result.stderr


def test_celery_speaks_json_only_and_acknowledges_late():
    conf = celery_app.conf
    assert conf.accept_content == ["json"] and conf.task_serializer == "json"
    assert conf.task_acks_late is True and conf.task_reject_on_worker_lost is True
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit


def test_every_beat_entry_names_a_registered_task():
    celery_app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in celery_app.tasks, entry["task"]


def test_default_broker_and_mail_need_no_server():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='openclassrooms.settings.local';"
            "django.setup();"
            "from django.conf import settings as s; print(s.CELERY_BROKER_URL, s.EMAIL_BACKEND,"
            " s.DATABASES['default']['ENGINE'], s.TIME_ZONE)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "EMAIL_URL", "TIME_ZONE"))
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "filesystem://",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.db.backends.sqlite3",
        "Europe/Paris",
    ]


def test_local_e_mails_are_written_under_var_mail_whatever_the_working_directory():
    """make run: the README sends people to var/mail/ (a relative path would follow each process's cwd)."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "shell",
            "-c",
            "from django.conf import settings; print(settings.EMAIL_FILE_PATH)",
        ],
        cwd="/",
        env={k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(ROOT / "var" / "mail")


@pytest.mark.parametrize(("host", "port"), [("127.0.0.1", "8000"), ("0.0.0.0", "8123")])
def test_make_run_points_e_mail_links_at_the_address_it_serves(host, port):
    """Seen on the first day: links in e-mails pointed at port 8000 when the app ran on another PORT."""
    result = subprocess.run(
        ["make", "--always-make", "--dry-run", "run", f"HOST={host}", f"PORT={port}"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    served = [line for line in result.stdout.splitlines() if "bin/serve" in line]
    assert served == [f"SITE_URL=http://{host}:{port} HOST={host} PORT={port} bin/serve"]
    assert f"SITE_URL=http://{host}:{port} " in next(
        line for line in result.stdout.splitlines() if "seed_demo" in line
    )
