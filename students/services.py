"""Writes on students' records: enrolments and their every transition, requests, documents, accommodations,
placements and funding, and the corrections students ask of their profile. The apps above learn what happened
through ``students.signals``."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openclassrooms.accounts import selectors as account_selectors
from openclassrooms.accounts import services as account_services
from openclassrooms.core import retention, uploads
from openclassrooms.core import selectors as core_selectors
from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.retention import Purged
from openclassrooms.core.selectors import retention_holds
from openclassrooms.core.services import email_enqueue, event_emit, files_delete_on_commit, records_erase
from openclassrooms.core.storage import private_storage
from openclassrooms.core.workflows import history_note, transition
from projects import services as project_services

from . import rules, selectors, signals
from .models import (
    Accommodation,
    Document,
    Enrolment,
    EnrolmentFunding,
    EnrolmentPause,
    FundingBody,
    PathChangeRequest,
    Placement,
    ProfileCorrection,
    RequestStatus,
    SuspensionRequest,
    TerminationRequest,
)

MAX_UPLOAD = 10 * 1024 * 1024
DOCUMENT_TYPES = ("application/pdf", "image/png", "image/jpeg")


class DocumentError(PolicyError):
    pass


class EnrolmentError(PolicyError):
    pass


class RequestError(PolicyError):
    """A request or a decision the policy forbids; the message cites the rule and is shown as it is."""


def _today(now: datetime) -> date:
    return timezone.localdate(now)


def _notify(key: str, to: list[str], template: str, context: dict) -> None:
    email_enqueue(
        key=key,
        to=[t for t in to if t],
        template=f"students/email/{template}",
        context={**context, "site_url": settings.SITE_URL},
    )


# --- Documents ------------------------------------------------------------------------------------------


def sniff_content_type(upload) -> str | None:
    """PDF, PNG or JPEG, recognised by their first bytes, not by the file's name."""
    return uploads.sniff_content_type(upload, allowed=DOCUMENT_TYPES)


def document_problem(upload) -> str | None:
    """What is wrong with an uploaded proof or approval, in words; None when it is acceptable."""
    if upload.size == 0:
        return _("The file is empty.")
    if upload.size > MAX_UPLOAD:
        return _("The file is larger than 10 MB.")
    if sniff_content_type(upload) is None:
        return _("Only PDF, PNG or JPEG files are accepted.")
    return None


@transaction.atomic
def document_store(*, upload, student, by, kind: str) -> Document:
    """Keep an uploaded proof or approval in private storage, after checking its type and size."""
    problem = document_problem(upload)
    if problem:
        raise DocumentError(problem)
    document = Document(
        student=student,
        kind=kind,
        file=upload,
        original_name=upload.name[:255],
        content_type=sniff_content_type(upload),
        size=upload.size,
        uploaded_by=by,
    )
    history_note(document, by=by)
    document.save()
    return document


# --- Enrolments and their transitions (students alone moves Enrolment.status) ------------------------------


def enrolment_ban_problem(*, student_id: int, on: date) -> str | None:
    """DIS-7: a permanently excluded person cannot enrol on any path for one year."""
    return rules.enrolment_ban_problem(bans=selectors.enrolment_bans(student_id=student_id), on=on)


@transaction.atomic
def enrolment_create(
    *,
    student,
    path,
    mentor,
    start_date: date,
    planned_end_date: date,
    recording_consent: bool = False,
    previous: Enrolment | None = None,
    by=None,
    now: datetime | None = None,
) -> Enrolment:
    """Enrol a student on a path; refused within a year of a permanent exclusion (DIS-7)."""
    now = now or timezone.now()
    problem = enrolment_ban_problem(student_id=student.pk, on=start_date)
    if problem:
        raise EnrolmentError(problem)
    problem = rules.enrolment_dates_problem(start_date=start_date, planned_end_date=planned_end_date)
    if problem:
        raise EnrolmentError(problem)
    if Enrolment.objects.filter(student=student, status__in=Enrolment.CURRENT_STATUSES).exists():
        raise EnrolmentError(_("This student already has a current enrolment."))
    enrolment = Enrolment(
        student=student,
        path=path,
        mentor=mentor,
        start_date=start_date,
        planned_end_date=planned_end_date,
        recording_consent=recording_consent,
        recording_consent_at=now if recording_consent else None,
        previous=previous,
    )
    history_note(enrolment, by=by, at=now, reason=_("Enrolled."))
    enrolment.save()
    return enrolment


def _lock_enrolment(enrolment_id: int) -> Enrolment:
    return Enrolment.objects.select_for_update(of=("self",)).select_related("student").get(pk=enrolment_id)


