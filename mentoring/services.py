"""Every write on mentoring sessions. The rules decide (``rules.py``); these functions apply them.

Classification runs on every log, notice, authorisation and correction (event-driven), and tells the apps
above through ``signals.session_outcome_changed`` (discipline refers runs of absences, ATT-6);
``attendance_sweep`` catches what events missed (Celery beat, every 15 minutes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from openclassrooms.core import retention
from openclassrooms.core import selectors as core_selectors
from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.retention import Purged
from openclassrooms.core.services import (
    email_enqueue,
    email_enqueue_many,
    event_emit,
    records_delete,
    records_erase,
)
from openclassrooms.core.workflows import history_note, transition, transition_many
from projects import rules as project_rules
from projects import selectors as project_selectors
from projects import services as project_services
from students import selectors as student_selectors
from students.models import Enrolment

from . import rules, selectors, signals
from .models import (
    AbsenceFollowUp,
    AbsenceNotice,
    ExceptionalAuthorisation,
    MentorAbsence,
    MentorAvailability,
    MentoringSession,
    MonitoringReport,
    ToolEvent,
    WeeklySlot,
)

Session = MentoringSession

# What a classification writes on the session, beside its status.
CLASSIFIED_FIELDS = [
    "attendance",
    "joined_at",
    "notes",
    "logged_by",
    "logged_at",
    "outcome",
    "absence_reason",
    "rule",
    "explanation",
]


class AttendanceError(PolicyError):
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
        holiday=session.outcome == Session.Outcome.HOLIDAY,
    )


def _has(session: Session, relation: str) -> bool:
    try:
        getattr(session, relation)
    except (AbsenceNotice.DoesNotExist, ExceptionalAuthorisation.DoesNotExist):
        return False
    return True


def session_classify(session: Session) -> tuple[str, rules.Classification]:
    """What the rules make of a session as it stands (nothing saved): the status it moves to — logged by
    the mentor, cancelled, or still scheduled — and the classification with its rule and explanation.
    Sets the classification's fields on ``session``."""
    facts = session_facts(session)
    result = rules.classify(facts)  # in the caller's words: what the person who acts is told
    session.outcome = result.outcome.value
    session.absence_reason = result.reason.value
    session.rule = result.rule
    # The explanation kept on the session is read by its student (their pages, their ATT-5 e-mail): it is in
    # the student's language, whoever logs the session.
    with translation.override(session.enrolment.student.language or settings.LANGUAGE_CODE):
        session.explanation = rules.classify(facts).explanation
    if session.attendance == Session.Attendance.MENTOR_CANCELLED:
        status = Session.Status.CANCELLED
    elif session.attendance:
        status = Session.Status.LOGGED
    elif _has(session, "notice") or result.outcome == rules.Outcome.EXCUSED:
        status = Session.Status.CANCELLED
    else:
        status = session.status
    return status, result


def explanation_for_reader(session: Session):
    """The rules' explanation of ``session`` in the language of whoever reads it: the facts are read now,
    the words when the e-mail or page is rendered (an e-mail to the mentor is in the mentor's language, not
    in the student's, in which ``session.explanation`` is kept)."""
    facts = session_facts(session)
    return lazy(lambda: rules.classify(facts).explanation, str)()


def _apply(session: Session, *, now: datetime, by=None, reason: str = "") -> rules.Classification:
    """Run the rules on one session, save the outcome with its history, start or stop the ATT-5 follow-up."""
    status, result = session_classify(session)
    note = reason or result.explanation
    if status != session.status:
        transition(session, status, by=by, at=now, reason=note, also=CLASSIFIED_FIELDS)
    else:
        history_note(session, by=by, at=now, reason=note)
        session.save(update_fields=CLASSIFIED_FIELDS)
    if result.outcome == rules.Outcome.UNAUTHORISED:
        _follow_up_start(session, now=now)
    else:
        # No longer an unauthorised absence: nothing is asked any more (the history keeps the follow-up).
        for follow_up in AbsenceFollowUp.objects.filter(session=session):
            history_note(
                follow_up,
                by=by,
                reason=_("No longer an unauthorised absence: %(explanation)s")
                % {"explanation": result.explanation},
            )
            follow_up.delete()
    return result


def _outcome_changed(session: Session, *, now: datetime, by=None, correction: str = "") -> None:
    """Tell the apps above (ATT-6 referrals live in discipline)."""
    event_emit(
        signals.session_outcome_changed,
        enrolment_id=session.enrolment_id,
        at=now,
        by_id=by.pk if by is not None else None,
        correction=correction,
    )


def _follow_up_start(session: Session, *, now: datetime) -> None:
    """ATT-5: ask the student for their reasons and a new booking, once."""
    follow_up, created = AbsenceFollowUp.objects.get_or_create(
        session=session, defaults={"due_at": rules.follow_up_due_at(session.scheduled_start)}
    )
    if created and now < follow_up.due_at:
        follow_up.student_asked_at = now
        history_note(follow_up, at=now, reason=_("Reasons and a new booking asked for (ATT-5)."))
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
                "explanation": session.explanation,
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
            _("This student's training is suspended: their sessions cannot be logged or booked.")
        )
    if session.enrolment.status != Enrolment.Status.ACTIVE:
        raise AttendanceError(
            _("This student's training has ended (%(status)s): their sessions cannot be logged or booked.")
            % {"status": session.enrolment.get_status_display().lower()}
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
    reason: str = "",
    now: datetime | None = None,
) -> rules.Classification:
    """A mentor logs what happened; the outcome and its rule come back at once. Where the video tool
    reported otherwise (ATT-4 with evidence), the mentor gives the reason for the correction."""
    now = now or timezone.now()
    session = _lock(session_id)
    if session.mentor_id != mentor.pk and session.enrolment.mentor_id != mentor.pk:
        raise AttendanceError(_("You are not this student's mentor: only their mentor logs their sessions."))
    _ensure_enrolment_active(session)
    if attendance not in Session.Attendance.values:
        raise AttendanceError(
            _("Choose what happened: attended, student no-show, you cancelled, or you were absent.")
        )
    if (
        session.status == Session.Status.CANCELLED
        and session.attendance != Session.Attendance.MENTOR_CANCELLED
    ):
        raise AttendanceError(
            _("This session was cancelled after the student's notice; there is nothing to log.")
        )
    if session.attendance and session.logged_at:
        raise AttendanceError(
            _("This session is already logged. Ask Student Success to correct it, with a reason.")
        )
    if attendance != Session.Attendance.MENTOR_CANCELLED and now < session.scheduled_start:
        raise AttendanceError(_("This session has not started yet: log it once it has taken place."))
    if joined_at is not None:
        if attendance != Session.Attendance.ATTENDED:
            raise AttendanceError(_("A join time only goes with “attended”."))
        problem = rules.join_time_problem(joined_at=joined_at, scheduled_start=session.scheduled_start)
        if problem:
            raise AttendanceError(problem)
    contradiction = _tool_contradiction(session, attendance=attendance, joined_at=joined_at, now=now)
    if contradiction and not reason.strip():
        raise AttendanceError(
            _("%(contradiction)s: confirm it, or give the reason for your correction.")
            % {"contradiction": contradiction}
        )
    session.attendance = attendance
    session.joined_at = joined_at
    session.notes = notes or session.notes
    session.logged_by = mentor
    session.logged_at = now
    note = (
        _("Correction of the video tool (%(contradiction)s): %(reason)s")
        % {"contradiction": contradiction.lower(), "reason": reason.strip()}
        if contradiction
        else ""
    )
    result = _apply(session, now=now, by=mentor, reason=note)
    _outcome_changed(session, now=now, by=mentor)
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
        raise AttendanceError(_("Say why the session is corrected: the reason is kept in its history."))
    session = _lock(session_id)
    if attendance not in Session.Attendance.values:
        raise AttendanceError(
            _("Choose what happened: attended, student no-show, mentor cancelled or mentor absent.")
        )
    if session.outcome == Session.Outcome.ADMINISTRATIVE:
        raise AttendanceError(
            _("This session was cancelled by a suspension or the end of the training: nothing to correct.")
        )
    if joined_at is not None:
        problem = rules.join_time_problem(joined_at=joined_at, scheduled_start=session.scheduled_start)
        if problem:
            raise AttendanceError(problem)
    session.attendance = attendance
    session.joined_at = joined_at if attendance == Session.Attendance.ATTENDED else None
    session.logged_by = by
    session.logged_at = now
    result = _apply(session, now=now, by=by, reason=_("Correction: %(reason)s") % {"reason": reason.strip()})
    _outcome_changed(session, now=now, by=by, correction=reason.strip())
    return result


