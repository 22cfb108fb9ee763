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
