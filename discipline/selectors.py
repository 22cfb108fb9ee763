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


def cases_open_for_board(*, user, today, limit: int = 50) -> list[Case]:
    """Open cases with the next step and its deadline (computed from prefetched rows: no N+1)."""
    from django.db.models import Prefetch
    from django.utils import timezone

    from . import rules

    upcoming = [Hearing.Status.PROPOSED, Hearing.Status.CONFIRMED]
    cases = list(
        cases_qs_for_user(user)
        .filter(status__in=OPEN_STATUSES)
        .select_related("decision__letter")
        .prefetch_related(Prefetch("hearings", queryset=Hearing.objects.order_by("-scheduled_start")))
        .annotate(next_hearing=Min("hearings__scheduled_start", filter=Q(hearings__status__in=upcoming)))
        .order_by("opened_at")[:limit]
    )
    for case in cases:
        hearings = list(case.hearings.all())
        coming = next((h for h in hearings if h.status in upcoming), None)
        held = next((h for h in hearings if h.status == Hearing.Status.HELD), None)
        decision = getattr(case, "decision", None) if hasattr(case, "decision") else None
        letter = (
            getattr(decision, "letter", None)
            if decision is not None and hasattr(decision, "letter")
            else None
        )
        case.next = rules.next_step(
            status=case.status,
            hearing_start=coming.scheduled_start if coming else None,
            hearing_confirmed=bool(coming and coming.status == Hearing.Status.CONFIRMED),
            hearing_date=timezone.localtime(held.scheduled_start).date() if held else None,
            letter_generated=bool(letter and letter.pdf),
            today=today,
        )
    return cases


def case_file(*, case: Case) -> dict:
    """Everything on one case, for the Board's case file (a fixed number of queries)."""
    from django.db.models import Prefetch

    from .models import BoardSeat, CaseEvent, CaseEvidence, Notice, StudentAnswer

    hearings = list(
        Hearing.objects.filter(case=case)
        .prefetch_related(Prefetch("notices", queryset=Notice.objects.order_by("-sent_at")))
        .order_by("-scheduled_start")
    )
    decision = Decision.objects.filter(case=case).select_related("letter", "decided_by").first()
    return {
        "events": list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk")),
        "grounds": list(case.grounds.order_by("pk")),
        "evidence": list(
            CaseEvidence.objects.filter(case=case).select_related(
                "session", "submission__project", "document"
            )
        ),
        "answers": list(StudentAnswer.objects.filter(case=case).order_by("submitted_at")),
        "seats": list(BoardSeat.objects.filter(case=case).select_related("user").order_by("role")),
        "hearings": hearings,
        "upcoming": next(
            (h for h in hearings if h.status in (Hearing.Status.PROPOSED, Hearing.Status.CONFIRMED)), None
        ),
        "held": next((h for h in hearings if h.status == Hearing.Status.HELD), None),
        "decision": decision,
        "letter": getattr(decision, "letter", None)
        if decision is not None and hasattr(decision, "letter")
        else None,
        "copies": list(decision.copies.select_related("funding_body")) if decision else [],
    }


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


def exclusion_dates_for_student(*, student_id: int) -> list:
    """DIS-7: the effective dates of every permanent exclusion of this person."""
    return list(
        Decision.objects.filter(
            case__enrolment__student_id=student_id, penalty=Decision.Penalty.EXCLUSION
        ).values_list("effective_from", flat=True)
    )


def decision_is_final(decision) -> bool:
    """DIS-8: once the registered letter is sent, the decision and the letter never change."""
    letter = getattr(decision, "letter", None) if hasattr(decision, "letter") else None
    return bool(letter and letter.dispatched_on)