@transaction.atomic
def session_update_details(*, session_id: int, by, video_link: str, notes: str, recorded: bool) -> Session:
    """What Student Success may change on a session without touching its outcome: the link, the notes,
    and whether it was recorded for internal quality review (REC-1: only with the student's consent)."""
    session = _lock(session_id)
    if recorded and not session.enrolment.recording_consent:
        raise AttendanceError(_("The student did not consent to recordings at enrolment (REC-1)."))
    session.video_link, session.notes, session.recorded = video_link, notes, recorded
    history_note(session, by=by, reason=_("Details updated."))
    session.save(update_fields=["video_link", "notes", "recorded"])
    return session


@transaction.atomic
def session_schedule(
    *,
    enrolment,
    mentor,
    start: datetime,
    duration: timedelta = timedelta(minutes=45),
    video_link: str = "",
    by=None,
    now: datetime | None = None,
) -> Session:
    """Plan one weekly session of a current training (audio only under an accepted ACC-1 accommodation)."""
    now = now or timezone.now()
    if enrolment.status not in Enrolment.CURRENT_STATUSES:
        raise AttendanceError(_("This training has ended: no session can be planned."))
    problem = rules.session_duration_problem(duration) or rules.session_date_problem(
        day=timezone.localdate(start),
        training_starts_on=enrolment.start_date,
        training_ends_on=enrolment.planned_end_date,
    )
    if problem:
        raise AttendanceError(problem)
    session = Session(
        enrolment=enrolment,
        mentor=mentor,
        scheduled_start=start,
        duration=duration,
        mode=(
            Session.Mode.AUDIO
            if student_selectors.enrolment_audio_only(enrolment_id=enrolment.pk)
            else Session.Mode.VIDEO
        ),
        video_link=video_link,
    )
    history_note(session, by=by, at=now, reason=_("Planned."))
    session.save()
    return session


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
        raise AttendanceError(_("This is not one of your sessions."))
    _ensure_enrolment_active(session)
    if _has(session, "notice"):
        raise AttendanceError(_("You have already given notice for this session."))
    if not rules.can_give_notice(now=now, scheduled_start=session.scheduled_start):
        raise AttendanceError(_("This session has already started: it is too late to give notice."))
    if session.status != Session.Status.SCHEDULED:
        raise AttendanceError(_("This session is no longer scheduled."))
    if not reason.strip():
        raise AttendanceError(_("Give a reason for your absence: the policy asks for one (ATT-2)."))
    if kind not in AbsenceNotice.Kind.values:
        raise AttendanceError(_("Unknown kind of notice."))
    notice = AbsenceNotice(session=session, kind=kind, reason=reason.strip(), given_at=now, given_by=student)
    history_note(notice, by=student, at=now)
    notice.save()
    session.notice = notice
    result = _apply(session, now=now, by=student)
    if session.enrolment.mentor_id:
        email_enqueue(
            key=f"notice:{session.pk}",
            to=[session.enrolment.mentor.email],
            template="mentoring/email/notice_to_mentor",
            context={
                "session": session,
                "student": student,
                "reason": reason,
                "outcome": explanation_for_reader(session),
            },
        )
    _outcome_changed(session, now=now, by=student)
    return result


@transaction.atomic
def exceptional_authorise(
    *, session_id: int, by, reason: str, proof=None, now: datetime | None = None
) -> rules.Classification:
    """ATT-3: Student Success authorises exceptional circumstances; the absence becomes excused."""
    now = now or timezone.now()
    if not reason.strip():
        raise AttendanceError(_("Describe the exceptional circumstances."))
    session = _lock(session_id)
    if _has(session, "exceptional"):
        raise AttendanceError(_("Exceptional circumstances are already authorised for this session."))
    if proof is not None and proof.student_id != session.enrolment.student_id:
        raise AttendanceError(_("The proof is not this student's document."))
    authorisation = ExceptionalAuthorisation(
        session=session, reason=reason.strip(), proof=proof, authorised_by=by, authorised_at=now
    )
    history_note(authorisation, by=by, at=now)
    authorisation.save()
    session = _lock(session_id)
    result = _apply(
        session,
        now=now,
        by=by,
        reason=_("Exceptional circumstances authorised: %(reason)s") % {"reason": reason.strip()},
    )
    _outcome_changed(
        session, now=now, by=by, correction=_("exceptional circumstances authorised by Student Success")
    )
    return result


# --- Replacement sessions (ATT-2, ATT-3) and the 48-hour follow-up (ATT-5) -----------------------