@transaction.atomic
def enrolment_suspend(
    *,
    enrolment_id: int,
    starts_on: date,
    until: date,
    rule: str,
    reason: str,
    by=None,
    now: datetime | None = None,
) -> Enrolment:
    """The student is away from ``starts_on`` to the day before ``until`` (SUS-4, DIS-7).

    The sessions of the period are cancelled at once (``enrolment_paused``); the enrolment is suspended on
    the first day and resumes by itself on ``until`` (``enrolments_resume_due``). Called again on the first
    day, it suspends; called for a longer period while suspended, it extends.
    """
    now = now or timezone.now()
    enrolment = _lock_enrolment(enrolment_id)
    if enrolment.status not in Enrolment.CURRENT_STATUSES:
        raise EnrolmentError(
            _("This training has ended (%(status)s): it cannot be suspended.")
            % {"status": enrolment.get_status_display().lower()}
        )
    if until <= starts_on:
        raise EnrolmentError(_("A suspension ends after it starts."))
    _pause(enrolment, starts_on=starts_on, until=until, rule=rule, reason=reason, now=now)
    if starts_on > _today(now):
        return enrolment
    note = _("%(reason)s Suspended until %(day)s (%(rule)s).") % {
        "reason": reason,
        "day": date_format(until - timedelta(days=1), "DATE_FORMAT"),
        "rule": rule,
    }
    if enrolment.status == Enrolment.Status.ACTIVE:
        enrolment.suspended_until = until
        transition(
            enrolment, Enrolment.Status.SUSPENDED, by=by, at=now, reason=note, also=["suspended_until"]
        )
    elif enrolment.suspended_until is None or until > enrolment.suspended_until:
        enrolment.suspended_until = until
        history_note(enrolment, by=by, at=now, reason=note)
        enrolment.save(update_fields=["suspended_until"])
    return enrolment


def _pause(
    enrolment: Enrolment, *, starts_on: date, until: date | None, rule: str, reason: str, now: datetime
) -> EnrolmentPause:
    """Record a period without sessions once (a second call for the same period changes nothing), and tell
    the apps above (``enrolment_paused``): the schedule plans nothing in it."""
    pause, _ = EnrolmentPause.objects.get_or_create(
        enrolment=enrolment,
        starts_on=starts_on,
        until=until,
        rule=rule,
        defaults={"reason": reason[:255], "recorded_at": now},
    )
    event_emit(
        signals.enrolment_paused,
        enrolment_id=enrolment.pk,
        starts_on=starts_on,
        until=until,
        rule=rule,
        reason=reason,
    )
    return pause


@transaction.atomic
def enrolment_resume(*, enrolment_id: int, reason: str, by=None, now: datetime | None = None) -> bool:
    """A suspension (SUS-4 or DIS-7) has ended: the training resumes."""
    enrolment = _lock_enrolment(enrolment_id)
    if enrolment.status != Enrolment.Status.SUSPENDED:
        return False
    enrolment.suspended_until = None
    return transition(
        enrolment, Enrolment.Status.ACTIVE, by=by, at=now, reason=reason, also=["suspended_until"]
    )


def enrolments_resume_due(*, today: date) -> int:
    """Celery beat, daily: every suspension whose last day has passed ends; the training resumes."""
    due = Enrolment.objects.filter(status=Enrolment.Status.SUSPENDED, suspended_until__lte=today)
    return sum(
        enrolment_resume(enrolment_id=pk, reason=_("The suspension ended: the training resumes."))
        for pk in due.values_list("pk", flat=True)
    )


@transaction.atomic
def enrolment_end(
    *, enrolment_id: int, status: str, on: date, rule: str, reason: str, by=None, now: datetime | None = None
) -> bool:
    """The training ends on ``on``: stopped by the student (SUS-1), completed, or moved to another path
    (CHG-1, through ``path_changes_apply_due``). Later sessions are cancelled."""
    if status not in Enrolment.ENDED or status == Enrolment.Status.EXCLUDED:
        raise EnrolmentError(
            _("A training ends as stopped, completed or moved; an exclusion is the Board's.")
        )
    enrolment = _lock_enrolment(enrolment_id)
    enrolment.ended_on = on
    enrolment.suspended_until = None
    moved = transition(
        enrolment, status, by=by, at=now, reason=f"{reason} ({rule})", also=["ended_on", "suspended_until"]
    )
    if moved and status != Enrolment.Status.TRANSFERRED:  # a move is told by enrolment_transferred
        event_emit(
            signals.enrolment_ended, enrolment_id=enrolment.pk, on=on, status=status, rule=rule, reason=reason
        )
    return moved


@transaction.atomic
def enrolment_exclude(
    *, enrolment_id: int, on: date, ban_until: date, reason: str, by=None, now: datetime | None = None
) -> bool:
    """DIS-7: permanent exclusion — the training ends at once, later sessions are cancelled, and no
    enrolment on any path is accepted before ``ban_until``."""
    enrolment = _lock_enrolment(enrolment_id)
    if enrolment.status == Enrolment.Status.EXCLUDED:
        return False
    enrolment.ended_on = on
    enrolment.suspended_until = None
    enrolment.ban_until = ban_until
    transition(
        enrolment,
        Enrolment.Status.EXCLUDED,
        by=by,
        at=now,
        reason=f"{reason} (DIS-7)",
        also=["ended_on", "suspended_until", "ban_until"],
    )
    event_emit(
        signals.enrolment_ended,
        enrolment_id=enrolment.pk,
        on=on,
        status=Enrolment.Status.EXCLUDED.value,
        rule="DIS-7",
        reason=reason,
    )
    return True


@transaction.atomic
def enrolment_assign_mentor(*, enrolment_id: int, mentor, by=None) -> Enrolment:
    """Student Success gives the student another mentor."""
    enrolment = _lock_enrolment(enrolment_id)
    if enrolment.status not in Enrolment.CURRENT_STATUSES:
        raise EnrolmentError(_("This training has ended: its mentor can no longer change."))
    if enrolment.mentor_id == mentor.pk:
        return enrolment
    enrolment.mentor = mentor
    history_note(enrolment, by=by, reason=_("Mentor: %(mentor)s.") % {"mentor": mentor})
    enrolment.save(update_fields=["mentor"])
    event_emit(
        signals.enrolment_mentor_changed, enrolment_id=enrolment.pk, mentor_id=mentor.pk, at=timezone.now()
    )
    return enrolment


