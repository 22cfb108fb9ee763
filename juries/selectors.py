"""Reads on juries and candidacies."""

from django.db.models import Count, QuerySet

from .models import Candidacy, JurySession


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