def _busy(
    *, mentor_id: int, enrolment_id: int, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """Times neither a mentor nor a student is free in a window: the mentor's sessions, the presentations
    they hear and their absences; the student's suspensions and stops (SUS-3/SUS-4/DIS-7)."""
    tz = timezone.get_current_timezone()
    busy = selectors.mentor_busy_between(mentor_id=mentor_id, start=start, end=end)
    busy += project_selectors.presentations_busy_between(mentor_id=mentor_id, start=start, end=end)
    busy += selectors.mentor_absences_between(mentor_id=mentor_id, start=start, end=end)
    busy += [
        (
            datetime.combine(p.starts_on, datetime.min.time(), tzinfo=tz),
            datetime.combine(p.until, datetime.min.time(), tzinfo=tz) if p.until else end,
        )
        for p in student_selectors.pauses_between(
            enrolment_id=enrolment_id, start=timezone.localdate(start), end=timezone.localdate(end)
        )
    ]
    return busy


def _free_starts(
    *, mentor_id: int, first: date, last: date, length: timedelta, busy, earliest: datetime
) -> list[datetime]:
    """Starts of ``length`` inside the mentor's weekly availability from ``first`` to ``last`` (both
    included), 15 minutes apart from one another, none clashing with ``busy`` nor before ``earliest``."""
    tz = timezone.get_current_timezone()
    slots = []
    for availability in selectors.mentor_availability(mentor_id=mentor_id):
        day = first + timedelta(days=(availability.weekday - first.weekday()) % 7)
        while day <= last:
            start = datetime.combine(day, availability.starts_at, tzinfo=tz)
            end_of_slot = datetime.combine(day, availability.ends_at, tzinfo=tz)
            while start + length <= end_of_slot:
                clash = any(b < start + length and start < e for b, e in busy)
                if start >= earliest and not clash:
                    slots.append(start)
                start += length + timedelta(minutes=15)
            day += timedelta(days=7)
    return sorted(slots)


def replacement_slots(*, session: Session, now: datetime) -> list[datetime]:
    """Free slots in the mentor's availability, in the missed session's week or the next (ATT-2)."""
    first, last = rules.replacement_window(timezone.localtime(session.scheduled_start).date())
    tz = timezone.get_current_timezone()
    window_start = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    window_end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    busy = _busy(
        mentor_id=session.mentor_id, enrolment_id=session.enrolment_id, start=window_start, end=window_end
    )
    # A replacement is another time than the session it replaces (cancelled, its slot looks free).
    busy.append((session.scheduled_start, session.scheduled_end))
    return _free_starts(
        mentor_id=session.mentor_id,
        first=first,
        last=last,
        length=session.duration,
        busy=busy,
        earliest=now + timedelta(hours=1, microseconds=1),
    )


# --- Final presentations, booked in a validating mentor's availability (TRN-1 b) -------------------------

PRESENTATION_BOOKING_DAYS = 28


def presentation_slots(*, validating_mentor_id: int, enrolment_id: int, now: datetime) -> list[datetime]:
    """Free times for a final presentation in the validating mentor's availability, from 24 hours ahead
    (TRN-1 b) over the next four weeks, clashing with none of the mentor's sessions, presentations or
    absences, nor the student's own sessions or suspensions."""
    earliest = now + project_rules.BOOKING_NOTICE
    first = timezone.localdate(earliest)
    last = first + timedelta(days=PRESENTATION_BOOKING_DAYS)
    tz = timezone.get_current_timezone()
    start = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    busy = _busy(mentor_id=validating_mentor_id, enrolment_id=enrolment_id, start=start, end=end)
    busy += selectors.enrolment_busy_between(enrolment_id=enrolment_id, start=start, end=end)
    busy += project_selectors.student_presentations_between(enrolment_id=enrolment_id, start=start, end=end)
    return _free_starts(
        mentor_id=validating_mentor_id,
        first=first,
        last=last,
        length=project_rules.PRESENTATION_LENGTH,
        busy=busy,
        earliest=earliest,
    )


@transaction.atomic
def presentation_book(
    *,
    submission_id: int,
    validating_mentor,
    start: datetime,
    audio_only: bool,
    student,
    now: datetime | None = None,
):
    """TRN-1 b, ACC-1: the student books a final presentation at a free time of a validating mentor (not
    their own mentor), by video, or by audio only when their ACC-1 accommodation is accepted."""
    now = now or timezone.now()
    submission = project_selectors.submission_of_student(student=student, submission_id=submission_id)
    if submission is None:
        raise AttendanceError(_("This is not one of your projects."))
    if submission.enrolment.status not in Enrolment.CURRENT_STATUSES:
        raise AttendanceError(_("This training has ended: no presentation is booked for it."))
    # One booking at a time per validating mentor: two students cannot take the same free time.
    get_user_model().objects.select_for_update().filter(pk=validating_mentor.pk).first()
    if start not in presentation_slots(
        validating_mentor_id=validating_mentor.pk, enrolment_id=submission.enrolment_id, now=now
    ):
        raise AttendanceError(_("That time is not free in this mentor's availability: choose another one."))
    return project_services.presentation_schedule(
        submission_id=submission.pk,
        validating_mentor=validating_mentor,
        start=start,
        audio_only=audio_only,
        audio_accommodation=student_selectors.enrolment_audio_only(enrolment_id=submission.enrolment_id),
        by=student,
        now=now,
    )


@transaction.atomic
def session_book_replacement(
    *, session_id: int, student, start: datetime, now: datetime | None = None
) -> Session:
    """Book a replacement for a postponed, excused or missed session; two in one week is allowed (ATT-2)."""
    now = now or timezone.now()
    original = _lock(session_id)
    if original.enrolment.student_id != student.pk:
        raise AttendanceError(_("This is not one of your sessions."))
    _ensure_enrolment_active(original)
    if not rules.replaceable(original.outcome):
        raise AttendanceError(
            _(
                "Only a postponed, excused or missed session, one your mentor cancelled or a public "
                "holiday's is replaced."
            )
        )
    if original.replacements.exclude(status=Session.Status.CANCELLED).exists():
        raise AttendanceError(_("A replacement is already booked for this session."))
    if start not in replacement_slots(session=original, now=now):
        raise AttendanceError(_("That slot is no longer free: choose another one."))
    replacement = Session(
        enrolment=original.enrolment,
        mentor=original.mentor,
        scheduled_start=start,
        duration=original.duration,
        mode=original.mode,
        video_link=original.video_link,
        replaces=original,
    )
    history_note(replacement, by=student, at=now, reason=_("Booked by the student as a replacement (ATT-2)."))
    replacement.save()
    for follow_up in AbsenceFollowUp.objects.select_for_update().filter(
        session=original, rebooked_session__isnull=True
    ):
        follow_up.rebooked_session = replacement
        history_note(follow_up, by=student, at=now, reason=_("New session booked (ATT-5)."))
        follow_up.save(update_fields=["rebooked_session"])
    return replacement


@transaction.atomic
def follow_up_give_reasons(
    *, session_id: int, student, reasons: str, now: datetime | None = None
) -> AbsenceFollowUp:
    """ATT-5: the student's reasons, e-mailed to the mentor."""
    now = now or timezone.now()
    session = _lock(session_id)
    if session.enrolment.student_id != student.pk:
        raise AttendanceError(_("This is not one of your sessions."))
    if not reasons.strip():
        raise AttendanceError(_("Write your reasons: your mentor receives them by e-mail."))
    try:
        follow_up = AbsenceFollowUp.objects.select_for_update().get(session=session)
    except AbsenceFollowUp.DoesNotExist as exc:
        raise AttendanceError(_("No reasons are asked for this session.")) from exc
    if follow_up.reasons_given_at:
        raise AttendanceError(_("You have already sent your reasons for this absence."))
    follow_up.reasons = reasons.strip()
    follow_up.reasons_given_at = now
    history_note(follow_up, by=student, at=now, reason=_("Reasons given (ATT-5)."))
    follow_up.save(update_fields=["reasons", "reasons_given_at"])
    if session.enrolment.mentor_id:
        email_enqueue(
            key=f"att5-reasons:{session.pk}",
            to=[session.enrolment.mentor.email],
            template="mentoring/email/att5_reasons",
            context={"session": session, "student": student, "reasons": follow_up.reasons},
        )
    return follow_up


# --- Sessions that follow their enrolment (reactions to students.signals) --------------------------


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def sessions_cancel_administratively(
    *, enrolment_id: int, start: date, end: date | None, rule: str, reason: str
) -> int:
    """Cancel the sessions of a suspension (SUS-4, DIS-7) or after the training ends (SUS-1, DIS-7): they
    never count against the student. Each session keeps a history row naming the rule; ``end`` (exclusive)
    None means every later session. Idempotent."""
    sessions = Session.objects.select_for_update(of=("self",)).filter(
        enrolment_id=enrolment_id,
        status=Session.Status.SCHEDULED,
        scheduled_start__gte=_local_midnight(start),
    )
    if end is not None:
        sessions = sessions.filter(scheduled_start__lt=_local_midnight(end))
    rows = list(sessions)
    explanation = _("Cancelled: %(reason)s Not counted against you (%(rule)s).") % {
        "reason": reason,
        "rule": rule,
    }
    for session in rows:
        session.outcome = Session.Outcome.ADMINISTRATIVE
        session.absence_reason = ""
        session.rule = rule
        session.explanation = explanation[:255]
    moved = transition_many(
        rows,
        Session.Status.CANCELLED,
        reason=_("Cancelled: %(reason)s (%(rule)s)") % {"reason": reason, "rule": rule},
        also=["outcome", "absence_reason", "rule", "explanation"],
    )
    return len(moved)


@transaction.atomic
def sessions_postpone_for_suspension(*, enrolment_id: int, start: date, end: date, now=None) -> int:
    """SUS-3: the session of a one-week suspension the mentor authorised is postponed — not lost — and
    booked again at the first free time in the mentor's availability after it, the same week or the next
    (ATT-2); with no free time, the student chooses one on the session's page."""
    now = now or timezone.now()
    rows = list(
        Session.objects.select_for_update(of=("self",)).filter(
            enrolment_id=enrolment_id,
            status=Session.Status.SCHEDULED,
            scheduled_start__gte=_local_midnight(start),
            scheduled_start__lt=_local_midnight(end),
        )
    )
    for session in rows:
        session.outcome, session.absence_reason, session.rule = Session.Outcome.POSTPONED, "", "SUS-3"
        session.explanation = _(
            "Postponed: a suspension of one week at most, authorised by your mentor (SUS-3)"
        )
    transition_many(
        rows,
        Session.Status.CANCELLED,
        at=now,
        reason=_("Postponed: suspension authorised by the mentor (SUS-3)"),
        also=["outcome", "absence_reason", "rule", "explanation"],
    )
    for session in rows:
        slot = next(
            (s for s in replacement_slots(session=session, now=now) if s >= _local_midnight(end)), None
        )
        if slot is not None:
            replacement = Session(
                enrolment_id=session.enrolment_id,
                mentor_id=session.mentor_id,
                scheduled_start=slot,
                duration=session.duration,
                mode=session.mode,
                video_link=session.video_link,
                replaces=session,
            )
            history_note(
                replacement,
                at=now,
                reason=_("Booked in the mentor's availability after the suspension (SUS-3)."),
            )
            replacement.save()
    return len(rows)


@transaction.atomic
def sessions_follow_enrolment(*, from_enrolment_id: int, to_enrolment_id: int, after: datetime) -> int:
    """CHG-1: the sessions planned after a change of path follow the new enrolment."""
    rows = list(
        Session.objects.select_for_update(of=("self",)).filter(
            enrolment_id=from_enrolment_id, status=Session.Status.SCHEDULED, scheduled_start__gte=after
        )
    )
    for session in rows:
        session.enrolment_id = to_enrolment_id
    bulk_update_with_history(
        rows,
        Session,
        ["enrolment"],
        batch_size=500,
        default_change_reason=_("Moved to the new path's enrolment #%(enrolment)d (CHG-1)")
        % {"enrolment": to_enrolment_id},
    )
    return len(rows)


@transaction.atomic
def sessions_make_audio_only(*, enrolment_id: int, after: datetime) -> int:
    """ACC-1: once the accommodation is accepted, every planned session is held by audio only."""
    rows = list(
        Session.objects.select_for_update(of=("self",))
        .filter(enrolment_id=enrolment_id, status=Session.Status.SCHEDULED, scheduled_start__gte=after)
        .exclude(mode=Session.Mode.AUDIO)
    )
    for session in rows:
        session.mode = Session.Mode.AUDIO
    bulk_update_with_history(
        rows, Session, ["mode"], batch_size=500, default_change_reason=_("Audio only (ACC-1)")
    )
    return len(rows)


# --- The weekly schedule ------------------------------------------------------------------------


@dataclass
class PlanReport:
    created: int = 0
    moved: int = 0
    cancelled: int = 0


@transaction.atomic
def slot_agree(
    *,
    enrolment_id: int,
    by,
    weekday: int,
    starts_at: time,
    duration: timedelta = timedelta(minutes=45),
    time_zone: str | None = None,
    video_link: str = "",
    now: datetime | None = None,
) -> PlanReport:
    """The student and their mentor agree the weekly session (ATT-1) and its recurring meeting link: every
    session from today to the end of the training is planned (or moved) from it at once."""
    now = now or timezone.now()
    enrolment = student_selectors.enrolment_for_update(enrolment_id=enrolment_id)
    if not enrolment.is_current:
        raise AttendanceError(_("This training has ended: no session can be planned."))
    if enrolment.mentor_id is None:
        raise AttendanceError(_("The student has no mentor yet: Student Success assigns one first."))
    zone = time_zone or enrolment.student.time_zone
    video_link = video_link.strip()
    problem = (
        rules.session_duration_problem(duration)
        or rules.time_zone_problem(zone)
        or rules.meeting_link_problem(video_link)
    )
    if problem:
        raise AttendanceError(problem)
    slot = WeeklySlot.objects.filter(enrolment=enrolment).first() or WeeklySlot(enrolment=enrolment)
    slot.weekday, slot.starts_at, slot.duration, slot.time_zone = weekday, starts_at, duration, zone
    slot.video_link = video_link
    slot.agreed_by, slot.agreed_at = by, now
    # Translators: "Agreed: Mondays at 18:00.": the day's name takes an s.
    agreed = _("Agreed: %(weekday)ss at %(time)s.") % {
        "weekday": slot.get_weekday_display(),
        "time": time_format(starts_at, "TIME_FORMAT"),
    }
    history_note(slot, by=by, at=now, reason=agreed)
    slot.save()
    return schedules_plan(enrolment_ids=[enrolment.pk], now=now, by=by, reason=_("The weekly slot changed."))


@transaction.atomic
def schedules_plan(
    *,
    enrolment_ids,
    now: datetime | None = None,
    by=None,
    reason: str | None = None,
) -> PlanReport:
    """Plan the future sessions of these enrolments from their weekly slots, set-based and idempotent.

    Each week from today to the training's end gets its session at the slot's local time (``rules.
    plan_weeks``): a week with no session yet gets one (on a public holiday, one that says so and may be
    replaced); a planned session still to come and untouched follows the slot, the mentor and the mode
    (ACC-1); one in a week no longer planned (a pause, an earlier end) is cancelled without counting
    against the student. Past, logged, notified or cancelled sessions are never touched. Running it twice
    changes nothing; one planned session per enrolment and week (``session_one_planned_per_week``).
    """
    now = now or timezone.now()
    reason = reason or _("The schedule was planned again.")
    enrolments = student_selectors.enrolments_for_schedule(enrolment_ids=enrolment_ids, for_update=True)
    ids = [e.pk for e in enrolments]
    slots = {slot.enrolment_id: slot for slot in WeeklySlot.objects.filter(enrolment_id__in=ids)}
    this_week = rules.week_of(timezone.localdate(now))
    planned: dict[int, dict[date, Session]] = defaultdict(dict)
    for session in Session.objects.select_for_update(of=("self",)).filter(
        enrolment_id__in=ids, week__gte=this_week - timedelta(days=7)
    ):
        planned[session.enrolment_id][session.week] = session
    # A week that already has its session booked by hand (before the schedule existed, or in the admin)
    # is not planned a second time; replacements do not count, they are extra sessions (ATT-2).
    booked: dict[int, set[date]] = defaultdict(set)
    for enrolment_id, start in Session.objects.filter(
        enrolment_id__in=ids,
        week__isnull=True,
        replaces__isnull=True,
        scheduled_start__gte=_local_midnight(this_week - timedelta(days=7)),
    ).values_list("enrolment_id", "scheduled_start"):
        booked[enrolment_id].add(rules.week_of(timezone.localtime(start).date()))
    # A public holiday's session nobody replaced is the schedule's own: when the week is no longer a
    # holiday (the slot moved to another day), it gives way to an ordinary session.
    holidays = [
        s.pk for weeks in planned.values() for s in weeks.values() if s.outcome == Session.Outcome.HOLIDAY
    ]
    replaced = set(
        Session.objects.filter(replaces_id__in=holidays)
        .exclude(status=Session.Status.CANCELLED)
        .values_list("replaces_id", flat=True)
    )
    to_lift: list[Session] = []
    to_create: list[Session] = []
    to_move: list[Session] = []
    on_holiday: list[Session] = []
    to_cancel: list[Session] = []
    for enrolment in enrolments:
        slot = slots.get(enrolment.pk)
        weeks = _weeks_to_plan(enrolment, slot, now=now)
        wanted = {w.week for w in weeks}
        mode = Session.Mode.AUDIO if enrolment.audio_only else Session.Mode.VIDEO
        mine = planned[enrolment.pk]
        for week in weeks:
            session = mine.get(week.week)
            if (
                session is not None
                and session.outcome == Session.Outcome.HOLIDAY
                and not week.holiday
                and session.pk not in replaced
                and session.scheduled_start > now
            ):
                to_lift.append(session)
                session = None
            if session is None:
                if week.week not in booked[enrolment.pk]:
                    to_create.append(_planned_session(enrolment, slot, week, mode=mode))
                continue
            if not _untouched(session, now):
                continue
            if _follow(session, enrolment, slot, week, mode=mode):
                to_move.append(session)
            if week.holiday:
                session.outcome, session.explanation = Session.Outcome.HOLIDAY, _holiday_explanation(week)
                on_holiday.append(session)
        to_cancel += [s for week, s in mine.items() if week not in wanted and _untouched(s, now)]
    for session in to_lift:
        history_note(
            session,
            by=by,
            at=now,
            reason=_("No longer a public holiday's week: %(reason)s") % {"reason": reason},
        )
        session.delete()
    bulk_create_with_history(
        to_create,
        Session,
        batch_size=2000,
        default_user=by,
        default_change_reason=_("Planned: %(reason)s") % {"reason": reason},
    )
    bulk_update_with_history(
        to_move,
        Session,
        ["scheduled_start", "duration", "mentor", "mode", "video_link"],
        batch_size=2000,
        default_user=by,
        default_change_reason=_("Moved: %(reason)s") % {"reason": reason},
    )
    transition_many(
        on_holiday, Session.Status.CANCELLED, by=by, at=now, reason=reason, also=["outcome", "explanation"]
    )
    for session in to_cancel:
        session.outcome, session.rule = Session.Outcome.ADMINISTRATIVE, ""
        session.explanation = (_("Cancelled: %(reason)s Not counted against you.") % {"reason": reason})[:255]
    transition_many(
        to_cancel,
        Session.Status.CANCELLED,
        by=by,
        at=now,
        reason=_("No longer in the schedule: %(reason)s") % {"reason": reason},
        also=["outcome", "rule", "explanation"],
    )
    # ATT-7: a session planned or moved into a planned absence of its mentor is cancelled by the mentor,
    # as the absence cancelled the ones it found.
    for absence in selectors.mentor_absences_ahead(mentor_ids={e.mentor_id for e in enrolments}, now=now):
        in_absence = list(
            Session.objects.select_for_update(of=("self",))
            .select_related("enrolment__student")
            .filter(
                enrolment_id__in=ids,
                mentor_id=absence.mentor_id,
                status=Session.Status.SCHEDULED,
                scheduled_start__gte=max(absence.starts_at, now),
                scheduled_start__lt=absence.ends_at,
            )
        )
        _cancel_for_absence(in_absence, absence, by=by, now=now)
    return PlanReport(created=len(to_create), moved=len(to_move), cancelled=len(to_cancel))


@transaction.atomic
def slot_carry_over(*, from_enrolment_id: int, to_enrolment_id: int) -> PlanReport:
    """CHG-1: the weekly slot the student agreed goes on with the new path's enrolment, planned to its end."""
    slot = WeeklySlot.objects.filter(enrolment_id=from_enrolment_id).first()
    if slot is None or WeeklySlot.objects.filter(enrolment_id=to_enrolment_id).exists():
        return PlanReport()
    slot.pk, slot.enrolment_id = None, to_enrolment_id
    history_note(slot, reason=_("Carried over to the new path (CHG-1)."))
    slot.save()
    return schedules_plan(enrolment_ids=[to_enrolment_id], reason=_("The student changed path (CHG-1)."))


def _weeks_to_plan(enrolment: Enrolment, slot: WeeklySlot | None, *, now: datetime) -> list:
    """The weeks still to come of a current training with a slot and a mentor (nothing otherwise)."""
    if slot is None or not enrolment.is_current or enrolment.mentor_id is None:
        return []
    weeks = rules.plan_weeks(
        weekday=slot.weekday,
        starts_at=slot.starts_at,
        tz=ZoneInfo(slot.time_zone),
        first_day=max(enrolment.start_date, timezone.localdate(now)),
        last_day=enrolment.planned_end_date,
        pauses=[(p.starts_on, p.until) for p in enrolment.pauses.all()],
    )
    return [w for w in weeks if w.start > now]


def _holiday_explanation(week: rules.PlannedWeek) -> str:
    return _(
        "No session: %(holiday)s, a public holiday. Book another time this week or the next (ATT-2)."
    ) % {"holiday": week.holiday}


def _planned_session(
    enrolment: Enrolment, slot: WeeklySlot, week: rules.PlannedWeek, *, mode: str
) -> Session:
    """A new planned session; on a public holiday, one that says there is none that day and may be
    replaced this week or the next."""
    holiday = (
        {
            "status": Session.Status.CANCELLED,  # its first state: it never takes place
            "outcome": Session.Outcome.HOLIDAY,
            "explanation": _holiday_explanation(week),
        }
        if week.holiday
        else {}
    )
    return Session(
        enrolment=enrolment,
        mentor_id=enrolment.mentor_id,
        scheduled_start=week.start,
        duration=slot.duration,
        mode=mode,
        video_link=slot.video_link,
        week=week.week,
        **holiday,
    )


def _untouched(session: Session, now: datetime) -> bool:
    """A planned session the schedule may still move or cancel: to come, still scheduled, nothing decided
    (a notice, a cancellation or a log makes it the people's, not the schedule's)."""
    return (
        session.scheduled_start > now
        and session.status == Session.Status.SCHEDULED
        and session.outcome == Session.Outcome.PENDING
    )


def _follow(session: Session, enrolment, slot: WeeklySlot, week: rules.PlannedWeek, *, mode: str) -> bool:
    """Bring a planned session in line with the slot, the mentor and the mode; True if anything changed."""
    wanted = {
        "scheduled_start": week.start,
        "duration": slot.duration,
        "mentor_id": enrolment.mentor_id,
        "mode": mode,
        "video_link": slot.video_link,
    }
    changed = {k: v for k, v in wanted.items() if getattr(session, k) != v}
    for field, value in changed.items():
        setattr(session, field, value)
    return bool(changed)


# --- Join times from the video tool (ATT-4 with evidence) -------------------------------------------


class ToolReportError(AttendanceError):
    """A file with bad rows: none of it is recorded; ``problems`` says what is wrong, row by row."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(_("Nothing was recorded: %(problems)s") % {"problems": " ".join(problems)})


class ToolReplayError(AttendanceError):
    pass


@dataclass(frozen=True)
class ToolRow:
    line: int
    email: str
    joined_at: datetime
    left_at: datetime | None = None


def _tool_evidence(session: Session, *, now: datetime) -> rules.ToolEvidence:
    if session.tool_reported_at is None:
        return rules.ToolEvidence()
    joins = selectors.student_joins_by_session(session_ids=[session.pk]).get(session.pk, [])
    return rules.tool_evidence(
        student_joins=joins,
        reported=True,
        scheduled_start=session.scheduled_start,
        scheduled_end=session.scheduled_end,
        now=now,
    )


def _tool_contradiction(session: Session, *, attendance: str, joined_at, now: datetime) -> str | None:
    return rules.tool_contradiction(
        _tool_evidence(session, now=now),
        attendance=attendance,
        joined_at=joined_at,
        scheduled_start=session.scheduled_start,
    )


def _participants(session: Session) -> set[str]:
    return {session.enrolment.student.email.lower(), session.mentor.email.lower()}


def _reported(session: Session, *, by, now: datetime, how: str) -> None:
    if session.tool_reported_at is None:
        session.tool_reported_at = now
        history_note(
            session,
            by=by,
            at=now,
            reason=_("The video tool reported on the session (%(how)s).") % {"how": how},
        )
        session.save(update_fields=["tool_reported_at"])


@transaction.atomic
def tool_report_import(*, session_id: int, rows: list[ToolRow], by, now: datetime | None = None) -> int:
    """The video tool's attendance file for one session, uploaded by its mentor or Student Success: every
    row is checked first (a participant of this session, on its day, leaving after joining, not already
    recorded), and the file is recorded whole or not at all. Returns the number of rows recorded."""
    now = now or timezone.now()
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("enrolment__student", "mentor")
        .get(pk=session_id)
    )
    known = _participants(session)
    tz = timezone.get_current_timezone()
    seen = {(e.lower(), j) for e, j in session.tool_events.values_list("participant_email", "joined_at")}
    problems = [] if rows else [_("The file has no participant row.")]
    for row in rows:
        key = (row.email.lower(), row.joined_at)
        problem = (
            (
                _("%(email)s is neither the student nor the mentor of this session") % {"email": row.email}
                if key[0] not in known
                else None
            )
            or rules.tool_join_problem(
                joined_at=row.joined_at, scheduled_start=session.scheduled_start, tz=tz
            )
            or rules.tool_leave_problem(joined_at=row.joined_at, left_at=row.left_at)
            or (_("this join is already recorded") if key in seen else None)
        )
        if problem:
            problems.append(_("Line %(line)d: %(problem)s.") % {"line": row.line, "problem": problem})
        seen.add(key)
    if problems:
        raise ToolReportError(problems)
    ToolEvent.objects.bulk_create(
        ToolEvent(
            session=session,
            participant_email=row.email.lower(),
            joined_at=row.joined_at,
            left_at=row.left_at,
            source=ToolEvent.Source.FILE,
            recorded_at=now,
            recorded_by=by,
        )
        for row in rows
    )
    _reported(session, by=by, now=now, how=_("attendance file"))
    return len(rows)


@transaction.atomic
def tool_event_record(
    *, event_id: str, meeting_link: str, email: str, kind: str, at: datetime, now: datetime | None = None
) -> ToolEvent:
    """One signed event from the video tool (``joined`` or ``left``) for the session held on the meeting
    link that day. A join already received (same event id) is refused as a replay; a leave closes the
    participant's open join."""
    now = now or timezone.now()
    if not event_id or ToolEvent.objects.filter(external_id=event_id).exists():
        raise ToolReplayError("This event was already received: it is not recorded twice.")
    # Only a session the participant takes part in (its student or its mentor) is found.
    session = selectors.session_for_meeting(link=meeting_link, at=at, email=email)
    if session is None:
        raise AttendanceError(f"No session of {email} is held on this meeting link that day.")
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("enrolment__student", "mentor")
        .get(pk=session.pk)
    )
    if kind == "left":
        event = session.tool_events.filter(participant_email=email.lower(), left_at__isnull=True).last()
        if event is None or rules.tool_leave_problem(joined_at=event.joined_at, left_at=at):
            raise AttendanceError("A leave without a join before it: nothing to close.")
        event.left_at = at
        event.save(update_fields=["left_at"])
    elif kind == "joined":
        try:
            with transaction.atomic():  # a savepoint: the same join by file, or sent twice at once
                event = ToolEvent.objects.create(
                    session=session,
                    participant_email=email.lower(),
                    joined_at=at,
                    source=ToolEvent.Source.WEBHOOK,
                    external_id=event_id,
                    recorded_at=now,
                )
        except IntegrityError:
            raise ToolReplayError("This join is already recorded: it is not recorded twice.") from None
    else:
        raise AttendanceError("An event is “joined” or “left”.")
    _reported(session, by=None, now=now, how=_("webhook"))
    return event


