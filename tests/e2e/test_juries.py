"""Juries in a real browser (#12). A jury member reviews a candidate's record and refuses the diploma with a
remedial project; the student hands it in; another jury member approves it and the student is registered
before the next sitting (TRN-2..TRN-4). Then a verdict awards the diploma, the chair signs the minutes, the
student downloads the certificate and anyone checks its code on the public verification page."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from juries import services
from juries.models import Candidacy, Diploma, JuryMember, JurySession, RemedialProject
from projects.models import Submission
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import sign_in
from tests.juries.factories import JuryFactory, JuryMemberFactory
from tests.projects.factories import PathProjectFactory, SkillFactory, SubmissionFactory
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _switch_to(page, base_url: str, user) -> None:
    page.context.clear_cookies()
    sign_in(page, base_url, user.email)


def _sitting(jury, *, in_days: int, chair=None) -> JurySession:
    return services.jury_session_save(
        session=JurySession(
            jury=jury,
            starts_at=timezone.now() + timedelta(days=in_days),
            mode=JurySession.Mode.REMOTE,
            format=JurySession.Format.FULL,
            location="https://meet.example.org/jury",
            chair=chair,
        )
    )


@pytest.fixture
def candidate():
    """A full jury (an industry professional, a school representative who chairs) sitting since an hour ago,
    and a registered candidate whose only project their mentor approved (TRN-1 holds)."""
    jury = JuryFactory(name="Web developer jury", path__name="Web developer")
    industry = JuryMemberFactory(
        jury=jury, kind=JuryMember.Kind.INDUSTRY, user=UserFactory(roles=["jury_member"], first_name="Grace")
    )
    school = JuryMemberFactory(
        jury=jury, kind=JuryMember.Kind.SCHOOL, user=UserFactory(roles=["jury_member"], first_name="Alan")
    )
    enrolment = EnrolmentFactory(path=jury.path, student__first_name="Inès", student__last_name="Morel")
    project = PathProjectFactory(path=jury.path, project__title="Booking API").project
    SkillFactory(project=project, name="Secure an API")
    SubmissionFactory(
        enrolment=enrolment,
        project=project,
        status=Submission.Status.APPROVED,
        round=1,
        submitted_at=timezone.now() - timedelta(days=30),
        own_work_declared_at=timezone.now() - timedelta(days=30),
        approved_by=enrolment.mentor,
        approved_at=timezone.now() - timedelta(days=29),
    )
    session = _sitting(jury, in_days=10, chair=school)
    candidacy = services.candidacy_register(enrolment=enrolment, session=session)
    JurySession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    return {"jury": jury, "industry": industry.user, "school": school.user, "candidacy": candidacy}


def test_trn2_trn4_a_refusal_with_a_remedial_project_the_jury_approves_and_the_student_comes_back(
    page, live_server, candidate, tmp_path
):
    next_sitting = _sitting(candidate["jury"], in_days=30)
    student = candidate["candidacy"].enrolment.student

    # 1. A jury member opens the candidate's record from their page and refuses the diploma.
    sign_in(page, live_server.url, candidate["industry"].email)
    page.goto(live_server.url + "/juries/")
    page.get_by_role("link", name="Inès Morel").click()
    expect(page.get_by_role("heading", name="Projects")).to_be_visible()
    expect(page.get_by_role("row", name="Booking API")).to_contain_text("Approved by the mentor")
    page.get_by_label("Refuse it").check()
    page.get_by_role("button", name="Record the verdict").click()
    expect(page.get_by_text("Say why the diploma is refused")).to_be_visible()
    page.get_by_label("Refuse it").check()
    page.get_by_label("Reasons").fill("The API lets anyone read every booking.")
    page.get_by_label("Secure an API").check()
    page.get_by_label("Remedial project: title").fill("Secure the booking API")
    page.get_by_label("Remedial project: brief").fill("Add authentication and test it.")
    page.get_by_role("button", name="Record the verdict").click()
    expect(page.get_by_text("The verdict is recorded; it is final (TRN-4)")).to_be_visible()
    expect(page.get_by_text("Diploma refused", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="Record the verdict")).to_have_count(0)

    # 2. The student reads it on their page and hands the remedial project in, with a file.
    _switch_to(page, live_server.url, student)
    page.goto(live_server.url + "/students/me/")
    expect(page.get_by_role("heading", name="Before a jury")).to_be_visible()
    page.get_by_role("link", name="Secure the booking API").click()
    expect(page.get_by_text("Add authentication and test it.")).to_be_visible()
    work = tmp_path / "secure-api.pdf"
    work.write_bytes(PDF)
    page.get_by_label("Files").set_input_files(str(work))
    page.get_by_role("button", name="Hand in to the jury").click()
    expect(page.get_by_text("State that the work is your own")).to_be_visible()
    page.get_by_label("Files").set_input_files(str(work))
    page.get_by_label("This work is my own").check()
    page.get_by_role("button", name="Hand in to the jury").click()
    expect(page.get_by_text("Handed in: the jury's members review it (TRN-4).")).to_be_visible()
    expect(page.get_by_role("link", name="secure-api.pdf")).to_be_visible()

    # 3. The student's mentor cannot reach it; another jury member approves it on the candidate's record.
    _switch_to(page, live_server.url, candidate["candidacy"].enrolment.mentor)
    remedial = RemedialProject.objects.get()
    response = page.goto(live_server.url + f"/juries/candidates/{candidate['candidacy'].pk}/")
    assert response.status == 403
    _switch_to(page, live_server.url, candidate["school"])
    page.goto(live_server.url + f"/juries/candidates/{candidate['candidacy'].pk}/")
    expect(page.get_by_role("link", name="secure-api.pdf")).to_be_visible()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record my review (TRN-4)").click()
    expect(page.get_by_text("Review recorded; the student is told.")).to_be_visible()
    remedial.refresh_from_db()
    assert (remedial.status, remedial.approved_by) == ("approved", candidate["school"])

    # 4. The student is registered before the next sitting, and sees it on their page.
    assert Candidacy.objects.get(enrolment=candidate["candidacy"].enrolment, session=next_sitting).status == (
        Candidacy.Status.REGISTERED
    )
    _switch_to(page, live_server.url, student)
    page.goto(live_server.url + "/students/me/")
    jury = page.locator("section", has=page.get_by_role("heading", name="Before a jury"))
    expect(jury.get_by_role("listitem")).to_have_count(2)
    expect(jury.get_by_role("listitem").first).to_contain_text("Registered")


def test_trn4_an_award_the_chair_signs_the_minutes_and_anyone_checks_the_certificate(
    page, browser, live_server, candidate
):
    student = candidate["candidacy"].enrolment.student

    # 1. The chair awards the diploma on the record, then signs the sitting's minutes on their page.
    sign_in(page, live_server.url, candidate["school"].email)
    page.goto(live_server.url + f"/juries/candidates/{candidate['candidacy'].pk}/")
    page.get_by_label("Award the diploma").check()
    page.get_by_role("button", name="Record the verdict").click()
    expect(page.get_by_text("The verdict is recorded; it is final (TRN-4)")).to_be_visible()
    page.goto(live_server.url + "/juries/")
    page.get_by_role("button", name="Sign the minutes as chair").click()
    expect(page.get_by_text("Minutes signed")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="(PDF)").click()
    minutes = " ".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Inès Morel" in minutes and "Diploma awarded" in minutes and "chair of the sitting" in minutes

    # 2. The student's training is complete; they download the certificate and read its code.
    _switch_to(page, live_server.url, student)
    page.goto(live_server.url + "/students/me/")
    expect(page.get_by_text("You have no current enrolment.")).to_be_visible()
    diploma = Diploma.objects.get()
    expect(page.get_by_text(diploma.code).first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="My diploma certificate (PDF)").click()
    certificate = download.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(certificate)).pages)
    assert "Inès Morel" in text and "Web developer" in text and diploma.code in text

    # 3. Anyone, signed in or not, checks the code on the public page.
    visitor = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, locale="en-GB")
    public = visitor.new_page()
    public.goto(live_server.url + "/diplomas/verify/")
    public.get_by_label("Verification code").fill(diploma.code.replace("-", " ").lower())
    public.get_by_role("button", name="Check").click()
    expect(public.get_by_role("heading", name="Valid")).to_be_visible()
    result = public.locator("section.card")
    expect(result).to_contain_text("Inès Morel")
    expect(result).to_contain_text("Web developer")
    expect(result).to_contain_text(timezone.localdate().strftime("%B %Y"))
    expect(result).not_to_contain_text(student.email)
    public.goto(live_server.url + "/diplomas/verify/0000-0000-0000/")
    expect(public.get_by_role("heading", name="No diploma carries this code")).to_be_visible()
    visitor.close()
