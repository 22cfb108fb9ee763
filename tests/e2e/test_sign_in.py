"""Each role signs in through the real login page and lands on its own dashboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from openclassrooms.accounts.roles import Role
from tests.accounts.factories import PASSWORD
from tests.conftest import ALL_ROLES
from tests.core.test_dashboards import DASHBOARD_OF_ROLE
from tests.e2e.conftest import sign_in_through_form
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_signs_in_and_reaches_its_dashboard(role, page, live_server, make_user):
    user = make_user(role)
    sign_in_through_form(page, live_server.url, user.email, PASSWORD)
    assert page.url == live_server.url + reverse(DASHBOARD_OF_ROLE[Role(role)])
    assert page.locator("h1").count() == 1
    # …and another role's dashboard is refused.
    other = next(d for r, d in DASHBOARD_OF_ROLE.items() if d != DASHBOARD_OF_ROLE[Role(role)])
    response = page.goto(live_server.url + reverse(other))
    assert response.status == 403


def test_a_student_reads_their_week_on_a_phone(phone, live_server):
    enrolment = EnrolmentFactory()
    SessionFactory(enrolment=enrolment, scheduled_start=timezone.now() + timedelta(days=2))
    sign_in_through_form(phone, live_server.url, enrolment.student.email, PASSWORD)
    expect(phone.get_by_role("heading", name="My training")).to_be_visible()
    expect(phone.get_by_text(enrolment.mentor.get_full_name()).first).to_be_visible()
    fits = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the page scrolls sideways on a phone"


def test_wrong_password_is_answered_with_a_clear_message(page, live_server, make_user):
    user = make_user(Role.MENTOR)
    sign_in_through_form(page, live_server.url, user.email, "not-the-password")
    assert "/accounts/login/" in page.url
    expect(page.get_by_text("not correct")).to_be_visible()


def test_student_success_opens_a_students_record_in_the_admin(page, live_server, make_user):
    staff = make_user(Role.STUDENT_SUCCESS)
    enrolment = EnrolmentFactory()
    sign_in_through_form(page, live_server.url, staff.email, PASSWORD)
    page.goto(live_server.url + reverse("admin:students_enrolment_changelist"))
    page.get_by_role("link", name=str(enrolment.student)).click()
    expect(page.get_by_role("heading", name="Change enrolment")).to_be_visible()
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("cell", name="Created", exact=True)).to_be_visible()
