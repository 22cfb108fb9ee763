"""Fetch-and-authorise for cases: a case someone may not see looks like one that does not exist (404)."""

from django.http import Http404

from .models import Case
from .selectors import cases_qs_for_user


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
