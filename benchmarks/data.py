"""The benchmark's data set: built once per size, idempotently, with SQL (a few minutes at 5,000,000).

``BENCH_SESSIONS`` (default 1,000,000) sets its size: 20,000 students, 500 mentors with 40 students each,
and as many weekly sessions per student as it takes (10 weeks ahead, the rest behind), so a larger data set
is a longer history, not a larger school. Each size has its own database (``openclassrooms_bench`` for the
default, ``openclassrooms_bench_5000000`` for 5,000,000…) unless ``BENCH_DATABASE_URL`` names one.
"""

import time

import psycopg
from django.conf import settings
from django.db import connection, transaction

from openclassrooms.accounts.roles import Role
from projects.models import Path

from .settings import SESSIONS

STUDENTS = 20_000
MENTORS = 500
WEEKS_FUTURE = 10
WEEKS_PAST = SESSIONS // STUDENTS - WEEKS_FUTURE  # 40 at 1,000,000 sessions, 240 at 5,000,000
UNLOGGED, OVERDUE_FOLLOW_UPS, RUNS = 200, 100, 10


def ensure_database() -> None:

    db = settings.DATABASES["default"]
    conninfo = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def load() -> None:

    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM mentoring_mentoringsession")
        if c.fetchone()[0] >= STUDENTS * (WEEKS_PAST + WEEKS_FUTURE):
            return
    print("Building the benchmark data set (once)…", flush=True)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "TRUNCATE mentoring_mentoringsession, mentoring_absencefollowup, students_enrolment, "
            "accounts_user, discipline_case, core_outboundemail CASCADE"
        )
        path, _ = Path.objects.get_or_create(code="bench", defaults={"name": "Benchmark path"})
        for kind, count in (("mentor", MENTORS), ("student", STUDENTS)):
            c.execute(
                """INSERT INTO accounts_user (password, is_superuser, email, first_name, last_name, is_staff,
                       is_active, date_joined, phone, time_zone, calendar_token, postal_address, language)
                   SELECT '!', false, %s || g || '@bench.test', initcap(%s), 'No ' || g, false, true, now(), '',
                          'Europe/Paris', md5(%s || g), '', %s
                   FROM generate_series(1, %s) g""",
                [f"bench-{kind}-", kind, kind, "fr", count],  # the school's language, as its people read
            )
            c.execute(
                """INSERT INTO accounts_user_groups (user_id, group_id)
                   SELECT u.id, g.id FROM accounts_user u, auth_group g
                   WHERE u.email LIKE %s AND g.name = %s""",
                [f"bench-{kind}-%", Role.MENTOR if kind == "mentor" else Role.STUDENT],
            )
        c.execute(
            """INSERT INTO students_enrolment (student_id, path_id, mentor_id, status, start_date,
                   planned_end_date, recording_consent, created_at)
               SELECT s.id, %s, m.id, 'active', current_date - %s, current_date + 100, false, now()
               FROM accounts_user s
               JOIN accounts_user m
                 ON m.email = 'bench-mentor-'
                    || (1 + (split_part(split_part(s.email, '-', 3), '@', 1)::int - 1) %% %s) || '@bench.test'
               WHERE s.email LIKE 'bench-student-%%'""",
            [path.pk, WEEKS_PAST * 7 + 20, MENTORS],
        )
        # Weekly sessions; about 88 % attended, 5 % unauthorised (never three in a row), 4 % postponed,
        # 3 % cancelled by the mentor; future weeks scheduled.
        c.execute(
            """WITH base AS (
                   SELECT e.id AS enrolment_id, e.mentor_id, w,
                          date_trunc('week', now()) + (w - %s) * interval '1 week'
                            + ((e.id %% 5) * interval '1 day') + (9 + e.id %% 8) * interval '1 hour' AS start,
                          random() AS r
                   FROM students_enrolment e, generate_series(0, %s) w
               )
               INSERT INTO mentoring_mentoringsession (enrolment_id, mentor_id, scheduled_start, duration, mode,
                   video_link, status, attendance, outcome, absence_reason, rule, explanation, recorded, notes)
               SELECT enrolment_id, mentor_id, start, interval '45 minutes', 'video', '',
                   CASE WHEN start > now() THEN 'scheduled'
                        WHEN r < 0.04 OR (r >= 0.09 AND r < 0.12) THEN 'cancelled' ELSE 'logged' END,
                   CASE WHEN start > now() OR r < 0.04 THEN ''
                        WHEN r < 0.09 AND w %% 3 = 0 THEN 'no_show'
                        WHEN r < 0.12 AND r >= 0.09 THEN 'mentor_cancelled' ELSE 'attended' END,
                   CASE WHEN start > now() THEN 'pending' WHEN r < 0.04 THEN 'postponed'
                        WHEN r < 0.09 AND w %% 3 = 0 THEN 'unauthorised'
                        WHEN r < 0.12 AND r >= 0.09 THEN 'mentor_cancelled' ELSE 'attended' END,
                   CASE WHEN start <= now() AND r >= 0.04 AND r < 0.09 AND w %% 3 = 0 THEN 'no_notice' ELSE '' END,
                   '', '', false, ''
               FROM base""",
            [WEEKS_PAST, WEEKS_PAST + WEEKS_FUTURE - 1],
        )
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")


