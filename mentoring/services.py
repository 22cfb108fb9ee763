"""Every write on mentoring sessions. The rules decide (``rules.py``); these functions apply them.

Classification runs on every log, notice, authorisation and correction (event-driven), and
``attendance_sweep`` catches what events missed (Celery beat, every 15 minutes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q
from django.utils import timezone
from simple_history.utils import update_change_reason

from discipline import services as discipline_services
from openclassrooms.core.services import email_enqueue, email_enqueue_many
from students.models import Enrolment

from . import rules, selectors
from .models import AbsenceFollowUp, AbsenceNotice, ExceptionalAuthorisation, MentoringSession

Session = MentoringSession


class AttendanceError(Exception):
    """Bad input: the message is shown to the person as it is, and nothing changed."""


# --- Classification ---------------------------------------------------------------------------


def session_facts(session: Session) -> rules.SessionFacts:
    notice = getattr(session, "notice", None) if _has(session, "notice") else None
    return rules.SessionFacts(
        scheduled_start=session.scheduled_start,
        attendance=rules.Attendance(session.attendance) if session.attendance else None,
        joined_at=session.joined_at,
        notice_given_at=notice.given_at if notice else None,
        notice_kind=rules.NoticeKind(notice.kind) if notice else None,
        exceptional=_has(session, "exceptional"),
        administratively_cancelled=session.outcome == Session.Outcome.ADMINISTRATIVE,
    )


def _has(session: Session, relation: str) -> bool:
    try:
        getattr(session, relation)
    except (AbsenceNotice.DoesNotExist, ExceptionalAuthorisation.DoesNotExist):
        return False
    return True


def _apply(session: Session, *, now: datetime) -> rules.Classification:
    """Run the rules on one session, save the outcome, and start or stop the ATT-5 follow-up."""
    result = rules.classify(session_facts(session))
    session.outcome = result.outcome.value
    session.absence_reason = result.reason.value
    session.rule = result.rule
    session.explanation = result.explanation
    if session.attendance == Session.Attendance.MENTOR_CANCELLED:
        session.status = Session.Status.CANCELLED
    elif session.attendance:
        session.status = Session.Status.LOGGED
    elif _has(session, "notice") or result.outcome == rules.Outcome.EXCUSED:
        session.status = Session.Status.CANCELLED
    session.save()
    if result.outcome == rules.Outcome.UNAUTHORISED:
        _follow_up_start(session, now=now)
    else:
        # No longer an unauthorised absence: nothing is asked any more (the history keeps the follow-up).
        for follow_up in AbsenceFollowUp.objects.filter(session=session):
            follow_up.delete()
    return result


def _follow_up_start(session: Session, *, now: datetime) -> None:
    """ATT-5: ask the student for their reasons and a new booking, once."""
    follow_up, created = AbsenceFollowUp.objects.get_or_create(
        session=session, defaults={"due_at": rules.follow_up_due_at(session.scheduled_start)}
    )
    if created and now < follow_up.due_at:
        follow_up.student_asked_at = now
        follow_up.save(update_fields=["student_asked_at"])
        student = session.enrolment.student
        email_enqueue(
            key=f"att5-ask:{session.pk}",
            to=[student.email],
            template="mentoring/email/att5_ask",
            context={
                "session": session,
                "student": student,
                "follow_up": follow_up,
                "explanation": rules.classify(session_facts(session)).explanation,
                "site_url": settings.SITE_URL,
            },
        )


def _lock(session_id: int) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("enrolment__student", "enrolment__mentor", "mentor")
        .get(pk=session_id)
    )


def _ensure_enrolment_active(session: Session) -> None:
    if session.enrolment.status == Enrolment.Status.SUSPENDED:
        raise AttendanceError(
            "This student's training is suspended: their sessions cannot be logged or booked."
        )
    if session.enrolment.status != Enrolment.Status.ACTIVE:
        raise AttendanceError(
            f"This student's training has ended ({session.enrolment.get_status_display().lower()}): "
            "their sessions cannot be logged or booked."
        )


# --- Mentors log ------------------------------------------------------------------------------


@transaction.atomic
def session_log_attendance(
    *,
    session_id: int,
    mentor,
    attendance: str,
    joined_at: datetime | None = None,
    notes: str = "",
    now: datetime | None = None,
) -> rules.Classification:
    """A mentor logs what happened; the outcome and its rule come back at once."""
    now = now or timezone.now()
    session = _lock(session_id)
    if session.mentor_id != mentor.pk and session.enrolment.mentor_id != mentor.pk:
        raise AttendanceError("You are not this student's mentor: only their mentor logs their sessions.")
    _ensure_enrolment_active(session)
    if attendance not in Session.Attendance.values:
        raise AttendanceError(
            "Choose what happened: attended, student no-show, you cancelled, or you were absent."
        )
    if (
        session.status == Session.Status.CANCELLED
        and session.attendance != Session.Attendance.MENTOR_CANCELLED
    ):
        raise AttendanceError(
            "This session was cancelled after the student's notice; there is nothing to log."
        )
    if session.attendance and session.logged_at:
        raise AttendanceError(
            "This session is already logged. Ask Student Success to correct it, with a reason."
        )
    if attendance != Session.Attendance.MENTOR_CANCELLED and now < session.scheduled_start:
        raise AttendanceError("This session has not started yet: log it once it has taken place.")
    if joined_at is not None:
        if attendance != Session.Attendance.ATTENDED:
            raise AttendanceError("A join time only goes with “attended”.")
        problem = rules.join_time_problem(joined_at=joined_at, scheduled_start=session.scheduled_start)
        if problem:
            raise AttendanceError(problem)
    session.attendance = attendance
    session.joined_at = joined_at
    session.notes = notes or session.notes
    session.logged_by = mentor
    session.logged_at = now
    result = _apply(session, now=now)
    attendance_reconcile(enrolment_id=session.enrolment_id, now=now)
    return result


@transaction.atomic
def session_correct(
    *,
    session_id: int,
    by,
    reason: str,
    attendance: str,
    joined_at: datetime | None = None,
    now: datetime | None = None,
) -> rules.Classification:
    """Student Success corrects a mis-logged session, with a reason kept in its history; the rules re-run."""
    now = now or timezone.now()
    if not reason.strip():
        raise AttendanceError("Say why the session is corrected: the reason is kept in its history.")
    session = _lock(session_id)
    if attendance not in Session.Attendance.values:
        raise AttendanceError(
            "Choose what happened: attended, student no-show, mentor cancelled or mentor absent."
        )
    if joined_at is not None:
        problem = rules.join_time_problem(joined_at=joined_at, scheduled_start=session.scheduled_start)
        if problem:
            raise AttendanceError(problem)
    session.attendance = attendance
    session.joined_at = joined_at if attendance == Session.Attendance.ATTENDED else None
    session.logged_by = by
    session.logged_at = now
    session._change_reason = f"Correction: {reason}"
    result = _apply(session, now=now)
    update_change_reason(session, f"Correction: {reason}")
    attendance_reconcile(enrolment_id=session.enrolment_id, now=now, correction=reason, by=by)
    return result


# --- Students give notice ---------------------------------------------------------------------


@transaction.atomic
def notice_give(
    *,
    session_id: int,
    student,
    reason: str,
    kind: str = AbsenceNotice.Kind.ABSENCE,
    now: datetime | None = None,
) -> rules.Classification:
    """ATT-2..ATT-4: the server's clock decides whether the notice came in time."""
    now = now or timezone.now()
    session = _lock(session_id)
    if session.enrolment.student_id != student.pk:
        raise AttendanceError("This is not one of your sessions.")
    _ensure_enrolment_active(session)
    if _has(session, "notice"):
        raise AttendanceError("You have already given notice for this session.")
    if not rules.can_give_notice(now=now, scheduled_start=session.scheduled_start):
        raise AttendanceError("This session has already started: it is too late to give notice.")
    if session.status != Session.Status.SCHEDULED:
        raise AttendanceError("This session is no longer scheduled.")
    if not reason.strip():
        raise AttendanceError("Give a reason for your absence: the policy asks for one (ATT-2).")
    if kind not in AbsenceNotice.Kind.values:
        raise AttendanceError("Unknown kind of notice.")
    session.notice = AbsenceNotice.objects.create(
        session=session, kind=kind, reason=reason.strip(), given_at=now, given_by=student
    )
    result = _apply(session, now=now)
    if session.enrolment.mentor_id:
        email_enqueue(
            key=f"notice:{session.pk}",
            to=[session.enrolment.mentor.email],
            template="mentoring/email/notice_to_mentor",
            context={"session": session, "student": student, "reason": reason, "result": result},
        )
    attendance_reconcile(enrolment_id=session.enrolment_id, now=now)
    return result


