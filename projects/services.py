"""Writes on projects' records: submissions, presentations and skill assessments (TRN-1)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from openclassrooms.core import retention, uploads
from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.retention import Purged
from openclassrooms.core.services import email_enqueue_to_people
from openclassrooms.core.workflows import allowed, history_note, transition

from . import rules, selectors
from .models import (
    DELIVERABLE_MAX_BYTES,
    DELIVERABLE_TYPES,
    Deliverable,
    Path,
    PathProject,
    Presentation,
    Project,
    Skill,
    SkillAssessment,
    Submission,
)


class CatalogueError(PolicyError):
    pass


class SubmissionError(PolicyError):
    """Handing work in, reviewing it or presenting it as the policy forbids; the message says why."""


def _notify(key: str, to, template: str, context: dict) -> None:
    """E-mail ``to`` (people; None for nobody), each in their own language (core's outbox)."""
    email_enqueue_to_people(
        key=key,
        people=to,
        template=f"projects/email/{template}",
        context={**context, "site_url": settings.SITE_URL},
    )


KEPT_ON_PATH_CHANGE = (Submission.Status.APPROVED, Submission.Status.VALIDATED)


@transaction.atomic
def submissions_carry_over(*, from_enrolment_id: int, to_enrolment_id: int, to_path_id: int) -> int:
    """CHG-1: projects already approved or validated that also belong to the new path keep their approval
    on the new enrolment, with their deliverables and held presentations (a copy; the old enrolment's
    record stays as it was)."""
    shared = PathProject.objects.filter(path_id=to_path_id).values("project_id")
    kept = Submission.objects.filter(
        enrolment_id=from_enrolment_id, project_id__in=shared, status__in=KEPT_ON_PATH_CHANGE
    ).prefetch_related(
        "deliverables",
        Prefetch(
            "presentations",
            queryset=Presentation.objects.filter(status=Presentation.Status.HELD).prefetch_related(
                "assessments"
            ),
        ),
    )
    copied = 0
    reason = _("Kept on the change of path (CHG-1).")
    for submission in kept:
        # The evidence goes with the approval: the files handed in (the same stored files) and the held
        # presentations with their assessments (TRN-1 b, TRN-2).
        deliverables, presentations = (
            list(submission.deliverables.all()),
            list(submission.presentations.all()),
        )
        submission.pk, submission.enrolment_id = None, to_enrolment_id
        history_note(submission, reason=reason)
        submission.save()
        for deliverable in deliverables:
            deliverable.pk, deliverable.submission = None, submission
            history_note(deliverable, reason=reason)
            deliverable.save()
        for presentation in presentations:
            assessments = list(presentation.assessments.all())
            presentation.pk, presentation.submission = None, submission
            history_note(presentation, reason=reason)
            presentation.save()
            for assessment in assessments:
                assessment.pk, assessment.presentation = None, presentation
                history_note(assessment, reason=reason)
                assessment.save()
        copied += 1
    return copied


# --- The catalogue: paths, projects and skills (edited by Student Success in the admin) ---------------------


@transaction.atomic
def path_save(*, path: Path, by=None) -> Path:
    """A path (training course) and its Learning Manager, who sits on its students' Board (DIS-1)."""
    history_note(path, by=by)
    path.save()
    return path


@transaction.atomic
def project_save(*, project: Project, by=None) -> Project:
    """A project; ``in_depth`` projects need a validating mentor at a recorded presentation (TRN-1 b)."""
    history_note(project, by=by)
    project.save()
    return project


@transaction.atomic
def path_project_save(*, path_project: PathProject, by=None) -> PathProject:
    """A project's place in a path's fixed list (TRN-1)."""
    if (
        PathProject.objects.filter(path_id=path_project.path_id, position=path_project.position)
        .exclude(pk=path_project.pk)
        .exists()
    ):
        raise CatalogueError(
            _("Position %(position)s of this path is already taken.") % {"position": path_project.position}
        )
    history_note(path_project, by=by)
    path_project.save()
    return path_project


@transaction.atomic
def skill_save(*, skill: Skill, by=None) -> Skill:
    """A skill of a project: each one is assessed at an in-depth project's presentation (TRN-1 b)."""
    history_note(skill, by=by)
    skill.save()
    return skill


@transaction.atomic
def recordings_purge_expired(
    *,
    cutoff: datetime,
    held: frozenset[int],
    now: datetime,
    students: models.QuerySet,
    today: date | None = None,
) -> Purged:
    """REC-2 for the retention schedule: the recordings of ``students`` (those whose training ended before
    the cutoff's day: ``students.services.recordings_purge_expired`` knows who they are, and calls this)
    are deleted; see ``_recordings_delete``. ``today`` is the day of ``now`` unless given."""
    today = today or timezone.localdate(now)
    return _recordings_delete(cutoff=cutoff, held=held, now=now, today=today, students=students)


def _recordings_delete(
    *, cutoff: datetime, held: frozenset[int], now: datetime, today: date, students: models.QuerySet
) -> Purged:
    """REC-2: the recordings of presentations whose training (the enrolment) ended on a day before the
    cutoff's are deleted, set-based: kept for the whole training, then until the retention period is over
    (``projects.rules.recording_expired``). Each presentation keeps a trace of which recording it was, when
    and by whom it was deleted, and its history says why (the earlier history keeps the link: the trace
    REC-2 asks for). The recordings of a student something holds (an open case, a pending jury) stay."""
    tz = timezone.get_default_timezone()
    day = retention.first_day_kept(cutoff, tz=tz)
    days = (today - day).days
    expired = Presentation.objects.filter(
        recording_deleted_at__isnull=True,
        submission__enrolment__ended_on__lt=day,
        submission__enrolment__student_id__in=students,
    ).exclude(recording_url="")
    kept = expired.filter(submission__enrolment__student_id__in=held).count()
    rows = list(
        expired.exclude(submission__enrolment__student_id__in=held)
        .select_for_update(of=("self",), skip_locked=True)
        .annotate(training_ended_on=models.F("submission__enrolment__ended_on"))
        .order_by("pk")[: retention.BATCH]
    )
    rows = [
        p
        for p in rows
        if rules.recording_expired(training_ended_on=p.training_ended_on, today=today, retention_days=days)
    ]
    for presentation in rows:
        ended = presentation.training_ended_on
        presentation.recording_trace = (
            _(
                "Recording %(link)s deleted on %(today)s by the retention schedule: kept %(days)s days after "
                "the training ended on %(ended)s (REC-2)."
            )
            % {"link": presentation.recording_url, "today": today.isoformat(), "days": days, "ended": ended}
        )[:500]
        presentation.recording_url, presentation.recording_deleted_at = "", now
    bulk_update_with_history(
        rows,
        Presentation,
        ["recording_url", "recording_deleted_at", "recording_trace"],
        batch_size=500,
        default_date=now,
        default_change_reason=_("Recording deleted: kept %(days)s days after the training ended (REC-2).")
        % {"days": days},
    )
    return Purged(
        retention.DELETED,
        [p.pk for p in rows],
        *retention.span(p.scheduled_start for p in rows),
        held=kept,
    )


# --- Handing work in (IP-1) and the mentor's review (TRN-1 a) ----------------------------------------------


def _lock_submission(submission_id: int) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("project", "enrolment__student", "enrolment__mentor")
        .get(pk=submission_id)
    )


