"""IMP-3: a Committee member sends a request to the company Board; the Board answers in its own page, and
the Committee cannot answer on its behalf; a reminder three days before the due date and an overdue
notice the day after, each exactly once."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from impact import services
from impact.models import BoardRequest, CommitteeMember
from openclassrooms.accounts.roles import Role
from openclassrooms.core.models import OutboundEmail
from tests.impact.factories import BoardRequestFactory, CommitteeMemberFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


def test_imp3_a_committee_member_sends_a_request_and_the_board_is_emailed_once(client_as, make_user):
    board = make_user(Role.BOARD_MEMBER)
    member = CommitteeMemberFactory().user
    client = client_as(member)
    url = reverse("impact:request_new")
    response = client.post(url, {"subject": "Fees", "body": "Publish the fees.", "due_on": "2020-01-01"})
    assert "The due date comes after today (IMP-3)." in response.content.decode()
    due = timezone.localdate() + timedelta(days=30)
    response = client.post(url, {"subject": "Fees", "body": "Publish the fees.", "due_on": due.isoformat()})
    request = BoardRequest.objects.get()
    assert response.status_code == 302 and request.sent_by.user == member
    email = OutboundEmail.objects.get(key=f"imp3-request:{request.pk}")
    assert email.to == [board.email] and "Publish the fees." in email.body


def test_imp3_the_board_answers_in_its_page_and_the_committee_cannot_answer_for_it(client_as, make_user):
    request = BoardRequestFactory()
    member = CommitteeMemberFactory().user
    url = reverse("impact:board_request", args=[request.pk])
    assert client_as(member).post(url, {"answer": "Done."}).status_code == 403
    with pytest.raises(services.ImpactError, match="Only a member of the company Board answers"):
        services.board_request_answer(request_id=request.pk, by=member, answer="Done.")
    board = make_user(Role.BOARD_MEMBER)
    client = client_as(board)
    assert "Write the answer." in client.post(url, {"answer": ""}).content.decode()
    response = client.post(url, {"answer": "The fees are published on the website."}, follow=True)
    assert "Answer recorded" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.answered_by, request.answer) == (
        "answered",
        board,
        "The fees are published on the website.",
    )
    assert OutboundEmail.objects.filter(key=f"imp3-answer:{request.pk}").count() == 1
    with pytest.raises(services.ImpactError, match="already answered"):
        services.board_request_answer(request_id=request.pk, by=board, answer="Again.")
    page = client_as(member).get(reverse("impact:request", args=[request.pk])).content.decode()
    assert "The fees are published on the website." in page and "Record the Board" not in page


@pytest.mark.parametrize(("days_before", "reminded"), [(4, False), (3, True), (0, True)])
def test_imp3_the_board_is_reminded_three_days_before_the_due_date_once(days_before, reminded, make_user):
    make_user(Role.BOARD_MEMBER)
    request = BoardRequestFactory(due_on=TODAY + timedelta(days=days_before))
    assert services.board_requests_remind(today=TODAY) == int(reminded)
    assert services.board_requests_remind(today=TODAY) == 0
    assert OutboundEmail.objects.filter(key=f"imp3-reminder:{request.pk}").count() == int(reminded)


def test_imp3_an_overdue_request_is_flagged_and_told_once_and_can_still_be_answered(make_user):
    board = make_user(Role.BOARD_MEMBER)
    CommitteeMemberFactory()
    due_today = BoardRequestFactory(due_on=TODAY)
    late = BoardRequestFactory(due_on=TODAY - timedelta(days=1))
    assert services.board_requests_flag_overdue(today=TODAY) == 1
    assert services.board_requests_flag_overdue(today=TODAY) == 0
    assert BoardRequest.objects.get(pk=due_today.pk).status == "open"
    notice = OutboundEmail.objects.get(key=f"imp3-overdue:{late.pk}")
    # The Committee's three current members (two sent the requests) and the Board's member.
    assert board.email in notice.to and len(notice.to) == CommitteeMember.objects.count() + 1 == 4
    answered = services.board_request_answer(request_id=late.pk, by=board, answer="Sorry for the delay.")
    assert answered.status == "answered"