@transaction.atomic
def exceptional_authorise(
    *, session_id: int, by, reason: str, proof=None, now: datetime | None = None
) -> rules.Classification:
    """ATT-3: Student Success authorises exceptional circumstances; the absence becomes excused."""
    now = now or timezone.now()
    if not reason.strip():
        raise AttendanceError("Describe the exceptional circumstances.")
    session = _lock(session_id)
    if _has(session, "exceptional"):
        raise AttendanceError("Exceptional circumstances are already authorised for this session.")
    ExceptionalAuthorisation.objects.create(
        session=session, reason=reason, proof=proof, authorised_by=by, authorised_at=now
    )
    session = _lock(session_id)
    result = _apply(session, now=now)
    attendance_reconcile(
        enrolment_id=session.enrolment_id,
        now=now,
        correction="exceptional circumstances authorised by Student Success",
        by=by,
    )
    return result


# --- Replacement sessions (ATT-2, ATT-3) and the 48-hour follow-up (ATT-5) -----------------------


def replacement_slots(*, session: Session, now: datetime) -> list[datetime]:
    """Free slots in the mentor's availability, in the missed session's week or the next (ATT-2)."""
    first, last = rules.replacement_window(timezone.localtime(session.scheduled_start).date())
    tz = timezone.get_current_timezone()
    busy = selectors.mentor_busy_between(
        mentor_id=session.mentor_id,
        start=datetime.combine(first, datetime.min.time(), tzinfo=tz),
        end=datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz),
    )
    slots = []
    for availability in selectors.mentor_availability(mentor_id=session.mentor_id):
        day = first + timedelta(days=(availability.weekday - first.weekday()) % 7)
        while day <= last:
            start = datetime.combine(day, availability.starts_at, tzinfo=tz)
            end_of_slot = datetime.combine(day, availability.ends_at, tzinfo=tz)
            while start + session.duration <= end_of_slot:
                clash = any(b < start + session.duration and start < e for b, e in busy)
                if start > now + timedelta(hours=1) and not clash:
                    slots.append(start)
                start += session.duration + timedelta(minutes=15)
            day += timedelta(days=7)
    return sorted(slots)


