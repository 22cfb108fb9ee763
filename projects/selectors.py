"""Reads on paths, projects and submissions."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet

from . import rules
from .models import PathProject, Presentation, Skill, SkillAssessment, Submission


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


APPROVED = (
    Submission.Status.APPROVED,
    Submission.Status.PRESENTATION_SCHEDULED,
    Submission.Status.VALIDATED,
    Submission.Status.NOT_VALIDATED,
)


def trn1_missing_by_enrolment(*, enrolments) -> dict[int, list[str]]:
    """TRN-1 (a) and (b) for these enrolments (any number, in four queries): what each student still needs
    before a jury, in words; an empty list when both hold (the student is eligible for a jury)."""
    enrolments = list(enrolments)
    path_projects: dict[int, list[PathProject]] = defaultdict(list)
    for pp in (
        PathProject.objects.filter(path_id__in={e.path_id for e in enrolments})
        .select_related("project")
        .order_by("path_id", "position")
    ):
        path_projects[pp.path_id].append(pp)
    skills: dict[int, set[int]] = defaultdict(set)
    for project_id, skill_id in Skill.objects.filter(
        project_id__in={pp.project_id for pps in path_projects.values() for pp in pps}
    ).values_list("project_id", "id"):
        skills[project_id].add(skill_id)
    acquired = Prefetch(
        "presentations",
        queryset=Presentation.objects.prefetch_related(
            Prefetch(
                "assessments",
                queryset=SkillAssessment.objects.filter(result=SkillAssessment.Result.ACQUIRED),
                to_attr="acquired",
            )
        ),
    )
    submissions = {
        (s.enrolment_id, s.project_id): s
        for s in Submission.objects.filter(enrolment_id__in=[e.pk for e in enrolments]).prefetch_related(
            acquired
        )
    }
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
