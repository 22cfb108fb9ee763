"""Reads on disciplinary cases."""

from datetime import datetime

from django.db import connection
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from openclassrooms.accounts.roles import Role

from . import rules
from .models import (
    BoardSeat,
    Case,
    CaseEvent,
    CaseEvidence,
    CaseGround,
    Decision,
    DecisionCopy,
    Hearing,
    Notice,
    StudentAnswer,
)

OPEN_STATUSES = [s for s in Case.Status.values if s not in Case.OVER]


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


def cases_over_for_board(*, user, limit: int = 50) -> list[Case]:
    """Closed and withdrawn cases the person can see, the latest first (the record stays reachable)."""
    return list(
        cases_qs_for_user(user)
        .exclude(status__in=OPEN_STATUSES)
        .select_related("decision")
        .order_by("-opened_at")[:limit]
    )


def case_file(*, case: Case) -> dict:
    """Everything on one case, for the Board's case file (a fixed number of queries)."""
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


def decision_is_final(decision) -> bool:
    """DIS-8: once the registered letter is sent, the decision and the letter never change."""
    letter = getattr(decision, "letter", None) if hasattr(decision, "letter") else None
    return bool(letter and letter.dispatched_on)


def attendance_cases_open(*, enrolment_id: int) -> list[Case]:
    """Live ATT-6 cases of one enrolment with their evidence (the sessions of the run)."""
    return list(
        Case.objects.filter(enrolment_id=enrolment_id, source=Case.Source.ATTENDANCE)
        .exclude(status=Case.Status.WITHDRAWN)
        .prefetch_related("evidence")
    )


def case_can_be_withdrawn(*, case: Case) -> bool:
    """Before the Board has met, a case can still be withdrawn (e.g. after an ATT-6 correction)."""
    return Case.Status.WITHDRAWN in Case.TRANSITIONS.get(case.status, ())


def chairs_by_case(*, case_ids) -> dict[int, str]:
    """The chair's e-mail address of each case (DIS-1)."""
    return dict(
        BoardSeat.objects.filter(role=BoardSeat.Role.CHAIR, case_id__in=case_ids).values_list(
            "case_id", "user__email"
        )
    )


# ATT-6, set-based: one query finds the enrolments holding a run of unreferred unauthorised absences. A run is
# broken by an attended session and restarts after a referral (SPEC's reading; ``mentoring.rules.
# att6_referrals``). Its cost follows the unauthorised absences, not the history: they are read alone, from
# their partial index (``session_unauthorised_run_idx``), in order. Over each enrolment's absences, the
# running count of referred ones and ``LAG`` find every absence closing ``run_length`` consecutive unreferred
# ones; only for those does a ``NOT EXISTS`` look for an attended session between the first and the last (an
# index probe each). Orders are (scheduled_start, id), as the old streak window's: the two queries are equal
# on random histories (tests/discipline/test_runs_query.py). ``{only}`` narrows it to some enrolments.
_UNREFERRED_RUNS_SQL = """
WITH referred AS (
    SELECT ev.session_id FROM discipline_caseevidence ev
    JOIN discipline_case c ON c.id = ev.case_id
    WHERE c.source = 'attendance' AND c.status <> 'withdrawn' AND ev.session_id IS NOT NULL
), absences AS (
    SELECT s.id, s.enrolment_id, s.scheduled_start,
           CASE WHEN s.id IN (SELECT session_id FROM referred) THEN 1 ELSE 0 END AS referred
    FROM mentoring_mentoringsession s
    JOIN students_enrolment e ON e.id = s.enrolment_id
    WHERE s.outcome = 'unauthorised' AND e.status IN ('active', 'suspended'){only}
), counted AS (
    SELECT id, enrolment_id, scheduled_start, referred,
           SUM(referred) OVER (PARTITION BY enrolment_id ORDER BY scheduled_start, id
                               ROWS UNBOUNDED PRECEDING) AS referred_so_far
    FROM absences
), closing AS (
    SELECT id, enrolment_id, scheduled_start, referred_so_far,
           LAG(id, %s) OVER run AS first_id,
           LAG(scheduled_start, %s) OVER run AS first_start,
           LAG(referred_so_far - referred, %s) OVER run AS referred_before_first
    FROM counted
    WINDOW run AS (PARTITION BY enrolment_id ORDER BY scheduled_start, id)
)
SELECT DISTINCT r.enrolment_id FROM closing r
WHERE r.first_id IS NOT NULL AND r.referred_so_far = r.referred_before_first
  AND NOT EXISTS (
      SELECT 1 FROM mentoring_mentoringsession a
      WHERE a.enrolment_id = r.enrolment_id AND a.outcome = 'attended'
        AND a.scheduled_start >= r.first_start AND a.scheduled_start <= r.scheduled_start
        AND (a.scheduled_start > r.first_start OR a.id > r.first_id)
        AND (a.scheduled_start < r.scheduled_start OR a.id < r.id)
  )
"""


