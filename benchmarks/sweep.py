"""Both sweeps (attendance, then ATT-6 referrals) with a backlog, then with nothing left to do, each beside a
plain ``SELECT count(*)`` of the sessions: the goal is a steady sweep that costs no more than that count, at
1,000,000 sessions and at 5,000,000 (its cost follows the work and recent changes, not the history).

The backlog is written in SQL, without history, so its sweep reads every enrolment for ATT-6 (``full=True``,
as the first sweep of a day does); the steady sweeps after it read what changed since the one before."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discipline.services import attendance_referrals_sweep
from mentoring.services import attendance_sweep

from .data import STUDENTS, prepare_backlog

REPEAT = 3


def measure_sweep() -> None:

    now = timezone.now()
    prepare_backlog(now)
    sessions, count_time = _count()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        report = attendance_sweep(now=now)
        referrals = attendance_referrals_sweep(now=now, full=True)
        sweep_time = time.perf_counter() - started
    print(f"Sessions: {sessions:,}   students: {STUDENTS:,}")
    print(f"SELECT count(*) over the sessions: {count_time:.3f} s (median of {REPEAT})")
    print(
        f"Backlog sweep (attendance + ATT-6 referrals, a full pass): {_beside(sweep_time, count_time)}, {len(ctx)} SQL "
        f"queries ({report.reminded_sessions} reminders, {report.flagged_follow_ups} ATT-5 flags, "
        f"{report.asked_follow_ups} ATT-5 requests, {len(referrals.cases_opened)} ATT-6 cases opened)"
    )
    steady = _steady_queries(now, count_time)
    started = time.perf_counter()
    attendance_referrals_sweep(now=now, full=True)
    print(f"  ATT-6's daily full pass, nothing to do: {_beside(time.perf_counter() - started, count_time)}")
    per_case = (len(ctx) - steady) / max(len(referrals.cases_opened), 1)
    print(
        f"  the sweep's own queries do not depend on the number of students; each case opened adds about "
        f"{per_case:.0f} (the case, its evidence, timeline and e-mails)"
    )


def _count() -> tuple[int, float]:
    """The number of sessions and the median time of a plain count over them (the yardstick)."""
    times = []
    with connection.cursor() as c:
        for _ in range(REPEAT):
            started = time.perf_counter()
            c.execute("SELECT count(*) FROM mentoring_mentoringsession")
            sessions = c.fetchone()[0]
            times.append(time.perf_counter() - started)
    return sessions, statistics.median(times)


def _beside(elapsed: float, count_time: float) -> str:
    return f"{elapsed:.3f} s = {elapsed / count_time:.2f}× count(*) ({count_time:.3f} s)"


def _steady_queries(now, count_time: float) -> int:
    """Sweeps with nothing to do (the median of a few): the part that cannot grow with the number of
    students, and should not grow with the length of their history."""

    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            attendance_sweep(now=now)
            attendance_referrals_sweep(now=now)
            times.append(time.perf_counter() - started)
    print(
        f"Steady sweep (nothing left to do): {_beside(statistics.median(times), count_time)} "
        f"[{min(times):.3f}–{max(times):.3f} s over {REPEAT}], {len(ctx)} SQL queries"
    )
    return len(ctx)