def prepare_backlog(now) -> None:
    """What a sweep finds after a busy quarter of an hour; reset so every run measures the same work
    (the schedule a previous run planned goes too)."""

    with transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM mentoring_historicalmentoringsession WHERE week IS NOT NULL")
        c.execute("DELETE FROM mentoring_mentoringsession WHERE week IS NOT NULL")
        c.execute("DELETE FROM mentoring_historicalweeklyslot")
        c.execute("DELETE FROM mentoring_weeklyslot")
        c.execute("TRUNCATE discipline_case CASCADE")  # with its evidence, grounds and timeline
        c.execute("DELETE FROM core_outboundemail")
        c.execute("DELETE FROM mentoring_absencefollowup")
        c.execute(
            "UPDATE mentoring_mentoringsession SET mentor_reminded_at = NULL WHERE mentor_reminded_at IS NOT NULL"
        )
        c.execute(
            """UPDATE mentoring_mentoringsession SET status = 'scheduled', attendance = '', outcome = 'pending',
                   absence_reason = ''
               WHERE id IN (SELECT id FROM mentoring_mentoringsession
                            WHERE scheduled_start BETWEEN %s - interval '3 days' AND %s - interval '3 hours'
                            ORDER BY id LIMIT %s)""",
            [now, now, UNLOGGED],
        )
        c.execute(
            """INSERT INTO mentoring_absencefollowup (session_id, due_at, reasons, student_asked_at)
               SELECT id, scheduled_start + interval '48 hours', '', scheduled_start
               FROM mentoring_mentoringsession
               WHERE outcome = 'unauthorised' AND scheduled_start < %s - interval '49 hours'
               ORDER BY scheduled_start DESC LIMIT %s""",
            [now, OVERDUE_FOLLOW_UPS],
        )
        # Ten students with three consecutive unauthorised absences in their last three past weeks.
        c.execute(
            """UPDATE mentoring_mentoringsession s SET status = 'logged', attendance = 'no_show',
                   outcome = 'unauthorised', absence_reason = 'no_notice'
               FROM (SELECT id, row_number() OVER (PARTITION BY enrolment_id ORDER BY scheduled_start DESC) AS n
                     FROM mentoring_mentoringsession
                     WHERE enrolment_id IN (SELECT id FROM students_enrolment ORDER BY id DESC LIMIT %s)
                       AND scheduled_start < %s - interval '1 day') recent
               WHERE s.id = recent.id AND recent.n <= 3""",
            [RUNS, now],
        )
