"""Reads on enrolments and Student Success's work."""

from django.db.models import Count, Q, QuerySet

from .models import (
    Accommodation,
    Enrolment,
    PathChangeRequest,
    RequestStatus,
    SuspensionRequest,
    TerminationRequest,
)


def enrolment_current_for_student(*, student) -> Enrolment | None:
    return (
        Enrolment.objects.filter(student=student, status__in=Enrolment.CURRENT_STATUSES)
        .select_related("path", "mentor")
        .prefetch_related("fundings__body", "accommodations")
        .first()
    )


def enrolments_for_student(*, student) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(student=student).select_related("path", "mentor").order_by("-start_date")


def mentees_for_mentor(*, mentor) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(mentor=mentor, status__in=Enrolment.CURRENT_STATUSES)
        .select_related("student", "path")
        .annotate(
            audio_only=Count("accommodations", filter=Q(accommodations__status=Accommodation.Status.ACCEPTED))
        )
        .order_by("student__last_name", "student__first_name")
    )


def enrolment_status_counts() -> dict[str, int]:
    rows = Enrolment.objects.values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def requests_waiting(*, limit: int = 20) -> dict[str, list]:
    """Student requests still waiting for a decision, oldest first."""
    waiting = Q(status=RequestStatus.SUBMITTED)
    related = ("enrolment__student", "enrolment__path", "enrolment__mentor")
    return {
        "suspensions": list(
            SuspensionRequest.objects.filter(waiting)
            .select_related(*related)
            .order_by("submitted_at")[:limit]
        ),
        "terminations": list(
            TerminationRequest.objects.filter(waiting)
            .select_related(*related)
            .order_by("submitted_at")[:limit]
        ),
        "path_changes": list(
            PathChangeRequest.objects.filter(waiting)
            .select_related(*related, "to_path")
            .order_by("submitted_at")[:limit]
        ),
        "accommodations": list(
            Accommodation.objects.filter(status=Accommodation.Status.PENDING)
            .select_related(*related)
            .order_by("pk")[:limit]
        ),
    }
