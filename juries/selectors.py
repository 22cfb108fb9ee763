"""Reads on juries and candidacies."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from discipline import selectors as discipline_selectors
from mentoring.models import MonitoringReport
from projects.models import Presentation, Submission

from .models import Candidacy, JuryMember, JurySession, Verdict


def jury_sessions_for_member(*, user) -> QuerySet[JurySession]:
    return (
        JurySession.objects.filter(jury__members__user=user)
        .select_related("jury__path")
        .annotate(candidates=Count("candidacies", distinct=True))
        .order_by("-starts_at")
    )


def candidacies_for_member(*, user, limit: int = 50) -> list[Candidacy]:
    return list(
        Candidacy.objects.filter(session__jury__members__user=user)
        .exclude(status=Candidacy.Status.WITHDRAWN)
        .select_related("enrolment__student", "enrolment__path", "session", "panel", "verdict")
        .order_by("session__starts_at", "enrolment__student__last_name")[:limit]
    )


def verdict_for(*, candidacy: Candidacy) -> Verdict | None:
    """TRN-4: the verdict on a candidacy, final once recorded."""
    return Verdict.objects.filter(candidacy=candidacy).select_related("decided_by").first()


def candidate_record(*, candidacy: Candidacy) -> dict:
    """TRN-2: the record a jury reads — profile, monitoring reports, projects, penalties (DIS-10)."""
    enrolment = candidacy.enrolment
    return {
        "reports": list(
            MonitoringReport.objects.filter(
                enrolment__student_id=enrolment.student_id, status=MonitoringReport.Status.SUBMITTED
            )
            .select_related("mentor")
            .order_by("period_start")
        ),
        "submissions": list(
            Submission.objects.filter(enrolment=enrolment)
            .select_related("project", "approved_by")
            .prefetch_related(
                Prefetch("presentations", queryset=Presentation.objects.select_related("validating_mentor"))
            )
            .order_by("project__code")
        ),
        "penalties": discipline_selectors.penalties_for_student(student=enrolment.student),
    }


def sittings_for_calendar(*, user, since, until) -> QuerySet[JurySession]:
    """The jury sittings `user` sits on (a member of the jury) or is a candidate at (not withdrawn)."""
    member = Exists(JuryMember.objects.filter(jury=OuterRef("jury"), user=user))
    candidate = Exists(
        Candidacy.objects.filter(session=OuterRef("pk"), enrolment__student=user).exclude(
            status=Candidacy.Status.WITHDRAWN
        )
    )
    return (
        JurySession.objects.filter(starts_at__gte=since, starts_at__lt=until)
        .annotate(member=member, candidate=candidate)
        .filter(Q(member=True) | Q(candidate=True))
        .select_related("jury__path")
        .order_by("starts_at")
    )