@transaction.atomic
def submission_submit(
    *,
    enrolment,
    project_id: int,
    by,
    link: str = "",
    files: Sequence = (),
    declared_own_work: bool,
    sources: str = "",
    now: datetime | None = None,
) -> Submission:
    """The student hands in a project of their path — files (PDF, ZIP, images, read from their bytes), a
    link or both — stating the work is their own and cites every source (IP-1); their mentor is e-mailed
    once per round. After a return (changes requested) the next submission is the next round."""
    now = now or timezone.now()
    if not PathProject.objects.filter(path_id=enrolment.path_id, project_id=project_id).exists():
        raise SubmissionError(_("This project is not on your path."))
    submission, _created = Submission.objects.get_or_create(enrolment=enrolment, project_id=project_id)
    submission = _lock_submission(submission.pk)
    problem = rules.submission_problem(
        may_submit=allowed(submission, Submission.Status.SUBMITTED),
        files=len(files),
        link=link,
        declared_own_work=declared_own_work,
    )
    kinds = [uploads.sniff_content_type(f, allowed=DELIVERABLE_TYPES) for f in files]
    problem = problem or next(
        (
            p
            for f, kind in zip(files, kinds, strict=True)
            if (
                p := rules.deliverable_problem(
                    name=f.name, size=f.size, content_type=kind, max_bytes=DELIVERABLE_MAX_BYTES
                )
            )
        ),
        None,
    )
    if problem:
        raise SubmissionError(problem)
    submission.round += 1
    submission.deliverables_url = link.strip()
    submission.sources = sources.strip()
    submission.submitted_at = submission.own_work_declared_at = now
    for upload, kind in zip(files, kinds, strict=True):
        deliverable = Deliverable(
            submission=submission,
            round=submission.round,
            file=upload,
            original_name=upload.name[:255],
            content_type=kind,
            size=upload.size,
            uploaded_by=by,
            uploaded_at=now,
        )
        history_note(
            deliverable, by=by, at=now, reason=_("Handed in (round %(round)s).") % {"round": submission.round}
        )
        deliverable.save()
    transition(
        submission,
        Submission.Status.SUBMITTED,
        by=by,
        at=now,
        reason=_("Submitted (round %(round)s), stated as the student's own work (IP-1).")
        % {"round": submission.round},
        also=["round", "deliverables_url", "sources", "submitted_at", "own_work_declared_at", "updated_at"],
    )
    enrolment = submission.enrolment
    _notify(
        f"prj-submitted:{submission.pk}:{submission.round}",
        [enrolment.mentor],
        "submitted_to_mentor",
        {"submission": submission, "student": enrolment.student},
    )
    return submission


