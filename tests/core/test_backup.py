"""Issue 17: a backup taken as README's "Backups" says — the database with ``pg_dump -Fc``, then the private
and public files with ``tar`` — restores into another database and folder, and the demo school is there
whole: every table holds the same rows, every file a row names is there byte for byte, and new rows get
new ids. PostgreSQL only: ``pg_dump`` needs a real server."""

import hashlib
import json
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.conftest import _database_url
from tests.core.test_settings import _run_manage

TOOLS = ("pg_dump", "pg_restore", "tar")
# README, "Backups": how the database is restored (over the existing one, in one transaction).
RESTORE_FLAGS = ("--clean", "--if-exists", "--no-owner", "--single-transaction")

pytestmark = [
    # Only so that the test database is made (its schema is copied): nothing here uses it through Django.
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.settings_dict["ENGINE"] != "django.db.backends.postgresql",
        reason="backups are pg_dump's custom format: needs DATABASE_URL=postgres://…",
    ),
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in TOOLS),
        reason=f"needs {', '.join(TOOLS)} on PATH",
    ),
]


class Server:
    """Scratch databases beside the test database, made by this test and dropped after it."""

    def __init__(self, test_url: str):
        self.test_url = test_url
        self.base = test_url.rsplit("/", 1)[0]
        self.prefix = f"backup_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
        self.made: list[str] = []

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def create(self, suffix: str) -> str:
        """A new database holding the test database's schema and what migrating put in it (content types,
        permissions, role groups, site): as ``web`` leaves a new server after ``migrate``. Copied with
        pg_dump, which needs no exclusive access to the test database (a TEMPLATE copy would)."""
        name = f"{self.prefix}_{suffix}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        dump = subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", self.test_url], capture_output=True, check=True
        )
        restore = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", self.url(name)],
            input=dump.stdout,
            capture_output=True,
        )
        assert restore.returncode == 0, restore.stderr.decode()
        return self.url(name)

    def drop_all(self) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            for name in self.made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server(django_db_setup):
    made = Server(_database_url())
    try:
        yield made
    finally:
        made.drop_all()


def _run(*command: str | Path, stdin: Path | None = None) -> bytes:
    """A command whose output, and input from ``stdin``, go through pipes as through ``docker compose exec
    -T … > file`` and ``< file``: pg_dump then writes its archive without data offsets, and pg_restore reads
    it without seeking, as in production."""
    done = subprocess.run(
        [str(part) for part in command],
        input=stdin.read_bytes() if stdin else None,
        capture_output=True,
    )
    assert done.returncode == 0, f"{command}: {done.stderr.decode()}"
    return done.stdout


def _manage(*args: str, database: str, var: Path) -> subprocess.CompletedProcess:
    """manage.py in a process of its own on one scratch database and its files, as the deployment runs it."""
    done = _run_manage(
        *args,
        DJANGO_SETTINGS_MODULE="openclassrooms.settings.test",
        DATABASE_URL=database,
        DJANGO_PRIVATE_MEDIA_ROOT=str(var / "private"),
        DJANGO_MEDIA_ROOT=str(var / "media"),
        CELERY_TASK_ALWAYS_EAGER="1",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _tables(url: str) -> dict[str, tuple[int, str]]:
    """Every table: its row count and a digest of its rows (in one order, whatever the physical one)."""
    with psycopg.connect(url) as conn:
        names = conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
        return {
            name: conn.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), ''))"
                f' FROM "{name}" t'
            ).fetchone()
            for (name,) in names
        }


def _sequences_behind(url: str) -> list[str]:
    """The id columns whose sequence would hand out an id already taken."""
    behind = []
    with psycopg.connect(url) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) "
            "FROM information_schema.columns WHERE table_schema = 'public' "
            "AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')"
        ).fetchall()
        assert columns
        for table, column, sequence in columns:
            (highest,) = conn.execute(f'SELECT max("{column}") FROM "{table}"').fetchone()
            last, called = conn.execute(f"SELECT last_value, is_called FROM {sequence}").fetchone()
            if highest is not None and (last < highest or (last == highest and not called)):
                behind.append(f"{table}.{column}: max {highest}, sequence at {last}")
    return behind