@transaction.atomic
def session_book_replacement(
    *, session_id: int, student, start: datetime, now: datetime | None = None
) -> Session:
    """Book a replacement for a postponed, excused or missed session; two in one week is allowed (ATT-2)."""
    now = now or timezone.now()
    original = _lock(session_id)
    if original.enrolment.student_id != student.pk:
        raise AttendanceError("This is not one of your sessions.")
    _ensure_enrolment_active(original)
    if original.outcome not in (
        Session.Outcome.POSTPONED,
        Session.Outcome.EXCUSED,
        Session.Outcome.UNAUTHORISED,
    ):
        raise AttendanceError("Only a postponed, excused or missed session is replaced.")
    if original.replacements.exclude(status=Session.Status.CANCELLED).exists():
        raise AttendanceError("A replacement is already booked for this session.")
    if start not in replacement_slots(session=original, now=now):
        raise AttendanceError("That slot is no longer free: choose another one.")
    replacement = Session.objects.create(
        enrolment=original.enrolment,
        mentor=original.mentor,
        scheduled_start=start,
        duration=original.duration,
        mode=original.mode,
        video_link=original.video_link,
        replaces=original,
    )
    AbsenceFollowUp.objects.filter(session=original, rebooked_session__isnull=True).update(
        rebooked_session=replacement
    )
    return replacement