@transaction.atomic
def submission_review(
    *, submission_id: int, by, approve: bool, comment: str = "", now: datetime | None = None
) -> Submission:
    """TRN-1 a: the student's own mentor approves the project or returns it with comments; the student is
    e-mailed once."""
    now = now or timezone.now()
    submission = _lock_submission(submission_id)
    enrolment = submission.enrolment
    problem = rules.review_problem(
        reviewer_id=by.pk,
        own_mentor_id=enrolment.mentor_id,
        waiting=submission.status == Submission.Status.SUBMITTED,
        approve=approve,
        comment=comment,
    )
    if problem:
        raise SubmissionError(problem)
    submission.mentor_comment = comment.strip()
    if approve:
        submission.approved_by, submission.approved_at = by, now
        transition(
            submission,
            Submission.Status.APPROVED,
            by=by,
            at=now,
            reason=_("Approved by the student's mentor (TRN-1 a)."),
            also=["mentor_comment", "approved_by", "approved_at", "updated_at"],
        )
        key, template = f"prj-approved:{submission.pk}", "approved"
    else:
        transition(
            submission,
            Submission.Status.CHANGES_REQUESTED,
            by=by,
            at=now,
            reason=_("Returned with comments (round %(round)s).") % {"round": submission.round},
            also=["mentor_comment", "updated_at"],
        )
        key, template = f"prj-returned:{submission.pk}:{submission.round}", "returned"
    missing = selectors.trn1_missing_by_enrolment(enrolments=[enrolment])[enrolment.pk]
    _notify(
        key,
        [enrolment.student],
        template,
        {"submission": submission, "student": enrolment.student, "eligible": not missing},
    )
    return submission


# --- The final presentation (TRN-1 b, ACC-1, REC-1) ------------------------------------------------------


def _lock_presentation(presentation_id: int) -> Presentation:
    return (
        Presentation.objects.select_for_update(of=("self",))
        .select_related(
            "validating_mentor",
            "submission__project",
            "submission__enrolment__student",
            "submission__enrolment__mentor",
        )
        .get(pk=presentation_id)
    )


