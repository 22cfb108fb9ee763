"""IMP-3: every request to the Board has a due date; one left unanswered past it is flagged overdue."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from impact.models import AnnualReport, BoardRequest
from impact.services import ImpactError, annual_report_save, board_requests_flag_overdue
from tests.impact.factories import BoardRequestFactory, CommitteeMemberFactory

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


@pytest.mark.django_db
def test_imp4_an_annual_report_for_1850_is_refused():

    CommitteeMemberFactory(joined_on=date(2025, 2, 1))
    with pytest.raises(ImpactError, match="first sat in 2025"):
        annual_report_save(report=AnnualReport(year=1850, title="Report", summary="Figures."))
    assert annual_report_save(report=AnnualReport(year=2025, title="Report", summary="Figures.")).pk
