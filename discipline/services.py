"""Writes on disciplinary cases. Every status change goes through ``case_transition`` (cases) or
``core.workflows.transition`` (hearings); penalties change the enrolment through ``students.services``."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from mentoring import rules as mentoring_rules
from mentoring import selectors as mentoring_selectors
from openclassrooms.accounts.roles import Role
from openclassrooms.core import retention
from openclassrooms.core import selectors as core_selectors
from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.queue import send_task_on_commit
from openclassrooms.core.retention import Purged
from openclassrooms.core.services import email_enqueue, files_delete_on_commit, pending_do, records_erase
from openclassrooms.core.storage import private_storage
from openclassrooms.core.workflows import TransitionError, history_note, transition
from projects.models import Presentation
from students import selectors as student_selectors
from students import services as student_services
from students.models import Document, Enrolment

from . import rules, selectors
from .letters import letter_language, render_letter_pdf
from .models import (
    BoardSeat,
    Case,
    CaseEvent,
    CaseEvidence,
    CaseGround,
    Decision,
    DecisionCopy,
    Hearing,
    Letter,
    Notice,
    StudentAnswer,
)

logger = logging.getLogger(__name__)


class DisciplineError(PolicyError):
    """A step the policy forbids; the message says why and is shown as it is."""


class CaseTransitionError(DisciplineError, TransitionError):
    """An illegal move; the message says why in words a Board member understands."""


SOURCE_RULE = {
    Case.Source.ATTENDANCE: "ATT-6",
    Case.Source.INTELLECTUAL_PROPERTY: "IP-2",
    Case.Source.COMMITMENT: "COM-1",
    Case.Source.CONDUCT: "CON-1",
    Case.Source.FRAUD: "DIS-11",
    Case.Source.OTHER: "DIS-11",
}


def case_transition(*, case: Case, to: str, by=None, note: str = "", at: datetime | None = None) -> bool:
    """Move a case to ``to`` if the declared workflow allows it; record who and when on the timeline.
    No-op if unchanged."""
    previous = case.status
    at = at or timezone.now()
    also = ["withdrawn_reason"] if to == Case.Status.WITHDRAWN else []
    try:
        moved = transition(case, to, by=by, at=at, reason=note, also=also)
    except TransitionError as exc:
        raise CaseTransitionError(str(exc)) from exc
    if moved:
        CaseEvent.objects.create(case=case, at=at, actor=by, from_status=previous, to_status=to, note=note)
    return moved


def _event(case: Case, *, by, note: str, at: datetime | None = None) -> None:
    CaseEvent.objects.create(
        case=case,
        at=at or timezone.now(),
        actor=by,
        from_status=case.status,
        to_status=case.status,
        note=note,
    )


def _lock_case(case_id: int) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("enrolment__student", "enrolment__path__learning_manager", "enrolment__mentor")
        .get(pk=case_id)
    )


def _lock_hearing(hearing_id: int) -> Hearing:
    return Hearing.objects.select_for_update(of=("self",)).select_related("case").get(pk=hearing_id)


# --- ATT-6: runs of unauthorised absences are referred to the Board ----------------------------------


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
    """ATT-6: three consecutive unauthorised absences open one case, the sessions attached as evidence. Its
    summary, ground and evidence are the student's to read (the notice, the registered letter quote them):
    they are written in the student's language, whoever's request set the sweep off."""
    with translation.override(enrolment.student.language or settings.LANGUAGE_CODE):
        dates = ", ".join(
            date_format(timezone.localtime(s.scheduled_start), "SHORT_DATE_FORMAT") for s in sessions
        )
        case = Case(
            enrolment=enrolment,
            source=Case.Source.ATTENDANCE,
            opened_at=now,
            summary=_("Three consecutive unauthorised absences from weekly mentoring sessions (%(dates)s).")
            % {"dates": dates},
        )
        history_note(case, at=now, reason=_("Opened by the attendance rules (ATT-6)."))
        case.save()
        CaseEvent.objects.create(
            case=case,
            at=now,
            to_status=Case.Status.OPENED,
            note=_("Opened automatically by the attendance rules (ATT-6)."),
        )
        CaseGround.objects.create(
            case=case,
            rule="ATT-6",
            statement=_(
                "Three consecutive unauthorised absences from mentoring sessions on %(dates)s (ATT-6)."
            )
            % {"dates": dates},
        )
        for s in sessions:
            CaseEvidence.objects.create(
                case=case,
                session=s,
                added_at=now,
                description=_("Session of %(when)s: %(outcome)s (%(reason)s)")
                % {
                    "when": date_format(timezone.localtime(s.scheduled_start), "SHORT_DATETIME_FORMAT"),
                    "outcome": s.get_outcome_display().lower(),
                    "reason": s.get_absence_reason_display().lower(),
                },
            )
    _notify_referral(case, sessions)
    return case


@transaction.atomic
def attendance_referrals_reconcile(
    *, enrolment_id: int, now: datetime, correction: str = "", by=None
) -> tuple[list[int], list[int]]:
    """ATT-6: open one case per run of three; withdraw a case a correction broke before the Board met.

    The enrolment row is locked, so an event and an overlapping sweep never both open the same case.
    Returns (opened case ids, withdrawn case ids).
    """
    enrolment = student_selectors.enrolment_for_update(enrolment_id=enrolment_id)
    sessions = mentoring_selectors.sessions_in_order(enrolment_id=enrolment_id)
    items = [mentoring_rules.RunItem(s.pk, mentoring_rules.Outcome(s.outcome)) for s in sessions]
    withdrawn, referred = [], set()
    for case in selectors.attendance_cases_open(enrolment_id=enrolment_id):
        ids = {e.session_id for e in case.evidence.all() if e.session_id}
        if mentoring_rules.att6_case_still_stands(items, ids):
            referred |= ids
        elif selectors.case_can_be_withdrawn(case=case):
            case_withdraw(
                case=case,
                by=by,
                at=now,
                reason=(
                    _(
                        "The run of three unauthorised absences no longer stands after a correction: "
                        "%(correction)s (ATT-6)."
                    )
                    % {"correction": correction}
                    if correction
                    else _(
                        "The run of three unauthorised absences no longer stands after a correction (ATT-6)."
                    )
                ),
            )
            withdrawn.append(case.pk)
        else:
            referred |= ids
    by_id = {s.pk: s for s in sessions}
    opened = [
        case_open_for_attendance(enrolment=enrolment, sessions=[by_id[pk] for pk in run], now=now).pk
        for run in mentoring_rules.att6_referrals(items, referred)
    ]
    return opened, withdrawn


@dataclass
class ReferralReport:
    candidate_enrolments: int = 0
    cases_opened: list[int] = field(default_factory=list)
    full_pass: bool = False


# ATT-6's sweep looks where something changed since an hour before the last full pass (at most a day and an
# hour of changes, read through the history tables' date index). A change is dated by its service's ``now``,
# not by its commit: the hour covers a transaction still running at that pass, and anything committed before
# it was seen by the pass itself. Every enrolment is read once a day, and when the mark is lost or
# unreadable (it lives in the cache) or the clock went back, for changes no history recorded (a data fix in
# SQL). The mark: (the last full pass, the last sweep), at the sweeps' ``now``.
REFERRAL_SWEEP_MARK = "discipline:att6-sweep"
REFERRAL_SWEEP_OVERLAP = timedelta(hours=1)
REFERRAL_FULL_PASS_EVERY = timedelta(days=1)


def attendance_referrals_sweep(*, now: datetime | None = None, full: bool = False) -> ReferralReport:
    """ATT-6, set-based (Celery beat): the runs no event referred — one query finds the enrolments, among
    those changed since the last full pass (every enrolment when ``full``, and once a day)."""
    now = now or timezone.now()
    mark = _sweep_mark()
    full = (
        full or mark is None or not (mark[0] <= mark[1] <= now) or now - mark[0] >= REFERRAL_FULL_PASS_EVERY
    )
    candidates = selectors.enrolments_with_unreferred_runs(
        run_length=mentoring_rules.REFERRAL_RUN_LENGTH,
        changed_since=None if full else mark[0] - REFERRAL_SWEEP_OVERLAP,
    )
    report = ReferralReport(candidate_enrolments=len(candidates), full_pass=full)
    for enrolment_id in candidates:
        opened, _withdrawn = attendance_referrals_reconcile(enrolment_id=enrolment_id, now=now)
        report.cases_opened += opened
    try:
        cache.set(REFERRAL_SWEEP_MARK, (now if full else mark[0], now), timeout=None)
    except Exception:  # the cache is down: the next sweep cannot read the mark and makes a full pass
        logger.warning("ATT-6 sweep: the cache is unavailable, the mark is not kept", exc_info=True)
    return report


def _sweep_mark() -> tuple[datetime, datetime] | None:
    try:
        return cache.get(REFERRAL_SWEEP_MARK)
    except Exception:  # the cache is down: no mark, so a full pass — slower, never narrower
        logger.warning("ATT-6 sweep: the cache is unavailable, every enrolment is read", exc_info=True)
        return None


# --- The proceedings, step by step (DIS-1 … DIS-11) -----------------------------------------------


@transaction.atomic
def case_open(
    *,
    enrolment,
    source: str,
    summary: str,
    by,
    submission=None,
    presentation=None,
    evidence_upload=None,
    now: datetime | None = None,
) -> Case:
    """Open a case: COM-1, CON-1, fraud or another breach (DIS-11) by a mentor or Student Success, with the
    facts, with the presentation as evidence when fraud happened at one; IP-2 when plagiarism, cheating or
    copied work is flagged — the Board takes it up at once, with
    the flagged work attached and no triage step. An uploaded piece of evidence is kept only when the case
    opens."""
    now = now or timezone.now()
    if source not in Case.Source.values or source == Case.Source.ATTENDANCE:
        raise DisciplineError(
            _("Choose the grounds: lack of commitment, conduct, plagiarism, fraud or another breach.")
        )
    if not summary.strip():
        raise DisciplineError(_("State the facts: the Board and the student will read them."))
    if source == Case.Source.INTELLECTUAL_PROPERTY and submission is None:
        raise DisciplineError(_("Attach the flagged work (IP-2)."))
    if submission is not None and submission.enrolment_id != enrolment.pk:
        raise DisciplineError(_("The flagged work is not this student's."))
    if presentation is not None:
        if presentation.submission.enrolment_id != enrolment.pk:
            raise DisciplineError(_("The presentation is not this student's."))
        problem = rules.presentation_fraud_problem(
            started=presentation.scheduled_start <= now,
            cancelled=presentation.status == Presentation.Status.CANCELLED,
            case_id=selectors.case_holding_presentation(presentation_id=presentation.pk),
        )
        if problem:
            raise DisciplineError(problem)
    case = Case(enrolment=enrolment, source=source, summary=summary, opened_at=now, opened_by=by)
    opened_note = _("Opened (%(rule)s).") % {"rule": SOURCE_RULE[source]}
    history_note(case, by=by, at=now, reason=opened_note)
    case.save()
    CaseEvent.objects.create(case=case, at=now, actor=by, to_status=Case.Status.OPENED, note=opened_note)
    CaseGround.objects.create(case=case, rule=SOURCE_RULE[source], statement=summary.strip())
    if submission is not None:
        CaseEvidence.objects.create(
            case=case,
            submission=submission,
            added_by=by,
            added_at=now,
            description=_("Flagged work: %(project)s") % {"project": submission.project.title},
        )
    if presentation is not None:
        when = timezone.localtime(presentation.scheduled_start)
        CaseEvidence.objects.create(
            case=case,
            presentation=presentation,
            submission=presentation.submission,
            added_by=by,
            added_at=now,
            description=(
                _("Final presentation of %(project)s on %(date)s at %(time)s")
                % {
                    "project": presentation.submission.project.title,
                    "date": date_format(when, "SHORT_DATE_FORMAT"),
                    "time": time_format(when, "TIME_FORMAT"),
                }
            )[:255],
        )
    if evidence_upload is not None:
        document = student_services.document_store(
            upload=evidence_upload, student=enrolment.student, by=by, kind=Document.Kind.EVIDENCE
        )
        CaseEvidence.objects.create(
            case=case, document=document, added_by=by, added_at=now, description=document.original_name
        )
    return case


@transaction.atomic
def case_ground_add(
    *, case_id: int, by, rule: str, statement: str, now: datetime | None = None
) -> CaseGround:
    """A further complaint, until the hearing: it is communicated to the student like the first ones, and a
    hearing already scheduled needs a new notice stating it (DIS-3, DIS-4)."""
    now = now or timezone.now()
    case = _lock_case(case_id)
    if case.status in Case.COMPLAINTS_CLOSED:
        raise DisciplineError(
            _(
                "The hearing has taken place: the student must be heard on every complaint, so a new "
                "complaint opens a new case (DIS-4, DIS-6)."
            )
        )
    if not rule.strip() or not statement.strip():
        raise DisciplineError(_("Name the rule breached and state the complaint."))
    ground = CaseGround(case=case, rule=rule.strip().upper(), statement=statement.strip())
    history_note(ground, by=by, at=now, reason=_("Complaint added."))
    ground.save()
    _event(
        case,
        by=by,
        at=now,
        note=_("Complaint added (%(rule)s); to communicate to the student (DIS-4).") % {"rule": ground.rule},
    )
    return ground


@transaction.atomic
def complaints_communicate(*, case_id: int, by, now: datetime | None = None) -> Case:
    """DIS-4: the student is told every complaint before anything else; they can answer in writing. A
    complaint added later is communicated the same way, and nothing is decided until it is."""
    now = now or timezone.now()
    case = _lock_case(case_id)
    waiting = list(case.grounds.filter(communicated_at__isnull=True).order_by("pk"))
    if case.status in Case.OVER:
        raise DisciplineError(_("The case is over."))
    if not waiting:
        if not case.grounds.exists():
            raise DisciplineError(_("There is no complaint to communicate."))
        raise DisciplineError(_("The complaints were already communicated to the student."))
    first_time = case.status == Case.Status.OPENED
    for ground in waiting:
        ground.communicated_at = now
        history_note(ground, by=by, at=now, reason=_("Communicated to the student (DIS-4)."))
        ground.save(update_fields=["communicated_at"])
    if first_time:
        case_transition(
            case=case,
            to=Case.Status.COMPLAINTS_COMMUNICATED,
            by=by,
            at=now,
            note=_("Complaints communicated to the student (DIS-4)."),
        )
    else:
        _event(case, by=by, at=now, note=_("Further complaints communicated to the student (DIS-4)."))
    student = case.enrolment.student
    email_enqueue(
        key=f"dis4-complaints:{case.pk}" + ("" if first_time else f":{waiting[0].pk}"),
        to=[student.email],
        template="discipline/email/complaints",
        context={"case": case, "student": student, "grounds": waiting, "site_url": settings.SITE_URL},
    )
    return case


@transaction.atomic
def student_answer_submit(*, case_id: int, student, text: str, now: datetime | None = None) -> StudentAnswer:
    now = now or timezone.now()
    case = _lock_case(case_id)
    if case.enrolment.student_id != student.pk:
        raise DisciplineError(_("This is not your case."))
    if case.status in (Case.Status.OPENED, Case.Status.CLOSED, Case.Status.WITHDRAWN):
        raise DisciplineError(
            _("You can answer once the complaints were communicated, until the case is closed.")
        )
    if not text.strip():
        raise DisciplineError(_("Write your answer."))
    answer = StudentAnswer(case=case, text=text.strip(), submitted_at=now)
    history_note(answer, by=student, at=now)
    answer.save()
    _event(case, by=student, at=now, note=_("The student answered in writing."))
    return answer


def _seat_facts(case: Case, seats) -> list[rules.Seat]:
    return [
        rules.Seat(
            role=rules.SeatRole(role),
            user_id=user.pk,
            is_head_of_learning=user.has_role(Role.HEAD_OF_LEARNING),
            is_paths_learning_manager=user.pk == case.enrolment.path.learning_manager_id,
            is_student_on_same_path=user.has_role(Role.STUDENT)
            and student_selectors.is_active_student_on_path(
                student_id=user.pk, path_id=case.enrolment.path_id
            ),
        )
        for role, user in seats
    ]


@transaction.atomic
def board_compose(
    *, case_id: int, by, chair, learning_manager, representative=None, now: datetime | None = None
) -> list[BoardSeat]:
    """DIS-1: the Head of Learning chairs, with the path's Learning Manager; a student representative
    may sit in an advisory role. A Board that does not fit is refused."""
    case = _lock_case(case_id)
    if case.status not in (
        Case.Status.OPENED,
        Case.Status.COMPLAINTS_COMMUNICATED,
        Case.Status.HEARING_SCHEDULED,
    ):
        raise DisciplineError(_("The Board can no longer change: the hearing has taken place."))
    seats = [(BoardSeat.Role.CHAIR, chair), (BoardSeat.Role.LEARNING_MANAGER, learning_manager)]
    if representative is not None and representative.pk == case.enrolment.student_id:
        raise DisciplineError(
            _("The student under proceedings cannot sit as the student representative (DIS-1).")
        )
    if representative is not None:
        seats.append((BoardSeat.Role.STUDENT_REPRESENTATIVE, representative))
    problems = rules.board_problems(_seat_facts(case, seats))
    if problems:
        raise DisciplineError(" ".join(problems))
    for seat in BoardSeat.objects.filter(case=case):
        history_note(seat, by=by, reason=_("Board composed again (DIS-1)."))
        seat.delete()
    created = []
    for role, user in seats:
        seat = BoardSeat(case=case, role=role, user=user)
        history_note(seat, by=by, reason=_("Board composed (DIS-1)."))
        seat.save()
        created.append(seat)
    _event(
        case,
        by=by,
        at=now,
        note=_("Board: %(seats)s") % {"seats": "; ".join(str(s) for s in created)},
    )
    return created


def _notice_text(case: Case) -> tuple[str, str]:
    purpose = _(
        "Meeting of the Disciplinary Board about case #%(id)s: the Board will state the grounds of "
        "any planned penalty and hear your explanations (DIS-6)."
    ) % {"id": case.pk}
    complaints = "\n".join(f"- {_complaint_line(g)}" for g in case.grounds.order_by("pk"))
    return purpose, complaints


def _complaint_line(ground: CaseGround) -> str:
    return f"{ground.statement} ({ground.rule})"


def _cancel_upcoming_hearings(case: Case, *, by, at: datetime, reason: str) -> list[Hearing]:
    upcoming = list(
        Hearing.objects.select_for_update(of=("self",)).filter(
            case=case, status__in=[Hearing.Status.PROPOSED, Hearing.Status.CONFIRMED]
        )
    )
    for hearing in upcoming:
        transition(hearing, Hearing.Status.CANCELLED, by=by, at=at, reason=reason)
    return upcoming


@transaction.atomic
def hearing_schedule(
    *, case_id: int, by, start: datetime, video_link: str, channel: str = "email", now: datetime | None = None
) -> Hearing:
    """DIS-2, DIS-3: a hearing by video conference, with a written notice at least 72 hours before.
    Moving a hearing sends a new notice and restarts the 72 hours."""
    now = now or timezone.now()
    case = _lock_case(case_id)
    if case.status not in (Case.Status.COMPLAINTS_COMMUNICATED, Case.Status.HEARING_SCHEDULED):
        raise DisciplineError(_("Communicate the complaints to the student first (DIS-4)."))
    if case.grounds.filter(communicated_at__isnull=True).exists():
        raise DisciplineError(
            _("A complaint has not been communicated to the student yet: communicate it first (DIS-4).")
        )
    if not BoardSeat.objects.filter(case=case, role=BoardSeat.Role.CHAIR).exists():
        raise DisciplineError(_("Compose the Board first (DIS-1)."))
    if channel not in Notice.Channel.values:
        raise DisciplineError(_("Choose how the notice reaches the student: e-mail or handed over (DIS-3)."))
    if not video_link.strip().startswith("https://"):
        raise DisciplineError(_("Give the https link of the video conference (DIS-2)."))
    problem = rules.hearing_start_problem(start=start, now=now, tz=timezone.get_current_timezone())
    if problem:
        raise DisciplineError(problem)
    moved = _cancel_upcoming_hearings(case, by=by, at=now, reason=_("Moved: a new notice is sent (DIS-3)."))
    hearing = Hearing(case=case, scheduled_start=start, video_link=video_link.strip())
    history_note(hearing, by=by, at=now, reason=_("Scheduled (DIS-2)."))
    hearing.save()
    # DIS-3: the notice is the student's, written in their language as the registered letter is (DIS-8).
    with translation.override(letter_language(case.enrolment.student)):
        purpose, complaints = _notice_text(case)
    notice = Notice(
        hearing=hearing,
        channel=channel,
        purpose=purpose,
        complaints=complaints,
        hearing_start=start,
        video_link=hearing.video_link,
        states_right_to_representative=True,
        # Handed over: given when the student signs the receipt (notice_record_receipt), not before.
        sent_at=now if channel == Notice.Channel.EMAIL else None,
    )
    history_note(notice, by=by, at=now, reason=_("Notice of the hearing (DIS-3)."))
    notice.save()
    case_transition(
        case=case,
        to=Case.Status.HEARING_SCHEDULED,
        by=by,
        at=now,
        note=(
            _("Hearing moved to %(when)s; notice sent (%(channel)s).")
            if moved
            else _("Hearing scheduled for %(when)s; notice sent (%(channel)s).")
        )
        % {
            "when": date_format(timezone.localtime(start), "DATETIME_FORMAT"),
            "channel": notice.get_channel_display(),
        },
    )
    if channel == Notice.Channel.EMAIL:
        student = case.enrolment.student
        email_enqueue(
            key=f"dis3-notice:{notice.pk}",
            to=[student.email],
            template="discipline/email/notice",
            context={"notice": notice, "case": case, "student": student, "site_url": settings.SITE_URL},
        )
    return hearing


@transaction.atomic
def notice_record_receipt(*, notice_id: int, signed_at: datetime, by, now: datetime | None = None) -> Notice:
    notice = Notice.objects.select_for_update(of=("self",)).select_related("hearing__case").get(pk=notice_id)
    if notice.channel != Notice.Channel.HAND_DELIVERED:
        raise DisciplineError(_("Only a notice handed over has a receipt."))
    problem = rules.receipt_problem(
        signed_at=signed_at, now=now or timezone.now(), hearing_start=notice.hearing.scheduled_start
    )
    if problem:
        raise DisciplineError(problem)
    # Handed over against a receipt: the notice counts as given when the student signed for it.
    notice.receipt_signed_at = signed_at
    notice.sent_at = signed_at
    history_note(notice, by=by, reason=_("Receipt signed by the student (DIS-3)."))
    notice.save(update_fields=["receipt_signed_at", "sent_at"])
    _event(
        notice.hearing.case,
        by=by,
        note=_("Receipt of the notice signed %(when)s.")
        % {"when": date_format(timezone.localtime(signed_at), "SHORT_DAY_TIME_FORMAT")},
    )
    return notice


def _notice_facts(notice: Notice) -> rules.NoticeFacts:
    grounds = notice.hearing.case.grounds.all()
    return rules.NoticeFacts(
        states_every_complaint=all(_complaint_line(g) in notice.complaints for g in grounds),
        sent_at=notice.sent_at,
        hearing_start=notice.hearing.scheduled_start,
        stated_start=notice.hearing_start,
        purpose=notice.purpose,
        complaints=notice.complaints,
        video_link=notice.video_link,
        states_right_to_representative=notice.states_right_to_representative,
        hand_delivered=notice.channel == notice.Channel.HAND_DELIVERED,
        receipt_signed_at=notice.receipt_signed_at,
    )


@transaction.atomic
def hearing_confirm(*, hearing_id: int, by, now: datetime | None = None) -> Hearing:
    """DIS-3: a hearing cannot be confirmed without a compliant notice sent in time."""
    hearing = _lock_hearing(hearing_id)
    if hearing.status != Hearing.Status.PROPOSED:
        raise DisciplineError(_("Only a proposed hearing can be confirmed."))
    notice = hearing.notices.order_by("-sent_at").first()
    if notice is None:
        raise DisciplineError(_("No notice was sent for this hearing (DIS-3)."))
    problems = rules.notice_problems(_notice_facts(notice))
    if problems:
        raise DisciplineError(" ".join(problems))
    note = _("Hearing confirmed: the notice is compliant and was sent in time (DIS-3).")
    transition(hearing, Hearing.Status.CONFIRMED, by=by, at=now, reason=note)
    _event(hearing.case, by=by, note=note)
    return hearing


@transaction.atomic
def hearing_record(
    *,
    hearing_id: int,
    by,
    student_attended: bool,
    representative_attended: bool | None,
    minutes_grounds: str,
    minutes_explanations: str,
    now: datetime | None = None,
) -> Hearing:
    """DIS-5, DIS-6: attendance and minutes. A hearing the student misses goes ahead."""
    now = now or timezone.now()
    hearing = _lock_hearing(hearing_id)
    if hearing.status != Hearing.Status.CONFIRMED:
        raise DisciplineError(_("Confirm the hearing first: its notice must be compliant (DIS-3)."))
    if now < hearing.scheduled_start:
        raise DisciplineError(_("The hearing has not started yet."))
    if not minutes_grounds.strip():
        raise DisciplineError(_("The minutes record the grounds the Board stated (DIS-6)."))
    if student_attended and not minutes_explanations.strip():
        raise DisciplineError(_("The minutes record the student's explanations (DIS-6)."))
    hearing.student_attended = student_attended
    hearing.representative_attended = representative_attended
    hearing.minutes_grounds = minutes_grounds.strip()
    hearing.minutes_explanations = minutes_explanations.strip() or _("The student did not attend (DIS-5).")
    transition(
        hearing,
        Hearing.Status.HELD,
        by=by,
        at=now,
        reason=_("Attendance and minutes recorded (DIS-6)."),
        also=["student_attended", "representative_attended", "minutes_grounds", "minutes_explanations"],
    )
    case = _lock_case(hearing.case_id)
    case_transition(
        case=case,
        to=Case.Status.HEARING_HELD,
        by=by,
        at=now,
        note=_("Hearing held.") if student_attended else _("Hearing held without the student (DIS-5)."),
    )
    return hearing


@transaction.atomic
def hearing_postpone_for_proof(
    *,
    hearing_id: int,
    by,
    kind: str,
    proof=None,
    proof_upload=None,
    new_start: datetime,
    video_link: str,
    now: datetime | None = None,
) -> Hearing:
    """DIS-5: an official proof of accident, illness or bereavement postpones the hearing; a new notice
    (DIS-3) goes out and the 72 hours start again. An uploaded proof is kept only when it postpones."""
    now = now or timezone.now()
    hearing = _lock_hearing(hearing_id)
    if hearing.status not in (Hearing.Status.PROPOSED, Hearing.Status.CONFIRMED):
        raise DisciplineError(_("Only an upcoming hearing can be postponed."))
    if kind not in {k.value for k in rules.ExtenuatingKind}:
        raise DisciplineError(
            _("Only an accident, an illness or the death of an immediate relative postpone (DIS-5).")
        )
    if proof is None and proof_upload is None:
        raise DisciplineError(_("Attach the official document (DIS-5)."))
    if not rules.absence_postpones(student_attended=False, official_proof=rules.ExtenuatingKind(kind)):
        raise DisciplineError(_("The hearing goes ahead without the student (DIS-5)."))
    problem = rules.hearing_start_problem(start=new_start, now=now, tz=timezone.get_current_timezone())
    if problem:
        raise DisciplineError(problem)
    if proof is None:
        proof = student_services.document_store(
            upload=proof_upload,
            student=hearing.case.enrolment.student,
            by=by,
            kind=Document.Kind.EXTENUATING_PROOF,
        )
    hearing.extenuating_kind = kind
    hearing.extenuating_proof = proof
    hearing.postponement_reason = {
        rules.ExtenuatingKind.ACCIDENT: _("Official proof of accident (DIS-5)."),
        rules.ExtenuatingKind.ILLNESS: _("Official proof of illness (DIS-5)."),
        rules.ExtenuatingKind.BEREAVEMENT: _("Official proof of death of an immediate relative (DIS-5)."),
    }[rules.ExtenuatingKind(kind)]
    transition(
        hearing,
        Hearing.Status.POSTPONED,
        by=by,
        at=now,
        reason=hearing.postponement_reason,
        also=["extenuating_kind", "extenuating_proof", "postponement_reason"],
    )
    return hearing_schedule(case_id=hearing.case_id, by=by, start=new_start, video_link=video_link, now=now)


# --- The decision and its effects (DIS-7) ----------------------------------------------------------


@transaction.atomic
def decision_record(
    *, case_id: int, by, penalty: str, grounds: str, effective_from: date | None = None, now=None
) -> Decision:
    """DIS-7: no penalty, a warning, a one-month suspension or permanent exclusion, with the grounds.
    Only the Board's voting members decide, after the student was told every complaint (DIS-4)."""
    now = now or timezone.now()
    case = _lock_case(case_id)
    hearing = case.hearings.filter(status=Hearing.Status.HELD).order_by("-scheduled_start").first()
    grounds_told = [g.communicated_at is not None for g in case.grounds.all()]
    problem = rules.can_decide(
        complaints_communicated=bool(grounds_told) and all(grounds_told),
        hearing_held=hearing is not None and case.status == Case.Status.HEARING_HELD,
    )
    if problem:
        raise DisciplineError(problem)
    seat = BoardSeat.objects.filter(case=case, user=by).first()
    if seat is None or not rules.can_vote(rules.SeatRole(seat.role)):
        raise DisciplineError(
            _("Only the Board's voting members decide (DIS-1): the chair or the Learning Manager.")
        )
    if penalty not in Decision.Penalty.values:
        raise DisciplineError(
            _("Choose the decision: no penalty, warning, suspension or permanent exclusion.")
        )
    if not grounds.strip():
        raise DisciplineError(_("State the grounds of the decision (DIS-7)."))
    problem = rules.letter_address_problem(postal_address=case.enrolment.student.postal_address)
    if problem:
        raise DisciplineError(problem)
    effective_from = effective_from or timezone.localdate(now)
    problem = rules.penalty_start_problem(effective_from=effective_from, decided_on=timezone.localdate(now))
    if problem:
        raise DisciplineError(problem)
    until = None
    if penalty == Decision.Penalty.SUSPENSION:
        _starts, until = rules.suspension_period(effective_from)
    elif penalty == Decision.Penalty.EXCLUSION:
        until = rules.exclusion_ban_until(effective_from)
    decision = Decision(
        case=case,
        hearing=hearing,
        penalty=penalty,
        grounds=grounds.strip(),
        decided_at=now,
        decided_by=by,
        effective_from=effective_from if penalty != Decision.Penalty.NONE else None,
        effective_until=until,
    )
    history_note(decision, by=by, at=now, reason=_("Decided by the Board (DIS-7)."))
    decision.save()
    case_transition(
        case=case,
        to=Case.Status.DECIDED,
        by=by,
        at=now,
        note=_("Decision: %(penalty)s.") % {"penalty": decision.get_penalty_display()},
    )
    letter = Letter(decision=decision)
    history_note(letter, by=by, at=now, reason=_("To generate and send by registered post (DIS-8)."))
    letter.save()
    # tasks import this module (three-line tasks calling services): imported when first needed.
    from .tasks import generate_letter  # noqa: PLC0415

    send_task_on_commit(generate_letter, letter.pk)
    penalty_apply(decision_id=decision.pk, today=timezone.localdate(now), now=now)
    return decision