@transaction.atomic
def follow_up_give_reasons(
    *, session_id: int, student, reasons: str, now: datetime | None = None
) -> AbsenceFollowUp:
    """ATT-5: the student's reasons, e-mailed to the mentor."""
    now = now or timezone.now()
    session = _lock(session_id)
    if session.enrolment.student_id != student.pk:
        raise AttendanceError("This is not one of your sessions.")
    if not reasons.strip():
        raise AttendanceError("Write your reasons: your mentor receives them by e-mail.")
    try:
        follow_up = AbsenceFollowUp.objects.select_for_update().get(session=session)
    except AbsenceFollowUp.DoesNotExist as exc:
        raise AttendanceError("No reasons are asked for this session.") from exc
    if follow_up.reasons_given_at:
        raise AttendanceError("You have already sent your reasons for this absence.")
    follow_up.reasons = reasons.strip()
    follow_up.reasons_given_at = now
    follow_up.save(update_fields=["reasons", "reasons_given_at"])
    if session.enrolment.mentor_id:
        email_enqueue(
            key=f"att5-reasons:{session.pk}",
            to=[session.enrolment.mentor.email],
            template="mentoring/email/att5_reasons",
            context={"session": session, "student": student, "reasons": follow_up.reasons},
        )
    return follow_up


# --- ATT-6: runs of unauthorised absences -----------------------------------------------------


def attendance_reconcile(
    *, enrolment_id: int, now: datetime, correction: str = "", by=None
) -> tuple[list[int], list[int]]:
    """Open one case per run of three (ATT-6); withdraw a case a correction broke before the Board met.

    The enrolment row is locked, so an event and an overlapping sweep never both open the same case.
    Returns (opened case ids, withdrawn case ids).
    """
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("student", "mentor")
            .get(pk=enrolment_id)
        )
        sessions = list(Session.objects.filter(enrolment_id=enrolment_id).order_by("scheduled_start", "pk"))
        items = [rules.RunItem(s.pk, rules.Outcome(s.outcome)) for s in sessions]
        withdrawn, referred = [], set()
        for case in discipline_services.attendance_cases_open(enrolment_id=enrolment_id):
            ids = {e.session_id for e in case.evidence.all() if e.session_id}
            if rules.att6_case_still_stands(items, ids):
                referred |= ids
            elif discipline_services.case_can_be_withdrawn(case=case):
                discipline_services.case_withdraw(
                    case=case,
                    by=by,
                    at=now,
                    reason=f"The run of three unauthorised absences no longer stands after a correction"
                    f"{': ' + correction if correction else ''} (ATT-6).",
                )
                withdrawn.append(case.pk)
            else:
                referred |= ids
        by_id = {s.pk: s for s in sessions}
        opened = []
        for run in rules.att6_referrals(items, referred):
            case = discipline_services.case_open_for_attendance(
                enrolment=enrolment, sessions=[by_id[pk] for pk in run], now=now
            )
            opened.append(case.pk)
        return opened, withdrawn


# --- The sweep --------------------------------------------------------------------------------


