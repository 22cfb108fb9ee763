"""The test database is built from the models, not by running the migrations (``--no-migrations``, in
pyproject's pytest options): this is the one test that checks the migrations themselves — they agree with
the models, and they build the schema from an empty database."""

import os
import subprocess
import sys
import uuid
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from openclassrooms.accounts.roles import Role
from tests.conftest import ROOT


def test_the_migrations_agree_with_the_models(db, settings):
    """``makemigrations --check``: no model change is left without its migration."""
    settings.MIGRATION_MODULES = {}  # the migrations the session's ``--no-migrations`` hides
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"A model changed without its migration:\n{out.getvalue()}")


def _empty_database(tmp_path):
    """A new, empty database of the same engine as the tests', and how to drop it."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}", lambda: None
    name = f"migrations_{uuid.uuid4().hex[:10]}"
    server = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "dbname": "postgres",
        "autocommit": True,
    }
    if db["PASSWORD"]:
        server["password"] = db["PASSWORD"]
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{name}", drop


def test_migrate_from_an_empty_database(tmp_path):
    """Every migration runs, in order, on an empty database of the suite's engine; then nothing is left to
    apply and the roles exist (their groups are made after migrating)."""
    url, drop = _empty_database(tmp_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.test", "DATABASE_URL": url}
    manage = [sys.executable, "manage.py"]
    try:
        migrated = subprocess.run(
            [*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert migrated.returncode == 0, migrated.stderr
        plan = subprocess.run(
            [*manage, "migrate", "--plan"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        assert "No planned migration operations." in plan.stdout, plan.stdout
        groups = subprocess.run(
            [
                *manage,
                "shell",
                "--no-imports",
                "-c",
                "from django.contrib.auth.models import Group; print(Group.objects.count())",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert int(groups.stdout.strip()) == len(Role.values)
    finally:
        drop()
