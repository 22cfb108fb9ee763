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
        .prefetch_related("fundings__body", "accommodations", "placements")
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


def _funded_annotation():
    from django.db.models import Exists, OuterRef

    from .models import EnrolmentFunding

    return Exists(EnrolmentFunding.objects.filter(enrolment=OuterRef("enrolment")).exclude(kind="self"))


def queue_for_student_success(*, today) -> list[dict]:
    """What needs Student Success today: waiting requests, their deadline and what is missing."""
    from . import rules

    items = []
    related = ("enrolment__student", "enrolment__mentor", "enrolment__path")
    for r in (
        SuspensionRequest.objects.filter(status=RequestStatus.SUBMITTED)
        .select_related(*related)
        .annotate(funded=_funded_annotation())
        .order_by("starts_on")
    ):
        missing = []
        if r.funded and not r.funder_approval_id:
            missing.append("the funding body's written approval (SUS-4)")
        days = rules.suspension_days(r.starts_on, r.ends_on)
        items.append(
            {
                "kind": "Suspension",
                "request": r,
                "deadline": r.starts_on,
                "deadline_label": "decide before it starts",
                "missing": missing,
                "detail": f"{r.starts_on:%-d %b} – {r.ends_on:%-d %b %Y}, {days} days"
                + (" (over 15 days, SUS-2)" if days > rules.LONG_SUSPENSION_DAYS else ""),
                "url_name": "admin:students_suspensionrequest_decide",
            }
        )
    for r in (
        PathChangeRequest.objects.filter(status=RequestStatus.SUBMITTED)
        .select_related(*related, "to_path")
        .annotate(funded=_funded_annotation())
        .order_by("earliest_effective_on")
    ):
        missing = []
        if r.funded and not r.funder_approval_id:
            missing.append("the funding body's written approval (CHG-2)")
        if today < r.earliest_effective_on:
            missing.append(f"the 7 business days: effective from {r.earliest_effective_on:%-d %b} (CHG-1)")
        items.append(
            {
                "kind": "Change of path",
                "request": r,
                "deadline": r.earliest_effective_on,
                "deadline_label": "can take effect from",
                "missing": missing,
                "detail": f"{r.enrolment.path} → {r.to_path}",
                "url_name": "admin:students_pathchangerequest_decide",
            }
        )
    for a in Accommodation.objects.filter(status=Accommodation.Status.PENDING).select_related(*related):
        items.append(
            {
                "kind": "Accommodation",
                "request": a,
                "deadline": None,
                "deadline_label": "",
                "missing": [] if a.proof_id else ["the disability proof (ACC-1)"],
                "detail": "audio-only sessions and presentations",
                "url_name": "admin:students_accommodation_change",
            }
        )
    return sorted(items, key=lambda i: (i["deadline"] is None, i["deadline"] or today))


def requests_for_student(*, student) -> list:
    related = ("enrolment__path",)
    rows = [
        *SuspensionRequest.objects.filter(enrolment__student=student).select_related(*related),
        *PathChangeRequest.objects.filter(enrolment__student=student).select_related(*related, "to_path"),
        *TerminationRequest.objects.filter(enrolment__student=student).select_related(*related),
    ]
    return sorted(rows, key=lambda r: r.submitted_at, reverse=True)
