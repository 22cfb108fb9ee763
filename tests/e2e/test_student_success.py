"""Student Success in the admin, in a real browser: a funded student's suspension (SUS-4)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openclassrooms.accounts.roles import Role
from students import services
from tests.e2e.conftest import sign_in
from tests.students.factories import EnrolmentFactory, EnrolmentFundingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_sus4_student_success_approves_a_funded_suspension_after_attaching_the_approval(
    page, live_server, make_user, tmp_path
):
    enrolment = EnrolmentFactory()
    EnrolmentFundingFactory(enrolment=enrolment, body__name="France Travail Paris")
    start = timezone.localdate() + timedelta(days=10)
    services.suspension_request_submit(
        enrolment=enrolment,
        student=enrolment.student,
        starts_on=start,
        ends_on=start + timedelta(days=19),
        reason="Surgery and recovery.",
    )
    planned_end = enrolment.planned_end_date
    staff = make_user(Role.STUDENT_SUCCESS)

    sign_in(page, live_server.url, staff.email)
    page.get_by_role("link", name="What needs me today").click()
    row = page.get_by_role("row", name=str(enrolment.student))
    expect(row.get_by_text("the funding body's written approval (SUS-4)")).to_be_visible()
    row.get_by_role("link", name="Open").click()

    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("official written approval must be attached first (SUS-4)")).to_be_visible()

    approval = tmp_path / "approval-france-travail.pdf"
    approval.write_bytes(PDF)
    page.get_by_label("Approve").check()
    page.get_by_label("Attach the funding body's written approval").set_input_files(str(approval))
    page.get_by_role("button", name="Save the decision").click()
    new_end = planned_end + timedelta(days=20)
    expect(
        page.get_by_text(f"Approved. The training now ends on {new_end:%-d %B %Y} (SUS-4).")
    ).to_be_visible()
    enrolment.refresh_from_db()
    assert enrolment.planned_end_date == new_end
