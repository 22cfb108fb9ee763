from django.db.models import Q
from django.http import Http404

from projects.models import Deliverable

from .models import (
    Candidacy,
    Diploma,
    JurySession,
    PortfolioFile,
    RemedialDeliverable,
    RemedialProject,
    SittingMinutes,
)


def access_candidacy(user, pk: int) -> Candidacy:
    """A jury member reads the candidates of the juries they sit on; anyone else gets 404."""
    try:
        return (
            Candidacy.objects.filter(session__jury__members__user=user)
            .select_related(
                "enrolment__student", "enrolment__path", "enrolment__mentor", "session__jury", "panel"
            )
            .distinct()
            .get(pk=pk)
        )
    except Candidacy.DoesNotExist as exc:
        raise Http404("No such candidate.") from exc


def access_remedial_for_student(user, pk: int) -> RemedialProject:
    """The student a remedial project was set to reads it; anyone else gets 404."""
    try:
        return RemedialProject.objects.select_related("verdict__candidacy__session__jury").get(
            pk=pk, verdict__candidacy__enrolment__student=user
        )
    except RemedialProject.DoesNotExist as exc:
        raise Http404("No such remedial project.") from exc


def access_remedial_for_member(user, pk: int) -> RemedialProject:
    """A member of the jury that set the remedial project reaches it; anyone else gets 404."""
    remedial = (
        RemedialProject.objects.filter(pk=pk, verdict__candidacy__session__jury__members__user=user)
        .select_related("verdict")
        .first()
    )
    if remedial is None:
        raise Http404("No such remedial project.")
    return remedial


def access_remedial_deliverable(user, pk: int) -> RemedialDeliverable:
    """A remedial project's file is read by the student who handed it in, the members of the jury that set
    it, and Student Success; anyone else gets 404."""
    qs = RemedialDeliverable.objects.all()
    if not user.has_perm("juries.view_remedialdeliverable"):
        qs = qs.filter(
            Q(remedial__verdict__candidacy__enrolment__student=user)
            | Q(remedial__verdict__candidacy__session__jury__members__user=user)
        )
    deliverable = qs.filter(pk=pk).distinct().first()
    if deliverable is None:
        raise Http404("No such file.")
    return deliverable


def access_candidate_deliverable(user, pk: int) -> Deliverable:
    """TRN-2: a jury member reads the project files of the candidates before the juries they sit on (not
    withdrawn); anyone else gets 404."""
    # One filter() call: the member's jury and the status are those of the same candidacy.
    deliverable = (
        Deliverable.objects.filter(
            pk=pk,
            submission__enrolment__candidacies__session__jury__members__user=user,
            submission__enrolment__candidacies__status__in=[
                status for status in Candidacy.Status.values if status != Candidacy.Status.WITHDRAWN
            ],
        )
        .distinct()
        .first()
    )
    if deliverable is None:
        raise Http404("No such file.")
    return deliverable


def access_diploma(user, pk: int) -> Diploma:
    """The holder reads their diploma certificate, as does Student Success; anyone else gets 404 (the
    public checks a code on the verification page)."""
    qs = Diploma.objects.all()
    if not user.has_perm("juries.view_diploma"):
        qs = qs.filter(verdict__candidacy__enrolment__student=user)
    diploma = qs.filter(pk=pk).first()
    if diploma is None:
        raise Http404("No such diploma.")
    return diploma


def access_minutes(user, pk: int) -> SittingMinutes:
    """A sitting's minutes are read by the members of its jury and by Student Success; anyone else gets
    404."""
    qs = SittingMinutes.objects.all()
    if not user.has_perm("juries.view_sittingminutes"):
        qs = qs.filter(session__jury__members__user=user)
    minutes = qs.filter(pk=pk).distinct().first()
    if minutes is None:
        raise Http404("No such minutes.")
    return minutes


def access_sitting(user, pk: int) -> JurySession:
    """A sitting of a jury the user sits on; anyone else gets 404."""
    sitting = JurySession.objects.filter(pk=pk, jury__members__user=user).distinct().first()
    if sitting is None:
        raise Http404("No such sitting.")
    return sitting


def access_candidacy_for_student(user, pk: int) -> Candidacy:
    """The student's own candidacy; anyone else gets 404."""
    candidacy = (
        Candidacy.objects.filter(pk=pk, enrolment__student=user).select_related("session__jury__path").first()
    )
    if candidacy is None:
        raise Http404("No such candidacy.")
    return candidacy


def access_portfolio_file(user, pk: int) -> PortfolioFile:
    """A portfolio's file is read by the candidate, the members of the jury they sit before, and Student
    Success; anyone else gets 404."""
    qs = PortfolioFile.objects.all()
    if not user.has_perm("juries.view_portfoliofile"):
        qs = qs.filter(
            Q(candidacy__enrolment__student=user) | Q(candidacy__session__jury__members__user=user)
        )
    row = qs.filter(pk=pk).distinct().first()
    if row is None:
        raise Http404("No such file.")
    return row
