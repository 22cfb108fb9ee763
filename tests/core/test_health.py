"""Issue 17: /healthz answers 200 only when the database and the Celery broker answer, else 503 naming what is
down; it answers a container's probe under production settings (any Host, plain HTTP) without a session; and
``manage.py beat_alive`` tells whether beat still writes its schedule."""

import os
import shelve
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from openclassrooms.core import health
from tests.conftest import closed_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cret-not-to-show"


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_and_the_broker_answer(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"database: ok\nbroker: ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_broker_when_it_does_not_answer(client, broker_at):
    broker_at(f"redis://:{SECRET}@127.0.0.1:{closed_port()}/0")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    database, broker = response.content.decode().splitlines()
    assert database == "database: ok"
    assert broker.startswith("broker: down (") and "refused" in broker.lower()
    assert SECRET not in response.content.decode()

    through_the_proxy = client.get(reverse("healthz"), HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert through_the_proxy.status_code == 503
    assert through_the_proxy.content == b"database: ok\nbroker: down\n"  # no internal host named


def test_the_broker_check_gives_up_on_a_server_that_never_answers(broker_at):
    """A server that takes the connection and never replies (a hung Redis): without socket timeouts the check
    would wait for ever. Bounded here by the thread's join, as a condition, not a measure."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel accepts connections; nobody reads or answers
        broker_at(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        results: list[health.Check] = []
        thread = threading.Thread(target=lambda: results.append(health.broker()), daemon=True)
        thread.start()
        thread.join(timeout=30)
        assert not thread.is_alive(), "the broker check hung on a silent server"
    [check] = results
    assert not check.ok and check.name == "broker"


def test_the_broker_check_tries_once(broker_at):
    """kombu's ``ensure_connection`` sleeps 2 s and tries again (then 4 s…) before it gives up; the check
    tries once. A server that hangs up on every connection counts how many it was offered."""
    accepted: list[socket.socket] = []

    def hang_up(server: socket.socket) -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return  # the server was shut down
            accepted.append(conn)  # counted before the client can see it fail
            conn.close()

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        thread = threading.Thread(target=hang_up, args=(server,), daemon=True)
        thread.start()
        broker_at(f"redis://127.0.0.1:{server.getsockname()[1]}/0")
        check = health.broker()
        server.shutdown(socket.SHUT_RDWR)
    thread.join(timeout=5)
    assert not check.ok
    assert len(accepted) == 1


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_database_when_it_cannot_be_reached(client, monkeypatch, tmp_path):
    """The database's address is changed to one where nothing answers — a closed port on PostgreSQL, a file
    in a folder that does not exist on SQLite — as when the server is down. The test's own connection, open
    already, is untouched; the check opens a new one, as it does in production."""
    if connection.vendor == "postgresql":
        for key, value in {"HOST": "127.0.0.1", "PORT": str(closed_port()), "PASSWORD": SECRET}.items():
            monkeypatch.setitem(connection.settings_dict, key, value)
    else:
        monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "missing" / "db.sqlite3"))
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    database, broker = response.content.decode().splitlines()
    assert database.startswith("database: down (OperationalError: ")
    assert broker == "broker: ok"
    assert SECRET not in response.content.decode()


def test_a_reason_never_shows_credentials():
    reason = health._reason(ValueError(f"cannot reach redis://user:{SECRET}@host:6379/0 (password={SECRET})"))
    assert SECRET not in reason
    assert reason.startswith("ValueError: cannot reach redis://***@host:6379/0")


@pytest.fixture
def production_like(settings):
    """What production sets that a probe to http://127.0.0.1:8000/healthz would trip on."""
    settings.ALLOWED_HOSTS = ["school.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    return Client()  # made after the overrides: its middleware reads them


@pytest.mark.django_db
def test_healthz_answers_a_probe_by_address_over_http_under_production_settings(production_like):
    client = production_like
    probe = {"HTTP_HOST": "127.0.0.1:8000"}
    # The settings do bite: any other page is refused for that Host, and sent to HTTPS for the right one.
    assert client.get(reverse("home"), **probe).status_code == 400
    to_https = client.get(reverse("home"), HTTP_HOST="school.example.org")
    assert to_https.status_code == 301 and to_https["Location"].startswith("https://")

    for method in (client.get, client.head):
        response = method(reverse("healthz"), **probe)
        assert response.status_code == 200, method
        assert not response.cookies and not response.has_header("Set-Cookie")
    assert response.content == b""  # HEAD
    assert client.get(reverse("healthz"), HTTP_HOST="10.0.3.7").content == b"database: ok\nbroker: ok\n"
    assert Session.objects.count() == 0 and not client.cookies


# --- Beat ---------------------------------------------------------------------------------------------


@pytest.fixture
def schedule(settings, tmp_path) -> Path:
    settings.CELERY_BEAT_SCHEDULE_FILENAME = str(tmp_path / "celerybeat-schedule")
    return tmp_path / "celerybeat-schedule"


def _write_schedule(path: Path) -> None:
    """What beat writes: a shelve opened as PersistentScheduler opens it (dbm adds its own suffix)."""
    with shelve.open(str(path), writeback=True) as store:
        store["entries"] = {}


def _age(path: Path, seconds: int) -> None:
    for file in path.parent.glob(f"{path.name}*"):
        os.utime(file, (time.time() - seconds, time.time() - seconds))


def test_beat_alive_when_the_schedule_was_just_written(schedule, capsys):
    _write_schedule(schedule)
    call_command("beat_alive", "--max-age", "900")
    assert "beat: ok" in capsys.readouterr().out


def test_beat_alive_reads_the_newest_of_the_shelve_files(schedule):
    _write_schedule(schedule)
    _age(schedule, 3600)
    Path(f"{schedule}.bak").touch()  # dbm.dumb's index, say: written now
    call_command("beat_alive", "--max-age", "900")


def test_beat_is_not_alive_when_the_schedule_is_old(schedule):
    _write_schedule(schedule)
    _age(schedule, 1000)
    with pytest.raises(CommandError, match="more than 900 s") as refused:
        call_command("beat_alive", "--max-age", "900")
    assert refused.value.returncode == 1


def test_beat_is_not_alive_without_a_schedule(schedule):
    with pytest.raises(CommandError, match="no schedule file") as refused:
        call_command("beat_alive")
    assert refused.value.returncode == 1


def test_beat_alive_exits_1_then_0_reading_the_file_from_the_environment(tmp_path):
    """As compose runs it: a process of its own, the schedule's path from CELERY_BEAT_SCHEDULE_FILENAME."""
    path = tmp_path / "beat" / "schedule"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.test"}
    env["CELERY_BEAT_SCHEDULE_FILENAME"] = str(path)

    def run() -> subprocess.CompletedProcess:
        command = [sys.executable, "manage.py", "beat_alive"]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    missing = run()
    assert missing.returncode == 1 and str(path) in missing.stderr
    path.parent.mkdir()
    _write_schedule(path)
    alive = run()
    assert alive.returncode == 0, alive.stderr