@transaction.atomic
def session_confirm_from_tool(
    *, session_id: int, mentor, now: datetime | None = None
) -> rules.Classification:
    """The mentor confirms what the video tool reported: the session is logged from it (ATT-4)."""
    now = now or timezone.now()
    session = _lock(session_id)
    evidence = _tool_evidence(session, now=now)
    if evidence.attendance is None:
        raise AttendanceError(
            _("The video tool has not reported the student's attendance for this session yet.")
        )
    return session_log_attendance(
        session_id=session_id,
        mentor=mentor,
        attendance=evidence.attendance,
        joined_at=evidence.joined_at,
        notes=session.notes or _("From the video tool, confirmed by the mentor."),
        now=now,
    )


# --- The sweep --------------------------------------------------------------------------------


@dataclass
class SweepReport:
    reminded_sessions: int = 0
    flagged_follow_ups: int = 0
    asked_follow_ups: int = 0
    logged_from_tool: int = 0


def attendance_sweep(*, now: datetime | None = None, batch: int = 5000) -> SweepReport:
    """What events missed, set-based: log reminders, ATT-5 requests and deadlines. (Runs of absences,
    ATT-6, are swept by discipline, which owns the cases.)"""
    now = now or timezone.now()
    return SweepReport(
        logged_from_tool=_sweep_tool_reports(now=now, batch=batch),
        reminded_sessions=_sweep_log_reminders(now=now, batch=batch),
        asked_follow_ups=_sweep_missing_follow_ups(now=now, batch=batch),
        flagged_follow_ups=_sweep_overdue_follow_ups(now=now, batch=batch),
    )


