"""IMP-3: every request to the Board has a due date; one left unanswered past it is flagged overdue."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from impact.models import BoardRequest
from impact.services import board_requests_flag_overdue
from tests.impact.factories import BoardRequestFactory

TODAY = date(2026, 11, 22)


@pytest.mark.django_db
def test_imp3_a_request_due_today_is_not_yet_overdue():
    request = BoardRequestFactory(due_on=TODAY)
    assert board_requests_flag_overdue(today=TODAY) == 0
    request.refresh_from_db()
    assert request.status == BoardRequest.Status.OPEN


@pytest.mark.django_db
def test_imp3_a_request_due_yesterday_and_unanswered_is_overdue():
    request = BoardRequestFactory(due_on=TODAY - timedelta(days=1))
    assert board_requests_flag_overdue(today=TODAY) == 1
    request.refresh_from_db()
    assert request.status == BoardRequest.Status.OVERDUE


@pytest.mark.django_db
def test_imp3_an_answered_request_is_never_overdue(make_user):

    request = BoardRequestFactory(
        due_on=TODAY - timedelta(days=10),
        status=BoardRequest.Status.ANSWERED,
        answer="Here it is.",
        answered_by=make_user("board_member"),
        answered_at=timezone.now(),
    )
    assert board_requests_flag_overdue(today=TODAY) == 0
    request.refresh_from_db()
    assert request.status == BoardRequest.Status.ANSWERED
