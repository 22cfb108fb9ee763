"""Reads on juries and candidacies."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from discipline import selectors as discipline_selectors
from mentoring import selectors as mentoring_selectors
from mentoring.models import MonitoringReport
from projects import selectors as project_selectors
from projects.models import Presentation, Submission
from students import selectors as student_selectors

from . import rules
from .models import (
    Candidacy,
    CandidateRecordOpening,
    DeclaredConflict,
    Diploma,
    JuryMember,
    JurySession,
    PortfolioFile,
    RemedialDeliverable,
    RemedialProject,
    Verdict,
)


def jury_sessions_for_member(*, user) -> QuerySet[JurySession]:
    return (
        JurySession.objects.filter(jury__members__user=user)
        .select_related("jury__path", "chair__user", "minutes")
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
    return (
        Verdict.objects.filter(candidacy=candidacy)
        .select_related("decided_by")
        .prefetch_related("skills_to_improve", "remedial_projects__deliverables")
        .first()
    )


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
                Prefetch("presentations", queryset=Presentation.objects.select_related("validating_mentor")),
                "deliverables",
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


def candidate_ties(*, student_id: int) -> rules.CandidateTies:
    """Who may not sit on this student's panel (TRN-3), in five queries: their mentors (every enrolment,
    every session), the validating mentors of their presentations, their Disciplinary Boards, and the jury
    members who declared a conflict about them."""
    return rules.CandidateTies(
        mentors=frozenset(
            student_selectors.mentor_ids_of_student(student_id=student_id)
            | mentoring_selectors.session_mentor_ids_of_student(student_id=student_id)
        ),
        validators=frozenset(project_selectors.validator_ids_of_student(student_id=student_id)),
        board=frozenset(discipline_selectors.board_member_ids_of_student(student_id=student_id)),
        declared=frozenset(
            DeclaredConflict.objects.filter(enrolment__student_id=student_id).values_list(
                "member__user_id", flat=True
            )
        ),
    )


def members_of(*, member_ids) -> list[tuple[int, str, str]]:
    """(user id, name, kind) of these jury members, in one query."""
    return [
        (m.user_id, m.user.get_full_name() or m.user.email, m.kind)
        for m in JuryMember.objects.filter(pk__in=list(member_ids)).select_related("user")
    ]


def skills_for_verdict(*, path_id: int) -> QuerySet:
    """The skills of the path's projects a refusal may name (TRN-4)."""
    return project_selectors.skills_of_path_qs(path_id=path_id)


def remedial_open_count(*, enrolment_id: int) -> int:
    """TRN-4: the remedial projects of the enrolment's latest refusal not approved yet by jury members."""
    latest = (
        Verdict.objects.filter(candidacy__enrolment_id=enrolment_id)
        .order_by("-decided_at")
        .values_list("pk", "decision")
        .first()
    )
    if latest is None or latest[1] != Verdict.Decision.REFUSED:
        return 0
    return (
        RemedialProject.objects.filter(verdict_id=latest[0])
        .exclude(status=RemedialProject.Status.APPROVED)
        .count()
    )


def remedial_for_student(*, student) -> list[RemedialProject]:
    """The remedial projects set to the student, newest refusal first."""
    return list(
        RemedialProject.objects.filter(verdict__candidacy__enrolment__student=student)
        .select_related("verdict__candidacy__session__jury")
        .prefetch_related("skills")
        .order_by("-verdict__decided_at", "title")
    )


def record_openings(*, candidacy: Candidacy, limit: int = 20) -> list[CandidateRecordOpening]:
    """The latest openings of the candidate's record, with who opened it."""
    return list(
        CandidateRecordOpening.objects.filter(candidacy=candidacy).select_related("opened_by")[:limit]
    )


def candidacies_for_student(*, student) -> list[Candidacy]:
    """The student's candidacies, newest sitting first, with the sitting, the panel and the verdict."""
    return list(
        Candidacy.objects.filter(enrolment__student=student)
        .select_related("session__jury", "panel", "verdict__diploma")
        .order_by("-session__starts_at")
    )


def remedial_files(*, remedial: RemedialProject) -> list[RemedialDeliverable]:
    """The files handed in with a remedial project, newest first."""
    return list(RemedialDeliverable.objects.filter(remedial=remedial))


def diploma_by_code(*, code: str) -> Diploma | None:
    """The diploma a verification code names (public: only what the verification page shows is read)."""
    return Diploma.objects.filter(code=code).only("code", "holder_name", "path_name", "awarded_on").first()


def portfolio_files(*, candidacy: Candidacy) -> list[PortfolioFile]:
    """The files of a candidate's portfolio, newest first."""
    return list(PortfolioFile.objects.filter(candidacy=candidacy))


# --- The student's copy of their data (core.exports) -----------------------------------------------------


def candidacies_of_student(*, student) -> list[Candidacy]:
    """Every candidacy of the student with its portfolio files, who opened the record (with their roles),
    the verdict, its skills to improve, its remedial projects and their files, and the diploma: a fixed
    number of queries, however many rows."""
    remedial = RemedialProject.objects.prefetch_related(
        "skills", Prefetch("deliverables", queryset=RemedialDeliverable.objects.order_by("uploaded_at", "pk"))
    ).order_by("pk")
    return list(
        Candidacy.objects.filter(enrolment__student=student)
        .select_related("session__jury", "panel", "verdict__diploma")
        .prefetch_related(
            Prefetch("portfolio_files", queryset=PortfolioFile.objects.order_by("uploaded_at", "pk")),
            Prefetch(
                "openings",
                queryset=CandidateRecordOpening.objects.select_related("opened_by")
                .prefetch_related("opened_by__groups")
                .order_by("opened_at", "pk"),
            ),
            "verdict__skills_to_improve",
            Prefetch("verdict__remedial_projects", queryset=remedial),
        )
        .order_by("registered_at", "pk")
    )


def conflicts_about_student(*, student) -> list[DeclaredConflict]:
    """TRN-3: the conflicts of interest jury members declared about the student (read without the member)."""
    return list(DeclaredConflict.objects.filter(enrolment__student=student).order_by("declared_at", "pk"))


def students_with_pending_candidacy() -> set[int]:
    """Retention (``settings.RETENTION_HOLDS``): the students registered for a sitting or under the jury's
    review — nothing of theirs is deleted or anonymised until the verdict (or the withdrawal)."""
    pending = (Candidacy.Status.REGISTERED, Candidacy.Status.UNDER_REVIEW)
    rows = Candidacy.objects.filter(status__in=pending).values_list("enrolment__student_id", flat=True)
    return set(rows.distinct())
