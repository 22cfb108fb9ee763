"""Writes on students' records."""

from datetime import timedelta

from django.db import transaction

from .models import Document

MAX_UPLOAD = 10 * 1024 * 1024
SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class DocumentError(Exception):
    pass


def sniff_content_type(upload) -> str | None:
    """PDF, PNG or JPEG, recognised by their first bytes, not by the file's name."""
    head = upload.read(16)
    upload.seek(0)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def document_problem(upload) -> str | None:
    """What is wrong with an uploaded proof or approval, in words; None when it is acceptable."""
    if upload.size == 0:
        return "The file is empty."
    if upload.size > MAX_UPLOAD:
        return "The file is larger than 10 MB."
    if sniff_content_type(upload) is None:
        return "Only PDF, PNG or JPEG files are accepted."
    return None


@transaction.atomic
def document_store(*, upload, student, by, kind: str) -> Document:
    """Keep an uploaded proof or approval in private storage, after checking its type and size."""
    problem = document_problem(upload)
    if problem:
        raise DocumentError(problem)
    return Document.objects.create(
        student=student,
        kind=kind,
        file=upload,
        original_name=upload.name[:255],
        content_type=sniff_content_type(upload),
        size=upload.size,
        uploaded_by=by,
    )


class EnrolmentError(Exception):
    pass


def enrolment_ban_problem(*, student_id: int, on) -> str | None:
    """DIS-7: a permanently excluded person cannot enrol on any path for one year."""
    from discipline import rules as discipline_rules
    from discipline import selectors as discipline_selectors

    until = discipline_rules.enrolment_refused_until(
        exclusions=discipline_selectors.exclusion_dates_for_student(student_id=student_id), on=on
    )
    if until is None:
        return None
    return (
        f"This person was permanently excluded and cannot enrol on any path before {until:%-d %B %Y} (DIS-7)."
    )


@transaction.atomic
def enrolment_create(
    *, student, path, mentor, start_date, planned_end_date, recording_consent: bool = False, now=None
):
    """Enrol a student on a path; refused within a year of a permanent exclusion (DIS-7)."""
    from django.utils import timezone

    from .models import Enrolment

    now = now or timezone.now()
    problem = enrolment_ban_problem(student_id=student.pk, on=start_date)
    if problem:
        raise EnrolmentError(problem)
    if Enrolment.objects.filter(student=student, status__in=Enrolment.CURRENT_STATUSES).exists():
        raise EnrolmentError("This student already has a current enrolment.")
    return Enrolment.objects.create(
        student=student,
        path=path,
        mentor=mentor,
        start_date=start_date,
        planned_end_date=planned_end_date,
        recording_consent=recording_consent,
        recording_consent_at=now if recording_consent else None,
    )


# --- Students' requests: suspend, stop, change path (SUS-1 … SUS-4, CHG-1, CHG-2) ---------------------


class RequestError(Exception):
    """A request or a decision the policy forbids; the message cites the rule and is shown as it is."""


def _today(now):
    from django.utils import timezone

    return timezone.localdate(now)


def _is_funded(enrolment) -> bool:
    """SUS-4, CHG-2: a job centre, training fund, employer or other body pays part or all of the training."""
    return enrolment.fundings.exclude(kind="self").exists()


def _current_enrolment_of(student, enrolment):
    from .models import Enrolment

    if enrolment.student_id != student.pk:
        raise RequestError("This is not your enrolment.")
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise RequestError("Your training is not active: there is nothing to suspend, stop or change.")


def _notify(key: str, to: list[str], template: str, context: dict) -> None:
    from django.conf import settings

    from openclassrooms.core.services import email_enqueue

    email_enqueue(
        key=key,
        to=[t for t in to if t],
        template=f"students/email/{template}",
        context={**context, "site_url": settings.SITE_URL},
    )


