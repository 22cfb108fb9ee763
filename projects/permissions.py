"""Fetch-and-authorise: one call returns the record or answers 404, for "missing" and "forbidden" alike."""

from django.db.models import Q
from django.http import Http404

from .models import Deliverable, Presentation, Submission


def access_submission_for_review(user, pk: int) -> Submission:
    """TRN-1 a: the student's own mentor reviews their projects; nobody else reaches the review."""
    submission = Submission.objects.filter(pk=pk, enrolment__mentor=user).first()
    if submission is None:
        raise Http404("No such project.")
    return submission


def access_presentation_for_validator(user, pk: int) -> Presentation:
    """TRN-1 b: the validating mentor of a presentation hears and assesses it."""
    try:
        return Presentation.objects.select_related(
            "submission__project", "submission__enrolment__student", "submission__enrolment__path"
        ).get(pk=pk, validating_mentor=user)
    except Presentation.DoesNotExist as exc:
        raise Http404("No such presentation.") from exc


def access_presentation_for_student(user, pk: int) -> Presentation:
    try:
        return Presentation.objects.select_related("submission").get(
            pk=pk, submission__enrolment__student=user
        )
    except Presentation.DoesNotExist as exc:
        raise Http404("No such presentation.") from exc


def access_deliverable(user, pk: int) -> Deliverable:
    """A deliverable is read by the student who handed it in, their mentor, the validating mentors of its
    project's presentations (booked or held, not cancelled) and Student Success."""
    readers = (
        Q(submission__enrolment__student=user)
        | Q(submission__enrolment__mentor=user)
        | Q(
            submission__presentations__validating_mentor=user,
            submission__presentations__status__in=[Presentation.Status.SCHEDULED, Presentation.Status.HELD],
        )
    )
    qs = (
        Deliverable.objects.all()
        if user.has_perm("projects.view_deliverable")
        else Deliverable.objects.filter(readers)
    )
    deliverable = qs.filter(pk=pk).distinct().first()
    if deliverable is None:
        raise Http404("No such file.")
    return deliverable