@transaction.atomic
def presentation_schedule(
    *,
    submission_id: int,
    validating_mentor,
    start: datetime,
    audio_only: bool,
    audio_accommodation: bool,
    by,
    now: datetime | None = None,
) -> Presentation:
    """TRN-1 b: the student books the final presentation of an approved in-depth project with a validating
    mentor who is not their own mentor, by video or by audio only under an accepted ACC-1 accommodation.
    ``mentoring.services.presentation_book`` checks the time against that mentor's availability first.
    Both are e-mailed once."""
    now = now or timezone.now()
    submission = _lock_submission(submission_id)
    enrolment = submission.enrolment
    if enrolment.student_id != by.pk:
        raise SubmissionError(_("This is not one of your projects."))
    problem = rules.booking_problem(
        in_depth=submission.project.in_depth,
        may_book=allowed(submission, Submission.Status.PRESENTATION_SCHEDULED),
        validating_mentor_id=validating_mentor.pk,
        own_mentor_id=enrolment.mentor_id,
        audio_only=audio_only,
        audio_accommodation=audio_accommodation,
        consented=enrolment.recording_consent,
        start=start,
        now=now,
    )
    if problem:
        raise SubmissionError(problem)
    presentation = Presentation(
        submission=submission,
        validating_mentor=validating_mentor,
        scheduled_start=start,
        duration=rules.PRESENTATION_LENGTH,
        mode=Presentation.Mode.AUDIO if audio_only else Presentation.Mode.VIDEO,
        booked_by=by,
        booked_at=now,
    )
    history_note(presentation, by=by, at=now, reason=_("Booked by the student (TRN-1 b)."))
    presentation.save()
    transition(
        submission,
        Submission.Status.PRESENTATION_SCHEDULED,
        by=by,
        at=now,
        reason=_("Final presentation booked (TRN-1 b)."),
        also=["updated_at"],
    )
    context = {"presentation": presentation, "submission": submission, "student": enrolment.student}
    _notify(f"prs-booked-mentor:{presentation.pk}", [validating_mentor], "booked_to_mentor", context)
    _notify(f"prs-booked-student:{presentation.pk}", [enrolment.student], "booked_to_student", context)
    return presentation


@transaction.atomic
def presentation_cancel(
    *, presentation_id: int, by, reason: str, for_school: bool = False, now: datetime | None = None
) -> Presentation:
    """The student or the validating mentor cancels a presentation that has not started; Student Success
    (``for_school``, from the admin) also one that started and was never concluded. The project goes back
    to approved, ready for another booking, and the student and the validating mentor are told."""
    now = now or timezone.now()
    presentation = _lock_presentation(presentation_id)
    submission, enrolment = presentation.submission, presentation.submission.enrolment
    if not for_school and by.pk not in (presentation.validating_mentor_id, enrolment.student_id):
        raise SubmissionError(_("Only the student or the validating mentor cancels this presentation."))
    if presentation.status != Presentation.Status.SCHEDULED:
        raise SubmissionError(_("This presentation is already concluded or cancelled."))
    if not for_school and presentation.scheduled_start <= now:
        raise SubmissionError(
            _(
                "This presentation has started: the validating mentor concludes it, or Student Success "
                "cancels it."
            )
        )
    if not reason.strip():
        raise SubmissionError(_("Say why the presentation is cancelled."))
    presentation.comments = "\n".join(
        filter(None, [presentation.comments, _("Cancelled: %(reason)s") % {"reason": reason.strip()}])
    )
    transition(
        presentation, Presentation.Status.CANCELLED, by=by, at=now, reason=reason.strip(), also=["comments"]
    )
    submission = _lock_submission(submission.pk)
    transition(
        submission,
        Submission.Status.APPROVED,
        by=by,
        at=now,
        reason=_("Presentation cancelled."),
        also=["updated_at"],
    )
    told = [person for person in (enrolment.student, presentation.validating_mentor) if person.pk != by.pk]
    _notify(
        f"prs-cancelled:{presentation.pk}",
        told,
        "cancelled",
        {"presentation": presentation, "submission": submission, "by": by, "reason": reason.strip()},
    )
    return presentation