@transaction.atomic
def enrolment_recording_consent(
    *, enrolment_id: int, consented: bool, by, now: datetime | None = None
) -> Enrolment:
    """REC-1: the student's consent to being recorded, given or withdrawn after enrolment, recorded by
    Student Success with the day; recordings already made stay (REC-2 governs them)."""
    now = now or timezone.now()
    enrolment = _lock_enrolment(enrolment_id)
    if enrolment.status not in Enrolment.CURRENT_STATUSES:
        raise EnrolmentError(_("This training has ended: its consent no longer changes."))
    if enrolment.recording_consent == consented:
        return enrolment
    enrolment.recording_consent, enrolment.recording_consent_at = consented, now if consented else None
    history_note(
        enrolment,
        by=by,
        at=now,
        reason=_("Consent to being recorded given (REC-1).")
        if consented
        else _("Consent to being recorded withdrawn (REC-1)."),
    )
    enrolment.save(update_fields=["recording_consent", "recording_consent_at"])
    return enrolment


@transaction.atomic
def funding_save(*, funding: EnrolmentFunding, by=None) -> EnrolmentFunding:
    """Who pays for an enrolment: self-funded, or a body named with its share (SUS-4, CHG-2, DIS-9)."""
    if funding.kind == EnrolmentFunding.Kind.SELF and funding.body_id is not None:
        raise EnrolmentError(_("A self-funded line names no funding body."))
    if funding.kind != EnrolmentFunding.Kind.SELF and funding.body_id is None:
        raise EnrolmentError(_("Name the funding body that pays."))
    history_note(funding, by=by)
    funding.save()
    return funding


@transaction.atomic
def funding_body_save(*, body: FundingBody, by=None) -> FundingBody:
    """The directory of funding bodies: decision copies go to their address (DIS-9)."""
    history_note(body, by=by)
    body.save()
    return body


# --- Students' requests: suspend, stop, change path (SUS-1 … SUS-4, CHG-1, CHG-2) ---------------------


def _current_enrolment_of(student, enrolment: Enrolment) -> None:
    if enrolment.student_id != student.pk:
        raise RequestError(_("This is not your enrolment."))
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise RequestError(_("Your training is not active: there is nothing to suspend, stop or change."))


@transaction.atomic
def suspension_request_submit(
    *, enrolment, student, starts_on: date, ends_on: date, reason: str, approval=None, now=None
) -> SuspensionRequest:
    """SUS-1: the mentor is told (and when); SUS-2: over 15 days, Student Success too."""
    now = now or timezone.now()
    _current_enrolment_of(student, enrolment)
    if not reason.strip():
        raise RequestError(_("Give the reason for the suspension."))
    problem = rules.suspension_dates_problem(
        starts_on=starts_on, ends_on=ends_on, today=_today(now), training_ends_on=enrolment.planned_end_date
    )
    if problem:
        raise RequestError(problem)
    request = SuspensionRequest(
        enrolment=enrolment,
        reason=reason.strip(),
        submitted_at=now,
        starts_on=starts_on,
        ends_on=ends_on,
        mentor_notified_at=now,
    )
    if approval is not None:
        request.funder_approval = document_store(
            upload=approval, student=student, by=student, kind=Document.Kind.FUNDER_APPROVAL
        )
    long = rules.student_success_must_be_told(starts_on=starts_on, ends_on=ends_on)
    if long:
        request.student_success_notified_at = now
    history_note(request, by=student, at=now, reason=_("Requested by the student (SUS-1)."))
    request.save()
    context = {
        "request": request,
        "student": student,
        "days": rules.suspension_days(starts_on, ends_on),
        "mentor_may_authorise": rules.mentor_may_authorise(
            starts_on=starts_on, ends_on=ends_on, requested_on=_today(now)
        ),
    }
    _notify(
        f"sus1-mentor:{request.pk}",
        [enrolment.mentor.email if enrolment.mentor_id else ""],
        "suspension_to_mentor",
        context,
    )
    if long:
        _notify(
            f"sus2-success:{request.pk}", [settings.STUDENT_SUCCESS_EMAIL], "suspension_to_success", context
        )
    return request


def _lock_request(model, pk: int):
    return (
        model.objects.select_for_update(of=("self",))
        .select_related("enrolment__student", "enrolment__mentor", "enrolment__path")
        .get(pk=pk)
    )


@transaction.atomic
def request_attach_approval(*, request, by, upload):
    """SUS-4, CHG-2: the funding body's official written approval, attached by the student or staff."""
    request = _lock_request(type(request), request.pk)
    if request.status != RequestStatus.SUBMITTED:
        raise RequestError(_("This request is already decided."))
    request.funder_approval = document_store(
        upload=upload, student=request.enrolment.student, by=by, kind=Document.Kind.FUNDER_APPROVAL
    )
    history_note(request, by=by, reason=_("The funding body's written approval is attached."))
    request.save(update_fields=["funder_approval"])
    return request


def _request_kind(model) -> str:
    """What a request is called in the e-mails about it ("Your suspension request of …"): lazy, so that it
    reads in the language the e-mail is written in (its recipients')."""
    if model is SuspensionRequest:
        return gettext_lazy("suspension request")
    if model is PathChangeRequest:
        return gettext_lazy("path change request")
    return model._meta.verbose_name


def _undecided(request) -> None:
    if request.status != RequestStatus.SUBMITTED:
        raise RequestError(_("This request is already decided."))


