"""Reads on paths, projects and submissions."""

from django.db.models import Count, QuerySet

from .models import PathProject, Submission


def submissions_for_enrolment(*, enrolment) -> list[Submission]:
    return list(
        Submission.objects.filter(enrolment=enrolment).select_related("project").order_by("project__code")
    )


def path_projects(*, path) -> QuerySet[PathProject]:
    return PathProject.objects.filter(path=path).select_related("project").order_by("position")


def submissions_waiting_for_mentor(*, mentor, limit: int = 20) -> list[Submission]:
    return list(
        Submission.objects.filter(enrolment__mentor=mentor, status=Submission.Status.SUBMITTED)
        .select_related("project", "enrolment__student")
        .order_by("submitted_at")[:limit]
    )


def project_progress_by_enrolment(*, enrolment_ids: list[int]) -> dict[int, int]:
    """Number of approved (or validated) projects per enrolment, in one query; 0 for none."""
    done = [
        Submission.Status.APPROVED,
        Submission.Status.VALIDATED,
        Submission.Status.PRESENTATION_SCHEDULED,
    ]
    rows = (
        Submission.objects.filter(enrolment_id__in=enrolment_ids, status__in=done)
        .values("enrolment_id")
        .annotate(n=Count("pk"))
    )
    return dict.fromkeys(enrolment_ids, 0) | {row["enrolment_id"]: row["n"] for row in rows}