@transaction.atomic
def suspension_request_submit(
    *, enrolment, student, starts_on, ends_on, reason: str, approval=None, now=None
):
    """SUS-1: the mentor is told (and when); SUS-2: over 15 days, Student Success too."""
    from django.conf import settings
    from django.utils import timezone

    from . import rules
    from .models import SuspensionRequest

    now = now or timezone.now()
    _current_enrolment_of(student, enrolment)
    if not reason.strip():
        raise RequestError("Give the reason for the suspension.")
    if ends_on < starts_on:
        raise RequestError("The suspension ends before it starts.")
    if starts_on < _today(now):
        raise RequestError("A suspension cannot start in the past.")
    request = SuspensionRequest.objects.create(
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
    days = rules.suspension_days(starts_on, ends_on)
    context = {
        "request": request,
        "student": student,
        "days": days,
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
    if rules.student_success_must_be_told(starts_on=starts_on, ends_on=ends_on):
        request.student_success_notified_at = now
        _notify(
            f"sus2-success:{request.pk}", [settings.STUDENT_SUCCESS_EMAIL], "suspension_to_success", context
        )
    request.save()
    return request


@transaction.atomic
def request_attach_approval(*, request, by, upload):
    """SUS-4, CHG-2: the funding body's official written approval, attached by the student or staff."""
    request = (
        type(request)
        .objects.select_for_update(of=("self",))
        .select_related("enrolment__student")
        .get(pk=request.pk)
    )
    if request.status != "submitted":
        raise RequestError("This request is already decided.")
    request.funder_approval = document_store(
        upload=upload, student=request.enrolment.student, by=by, kind=Document.Kind.FUNDER_APPROVAL
    )
    request.save(update_fields=["funder_approval"])
    return request


def _lock_request(model, pk):
    return (
        model.objects.select_for_update(of=("self",))
        .select_related("enrolment__student", "enrolment__mentor", "enrolment__path")
        .get(pk=pk)
    )


@transaction.atomic
def suspension_approve(*, request_id: int, by, as_mentor: bool = False, now=None):
    """Validate a suspension, never bypassing a rule: the funder's approval (SUS-4), the mentor's one week
    (SUS-3). The training's end moves later by the suspension's length; its sessions are cancelled without
    counting against the student; the enrolment is suspended on the first day and resumes by itself."""
    from django.utils import timezone

    from . import rules
    from .models import SuspensionRequest

    now = now or timezone.now()
    request = _lock_request(SuspensionRequest, request_id)
    if request.status != "submitted":
        raise RequestError("This request is already decided.")
    enrolment = request.enrolment
    if as_mentor and enrolment.mentor_id != by.pk:
        raise RequestError("Only the student's mentor can authorise it (SUS-3).")
    problems = rules.suspension_validation_problems(
        rules.RequestFacts(
            funded=_is_funded(enrolment),
            funder_approval_attached=request.funder_approval_id is not None,
            deciding_as_mentor=as_mentor,
            starts_on=request.starts_on,
            ends_on=request.ends_on,
            requested_on=_today(request.submitted_at),
        )
    )
    if problems:
        raise RequestError(" ".join(problems))
    request.status = "approved"
    request.decided_by, request.decided_at = by, now
    request.save(update_fields=["status", "decided_by", "decided_at"])
    enrolment.planned_end_date = rules.new_end_date(
        planned_end=enrolment.planned_end_date, starts_on=request.starts_on, ends_on=request.ends_on
    )
    enrolment._change_reason = f"Suspension {request.starts_on} – {request.ends_on} validated (SUS-4)."
    enrolment.save(update_fields=["planned_end_date"])
    from mentoring.services import sessions_cancel_administratively

    sessions_cancel_administratively(
        enrolment_id=enrolment.pk,
        start=request.starts_on,
        end=request.ends_on + timedelta(days=1),
        reason="Suspension of the training validated (SUS-4)",
    )
    suspensions_start_due(today=_today(now), now=now)
    _notify(
        f"sus-approved:{request.pk}",
        [enrolment.student.email],
        "suspension_approved",
        {"request": request, "enrolment": enrolment},
    )
    return request


@transaction.atomic
def request_refuse(*, model, request_id: int, by, reason: str, now=None):
    from django.utils import timezone

    now = now or timezone.now()
    if not reason.strip():
        raise RequestError("Give the reason for the refusal: the student reads it.")
    request = _lock_request(model, request_id)
    if request.status != "submitted":
        raise RequestError("This request is already decided.")
    request.status = "refused"
    request.decided_by, request.decided_at, request.decision_reason = by, now, reason.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    _notify(
        f"request-refused:{model._meta.model_name}:{request.pk}",
        [request.enrolment.student.email],
        "request_refused",
        {"request": request, "kind": model._meta.verbose_name},
    )
    return request


def suspensions_start_due(*, today, now=None) -> int:
    """Approved suspensions whose first day has come: the enrolment is suspended until the day after."""
    from django.utils import timezone

    from .models import Enrolment, SuspensionRequest

    now = now or timezone.now()
    started = 0
    due = SuspensionRequest.objects.filter(
        status="approved",
        applied_at__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
        enrolment__status=Enrolment.Status.ACTIVE,
    )
    for request in due.select_related("enrolment"):
        enrolment = request.enrolment
        enrolment.status = Enrolment.Status.SUSPENDED
        enrolment.suspended_until = request.ends_on + timedelta(days=1)
        enrolment._change_reason = f"Suspended until {request.ends_on} (SUS-1)."
        enrolment.save(update_fields=["status", "suspended_until"])
        request.applied_at = now
        request.save(update_fields=["applied_at"])
        started += 1
    return started


def enrolments_resume_due(*, today) -> int:
    """A suspension (SUS-4 or DIS-7) has ended: the training resumes by itself."""
    from .models import Enrolment

    resumed = 0
    for enrolment in Enrolment.objects.filter(status=Enrolment.Status.SUSPENDED, suspended_until__lte=today):
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.suspended_until = None
        enrolment._change_reason = "The suspension ended: the training resumes."
        enrolment.save(update_fields=["status", "suspended_until"])
        resumed += 1
    return resumed


@transaction.atomic
def termination_submit(*, enrolment, student, effective_on, reason: str, now=None):
    """SUS-1: a student who stops tells their mentor (recorded); later sessions are cancelled."""
    from django.utils import timezone

    from .models import TerminationRequest

    now = now or timezone.now()
    _current_enrolment_of(student, enrolment)
    if not reason.strip():
        raise RequestError("Give the reason you stop the training.")
    if effective_on < _today(now):
        raise RequestError("The training cannot stop in the past.")
    request = TerminationRequest.objects.create(
        enrolment=enrolment,
        reason=reason.strip(),
        submitted_at=now,
        effective_on=effective_on,
        mentor_notified_at=now,
        status="approved",
        decided_at=now,
    )
    from mentoring.services import sessions_cancel_administratively

    sessions_cancel_administratively(
        enrolment_id=enrolment.pk,
        start=effective_on,
        end=None,
        reason="The student stopped the training (SUS-1)",
    )
    _notify(
        f"stop-mentor:{request.pk}",
        [enrolment.mentor.email if enrolment.mentor_id else ""],
        "termination_to_mentor",
        {"request": request, "student": student},
    )
    terminations_apply_due(today=_today(now), now=now)
    return request


def terminations_apply_due(*, today, now=None) -> int:
    from django.utils import timezone

    from .models import Enrolment, TerminationRequest

    now = now or timezone.now()
    applied = 0
    for request in TerminationRequest.objects.filter(
        status="approved", applied_at__isnull=True, effective_on__lte=today
    ).select_related("enrolment"):
        enrolment = request.enrolment
        if enrolment.status in Enrolment.CURRENT_STATUSES:
            enrolment.status = Enrolment.Status.TERMINATED
            enrolment.ended_on = request.effective_on
            enrolment._change_reason = "Stopped by the student (SUS-1)."
            enrolment.save(update_fields=["status", "ended_on"])
        request.applied_at = now
        request.save(update_fields=["applied_at"])
        applied += 1
    return applied


@transaction.atomic
def path_change_submit(
    *, enrolment, student, to_path, mentor_consulted_at, reason: str, approval=None, now=None
):
    """CHG-1: after consulting the mentor (recorded); it cannot take effect before the 7th business day."""
    from django.utils import timezone

    from . import rules
    from .models import PathChangeRequest

    now = now or timezone.now()
    _current_enrolment_of(student, enrolment)
    if to_path.pk == enrolment.path_id:
        raise RequestError("You are already on this path.")
    if mentor_consulted_at is None or mentor_consulted_at > now:
        raise RequestError("Say when you consulted your mentor: the policy asks you to first (CHG-1).")
    if not reason.strip():
        raise RequestError("Give the reason for the change.")
    request = PathChangeRequest.objects.create(
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
        request.save(update_fields=["funder_approval"])
    _notify(
        f"chg1-mentor:{request.pk}",
        [enrolment.mentor.email if enrolment.mentor_id else ""],
        "path_change_to_mentor",
        {"request": request, "student": student},
    )
    return request


@transaction.atomic
def path_change_accept(*, request_id: int, by, effective_on, now=None):
    """CHG-1, CHG-2: accept a change of path on or after the 7th business day, with the funder's approval."""
    from django.utils import timezone

    from . import rules
    from .models import PathChangeRequest

    now = now or timezone.now()
    request = _lock_request(PathChangeRequest, request_id)
    if request.status != "submitted":
        raise RequestError("This request is already decided.")
    problems = rules.path_change_validation_problems(
        funded=_is_funded(request.enrolment),
        funder_approval_attached=request.funder_approval_id is not None,
        mentor_consulted=request.mentor_consulted_at is not None,
        submitted_on=_today(request.submitted_at),
        effective_on=effective_on,
    )
    if problems:
        raise RequestError(" ".join(problems))
    request.status = "approved"
    request.decided_by, request.decided_at, request.effective_on = by, now, effective_on
    request.save(update_fields=["status", "decided_by", "decided_at", "effective_on"])
    _notify(
        f"chg-accepted:{request.pk}",
        [request.enrolment.student.email],
        "path_change_accepted",
        {"request": request},
    )
    path_changes_apply_due(today=_today(now), now=now)
    return request


def path_changes_apply_due(*, today, now=None) -> int:
    """Move accepted changes whose day has come: a new enrolment on the new path; the old one stays in the
    history; projects approved that belong to both paths keep their approval; later sessions follow."""
    from django.utils import timezone

    from mentoring.models import MentoringSession
    from projects.models import Submission

    from .models import Enrolment, PathChangeRequest

    now = now or timezone.now()
    applied = 0
    due = PathChangeRequest.objects.filter(
        status="approved", applied_at__isnull=True, effective_on__lte=today
    )
    for request in due.select_related("enrolment", "to_path"):
        old = Enrolment.objects.select_for_update().get(pk=request.enrolment_id)
        if old.status not in Enrolment.CURRENT_STATUSES:
            # The training ended first (stopped, excluded…): nothing is moved, nothing is revived.
            request.status = "withdrawn"
            request.decision_reason = (
                f"Not applied: the training had ended ({old.get_status_display().lower()})."
            )
            request.applied_at = now
            request.save(update_fields=["status", "decision_reason", "applied_at"])
            continue
        was_suspended, suspended_until = old.status == Enrolment.Status.SUSPENDED, old.suspended_until
        old.status = Enrolment.Status.TRANSFERRED
        old.ended_on = request.effective_on
        old._change_reason = f"Moved to {request.to_path} (CHG-1)."
        old.save(update_fields=["status", "ended_on"])
        new = Enrolment.objects.create(
            student_id=old.student_id,
            path=request.to_path,
            mentor_id=old.mentor_id,
            start_date=request.effective_on,
            planned_end_date=max(old.planned_end_date, request.effective_on + timedelta(days=1)),
            recording_consent=old.recording_consent,
            recording_consent_at=old.recording_consent_at,
            previous=old,
            status=Enrolment.Status.SUSPENDED if was_suspended else Enrolment.Status.ACTIVE,
            suspended_until=suspended_until if was_suspended else None,
        )
        for funding in old.fundings.all():
            funding.pk = None
            funding.enrolment = new
            funding.save()
        for accommodation in old.accommodations.all():
            accommodation.pk = None
            accommodation.enrolment = new
            accommodation.save()
        shared = set(request.to_path.projects.values_list("pk", flat=True))
        kept = [Submission.Status.APPROVED, Submission.Status.VALIDATED]
        for submission in old.submissions.filter(project_id__in=shared, status__in=kept):
            submission.pk = None
            submission.enrolment = new
            submission.save()
        MentoringSession.objects.filter(
            enrolment=old, status=MentoringSession.Status.SCHEDULED, scheduled_start__gte=now
        ).update(enrolment=new)
        request.applied_at = now
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
def accommodation_grant(*, enrolment, by, proof, notes: str = "", now=None):
    """ACC-1: record the accommodation with its proof and accept it at once."""
    from . import rules
    from .models import Accommodation

    problem = rules.accommodation_grantable(proof_attached=is_disability_proof(proof, enrolment))
    if problem:
        raise RequestError(problem)
    accommodation = Accommodation.objects.create(
        enrolment=enrolment, audio_only=True, proof=proof, notes=notes
    )
    return accommodation_accept(accommodation_id=accommodation.pk, by=by, now=now)


@transaction.atomic
def accommodation_accept(*, accommodation_id: int, by, now=None):
    """ACC-1, from the admin: accept a recorded accommodation once its proof is on file."""
    from django.utils import timezone

    from mentoring.models import MentoringSession

    from . import rules
    from .models import Accommodation

    now = now or timezone.now()
    accommodation = (
        Accommodation.objects.select_for_update(of=("self",))
        .select_related("enrolment__mentor")
        .get(pk=accommodation_id)
    )
    problem = rules.accommodation_grantable(
        proof_attached=is_disability_proof(accommodation.proof, accommodation.enrolment)
    )
    if problem:
        raise RequestError(problem)
    accommodation.status = Accommodation.Status.ACCEPTED
    accommodation.decided_by, accommodation.decided_at = by, now
    accommodation.save(update_fields=["status", "decided_by", "decided_at"])
    enrolment = accommodation.enrolment
    MentoringSession.objects.filter(
        enrolment=enrolment, status=MentoringSession.Status.SCHEDULED, scheduled_start__gte=now
    ).update(mode=MentoringSession.Mode.AUDIO)
    _notify(
        f"acc1-mentor:{accommodation.pk}",
        [enrolment.mentor.email if enrolment.mentor_id else ""],
        "accommodation_to_mentor",
        {"enrolment": enrolment},
    )
    return accommodation


@transaction.atomic
def placement_acknowledge(*, placement_id: int, student, now=None):
    """HS-1: the student acknowledges the host's health and safety rules (recorded with the time)."""
    from django.utils import timezone

    from .models import Placement

    placement = (
        Placement.objects.select_for_update(of=("self",)).select_related("enrolment").get(pk=placement_id)
    )
    if placement.enrolment.student_id != student.pk:
        raise RequestError("This is not your placement.")
    if placement.safety_rules_acknowledged_at is None:
        placement.safety_rules_acknowledged_at = now or timezone.now()
        placement.save(update_fields=["safety_rules_acknowledged_at"])
    return placement


def requests_sync(*, today) -> tuple[int, int, int, int]:
    """Celery beat, daily: start suspensions, apply stops and path changes on their day, resume trainings."""
    return (
        suspensions_start_due(today=today),
        terminations_apply_due(today=today),
        path_changes_apply_due(today=today),
        enrolments_resume_due(today=today),
    )
