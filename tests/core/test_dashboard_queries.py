"""Every dashboard issues a constant number of queries, however many rows it lists."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from discipline.models import BoardSeat, Case, Hearing
from impact.models import AnnualReport, BoardRequest
from mentoring.models import AbsenceFollowUp, MentoringSession
from openclassrooms.accounts.roles import Role
from projects.models import Submission
from students.models import Accommodation, RequestStatus, SuspensionRequest, TerminationRequest
from tests.discipline.factories import CaseFactory
from tests.impact.factories import BoardRequestFactory, CommitteeMemberFactory, MeasurementFactory
from tests.juries.factories import CandidacyFactory, JuryMemberFactory, JurySessionFactory
from tests.mentoring.factories import SessionFactory
from tests.projects.factories import PathProjectFactory, SkillAssessmentFactory, SubmissionFactory
from tests.students.factories import EnrolmentFactory, EnrolmentFundingFactory

# The most any dashboard may issue (session, user, groups, then its own lists; the student's page reads 21
# lists — the jury's candidacies and remedial projects among them —, its weekly session, TRN-1's path,
# skills, submissions, presentations and skills acquired, and the state of their last copy of their data).
MAX_QUERIES = 25


def _assert_constant(client, url, grow, count_queries, django_assert_max_num_queries):
    grow(1)
    small = count_queries(client, url)
    grow(6)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = count_queries(client, url)
    assert large == small


def _logged_unauthorised(enrolment, start):
    return SessionFactory(
        enrolment=enrolment,
        scheduled_start=start,
        status=MentoringSession.Status.LOGGED,
        attendance=MentoringSession.Attendance.NO_SHOW,
        outcome=MentoringSession.Outcome.UNAUTHORISED,
        absence_reason=MentoringSession.AbsenceReason.NO_NOTICE,
        rule="ATT-4",
    )


@pytest.mark.django_db
def test_student_dashboard_queries_are_constant(
    make_user, client_as, count_queries, django_assert_max_num_queries
):
    enrolment = EnrolmentFactory()
    EnrolmentFundingFactory(enrolment=enrolment)
    now = timezone.now()

    def grow(n):
        for i in range(n):
            SessionFactory(enrolment=enrolment, scheduled_start=now + timedelta(days=7 * (i + 1)))
            missed = _logged_unauthorised(enrolment, now - timedelta(days=7 * (i + 1), hours=i))
            AbsenceFollowUp.objects.create(
                session=missed, due_at=missed.scheduled_start + timedelta(hours=48)
            )
            SubmissionFactory(enrolment=enrolment, status=Submission.Status.SUBMITTED)
            CaseFactory(enrolment=enrolment)
            # TRN-1: an in-depth project of the path, presented, with a skill acquired.
            project = PathProjectFactory(path=enrolment.path, project__in_depth=True).project
            SkillAssessmentFactory(
                presentation__submission=SubmissionFactory(
                    enrolment=enrolment, project=project, status=Submission.Status.PRESENTATION_SCHEDULED
                )
            )

    _assert_constant(
        client_as(enrolment.student),
        reverse("students:dashboard"),
        grow,
        count_queries,
        django_assert_max_num_queries,
    )


@pytest.mark.django_db
def test_mentor_dashboard_queries_are_constant(
    make_user, client_as, count_queries, django_assert_max_num_queries
):
    mentor = make_user(Role.MENTOR)
    now = timezone.now()

    def grow(n):
        for _ in range(n):
            enrolment = EnrolmentFactory(mentor=mentor)
            Accommodation.objects.create(enrolment=enrolment, status=Accommodation.Status.PENDING)
            SessionFactory(enrolment=enrolment, scheduled_start=now)
            SessionFactory(enrolment=enrolment, scheduled_start=now - timedelta(hours=5))
            SubmissionFactory(enrolment=enrolment, status=Submission.Status.SUBMITTED, submitted_at=now)
            SubmissionFactory(enrolment=enrolment, status=Submission.Status.APPROVED)

    _assert_constant(
        client_as(mentor), reverse("mentoring:dashboard"), grow, count_queries, django_assert_max_num_queries
    )


@pytest.mark.django_db
def test_success_dashboard_queries_are_constant(
    make_user, client_as, count_queries, django_assert_max_num_queries
):
    staff = make_user(Role.STUDENT_SUCCESS)
    now = timezone.now()

    def grow(n):
        for _ in range(n):
            enrolment = EnrolmentFactory()
            SuspensionRequest.objects.create(
                enrolment=enrolment,
                reason="Surgery",
                submitted_at=now,
                starts_on=date.today(),
                ends_on=date.today() + timedelta(days=20),
                status=RequestStatus.SUBMITTED,
            )
            TerminationRequest.objects.create(
                enrolment=enrolment, reason="New job", submitted_at=now, effective_on=date.today()
            )
            Accommodation.objects.create(enrolment=enrolment)
            SessionFactory(enrolment=enrolment, scheduled_start=now - timedelta(days=3))
            CaseFactory(enrolment=enrolment)

    _assert_constant(
        client_as(staff),
        reverse("students:success_dashboard"),
        grow,
        count_queries,
        django_assert_max_num_queries,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.HEAD_OF_LEARNING, Role.LEARNING_MANAGER])
def test_board_dashboard_queries_are_constant(
    role, make_user, client_as, count_queries, django_assert_max_num_queries
):
    member = make_user(role)

    def grow(n):
        for _ in range(n):
            case = CaseFactory(status=Case.Status.HEARING_SCHEDULED)
            BoardSeat.objects.create(case=case, user=member, role=BoardSeat.Role.LEARNING_MANAGER)
            Hearing.objects.create(
                case=case,
                scheduled_start=timezone.now() + timedelta(days=5),
                video_link="https://meet.example.org/h",
            )

    _assert_constant(
        client_as(member), reverse("discipline:dashboard"), grow, count_queries, django_assert_max_num_queries
    )


@pytest.mark.django_db
def test_jury_dashboard_queries_are_constant(
    make_user, client_as, count_queries, django_assert_max_num_queries
):
    juror = make_user(Role.JURY_MEMBER)

    def grow(n):
        for _ in range(n):
            membership = JuryMemberFactory(user=juror)
            session = JurySessionFactory(jury=membership.jury)
            CandidacyFactory(session=session)
            CandidacyFactory(session=session)

    _assert_constant(
        client_as(juror), reverse("juries:dashboard"), grow, count_queries, django_assert_max_num_queries
    )


@pytest.mark.django_db
def test_committee_dashboard_queries_are_constant(
    make_user, client_as, count_queries, django_assert_max_num_queries
):
    member = CommitteeMemberFactory()
    year = iter(range(2000, 2100))

    def grow(n):
        for _ in range(n):
            MeasurementFactory()
            BoardRequestFactory(sent_by=member)
            AnnualReport.objects.create(year=next(year), title="Report", summary="…")

    _assert_constant(
        client_as(member.user),
        reverse("impact:dashboard"),
        grow,
        count_queries,
        django_assert_max_num_queries,
    )


@pytest.mark.django_db
def test_company_board_dashboard_queries_are_constant(
    make_user, client_as, count_queries, django_assert_max_num_queries
):
    board = make_user(Role.BOARD_MEMBER)

    def grow(n):
        for _ in range(n):
            BoardRequestFactory()
            BoardRequestFactory(
                status=BoardRequest.Status.ANSWERED,
                answer="Done.",
                answered_by=board,
                answered_at=timezone.now(),
            )

    _assert_constant(
        client_as(board),
        reverse("impact:board_dashboard"),
        grow,
        count_queries,
        django_assert_max_num_queries,
    )