def _decide(request, to: str, *, by, now: datetime, reason: str, note: str, also=()) -> None:
    _undecided(request)
    request.decided_by, request.decided_at, request.decision_reason = by, now, reason
    transition(
        request, to, by=by, at=now, reason=note, also=["decided_by", "decided_at", "decision_reason", *also]
    )


@transaction.atomic
def suspension_approve(*, request_id: int, by, as_mentor: bool = False, now=None) -> SuspensionRequest:
    """Validate a suspension, never bypassing a rule: the funder's approval (SUS-4), the mentor's one week
    (SUS-3). The training's end moves later by the suspension's length; its sessions are cancelled without
    counting against the student; the enrolment is suspended on the first day and resumes by itself."""
    now = now or timezone.now()
    request = _lock_request(SuspensionRequest, request_id)
    _undecided(request)
    enrolment = request.enrolment
    if as_mentor and enrolment.mentor_id != by.pk:
        raise RequestError(_("Only the student's mentor can authorise it (SUS-3)."))
    problems = rules.suspension_validation_problems(
        rules.RequestFacts(
            funded=selectors.enrolment_is_funded(enrolment_id=enrolment.pk),
            funder_approval_attached=request.funder_approval_id is not None,
            deciding_as_mentor=as_mentor,
            starts_on=request.starts_on,
            ends_on=request.ends_on,
            requested_on=_today(request.submitted_at),
        )
    )
    if problems:
        raise RequestError(" ".join(problems))
    _decide(request, RequestStatus.APPROVED, by=by, now=now, reason="", note=_("Validated (SUS-4)."))
    enrolment = _lock_enrolment(enrolment.pk)
    enrolment.planned_end_date = rules.new_end_date(
        planned_end=enrolment.planned_end_date, starts_on=request.starts_on, ends_on=request.ends_on
    )
    history_note(
        enrolment,
        by=by,
        at=now,
        reason=_("Suspension %(start)s – %(end)s validated (SUS-4).")
        % {"start": request.starts_on, "end": request.ends_on},
    )
    enrolment.save(update_fields=["planned_end_date"])
    request.enrolment = enrolment
    _suspension_apply(request, by=by, now=now)
    _notify(
        f"sus-approved:{request.pk}",
        [enrolment.student.email],
        "suspension_approved",
        {"request": request, "enrolment": enrolment},
    )
    return request


@transaction.atomic
def request_withdraw(*, model, request_id: int, student, now=None):
    """The student takes back a request nobody has decided yet; their mentor is told."""
    now = now or timezone.now()
    request = _lock_request(model, request_id)
    if request.enrolment.student_id != student.pk:
        raise RequestError(_("This is not your request."))
    _decide(
        request,
        RequestStatus.WITHDRAWN,
        by=student,
        now=now,
        reason=_("Withdrawn by the student."),
        note=_("Withdrawn by the student."),
    )
    _notify(
        f"request-withdrawn:{model._meta.model_name}:{request.pk}",
        [request.enrolment.mentor.email if request.enrolment.mentor_id else ""],
        "request_withdrawn",
        {"request": request, "student": student, "kind": _request_kind(model)},
    )
    return request


@transaction.atomic
def request_refuse(*, model, request_id: int, by, reason: str, as_mentor: bool = False, now=None):
    """Student Success refuses a request, or the mentor a suspension they alone may decide (SUS-3)."""
    now = now or timezone.now()
    if not reason.strip():
        raise RequestError(_("Give the reason for the refusal: the student reads it."))
    request = _lock_request(model, request_id)
    if as_mentor and not (
        model is SuspensionRequest
        and request.enrolment.mentor_id == by.pk
        and rules.mentor_may_authorise(
            starts_on=request.starts_on, ends_on=request.ends_on, requested_on=_today(request.submitted_at)
        )
    ):
        raise RequestError(
            _("Only a suspension of one week at most, asked before it starts, is the mentor's (SUS-3).")
        )
    _decide(request, RequestStatus.REFUSED, by=by, now=now, reason=reason.strip(), note=_("Refused."))
    _notify(
        f"request-refused:{model._meta.model_name}:{request.pk}",
        [request.enrolment.student.email],
        "request_refused",
        {"request": request, "kind": _request_kind(model)},
    )
    return request


def _suspension_apply(request: SuspensionRequest, *, by=None, now: datetime) -> bool:
    """A validated suspension: its sessions are cancelled at once (postponed, when the mentor authorised
    one week under SUS-3); on its first day the enrolment is suspended until the day after its last (and
    the request records when)."""
    by_mentor = request.decided_by_id is not None and request.decided_by_id == request.enrolment.mentor_id
    enrolment_suspend(
        enrolment_id=request.enrolment_id,
        starts_on=request.starts_on,
        until=request.ends_on + timedelta(days=1),
        rule="SUS-3" if by_mentor else "SUS-4",
        reason=_("Suspension authorised by the mentor.")
        if by_mentor
        else _("Suspension of the training validated."),
        by=by,
        now=now,
    )
    if request.starts_on > _today(now):
        return False
    request.applied_at = now
    history_note(request, at=now, reason=_("The suspension started."))
    request.save(update_fields=["applied_at"])
    return True


@transaction.atomic
def suspensions_start_due(*, today: date, now=None) -> int:
    """Approved suspensions whose first day has come: the enrolment is suspended until the day after."""
    now = now or timezone.now()
    due = SuspensionRequest.objects.filter(
        status=RequestStatus.APPROVED,
        applied_at__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
        enrolment__status=Enrolment.Status.ACTIVE,
    )
    return sum(_suspension_apply(request, now=now) for request in due.select_for_update(of=("self",)))