def _files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# Run on the restored database: Django's checks, the demo's main facts, every stored file name with whether
# its storage has it, and the id a new row gets against the highest before it.
RESTORED_REPORT = """
import json
from django.apps import apps
from django.core.management import call_command
from django.db.models import FileField, Max

call_command("check", databases=["default"])
get = apps.get_model
facts = {
    "enrolments": get("students", "Enrolment").objects.count(),
    "students": get("students", "Enrolment").objects.values("student").distinct().count(),
    "sessions": get("mentoring", "MentoringSession").objects.count(),
    "cases": get("discipline", "Case").objects.count(),
    "letters": get("discipline", "Letter").objects.exclude(pdf="").count(),
    "diplomas": get("juries", "Diploma").objects.exclude(pdf="").count(),
    "minutes": get("juries", "SittingMinutes").objects.exclude(pdf="").count(),
    "reports": get("impact", "AnnualReport").objects.exclude(pdf="").count(),
}
files = []
for model in apps.get_models():
    for field in model._meta.concrete_fields:
        if isinstance(field, FileField):
            for name in model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True):
                storage = field.storage
                files.append([model._meta.label, name, str(storage.location), storage.exists(name)])
User = get("accounts", "User")
highest = User.objects.aggregate(Max("pk"))["pk__max"]
new = User.objects.create_user(email="after-the-restore@example.org")
print(json.dumps({"facts": facts, "files": files, "highest_user": highest, "new_user": new.pk}))
"""


def test_a_backup_restores_the_demo_school_whole(server, tmp_path):
    timings: dict[str, float] = {}
    clock = time.monotonic()

    def lap(step: str) -> None:
        nonlocal clock
        timings[step] = round(time.monotonic() - clock, 1)
        clock = time.monotonic()

    # The school: the demo, seeded through its services into a database of its own, with its files.
    source, source_var = server.create("source"), tmp_path / "source"
    lap("source schema")
    _manage("seed_demo", database=source, var=source_var)
    lap("seed_demo")

    # The backup, in README's order: the database first, then the files.
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "db.dump").write_bytes(_run("pg_dump", "-Fc", source))
    for folder in ("private", "media"):
        (source_var / folder).mkdir(parents=True, exist_ok=True)  # as `mkdir -p` in README
    (backup / "files.tar.gz").write_bytes(_run("tar", "-C", source_var, "-czf", "-", "private", "media"))
    lap("back up")
    assert (backup / "db.dump").read_bytes()[:5] == b"PGDMP"  # the custom format pg_restore reads

    # The restore over a database that has the schema and rows of its own, as the live one has: --clean
    # replaces them (and on a new server, where the database is empty, it has nothing to drop).
    restored, restored_var = server.create("restored"), tmp_path / "restored"
    with psycopg.connect(restored, autocommit=True) as conn:
        conn.execute("INSERT INTO auth_group (name) VALUES ('written after the backup')")
    lap("restored schema")
    _run("pg_restore", *RESTORE_FLAGS, "-d", restored, stdin=backup / "db.dump")
    restored_var.mkdir()
    _run("tar", "-C", restored_var, "-xzf", "-", stdin=backup / "files.tar.gz")
    lap("restore")

    # Whole: every table, row for row, and every file, byte for byte.
    before, after = _tables(source), _tables(restored)
    assert after == before
    assert before["students_enrolment"][0] == 60
    files = _files(source_var)
    assert any(name.startswith("private/") for name in files)
    assert _files(restored_var) == files
    assert _sequences_behind(restored) == []
    lap("compare")

    shell = _manage("shell", "--no-imports", "-c", RESTORED_REPORT, database=restored, var=restored_var)
    report = json.loads(shell.stdout.splitlines()[-1])
    lap("check restored")
    facts = report["facts"]
    assert facts["enrolments"] == 60 and facts["students"] == 60
    assert facts["sessions"] >= 600
    assert facts["cases"] and facts["letters"] and facts["diplomas"] and facts["minutes"] and facts["reports"]
    # Every file the restored rows name is in the restored folder (not the source's).
    missing = [(label, name) for label, name, location, exists in report["files"] if not exists]
    assert missing == []
    assert {location for _, _, location, _ in report["files"]} == {str(restored_var / "private")}
    labels = {label for label, *_ in report["files"]}
    assert {"discipline.Letter", "juries.Diploma", "juries.SittingMinutes", "impact.AnnualReport"} <= labels
    assert report["new_user"] > report["highest_user"]
    print("timings (s):", timings)
