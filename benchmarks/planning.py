"""The weekly schedule of the whole school, planned in one call, then again."""

import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from mentoring.services import schedules_plan
from students.models import Enrolment


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