@transaction.atomic
def termination_submit(
    *, enrolment, student, effective_on: date, reason: str, now=None
) -> TerminationRequest:
    """SUS-1: a student who stops tells their mentor (recorded); later sessions are cancelled."""
    now = now or timezone.now()
    _current_enrolment_of(student, enrolment)
    if not reason.strip():
        raise RequestError(_("Give the reason you stop the training."))
    problem = rules.stop_date_problem(
        effective_on=effective_on, today=_today(now), training_ends_on=enrolment.planned_end_date
    )
    if problem:
        raise RequestError(problem)
    request = TerminationRequest(
        enrolment=enrolment,
        reason=reason.strip(),
        submitted_at=now,
        effective_on=effective_on,
        mentor_notified_at=now,
    )
    history_note(request, by=student, at=now, reason=_("Given by the student (SUS-1)."))
    request.save()
    # A stop takes effect when the student gives it: nobody decides it (SUS-1).
    _decide(
        request, RequestStatus.APPROVED, by=None, now=now, reason="", note=_("A stop takes effect (SUS-1).")
    )
    _pause(
        enrolment,
        starts_on=effective_on,
        until=None,
        rule="SUS-1",
        reason=_("The student stopped the training."),
        now=now,
    )
    _notify(
        f"stop-mentor:{request.pk}",
        [enrolment.mentor.email if enrolment.mentor_id else ""],
        "termination_to_mentor",
        {"request": request, "student": student},
    )
    terminations_apply_due(today=_today(now), now=now)
    return request


@transaction.atomic
def terminations_apply_due(*, today: date, now=None) -> int:
    now = now or timezone.now()
    applied = 0
    due = TerminationRequest.objects.filter(
        status=RequestStatus.APPROVED, applied_at__isnull=True, effective_on__lte=today
    )
    for request in due.select_for_update(of=("self",)).select_related("enrolment"):
        if request.enrolment.status in Enrolment.CURRENT_STATUSES:
            enrolment_end(
                enrolment_id=request.enrolment_id,
                status=Enrolment.Status.TERMINATED,
                on=request.effective_on,
                rule="SUS-1",
                reason=_("Stopped by the student."),
                now=now,
            )
        request.applied_at = now
        history_note(request, at=now, reason=_("The stop took effect."))
        request.save(update_fields=["applied_at"])
        applied += 1
    return applied


@transaction.atomic
def path_change_submit(
    *, enrolment, student, to_path, mentor_consulted_at, reason: str, approval=None, now=None
) -> PathChangeRequest:
    """CHG-1: after consulting the mentor (recorded); it cannot take effect before the 7th business day."""
    now = now or timezone.now()
    _current_enrolment_of(student, enrolment)
    if to_path.pk == enrolment.path_id:
        raise RequestError(_("You are already on this path."))
    if mentor_consulted_at is None:
        raise RequestError(_("Say when you consulted your mentor: the policy asks you to first (CHG-1)."))
    problem = (
        _("The day you consulted your mentor cannot be in the future.")
        if mentor_consulted_at > now
        else rules.consultation_date_problem(
            consulted_on=_today(mentor_consulted_at),
            today=_today(now),
            training_starts_on=enrolment.start_date,
        )
    )
    if problem:
        raise RequestError(problem)
    if not reason.strip():
        raise RequestError(_("Give the reason for the change."))
    request = PathChangeRequest(
        enrolment=enrolment,
        reason=reason.strip(),
        submitted_at=now,
        to_path=to_path,
        mentor_consulted_at=mentor_consulted_at,
        mentor_notified_at=now,
        earliest_effective_on=rules.path_change_earliest_effective(_today(now)),
    )
    if approval is not None:
        request.funder_approval = document_store(
            upload=approval, student=student, by=student, kind=Document.Kind.FUNDER_APPROVAL
        )
    history_note(request, by=student, at=now, reason=_("Requested by the student (CHG-1)."))
    request.save()
    _notify(
        f"chg1-mentor:{request.pk}",
        [enrolment.mentor.email if enrolment.mentor_id else ""],
        "path_change_to_mentor",
        {"request": request, "student": student},
    )
    return request


@transaction.atomic
def path_change_accept(*, request_id: int, by, effective_on: date, now=None) -> PathChangeRequest:
    """CHG-1, CHG-2: accept a change of path on or after the 7th business day, with the funder's approval."""
    now = now or timezone.now()
    request = _lock_request(PathChangeRequest, request_id)
    _undecided(request)
    problems = rules.path_change_validation_problems(
        funded=selectors.enrolment_is_funded(enrolment_id=request.enrolment_id),
        funder_approval_attached=request.funder_approval_id is not None,
        mentor_consulted=request.mentor_consulted_at is not None,
        submitted_on=_today(request.submitted_at),
        effective_on=effective_on,
    )
    late = rules.path_change_date_problem(
        effective_on=effective_on, training_ends_on=request.enrolment.planned_end_date
    )
    problems += [late] if late else []
    if problems:
        raise RequestError(" ".join(problems))
    request.effective_on = effective_on
    _decide(
        request,
        RequestStatus.APPROVED,
        by=by,
        now=now,
        reason="",
        note=_("Accepted (CHG-1)."),
        also=["effective_on"],
    )
    _notify(
        f"chg-accepted:{request.pk}",
        [request.enrolment.student.email],
        "path_change_accepted",
        {"request": request},
    )
    path_changes_apply_due(today=_today(now), now=now)
    return request


