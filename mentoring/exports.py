"""The mentoring app's part of a student's copy of their data (core.exports): the weekly slot, every
session with its outcome and the rule and explanation that classified it, absence notices, exceptional
authorisations, 48-hour follow-ups (ATT-1..ATT-7) and the mentors' monitoring reports."""

from django.utils.translation import gettext as _

from openclassrooms.core.exports import Part, Section, person

from . import selectors


def _session(session) -> dict:
    return {
        "id": session.pk,
        "enrolment": session.enrolment_id,
        "scheduled_start": session.scheduled_start,
        "minutes": int(session.duration.total_seconds() // 60),
        "mode": session.get_mode_display(),
        "mentor": person(session.mentor),
        "status": session.get_status_display(),
        "attendance_logged": session.get_attendance_display() if session.attendance else "",
        "joined_at": session.joined_at,
        "outcome": session.get_outcome_display(),
        "absence_reason": session.get_absence_reason_display() if session.absence_reason else "",
        "rule": session.rule,
        "explanation": session.explanation,
        "replaces_session": session.replaces_id,
        "recorded_for_quality_review": session.recorded,
        "mentor_notes": session.notes,
        "logged_at": session.logged_at,
        "video_tool_joins": [
            {"joined_at": e.joined_at, "left_at": e.left_at, "source": e.get_source_display()}
            for e in session.student_joins
        ],
    }


def _related(session, name: str):
    """A session's notice, authorisation or follow-up (reverse one-to-one, selected with it), or None."""
    return getattr(session, name, None)


def student_data(*, student) -> Part:
    sessions = selectors.sessions_of_student(student=student)
    notices, authorisations, follow_ups = [], [], []
    for session in sessions:
        if (notice := _related(session, "notice")) is not None:
            notices.append(
                {
                    "session": session.pk,
                    "session_start": session.scheduled_start,
                    "kind": notice.get_kind_display(),
                    "reason": notice.reason,
                    "given_at": notice.given_at,
                    "given_by": _("you") if notice.given_by_id == student.pk else _("the school"),
                }
            )
        if (authorisation := _related(session, "exceptional")) is not None:
            authorisations.append(
                {
                    "session": session.pk,
                    "session_start": session.scheduled_start,
                    "reason": authorisation.reason,
                    "proof_document": authorisation.proof_id,
                    "authorised_at": authorisation.authorised_at,
                }
            )
        if (follow_up := _related(session, "follow_up")) is not None:
            follow_ups.append(
                {
                    "session": session.pk,
                    "session_start": session.scheduled_start,
                    "due_at": follow_up.due_at,
                    "your_reasons": follow_up.reasons,
                    "reasons_given_at": follow_up.reasons_given_at,
                    "new_session": follow_up.rebooked_session_id,
                    "reminded_at": follow_up.student_asked_at,
                    "deadline_missed_at": follow_up.flagged_at,
                }
            )
    reports = [
        {
            "id": r.pk,
            "enrolment": r.enrolment_id,
            "period_start": r.period_start,
            "period_end": r.period_end,
            "mentor": person(r.mentor),
            "status": r.get_status_display(),
            "submitted_at": r.submitted_at,
            "progress": r.progress,
            "attendance_comment": r.attendance_comment,
            "sessions_attended": r.sessions_attended,
            "sessions_postponed": r.sessions_postponed,
            "sessions_excused": r.sessions_excused,
            "sessions_unauthorised": r.sessions_unauthorised,
        }
        for r in selectors.reports_of_student(student=student)
    ]
    slots = [
        {
            "enrolment": s.enrolment_id,
            "weekday": s.get_weekday_display(),
            "local_time": s.starts_at,
            "time_zone": s.time_zone,
            "minutes": s.minutes,
            "video_link": s.video_link,
            "agreed_at": s.agreed_at,
        }
        for s in selectors.slots_of_student(student=student)
    ]
    return Part(
        sections={
            "weekly_slots": Section(_("Your weekly session"), slots),
            "sessions": Section(
                _("Mentoring sessions"),
                [_session(s) for s in sessions],
                note=_(
                    "Every session with its outcome, the rule that decided it and why; data.json also holds "
                    "the mentor's notes and the video tool's record of when you joined."
                ),
                columns=("scheduled_start", "status", "outcome", "rule", "explanation"),
            ),
            "absence_notices": Section(_("Notices of absence and cancellations"), notices),
            "absence_follow_ups": Section(_("Follow-ups after an unauthorised absence (ATT-5)"), follow_ups),
            "exceptional_authorisations": Section(
                _("Exceptional circumstances authorised (ATT-3)"), authorisations
            ),
            "monitoring_reports": Section(_("Monitoring reports"), reports),
        }
    )