@dataclass
class SweepReport:
    reminded_sessions: int = 0
    flagged_follow_ups: int = 0
    asked_follow_ups: int = 0
    candidate_enrolments: int = 0
    cases_opened: list[int] = field(default_factory=list)


def attendance_sweep(*, now: datetime | None = None, batch: int = 5000) -> SweepReport:
    """What events missed, set-based: log reminders, ATT-5 requests and deadlines, ATT-6 runs."""
    now = now or timezone.now()
    report = SweepReport()
    report.reminded_sessions = _sweep_log_reminders(now=now, batch=batch)
    report.asked_follow_ups = _sweep_missing_follow_ups(now=now, batch=batch)
    report.flagged_follow_ups = _sweep_overdue_follow_ups(now=now, batch=batch)
    candidates = selectors.enrolments_with_unreferred_runs(run_length=rules.REFERRAL_RUN_LENGTH)
    report.candidate_enrolments = len(candidates)
    for enrolment_id in candidates:
        opened, _ = attendance_reconcile(enrolment_id=enrolment_id, now=now)
        report.cases_opened += opened
    return report


def _skip_locked(qs):
    return (
        qs.select_for_update(skip_locked=True, of=("self",))
        if connection.features.has_select_for_update_skip_locked
        else qs
    )


@transaction.atomic
def _sweep_log_reminders(*, now: datetime, batch: int) -> int:
    """Sessions still not logged two hours after their end: one reminder per mentor, once per session."""
    ends = ExpressionWrapper(F("scheduled_start") + F("duration"), output_field=DateTimeField())
    due = (
        Session.objects.annotate(ends_at=ends)
        .filter(
            status=Session.Status.SCHEDULED,
            enrolment__status=Enrolment.Status.ACTIVE,
            mentor_reminded_at__isnull=True,
            ends_at__lte=now - rules.LOG_REMINDER_AFTER,
        )
        .order_by("pk")
    )
    rows = list(_skip_locked(due).values_list("pk", "mentor_id", "mentor__email", "scheduled_start")[:batch])
    if not rows:
        return 0
    Session.objects.filter(pk__in=[r[0] for r in rows]).update(mentor_reminded_at=now)
    by_mentor: dict[tuple[int, str], list] = {}
    for pk, mentor_id, email, start in rows:
        by_mentor.setdefault((mentor_id, email), []).append((pk, start))
    email_enqueue_many(
        [
            (
                f"log-reminder:{mentor_id}:{sessions[0][0]}:{len(sessions)}",
                [email],
                "mentoring/email/log_reminder",
                {"starts": [s for _, s in sessions], "site_url": settings.SITE_URL},
            )
            for (mentor_id, email), sessions in by_mentor.items()
        ]
    )
    return len(rows)


@transaction.atomic
def _sweep_missing_follow_ups(*, now: datetime, batch: int) -> int:
    """Unauthorised absences whose 48 hours are still running but whose follow-up an event missed."""
    missing = Session.objects.filter(
        outcome=Session.Outcome.UNAUTHORISED,
        follow_up__isnull=True,
        scheduled_start__gt=now - rules.FOLLOW_UP_WINDOW,
    ).order_by("pk")
    rows = list(missing.values_list("pk", "scheduled_start", "enrolment__student__email")[:batch])
    if not rows:
        return 0
    AbsenceFollowUp.objects.bulk_create(
        [
            AbsenceFollowUp(session_id=pk, due_at=rules.follow_up_due_at(start), student_asked_at=now)
            for pk, start, _ in rows
        ],
        ignore_conflicts=True,
    )
    email_enqueue_many(
        [
            (
                f"att5-ask:{pk}",
                [email],
                "mentoring/email/att5_ask_short",
                {"start": start, "due_at": rules.follow_up_due_at(start), "site_url": settings.SITE_URL},
            )
            for pk, start, email in rows
        ]
    )
    return len(rows)