@transaction.atomic
def path_changes_apply_due(*, today: date, now=None) -> int:
    """Move accepted changes whose day has come: a new enrolment on the new path; the old one stays in the
    history; projects approved that belong to both paths keep their approval; later sessions follow."""
    now = now or timezone.now()
    applied = 0
    due = PathChangeRequest.objects.filter(
        status=RequestStatus.APPROVED, applied_at__isnull=True, effective_on__lte=today
    )
    for request in due.select_for_update(of=("self",)).select_related("to_path"):
        old = _lock_enrolment(request.enrolment_id)
        request.applied_at = now
        if old.status not in Enrolment.CURRENT_STATUSES:
            # The training ended first (stopped, excluded…): nothing is moved, nothing is revived.
            request.decision_reason = _("Not applied: the training had ended (%(status)s).") % {
                "status": old.get_status_display().lower()
            }
            transition(
                request,
                RequestStatus.WITHDRAWN,
                at=now,
                reason=request.decision_reason,
                also=["decision_reason", "applied_at"],
            )
            continue
        was_suspended, suspended_until = old.status == Enrolment.Status.SUSPENDED, old.suspended_until
        enrolment_end(
            enrolment_id=old.pk,
            status=Enrolment.Status.TRANSFERRED,
            on=request.effective_on,
            rule="CHG-1",
            reason=_("Moved to %(path)s.") % {"path": request.to_path},
            now=now,
        )
        new = enrolment_create(
            student=old.student,
            path=request.to_path,
            mentor=old.mentor,
            start_date=request.effective_on,
            planned_end_date=max(old.planned_end_date, request.effective_on + timedelta(days=1)),
            previous=old,
            now=now,
        )
        if old.recording_consent:
            new.recording_consent, new.recording_consent_at = True, old.recording_consent_at
            new.save(update_fields=["recording_consent", "recording_consent_at"])
        if was_suspended:
            new.suspended_until = suspended_until
            transition(
                new,
                Enrolment.Status.SUSPENDED,
                at=now,
                reason=_("The suspension continues on the new path."),
                also=["suspended_until"],
            )
        for funding in old.fundings.all():
            funding.pk, funding.enrolment = None, new
            funding_save(funding=funding)
        for accommodation in old.accommodations.all():
            accommodation.pk, accommodation.enrolment = None, new
            history_note(accommodation, reason=_("Carried over to the new path (CHG-1)."))
            accommodation.save()
        for pause in old.pauses.filter(Q(until__isnull=True) | Q(until__gt=request.effective_on)):
            pause.pk, pause.enrolment = None, new  # the suspension continues on the new path
            pause.save()
        project_services.submissions_carry_over(
            from_enrolment_id=old.pk, to_enrolment_id=new.pk, to_path_id=request.to_path_id
        )
        event_emit(signals.enrolment_transferred, from_enrolment_id=old.pk, to_enrolment_id=new.pk, at=now)
        history_note(request, at=now, reason=_("Applied: new enrolment #%(number)s.") % {"number": new.pk})
        request.save(update_fields=["applied_at"])
        applied += 1
    return applied


# --- Accommodations (ACC-1) and placements (HS-1) -------------------------------------------------------


def is_disability_proof(proof, enrolment) -> bool:
    """ACC-1: the proof on file is this student's disability proof."""
    return (
        proof is not None
        and proof.student_id == enrolment.student_id
        and proof.kind == Document.Kind.DISABILITY_PROOF
    )


@transaction.atomic
def accommodation_record(*, enrolment, by, proof=None, notes: str = "") -> Accommodation:
    """ACC-1: an accommodation asked for, with its proof when it is on file; Student Success decides."""
    if proof is not None and not is_disability_proof(proof, enrolment):
        raise RequestError(_("Attach this student's disability proof (ACC-1)."))
    accommodation = Accommodation(enrolment=enrolment, audio_only=True, proof=proof, notes=notes)
    history_note(accommodation, by=by, reason=_("Recorded (ACC-1)."))
    accommodation.save()
    return accommodation


@transaction.atomic
def accommodation_grant(*, enrolment, by, proof, notes: str = "", now=None) -> Accommodation:
    """ACC-1: record the accommodation with its proof and accept it at once."""
    problem = rules.accommodation_grantable(proof_attached=is_disability_proof(proof, enrolment))
    if problem:
        raise RequestError(problem)
    accommodation = accommodation_record(enrolment=enrolment, by=by, proof=proof, notes=notes)
    return accommodation_accept(accommodation_id=accommodation.pk, by=by, now=now)


@transaction.atomic
def accommodation_update(*, accommodation_id: int, by, proof, notes: str) -> Accommodation:
    """While Student Success reviews it (ACC-1): attach the proof, note what was checked."""
    accommodation = _lock_accommodation(accommodation_id)
    if accommodation.status != Accommodation.Status.PENDING:
        raise RequestError(_("This accommodation is decided: it no longer changes."))
    if proof is not None and not is_disability_proof(proof, accommodation.enrolment):
        raise RequestError(_("Attach this student's disability proof (ACC-1)."))
    accommodation.proof, accommodation.notes = proof, notes
    history_note(accommodation, by=by, reason=_("Proof or notes updated."))
    accommodation.save(update_fields=["proof", "notes"])
    return accommodation


def _lock_accommodation(accommodation_id: int) -> Accommodation:
    return (
        Accommodation.objects.select_for_update(of=("self",))
        .select_related("enrolment__mentor", "enrolment__student")
        .get(pk=accommodation_id)
    )


