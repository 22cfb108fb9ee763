"""Projects in a real browser (#11): a student hands in an in-depth project (IP-1), their mentor approves it
(TRN-1 a), the student books the final presentation with another mentor, who records it (REC-1), validates
every skill (TRN-1 b), and the student becomes eligible for a jury. Each step e-mails once (the outbox)."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import MentorAvailability
from openclassrooms.core.models import OutboundEmail
from projects.models import Presentation, SkillAssessment, Submission
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import sign_in
from tests.projects.factories import PathProjectFactory, ProjectFactory, SkillFactory, SubmissionFactory
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _available_every_day(mentor) -> None:
    for weekday in range(7):
        MentorAvailability.objects.create(mentor=mentor, weekday=weekday, starts_at=time(8), ends_at=time(20))


def _switch_to(page, base_url: str, user) -> None:
    page.context.clear_cookies()
    sign_in(page, base_url, user.email)


def test_trn1_ip1_rec1_from_submission_to_approval_to_a_validated_presentation_the_student_becomes_eligible(
    page, live_server, tmp_path
):
    now = timezone.now()
    enrolment = EnrolmentFactory(
        student__first_name="Inès",
        student__last_name="Morel",
        mentor__first_name="Marc",
        mentor__last_name="Aubert",
        recording_consent=True,
        recording_consent_at=now - timedelta(days=60),
    )
    student, own_mentor = enrolment.student, enrolment.mentor
    # The path: one ordinary project, already approved by the mentor, then one in-depth project.
    ordinary = PathProjectFactory(path=enrolment.path, position=1, project__title="Static portfolio").project
    SubmissionFactory(
        enrolment=enrolment,
        project=ordinary,
        status=Submission.Status.APPROVED,
        round=1,
        submitted_at=now - timedelta(days=30),
        own_work_declared_at=now - timedelta(days=30),
        approved_by=own_mentor,
        approved_at=now - timedelta(days=29),
    )
    in_depth = ProjectFactory(title="Booking API", in_depth=True)
    PathProjectFactory(path=enrolment.path, project=in_depth, position=2)
    skills = [
        SkillFactory(project=in_depth, name="Design a REST API", position=1),
        SkillFactory(project=in_depth, name="Test the API automatically", position=2),
    ]
    # Both mentors are free every day; only the other one may validate the student's project (TRN-1 b).
    validator = UserFactory(roles=["mentor"], first_name="Vera", last_name="Blanc")
    _available_every_day(own_mentor)
    _available_every_day(validator)
    deliverable = tmp_path / "booking-api-report.pdf"
    deliverable.write_bytes(PDF)

    # 1. The student hands the in-depth project in: a PDF and a link, with IP-1's statement.
    sign_in(page, live_server.url, student.email)
    page.goto(live_server.url + "/students/projects/")
    expect(page.get_by_role("row", name="Static portfolio")).to_contain_text("Approved by the mentor")
    towards = page.locator("section", has=page.get_by_role("heading", name="Towards the diploma"))
    expect(towards).to_contain_text("Booking API: to be approved by the mentor (TRN-1 a)")
    page.get_by_role("link", name="Booking API").click()
    expect(page).to_have_url(f"{live_server.url}/students/projects/{in_depth.pk}/")
    page.get_by_label("Files").set_input_files(str(deliverable))
    page.get_by_label("Link to your deliverables").fill("https://git.example.org/ines/booking-api")
    page.get_by_label("Sources you used").fill("The Django REST tutorial, cited in the report.")
    page.get_by_label("This work is my own, and it cites every source it uses (IP-1).").check()
    page.get_by_role("button", name="Submit to my mentor").click()
    expect(page.get_by_text("Your work is submitted; your mentor has been told (TRN-1 a).")).to_be_visible()
    expect(page.get_by_role("link", name="booking-api-report.pdf")).to_be_visible()
    submission = Submission.objects.get(enrolment=enrolment, project=in_depth)
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.deliverables.get().content_type == "application/pdf"

    # 2. The student's own mentor finds it on My week and approves it.
    _switch_to(page, live_server.url, own_mentor)
    page.goto(live_server.url + "/mentoring/")
    review = page.get_by_role("heading", name="Projects waiting for your review")
    page.locator("section", has=review).get_by_role("link", name="Booking API").click()
    expect(page).to_have_url(f"{live_server.url}/mentoring/projects/{submission.pk}/review/")
    expect(page.get_by_role("link", name="booking-api-report.pdf")).to_be_visible()
    page.get_by_label("Approve the project").check()
    page.get_by_role("button", name="Send my review").click()
    expect(page.get_by_text("Project approved (TRN-1 a).")).to_be_visible()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert submission.approved_by == own_mentor

    # 3. The student books the presentation with a validating mentor who is not their own mentor.
    _switch_to(page, live_server.url, student)
    page.goto(f"{live_server.url}/students/projects/{in_depth.pk}/")
    page.get_by_role("link", name="Book the presentation").click()
    expect(page).to_have_url(f"{live_server.url}/mentoring/projects/{submission.pk}/present/")
    expect(page.get_by_role("heading", name="Book the final presentation")).to_be_visible()
    offered = page.get_by_label("Validating mentor")
    expect(offered.locator(f"option[value='{validator.pk}']")).to_have_text("Vera Blanc")
    expect(offered.locator(f"option[value='{own_mentor.pk}']")).to_have_count(0)
    expect(offered).not_to_contain_text("Marc Aubert")
    offered.select_option(label="Vera Blanc")
    page.get_by_role("button", name="Show free times").click()
    expect(page.get_by_text("Free times of Vera Blanc in the next four weeks")).to_be_visible()
    page.locator("input[type=radio][name=start]").first.check()
    page.get_by_role("button", name="Book this presentation").click()
    expect(page.get_by_text("Presentation booked with Vera Blanc on")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/students/projects/{in_depth.pk}/")
    presentation = Presentation.objects.get(submission=submission)
    assert presentation.validating_mentor == validator
    assert presentation.scheduled_start - timezone.now() >= timedelta(hours=23)

    # Test setup, not a step: the presentation has started (a booking is always 24 hours ahead at least).
    Presentation.objects.filter(pk=presentation.pk).update(
        scheduled_start=timezone.now() - timedelta(minutes=50)
    )

    # 4. The validating mentor opens it from My week, saves the recording's link and validates each skill.
    _switch_to(page, live_server.url, validator)
    page.goto(live_server.url + "/mentoring/")
    hears = page.locator("section", has=page.get_by_role("heading", name="Presentations you validate"))
    hears.get_by_role("link", name="Booking API").click()
    expect(page).to_have_url(f"{live_server.url}/mentoring/presentations/{presentation.pk}/")
    page.get_by_label("Link to the recording").fill("https://video.example.org/recordings/booking-api")
    page.get_by_role("button", name="Save the recording's link").click()
    expect(page.get_by_text("The recording's link is recorded (REC-1).")).to_be_visible()
    for skill in skills:
        page.get_by_role("group", name=skill.name).get_by_label("Acquired", exact=True).check()
    page.get_by_role("button", name="Conclude the presentation").click()
    expect(page.get_by_text("Concluded: the project is validated (TRN-1 b).")).to_be_visible()
    presentation.refresh_from_db()
    assert presentation.status == Presentation.Status.HELD
    assert presentation.validated is True
    assert presentation.recording_url == "https://video.example.org/recordings/booking-api"
    assert set(presentation.assessments.values_list("skill_id", "result")) == {
        (skill.pk, SkillAssessment.Result.ACQUIRED) for skill in skills
    }

    # 5. The student is eligible for a jury: on their page and on their projects.
    _switch_to(page, live_server.url, student)
    page.goto(live_server.url + "/students/me/")
    diploma = page.locator("section", has=page.get_by_role("heading", name="Towards the diploma"))
    expect(diploma).to_contain_text("eligible for a jury")
    page.goto(live_server.url + "/students/projects/")
    expect(page.get_by_text("Eligible for a jury")).to_be_visible()
    expect(page.get_by_role("row", name="Booking API")).to_contain_text("Validated")

    # The outbox holds exactly one e-mail per step, to the right person.
    expected = {
        "prj-submitted:": own_mentor,  # the work is handed in
        "prj-approved:": student,  # the mentor approved it
        "prs-booked-mentor:": validator,  # the presentation is booked, told to both
        "prs-booked-student:": student,
        "prs-concluded:": student,  # every skill validated
    }
    for prefix, recipient in expected.items():
        emails = list(OutboundEmail.objects.filter(key__startswith=prefix))
        assert [e.to for e in emails] == [[recipient.email]], (prefix, [e.key for e in emails])
