"""The admin: a list and a form for every model, lists without N+1, history kept and read-only."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from openclassrooms.accounts.roles import Role
from students.models import Enrolment
from tests.discipline.factories import CaseFactory
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory, EnrolmentFundingFactory

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
