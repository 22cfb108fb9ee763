"""The weekly schedule in a real browser (#10): a mentor sets their availability, authorises a student's
one-week suspension whose session is postponed into it (SUS-3), and uploads the video tool's join times for
a session, then confirms the outcome they give (ATT-4)."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import MentoringSession
from mentoring.selectors import week_bounds
from mentoring.services import slot_agree
from openclassrooms.core.periods import public_holiday
from tests.e2e.conftest import sign_in
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mentor_sets_availability_authorises_sus3_and_reads_the_video_tools_join_time(
    page, live_server, tmp_path
):
    today = timezone.localdate()
    enrolment = EnrolmentFactory(
        start_date=today - timedelta(days=60), planned_end_date=today + timedelta(days=120)
    )
    mentor, student = enrolment.mentor, enrolment.student
    # The weekly session, Wednesdays at 18:00: planned to the end of the training.
    slot_agree(enrolment_id=enrolment.pk, by=mentor, weekday=2, starts_at=time(18))
    away_from = today + timedelta(days=7 - today.weekday() + 7)  # the Monday after next
    while public_holiday(away_from + timedelta(days=2)) or public_holiday(away_from + timedelta(days=8)):
        away_from += timedelta(days=7)  # a week whose Wednesday and next Tuesday are working days
    away_until = away_from + timedelta(days=6)  # seven days: the most a mentor authorises (SUS-3)
    wednesday = MentoringSession.objects.get(enrolment=enrolment, week=away_from)

    # 1. The mentor opens their availability from My week and adds Tuesday mornings.
    sign_in(page, live_server.url, mentor.email)
    page.get_by_role("link", name="My availability and absences").click()
    window = page.locator("form", has=page.get_by_role("button", name="Add the window"))
    window.get_by_label("Day").select_option(label="Tuesday")
    window.get_by_label("From").fill("09:00")
    window.get_by_label("To").fill("12:00")
    window.get_by_role("button", name="Add the window").click()
    expect(page.get_by_role("cell", name="Tuesday")).to_be_visible()
    expect(page.get_by_role("cell", name="09:00")).to_be_visible()

    # 2. The student asks for that week away, before it starts.
    page.context.clear_cookies()
    sign_in(page, live_server.url, student.email)
    page.goto(live_server.url + "/students/requests/")
    ask = page.locator("form", has=page.get_by_role("heading", name="Suspend my training"))
    ask.get_by_label("From").fill(away_from.isoformat())
    ask.get_by_label("To (included)").fill(away_until.isoformat())
    ask.get_by_label("Reason").fill("A family wedding abroad.")
    ask.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request is sent; your mentor has been told (SUS-1).")).to_be_visible()

    # 3. The mentor authorises it on My week: the Wednesday session moves to Tuesday morning, next week.
    page.context.clear_cookies()
    sign_in(page, live_server.url, mentor.email)
    page.get_by_role("button", name="Authorise (SUS-3)").click()
    expect(page.get_by_text("authorised (SUS-3)")).to_be_visible()
    wednesday.refresh_from_db()
    assert wednesday.outcome == MentoringSession.Outcome.POSTPONED
    replacement = wednesday.replacements.get()
    local = timezone.localtime(replacement.scheduled_start)
    assert (local.date(), local.time()) == (away_until + timedelta(days=2), time(9))

    # 4. A session that just took place: the mentor uploads the video tool's file (Zoom's columns).
    now = timezone.now()
    start = max(now - timedelta(hours=1), week_bounds(timezone.localdate(now))[0]).replace(
        second=0, microsecond=0
    )
    session = SessionFactory(enrolment=enrolment, scheduled_start=start)
    local_start = timezone.localtime(start)
    report = tmp_path / "participants.csv"
    fmt = "%d/%m/%Y %H:%M:%S"
    report.write_text(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        f"{mentor},{mentor.email},{(local_start - timedelta(minutes=1)):{fmt}},"
        f"{(local_start + timedelta(minutes=45)):{fmt}},46\n"
        f"{student},{student.email},{(local_start + timedelta(minutes=16)):{fmt}},"
        f"{(local_start + timedelta(minutes=45)):{fmt}},29\n"
    )
    page.goto(live_server.url + "/mentoring/")
    page.locator(f"#session-{session.pk}").get_by_role("link", name="Upload the video tool's report").click()
    page.get_by_label("Attendance report (CSV exported from the video tool)").set_input_files(report)
    page.get_by_role("button", name="Record the report").click()
    expect(
        page.get_by_text("2 rows recorded from the video tool. The student joined 16 minutes late.")
    ).to_be_visible()
    row = page.locator(f"#session-{session.pk}")
    expect(row.get_by_text("joined 16 minutes late (from the video tool)")).to_be_visible()
    row.get_by_role("button", name="Confirm: joined 16 minutes late").click()
    expect(
        page.locator(f"#session-{session.pk}").get_by_text("joined 16 minutes after the start (ATT-4)")
    ).to_be_visible()
    session.refresh_from_db()
    assert session.outcome == MentoringSession.Outcome.UNAUTHORISED
    assert session.joined_at == start + timedelta(minutes=16)