@transaction.atomic
def penalty_apply(*, decision_id: int, today: date, now: datetime | None = None) -> bool:
    """Make a decision take effect (idempotent): e-mail a warning; suspend for a month; exclude. The
    enrolment itself is changed by ``students.services``; its sessions follow (``enrolment_paused``)."""
    decision = Decision.objects.select_related("case__enrolment__student").get(pk=decision_id)
    enrolment = student_selectors.enrolment_for_update(enrolment_id=decision.case.enrolment_id)
    student = enrolment.student
    if decision.penalty in (Decision.Penalty.SUSPENSION, Decision.Penalty.EXCLUSION) and (
        enrolment.status not in Enrolment.CURRENT_STATUSES or decision.effective_from > today
    ):
        return False
    if decision.penalty == Decision.Penalty.WARNING:
        email_enqueue(
            key=f"dis7-warning:{decision.pk}",
            to=[student.email],
            template="discipline/email/warning",
            context={"decision": decision, "student": student},
        )
        return True
    if decision.penalty == Decision.Penalty.SUSPENSION:
        if decision.effective_until <= today:
            return False
        if (
            enrolment.status == Enrolment.Status.ACTIVE
            or enrolment.suspended_until != decision.effective_until
        ):
            student_services.enrolment_suspend(
                enrolment_id=enrolment.pk,
                starts_on=decision.effective_from,
                until=decision.effective_until,
                rule="DIS-7",
                reason=_("Suspension decided by the Disciplinary Board, case #%(id)s.")
                % {"id": decision.case_id},
                by=decision.decided_by,
                now=now,
            )
            email_enqueue(
                key=f"dis7-suspension:{decision.pk}",
                to=[student.email],
                template="discipline/email/suspension",
                context={"decision": decision, "student": student},
            )
        return True
    if decision.penalty == Decision.Penalty.EXCLUSION:
        excluded = student_services.enrolment_exclude(
            enrolment_id=enrolment.pk,
            on=decision.effective_from,
            ban_until=rules.exclusion_ban_until(decision.effective_from),
            reason=_("Permanent exclusion by the Disciplinary Board, case #%(id)s.")
            % {"id": decision.case_id},
            by=decision.decided_by,
            now=now,
        )
        if excluded:
            email_enqueue(
                key=f"dis7-exclusion:{decision.pk}",
                to=[student.email],
                template="discipline/email/exclusion",
                context={"decision": decision, "student": student},
            )
        return True
    return False