@transaction.atomic
def accommodation_accept(*, accommodation_id: int, by, now=None) -> Accommodation:
    """ACC-1: accept a recorded accommodation once its proof is on file; sessions become audio-only."""
    now = now or timezone.now()
    accommodation = _lock_accommodation(accommodation_id)
    problem = rules.accommodation_grantable(
        proof_attached=is_disability_proof(accommodation.proof, accommodation.enrolment)
    )
    if problem:
        raise RequestError(problem)
    accommodation.decided_by, accommodation.decided_at = by, now
    transition(
        accommodation,
        Accommodation.Status.ACCEPTED,
        by=by,
        at=now,
        reason=_("Accepted with the disability proof on file (ACC-1)."),
        also=["decided_by", "decided_at"],
    )
    enrolment = accommodation.enrolment
    event_emit(signals.accommodation_accepted, enrolment_id=enrolment.pk, at=now)
    _notify(
        f"acc1-mentor:{accommodation.pk}",
        [enrolment.mentor.email if enrolment.mentor_id else ""],
        "accommodation_to_mentor",
        {"enrolment": enrolment},
    )
    return accommodation


@transaction.atomic
def accommodation_refuse(*, accommodation_id: int, by, reason: str, now=None) -> Accommodation:
    now = now or timezone.now()
    if not reason.strip():
        raise RequestError(_("Give the reason for the refusal."))
    accommodation = _lock_accommodation(accommodation_id)
    accommodation.decided_by, accommodation.decided_at = by, now
    refused = _("Refused: %(reason)s") % {"reason": reason.strip()}
    accommodation.notes = "\n".join(filter(None, [accommodation.notes, refused]))
    transition(
        accommodation,
        Accommodation.Status.REFUSED,
        by=by,
        at=now,
        reason=refused,
        also=["decided_by", "decided_at", "notes"],
    )
    return accommodation


@transaction.atomic
def placement_record(*, placement: Placement, by=None) -> Placement:
    """HS-1: part of the training at a host; changes only until the student acknowledged its rules."""
    if (
        placement.pk
        and Placement.objects.filter(pk=placement.pk, safety_rules_acknowledged_at__isnull=False).exists()
    ):
        raise RequestError(
            _("The student acknowledged this placement's rules: it can no longer change (HS-1).")
        )
    enrolment = placement.enrolment
    problem = rules.placement_dates_problem(
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        training_starts_on=enrolment.start_date,
        training_ends_on=enrolment.planned_end_date,
    )
    if problem:
        raise RequestError(problem)
    history_note(placement, by=by)
    placement.save()
    return placement


@transaction.atomic
def placement_acknowledge(*, placement_id: int, student, now=None) -> Placement:
    """HS-1: the student acknowledges the host's health and safety rules (recorded with the time)."""
    placement = (
        Placement.objects.select_for_update(of=("self",)).select_related("enrolment").get(pk=placement_id)
    )
    if placement.enrolment.student_id != student.pk:
        raise RequestError(_("This is not your placement."))
    if placement.safety_rules_acknowledged_at is None:
        placement.safety_rules_acknowledged_at = now or timezone.now()
        history_note(placement, by=student, reason=_("Health and safety rules acknowledged (HS-1)."))
        placement.save(update_fields=["safety_rules_acknowledged_at"])
    return placement


# --- Corrections of a student's profile (GDPR art. 16) ---------------------------------------------------


@transaction.atomic
def profile_correction_request(
    *, student, field: str, value: str, explanation: str, now: datetime | None = None
) -> ProfileCorrection:
    """GDPR art. 16: the student asks for a detail of their profile to be corrected, whether their training
    is under way or over; Student Success is told and decides. The value the profile holds now is kept with
    the request, so a decision is never taken on a value that changed meanwhile."""
    now = now or timezone.now()
    explanation = explanation.strip()
    asked = rules.profile_value_clean(field, value)
    current = account_selectors.user_profile(user_id=student.pk).get(field, "")
    problem = rules.profile_correction_problem(
        field=field,
        current=current,
        asked=asked,
        pending_fields=selectors.profile_corrections_pending_fields(student_id=student.pk),
    )
    if problem:
        raise RequestError(problem)
    if not explanation:
        raise RequestError(_("Say in a few words what is wrong with the current value."))
    if len(explanation) > 2000:
        raise RequestError(_("An explanation is 2,000 characters at most."))
    correction = ProfileCorrection(
        student=student,
        field=field,
        value_before=current,
        value_asked=asked,
        explanation=explanation,
        requested_at=now,
    )
    history_note(correction, by=student, at=now, reason=_("Asked by the student (GDPR art. 16)."))
    try:
        with transaction.atomic():
            correction.save()
    except IntegrityError as exc:  # the same detail asked twice at the same moment
        raise RequestError(
            _(
                "You already asked for a correction of this detail: Student Success answers it before "
                "you ask again."
            )
        ) from exc
    _notify(
        f"profile-correction-asked:{correction.pk}",
        [settings.STUDENT_SUCCESS_EMAIL],
        "profile_correction_to_success",
        {"correction": correction, "answer_by": rules.correction_answer_by(_today(now))},
    )
    return correction


