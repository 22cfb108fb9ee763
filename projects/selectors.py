"""Reads on paths, projects and submissions."""

from django.db.models import Count, Q, QuerySet

from .models import PathProject, Presentation, Submission


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


def presentations_for_calendar(*, user, since, until) -> QuerySet[Presentation]:
    """The final presentations `user` gives (as the student) or hears (as the validating mentor)."""
    return (
        Presentation.objects.filter(scheduled_start__gte=since, scheduled_start__lt=until)
        .filter(Q(validating_mentor=user) | Q(submission__enrolment__student=user))
        .select_related("submission__project", "submission__enrolment__student", "validating_mentor")
        .order_by("scheduled_start")
    )
