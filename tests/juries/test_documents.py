"""TRN-4: the diploma certificate and its public verification page, the sitting's minutes signed by its
chair, and the files of remedial projects and candidates' projects, read only by those who judge."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from juries import documents, rules, services
from juries.models import Candidacy, Diploma, JuryMember, JurySession, Panel, SittingMinutes
from openclassrooms.accounts.roles import Role
from openclassrooms.core.models import OutboundEmail
from projects import services as project_services
from projects.models import DELIVERABLE_MAX_BYTES
from tests.accounts.factories import UserFactory
from tests.juries.factories import JuryFactory, JuryMemberFactory, JurySessionFactory
from tests.projects.factories import PathProjectFactory, SkillFactory
from tests.students.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"


def _is_pdf_a(data: bytes) -> bool:
    metadata = PdfReader(io.BytesIO(data)).xmp_metadata
    return metadata is not None and "pdfaid" in metadata.rdf_root.toxml()


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def sitting():
    """A sitting in panels that started an hour ago, chaired by its school representative, with two
    eligible candidates on panel A."""
    jury = JuryFactory(path__name="Web developer", path__level="Bachelor's degree level (RNCP 6)")
    industry = JuryMemberFactory(jury=jury, kind=JuryMember.Kind.INDUSTRY, user__first_name="Grace")
    school = JuryMemberFactory(jury=jury, kind=JuryMember.Kind.SCHOOL, user__first_name="Alan")
    session = services.jury_session_save(
        session=JurySession(
            jury=jury,
            starts_at=timezone.now() + timedelta(days=20),
            mode=JurySession.Mode.REMOTE,
            format=JurySession.Format.PANELS,
            location="https://meet.example.org/jury",
            chair=school,
        )
    )
    panel = services.panel_save(panel=Panel(session=session, name="A"), members=[industry, school])
    project = PathProjectFactory(path=jury.path).project
    SkillFactory(project=project, name="Secure an API")
    candidacies = []
    for first, last in (("Ada", "Lovelace"), ("Katherine", "Johnson")):
        enrolment = EnrolmentFactory(path=jury.path, student__first_name=first, student__last_name=last)
        submission = project_services.submission_submit(
            enrolment=enrolment, project_id=project.pk, by=enrolment.student,
            files=[SimpleUploadedFile("report.pdf", PDF)], declared_own_work=True,
        )  # fmt: skip
        project_services.submission_review(submission_id=submission.pk, by=enrolment.mentor, approve=True)
        candidacy = services.candidacy_register(enrolment=enrolment, session=session)
        candidacies.append(services.candidacy_assign_panel(candidacy=candidacy, panel=panel))
    JurySession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    session.refresh_from_db()
    return {"session": session, "industry": industry, "school": school, "candidacies": candidacies}


def _award(sitting, django_capture_on_commit_callbacks, index=0):
    with django_capture_on_commit_callbacks(execute=True):
        return services.verdict_record(
            candidacy_id=sitting["candidacies"][index].pk, by=sitting["industry"].user, decision="awarded"
        )


def _refuse(sitting, django_capture_on_commit_callbacks, index=1):
    skill = SkillFactory._meta.model.objects.get(name="Secure an API")
    with django_capture_on_commit_callbacks(execute=True):
        return services.verdict_record(
            candidacy_id=sitting["candidacies"][index].pk,
            by=sitting["school"].user,
            decision="refused",
            reasons="The API does not authenticate users.",
            skill_ids=[skill.pk],
            remedial=[services.Remedial("Secure the review API", "Add JWT authentication.")],
        )


# --- The diploma ------------------------------------------------------------------------------------------


def test_trn4_an_award_issues_a_pdf_a_certificate_with_its_verification_code(
    sitting, django_capture_on_commit_callbacks
):
    verdict = _award(sitting, django_capture_on_commit_callbacks)
    diploma = Diploma.objects.get(verdict=verdict)
    assert rules.normalise_code(diploma.code) == diploma.code
    assert (diploma.holder_name, diploma.path_name, diploma.awarded_on) == (
        "Ada Lovelace",
        "Web developer",
        timezone.localdate(),
    )
    data = diploma.pdf.read()
    assert _is_pdf_a(data)
    text = _pdf_text(data)
    assert "Ada Lovelace" in text and "Web developer" in text and diploma.code in text
    assert f"/diplomas/verify/{diploma.code}/" in text
    assert services.diploma_generate(diploma_id=diploma.pk) is False  # printed once
    email = OutboundEmail.objects.get(key=f"jury-verdict:{verdict.pk}")
    assert diploma.code in email.body and f"/diplomas/verify/{diploma.code}/" in email.body


def test_issue16_the_certificate_and_the_verdict_are_in_the_graduates_language_the_minutes_in_the_schools(
    sitting, django_capture_on_commit_callbacks, settings
):
    student = sitting["candidacies"][0].enrolment.student
    type(student).objects.filter(pk=student.pk).update(language="fr")
    verdict = _award(sitting, django_capture_on_commit_callbacks)
    diploma = Diploma.objects.get(verdict=verdict)
    with translation.override("fr"):
        awarded_on = date_format(diploma.awarded_on, "j F Y")
        weekday = date_format(timezone.localtime(verdict.decided_at), "l")
    html = documents.diploma_html(diploma=diploma)
    assert '<html lang="fr">' in html
    assert f"Paris, {awarded_on}" in html or f"Paris, le {awarded_on}" in html
    assert f"{weekday} " in OutboundEmail.objects.get(key=f"jury-verdict:{verdict.pk}").body
    _refuse(sitting, django_capture_on_commit_callbacks)
    type(sitting["school"].user).objects.filter(pk=sitting["school"].user_id).update(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        minutes = services.minutes_sign(session_id=sitting["session"].pk, by=sitting["school"].user)
    assert f'<html lang="{settings.LANGUAGE_CODE}">' in documents.minutes_html(minutes=minutes)


def test_trn4_a_refusal_issues_no_diploma(sitting, django_capture_on_commit_callbacks):
    _refuse(sitting, django_capture_on_commit_callbacks)
    assert not Diploma.objects.exists()


def test_trn4_the_holder_downloads_the_certificate_and_nobody_else(
    sitting, django_capture_on_commit_callbacks, client_as, make_user
):
    diploma = Diploma.objects.get(verdict=_award(sitting, django_capture_on_commit_callbacks))
    url = reverse("juries:diploma_certificate", args=[diploma.pk])
    holder = sitting["candidacies"][0].enrolment.student
    response = client_as(holder).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_as(sitting["candidacies"][1].enrolment.student).get(url).status_code == 404
    assert client_as(sitting["industry"].user).get(url).status_code == 404
    assert client_as(make_user(Role.STUDENT_SUCCESS)).get(url).status_code == 200
    page = client_as(holder).get(reverse("students:dashboard")).content.decode()
    assert url in page and diploma.code in page


def test_trn4_the_public_verification_page_shows_name_path_date_and_validity_only(
    sitting, django_capture_on_commit_callbacks, client
):
    diploma = Diploma.objects.get(verdict=_award(sitting, django_capture_on_commit_callbacks))
    student = sitting["candidacies"][0].enrolment.student
    response = client.get(reverse("diplomas:verify", args=[diploma.code]))  # nobody signed in
    page = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in page and "Ada Lovelace" in page and "Web developer" in page
    assert timezone.localdate().strftime("%B %Y") in page
    # Nothing else about the holder: not their e-mail, not the verdict, not the jury.
    assert student.email not in page and "Lovelace" in page
    assert sitting["session"].jury.name not in page and "Grace" not in page


def test_trn4_a_code_typed_by_hand_is_read_and_an_unknown_code_is_not_valid(
    sitting, django_capture_on_commit_callbacks, client
):
    diploma = Diploma.objects.get(verdict=_award(sitting, django_capture_on_commit_callbacks))
    typed = diploma.code.replace("-", " ").lower()
    response = client.get(reverse("diplomas:verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("diplomas:verify", args=[diploma.code])
    unknown = "0000-0000-0000" if diploma.code != "0000-0000-0000" else "1111-1111-1111"
    response = client.get(reverse("diplomas:verify", args=[unknown]))
    assert response.status_code == 404 and "No diploma carries this code" in response.content.decode()
    response = client.get(reverse("diplomas:verify_form"), {"code": "ABC"})
    assert response.status_code == 200 and "has 12 letters and digits" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("7kq2-m9xd-4trb", "7KQ2-M9XD-4TRB"),
        (" 7KQ2 M9XD 4TRB ", "7KQ2-M9XD-4TRB"),
        ("OIL2M9XD4TRB", "0112-M9XD-4TRB"),  # O is read as 0, I and L as 1
        ("7KQ2-M9XD-4TR", ""),  # 11 characters
        ("7KQ2-M9XD-4TRBB", ""),  # 13 characters
        ("7KQ2-M9XD-4TRU", ""),  # U is not in the alphabet
    ],
)
def test_trn4_verification_codes_are_read_as_printed(typed, read):
    assert rules.normalise_code(typed) == read


# --- The sitting's minutes --------------------------------------------------------------------------------


def test_trn4_the_chair_signs_the_minutes_once_every_candidate_has_a_verdict(
    sitting, django_capture_on_commit_callbacks
):
    session, chair = sitting["session"], sitting["school"].user
    _award(sitting, django_capture_on_commit_callbacks)
    with pytest.raises(services.JuryError, match="1 candidate still without a verdict"):
        services.minutes_sign(session_id=session.pk, by=chair)
    _refuse(sitting, django_capture_on_commit_callbacks)
    with pytest.raises(services.JuryError, match="Only the chair of the sitting"):
        services.minutes_sign(session_id=session.pk, by=sitting["industry"].user)
    with django_capture_on_commit_callbacks(execute=True):
        minutes = services.minutes_sign(session_id=session.pk, by=chair)
    minutes.refresh_from_db()
    session.refresh_from_db()
    assert (minutes.signed_by, session.status) == (chair, JurySession.Status.HELD)
    data = minutes.pdf.read()
    assert _is_pdf_a(data)
    text = _pdf_text(data)
    for expected in (
        "Ada Lovelace",
        "Katherine Johnson",
        "Diploma awarded",
        "Diploma refused",
        "Secure the review API",
        "Panel",
        "chair of the sitting",
        chair.get_full_name(),
    ):
        assert expected in text, expected
    with pytest.raises(services.JuryError, match="already signed"):
        services.minutes_sign(session_id=session.pk, by=chair)
    assert SittingMinutes.objects.count() == 1


def test_trn4_minutes_are_not_signed_before_the_sitting_starts(sitting):
    session = sitting["session"]
    Candidacy.objects.filter(session=session).update(status=Candidacy.Status.WITHDRAWN)
    JurySession.objects.filter(pk=session.pk).update(starts_at=timezone.now() + timedelta(minutes=1))
    with pytest.raises(services.JuryError, match="once the sitting has started"):
        services.minutes_sign(session_id=session.pk, by=sitting["school"].user)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({}, None),
        ({"signed": True}, "already signed"),
        ({"is_chair": False}, "Only the chair"),
        ({"sitting_started": False}, "once the sitting has started"),
        ({"candidates": 0, "undecided": 0}, "No candidate sat"),
        ({"undecided": 1}, "1 candidate still"),
        ({"undecided": 2}, "2 candidates still"),
    ],
)
def test_trn4_minutes_problem(kwargs, problem):
    args = {"is_chair": True, "sitting_started": True, "candidates": 2, "undecided": 0, "signed": False}
    found = rules.minutes_problem(**(args | kwargs))
    assert (found is None) if problem is None else (problem in found)


def test_trn3_the_chair_of_a_sitting_is_a_member_of_its_jury(sitting):
    outsider = JuryMemberFactory(kind=JuryMember.Kind.SCHOOL)
    session = sitting["session"]
    session.chair = outsider
    with pytest.raises(services.JuryError, match="one of its jury's members"):
        services.jury_session_save(session=session)


def test_trn4_the_chair_signs_from_the_jury_page_and_members_download_the_minutes(
    sitting, django_capture_on_commit_callbacks, client_as, make_user
):
    _award(sitting, django_capture_on_commit_callbacks)
    _refuse(sitting, django_capture_on_commit_callbacks)
    chair = sitting["school"].user
    client = client_as(chair)
    assert "Sign the minutes as chair" in client.get(reverse("juries:dashboard")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("juries:minutes_sign", args=[sitting["session"].pk]))
    assert response.status_code == 302
    minutes = SittingMinutes.objects.get()
    url = reverse("juries:minutes_download", args=[minutes.pk])
    assert url in client.get(reverse("juries:dashboard")).content.decode()
    assert client_as(sitting["industry"].user).get(url).status_code == 200
    assert client_as(make_user(Role.JURY_MEMBER)).get(url).status_code == 404
    assert client_as(sitting["candidacies"][0].enrolment.student).get(url).status_code == 404


# --- Files ------------------------------------------------------------------------------------------------


def test_trn4_a_remedial_project_is_handed_in_with_files_checked_like_a_projects(
    sitting, django_capture_on_commit_callbacks, client_as
):
    remedial = _refuse(sitting, django_capture_on_commit_callbacks).remedial_projects.get()
    student = sitting["candidacies"][1].enrolment.student
    too_big = SimpleUploadedFile("big.pdf", PDF + b"0" * (DELIVERABLE_MAX_BYTES + 1 - len(PDF)))
    with pytest.raises(services.JuryError, match="larger than 25 MB"):
        services.remedial_submit(
            remedial_id=remedial.pk, student=student, files=[too_big], declared_own_work=True
        )
    with pytest.raises(services.JuryError, match="not a PDF, a ZIP archive"):
        services.remedial_submit(
            remedial_id=remedial.pk, student=student,
            files=[SimpleUploadedFile("notes.pdf", b"just text")], declared_own_work=True,
        )  # fmt: skip
    exactly = SimpleUploadedFile("exact.pdf", PDF + b"0" * (DELIVERABLE_MAX_BYTES - len(PDF)))
    services.remedial_submit(
        remedial_id=remedial.pk, student=student, files=[exactly], declared_own_work=True
    )
    stored = remedial.deliverables.get()
    assert (stored.original_name, stored.size, stored.content_type) == (
        "exact.pdf",
        DELIVERABLE_MAX_BYTES,
        "application/pdf",
    )
    url = reverse("juries:remedial_file", args=[stored.pk])
    assert client_as(sitting["industry"].user).get(url).status_code == 200
    assert client_as(student).get(url).status_code == 200
    assert client_as(sitting["candidacies"][1].enrolment.mentor).get(url).status_code == 404
    assert client_as(sitting["candidacies"][0].enrolment.student).get(url).status_code == 404


def test_trn4_the_student_hands_in_a_remedial_project_with_a_file_from_their_page(
    sitting, django_capture_on_commit_callbacks, client_as
):
    remedial = _refuse(sitting, django_capture_on_commit_callbacks).remedial_projects.get()
    student = sitting["candidacies"][1].enrolment.student
    client = client_as(student)
    url = reverse("juries:remedial_detail", args=[remedial.pk])
    response = client.post(url, {"declared_own_work": "on"})
    assert "Hand in your work: attach files, give a link, or both." in response.content.decode()
    response = client.post(
        url, {"files": [SimpleUploadedFile("api.pdf", PDF)], "declared_own_work": "on"}, follow=True
    )
    assert "api.pdf" in response.content.decode()
    remedial.refresh_from_db()
    assert remedial.status == "submitted"


def test_trn2_jury_members_read_their_candidates_project_files_and_no_one_elses(
    sitting, client_as, make_user
):
    candidacy = sitting["candidacies"][0]
    deliverable = candidacy.enrolment.submissions.get().deliverables.get()
    record = client_as(sitting["industry"].user).get(reverse("juries:candidate_record", args=[candidacy.pk]))
    url = reverse("juries:candidate_file", args=[deliverable.pk])
    assert url in record.content.decode()
    assert client_as(sitting["industry"].user).get(url).status_code == 200
    assert client_as(make_user(Role.JURY_MEMBER)).get(url).status_code == 404
    other_jury = JuryMemberFactory(user=UserFactory(roles=[Role.JURY_MEMBER]))
    assert client_as(other_jury.user).get(url).status_code == 404
    Candidacy.objects.filter(pk=candidacy.pk).update(status=Candidacy.Status.WITHDRAWN)
    assert client_as(sitting["industry"].user).get(url).status_code == 404
    # Withdrawn from that sitting but registered at another of the same jury: read again.
    later = JurySessionFactory(jury=sitting["session"].jury)
    Candidacy.objects.create(enrolment=candidacy.enrolment, session=later)
    assert client_as(sitting["industry"].user).get(url).status_code == 200


# --- The candidate's portfolio (TRN-2) --------------------------------------------------------------------


def test_trn2_the_candidate_hands_the_portfolio_in_until_the_sitting_starts_and_not_at_its_start(sitting):
    candidacy = sitting["candidacies"][0]
    student = candidacy.enrolment.student
    starts = sitting["session"].starts_at
    with pytest.raises(services.JuryError, match="The sitting has started"):
        services.portfolio_submit(
            candidacy_id=candidacy.pk, student=student, link="https://portfolio.example.org/ada",
            declared_own_work=True, now=starts,
        )  # fmt: skip
    services.portfolio_submit(
        candidacy_id=candidacy.pk, student=student, link="https://portfolio.example.org/ada",
        files=[SimpleUploadedFile("portfolio.pdf", PDF)], declared_own_work=True,
        now=starts - timedelta(seconds=1),
    )  # fmt: skip
    candidacy.refresh_from_db()
    assert candidacy.portfolio_url == "https://portfolio.example.org/ada"
    assert candidacy.portfolio_submitted_at == starts - timedelta(seconds=1)
    assert [f.original_name for f in candidacy.portfolio_files.all()] == ["portfolio.pdf"]


def test_trn2_ip1_a_portfolio_needs_the_statement_work_and_its_own_candidate(sitting):
    candidacy = sitting["candidacies"][0]
    student, before = candidacy.enrolment.student, sitting["session"].starts_at - timedelta(hours=1)
    with pytest.raises(services.JuryError, match=r"\(IP-1\)"):
        services.portfolio_submit(
            candidacy_id=candidacy.pk, student=student, link="https://portfolio.example.org/ada",
            declared_own_work=False, now=before,
        )  # fmt: skip
    with pytest.raises(services.JuryError, match="attach files, give a link, or both"):
        services.portfolio_submit(
            candidacy_id=candidacy.pk, student=student, declared_own_work=True, now=before
        )
    with pytest.raises(services.JuryError, match="not your candidacy"):
        services.portfolio_submit(
            candidacy_id=candidacy.pk, student=sitting["candidacies"][1].enrolment.student,
            link="https://portfolio.example.org/x", declared_own_work=True, now=before,
        )  # fmt: skip
    Candidacy.objects.filter(pk=candidacy.pk).update(status=Candidacy.Status.WITHDRAWN)
    with pytest.raises(services.JuryError, match="no longer changes"):
        services.portfolio_submit(
            candidacy_id=candidacy.pk, student=student, link="https://portfolio.example.org/ada",
            declared_own_work=True, now=before,
        )  # fmt: skip
    assert not candidacy.portfolio_files.exists()


def test_trn2_the_student_hands_the_portfolio_in_from_their_page_and_the_jury_reads_it(client_as, make_user):
    jury = JuryFactory()
    JuryMemberFactory(jury=jury, kind=JuryMember.Kind.INDUSTRY)
    member = JuryMemberFactory(jury=jury, kind=JuryMember.Kind.SCHOOL)
    candidacy = Candidacy.objects.create(
        enrolment=EnrolmentFactory(path=jury.path), session=JurySessionFactory(jury=jury)
    )
    student = candidacy.enrolment.student
    client = client_as(student)
    dashboard = client.get(reverse("students:dashboard")).content.decode()
    url = reverse("juries:portfolio", args=[candidacy.pk])
    assert url in dashboard and "Hand in my portfolio" in dashboard
    response = client.post(url, {"link": "http://portfolio.example.org", "declared_own_work": "on"})
    assert "https://" in response.content.decode()
    response = client.post(
        url,
        {"files": [SimpleUploadedFile("cv-and-projects.pdf", PDF)], "declared_own_work": "on"},
        follow=True,
    )
    assert "Portfolio handed in" in response.content.decode()
    row = candidacy.portfolio_files.get()
    file_url = reverse("juries:portfolio_file", args=[row.pk])
    record = client_as(member.user).get(reverse("juries:candidate_record", args=[candidacy.pk]))
    assert file_url in record.content.decode()
    assert client_as(member.user).get(file_url).status_code == 200
    assert client_as(student).get(file_url).status_code == 200
    assert client_as(make_user(Role.JURY_MEMBER)).get(file_url).status_code == 404
    assert client_as(candidacy.enrolment.mentor).get(file_url).status_code == 404
    other = Candidacy.objects.create(enrolment=EnrolmentFactory(path=jury.path), session=candidacy.session)
    assert client_as(student).get(reverse("juries:portfolio", args=[other.pk])).status_code == 404