def _skip_locked(qs):
    return (
        qs.select_for_update(skip_locked=True, of=("self",))
        if connection.features.has_select_for_update_skip_locked
        else qs
    )


@transaction.atomic
def _sweep_tool_reports(*, now: datetime, batch: int) -> int:
    """ATT-4 with evidence: two hours after the end, what the video tool reported and the mentor has not
    confirmed is logged as it is (a join decides lateness; never joined, a no-show). Before the log
    reminders, so a mentor is not reminded of a session the tool has logged."""
    due = _skip_locked(
        selectors.sessions_reported_by_tool_unlogged(cutoff=rules.log_reminder_cutoff(now))
        .select_related("enrolment__student")
        .order_by("pk")
    )
    rows = selectors.with_tool_evidence(list(due[:batch]), now=now)
    logged = 0
    for session in rows:
        if session.tool.attendance is None or not rules.tool_applies_by_itself(
            scheduled_end=session.scheduled_end, now=now
        ):
            continue
        if session.tool.attendance == Session.Attendance.NO_SHOW and session.mode == Session.Mode.AUDIO:
            continue  # ACC-1: a student on the phone may never show in the tool; the mentor logs it
        session.attendance, session.joined_at = session.tool.attendance, session.tool.joined_at
        session.logged_by, session.logged_at = None, now
        _apply(
            session,
            now=now,
            reason=_("From the video tool: not confirmed by the mentor within 2 hours (ATT-4)."),
        )
        _outcome_changed(session, now=now)
        logged += 1
    return logged


