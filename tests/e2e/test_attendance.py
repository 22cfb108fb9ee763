"""Attendance in a real browser: a mentor logs a late arrival; a student gives timely notice and rebooks."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import MentorAvailability, MentoringSession
from mentoring.selectors import week_bounds
from tests.e2e.conftest import sign_in
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_att4_mentor_logs_a_16_minute_late_arrival_and_sees_it_is_unauthorised(page, live_server):
    enrolment = EnrolmentFactory()
    now = timezone.now()
    start = max(now - timedelta(hours=1), week_bounds(timezone.localdate(now))[0])
    session = SessionFactory(enrolment=enrolment, scheduled_start=start)
    sign_in(page, live_server.url, enrolment.mentor.email)
    row = page.locator(f"#session-{session.pk}")
    row.get_by_label("Joined").fill("16")
    row.get_by_role("button", name="Log late").click()
    row = page.locator(f"#session-{session.pk}")
    expect(
        row.get_by_text("Unauthorised absence — joined 16 minutes after the start (ATT-4)")
    ).to_be_visible()
    assert page.url.endswith("/mentoring/"), "the row updates in place, without a page reload"
    session.refresh_from_db()
    assert session.outcome == MentoringSession.Outcome.UNAUTHORISED


def test_att2_student_gives_timely_notice_and_picks_a_replacement_slot(page, live_server):
    enrolment = EnrolmentFactory()
    for weekday in range(7):
        MentorAvailability.objects.create(
            mentor=enrolment.mentor, weekday=weekday, starts_at=time(9), ends_at=time(18)
        )
    session = SessionFactory(enrolment=enrolment, scheduled_start=timezone.now() + timedelta(days=3))
    sign_in(page, live_server.url, enrolment.student.email)
    page.get_by_role("link", name="Give notice").first.click()
    page.get_by_label("Reason (sent to your mentor)").fill("A medical appointment I cannot move.")
    page.get_by_role("button", name="Send to my mentor").click()
    expect(page.get_by_text("Postponed — notice given").first).to_be_visible()
    slots = page.locator(".slots button")
    expect(slots.first).to_be_visible()
    slots.first.click()
    expect(page.get_by_text("Booked: a new session on")).to_be_visible()
    session.refresh_from_db()
    assert session.outcome == MentoringSession.Outcome.POSTPONED
    assert session.replacements.count() == 1
