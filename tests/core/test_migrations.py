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


# Run in a process of its own on the new database: migrate, then what is left to apply and the role groups.
MIGRATE_AND_REPORT = """
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

call_command("migrate", interactive=False, verbosity=0)
executor = MigrationExecutor(connection)
print("left", len(executor.migration_plan(executor.loader.graph.leaf_nodes())))
print("groups", Group.objects.count())
"""


def test_migrate_from_an_empty_database(tmp_path):
    """Every migration runs, in order, on an empty database of the suite's engine; then nothing is left to
    apply and the role groups exist (they are made after migrating)."""
    url, drop = _empty_database(tmp_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.test", "DATABASE_URL": url}
    try:
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", MIGRATE_AND_REPORT],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        report = dict(
            line.split() for line in done.stdout.splitlines() if line.startswith(("left", "groups"))
        )
        assert report == {"left": "0", "groups": str(len(Role.values))}
    finally:
        drop()
