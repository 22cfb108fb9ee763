"""Reads on disciplinary cases."""

from django.db.models import Min, Q, QuerySet

from openclassrooms.accounts.roles import Role

from .models import Case, Decision, Hearing

OPEN_STATUSES = [s for s in Case.Status.values if s not in (Case.Status.CLOSED, Case.Status.WITHDRAWN)]


def cases_qs_for_user(user) -> QuerySet[Case]:
    """Head of Learning sees every case; a Learning Manager the cases of their paths or where they sit."""
    qs = Case.objects.select_related("enrolment__student", "enrolment__path")
    if user.has_role(Role.HEAD_OF_LEARNING):
        return qs
    if user.has_role(Role.LEARNING_MANAGER):
        return qs.filter(Q(enrolment__path__learning_manager=user) | Q(seats__user=user)).distinct()
    return qs.none()


def cases_open_for_board(*, user, limit: int = 50) -> list[Case]:
    upcoming = [Hearing.Status.PROPOSED, Hearing.Status.CONFIRMED]
    return list(
        cases_qs_for_user(user)
        .filter(status__in=OPEN_STATUSES)
        .annotate(next_hearing=Min("hearings__scheduled_start", filter=Q(hearings__status__in=upcoming)))
        .order_by("opened_at")[:limit]
    )


def cases_for_student(*, student) -> list[Case]:
    return list(
        Case.objects.filter(enrolment__student=student)
        .select_related("enrolment__path", "decision")
        .order_by("-opened_at")
    )


def penalties_for_student(*, student) -> list[Decision]:
    """DIS-10: every penalty on the student's record."""
    return list(
        Decision.objects.filter(case__enrolment__student=student)
        .exclude(penalty=Decision.Penalty.NONE)
        .select_related("case")
        .order_by("-decided_at")
    )


def cases_recent(*, limit: int = 10) -> list[Case]:
    return list(
        Case.objects.select_related("enrolment__student", "enrolment__path").order_by("-opened_at")[:limit]
    )
