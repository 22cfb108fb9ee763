"""Issue 17: docker-compose.yml, read as the engineer who runs it would (there is no Docker engine to run it
here): every queue has workers, each long-running service has a health check, migrations run once before
any web copy starts, and the environment names only settings that exist."""

import re
from pathlib import Path

import yaml
from django.conf import settings

from tests.core.test_settings import _run_manage

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP = [name for name, service in SERVICES.items() if service.get("image") == "openclassrooms-policy:latest"]


def test_every_queue_has_its_own_workers_and_beat_is_single():
    queues = {}
    for name in APP:
        command = SERVICES[name]["command"]
        if " worker " in command:
            (consumed,) = re.findall(r"-Q (\S+)", command)
            queues[name] = set(consumed.split(","))
    assert queues == {
        "worker": {settings.CELERY_TASK_DEFAULT_QUEUE},
        "worker-documents": {settings.CELERY_DOCUMENTS_QUEUE},
    }
    beats = [name for name in APP if " beat" in SERVICES[name]["command"]]
    assert beats == ["beat"] and "replicas" not in SERVICES["beat"].get("deploy", {})


def test_each_long_running_service_has_a_health_check_and_migrations_run_once_first():
    for name in APP:
        if name != "migrate":
            assert "healthcheck" in SERVICES[name], name
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "inspect ping" in SERVICES["worker"]["healthcheck"]["test"][1]
    assert "beat_alive" in SERVICES["beat"]["healthcheck"]["test"]
    assert "migrate" not in SERVICES["web"]["command"]
    for name in set(APP) - {"migrate"}:  # never new code on the old schema
        after = SERVICES[name]["depends_on"]["migrate"]
        assert after == {"condition": "service_completed_successfully"}, name
    assert "ports" not in SERVICES["web"]  # several copies behind the proxy: none holds a host port
    # The proxy starts with web, not once web is healthy: /healthz is 503 while Redis is down, pages are not.
    assert SERVICES["proxy"]["depends_on"] == ["web"]


def test_the_environment_names_settings_the_code_reads():
    """A misspelt variable in compose is silently ignored: each one must be read by the settings."""
    read = "".join(path.read_text() for path in (ROOT / "openclassrooms" / "settings").glob("*.py"))
    for variable in SERVICES["web"]["environment"]:
        assert f'"{variable}"' in read or variable == "DJANGO_SETTINGS_MODULE", variable


def test_the_images_build_step_starts_under_the_production_settings(tmp_path):
    """The Dockerfile collects the static files and compiles the catalogue under the production settings,
    with stand-in values for what production requires: every required one must be there."""
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    (line,) = [line for line in dockerfile.splitlines() if "collectstatic" in line]
    build_env = dict(re.findall(r"(\w+)=(\S+)", line.split("sh -c")[0]))
    build_env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'build.sqlite3'}"
    result = _run_manage("check", DJANGO_SETTINGS_MODULE="openclassrooms.settings.production", **build_env)
    assert result.returncode == 0, result.stderr