# The enrolments whose sessions, cases or own record changed since a moment, from their history (ATT-6's
# sweep between two full passes: a run of absences appears only where something changed). It reads mentoring's
# and students' history tables itself, as the query above reads their tables: one statement, no import.
_CHANGED_ENROLMENTS_SQL = """
    AND s.enrolment_id IN (
        SELECT enrolment_id FROM mentoring_historicalmentoringsession WHERE history_date >= %s
        UNION SELECT enrolment_id FROM discipline_historicalcase WHERE history_date >= %s
        UNION SELECT id FROM students_historicalenrolment WHERE history_date >= %s
    )"""


def enrolments_with_unreferred_runs(*, run_length: int, changed_since: datetime | None = None) -> list[int]:
    """ATT-6: the enrolments whose sessions hold a run of ``run_length`` unreferred absences — of every
    enrolment, or only of those whose sessions, attendance cases or status changed since ``changed_since``
    (as their history records it)."""
    back = max(run_length, 1) - 1  # the first absence of a run, counted back from its last
    sql, params = _UNREFERRED_RUNS_SQL.format(only=""), [back] * 3
    if changed_since is not None:
        sql = _UNREFERRED_RUNS_SQL.format(only=_CHANGED_ENROLMENTS_SQL)
        since = connection.ops.adapt_datetimefield_value(changed_since)  # as the ORM writes it (SQLite: text)
        params = [since] * 3 + params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


def hearings_for_calendar(*, user, since, until) -> QuerySet[Hearing]:
    """The hearings `user` attends, in one query: as a member of the case's Board, or — once the notice is
    sent (DIS-3) — as the student or their representative."""
    noticed = Exists(Notice.objects.filter(hearing=OuterRef("pk"), sent_at__isnull=False))
    seated = Exists(BoardSeat.objects.filter(case=OuterRef("case"), user=user))
    return (
        Hearing.objects.filter(scheduled_start__gte=since, scheduled_start__lt=until)
        .annotate(noticed=noticed, seated=seated)
        .filter(
            Q(seated=True) | Q(noticed=True) & (Q(case__enrolment__student=user) | Q(representative=user))
        )
        .select_related("case__enrolment__student")
        .order_by("scheduled_start")
    )


def case_holding_presentation(*, presentation_id: int) -> int | None:
    """The case (not withdrawn) that holds this presentation as evidence (DIS-11), if any."""
    return (
        CaseEvidence.objects.filter(presentation_id=presentation_id)
        .exclude(case__status=Case.Status.WITHDRAWN)
        .values_list("case_id", flat=True)
        .first()
    )


def board_member_ids_of_student(*, student_id: int) -> set[int]:
    """Everyone who sat on a Disciplinary Board of the student's cases (DIS-1)."""
    rows = BoardSeat.objects.filter(case__enrolment__student_id=student_id).values_list("user_id", flat=True)
    return set(rows.distinct())


def holds_board_seat(user) -> bool:
    """Issue 14 (settings.MFA_REQUIRED_IF): a seat on the Disciplinary Board of a case still open, the
    advisory student representative's included, makes two-step sign-in required."""
    return BoardSeat.objects.filter(user_id=user.pk, case__status__in=OPEN_STATUSES).exists()


# --- The student's copy of their data (core.exports) -----------------------------------------------------


def cases_of_student(*, student) -> list[Case]:
    """Every case of the student with its whole file — grounds, evidence, answers, Board seats, timeline
    (with each actor's roles), hearings and their notices, decision, letter and copies to funders — in a
    fixed number of queries, however many cases and rows."""
    return list(
        Case.objects.filter(enrolment__student=student)
        .select_related("enrolment__path", "opened_by", "decision__letter")
        .prefetch_related(
            "opened_by__groups",
            Prefetch("grounds", queryset=CaseGround.objects.order_by("pk")),
            Prefetch(
                "evidence",
                queryset=CaseEvidence.objects.select_related("submission__project").order_by(
                    "added_at", "pk"
                ),
            ),
            Prefetch("answers", queryset=StudentAnswer.objects.order_by("submitted_at", "pk")),
            Prefetch("seats", queryset=BoardSeat.objects.select_related("user").order_by("role")),
            Prefetch(
                "events",
                queryset=CaseEvent.objects.select_related("actor")
                .prefetch_related("actor__groups")
                .order_by("at", "pk"),
            ),
            Prefetch(
                "hearings",
                queryset=Hearing.objects.select_related("representative")
                .prefetch_related(Prefetch("notices", queryset=Notice.objects.order_by("sent_at", "pk")))
                .order_by("scheduled_start", "pk"),
            ),
            Prefetch(
                "decision__copies",
                queryset=DecisionCopy.objects.select_related("funding_body").order_by("funding_body__name"),
            ),
        )
        .order_by("opened_at", "pk")
    )


def students_with_open_case() -> set[int]:
    """Retention (``settings.RETENTION_HOLDS``): the students with a disciplinary case not over — nothing of
    theirs is deleted or anonymised while it runs."""
    rows = Case.objects.filter(status__in=OPEN_STATUSES).values_list("enrolment__student_id", flat=True)
    return set(rows.distinct())
