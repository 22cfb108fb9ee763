"""The admin: a list and a form for every model, lists without N+1, history kept and read-only."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from mentoring import services as mentoring_services
from openclassrooms.accounts.roles import Role
from students import services as students_services
from students.models import Enrolment
from tests.discipline.factories import CaseFactory
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory, EnrolmentFundingFactory, FundingBodyFactory

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.fixture
def superuser(make_user):
    return make_user(is_superuser=True, is_staff=True)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_every_model_has_a_changelist_and_a_form(model, superuser, client_as):
    client = client_as(superuser)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
    if admin.site._registry[model].has_add_permission(type("R", (), {"user": superuser})()):
        assert client.get(reverse(f"{prefix}_add")).status_code == 200


@pytest.mark.django_db
def test_student_success_works_in_the_admin_and_a_mentor_cannot(make_user, client_as):
    enrolment = EnrolmentFactory()
    url = reverse("admin:students_enrolment_change", args=[enrolment.pk])
    assert client_as(make_user(Role.STUDENT_SUCCESS)).get(url).status_code == 200
    response = client_as(make_user(Role.MENTOR)).get(url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "grow"),
    [
        ("admin:students_enrolment_changelist", lambda: EnrolmentFundingFactory()),
        (
            "admin:mentoring_mentoringsession_changelist",
            lambda: SessionFactory(scheduled_start=timezone.now() - timedelta(days=1)),
        ),
        ("admin:discipline_case_changelist", lambda: CaseFactory()),
    ],
)
def test_admin_lists_issue_constant_queries(
    url_name, grow, make_user, client_as, count_queries, django_assert_max_num_queries
):
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    grow()
    small = count_queries(client, reverse(url_name))
    for _ in range(8):
        grow()
    with django_assert_max_num_queries(20):
        large = count_queries(client, reverse(url_name))
    assert large == small


@pytest.mark.django_db
def test_every_change_to_an_enrolment_keeps_its_history(superuser, client_as):
    enrolment = EnrolmentFactory()
    enrolment.status = Enrolment.Status.SUSPENDED
    enrolment.save(update_fields=["status"])
    assert [h.status for h in enrolment.history.order_by("history_date")] == ["active", "suspended"]
    response = client_as(superuser).get(reverse("admin:students_enrolment_history", args=[enrolment.pk]))
    assert response.status_code == 200
    assert b"Revert" not in response.content


@pytest.mark.django_db
def test_sus4_a_session_cancelled_by_a_suspension_shows_the_change_and_its_rule_in_its_history(
    make_user, client_as, django_capture_on_commit_callbacks
):
    enrolment = EnrolmentFactory()
    start = timezone.localdate() + timedelta(days=7)
    session = SessionFactory(
        enrolment=enrolment,
        scheduled_start=timezone.make_aware(datetime.combine(start + timedelta(days=1), time(10))),
    )
    staff = make_user(Role.STUDENT_SUCCESS)
    request = students_services.suspension_request_submit(
        enrolment=enrolment,
        student=enrolment.student,
        starts_on=start,
        ends_on=start + timedelta(days=6),
        reason="Surgery.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        students_services.suspension_approve(request_id=request.pk, by=staff)

    session.refresh_from_db()
    assert (session.status, session.outcome, session.rule) == ("cancelled", "administrative", "SUS-4")
    page = client_as(staff).get(reverse("admin:mentoring_mentoringsession_history", args=[session.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cancelled: Suspension of the training validated. (SUS-4)" in text


@pytest.mark.django_db
def test_a_correction_refused_by_a_service_changes_nothing_and_says_why(make_user, client_as):
    """REC-1 refuses the recording: the correction saved before it in the same form is rolled back too."""
    enrolment = EnrolmentFactory(recording_consent=False)
    session = SessionFactory(enrolment=enrolment, scheduled_start=timezone.now() - timedelta(hours=3))
    mentoring_services.session_log_attendance(
        session_id=session.pk, mentor=enrolment.mentor, attendance="no_show"
    )
    history = session.history.count()
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    url = reverse("admin:mentoring_mentoringsession_change", args=[session.pk])

    response = client.post(
        url,
        {
            "attendance": "attended",
            "correction_reason": "The mentor clicked the wrong button.",
            "recorded": "on",
            "notes": "Corrected.",
            "video_link": session.video_link,
        },
        follow=True,
    )

    assert "did not consent to recordings at enrolment (REC-1)" in response.content.decode()
    assert "changed successfully" not in response.content.decode()
    session.refresh_from_db()
    assert (session.outcome, session.attendance, session.notes, session.recorded) == (
        "unauthorised",
        "no_show",
        "",
        False,
    )
    assert session.history.count() == history


@pytest.mark.django_db
def test_student_success_edits_a_funding_body_through_its_service_and_the_history_names_them(
    make_user, client_as
):
    body = FundingBodyFactory(name="France Travail Paris")
    staff = make_user(Role.STUDENT_SUCCESS)
    url = reverse("admin:students_fundingbody_change", args=[body.pk])

    response = client_as(staff).post(
        url,
        {
            "name": "France Travail Paris 11e",
            "kind": body.kind,
            "contact_email": body.contact_email,
            "postal_address": body.postal_address,
        },
    )

    assert response.status_code == 302
    body.refresh_from_db()
    assert body.name == "France Travail Paris 11e"
    assert body.history.latest("history_id").history_user_id == staff.pk


@pytest.mark.django_db
def test_a_sessions_title_in_the_admin_is_in_the_schools_time_not_utc(make_user, client_as, settings):
    """Seen on the first day: "2026-11-09 10:00" in the admin's title of an 11:00 session (UTC shown)."""
    settings.TIME_ZONE = "Europe/Paris"
    session = SessionFactory(scheduled_start=datetime(2026, 11, 9, 10, 0, tzinfo=UTC))  # 11:00 in Paris
    page = client_as(make_user(Role.STUDENT_SUCCESS)).get(
        reverse("admin:mentoring_mentoringsession_change", args=[session.pk])
    )
    assert "on 2026-11-09 11:00" in page.content.decode()
    assert "on 2026-11-09 10:00" not in page.content.decode()


