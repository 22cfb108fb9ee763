"""`make bench`: the attendance sweep and the two busiest pages at scale, on PostgreSQL.

Builds (once, idempotently) 20,000 students, 500 mentors with 40 students each and 1,000,000 weekly
sessions with a realistic mix of outcomes, plus a realistic backlog for one sweep: sessions left unlogged,
overdue 48-hour follow-ups and ten runs of three unauthorised absences. Then prints:
- a full sweep's wall time and its number of SQL queries, beside a plain SELECT count(*) of the sessions;
- the median server time of "My week" (a mentor with 40 students) and of a student's page;
- the weekly schedule planned for all 20,000 enrolments at once (every week to the end of each training),
  then planned again (nothing to do): wall time, SQL queries and sessions written;
- the median and maximum time to render one registered letter, and the peak memory over 200 letters.
Set BENCH_DATABASE_URL to use another PostgreSQL database (default: openclassrooms_bench on 127.0.0.1).
"""

import os
import statistics
import sys
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"

import django

django.setup()  # the settings above, before any model is imported
import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from discipline.services import attendance_referrals_sweep
from mentoring.services import attendance_sweep, schedules_plan
from openclassrooms.accounts.models import User
from openclassrooms.accounts.roles import Role
from projects.models import Path
from students.models import Enrolment

from .letters import measure_letters

STUDENTS = 20_000
MENTORS = 500
WEEKS_PAST, WEEKS_FUTURE = 40, 10  # 50 sessions per student: 1,000,000 in all
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
                       is_active, date_joined, phone, time_zone, calendar_token, postal_address)
                   SELECT '!', false, %s || g || '@bench.test', initcap(%s), 'No ' || g, false, true, now(), '',
                          'Europe/Paris', md5(%s || g), ''
                   FROM generate_series(1, %s) g""",
                [f"bench-{kind}-", kind, kind, count],
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
               SELECT s.id, %s, m.id, 'active', current_date - 300, current_date + 100, false, now()
               FROM accounts_user s
               JOIN accounts_user m
                 ON m.email = 'bench-mentor-'
                    || (1 + (split_part(split_part(s.email, '-', 3), '@', 1)::int - 1) %% %s) || '@bench.test'
               WHERE s.email LIKE 'bench-student-%%'""",
            [path.pk, MENTORS],
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


def measure_sweep() -> None:

    now = timezone.now()
    prepare_backlog(now)
    with connection.cursor() as c:
        started = time.perf_counter()
        c.execute("SELECT count(*) FROM mentoring_mentoringsession")
        sessions = c.fetchone()[0]
        count_time = time.perf_counter() - started
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        report = attendance_sweep(now=now)
        referrals = attendance_referrals_sweep(now=now)
        sweep_time = time.perf_counter() - started
    print(f"Sessions: {sessions:,}   students: {STUDENTS:,}")
    print(f"SELECT count(*) over the sessions: {count_time:.3f} s")
    print(
        f"Full sweep (attendance + ATT-6 referrals): {sweep_time:.2f} s, {len(ctx)} SQL queries "
        f"({report.reminded_sessions} reminders, {report.flagged_follow_ups} ATT-5 flags, "
        f"{report.asked_follow_ups} ATT-5 requests, {len(referrals.cases_opened)} ATT-6 cases opened)"
    )
    steady = _steady_queries(now)
    per_case = (len(ctx) - steady) / max(len(referrals.cases_opened), 1)
    print(
        f"  the sweep's own queries do not depend on the number of students; each case opened adds about "
        f"{per_case:.0f} (the case, its evidence, timeline and e-mails)"
    )


def _steady_queries(now) -> int:
    """Queries of a sweep with nothing to do: the part that cannot grow with the number of students."""

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        attendance_sweep(now=now)
        attendance_referrals_sweep(now=now)
        elapsed = time.perf_counter() - started
    print(f"Steady sweep (nothing left to do): {elapsed:.2f} s, {len(ctx)} SQL queries")
    return len(ctx)


def measure_planning() -> None:
    """Every enrolment gets a weekly slot (a spread of days, times and time zones) and the whole school's
    schedule is planned in one call, then again: the second finds every week planned and writes nothing."""

    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            """INSERT INTO mentoring_weeklyslot (enrolment_id, weekday, starts_at, time_zone, duration,
                   video_link, agreed_by_id, agreed_at)
               SELECT e.id, e.id % 5, make_time((9 + e.id % 9)::int, ((e.id % 4) * 15)::int, 0),
                      (ARRAY['Europe/Paris', 'America/Montreal', 'Africa/Dakar', 'Asia/Tokyo'])[1 + e.id % 4],
                      interval '45 minutes', 'https://meet.bench.test/' || e.id, e.mentor_id, now()
               FROM students_enrolment e JOIN accounts_user s ON s.id = e.student_id
               WHERE s.email LIKE 'bench-student-%' AND e.mentor_id IS NOT NULL"""
        )
    ids = list(Enrolment.objects.filter(weekly_slot__isnull=False).values_list("pk", flat=True))
    for attempt in ("first plan", "plan again"):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            report = schedules_plan(enrolment_ids=ids, reason="Benchmark.")
            elapsed = time.perf_counter() - started
        print(
            f"Weekly schedule, {attempt} for {len(ids):,} enrolments: {elapsed:.1f} s, {len(ctx)} SQL queries "
            f"({report.created:,} sessions created, {report.moved:,} moved, {report.cancelled:,} cancelled)"
        )


def measure_pages(repeat: int = 15) -> None:

    def median_ms(user, url) -> tuple[float, int]:
        client = Client()
        client.force_login(user)
        client.get(url)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        return statistics.median(times) * 1000, len(response.content)

    mentor = User.objects.get(email="bench-mentor-1@bench.test")
    student = User.objects.get(email="bench-student-1@bench.test")
    ms, size = median_ms(mentor, reverse("mentoring:dashboard"))
    print(f"My week (mentor with {mentor.mentees.count()} students): median {ms:.1f} ms ({size:,} bytes)")
    ms, size = median_ms(student, reverse("students:dashboard"))
    print(f"Student's page: median {ms:.1f} ms ({size:,} bytes)")


def main() -> int:

    ensure_database()
    call_command("migrate", verbosity=0)
    load()
    measure_sweep()
    measure_pages()

    measure_letters(200)
    # Last: its 300,000 new rows would otherwise weigh on the letters' peak memory.
    measure_planning()
    return 0


if __name__ == "__main__":
    sys.exit(main())
