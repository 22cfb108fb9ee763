"""Fetch-and-authorise for cases: a case someone may not see looks like one that does not exist (404)."""

from django.http import Http404

from openclassrooms.accounts.roles import Role

from .models import Case, CaseEvidence, Hearing
from .selectors import cases_qs_for_user


def board_may_read_document(user, document) -> bool:
    """The Disciplinary Board reads the documents that are evidence or proof in a case it can see."""
    if not (user.has_role(Role.HEAD_OF_LEARNING) or user.has_role(Role.LEARNING_MANAGER)):
        return False
    cases = cases_qs_for_user(user)
    return (
        CaseEvidence.objects.filter(document=document, case__in=cases).exists()
        or Hearing.objects.filter(extenuating_proof=document, case__in=cases).exists()
    )


def access_case_for_board(user, pk: int) -> Case:
    try:
        return cases_qs_for_user(user).get(pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404("No such case.") from exc


def access_case_for_student(user, pk: int) -> Case:
    try:
        return Case.objects.select_related("enrolment__path").get(enrolment__student=user, pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404("No such case.") from exc