def penalties_sync(*, today: date) -> tuple[int, int]:
    """Celery beat, daily: start suspensions whose day has come; resume trainings whose suspension ended."""
    due = Decision.objects.filter(
        Q(penalty=Decision.Penalty.SUSPENSION, effective_until__gt=today)
        | Q(penalty=Decision.Penalty.EXCLUSION),
        effective_from__lte=today,
        case__enrolment__status=Enrolment.Status.ACTIVE,
    )
    started = sum(penalty_apply(decision_id=pk, today=today) for pk in due.values_list("pk", flat=True))
    resumed = student_services.enrolments_resume_due(today=today)
    return started, resumed


# --- The registered letter and its copies (DIS-8, DIS-9) -------------------------------------------


def letter_generate(*, letter_id: int, now: datetime | None = None) -> bool:
    """Render the letter once, as PDF/A, dated the day it is generated; a second run does nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        letter = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("decision__case__enrolment__student")
            .get(pk=letter_id)
        )
        if letter.pdf:
            return False
        problem = rules.letter_address_problem(
            postal_address=letter.decision.case.enrolment.student.postal_address
        )
        if problem:
            raise DisciplineError(problem)
        pdf = render_letter_pdf(decision=letter.decision, today=timezone.localdate(now))
        letter.pdf.save(f"decision-{letter.decision.case_id}.pdf", ContentFile(pdf), save=False)
        letter.generated_at = now
        history_note(letter, reason=_("Generated (DIS-8)."))
        letter.save(update_fields=["pdf", "generated_at"])
        return True


def letters_generate_pending(*, limit: int, today: date | None = None) -> int:
    """Issue 17: letters no task generated (the broker was down after the decision), for the documents
    sweep (``openclassrooms.core.services.documents_resume``): only while DIS-8's window is open — a letter
    past day 15 can no longer be sent, whether or not the daily watch has flagged it yet — and never one
    whose case retention erased."""
    today = today or timezone.localdate()
    waiting = (
        Letter.objects.filter(
            generated_at__isnull=True, dispatched_on__isnull=True, window_missed_at__isnull=True
        )
        .exclude(decision__case__summary=retention.ERASED)
        .select_related("decision__hearing")
        .only("pk", "decision__hearing__scheduled_start")
        .order_by("pk")
    )
    ids = [
        letter.pk
        for letter in waiting
        if not rules.letter_window_missed(
            hearing_date=timezone.localtime(letter.decision.hearing.scheduled_start).date(), today=today
        )
    ][:limit]
    return pending_do(lambda pk: letter_generate(letter_id=pk), ids, what="Letter")


@transaction.atomic
def letter_dispatch(
    *, letter_id: int, by, dispatched_on: date, registered_number: str, now: datetime | None = None
) -> Letter:
    """DIS-8: sent by registered post between day 2 and day 15 after the hearing; then nothing changes.
    DIS-9: a copy to every funding body paying and to the employer of a company training plan."""
    now = now or timezone.now()
    letter = (
        Letter.objects.select_for_update(of=("self",))
        .select_related("decision__hearing", "decision__case")
        .get(pk=letter_id)
    )
    if letter.dispatched_on:
        raise DisciplineError(_("The letter was already sent: the decision can no longer change (DIS-8)."))
    if not letter.pdf:
        raise DisciplineError(_("The letter is still being generated; try again in a minute."))
    if not registered_number.strip():
        raise DisciplineError(_("Record the registered-mail number."))
    hearing_date = timezone.localtime(letter.decision.hearing.scheduled_start).date()
    problem = rules.dispatch_problem(
        hearing_date=hearing_date, dispatch_date=dispatched_on, today=timezone.localdate(now)
    )
    if problem:
        raise DisciplineError(problem)
    letter.dispatched_on = dispatched_on
    letter.registered_number = registered_number.strip()
    history_note(letter, by=by, at=now, reason=_("Sent by registered post (DIS-8)."))
    letter.save(update_fields=["dispatched_on", "registered_number"])
    case = _lock_case(letter.decision.case_id)
    case_transition(
        case=case,
        to=Case.Status.LETTER_SENT,
        by=by,
        at=now,
        note=_("Registered letter %(number)s sent on %(date)s (DIS-8).")
        % {"number": letter.registered_number, "date": date_format(dispatched_on, "DATE_FORMAT")},
    )
    for funding in student_selectors.third_party_fundings(enrolment_id=case.enrolment_id):
        body = funding.body
        copy, created = DecisionCopy.objects.get_or_create(
            decision=letter.decision,
            funding_body=body,
            defaults={"address": body.postal_address or body.contact_email, "sent_on": dispatched_on},
        )
        if created and body.contact_email:
            email_enqueue(
                key=f"dis9-copy:{copy.pk}",
                to=[body.contact_email],
                template="discipline/email/copy",
                context={"decision": letter.decision, "case": case, "body": body},
            )
    return letter


@transaction.atomic
def letter_acknowledge(*, letter_id: int, acknowledged_on: date, by, now: datetime | None = None) -> Letter:
    letter = Letter.objects.select_for_update(of=("self",)).select_related("decision__case").get(pk=letter_id)
    if not letter.dispatched_on:
        raise DisciplineError(_("The letter has not been sent yet."))
    if letter.acknowledged_on:
        raise DisciplineError(_("The acknowledgement of receipt is already recorded."))
    problem = rules.acknowledgement_problem(
        acknowledged_on=acknowledged_on, dispatched_on=letter.dispatched_on, today=timezone.localdate(now)
    )
    if problem:
        raise DisciplineError(problem)
    letter.acknowledged_on = acknowledged_on
    history_note(letter, by=by, at=now, reason=_("Acknowledgement of receipt (DIS-8)."))
    letter.save(update_fields=["acknowledged_on"])
    case = _lock_case(letter.decision.case_id)
    case_transition(
        case=case,
        to=Case.Status.CLOSED,
        by=by,
        at=now,
        note=_("Acknowledgement of receipt dated %(date)s.")
        % {"date": date_format(acknowledged_on, "DATE_FORMAT")},
    )
    return letter


@transaction.atomic
def case_withdraw(*, case: Case, reason: str, by=None, at: datetime | None = None) -> bool:
    """Withdraw a case before the Board has met (e.g. a correction broke an ATT-6 run); an upcoming
    hearing is cancelled."""
    if not reason.strip():
        raise DisciplineError(_("Say why the case is withdrawn."))
    at = at or timezone.now()
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == Case.Status.WITHDRAWN:
        return False
    case.withdrawn_reason = reason.strip()
    moved = case_transition(case=case, to=Case.Status.WITHDRAWN, by=by, note=reason.strip(), at=at)
    _cancel_upcoming_hearings(
        case, by=by, at=at, reason=_("The case was withdrawn: %(reason)s") % {"reason": reason.strip()}
    )
    return moved


def letters_watch(*, today: date, now: datetime | None = None) -> tuple[int, int]:
    """Celery beat, daily: remind the chair on day 12; flag a letter not sent by day 15 (DIS-8)."""
    now = now or timezone.now()
    reminded = flagged = 0
    waiting = Letter.objects.filter(dispatched_on__isnull=True).select_related(
        "decision__hearing", "decision__case"
    )
    chairs = selectors.chairs_by_case(case_ids=waiting.values("decision__case_id"))
    for letter in waiting:
        hearing_date = timezone.localtime(letter.decision.hearing.scheduled_start).date()
        case_id = letter.decision.case_id
        last_day = rules.letter_window(hearing_date)[1]
        if letter.reminded_at is None and rules.letter_reminder_due(hearing_date=hearing_date, today=today):
            _letter_mark(letter, "reminded_at", now, _("Day-12 reminder sent to the chair (DIS-8)."))
            if chairs.get(case_id):
                email_enqueue(
                    key=f"dis8-reminder:{letter.pk}",
                    to=[chairs[case_id]],
                    template="discipline/email/letter_reminder",
                    context={"letter": letter, "case_id": case_id, "last_day": last_day},
                )
            reminded += 1
        if letter.window_missed_at is None and rules.letter_window_missed(
            hearing_date=hearing_date, today=today
        ):
            _letter_mark(letter, "window_missed_at", now, _("Not sent by day 15 (DIS-8)."))
            email_enqueue(
                key=f"dis8-missed:{letter.pk}",
                to=[e for e in (chairs.get(case_id), settings.STUDENT_SUCCESS_EMAIL) if e],
                template="discipline/email/letter_missed",
                context={"case_id": case_id, "last_day": last_day},
            )
            flagged += 1
    return reminded, flagged


@transaction.atomic
def _letter_mark(letter: Letter, field_name: str, now: datetime, reason: str) -> None:
    """Set one watch date on a letter, once, under its row lock."""
    locked = Letter.objects.select_for_update(of=("self",)).get(pk=letter.pk)
    if getattr(locked, field_name) is None:
        setattr(locked, field_name, now)
        history_note(locked, at=now, reason=reason)
        locked.save(update_fields=[field_name])


# --- Retention (settings.RETENTION_SCHEDULE) ---------------------------------------------------------------


@transaction.atomic
def cases_purge_expired(*, cutoff: datetime, held: frozenset[int], now: datetime) -> Purged:
    """Retention "cases_and_letters": a case over (closed or withdrawn) whose last step and whose student's
    training both ended before the cutoff is anonymised, in its history too. What it was about goes — the
    facts, the complaints' statements, the evidence's descriptions, the student's answers, the timeline's
    notes, the hearings' links, minutes, proofs' kind and representative, the notices' purpose and
    complaints, the decision's grounds and the registered letter's PDF (deleted from the private storage).
    The evidence's and the postponements' documents are deleted with it (``students.documents_erase``).
    What the Impact Committee's figures count stays: the case's source, dates and status, the complaints'
    rules, the hearings' dates and attendance, the decision's penalty and dates, the letter's dispatch and
    acknowledgement (DIS-8) and the copies' recipients (DIS-9). Cases of a student something holds (another
    case open, a pending jury) stay."""
    day = retention.first_day_kept(cutoff, tz=timezone.get_default_timezone())
    expired = (
        Case.objects.filter(
            status__in=Case.OVER,
            enrolment__student_id__in=student_selectors.students_trained_before(day=day),
            opened_at__lte=cutoff,
        )
        .exclude(Exists(CaseEvent.objects.filter(case=OuterRef("pk"), at__gt=cutoff)))
        .exclude(summary=retention.ERASED)
    )
    rows, kept = core_selectors.retention_batch(
        expired, held=held, student="enrolment__student_id", fields=("opened_at",)
    )
    ids = [pk for pk, _ in rows]
    if ids:
        _case_files_erase(case_ids=ids)
    return Purged(retention.ANONYMISED, ids, *retention.span(at for _, at in rows), held=kept)


def _case_files_erase(*, case_ids: list[int]) -> None:
    erased = retention.ERASED
    by_case = {"key": "case_id", "ids": case_ids}
    records_erase(
        model=Case, ids=case_ids, values={"summary": erased}, where_filled={"withdrawn_reason": erased}
    )
    records_erase(model=CaseEvent, values={"note": ""}, **by_case)
    records_erase(model=CaseGround, values={"statement": erased}, **by_case)
    documents = {
        *CaseEvidence.objects.filter(case_id__in=case_ids).values_list("document_id", flat=True),
        *CaseEvidence.history.filter(case_id__in=case_ids).values_list("document_id", flat=True),
        *Hearing.objects.filter(case_id__in=case_ids).values_list("extenuating_proof_id", flat=True),
        *Hearing.history.filter(case_id__in=case_ids).values_list("extenuating_proof_id", flat=True),
    }
    student_services.documents_erase(document_ids=documents - {None})
    records_erase(model=CaseEvidence, values={"description": erased}, **by_case)
    records_erase(model=StudentAnswer, values={"text": erased}, **by_case)
    hearing_ids = {*Hearing.objects.filter(case_id__in=case_ids).values_list("pk", flat=True)}
    hearing_ids |= {*Hearing.history.filter(case_id__in=case_ids).values_list("id", flat=True)}
    records_erase(
        model=Hearing,
        values={
            "video_link": "",
            "minutes_grounds": "",
            "minutes_explanations": "",
            "extenuating_kind": "",
            "representative": None,
        },
        where_filled={"postponement_reason": erased},
        **by_case,
    )
    records_erase(
        model=Notice,
        key="hearing_id",
        ids=hearing_ids,
        values={"purpose": erased, "complaints": erased, "video_link": ""},
    )
    decision_ids = {*Decision.objects.filter(case_id__in=case_ids).values_list("pk", flat=True)}
    decision_ids |= {*Decision.history.filter(case_id__in=case_ids).values_list("id", flat=True)}
    records_erase(model=Decision, values={"grounds": erased}, **by_case)
    letters = {*Letter.objects.filter(decision_id__in=decision_ids).values_list("pdf", flat=True)}
    letters |= {*Letter.history.filter(decision_id__in=decision_ids).values_list("pdf", flat=True)}
    records_erase(model=Letter, key="decision_id", ids=decision_ids, values={"pdf": ""})
    files_delete_on_commit(storage=private_storage, names=letters)