@transaction.atomic
def _sweep_overdue_follow_ups(*, now: datetime, batch: int) -> int:
    """ATT-5: 48 hours passed without reasons and a booking: flag it, tell the mentor and Student Success."""
    overdue = (
        AbsenceFollowUp.objects.filter(due_at__lt=now, flagged_at__isnull=True)
        .filter(Q(reasons_given_at__isnull=True) | Q(rebooked_session__isnull=True))
        .order_by("pk")
    )
    rows = list(
        _skip_locked(overdue).values_list(
            "pk",
            "session__scheduled_start",
            "session__enrolment__student__first_name",
            "session__enrolment__student__last_name",
            "session__enrolment__mentor__email",
            "reasons_given_at",
            "rebooked_session_id",
        )[:batch]
    )
    if not rows:
        return 0
    AbsenceFollowUp.objects.filter(pk__in=[r[0] for r in rows]).update(flagged_at=now)
    email_enqueue_many(
        [
            (
                f"att5-flag:{pk}",
                [e for e in (mentor_email, settings.STUDENT_SUCCESS_EMAIL) if e],
                "mentoring/email/att5_flag",
                {
                    "start": start,
                    "student": f"{first} {last}",
                    "reasons_given": bool(reasons_at),
                    "rebooked": bool(rebooked),
                },
            )
            for pk, start, first, last, mentor_email, reasons_at, rebooked in rows
        ]
    )
    return len(rows)


def attendance_reconcile_now(*, enrolment_id: int) -> tuple[list[int], list[int]]:
    return attendance_reconcile(enrolment_id=enrolment_id, now=timezone.now())


@transaction.atomic
def monitoring_report_create(
    *,
    enrolment,
    mentor,
    period_start,
    period_end,
    progress: str,
    attendance_comment: str = "",
    submit: bool = True,
    now: datetime | None = None,
):
    """A mentor's report on progress and attendance; figures for the period come from the sessions (TRN-2)."""
    from .models import MonitoringReport

    now = now or timezone.now()
    if enrolment.mentor_id != mentor.pk:
        raise AttendanceError("You are not this student's mentor.")
    counts = selectors.attendance_counts(enrolment_id=enrolment.pk, start=period_start, end=period_end)
    return MonitoringReport.objects.create(
        enrolment=enrolment,
        mentor=mentor,
        period_start=period_start,
        period_end=period_end,
        progress=progress,
        attendance_comment=attendance_comment,
        sessions_attended=counts.get(Session.Outcome.ATTENDED, 0),
        sessions_postponed=counts.get(Session.Outcome.POSTPONED, 0),
        sessions_excused=counts.get(Session.Outcome.EXCUSED, 0),
        sessions_unauthorised=counts.get(Session.Outcome.UNAUTHORISED, 0),
        status=MonitoringReport.Status.SUBMITTED if submit else MonitoringReport.Status.DRAFT,
        submitted_at=now if submit else None,
    )


@transaction.atomic
def sessions_cancel_administratively(*, enrolment_id: int, start, end, reason: str) -> int:
    """Cancel the sessions of a suspension (SUS-4, DIS-7) or after an exclusion: they never count against
    the student (one bulk UPDATE; the rule and explanation say why). ``end`` None means every later one."""
    tz = timezone.get_current_timezone()
    sessions = Session.objects.filter(
        enrolment_id=enrolment_id,
        status=Session.Status.SCHEDULED,
        scheduled_start__gte=datetime.combine(start, datetime.min.time(), tzinfo=tz),
    )
    if end is not None:
        sessions = sessions.filter(scheduled_start__lt=datetime.combine(end, datetime.min.time(), tzinfo=tz))
    return sessions.update(
        status=Session.Status.CANCELLED,
        outcome=Session.Outcome.ADMINISTRATIVE,
        absence_reason="",
        rule="DIS-7" if "DIS-7" in reason else "SUS-4",
        explanation=f"Cancelled: {reason}. Not counted against you.",
    )
