"""Reads on paths, projects and submissions."""

from collections import Counter, defaultdict
from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet

from . import rules
from .models import Deliverable, PathProject, Presentation, Skill, SkillAssessment, Submission

# The mentor approved these (TRN-1 a); a presentation that did not validate leaves the approval standing.
APPROVED = (
    Submission.Status.APPROVED,
    Submission.Status.PRESENTATION_SCHEDULED,
    Submission.Status.VALIDATED,
    Submission.Status.NOT_VALIDATED,
)


def _with_acquired_skills(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """Each submission with its presentations, each with the skills it acquired (``acquired``): what TRN-1 (b)
    reads (``trn1_missing_by_enrolment``)."""
    return submissions.prefetch_related(
        Prefetch(
            "presentations",
            queryset=Presentation.objects.prefetch_related(
                Prefetch(
                    "assessments",
                    queryset=SkillAssessment.objects.filter(result=SkillAssessment.Result.ACQUIRED),
                    to_attr="acquired",
                )
            ),
        )
    )


def submissions_for_enrolment(*, enrolment, with_acquired_skills: bool = False) -> list[Submission]:
    """The enrolment's submissions with their project; ``with_acquired_skills``: ready for
    ``trn1_missing_by_enrolment(submissions=…)`` as well (two more queries when there are any)."""
    submissions = (
        Submission.objects.filter(enrolment=enrolment).select_related("project").order_by("project__code")
    )
    return list(_with_acquired_skills(submissions) if with_acquired_skills else submissions)


def path_projects(*, path) -> QuerySet[PathProject]:
    return PathProject.objects.filter(path=path).select_related("project").order_by("position")


def submissions_waiting_for_mentor(*, mentor, limit: int = 20) -> list[Submission]:
    """TRN-1 a: the projects the mentor's students submitted and the mentor has not reviewed yet, oldest
    first; with only what *My week* shows of them (the project's title, the student's name, the round)."""
    return list(
        Submission.objects.filter(enrolment__mentor=mentor, status=Submission.Status.SUBMITTED)
        .select_related("project", "enrolment__student")
        .only(
            "round",
            "submitted_at",
            "project__title",
            "enrolment__student__first_name",
            "enrolment__student__last_name",
            "enrolment__student__email",
        )
        .order_by("submitted_at")[:limit]
    )


def submissions_of_enrolments(*, enrolment_ids: list[int]) -> list[Submission]:
    """Every submission of these enrolments with their acquired skills, for ``project_progress_by_enrolment``
    and ``trn1_missing_by_enrolment`` both (three queries when there are any)."""
    return list(_with_acquired_skills(Submission.objects.filter(enrolment_id__in=enrolment_ids)))


def project_progress_by_enrolment(
    *, enrolment_ids: list[int], submissions: list[Submission] | None = None
) -> dict[int, int]:
    """Number of projects the mentor approved per enrolment (whatever their presentations gave), in one
    query, or none from ``submissions`` (every submission of these enrolments) when the caller has read them;
    0 for none."""
    if submissions is not None:
        approved = Counter(s.enrolment_id for s in submissions if s.status in APPROVED)
        return dict.fromkeys(enrolment_ids, 0) | approved
    rows = (
        Submission.objects.filter(enrolment_id__in=enrolment_ids, status__in=APPROVED)
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


def trn1_missing_by_enrolment(
    *, enrolments, submissions: list[Submission] | None = None
) -> dict[int, list[str]]:
    """TRN-1 (a) and (b) for these enrolments (any number, in four queries): what each student still needs
    before a jury, in words; an empty list when both hold (the student is eligible for a jury).
    ``submissions``: every submission of these enrolments, with their acquired skills
    (``submissions_of_enrolments``, ``submissions_for_enrolment(with_acquired_skills=True)``), when the caller
    has read them already."""
    enrolments = list(enrolments)
    path_projects: dict[int, list[PathProject]] = defaultdict(list)
    for pp in (
        PathProject.objects.filter(path_id__in={e.path_id for e in enrolments})
        .select_related("project")
        .order_by("path_id", "position")
    ):
        path_projects[pp.path_id].append(pp)
    skills: dict[int, set[int]] = defaultdict(set)
    project_ids = {pp.project_id for pps in path_projects.values() for pp in pps}
    skill_rows = Skill.objects.filter(project_id__in=project_ids).values_list("project_id", "id")
    for project_id, skill_id in skill_rows if project_ids else ():
        skills[project_id].add(skill_id)
    if submissions is None:
        submissions = submissions_of_enrolments(enrolment_ids=[e.pk for e in enrolments])
    submissions = {(s.enrolment_id, s.project_id): s for s in submissions}
    missing = {}
    for enrolment in enrolments:
        projects = []
        for pp in path_projects[enrolment.path_id]:
            submission = submissions.get((enrolment.pk, pp.project_id))
            presentations = tuple(
                rules.PresentationFacts(
                    held=p.status == Presentation.Status.HELD,
                    recorded=bool(p.recording_url or p.recording_deleted_at),
                    validating_mentor_id=p.validating_mentor_id,
                    acquired_skill_ids=frozenset(a.skill_id for a in p.acquired),
                )
                for p in (submission.presentations.all() if submission else ())
            )
            projects.append(
                rules.ProjectFacts(
                    title=pp.project.title,
                    in_depth=pp.project.in_depth,
                    skill_ids=frozenset(skills[pp.project_id]),
                    approved=submission is not None
                    and submission.status in APPROVED
                    and submission.approved_at is not None,
                    presentations=presentations,
                )
            )
        missing[enrolment.pk] = rules.trn1_missing(projects, own_mentor_id=enrolment.mentor_id)
    return missing


# --- The student's projects, the mentor's review and the validating mentor's presentations -----------------


def _latest_deliverables(submission: Submission) -> list[Deliverable]:
    return [d for d in submission.all_deliverables if d.round == submission.round]


def projects_for_enrolment(*, enrolment) -> list[PathProject]:
    """Every project of the enrolment's path in order, each with its skills and the student's submission
    (``pp.submission``: its latest deliverables, its presentations with their assessments, newest first),
    in five queries whatever the number of projects."""
    rows = list(
        PathProject.objects.filter(path_id=enrolment.path_id)
        .select_related("project")
        .prefetch_related(Prefetch("project__skills", queryset=Skill.objects.order_by("position")))
        .order_by("position")
    )
    submissions = {
        s.project_id: s
        for s in Submission.objects.filter(enrolment=enrolment, project_id__in=[r.project_id for r in rows])
        .select_related("approved_by")
        .prefetch_related(
            Prefetch("deliverables", queryset=Deliverable.objects.order_by("pk"), to_attr="all_deliverables"),
            Prefetch(
                "presentations",
                queryset=Presentation.objects.select_related("validating_mentor").prefetch_related(
                    Prefetch("assessments", queryset=SkillAssessment.objects.select_related("skill"))
                ),
            ),
        )
    }
    for row in rows:
        row.submission = submissions.get(row.project_id)
        if row.submission is not None:
            row.submission.latest_deliverables = _latest_deliverables(row.submission)
    return rows


def submission_of_student(*, student, submission_id: int) -> Submission | None:
    """One of the student's own submissions, or None."""
    return (
        Submission.objects.select_related("project", "enrolment")
        .filter(pk=submission_id, enrolment__student=student)
        .first()
    )


def submission_with_work(*, submission_id: int) -> Submission:
    """One submission with what a reviewer reads: the student, the project and its skills, every
    deliverable (newest round first) and every presentation with its assessments."""
    submission = (
        Submission.objects.select_related("project", "enrolment__student", "enrolment__path", "approved_by")
        .prefetch_related(
            "project__skills",
            Prefetch(
                "deliverables",
                queryset=Deliverable.objects.order_by("-round", "pk"),
                to_attr="all_deliverables",
            ),
            Prefetch(
                "presentations",
                queryset=Presentation.objects.select_related("validating_mentor").prefetch_related(
                    Prefetch("assessments", queryset=SkillAssessment.objects.select_related("skill"))
                ),
            ),
        )
        .get(pk=submission_id)
    )
    submission.latest_deliverables = _latest_deliverables(submission)
    return submission


def presentations_for_validating_mentor(*, mentor, now, limit: int = 20) -> list[Presentation]:
    """The presentations a validating mentor hears: those to come and those not concluded yet, soonest
    first; with only what *My week* shows of them (when, the project's title, the student's name)."""
    return list(
        Presentation.objects.filter(validating_mentor=mentor, status=Presentation.Status.SCHEDULED)
        .select_related("submission__project", "submission__enrolment__student")
        .only(
            "scheduled_start",
            "submission__project__title",
            "submission__enrolment__student__first_name",
            "submission__enrolment__student__last_name",
            "submission__enrolment__student__email",
        )
        .order_by("scheduled_start")[:limit]
    )


def _presentation_times(*, start, end, **which) -> list[tuple]:
    rows = Presentation.objects.filter(
        status=Presentation.Status.SCHEDULED,
        scheduled_start__lt=end,
        scheduled_start__gte=start - timedelta(hours=4),
        **which,
    ).values_list("scheduled_start", "duration")
    return [(s, s + d) for s, d in rows]


def presentations_busy_between(*, mentor_id: int, start, end) -> list[tuple]:
    """The presentations a mentor hears in a window, as (start, end) pairs (their time is not free)."""
    return _presentation_times(start=start, end=end, validating_mentor_id=mentor_id)


def student_presentations_between(*, enrolment_id: int, start, end) -> list[tuple]:
    """The presentations a student gives in a window, as (start, end) pairs."""
    return _presentation_times(start=start, end=end, submission__enrolment_id=enrolment_id)


def validator_ids_of_student(*, student_id: int) -> set[int]:
    """The validating mentors of the student's presentations, booked or held (not cancelled)."""
    rows = (
        Presentation.objects.filter(submission__enrolment__student_id=student_id)
        .exclude(status=Presentation.Status.CANCELLED)
        .values_list("validating_mentor_id", flat=True)
    )
    return set(rows.distinct())


def skills_of_path_qs(*, path_id: int) -> QuerySet[Skill]:
    """Every skill of the path's projects, project by project."""
    return (
        Skill.objects.filter(project__path_projects__path_id=path_id)
        .select_related("project")
        .order_by("project__code", "position")
        .distinct()
    )


def skills_of_path(*, path_id: int) -> dict[int, Skill]:
    """Every skill of the path's projects, by id, in one query."""
    return {skill.pk: skill for skill in skills_of_path_qs(path_id=path_id)}


# --- The student's copy of their data (core.exports) -----------------------------------------------------


def submissions_of_student(*, student) -> list[Submission]:
    """Every submission of every enrolment of the student with every deliverable: two queries."""
    return list(
        Submission.objects.filter(enrolment__student=student)
        .select_related("project", "approved_by")
        .prefetch_related(
            Prefetch(
                "deliverables",
                queryset=Deliverable.objects.order_by("round", "pk"),
                to_attr="all_deliverables",
            )
        )
        .order_by("enrolment_id", "project__code", "pk")
    )


def presentations_of_student(*, student) -> list[Presentation]:
    """Every presentation of the student with its per-skill results: two queries."""
    return list(
        Presentation.objects.filter(submission__enrolment__student=student)
        .select_related("submission__project", "validating_mentor")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=SkillAssessment.objects.select_related("skill").order_by("skill__position", "pk"),
            )
        )
        .order_by("scheduled_start", "pk")
    )
