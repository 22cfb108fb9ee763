from django.http import Http404

from .models import Candidacy, RemedialProject


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
