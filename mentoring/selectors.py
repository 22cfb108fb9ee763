"""Reads on mentoring sessions."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.utils import timezone

from . import rules
from .models import (
    AbsenceFollowUp,
    MentorAbsence,
    MentorAvailability,
    MentoringSession,
    MonitoringReport,
    ToolEvent,
    WeeklySlot,
)


def week_bounds(day: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to next Monday 00:00, in the current time zone."""
    monday = day - timedelta(days=day.weekday())
    tz = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, tzinfo=tz)
    return start, datetime.combine(monday + timedelta(days=7), time.min, tzinfo=tz)


def with_deadlines(sessions, *, now: datetime) -> list[MentoringSession]:
    """Each session with the deadlines its page shows, from the rules: ``notice_deadline`` (ATT-2: notice
    is in time until then), ``notice_still_in_time`` (whether a notice given now would be) and ``to_log``
    (not logged two hours after its end)."""
    sessions = list(sessions)
    for s in sessions:
        s.notice_deadline = rules.notice_deadline(s.scheduled_start)
        s.notice_still_in_time = rules.notice_in_time(given_at=now, scheduled_start=s.scheduled_start)
        s.to_log = s.status == MentoringSession.Status.SCHEDULED and rules.needs_log_reminder(
            scheduled_end=s.scheduled_end, now=now
        )
    return sessions


def _with_people(qs: QuerySet[MentoringSession]) -> QuerySet[MentoringSession]:
    return qs.select_related("enrolment__student", "enrolment__path", "mentor")


# A session's time and outcome, as every row of a page shows them.
_SESSION_OUTCOME_FIELDS = (
    "scheduled_start",
    "duration",
    "mode",
    "status",
    "outcome",
    "absence_reason",
    "rule",
    "explanation",
)
# What a row of *My week* shows of a session (mentoring/_log_rows.html, with ``with_deadlines``,
# ``with_tool_evidence`` and the load per day): its student's name and path, not the 69 columns of
# ``_with_people``. Anything else read from such a row would cost a query per row (the dashboard's query-count
# test would tell).
SESSION_ROW_FIELDS = (
    *_SESSION_OUTCOME_FIELDS,
    "logged_at",
    "tool_reported_at",
    "enrolment__student__first_name",
    "enrolment__student__last_name",
    "enrolment__student__email",
    "enrolment__path__name",
)


def session_rows_for_mentor_between(*, mentor, start: datetime, end: datetime) -> QuerySet[MentoringSession]:
    """The mentor's sessions in a window, with only what a row of *My week* shows (``SESSION_ROW_FIELDS``)."""
    return (
        MentoringSession.objects.filter(mentor=mentor, scheduled_start__gte=start, scheduled_start__lt=end)
        .select_related("enrolment__student", "enrolment__path")
        .only(*SESSION_ROW_FIELDS)
        .order_by("scheduled_start")
    )


def _ended_before(cutoff: datetime, qs: QuerySet | None = None) -> QuerySet[MentoringSession]:
    """Sessions still scheduled (not logged, not cancelled) whose end is at or before ``cutoff``.

    ``scheduled_start <= cutoff`` says nothing more (a session lasts some time: ``session_duration_positive``)
    but an index can serve it — ``(status, scheduled_start)``, or ``session_to_log_idx`` for one mentor — so
    what is read is the sessions still to log, not every session since the school opened."""
    ends = ExpressionWrapper(F("scheduled_start") + F("duration"), output_field=DateTimeField())
    return (
        (MentoringSession.objects.all() if qs is None else qs)
        .annotate(ends_at=ends)
        .filter(status=MentoringSession.Status.SCHEDULED, scheduled_start__lte=cutoff, ends_at__lte=cutoff)
    )


def sessions_to_log_for_mentor(*, mentor, now: datetime, before: datetime | None = None, limit: int = 20):
    """Sessions over for two hours or more and still not logged (``rules.log_reminder_cutoff``), as rows of
    *My week* (``SESSION_ROW_FIELDS``)."""
    qs = _ended_before(rules.log_reminder_cutoff(now)).filter(mentor=mentor)
    if before is not None:
        qs = qs.filter(scheduled_start__lt=before)
    rows = qs.select_related("enrolment__student", "enrolment__path").only(*SESSION_ROW_FIELDS)
    return list(rows.order_by("scheduled_start")[:limit])


def sessions_to_remind(*, now: datetime) -> QuerySet[MentoringSession]:
    """The log reminders the sweep still owes: to log, of an active training, never reminded."""
    return _ended_before(rules.log_reminder_cutoff(now)).filter(
        enrolment__status="active", mentor_reminded_at__isnull=True
    )


# What the student's page shows of a session (students/dashboard.html, mentoring/_session_table.html, with
# ``with_deadlines``): its time, mentor, mode and outcome.
STUDENT_ROW_FIELDS = (
    *_SESSION_OUTCOME_FIELDS,
    "mentor__first_name",
    "mentor__last_name",
    "mentor__email",
)