@transaction.atomic
def profile_correction_decide(
    *, correction_id: int, by, accept: bool, reason: str, now: datetime | None = None
) -> ProfileCorrection:
    """GDPR art. 16: Student Success accepts a correction — the profile takes the value asked for, and its
    history names this request and the reason — or refuses it; either way with a reason the student reads
    in the e-mail and on their page. A detail that changed since the request is not overwritten."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise RequestError(_("Give the reason for the decision: the student reads it."))
    if len(reason) > 2000:
        raise RequestError(_("A reason is 2,000 characters at most."))
    correction = (
        ProfileCorrection.objects.select_for_update(of=("self",))
        .select_related("student")
        .get(pk=correction_id)
    )
    if correction.status != ProfileCorrection.Status.PENDING:
        raise RequestError(_("This correction is already decided."))
    label = correction.get_field_display().lower()
    if accept:
        try:
            account_services.user_profile_update(
                user_id=correction.student_id,
                field=correction.field,
                value=correction.value_asked,
                expected=correction.value_before,
                by=by,
                reason=_(
                    "Corrected at the student's request (profile correction #%(number)s, GDPR art. 16): "
                    "%(reason)s"
                )
                % {"number": correction.pk, "reason": reason},
                now=now,
            )
        except account_services.ProfileChanged as exc:
            raise RequestError(
                _(
                    "The student's %(detail)s changed since they asked (it now reads “%(current)s”): "
                    "nothing was overwritten. Refuse this request, saying so, and the student can ask again."
                )
                % {"detail": label, "current": exc.current or "—"}
            ) from exc
    correction.decided_by, correction.decided_at, correction.reason = by, now, reason
    transition(
        correction,
        ProfileCorrection.Status.ACCEPTED if accept else ProfileCorrection.Status.REFUSED,
        by=by,
        at=now,
        reason=_("Accepted (GDPR art. 16).") if accept else _("Refused (GDPR art. 16)."),
        also=["decided_by", "decided_at", "reason"],
    )
    _notify(
        f"profile-correction-decided:{correction.pk}",
        [correction.student.email],
        "profile_correction_decided",
        {"correction": correction},
    )
    return correction


def requests_sync(*, today: date) -> tuple[int, int, int, int]:
    """Celery beat, daily: start suspensions, apply stops and path changes on their day, resume trainings."""
    return (
        suspensions_start_due(today=today),
        terminations_apply_due(today=today),
        path_changes_apply_due(today=today),
        enrolments_resume_due(today=today),
    )


# --- Retention (settings.RETENTION_SCHEDULE) ---------------------------------------------------------------


# A disciplinary case's evidence and the official proofs of a postponed hearing (DIS-5) belong to the case
# file: they go with the case ("cases_and_letters", through ``documents_erase``), not with the proofs.
CASE_FILE_KINDS = (Document.Kind.EVIDENCE, Document.Kind.EXTENUATING_PROOF)


@transaction.atomic
def documents_purge_expired(*, cutoff: datetime, held: frozenset[int], now: datetime) -> Purged:
    """Retention "documents": a proof or approval uploaded at or before ``cutoff`` for a student whose
    training ended before the cutoff's day is deleted (``documents_erase``). A case file's documents go with
    their case (``CASE_FILE_KINDS``). The files of a student something holds (an open case, a pending jury)
    stay."""
    tz = timezone.get_default_timezone()
    expired = (
        Document.objects.filter(
            student_id__in=selectors.students_trained_before(day=retention.first_day_kept(cutoff, tz=tz)),
            uploaded_at__lte=cutoff,
        )
        .exclude(kind__in=CASE_FILE_KINDS)
        .exclude(file="")
    )
    rows, kept = core_selectors.retention_batch(
        expired, held=held, student="student_id", fields=("uploaded_at",)
    )
    ids = [pk for pk, _ in rows]
    documents_erase(document_ids=ids)
    return Purged(retention.DELETED, ids, *retention.span(at for _, at in rows), held=kept)


def documents_erase(*, document_ids) -> None:
    """Retention: the documents' files are deleted from the private storage once the transaction commits,
    and their names erased, in their history too. The rows stay, empty, so that the accommodation, request,
    authorisation or case that named one still says a proof was on file (its page offers no download)."""
    ids = list(document_ids)
    if not ids:
        return
    names = [*Document.objects.filter(pk__in=ids).values_list("file", flat=True)]
    names += Document.history.filter(id__in=ids).values_list("file", flat=True)
    records_erase(model=Document, ids=ids, values={"file": "", "original_name": ""})
    files_delete_on_commit(storage=private_storage, names=names)


# --- REC-2: recordings, counted from the end of the training --------------------------------------------


@transaction.atomic
def recordings_purge_expired(
    *, cutoff: datetime, held: frozenset[int], now: datetime, today: date | None = None
) -> Purged:
    """Retention "recordings" (REC-2): kept for the whole training — a change of path continues it — then
    ``RECORDING_RETENTION_DAYS``. Who finished their training before the cutoff's day is known here
    (``selectors.students_trained_before``); projects deletes their recordings, its own rows."""
    day = retention.first_day_kept(cutoff, tz=timezone.get_default_timezone())
    return project_services.recordings_purge_expired(
        cutoff=cutoff, held=held, now=now, today=today, students=selectors.students_trained_before(day=day)
    )


def recordings_delete_expired(*, today: date, now: datetime | None = None) -> int:
    """REC-2 for one day, as the retention schedule runs it (``recordings_purge_expired``, with the holds of
    ``RETENTION_HOLDS``). Returns how many recordings were deleted."""
    tz = timezone.get_default_timezone()
    cutoff = datetime.combine(today - timedelta(days=settings.RECORDING_RETENTION_DAYS), time.min, tzinfo=tz)
    purged = recordings_purge_expired(
        cutoff=cutoff, held=retention_holds(), now=now or timezone.now(), today=today
    )
    return len(purged.ids)
