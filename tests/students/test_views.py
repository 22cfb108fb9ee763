"""The students' pages (SPEC SUS-1..SUS-4, CHG-1, CHG-2): the student's requests page, document downloads,
Student Success's queue and decide pages in the admin, and their query counts.

Pages run on the real clock, so dates here are relative to ``timezone.localdate()``; one test stops the
clock (``monkeypatch`` on ``timezone.now``) to reach the exact minute of the ATT-2 notice deadline.
"""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import dateformat, timezone

from mentoring import services as mentoring_services
from openclassrooms.accounts.roles import Role
from students import services
from students.models import Accommodation, Document, Enrolment, PathChangeRequest, SuspensionRequest
from students.rules import path_change_earliest_effective
from tests.discipline.factories import DocumentFactory
from tests.mentoring.factories import SessionFactory
from tests.projects.factories import PathFactory
from tests.students.factories import (
    EnrolmentFactory,
    EnrolmentFundingFactory,
    PathChangeRequestFactory,
    PlacementFactory,
    SuspensionRequestFactory,
)

PDF = b"%PDF-1.4\n% the funding body's written approval\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
OTHER_ROLES = [r for r in Role.values if r != Role.STUDENT]


def _pdf(name: str = "approval.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _text_named_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "approval.pdf", b"I approve. Signed, the job centre.\n", content_type="application/pdf"
    )


def _funded(**kwargs) -> Enrolment:
    enrolment = EnrolmentFactory(**kwargs)
    EnrolmentFundingFactory(enrolment=enrolment, kind="job_centre")
    return enrolment


def _self_funded(**kwargs) -> Enrolment:
    enrolment = EnrolmentFactory(**kwargs)
    EnrolmentFundingFactory(enrolment=enrolment, kind="self", body=None)
    return enrolment


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The student's requests page ---------------------------------------------------------------------


REQUESTS = "students:requests"
APPROVAL_SENTENCE = "validated only once your funding body's official written approval is attached"


@pytest.mark.django_db
def test_sus4_a_funded_student_reads_that_the_written_approval_is_needed(client_as):
    enrolment = _funded()
    response = client_as(enrolment.student).get(reverse(REQUESTS))
    assert response.status_code == 200
    assert APPROVAL_SENTENCE in _text(response)


@pytest.mark.django_db
def test_sus4_the_page_names_the_bodies_that_fund_the_student_and_only_those(client_as):
    enrolment = _funded()
    EnrolmentFundingFactory(enrolment=enrolment, kind="self", body=None, share_percent=30)
    body = enrolment.fundings.third_party().get().body
    text = _text(client_as(enrolment.student).get(reverse(REQUESTS)))
    assert f"funded by {body.name}" in " ".join(text.split())
    assert "Self-funded" not in text


@pytest.mark.django_db
def test_sus4_a_self_funded_student_is_not_asked_for_an_approval(client_as):
    enrolment = _self_funded()
    response = client_as(enrolment.student).get(reverse(REQUESTS))
    assert response.status_code == 200
    assert APPROVAL_SENTENCE not in _text(response)