def sessions_for_enrolment(*, enrolment, upcoming: bool, now: datetime, limit: int) -> list[MentoringSession]:
    """The sessions to come (cancelled or postponed ones too, with their outcome), or those that began, with
    only what the student's page shows of them (``STUDENT_ROW_FIELDS``)."""
    qs = (
        MentoringSession.objects.filter(enrolment=enrolment)
        .select_related("mentor")
        .only(*STUDENT_ROW_FIELDS)
    )
    if upcoming:
        qs = qs.filter(scheduled_start__gte=now).order_by("scheduled_start")
    else:
        qs = qs.filter(scheduled_start__lt=now).order_by("-scheduled_start")
    return list(qs[:limit])


def sessions_unlogged_escalated(*, now: datetime, limit: int = 20) -> list[MentoringSession]:
    """For Student Success: sessions still not logged 48 hours after their end."""
    return list(
        _with_people(_ended_before(rules.log_escalation_cutoff(now))).order_by("scheduled_start")[:limit]
    )


def sessions_unlogged_escalated_count(*, now: datetime) -> int:
    return _ended_before(rules.log_escalation_cutoff(now)).count()


def sessions_unlogged_escalated_filter(queryset: QuerySet, *, now: datetime) -> QuerySet:
    """The admin filter "Not logged 48 h after the end", on the admin's own queryset."""
    return _ended_before(rules.log_escalation_cutoff(now), queryset)


def follow_ups_open_for_student(*, student, now: datetime) -> list[AbsenceFollowUp]:
    """ATT-5 deadlines the student still has to meet, each marked ``overdue`` by the rule; with only what the
    student's page shows (the session's time)."""
    follow_ups = list(
        AbsenceFollowUp.objects.filter(session__enrolment__student=student, flagged_at__isnull=True)
        .filter(Q(reasons_given_at__isnull=True) | Q(rebooked_session__isnull=True))
        .select_related("session")
        .only("due_at", "reasons_given_at", "rebooked_session", "session__scheduled_start")
        .order_by("due_at")
    )
    for follow_up in follow_ups:
        follow_up.overdue = rules.follow_up_overdue(
            due_at=follow_up.due_at,
            now=now,
            reasons_given=follow_up.reasons_given_at is not None,
            rebooked=follow_up.rebooked_session_id is not None,
        )
    return follow_ups


def sessions_in_order(*, enrolment_id: int) -> list[MentoringSession]:
    """One enrolment's sessions in the order they were planned (ATT-6 runs are read in this order)."""
    return list(MentoringSession.objects.filter(enrolment_id=enrolment_id).order_by("scheduled_start", "pk"))


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


