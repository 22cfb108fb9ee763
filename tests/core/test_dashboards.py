"""Each role reaches its own dashboard and no other (permission tests in pairs, from one setup)."""

import pytest
from django.urls import reverse

from openclassrooms.accounts.roles import Role
from tests.conftest import ALL_ROLES

DASHBOARD_OF_ROLE = {
    Role.STUDENT: "students:dashboard",
    Role.MENTOR: "mentoring:dashboard",
    Role.STUDENT_SUCCESS: "students:success_dashboard",
    Role.LEARNING_MANAGER: "discipline:dashboard",
    Role.HEAD_OF_LEARNING: "discipline:dashboard",
    Role.JURY_MEMBER: "juries:dashboard",
    Role.IMPACT_COMMITTEE: "impact:dashboard",
    Role.BOARD_MEMBER: "impact:board_dashboard",
}
DASHBOARDS = sorted(set(DASHBOARD_OF_ROLE.values()))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("dashboard", DASHBOARDS)
def test_only_the_roles_own_dashboard_opens(role, dashboard, make_user, client_as):
    client = client_as(make_user(role))
    response = client.get(reverse(dashboard))
    expected = 200 if DASHBOARD_OF_ROLE[Role(role)] == dashboard else 403
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_home_sends_each_role_to_its_dashboard(role, make_user, client_as):
    response = client_as(make_user(role)).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(DASHBOARD_OF_ROLE[Role(role)])


@pytest.mark.django_db
def test_home_lets_a_person_with_several_roles_choose(make_user, client_as):
    response = client_as(make_user(Role.MENTOR, Role.JURY_MEMBER)).get(reverse("home"))
    assert response.status_code == 200
    assert reverse("mentoring:dashboard").encode() in response.content
    assert reverse("juries:dashboard").encode() in response.content
    assert reverse("students:dashboard").encode() not in response.content


@pytest.mark.django_db
def test_a_user_without_role_is_told_so(make_user, client_as):
    response = client_as(make_user()).get(reverse("home"))
    assert b"no role yet" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("dashboard", [*DASHBOARDS, "home"])
def test_anonymous_visitors_are_sent_to_sign_in(dashboard, client):
    response = client.get(reverse(dashboard))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
