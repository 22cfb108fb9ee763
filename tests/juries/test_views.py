"""TRN-2 / DIS-10: the candidate record a jury reads, with every penalty; other people cannot open it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from discipline.models import Case, Decision, Hearing
from juries.models import CandidateRecordOpening, DeclaredConflict, Verdict
from openclassrooms.accounts.roles import Role
from tests.juries.factories import CandidacyFactory, JuryMemberFactory, RemedialProjectFactory, VerdictFactory
from tests.mentoring.factories import MonitoringReportFactory
from tests.projects.factories import PathProjectFactory, PresentationFactory, SkillFactory, SubmissionFactory


def _penalty(enrolment, penalty, decided_by):
    case = Case.objects.create(
        enrolment=enrolment,
        source=Case.Source.CONDUCT,
        summary="Insults",
        opened_at=timezone.now() - timedelta(days=40),
        status=Case.Status.LETTER_SENT,
    )
    hearing = Hearing.objects.create(
        case=case,
        scheduled_start=timezone.now() - timedelta(days=30),
        video_link="https://meet.example.org/h",
        status=Hearing.Status.HELD,
    )
    return Decision.objects.create(
        case=case,
        hearing=hearing,
        penalty=penalty,
        grounds="Repeated insults.",
        decided_at=timezone.now() - timedelta(days=30),
        decided_by=decided_by,
        effective_from=timezone.localdate(),
        effective_until=timezone.localdate() + timedelta(days=30),
    )


@pytest.mark.django_db
def test_dis10_trn2_the_jury_reads_every_penalty_in_the_candidate_record(
    make_user, client_as, count_queries, django_assert_max_num_queries
):
    membership = JuryMemberFactory()
    candidacy = CandidacyFactory(session__jury=membership.jury)
    chair = make_user(Role.HEAD_OF_LEARNING)
    _penalty(candidacy.enrolment, Decision.Penalty.WARNING, chair)
    client = client_as(membership.user)
    url = reverse("juries:candidate_record", args=[candidacy.pk])
    small = count_queries(client, url)
    _penalty(candidacy.enrolment, Decision.Penalty.NONE, chair)
    for _ in range(3):
        _penalty(candidacy.enrolment, Decision.Penalty.SUSPENSION, chair)
    with django_assert_max_num_queries(16):
        large = count_queries(client, url)
    assert large == small
    page = client.get(url).content.decode()
    assert page.count("Suspension (one month)") == 3 and "Warning" in page and "No penalty" not in page


@pytest.mark.django_db
def test_trn2_only_members_of_the_candidates_jury_read_the_record(make_user, client_as):
    candidacy = CandidacyFactory()
    url = reverse("juries:candidate_record", args=[candidacy.pk])
    assert client_as(make_user(Role.JURY_MEMBER)).get(url).status_code == 404
    assert client_as(make_user(Role.MENTOR)).get(url).status_code == 403


@pytest.mark.django_db
def test_trn4_the_candidate_record_shows_the_candidacys_status_and_its_verdict(make_user, client_as):
    verdict = VerdictFactory()
    member = make_user(Role.JURY_MEMBER)
    JuryMemberFactory(jury=verdict.candidacy.session.jury, user=member)

    page = (
        client_as(member)
        .get(reverse("juries:candidate_record", args=[verdict.candidacy.pk]))
        .content.decode()
    )

    assert "Decided" in page
    assert "Diploma refused" in page and verdict.reasons in page


@pytest.mark.django_db
def test_trn3_a_jury_member_declares_a_conflict_from_the_candidate_record(client_as, make_user):
    member = JuryMemberFactory()
    candidacy = CandidacyFactory(session__jury=member.jury)
    url = reverse("juries:conflict_declare", args=[candidacy.pk])
    page = client_as(member.user).get(reverse("juries:candidate_record", args=[candidacy.pk]))
    assert url in page.content.decode()
    response = client_as(member.user).post(
        url, {"reason": "I taught them at a previous school."}, follow=True
    )
    assert "Conflict of interest declared" in response.content.decode()
    assert DeclaredConflict.objects.get().member == member
    # Another jury's member reaches nothing.
    stranger = JuryMemberFactory().user
    assert client_as(stranger).post(url, {"reason": "x"}).status_code == 404
    assert DeclaredConflict.objects.count() == 1


@pytest.mark.django_db
def test_trn4_a_panel_member_records_a_refusal_with_a_remedial_project_on_the_candidate_record(client_as):
    member = JuryMemberFactory()
    candidacy = CandidacyFactory(
        session__jury=member.jury, session__starts_at=timezone.now() - timedelta(hours=1)
    )
    skill = SkillFactory(
        project=PathProjectFactory(path=candidacy.enrolment.path).project, name="Test an API"
    )
    url = reverse("juries:candidate_record", args=[candidacy.pk])
    client = client_as(member.user)
    refused = {"decision": "refused", "reasons": "No tests.", "skills": [skill.pk]}
    page = client.post(url, refused).content.decode()  # no remedial project: refused, what was typed kept
    assert "Set one remedial project at least" in page and "No tests." in page
    response = client.post(url, refused | {"remedial_title": "Test the API", "remedial_brief": "Cover it."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Diploma refused" in page and "Test an API" in page and "Test the API" in page
    assert "Record the verdict" not in page
    assert client.post(url, {"decision": "awarded"}).status_code == 200  # final: nothing changes
    assert Verdict.objects.get().decision == "refused"


@pytest.mark.django_db
def test_trn4_the_student_hands_in_a_remedial_project_and_a_jury_member_approves_it_in_the_pages(client_as):
    member = JuryMemberFactory()
    verdict = VerdictFactory(candidacy__session__jury=member.jury, decided_by=member.user)
    remedial = RemedialProjectFactory(verdict=verdict, title="Secure the API")
    student = verdict.candidacy.enrolment.student
    url = reverse("juries:remedial_detail", args=[remedial.pk])
    assert url in client_as(student).get(reverse("students:dashboard")).content.decode()
    page = client_as(student).post(url, {"link": "https://git.example.org/r"}).content.decode()
    assert "State that the work is your own" in page  # IP-1, the link kept
    client_as(student).post(url, {"link": "https://git.example.org/r", "declared_own_work": "on"})
    remedial.refresh_from_db()
    assert remedial.status == "submitted"
    review = reverse("juries:remedial_review", args=[remedial.pk])
    mentor = verdict.candidacy.enrolment.mentor
    assert client_as(mentor).post(review, {"decision": "approve"}).status_code == 403  # not a jury member
    record = reverse("juries:candidate_record", args=[verdict.candidacy.pk])
    assert review in client_as(member.user).get(record).content.decode()
    client_as(member.user).post(review, {"decision": "approve"})
    remedial.refresh_from_db()
    assert (remedial.status, remedial.approved_by) == ("approved", member.user)
    assert client_as(JuryMemberFactory().user).get(url).status_code == 403  # students' page only


@pytest.mark.django_db
def test_trn2_every_opening_of_a_candidate_record_is_kept_and_the_student_sees_their_candidacy(client_as):
    member = JuryMemberFactory()
    verdict = VerdictFactory(candidacy__session__jury=member.jury, decided_by=member.user)
    candidacy = verdict.candidacy
    url = reverse("juries:candidate_record", args=[candidacy.pk])
    client_as(member.user).get(url)
    page = client_as(member.user).get(url).content.decode()
    assert CandidateRecordOpening.objects.filter(candidacy=candidacy, opened_by=member.user).count() == 2
    assert "Who opened this record" in page
    assert client_as(JuryMemberFactory().user).get(url).status_code == 404
    assert CandidateRecordOpening.objects.count() == 2  # a refused opening is not one
    student_page = client_as(candidacy.enrolment.student).get(reverse("students:dashboard")).content.decode()
    assert "Before a jury" in student_page and "Diploma refused" in student_page


@pytest.mark.django_db
def test_trn2_the_candidate_record_issues_constant_queries(
    client_as, count_queries, django_assert_max_num_queries
):
    member = JuryMemberFactory()
    verdict = VerdictFactory(candidacy__session__jury=member.jury, decided_by=member.user)
    candidacy = verdict.candidacy
    enrolment = candidacy.enrolment

    def grow(n):
        for _ in range(n):
            MonitoringReportFactory(enrolment=enrolment, status="submitted", submitted_at=timezone.now())
            PresentationFactory(submission=SubmissionFactory(enrolment=enrolment))
            RemedialProjectFactory(verdict=verdict)
            _penalty(enrolment, Decision.Penalty.WARNING, member.user)

    client = client_as(member.user)
    url = reverse("juries:candidate_record", args=[candidacy.pk])
    grow(1)
    small = count_queries(client, url)
    grow(5)
    with django_assert_max_num_queries(small):
        count_queries(client, url)
