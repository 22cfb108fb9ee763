"""Reads on paths, projects and submissions."""

from django.db.models import Count, Q, QuerySet

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
    """Number of approved (or validated) projects per enrolment, in one query."""
    done = Q(
        submissions__status__in=[
            Submission.Status.APPROVED,
            Submission.Status.VALIDATED,
            Submission.Status.PRESENTATION_SCHEDULED,
        ]
    )
    from students.models import Enrolment

    rows = Enrolment.objects.filter(pk__in=enrolment_ids).annotate(n=Count("submissions", filter=done))
    return {row.pk: row.n for row in rows}
