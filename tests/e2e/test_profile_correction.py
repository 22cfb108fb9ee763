"""A correction of a student's profile (GDPR art. 16), in a real browser: the student, whose training ended,
asks on a phone; Student Success accepts from "What needs me today"; the student reads the answer."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openclassrooms.accounts.roles import Role
from students.models import Enrolment
from tests.e2e.conftest import sign_in
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = "document.documentElement.scrollWidth > window.innerWidth"


def test_a_student_asks_on_a_phone_and_student_success_accepts(phone, page, live_server, make_user):
    enrolment = EnrolmentFactory(
        status=Enrolment.Status.COMPLETED,
        ended_on=timezone.localdate(),
        student__phone="06 12 34 56 78",
        student__last_name="Martin",
    )
    student = enrolment.student

    sign_in(phone, live_server.url, student.email)
    phone.get_by_role("link", name="My profile: my details, and correcting them").click()
    expect(phone.get_by_role("heading", name="My profile")).to_be_visible()
    assert not phone.evaluate(WIDE)

    phone.get_by_label("Detail to correct").select_option(label="Phone number")
    phone.get_by_label("What it should say").fill("12 34")
    phone.get_by_label("What is wrong with it").fill("I changed my number.")
    phone.get_by_role("button", name="Send the request").click()
    expect(
        phone.get_by_text("A phone number has 8 to 15 digits, such as +33 6 12 34 56 78; this one has 4.")
    ).to_be_visible()
    assert not phone.evaluate(WIDE)

    phone.get_by_label("What it should say").fill("+33 6 98 76 54 32")
    phone.get_by_role("button", name="Send the request").click()
    expect(phone.get_by_text("Your request is sent to Student Success")).to_be_visible()
    expect(phone.get_by_text("Waiting for Student Success")).to_be_visible()
    assert not phone.evaluate(WIDE)

    staff = make_user(Role.STUDENT_SUCCESS)
    sign_in(page, live_server.url, staff.email)
    page.get_by_role("link", name="What needs me today").click()
    row = page.get_by_role("row", name=str(student))
    expect(row.get_by_text("Phone number (GDPR art. 16)")).to_be_visible()
    row.get_by_role("link", name="Open").click()
    page.get_by_label("Accept: correct the profile").check()
    page.get_by_label("Reason (the student reads it)").fill("Checked with you on the phone.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Accepted: the student's phone number is corrected")).to_be_visible()

    phone.reload()
    expect(phone.get_by_text("+33 6 98 76 54 32")).to_be_visible()
    expect(phone.get_by_text("Checked with you on the phone.")).to_be_visible()
    expect(phone.get_by_text("Accepted: corrected")).to_be_visible()
    assert not phone.evaluate(WIDE)
