"""The chair runs a case in a real browser: hearing, minutes, a suspension, and the registered letter."""

import io
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from discipline import services
from discipline.models import Hearing, Notice
from openclassrooms.accounts.roles import Role
from tests.e2e.conftest import sign_in
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dis8_chair_schedules_records_a_suspension_and_downloads_the_letter(page, live_server, make_user):
    chair = make_user(Role.HEAD_OF_LEARNING)
    manager = make_user(Role.LEARNING_MANAGER)
    case = services.case_open(
        enrolment=EnrolmentFactory(),
        source="conduct",
        by=make_user(Role.STUDENT_SUCCESS),
        summary="Insulting messages to other students in the forum.",
    )
    case.enrolment.path.learning_manager = manager
    case.enrolment.path.save()
    services.complaints_communicate(case_id=case.pk, by=chair)
    services.board_compose(case_id=case.pk, by=chair, chair=chair, learning_manager=manager)

    sign_in(page, live_server.url, chair.email)
    page.get_by_role("link", name=f"#{case.pk}").click()
    start = timezone.localtime(timezone.now() + timedelta(hours=73))
    page.get_by_label("Date and time").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Video conference link").fill("https://meet.example.org/board-42")
    page.get_by_role("button", name="Send the notice").click()
    expect(page.get_by_text("Hearing scheduled; the notice went to the student (DIS-3).")).to_be_visible()

    # Four days pass: the notice went out 96 hours ago and the hearing took place yesterday.
    shift = timedelta(days=4)
    hearing = Hearing.objects.get(case=case)
    Hearing.objects.filter(pk=hearing.pk).update(scheduled_start=hearing.scheduled_start - shift)
    notice = Notice.objects.get(hearing=hearing)
    Notice.objects.filter(pk=notice.pk).update(
        sent_at=notice.sent_at - shift, hearing_start=notice.hearing_start - shift
    )
    page.reload()
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.get_by_text("Hearing confirmed.")).to_be_visible()
    page.get_by_text("Yes", exact=True).first.check()
    page.get_by_label("Grounds of the planned penalty, as stated (DIS-6)").fill("Insults in the forum.")
    page.get_by_label("The student's explanations (DIS-6)").fill("I was angry and I apologise.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("Attendance and minutes recorded (DIS-6).")).to_be_visible()

    page.get_by_text("Suspension (one month)").check()
    page.get_by_label("Grounds").fill("Repeated insults towards other students (CON-1).")
    effective = timezone.localdate()
    page.get_by_label("Takes effect on").fill(effective.isoformat())
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the registered letter (PDF)").click()
    pdf = download.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    until = effective + relativedelta(months=1)
    assert "Suspension" in text
    assert f"{effective:%-d %B %Y}" in text, text
    assert f"{until:%-d %B %Y}" in text, text
    assert "cannot be appealed" in text
