"""Reads on mentoring sessions."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import MentoringSession


def week_bounds(day: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to next Monday 00:00, in the current time zone."""
    monday = day - timedelta(days=day.weekday())
    tz = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, tzinfo=tz)
    return start, datetime.combine(monday + timedelta(days=7), time.min, tzinfo=tz)


def _with_people(qs: QuerySet[MentoringSession]) -> QuerySet[MentoringSession]:
    return qs.select_related("enrolment__student", "enrolment__path", "mentor")


def sessions_for_mentor_between(*, mentor, start: datetime, end: datetime) -> QuerySet[MentoringSession]:
    return _with_people(
        MentoringSession.objects.filter(mentor=mentor, scheduled_start__gte=start, scheduled_start__lt=end)
    ).order_by("scheduled_start")


def sessions_to_log_for_mentor(*, mentor, now: datetime, grace: timedelta = timedelta(hours=2)) -> QuerySet:
    """Sessions over for more than ``grace`` and still not logged."""
    return _with_people(
        MentoringSession.objects.filter(
            mentor=mentor, status=MentoringSession.Status.SCHEDULED, scheduled_start__lt=now - grace
        )
    ).order_by("scheduled_start")


def sessions_for_enrolment(*, enrolment, upcoming: bool, now: datetime, limit: int) -> list[MentoringSession]:
    qs = _with_people(MentoringSession.objects.filter(enrolment=enrolment))
    if upcoming:
        qs = qs.filter(scheduled_start__gte=now, status=MentoringSession.Status.SCHEDULED).order_by(
            "scheduled_start"
        )
    else:
        qs = qs.filter(Q(scheduled_start__lt=now) | ~Q(status=MentoringSession.Status.SCHEDULED)).order_by(
            "-scheduled_start"
        )
    return list(qs[:limit])


def sessions_unlogged_before(*, cutoff: datetime, limit: int = 20) -> list[MentoringSession]:
    """For Student Success: sessions still not logged long after they happened."""
    return list(
        _with_people(
            MentoringSession.objects.filter(
                status=MentoringSession.Status.SCHEDULED, scheduled_start__lt=cutoff
            )
        ).order_by("scheduled_start")[:limit]
    )


def sessions_unlogged_count(*, cutoff: datetime) -> int:
    return MentoringSession.objects.filter(
        status=MentoringSession.Status.SCHEDULED, scheduled_start__lt=cutoff
    ).count()


def follow_ups_open_for_student(*, student) -> list:
    """ATT-5 deadlines the student still has to meet."""
    from .models import AbsenceFollowUp

    return list(
        AbsenceFollowUp.objects.filter(session__enrolment__student=student, flagged_at__isnull=True)
        .filter(Q(reasons_given_at__isnull=True) | Q(rebooked_session__isnull=True))
        .select_related("session")
        .order_by("due_at")
    )


def mentor_busy_between(*, mentor_id: int, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The mentor's booked sessions in a window, as (start, end) pairs."""
    rows = (
        MentoringSession.objects.filter(
            mentor_id=mentor_id, scheduled_start__gte=start - timedelta(hours=4), scheduled_start__lt=end
        )
        .exclude(status=MentoringSession.Status.CANCELLED)
        .values_list("scheduled_start", "duration")
    )
    return [(s, s + d) for s, d in rows]


def mentor_availability(*, mentor_id: int) -> list:
    from .models import MentorAvailability

    return list(MentorAvailability.objects.filter(mentor_id=mentor_id).order_by("weekday", "starts_at"))


# ATT-6, set-based: one query finds the enrolments holding a run of unreferred unauthorised absences.
# A run is broken by an attended session and restarts after a referral (SPEC's reading); a window
# function numbers the streaks, and only their unreferred absences are counted.
_UNREFERRED_RUNS_SQL = """
WITH marked AS (
    SELECT s.id, s.enrolment_id, s.scheduled_start, s.outcome,
           CASE WHEN EXISTS (
               SELECT 1 FROM discipline_caseevidence ev
               JOIN discipline_case c ON c.id = ev.case_id
               WHERE ev.session_id = s.id AND c.source = 'attendance' AND c.status <> 'withdrawn'
           ) THEN 1 ELSE 0 END AS referred
    FROM mentoring_mentoringsession s
    JOIN students_enrolment e ON e.id = s.enrolment_id
    WHERE s.outcome IN ('attended', 'unauthorised') AND e.status IN ('active', 'suspended')
), streaks AS (
    SELECT enrolment_id, outcome, referred,
           SUM(CASE WHEN outcome = 'attended' OR referred = 1 THEN 1 ELSE 0 END)
               OVER (PARTITION BY enrolment_id ORDER BY scheduled_start, id
                     ROWS UNBOUNDED PRECEDING) AS streak
    FROM marked
)
SELECT DISTINCT enrolment_id FROM streaks
WHERE outcome = 'unauthorised' AND referred = 0
GROUP BY enrolment_id, streak
HAVING COUNT(*) >= %s
"""


def enrolments_with_unreferred_runs(*, run_length: int) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_UNREFERRED_RUNS_SQL, [run_length])
        return sorted(row[0] for row in cursor.fetchall())


def attendance_counts(*, enrolment_id: int, start: date, end: date) -> dict[str, int]:
    """Sessions per outcome for a period (monitoring reports, TRN-2), in one query."""
    from django.db.models import Count

    tz = timezone.get_current_timezone()
    rows = (
        MentoringSession.objects.filter(
            enrolment_id=enrolment_id,
            scheduled_start__gte=datetime.combine(start, time.min, tzinfo=tz),
            scheduled_start__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
        )
        .values("outcome")
        .annotate(n=Count("pk"))
    )
    return {row["outcome"]: row["n"] for row in rows}


def sessions_for_calendar(*, mentor=None, student=None, now: datetime) -> QuerySet[MentoringSession]:
    qs = _with_people(
        MentoringSession.objects.filter(
            scheduled_start__gte=now - timedelta(weeks=8), scheduled_start__lt=now + timedelta(weeks=26)
        )
    )
    if mentor is not None:
        qs = qs.filter(mentor=mentor)
    if student is not None:
        qs = qs.filter(enrolment__student=student)
    return qs.order_by("scheduled_start")


def reports_for_mentor(*, mentor, limit: int = 20) -> list:
    from .models import MonitoringReport

    return list(
        MonitoringReport.objects.filter(mentor=mentor)
        .select_related("enrolment__student")
        .order_by("-period_end")[:limit]
    )
