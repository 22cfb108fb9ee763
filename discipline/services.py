"""Writes on disciplinary cases. Every status change goes through ``case_transition``."""

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openclassrooms.core.services import email_enqueue

from .models import Case, CaseEvent, CaseEvidence, CaseGround


class CaseTransitionError(Exception):
    """An illegal move; the message says why in words a Board member understands."""


def case_transition(*, case: Case, to: str, by=None, note: str = "", at: datetime | None = None) -> bool:
    """Move a case to ``to`` if the declared workflow allows it; record who and when. No-op if unchanged."""
    if case.status == to and to not in Case.TRANSITIONS.get(case.status, ()):
        return False
    if to not in Case.TRANSITIONS.get(case.status, ()):
        raise CaseTransitionError(
            f"A case that is “{case.get_status_display()}” cannot become “{Case.Status(to).label}”."
        )
    previous = case.status
    case.status = to
    case.save(update_fields=["status", *(["withdrawn_reason"] if to == Case.Status.WITHDRAWN else [])])
    CaseEvent.objects.create(
        case=case, at=at or timezone.now(), actor=by, from_status=previous, to_status=to, note=note
    )
    return True


def _notify_referral(case: Case, sessions: Sequence) -> None:
    enrolment = case.enrolment
    context = {
        "case": case,
        "enrolment": enrolment,
        "student": enrolment.student,
        "sessions": sessions,
        "site_url": settings.SITE_URL,
    }
    recipients = [enrolment.student.email, settings.STUDENT_SUCCESS_EMAIL]
    if enrolment.mentor_id:
        recipients.append(enrolment.mentor.email)
    for to in recipients:
        email_enqueue(
            key=f"att6-referral:{case.pk}:{to}",
            to=[to],
            template="discipline/email/att6_referral",
            context={**context, "for_student": to == enrolment.student.email},
        )


@transaction.atomic
def case_open_for_attendance(*, enrolment, sessions: Sequence, now: datetime) -> Case:
    """ATT-6: three consecutive unauthorised absences open one case, the sessions attached as evidence."""
    dates = ", ".join(timezone.localtime(s.scheduled_start).strftime("%-d %b %Y") for s in sessions)
    case = Case.objects.create(
        enrolment=enrolment,
        source=Case.Source.ATTENDANCE,
        status=Case.Status.OPENED,
        opened_at=now,
        summary=f"Three consecutive unauthorised absences from weekly mentoring sessions ({dates}).",
    )
    CaseEvent.objects.create(
        case=case,
        at=now,
        to_status=Case.Status.OPENED,
        note="Opened automatically by the attendance rules (ATT-6).",
    )
    CaseGround.objects.create(
        case=case,
        rule="ATT-6",
        statement=f"Three consecutive unauthorised absences from mentoring sessions on {dates} (ATT-6).",
    )
    CaseEvidence.objects.bulk_create(
        CaseEvidence(
            case=case,
            session=s,
            added_at=now,
            description=f"Session of {timezone.localtime(s.scheduled_start):%-d %b %Y %H:%M}: "
            f"{s.get_outcome_display().lower()} ({s.get_absence_reason_display().lower()})",
        )
        for s in sessions
    )
    _notify_referral(case, sessions)
    return case


def case_withdraw(*, case: Case, reason: str, by=None, at: datetime | None = None) -> bool:
    """Withdraw a case before the Board has met (e.g. a correction broke an ATT-6 run)."""
    if case.status == Case.Status.WITHDRAWN:
        return False
    case.withdrawn_reason = reason
    return case_transition(case=case, to=Case.Status.WITHDRAWN, by=by, note=reason, at=at)


def attendance_cases_open(*, enrolment_id: int) -> list[Case]:
    """Live ATT-6 cases of one enrolment with their evidence sessions' ids."""
    return list(
        Case.objects.filter(enrolment_id=enrolment_id, source=Case.Source.ATTENDANCE)
        .exclude(status=Case.Status.WITHDRAWN)
        .prefetch_related("evidence")
    )


def case_can_be_withdrawn(*, case: Case) -> bool:
    """Before the Board has met, a case can still be withdrawn (e.g. after an ATT-6 correction)."""
    return Case.Status.WITHDRAWN in Case.TRANSITIONS.get(case.status, ())
