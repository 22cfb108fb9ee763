"""On a phone (390 × 844), no page of any role scrolls sideways: the demo school, every role's pages.

Seen on the first day: the Student Success queue scrolled sideways on a 390-pixel phone, and 300,000
characters of minutes made a page three million pixels wide.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from discipline.models import Case
from juries.models import Candidacy
from mentoring.models import MentoringSession, MonitoringReport
from openclassrooms.demo.data import PEOPLE
from projects.models import Presentation, Submission
from students.models import Enrolment
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = "document.documentElement.scrollWidth > 390"  # the phone's width, whatever the zoom


def _pages_of_each_role() -> dict[str, list[str]]:
    """The demo logins and the pages each one opens, from the demo data."""
    now = timezone.now()
    student = PEOPLE["student"][0]
    session = MentoringSession.objects.filter(enrolment__student__email=student).order_by("scheduled_start")
    upcoming = session.filter(scheduled_start__gt=now, status="scheduled").first()
    past = session.filter(scheduled_start__lt=now).last()
    conduct = Case.objects.get(source=Case.Source.CONDUCT)
    attendance = Case.objects.get(source=Case.Source.ATTENDANCE)
    mentor = PEOPLE["mentor"][0]
    mentee = Enrolment.objects.filter(mentor__email=mentor).first()
    report = MonitoringReport.objects.filter(mentor__email=mentor).first()
    candidacy = Candidacy.objects.filter(session__jury__members__user__email=PEOPLE["jury"][0]).first()
    handed_in = Submission.objects.get(enrolment__student__email=student, round__gt=0)
    presented = Submission.objects.filter(
        enrolment__student__email=student, presentations__isnull=False
    ).first()
    to_conclude = Presentation.objects.get(validating_mentor__email=mentor, booked_at__isnull=False)
    return {
        student: [
            reverse("students:dashboard"),
            reverse("students:requests"),
            reverse("mentoring:session_detail", args=[past.pk]),
            reverse("mentoring:session_notice", args=[upcoming.pk]),
            reverse("students:projects"),
            reverse("students:project_detail", args=[handed_in.project_id]),
            reverse("students:project_detail", args=[presented.project_id]),
            reverse("mentoring:presentation_book", args=[presented.pk]),
        ],
        conduct.enrolment.student.email: [reverse("discipline:my_case", args=[conduct.pk])],
        mentor: [
            reverse("mentoring:dashboard"),
            reverse("mentoring:report_create", args=[mentee.pk]),
            reverse("mentoring:report_detail", args=[report.pk]),
            reverse("mentoring:availability"),
            reverse("mentoring:slot_edit", args=[mentee.pk]),
            reverse("mentoring:session_report_upload", args=[past.pk]),
            reverse("mentoring:submission_review", args=[handed_in.pk]),
            reverse("mentoring:presentation_detail", args=[to_conclude.pk]),
        ],
        PEOPLE["success"][0]: [
            reverse("students:success_dashboard"),
            reverse("admin:students_queue"),
            reverse("admin:students_enrolment_changelist"),
            reverse("admin:students_enrolment_change", args=[mentee.pk]),
            reverse("admin:mentoring_mentoringsession_changelist") + "?unlogged=48h",
            reverse("admin:mentoring_weeklyslot_changelist"),
            reverse("admin:mentoring_toolevent_changelist"),
            reverse("admin:projects_submission_change", args=[handed_in.pk]),
        ],
        PEOPLE["hol"][0]: [
            reverse("discipline:dashboard"),
            reverse("discipline:case_detail", args=[conduct.pk]),
            reverse("discipline:case_detail", args=[attendance.pk]),
        ],
        PEOPLE["lm"][0]: [reverse("discipline:dashboard")],
        PEOPLE["jury"][0]: [
            reverse("juries:dashboard"),
            reverse("juries:candidate_record", args=[candidacy.pk]),
        ],
        PEOPLE["impact"][0]: [reverse("impact:dashboard")],
        PEOPLE["board"][0]: [reverse("impact:board_dashboard")],
    }


def _phone(browser):
    """A phone of its own for each person (its own cookies)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_no_page_of_any_role_scrolls_sideways_on_a_phone(browser, live_server):
    call_command("seed_demo", verbosity=0)
    wide = []
    context, page = _phone(browser)
    for path in (reverse("account_login"), "/no-such-page/"):
        page.goto(live_server.url + path)
        if page.evaluate(WIDE):
            wide.append(("anonymous", path))
    context.close()
    for email, paths in _pages_of_each_role().items():
        context, page = _phone(browser)
        sign_in(page, live_server.url, email)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, (email, path, response.status)
            if page.evaluate(WIDE):
                wide.append((email, path, page.evaluate("document.documentElement.scrollWidth")))
        context.close()
    assert wide == []