@pytest.mark.django_db
def test_sus1_the_suspension_form_sends_the_request(client_as):
    enrolment = _self_funded()
    starts_on = timezone.localdate() + timedelta(days=10)
    response = client_as(enrolment.student).post(
        reverse(REQUESTS),
        {
            "form": "suspension",
            "sus-starts_on": starts_on.isoformat(),
            "sus-ends_on": (starts_on + timedelta(days=4)).isoformat(),
            "sus-reason": "Moving to Lyon.",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse(REQUESTS)
    request = SuspensionRequest.objects.get()
    assert request.enrolment == enrolment and request.status == "submitted"
    assert (request.starts_on, request.ends_on) == (starts_on, starts_on + timedelta(days=4))
    assert request.reason == "Moving to Lyon." and request.mentor_notified_at is not None
    assert any("SUS-1" in m for m in _messages(response))


@pytest.mark.django_db
def test_sus4_the_suspension_form_keeps_an_approval_sent_with_it(client_as):
    enrolment = _funded()
    starts_on = timezone.localdate() + timedelta(days=10)
    response = client_as(enrolment.student).post(
        reverse(REQUESTS),
        {
            "form": "suspension",
            "sus-starts_on": starts_on.isoformat(),
            "sus-ends_on": (starts_on + timedelta(days=20)).isoformat(),
            "sus-reason": "Surgery.",
            "sus-approval": SimpleUploadedFile("scan.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    request = SuspensionRequest.objects.get()
    assert request.funder_approval.content_type == "image/png"
    assert request.funder_approval.kind == Document.Kind.FUNDER_APPROVAL
    assert request.student_success_notified_at is not None  # 21 days (SUS-2)


@pytest.mark.django_db
def test_sus4_a_text_file_named_pdf_is_refused_and_nothing_is_created(client_as):
    enrolment = _funded()
    starts_on = timezone.localdate() + timedelta(days=10)
    response = client_as(enrolment.student).post(
        reverse(REQUESTS),
        {
            "form": "suspension",
            "sus-starts_on": starts_on.isoformat(),
            "sus-ends_on": (starts_on + timedelta(days=4)).isoformat(),
            "sus-reason": "Moving to Lyon.",
            "sus-approval": _text_named_pdf(),
        },
    )
    assert response.status_code == 200
    assert "Only PDF, PNG or JPEG files are accepted." in _text(response)
    assert not SuspensionRequest.objects.exists()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_sus1_a_suspension_ending_before_it_starts_is_refused_in_the_page(client_as):
    enrolment = _self_funded()
    starts_on = timezone.localdate() + timedelta(days=10)
    response = client_as(enrolment.student).post(
        reverse(REQUESTS),
        {
            "form": "suspension",
            "sus-starts_on": starts_on.isoformat(),
            "sus-ends_on": (starts_on - timedelta(days=1)).isoformat(),
            "sus-reason": "Moving to Lyon.",
        },
    )
    assert response.status_code == 200
    assert "The suspension ends before it starts." in _text(response)
    assert not SuspensionRequest.objects.exists()


@pytest.mark.django_db
def test_sus4_the_student_attaches_the_approval_to_a_waiting_request(client_as):
    enrolment = _funded()
    request = SuspensionRequestFactory(enrolment=enrolment)
    client = client_as(enrolment.student)
    page = _text(client.get(reverse(REQUESTS)))
    assert f'name="pk" value="{request.pk}"' in page  # the attach form is offered

    response = client.post(
        reverse(REQUESTS), {"form": "approval", "kind": "suspension", "pk": request.pk, "approval": _pdf()}
    )
    assert response.status_code == 302
    assert "The approval is attached to your request." in _messages(response)
    request.refresh_from_db()
    assert request.funder_approval.content_type == "application/pdf"
    assert request.funder_approval.student == enrolment.student
    assert request.funder_approval.uploaded_by == enrolment.student


@pytest.mark.django_db
def test_sus4_an_approval_cannot_be_attached_to_another_students_request(client_as):
    mine, theirs = _funded(), _funded()
    request = SuspensionRequestFactory(enrolment=theirs)
    response = client_as(mine.student).post(
        reverse(REQUESTS), {"form": "approval", "kind": "suspension", "pk": request.pk, "approval": _pdf()}
    )
    assert response.status_code == 302
    assert "No such request." in _messages(response)
    request.refresh_from_db()
    assert request.funder_approval is None
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_chg2_the_path_change_form_can_carry_its_approval_file(client_as):
    """CHG-2: the change form has a file field for the funding body's approval, so the browser must send
    it as multipart/form-data; without ``enctype`` the file is silently dropped."""
    enrolment = _funded()
    page = client_as(enrolment.student).get(reverse(REQUESTS)).content.decode()
    forms = re.findall(r"<form\b[^>]*>.*?</form>", page, flags=re.S)
    change = [f for f in forms if 'name="form" value="change"' in f]
    assert len(change) == 1
    assert 'name="chg-approval"' in change[0] and 'type="file"' in change[0]
    assert 'enctype="multipart/form-data"' in change[0].split(">", 1)[0]


@pytest.mark.django_db
def test_chg1_the_path_change_form_sends_the_request(client_as):
    enrolment = _self_funded()
    new_path = PathFactory()
    response = client_as(enrolment.student).post(
        reverse(REQUESTS),
        {
            "form": "change",
            "chg-to_path": new_path.pk,
            "chg-mentor_consulted_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "chg-reason": "Data suits me better.",
        },
    )
    assert response.status_code == 302
    request = PathChangeRequest.objects.get()
    assert request.to_path == new_path
    assert request.earliest_effective_on == path_change_earliest_effective(
        timezone.localdate(request.submitted_at)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHER_ROLES)
def test_sus1_the_requests_page_belongs_to_students(make_user, client_as, role):
    response = client_as(make_user(role)).get(reverse(REQUESTS))
    assert response.status_code == 403


@pytest.mark.django_db
def test_sus1_the_requests_page_sends_anonymous_people_to_sign_in(client):
    response = client.get(reverse(REQUESTS))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Downloading a proof or an approval --------------------------------------------------------------


@pytest.fixture
def approval_document():
    enrolment = _funded()
    return DocumentFactory(
        student=enrolment.student,
        kind=Document.Kind.FUNDER_APPROVAL,
        file=SimpleUploadedFile("approval.pdf", PDF),
        original_name="approval.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["owner", "student_success"])
def test_sus4_the_student_and_student_success_download_the_approval(
    make_user, client_as, approval_document, who
):
    user = approval_document.student if who == "owner" else make_user(Role.STUDENT_SUCCESS)
    response = client_as(user).get(reverse("students:document", args=[approval_document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    response.close()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["another_student", "the_students_mentor", "another_mentor"])
def test_sus4_nobody_else_can_download_the_approval(make_user, client_as, approval_document, who):
    if who == "another_student":
        user = make_user(Role.STUDENT)
    elif who == "the_students_mentor":
        user = approval_document.student.enrolments.get().mentor
    else:
        user = make_user(Role.MENTOR)
    response = client_as(user).get(reverse("students:document", args=[approval_document.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_sus4_a_missing_document_is_404_like_a_forbidden_one(make_user, client_as):
    response = client_as(make_user(Role.STUDENT_SUCCESS)).get(reverse("students:document", args=[999999]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_sus4_anonymous_people_are_sent_to_sign_in_for_a_document(client, approval_document):
    response = client.get(reverse("students:document", args=[approval_document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Student Success's queue in the admin (SUS-2, SUS-4, CHG-1, CHG-2, ACC-1) -------------------------


QUEUE = "admin:students_queue"


def _waiting(n: int) -> None:
    """n funded suspensions without approval, n path changes in their 7 business days, n accommodations."""
    for _ in range(n):
        SuspensionRequestFactory(enrolment=_funded())
        PathChangeRequestFactory(enrolment=_self_funded())
        Accommodation.objects.create(enrolment=EnrolmentFactory())


@pytest.mark.django_db
def test_sus4_chg1_the_queue_says_what_is_missing(make_user, client_as):
    suspension = SuspensionRequestFactory(enrolment=_funded())
    change = PathChangeRequestFactory(enrolment=_self_funded())
    response = client_as(make_user(Role.STUDENT_SUCCESS)).get(reverse(QUEUE))
    assert response.status_code == 200
    page = _text(response)
    assert "the funding body's written approval (SUS-4)" in page
    assert "the 7 business days" in page
    assert f"{change.earliest_effective_on:%-d %b}" in page
    assert reverse("admin:students_suspensionrequest_decide", args=[suspension.pk]) in page
    assert reverse("admin:students_pathchangerequest_decide", args=[change.pk]) in page


@pytest.mark.django_db
def test_sus4_the_queue_stops_asking_for_an_attached_approval(make_user, client_as):
    enrolment = _funded()
    approval = DocumentFactory(student=enrolment.student, kind=Document.Kind.FUNDER_APPROVAL)
    SuspensionRequestFactory(enrolment=enrolment, funder_approval=approval)
    page = _text(client_as(make_user(Role.STUDENT_SUCCESS)).get(reverse(QUEUE)))
    assert "(SUS-4)" not in page.split("<tbody>", 1)[1]


@pytest.mark.django_db
def test_hs1_the_queue_lists_a_placement_until_the_student_acknowledges_the_hosts_rules(make_user, client_as):
    placement = PlacementFactory()
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    page = _text(client.get(reverse(QUEUE)))
    assert "acknowledge the host's health and safety rules first (HS-1)" in page
    assert reverse("admin:students_placement_change", args=[placement.pk]) in page

    services.placement_acknowledge(placement_id=placement.pk, student=placement.enrolment.student)

    assert "(HS-1)" not in _text(client.get(reverse(QUEUE))).split("<tbody>", 1)[1]


@pytest.mark.django_db
def test_sus2_the_queue_query_count_is_constant(
    make_user, client_as, count_queries, django_assert_max_num_queries
):
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    _waiting(1)
    one_each = count_queries(client, reverse(QUEUE))
    _waiting(5)
    six_each = count_queries(client, reverse(QUEUE))
    assert six_each == one_each
    with django_assert_max_num_queries(one_each):
        response = client.get(reverse(QUEUE))
    assert _text(response).count("the funding body's written approval (SUS-4)") == 6


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MENTOR, Role.STUDENT])
def test_sus2_people_outside_the_admin_cannot_open_the_queue(make_user, client_as, role):
    response = client_as(make_user(role)).get(reverse(QUEUE))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LEARNING_MANAGER, Role.IMPACT_COMMITTEE])
def test_sus2_other_staff_cannot_open_the_queue(make_user, client_as, role):
    response = client_as(make_user(role)).get(reverse(QUEUE))
    assert response.status_code == 403


# --- Deciding in the admin (SUS-4, CHG-1) --------------------------------------------------------------


def _decide_url(request) -> str:
    return reverse(f"admin:students_{request._meta.model_name}_decide", args=[request.pk])


@pytest.mark.django_db
def test_sus4_approving_a_funded_suspension_without_approval_changes_nothing(make_user, client_as):
    enrolment = _funded()
    planned_end = enrolment.planned_end_date
    request = SuspensionRequestFactory(enrolment=enrolment)
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    page = _text(client.get(_decide_url(request)))
    assert "missing" in page and "(SUS-4, CHG-2)" in page

    response = client.post(_decide_url(request), {"decision": "approve"})
    assert response.status_code == 200
    assert "The funding body's official written approval must be attached first (SUS-4)." in _text(response)
    request.refresh_from_db()
    enrolment.refresh_from_db()
    assert request.status == "submitted" and request.decided_at is None
    assert enrolment.planned_end_date == planned_end


@pytest.mark.django_db
def test_sus4_approving_with_the_approval_in_the_same_post_moves_the_end_date(make_user, client_as):
    enrolment = _funded()
    planned_end = enrolment.planned_end_date
    request = SuspensionRequestFactory(enrolment=enrolment)  # ten days
    success = make_user(Role.STUDENT_SUCCESS)
    response = client_as(success).post(_decide_url(request), {"decision": "approve", "approval": _pdf()})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:students_suspensionrequest_change", args=[request.pk])
    request.refresh_from_db()
    enrolment.refresh_from_db()
    assert request.status == "approved" and request.decided_by == success
    assert request.funder_approval.content_type == "application/pdf"
    assert request.funder_approval.uploaded_by == success
    assert enrolment.planned_end_date == planned_end + timedelta(days=10)
    assert any("SUS-4" in m for m in _messages(response))


@pytest.mark.django_db
def test_sus4_a_bad_approval_file_in_the_decide_page_is_refused(make_user, client_as):
    enrolment = _funded()
    request = SuspensionRequestFactory(enrolment=enrolment)
    response = client_as(make_user(Role.STUDENT_SUCCESS)).post(
        _decide_url(request), {"decision": "approve", "approval": _text_named_pdf()}
    )
    assert response.status_code == 200
    assert "Only PDF, PNG or JPEG files are accepted." in _text(response)
    request.refresh_from_db()
    assert request.status == "submitted" and request.funder_approval is None


@pytest.mark.django_db
def test_sus1_refusing_without_a_reason_shows_an_error(make_user, client_as):
    request = SuspensionRequestFactory(enrolment=_self_funded())
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    response = client.post(_decide_url(request), {"decision": "refuse", "reason": "  "})
    assert response.status_code == 200
    assert "Give the reason for the refusal" in _text(response)
    request.refresh_from_db()
    assert request.status == "submitted"

    response = client.post(_decide_url(request), {"decision": "refuse", "reason": "Exams that week."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "refused" and request.decision_reason == "Exams that week."


@pytest.mark.django_db
def test_chg1_the_decide_page_refuses_a_change_before_the_seventh_business_day(make_user, client_as):
    request = PathChangeRequestFactory(enrolment=_self_funded())
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    too_early = request.earliest_effective_on - timedelta(days=1)
    response = client.post(
        _decide_url(request), {"decision": "approve", "effective_on": too_early.isoformat()}
    )
    assert response.status_code == 200
    assert "(CHG-1)" in _text(response)
    request.refresh_from_db()
    assert request.status == "submitted"

    response = client.post(_decide_url(request), {"decision": "approve"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved" and request.effective_on == request.earliest_effective_on
    assert any(f"{request.effective_on:%-d %B %Y}" in m for m in _messages(response))


@pytest.mark.django_db
def test_sus2_a_mentor_cannot_open_the_decide_page(make_user, client_as):
    request = SuspensionRequestFactory(enrolment=_self_funded())
    response = client_as(request.enrolment.mentor).post(_decide_url(request), {"decision": "approve"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    request.refresh_from_db()
    assert request.status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "factory", "enrolment"),
    [
        ("admin:students_suspensionrequest_changelist", SuspensionRequestFactory, _funded),
        ("admin:students_pathchangerequest_changelist", PathChangeRequestFactory, _funded),
    ],
    ids=["suspensions", "path_changes"],
)
def test_sus2_chg1_request_changelists_have_a_constant_query_count(
    make_user, client_as, count_queries, django_assert_max_num_queries, url_name, factory, enrolment
):
    client = client_as(make_user(Role.STUDENT_SUCCESS))

    def add(n):
        for _ in range(n):
            e = enrolment()
            approval = DocumentFactory(student=e.student, kind=Document.Kind.FUNDER_APPROVAL)
            factory(enrolment=e, funder_approval=approval, decided_by=make_user(Role.STUDENT_SUCCESS))

    add(1)
    one = count_queries(client, reverse(url_name))
    add(5)
    six = count_queries(client, reverse(url_name))
    assert six == one
    with django_assert_max_num_queries(one):
        response = client.get(reverse(url_name))
    assert response.context["cl"].result_count == 6


@pytest.mark.django_db
def test_the_dashboards_counts_are_the_lists_it_links_to(make_user, client_as):
    """Seen on the first day: "Requests waiting: 0" beside two requests; "not logged after 48 h: 11" opened
    251 rows, future sessions included."""
    SuspensionRequestFactory(enrolment=_funded())
    PathChangeRequestFactory(enrolment=_self_funded())
    now = timezone.now()
    unlogged = SessionFactory(scheduled_start=now - timedelta(hours=48, minutes=46))  # ended 48 h 1 min ago
    SessionFactory(scheduled_start=now - timedelta(hours=48, minutes=44))  # ended 47 h 59 min ago
    SessionFactory(scheduled_start=now + timedelta(days=2))  # to come
    client = client_as(make_user(Role.STUDENT_SUCCESS))

    page = client.get(reverse("students:success_dashboard"))

    assert page.context["waiting_counts"]["requests"] == 2
    assert page.context["unlogged_count"] == 1
    listed = client.get(reverse("admin:mentoring_mentoringsession_changelist") + "?unlogged=48h")
    assert [s.pk for s in listed.context["cl"].result_list] == [unlogged.pk]


@pytest.mark.django_db
def test_sus1_a_student_withdraws_a_request_nobody_has_decided_and_not_someone_elses(client_as):
    mine = SuspensionRequestFactory(enrolment=_self_funded())
    theirs = SuspensionRequestFactory(enrolment=_self_funded())
    client = client_as(mine.enrolment.student)

    for target in (theirs, mine):
        client.post(reverse(REQUESTS), {"form": "withdraw", "kind": "suspension", "pk": target.pk})

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("withdrawn", "submitted")
    assert mine.decided_by == mine.enrolment.student
    with pytest.raises(services.RequestError, match="already decided"):
        services.request_withdraw(model=SuspensionRequest, request_id=mine.pk, student=mine.enrolment.student)


# --- The student's page: next and past sessions, the notice deadline -----------------------------------


def _next_and_past(response) -> tuple[str, str]:
    """The "Next sessions" and "Past sessions" parts of the student's page."""
    page = _text(response)
    _, rest = page.split("<h2>Next sessions</h2>", 1)
    next_part, rest = rest.split("<h2>Past sessions</h2>", 1)
    past_part, _ = rest.split('<h2 id="cal-h">', 1)
    return next_part, past_part


@pytest.mark.django_db
def test_next_and_past_sessions_split_at_the_start_minute(client_as):
    """The start time splits "Next" and "Past sessions": to come a minute before it, past a minute after."""
    enrolment = EnrolmentFactory()
    now = timezone.now()
    began = SessionFactory(enrolment=enrolment, scheduled_start=now - timedelta(minutes=1))
    to_come = SessionFactory(enrolment=enrolment, scheduled_start=now + timedelta(minutes=1))

    response = client_as(enrolment.student).get(reverse("students:dashboard"))

    assert [s.pk for s in response.context["upcoming"]] == [to_come.pk]
    assert [s.pk for s in response.context["recent"]] == [began.pk]
    next_part, past_part = _next_and_past(response)
    began_url = reverse("mentoring:session_detail", args=[began.pk])
    to_come_url = reverse("mentoring:session_detail", args=[to_come.pk])  # also the start of its notice link
    assert began_url in past_part and began_url not in next_part
    assert to_come_url in next_part and to_come_url not in past_part
    assert reverse("mentoring:session_notice", args=[to_come.pk]) in next_part


@pytest.mark.django_db
def test_att2_att7_sessions_postponed_or_cancelled_ahead_stay_under_next_sessions(client_as):
    """Seen on the first day: a postponed or mentor-cancelled session to come was under "Past sessions"."""
    enrolment = EnrolmentFactory()
    now = timezone.now()
    postponed = SessionFactory(enrolment=enrolment, scheduled_start=now + timedelta(days=5))
    cancelled = SessionFactory(enrolment=enrolment, scheduled_start=now + timedelta(days=12))
    mentoring_services.notice_give(session_id=postponed.pk, student=enrolment.student, reason="Exam")
    mentoring_services.session_log_attendance(
        session_id=cancelled.pk, mentor=enrolment.mentor, attendance="mentor_cancelled"
    )

    response = client_as(enrolment.student).get(reverse("students:dashboard"))

    assert [s.pk for s in response.context["upcoming"]] == [postponed.pk, cancelled.pk]
    assert response.context["recent"] == []
    next_part, past_part = _next_and_past(response)
    for session in (postponed, cancelled):
        assert reverse("mentoring:session_detail", args=[session.pk]) in next_part
        assert reverse("mentoring:session_notice", args=[session.pk]) not in next_part
    assert "Postponed (notice in time)" in next_part and "Cancelled by the mentor" in next_part
    assert "No session." in past_part


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("before_start", "in_time"),
    [(timedelta(hours=24), True), (timedelta(hours=23, minutes=59), False)],
    ids=["exactly_24_h_before", "23_h_59_min_before"],
)
def test_att2_the_notice_deadline_on_the_students_page_says_when_it_has_passed(
    client_as, monkeypatch, before_start, in_time
):
    """Seen on the first day: "Give notice · in time until …" was still shown after that moment had passed."""
    now = timezone.now().replace(microsecond=0)
    enrolment = EnrolmentFactory()
    session = SessionFactory(enrolment=enrolment, scheduled_start=now + before_start)
    deadline = dateformat.format(timezone.localtime(now + before_start - timedelta(hours=24)), "D j M, H:i")
    client = client_as(enrolment.student)
    monkeypatch.setattr(timezone, "now", lambda: now)  # the page's clock stops at `now`

    response = client.get(reverse("students:dashboard"))

    [shown] = response.context["upcoming"]
    assert shown.pk == session.pk and shown.notice_still_in_time is in_time
    next_part, _ = _next_and_past(response)
    assert reverse("mentoring:session_notice", args=[session.pk]) in next_part
    passed = "less than 24 hours before: an absence now is unauthorised"
    if in_time:
        assert f"in time until {deadline}" in next_part and passed not in next_part
    else:
        assert "in time until" not in _text(response) and passed in next_part


@pytest.mark.django_db
@pytest.mark.parametrize(
    "posted", [{"kind": "suspension", "pk": "not-a-number"}, {"kind": "other", "pk": "1"}, {}]
)
@pytest.mark.parametrize("form", ["withdraw", "approval"])
def test_a_request_posted_with_a_wrong_kind_or_number_is_answered_in_words(client_as, form, posted):
    """A hand-made post with a number that is not one once raised a server error."""
    enrolment = _self_funded()
    response = client_as(enrolment.student).post(reverse(REQUESTS), {"form": form, **posted})
    assert response.status_code == 302
    assert "No such request." in _messages(response)


@pytest.mark.django_db
def test_sus1_a_suspension_past_the_training_is_refused_on_the_form_with_what_was_typed(client_as):
    """The form asks the rule itself, so the message shows beside what the student typed, kept."""
    enrolment = _self_funded()
    starts_on = enrolment.planned_end_date + timedelta(days=1)
    response = client_as(enrolment.student).post(
        reverse(REQUESTS),
        {
            "form": "suspension",
            "sus-starts_on": starts_on.isoformat(),
            "sus-ends_on": (starts_on + timedelta(days=4)).isoformat(),
            "sus-reason": "Moving to Lyon.",
        },
    )
    assert response.status_code == 200
    assert "a suspension starts before that." in _text(response)
    assert f'value="{starts_on.isoformat()}"' in _text(response) and "Moving to Lyon." in _text(response)
    assert not SuspensionRequest.objects.exists()
