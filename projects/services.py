"""Writes on projects' records: submissions, presentations and skill assessments (TRN-1)."""

from datetime import date, datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.workflows import history_note

from . import rules
from .models import Path, PathProject, Presentation, Project, Skill, Submission


class CatalogueError(PolicyError):
    pass


KEPT_ON_PATH_CHANGE = (Submission.Status.APPROVED, Submission.Status.VALIDATED)


@transaction.atomic
def submissions_carry_over(*, from_enrolment_id: int, to_enrolment_id: int, to_path_id: int) -> int:
    """CHG-1: projects already approved or validated that also belong to the new path keep their approval
    on the new enrolment (a copy; the old enrolment's record stays as it was)."""
    shared = PathProject.objects.filter(path_id=to_path_id).values("project_id")
    kept = Submission.objects.filter(
        enrolment_id=from_enrolment_id, project_id__in=shared, status__in=KEPT_ON_PATH_CHANGE
    )
    copied = 0
    for submission in kept:
        submission.pk, submission.enrolment_id = None, to_enrolment_id
        history_note(submission, reason="Kept on the change of path (CHG-1).")
        submission.save()
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
        raise CatalogueError(f"Position {path_project.position} of this path is already taken.")
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
def recordings_delete_expired(*, today: date, now: datetime | None = None, batch: int = 500) -> int:
    """REC-2: the recordings of presentations whose training ended more than ``RECORDING_RETENTION_DAYS``
    ago are deleted, set-based; each presentation keeps a trace of which recording it was, when and by
    whom it was deleted, and its history says why. Returns how many were deleted."""
    now = now or timezone.now()
    days = settings.RECORDING_RETENTION_DAYS
    rows = list(
        Presentation.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(recording_deleted_at__isnull=True, submission__enrolment__ended_on__isnull=False)
        .exclude(recording_url="")
        .annotate(training_ended_on=models.F("submission__enrolment__ended_on"))
        .order_by("pk")[:batch]
    )
    expired = [
        p
        for p in rows
        if rules.recording_expired(training_ended_on=p.training_ended_on, today=today, retention_days=days)
    ]
    for presentation in expired:
        ended = presentation.training_ended_on
        presentation.recording_trace = (
            f"Recording {presentation.recording_url} deleted on {today.isoformat()} by the retention "
            f"schedule: kept {days} days after the training ended on {ended} (REC-2)."
        )[:500]
        presentation.recording_url, presentation.recording_deleted_at = "", now
    bulk_update_with_history(
        expired,
        Presentation,
        ["recording_url", "recording_deleted_at", "recording_trace"],
        batch_size=500,
        default_date=now,
        default_change_reason=f"Recording deleted: kept {days} days after the training ended (REC-2).",
    )
    return len(expired)