@transaction.atomic
def presentation_record(*, presentation_id: int, by, link: str, now: datetime | None = None) -> Presentation:
    """REC-1: the validating mentor records where the presentation's recording is, only when the student
    consented to being recorded, and once it has started."""
    now = now or timezone.now()
    presentation = _lock_presentation(presentation_id)
    if by.pk != presentation.validating_mentor_id:
        raise SubmissionError(_("Only the validating mentor records this presentation."))
    if presentation.status != Presentation.Status.SCHEDULED:
        raise SubmissionError(
            _(
                "This presentation is concluded or cancelled: a recording's link is saved before the "
                "conclusion."
            )
        )
    problem = rules.recording_problem(
        consented=presentation.submission.enrolment.recording_consent,
        link=link,
        started=presentation.scheduled_start <= now,
    )
    if problem:
        raise SubmissionError(problem)
    presentation.recording_url = link.strip()
    history_note(presentation, by=by, at=now, reason=_("Recording's link recorded (REC-1)."))
    presentation.save(update_fields=["recording_url"])
    return presentation


@dataclass(frozen=True)
class SkillResult:
    skill_id: int
    acquired: bool
    comment: str = ""


@transaction.atomic
def presentation_conclude(
    *,
    presentation_id: int,
    by,
    results: Sequence[SkillResult],
    comments: str = "",
    now: datetime | None = None,
) -> Presentation:
    """TRN-1 b: at the presentation the validating mentor assesses each skill of the project (acquired or
    not, with a comment) and concludes. One skill not acquired, or no recording, and the project is not
    validated: the student books another presentation. The student is e-mailed once."""
    now = now or timezone.now()
    presentation = _lock_presentation(presentation_id)
    submission = presentation.submission
    enrolment = submission.enrolment
    if by.pk != presentation.validating_mentor_id:
        raise SubmissionError(_("Only the validating mentor of this presentation assesses it (TRN-1 b)."))
    if presentation.status != Presentation.Status.SCHEDULED:
        raise SubmissionError(_("This presentation is already concluded or was cancelled."))
    skills = {skill.pk: skill for skill in Skill.objects.filter(project_id=submission.project_id)}
    skill_ids = frozenset(skills)
    results = [r for r in results if r.skill_id in skill_ids]
    validated, problem = rules.conclusion(
        skill_ids=skill_ids,
        acquired={r.skill_id: r.acquired for r in results},
        recorded=bool(presentation.recording_url),
        consented=enrolment.recording_consent,
        started=presentation.scheduled_start <= now,
    )
    if problem:
        raise SubmissionError(problem)
    assessments = [
        SkillAssessment(
            presentation=presentation,
            skill=skills[r.skill_id],
            result=SkillAssessment.Result.ACQUIRED if r.acquired else SkillAssessment.Result.NOT_ACQUIRED,
            comment=r.comment.strip(),
        )
        for r in results
    ]
    for assessment in assessments:
        history_note(assessment, by=by, at=now, reason=_("Assessed at the presentation (TRN-1 b)."))
        assessment.save()
    presentation.concluded_at, presentation.validated, presentation.comments = (
        now,
        validated,
        comments.strip(),
    )
    transition(
        presentation,
        Presentation.Status.HELD,
        by=by,
        at=now,
        reason=_("Held and concluded: validated (TRN-1 b).")
        if validated
        else _("Held and concluded: not validated (TRN-1 b)."),
        also=["concluded_at", "validated", "comments"],
    )
    submission = _lock_submission(submission.pk)
    transition(
        submission,
        Submission.Status.VALIDATED if validated else Submission.Status.NOT_VALIDATED,
        by=by,
        at=now,
        reason=_("Presentation concluded: validated (TRN-1 b).")
        if validated
        else _("Presentation concluded: not validated (TRN-1 b)."),
        also=["updated_at"],
    )
    missing = selectors.trn1_missing_by_enrolment(enrolments=[enrolment])[enrolment.pk]
    _notify(
        f"prs-concluded:{presentation.pk}",
        [enrolment.student],
        "concluded",
        {
            "presentation": presentation,
            "submission": submission,
            "student": enrolment.student,
            "assessments": assessments,
            "recorded": bool(presentation.recording_url),
            "eligible": not missing,
        },
    )
    _notify(
        f"prs-concluded-mentor:{presentation.pk}",
        [enrolment.mentor],
        "concluded_to_mentor",
        {
            "presentation": presentation,
            "submission": submission,
            "student": enrolment.student,
            "eligible": not missing,
        },
    )
    return presentation
