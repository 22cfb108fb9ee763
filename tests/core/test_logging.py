"""Issue 17: logs a school's operator can follow. Every request has an id (``X-Request-ID``), in its answer
and in the log lines of the tasks it sent, down to the tasks those sent; production writes one JSON object per
line; errors go to Sentry when ``SENTRY_DSN`` is set, and expected answers (403, 404) do not.
(Expected 403/404 log lines have no traceback: tests/core/test_pages.py.)"""

import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import brotli
import pytest
from django.conf import settings
from django.urls import reverse

from openclassrooms.core.models import DataExport, OutboundEmail
from tests.accounts.factories import UserFactory
from tests.conftest import needs_redis_worker, wait_for
from tests.core.test_settings import PRODUCTION_ENV, ROOT, _run_manage


@pytest.mark.django_db
def test_each_answer_carries_its_request_id_kept_from_the_proxy_or_made_here(client):
    given = uuid.uuid4().hex
    assert client.get(reverse("account_login"), HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    made = client.get(reverse("account_login"))["X-Request-ID"]
    again = client.get(reverse("account_login"), HTTP_X_REQUEST_ID="not an id")["X-Request-ID"]
    assert uuid.UUID(made) and uuid.UUID(again) and len({given, made, again}) == 3


def test_production_writes_one_json_object_per_line():
    code = "import logging; logging.getLogger('openclassrooms.test').warning('Broker %s', 'down')"
    result = _run_manage("shell", "-c", code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "openclassrooms.test" in line]
    record = json.loads(line)
    assert record["level"] == "WARNING" and record["logger"] == "openclassrooms.test"
    assert record["message"] == "Broker down" and "request_id" in record
    assert datetime.strptime(record["time"], settings.LOG_TIME_FORMAT).tzinfo  # ISO 8601, with its offset


class _Sentry(BaseHTTPRequestHandler):
    """A stand-in for Sentry's ingestion endpoint: keeps every envelope posted to it."""

    received: list[bytes] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        self.received.append(
            brotli.decompress(body)
            if encoding == "br"
            else gzip.decompress(body)
            if encoding == "gzip"
            else body
        )
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_endpoint():
    _Sentry.received = []
    server = HTTPServer(("127.0.0.1", 0), _Sentry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://publickey@127.0.0.1:{server.server_port}/1", _Sentry.received
    server.shutdown()


REPORT = """
import logging, sentry_sdk
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("openclassrooms.core").exception("A task failed")
sentry_sdk.flush(timeout=10)
# How Django logs an expected answer: a warning, which is not reported.
logging.getLogger("django.request").warning("Forbidden: /admin/", extra={"status_code": 403})
sentry_sdk.flush(timeout=10)
print("active", sentry_sdk.get_client().is_active())
"""


@pytest.mark.django_db
def test_errors_go_to_sentry_when_a_dsn_is_set_and_only_then(sentry_endpoint):
    dsn, received = sentry_endpoint
    result = _run_manage("shell", "-c", REPORT, **PRODUCTION_ENV, SENTRY_DSN=dsn)
    assert result.returncode == 0, result.stderr
    assert "active True" in result.stdout
    events = [envelope for envelope in received if b'"type":"event"' in envelope]
    assert len(events) == 1  # the error; the expected 403 is not reported
    assert b"ZeroDivisionError" in events[0] and b"A task failed" in events[0]
    envelopes = b"\n".join(received)
    assert b'"cookies"' not in envelopes  # no personal data: send_default_pii is off

    received.clear()
    result = _run_manage("shell", "-c", REPORT, **PRODUCTION_ENV)
    assert "active False" in result.stdout and received == []


# --- A request's id in the tasks it sent -------------------------------------------------------------------


def _json_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


@pytest.mark.worker
@needs_redis_worker
def test_a_requests_id_is_in_the_log_lines_of_the_tasks_it_sent_and_of_theirs(
    client, worker_factory, tmp_path
):
    worker = worker_factory(DJANGO_LOG_FORMAT="json", DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"))
    student = UserFactory(roles=["student"])
    client.force_login(student)
    request_id = uuid.uuid4().hex
    response = client.post(reverse("data_export_request"), HTTP_X_REQUEST_ID=request_id)
    assert response.status_code == 302
    export = DataExport.objects.get(student=student)

    def emailed() -> bool:
        return OutboundEmail.objects.filter(
            key=f"data-export-ready:{export.pk}", sent_at__isnull=False
        ).exists()

    assert wait_for(emailed, timeout=90), worker.log_path.read_text()[-3000:]
    lines = _json_lines(worker.log_path)
    built = [
        line
        for line in lines
        if line["message"] == f"Data export {export.pk} built" or "built (" in line["message"]
    ]
    sent = [
        line
        for line in lines
        if line["message"].startswith("E-mail ") and "data-export-ready" in line["message"]
    ]
    assert built and sent, worker.log_path.read_text()[-3000:]
    assert {line["request_id"] for line in built + sent} == {request_id}


# --- gunicorn's access log ---------------------------------------------------------------------------------


def test_gunicorns_access_log_is_json_with_the_request_id_the_answer_carries(tmp_path):
    """Production's gunicorn (openclassrooms/gunicorn.py): one JSON object per request, with the id the
    application gave the answer, escaped whatever the path holds."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = (tmp_path / "access.log").open("w+")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.test", "WEB_CONCURRENCY": "1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:openclassrooms.gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "openclassrooms.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.DEVNULL,
    )
    request_id = uuid.uuid4().hex
    path = '/no-such-page/"quoted"/'

    def answered() -> int | None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"X-Request-ID": request_id}
        )
        try:
            urllib.request.urlopen(request, timeout=5)
        except urllib.error.HTTPError as answer:
            return answer.code
        except OSError:
            return None
        return 200

    try:
        assert wait_for(lambda: answered() == 404, timeout=60)
        assert wait_for(lambda: request_id in (tmp_path / "access.log").read_text(), timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=20)
    lines = [
        json.loads(line)
        for line in (tmp_path / "access.log").read_text().splitlines()
        if line.startswith("{")
    ]
    (line,) = [line for line in lines if line["request_id"] == request_id]
    assert line["logger"] == "gunicorn.access" and line["status"] == 404 and line["method"] == "GET"
    assert line["path"] == path and line["duration_ms"] >= 0
    assert datetime.strptime(line["time"], settings.LOG_TIME_FORMAT).tzinfo  # as the application's lines