@transaction.atomic
def _sweep_log_reminders(*, now: datetime, batch: int) -> int:
    """Sessions still not logged two hours after their end: one reminder per mentor, once per session.
    Oldest first, the order of the ``(status, scheduled_start)`` index: in primary-key order the planner would
    walk every session to find the few still to log."""
    due = selectors.sessions_to_remind(now=now).select_related("mentor").order_by("scheduled_start", "pk")
    rows = list(_skip_locked(due)[:batch])
    if not rows:
        return 0
    for session in rows:
        session.mentor_reminded_at = now
    bulk_update_with_history(
        rows,
        Session,
        ["mentor_reminded_at"],
        batch_size=500,
        default_change_reason=_("Not logged two hours after its end: the mentor is reminded."),
        default_date=now,
    )
    by_mentor: dict[tuple[int, str], list[Session]] = {}
    for session in rows:
        by_mentor.setdefault((session.mentor_id, session.mentor.email), []).append(session)
    email_enqueue_many(
        [
            (
                f"log-reminder:{mentor_id}:{sessions[0].pk}:{len(sessions)}",
                [email],
                "mentoring/email/log_reminder",
                {"starts": [s.scheduled_start for s in sessions], "site_url": settings.SITE_URL},
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
    bulk_create_with_history(
        [
            AbsenceFollowUp(session_id=pk, due_at=rules.follow_up_due_at(start), student_asked_at=now)
            for pk, start, _ in rows
        ],
        AbsenceFollowUp,
        batch_size=500,
        ignore_conflicts=True,
        default_change_reason=_("Reasons and a new booking asked for (ATT-5)."),
        default_date=now,
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
    """ATT-5: 48 hours passed without reasons and a booking: flag it, tell the mentor and Student Success.
    The open follow-ups are read by deadline from their partial index (``followup_open_idx``), not among every
    follow-up ever asked for."""
    overdue = (
        AbsenceFollowUp.objects.filter(due_at__lt=now, flagged_at__isnull=True)
        .filter(Q(reasons_given_at__isnull=True) | Q(rebooked_session__isnull=True))
        .select_related("session__enrolment__student", "session__enrolment__mentor")
        .order_by("due_at", "pk")
    )
    rows = list(_skip_locked(overdue)[:batch])
    if not rows:
        return 0
    for follow_up in rows:
        follow_up.flagged_at = now
    bulk_update_with_history(
        rows,
        AbsenceFollowUp,
        ["flagged_at"],
        batch_size=500,
        default_change_reason=_("48 hours passed without the reasons and a new booking (ATT-5)."),
        default_date=now,
    )
    messages = []
    for follow_up in rows:
        enrolment = follow_up.session.enrolment
        mentor_email = enrolment.mentor.email if enrolment.mentor_id else ""
        messages.append(
            (
                f"att5-flag:{follow_up.pk}",
                [e for e in (mentor_email, settings.STUDENT_SUCCESS_EMAIL) if e],
                "mentoring/email/att5_flag",
                {
                    "start": follow_up.session.scheduled_start,
                    "student": f"{enrolment.student.first_name} {enrolment.student.last_name}",
                    "reasons_given": follow_up.reasons_given_at is not None,
                    "rebooked": follow_up.rebooked_session_id is not None,
                },
            )
        )
    email_enqueue_many(messages)
    return len(rows)


# --- Monitoring reports and availability ---------------------------------------------------------


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
) -> MonitoringReport:
    """A mentor's report on progress and attendance; figures for the period come from the sessions (TRN-2)."""
    now = now or timezone.now()
    if enrolment.mentor_id != mentor.pk:
        raise AttendanceError(_("You are not this student's mentor."))
    problem = rules.report_period_problem(
        period_start=period_start,
        period_end=period_end,
        today=timezone.localdate(now),
        training_starts_on=enrolment.start_date,
    )
    if problem:
        raise AttendanceError(problem)
    if not progress.strip():
        raise AttendanceError(_("Write how the student is progressing: the jury reads it (TRN-2)."))
    counts = selectors.attendance_counts(enrolment_id=enrolment.pk, start=period_start, end=period_end)
    report = MonitoringReport(
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
    )
    history_note(report, by=mentor, at=now, reason=_("Written."))
    report.save()
    if submit:
        report.submitted_at = now
        transition(
            report,
            MonitoringReport.Status.SUBMITTED,
            by=mentor,
            at=now,
            reason=_("Submitted."),
            also=["submitted_at"],
        )
    return report


@transaction.atomic
def availability_save(*, availability: MentorAvailability, by=None) -> MentorAvailability:
    """A weekly window in which a mentor takes sessions (replacement slots, ATT-2); none overlaps another."""
    others = MentorAvailability.objects.filter(mentor_id=availability.mentor_id).exclude(pk=availability.pk)
    problem = rules.availability_problem(
        rules.Window(availability.weekday, availability.starts_at, availability.ends_at),
        [rules.Window(o.weekday, o.starts_at, o.ends_at) for o in others],
    )
    if problem:
        raise AttendanceError(problem)
    history_note(availability, by=by)
    availability.save()
    return availability


@transaction.atomic
def mentor_absence_record(
    *, mentor, starts_at: datetime, ends_at: datetime, reason: str, by=None, now: datetime | None = None
) -> tuple[MentorAbsence, int]:
    """The mentor will be away: their sessions in the period are cancelled by the mentor (ATT-7, never
    counted against the students), each student is e-mailed and offered a replacement the same week or
    the next from the mentor's availability. Returns the absence and how many sessions it cancelled."""
    now = now or timezone.now()
    problem = rules.mentor_absence_problem(starts_at=starts_at, ends_at=ends_at, now=now)
    if not reason.strip():
        problem = problem or _("Say why you are away: your students read it.")
    if problem:
        raise AttendanceError(problem)
    absence = MentorAbsence(
        mentor=mentor, starts_at=starts_at, ends_at=ends_at, reason=reason.strip()[:255], recorded_at=now
    )
    history_note(absence, by=by or mentor, at=now, reason=_("Recorded."))
    absence.save()
    rows = list(
        Session.objects.select_for_update(of=("self",))
        .select_related("enrolment__student")
        .filter(
            mentor=mentor,
            status=Session.Status.SCHEDULED,
            scheduled_start__gte=starts_at,
            scheduled_start__lt=ends_at,
        )
    )
    _cancel_for_absence(rows, absence, by=by or mentor, now=now)
    return absence, len(rows)


def _cancel_for_absence(rows: list[Session], absence: MentorAbsence, *, by, now: datetime) -> None:
    """ATT-7: these sessions fall while their mentor is away: cancelled by the mentor (never counted
    against the student), each student e-mailed once and offered a replacement."""
    if not rows:
        return
    for session in rows:
        session.attendance, session.logged_by_id, session.logged_at = (
            Session.Attendance.MENTOR_CANCELLED,
            absence.mentor_id,
            now,
        )
        session_classify(session)
    transition_many(
        rows,
        Session.Status.CANCELLED,
        by=by,
        at=now,
        reason=_("The mentor is away: %(reason)s (ATT-7)") % {"reason": absence.reason},
        also=CLASSIFIED_FIELDS,
    )
    email_enqueue_many(
        [
            (
                f"mentor-away:{absence.pk}:{session.pk}",
                [session.enrolment.student.email],
                "mentoring/email/mentor_away",
                {"session": session, "absence": absence, "site_url": settings.SITE_URL},
            )
            for session in rows
        ]
    )
    for enrolment_id in {session.enrolment_id for session in rows}:
        event_emit(
            signals.session_outcome_changed,
            enrolment_id=enrolment_id,
            at=now,
            by_id=absence.mentor_id,
            correction="",
        )


@transaction.atomic
def mentor_absence_delete(*, absence_id: int, mentor, now: datetime | None = None) -> None:
    """An absence not yet begun is taken back; the sessions it cancelled stay cancelled (the students may
    have booked replacements)."""
    now = now or timezone.now()
    absence = MentorAbsence.objects.select_for_update().filter(pk=absence_id, mentor=mentor).first()
    if absence is None:
        raise AttendanceError(_("No such absence."))
    if absence.starts_at <= now:
        raise AttendanceError(_("This absence has begun: it stays in the record."))
    history_note(absence, by=mentor, at=now, reason=_("Taken back before it began."))
    absence.delete()


@transaction.atomic
def availability_delete(*, availability: MentorAvailability, by=None) -> None:
    history_note(availability, by=by)
    availability.delete()


# --- Retention (settings.RETENTION_SCHEDULE) ---------------------------------------------------------------

# What a session keeps once anonymised: its date, length, mode, status, what was logged and the outcome the
# rules decided, with the rule — what the Impact Committee's figures count (impact.measures). What the mentor
# wrote, the outcome's explanation, the join time and the video link go, with the video tool's join events.
SESSION_ERASED = {"notes": "", "explanation": "", "video_link": "", "joined_at": None}


def _trained_before(cutoff: datetime):
    day = retention.first_day_kept(cutoff, tz=timezone.get_default_timezone())
    return student_selectors.students_trained_before(day=day)


@transaction.atomic
def sessions_purge_expired(*, cutoff: datetime, held: frozenset[int], now: datetime) -> Purged:
    """Retention "sessions": the sessions of a student whose training ended before the cutoff's day (and
    that started at or before it) are anonymised (``SESSION_ERASED``), in their history too; their tool
    events are deleted. A session with nothing left to erase is left alone. Those of a student something
    holds (an open case, a pending jury) stay as they are."""
    events = ToolEvent.objects.filter(session=OuterRef("pk"))
    expired = Session.objects.filter(
        enrolment__student_id__in=_trained_before(cutoff), scheduled_start__lte=cutoff
    ).filter(
        ~Q(notes="") | ~Q(explanation="") | ~Q(video_link="") | Q(joined_at__isnull=False) | Exists(events)
    )
    rows, kept = core_selectors.retention_batch(
        expired, held=held, student="enrolment__student_id", fields=("scheduled_start",)
    )
    ids = [pk for pk, _ in rows]
    records_delete(ToolEvent.objects.filter(session_id__in=ids))
    records_erase(model=Session, ids=ids, values=SESSION_ERASED)
    return Purged(retention.ANONYMISED, ids, *retention.span(start for _, start in rows), held=kept)


@transaction.atomic
def notices_purge_expired(*, cutoff: datetime, held: frozenset[int], now: datetime) -> Purged:
    """Retention "notices": what was written about a missed session — the student's notice of absence
    (ATT-2, ATT-3, ATT-4), the reasons given after an unauthorised absence (ATT-5) and Student Success's
    exceptional authorisation (ATT-3) — is deleted with its history once the student's training ended
    before the cutoff's day; the session keeps the outcome they led to. ``ids`` are the sessions'. Those
    of a student something holds stay."""
    expired = Session.objects.filter(
        enrolment__student_id__in=_trained_before(cutoff), scheduled_start__lte=cutoff
    ).filter(
        Exists(AbsenceNotice.objects.filter(session=OuterRef("pk")))
        | Exists(AbsenceFollowUp.objects.filter(session=OuterRef("pk")))
        | Exists(ExceptionalAuthorisation.objects.filter(session=OuterRef("pk")))
    )
    rows, kept = core_selectors.retention_batch(
        expired, held=held, student="enrolment__student_id", fields=("scheduled_start",)
    )
    ids = [pk for pk, _ in rows]
    for model in (AbsenceNotice, AbsenceFollowUp, ExceptionalAuthorisation):
        records_delete(model.objects.filter(session_id__in=ids))
    return Purged(retention.DELETED, ids, *retention.span(start for _, start in rows), held=kept)


@transaction.atomic
def monitoring_reports_purge_expired(*, cutoff: datetime, held: frozenset[int], now: datetime) -> Purged:
    """Retention "monitoring_reports": a mentor's reports on a student whose training ended before the
    cutoff's day (each report's period too) are deleted with their history. Those of a student something
    holds stay."""
    tz = timezone.get_default_timezone()
    expired = MonitoringReport.objects.filter(
        enrolment__student_id__in=_trained_before(cutoff),
        period_end__lt=retention.first_day_kept(cutoff, tz=tz),
    )
    rows, kept = core_selectors.retention_batch(
        expired, held=held, student="enrolment__student_id", fields=("period_end",)
    )
    ids = records_delete(MonitoringReport.objects.filter(pk__in=[pk for pk, _ in rows]))
    return Purged(
        retention.DELETED,
        ids,
        *retention.span(retention.day_start(end, tz=tz) for _, end in rows),
        held=kept,
    )
