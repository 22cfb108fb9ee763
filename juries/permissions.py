from django.http import Http404

from .models import Candidacy


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
