"""Both sweeps (attendance, then ATT-6 referrals) with a backlog, then with nothing left to do."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discipline.services import attendance_referrals_sweep
from mentoring.services import attendance_sweep

from .data import STUDENTS, prepare_backlog


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
