"""Writes on projects' records: submissions, presentations and skill assessments (TRN-1)."""

from django.db import transaction

from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.workflows import history_note

from .models import Path, PathProject, Project, Skill, Submission


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
