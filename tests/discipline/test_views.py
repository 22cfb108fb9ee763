"""The Board's pages and the student's case page: who may see what, clear refusals, constant queries."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from discipline import services
from discipline.models import Case, Decision, Hearing
from discipline.rules import exclusion_ban_until
from openclassrooms.accounts.roles import Role
from students.services import EnrolmentError, enrolment_create, enrolment_exclude
from tests.discipline.factories import DecisionFactory
from tests.projects.factories import SubmissionFactory
from tests.students.factories import EnrolmentFactory


@pytest.fixture
def board(make_user):
    return make_user(Role.HEAD_OF_LEARNING), make_user(Role.LEARNING_MANAGER)


def _case(board, make_user, *, communicated=True, composed=True):
    chair, manager = board
    enrolment = EnrolmentFactory()
    enrolment.path.learning_manager = manager
    enrolment.path.save()
    case = services.case_open(
        enrolment=enrolment,
        source=Case.Source.CONDUCT,
        by=make_user(Role.STUDENT_SUCCESS),
        summary="Threatening messages to a mentor.",
    )
    if communicated:
        services.complaints_communicate(case_id=case.pk, by=chair)
    if composed:
        services.board_compose(case_id=case.pk, by=chair, chair=chair, learning_manager=manager)
    return case


@pytest.mark.django_db
def test_dis1_the_chair_and_the_paths_learning_manager_open_the_case_file_and_others_do_not(
    board, make_user, client_as
):
    case = _case(board, make_user)
    url = reverse("discipline:case_detail", args=[case.pk])
    chair, manager = board
    assert client_as(chair).get(url).status_code == 200
    assert client_as(manager).get(url).status_code == 200
    assert client_as(make_user(Role.LEARNING_MANAGER)).get(url).status_code == 404
    for role in (Role.MENTOR, Role.STUDENT, Role.STUDENT_SUCCESS, Role.JURY_MEMBER, Role.IMPACT_COMMITTEE):
        assert client_as(make_user(role)).get(url).status_code == 403


@pytest.mark.django_db
def test_dis3_a_hearing_less_than_72_hours_ahead_is_refused_with_the_soonest_date(
    board, make_user, client_as
):
    case = _case(board, make_user)
    start = timezone.localtime(timezone.now() + timedelta(hours=71))
    response = client_as(board[0]).post(
        reverse("discipline:case_action", args=[case.pk, "schedule"]),
        {
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "video_link": "https://meet.example.org/x",
            "channel": "email",
        },
        follow=True,
    )
    assert "at the soonest (DIS-3)" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLAINTS_COMMUNICATED


@pytest.mark.django_db
def test_only_the_actions_of_the_current_state_are_offered(board, make_user, client_as):
    case = _case(board, make_user, communicated=False, composed=False)
    page = client_as(board[0]).get(reverse("discipline:case_detail", args=[case.pk])).content.decode()
    assert "Send the complaints to the student" in page
    assert "Send the notice" not in page and "Record the decision" not in page
    response = client_as(board[0]).post(
        reverse("discipline:case_action", args=[case.pk, "decide"]),
        {"penalty": "warning", "grounds": "x", "effective_from": "2026-11-22"},
        follow=True,
    )
    assert "told the complaints" in response.content.decode()


@pytest.mark.django_db
def test_board_dashboard_shows_each_cases_next_step_with_constant_queries(
    board, make_user, client_as, count_queries, django_assert_max_num_queries
):
    client = client_as(board[0])
    _case(board, make_user)
    small = count_queries(client, reverse("discipline:dashboard"))
    for _ in range(6):
        case = _case(board, make_user)
        services.hearing_schedule(
            case_id=case.pk,
            by=board[0],
            start=timezone.now() + timedelta(hours=80),
            video_link="https://meet.example.org/h",
        )
    with django_assert_max_num_queries(16):
        large = count_queries(client, reverse("discipline:dashboard"))
    assert large == small
    page = client.get(reverse("discipline:dashboard")).content.decode()
    assert "Confirm the hearing once its notice is compliant (DIS-3)" in page


@pytest.mark.django_db
def test_the_case_file_issues_constant_queries(
    board, make_user, client_as, count_queries, django_assert_max_num_queries
):
    case = _case(board, make_user)
    client = client_as(board[0])
    url = reverse("discipline:case_detail", args=[case.pk])
    services.hearing_schedule(
        case_id=case.pk,
        by=board[0],
        start=timezone.now() + timedelta(hours=79),
        video_link="https://meet.example.org/h",
    )
    small = count_queries(client, url)
    for i in range(5):
        services.student_answer_submit(case_id=case.pk, student=case.enrolment.student, text=f"Answer {i}")
        services.hearing_schedule(
            case_id=case.pk,
            by=board[0],
            start=timezone.now() + timedelta(hours=80 + i),
            video_link="https://meet.example.org/h",
        )
    with django_assert_max_num_queries(30):
        large = count_queries(client, url)
    assert large == small


@pytest.mark.django_db
def test_dis4_the_student_sees_the_complaints_and_answers_in_writing(board, make_user, client_as):
    case = _case(board, make_user)
    client = client_as(case.enrolment.student)
    url = reverse("discipline:my_case", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Threatening messages to a mentor." in page and "at least 72 hours before" in page
    response = client.post(url, {"text": "I did not write those messages."})
    assert response.status_code == 302
    assert "I did not write those messages." in client.get(url).content.decode()
    other = EnrolmentFactory().student
    assert client_as(other).get(url).status_code == 404


@pytest.mark.django_db
def test_dis4_complaints_not_yet_communicated_are_not_shown_to_the_student(board, make_user, client_as):
    case = _case(board, make_user, communicated=False, composed=False)
    page = (
        client_as(case.enrolment.student).get(reverse("discipline:my_case", args=[case.pk])).content.decode()
    )
    assert "have not been communicated to you yet" in page
    assert "Send my answer" not in page


@pytest.mark.django_db
def test_com1_a_mentor_refers_their_student_and_not_another(make_user, client_as):
    enrolment = EnrolmentFactory()
    url = reverse("discipline:case_open", args=[enrolment.pk])
    response = client_as(enrolment.mentor).post(
        url, {"source": "commitment", "summary": "No project submitted for 3 months."}
    )
    assert response.status_code == 302
    assert Case.objects.get(enrolment=enrolment).grounds.get().rule == "COM-1"
    assert client_as(make_user(Role.MENTOR)).get(url).status_code == 404


@pytest.mark.django_db
def test_ip2_a_mentor_flags_copied_work_and_the_case_opens_with_it(client_as):

    submission = SubmissionFactory(status="submitted")
    response = client_as(submission.enrolment.mentor).post(
        reverse("discipline:flag_work", args=[submission.pk]), {"summary": "Copied from a public repository."}
    )
    assert response.status_code == 302
    case = Case.objects.get(enrolment=submission.enrolment)
    assert case.source == Case.Source.INTELLECTUAL_PROPERTY and case.status == Case.Status.OPENED
    assert case.evidence.get().submission == submission


@pytest.mark.django_db
def test_dis7_an_excluded_person_cannot_be_enrolled_for_one_year(board, make_user, client_as):

    case = _case(board, make_user)
    hearing = Hearing.objects.create(
        case=case,
        scheduled_start=timezone.now() - timedelta(days=3),
        video_link="https://meet.example.org/h",
        status=Hearing.Status.HELD,
    )
    excluded_on = timezone.localdate() - timedelta(days=1)
    Decision.objects.create(
        case=case,
        hearing=hearing,
        penalty=Decision.Penalty.EXCLUSION,
        grounds="Threats.",
        decided_at=timezone.now(),
        decided_by=board[0],
        effective_from=excluded_on,
        effective_until=excluded_on + relativedelta(years=1),
    )
    student = case.enrolment.student
    enrolment_exclude(
        enrolment_id=case.enrolment_id,
        on=excluded_on,
        ban_until=exclusion_ban_until(excluded_on),
        reason="Threats.",
    )
    path, mentor = case.enrolment.path, case.enrolment.mentor
    last_refused = excluded_on + relativedelta(years=1) - timedelta(days=1)
    with pytest.raises(EnrolmentError, match="cannot enrol on any path before"):
        enrolment_create(
            student=student,
            path=path,
            mentor=mentor,
            start_date=last_refused,
            planned_end_date=last_refused + timedelta(days=300),
        )
    allowed = enrolment_create(
        student=student,
        path=path,
        mentor=mentor,
        start_date=excluded_on + relativedelta(years=1),
        planned_end_date=excluded_on + relativedelta(years=2),
    )
    assert allowed.pk
    allowed.delete()
    response = client_as(make_user(Role.STUDENT_SUCCESS)).post(
        reverse("admin:students_enrolment_add"),
        {
            "student": student.pk,
            "path": path.pk,
            "mentor": mentor.pk,
            "status": "active",
            "start_date": last_refused.strftime("%d/%m/%Y"),
            "planned_end_date": (last_refused + timedelta(days=300)).strftime("%d/%m/%Y"),
            "fundings-TOTAL_FORMS": "0",
            "fundings-INITIAL_FORMS": "0",
            "accommodations-TOTAL_FORMS": "0",
            "accommodations-INITIAL_FORMS": "0",
            "placements-TOTAL_FORMS": "0",
            "placements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "cannot enrol on any path before" in response.content.decode()


@pytest.mark.django_db
def test_dis11_a_case_opened_by_student_success_carries_its_evidence_and_refuses_a_fake_pdf(
    make_user, client_as
):

    enrolment = EnrolmentFactory()
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    url = reverse("discipline:case_open", args=[enrolment.pk])
    fake = SimpleUploadedFile("screenshot.pdf", b"just text", content_type="application/pdf")
    response = client.post(url, {"source": "fraud", "summary": "Someone else presented.", "evidence": fake})
    assert "Only PDF, PNG or JPEG files are accepted." in response.content.decode()
    assert not Case.objects.filter(enrolment=enrolment).exists()
    png = SimpleUploadedFile("screenshot.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    response = client.post(url, {"source": "fraud", "summary": "Someone else presented.", "evidence": png})
    assert response.status_code == 302
    case = Case.objects.get(enrolment=enrolment)
    assert case.grounds.get().rule == "DIS-11"
    assert case.evidence.get().document.content_type == "image/png"


@pytest.mark.django_db
def test_dis7_the_students_case_page_gives_the_suspensions_dates(client_as):
    decision = DecisionFactory(
        penalty=Decision.Penalty.SUSPENSION,
        effective_from=date(2026, 5, 12),
        effective_until=date(2026, 6, 12),
    )
    student = decision.case.enrolment.student
    student.groups.add(Group.objects.get(name=Role.STUDENT))

    page = client_as(student).get(reverse("discipline:my_case", args=[decision.case.pk])).content.decode()

    assert "Tuesday 12 May 2026" in page and "resumes on <strong>Friday 12 June 2026" in page