@pytest.mark.django_db
def test_the_users_list_names_roles_as_people_read_them(make_user, client_as):
    """Seen on the first day: roles listed as `board_member`, `student_success`."""
    make_user(Role.BOARD_MEMBER, Role.STUDENT_SUCCESS, email="two.roles@example.org")
    page = client_as(make_user(Role.STUDENT_SUCCESS)).get(reverse("admin:accounts_user_changelist"))
    text = page.content.decode()
    assert f"{Role.BOARD_MEMBER.label}, {Role.STUDENT_SUCCESS.label}" in text
    assert ">board_member<" not in text and "board member" not in text  # nor in the filter
    assert f'?role=board_member">{Role.BOARD_MEMBER.label}</a>' in text
    form = client_as(make_user(Role.STUDENT_SUCCESS)).get(reverse("admin:accounts_user_add")).content.decode()
    assert f">{Role.BOARD_MEMBER.label}</option>" in form and "board_member</option>" not in form


@pytest.mark.django_db
def test_att1_a_change_made_by_a_rule_names_the_rules_in_the_history_not_a_deleted_user(
    make_user, client_as, django_capture_on_commit_callbacks
):
    """Seen on the first day: history rows written by a rule showed "Deleted user (pk=None)"."""
    session = SessionFactory(scheduled_start=timezone.now() - timedelta(hours=4))
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        mentoring_services.attendance_sweep(now=now)  # beat reminds the mentor: no person made this change
        mentoring_services.session_log_attendance(
            session_id=session.pk, mentor=session.mentor, attendance="attended", now=now
        )

    page = client_as(make_user(Role.STUDENT_SUCCESS)).get(
        reverse("admin:mentoring_mentoringsession_history", args=[session.pk])
    )
    text = page.content.decode()
    assert "Not logged two hours after its end: the mentor is reminded." in text
    assert "the school&#x27;s rules" in text or "the school's rules" in text
    assert "Deleted user" not in text and "pk=None" not in text
    assert re.search(r"<strong>Logged by:</strong>\s*—\s*→", text)  # nobody had logged it before