def enrolment_busy_between(
    *, enrolment_id: int, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The student's booked sessions in a window, as (start, end) pairs."""
    rows = (
        MentoringSession.objects.filter(
            enrolment_id=enrolment_id,
            scheduled_start__gte=start - timedelta(hours=4),
            scheduled_start__lt=end,
        )
        .exclude(status=MentoringSession.Status.CANCELLED)
        .values_list("scheduled_start", "duration")
    )
    return [(s, s + d) for s, d in rows]


def validating_mentors(*, own_mentor_id: int | None) -> QuerySet:
    """TRN-1 b: the mentors a student may present to — every mentor with availability but their own."""
    ids = MentorAvailability.objects.exclude(mentor_id=own_mentor_id).values("mentor_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name")


def mentor_absences_between(
    *, mentor_id: int, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The mentor's absences that overlap a window, as (start, end) pairs."""
    rows = MentorAbsence.objects.filter(mentor_id=mentor_id, starts_at__lt=end, ends_at__gt=start)
    return list(rows.values_list("starts_at", "ends_at"))


def mentor_absences_ahead(*, mentor_ids, now: datetime) -> list[MentorAbsence]:
    """The absences of these mentors not over yet, in one query."""
    return list(MentorAbsence.objects.filter(mentor_id__in=list(mentor_ids), ends_at__gt=now))


def mentor_absences_to_come(*, mentor, now: datetime) -> list[MentorAbsence]:
    return list(MentorAbsence.objects.filter(mentor=mentor, ends_at__gt=now).order_by("starts_at"))


def mentor_availability(*, mentor_id: int) -> list[MentorAvailability]:
    return list(MentorAvailability.objects.filter(mentor_id=mentor_id).order_by("weekday", "starts_at"))


def attendance_counts(*, enrolment_id: int, start: date, end: date) -> dict[str, int]:
    """Sessions per outcome for a period (monitoring reports, TRN-2), in one query."""
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


def sessions_for_calendar(*, user, since: datetime, until: datetime) -> QuerySet[MentoringSession]:
    """The sessions `user` mentors or attends as a student, in one query."""
    return _with_people(
        MentoringSession.objects.filter(
            Q(mentor=user) | Q(enrolment__student=user), scheduled_start__gte=since, scheduled_start__lt=until
        )
    ).order_by("scheduled_start")


def reports_for_mentor(*, mentor, limit: int = 20) -> list[MonitoringReport]:
    """The mentor's latest reports, with only what *My week* lists of them."""
    return list(
        MonitoringReport.objects.filter(mentor=mentor)
        .select_related("enrolment__student")
        .only(
            "period_start",
            "period_end",
            "sessions_attended",
            "sessions_unauthorised",
            "enrolment__student__first_name",
            "enrolment__student__last_name",
            "enrolment__student__email",
        )
        .order_by("-period_end")[:limit]
    )


def slots_by_enrolment(*, enrolment_ids) -> dict[int, WeeklySlot]:
    """The agreed weekly slots of these enrolments, in one query."""
    slots = WeeklySlot.objects.filter(enrolment_id__in=list(enrolment_ids))
    return {slot.enrolment_id: slot for slot in slots}


def student_joins_by_session(*, session_ids) -> dict[int, list[datetime]]:
    """The student's joins the video tool reported, per session, in one query."""
    joins: dict[int, list[datetime]] = {}
    rows = ToolEvent.objects.filter(
        session_id__in=list(session_ids), participant_email__iexact=F("session__enrolment__student__email")
    ).values_list("session_id", "joined_at")
    for session_id, joined_at in rows:
        joins.setdefault(session_id, []).append(joined_at)
    return joins


def with_tool_evidence(sessions, *, now: datetime) -> list[MentoringSession]:
    """Each session with ``tool`` (what the video tool says of the student, ATT-4) and ``tool_words``
    ("joined 16 min late"), from one query whatever the number of sessions."""
    sessions = list(sessions)
    reported = [s.pk for s in sessions if s.tool_reported_at]
    # None reported (most pages): not even a query to build.
    joins = student_joins_by_session(session_ids=reported) if reported else {}
    for s in sessions:
        s.tool = rules.tool_evidence(
            student_joins=joins.get(s.pk, []),
            reported=s.tool_reported_at is not None,
            scheduled_start=s.scheduled_start,
            scheduled_end=s.scheduled_end,
            now=now,
        )
        s.tool_words = rules.tool_evidence_in_words(s.tool, s.scheduled_start)
    return sessions


def session_for_meeting(*, link: str, at: datetime, email: str) -> MentoringSession | None:
    """The session held on a meeting link on the day of ``at`` (school time) that ``email`` takes part in
    (its student or its mentor), not cancelled; the nearest in time when a mentor uses one room all day."""
    day = timezone.localtime(at).date()
    tz = timezone.get_current_timezone()
    candidates = MentoringSession.objects.select_related("enrolment__student", "mentor").filter(
        Q(enrolment__student__email__iexact=email) | Q(mentor__email__iexact=email),
        ~Q(status=MentoringSession.Status.CANCELLED),
        video_link=link,
        scheduled_start__gte=datetime.combine(day, time.min, tzinfo=tz),
        scheduled_start__lt=datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz),
    )
    return min(candidates, key=lambda s: abs((s.scheduled_start - at).total_seconds()), default=None)


def sessions_reported_by_tool_unlogged(*, cutoff: datetime) -> QuerySet[MentoringSession]:
    """Sessions the video tool reported on, still not logged, that ended at or before ``cutoff``."""
    return _ended_before(cutoff).filter(tool_reported_at__isnull=False)


def session_mentor_ids_of_student(*, student_id: int) -> set[int]:
    """Every mentor who held (or was to hold) a session with the student, replacements included."""
    rows = MentoringSession.objects.filter(enrolment__student_id=student_id).values_list(
        "mentor_id", flat=True
    )
    return set(rows.distinct())


# --- The student's copy of their data (core.exports) -----------------------------------------------------


def sessions_of_student(*, student) -> list[MentoringSession]:
    """Every session of every enrolment of the student, with its notice, exceptional authorisation and
    follow-up, and the video tool's record of the student's own joins (``student_joins``): two queries."""
    joins = ToolEvent.objects.filter(participant_email__iexact=student.email).order_by("joined_at", "pk")
    return list(
        MentoringSession.objects.filter(enrolment__student=student)
        .select_related("mentor", "notice", "exceptional", "follow_up")
        .prefetch_related(Prefetch("tool_events", queryset=joins, to_attr="student_joins"))
        .order_by("scheduled_start", "pk")
    )


def reports_of_student(*, student) -> list[MonitoringReport]:
    return list(
        MonitoringReport.objects.filter(enrolment__student=student)
        .select_related("mentor")
        .order_by("period_start", "pk")
    )


def slots_of_student(*, student) -> list[WeeklySlot]:
    return list(WeeklySlot.objects.filter(enrolment__student=student).order_by("enrolment_id"))
