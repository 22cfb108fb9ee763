"""Who viewed what (#14, first part): every opening of a case file, a letter, a proof document, a candidate
record or a student's record by anyone other than the student is kept — who, when, what, from which page —
append-only; the student reads on their case page who opened it, by role, never by name."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from openclassrooms.accounts.roles import Role
from openclassrooms.core.models import AccessLog
from tests.discipline.factories import CaseFactory, DecisionFactory, LetterFactory
from tests.juries.factories import CandidacyFactory, JuryMemberFactory
from tests.students.factories import DocumentFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_a_board_members_opening_of_a_case_file_and_its_letter_is_kept_and_the_student_sees_it_by_role(
    make_user, client_as
):
    head = make_user(Role.HEAD_OF_LEARNING, first_name="Hélène", last_name="Garnier")
    decision = DecisionFactory()
    case = decision.case
    letter = LetterFactory(decision=decision)
    letter.pdf.save("letter.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    client = client_as(head)
    assert client.get(reverse("discipline:case_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("discipline:letter_download", args=[case.pk])).status_code == 200
    rows = list(AccessLog.objects.order_by("viewed_at").values_list("viewer", "student", "what", "page"))
    student = case.enrolment.student
    assert rows == [
        (head.pk, student.pk, "case", reverse("discipline:case_detail", args=[case.pk])),
        (head.pk, student.pk, "letter", reverse("discipline:letter_download", args=[case.pk])),
    ]
    student_client = client_as(student)
    assert student_client.get(reverse("discipline:letter_download", args=[case.pk])).status_code == 200
    page = student_client.get(reverse("discipline:my_case", args=[case.pk])).content.decode()
    assert AccessLog.objects.count() == 2  # the student's own views are not logged
    assert page.count("Head of Learning — ") == 2 and "Garnier" not in page


def test_openings_of_a_proof_a_candidate_record_and_a_students_record_are_kept(make_user, client_as):
    success = make_user(Role.STUDENT_SUCCESS)
    document = DocumentFactory()
    client = client_as(success)
    assert client.get(reverse("students:document", args=[document.pk])).status_code == 200
    enrolment = EnrolmentFactory()
    assert client.get(reverse("admin:students_enrolment_change", args=[enrolment.pk])).status_code == 200
    member = JuryMemberFactory()
    candidacy = CandidacyFactory(session__jury=member.jury)
    assert (
        client_as(member.user).get(reverse("juries:candidate_record", args=[candidacy.pk])).status_code == 200
    )
    assert sorted(AccessLog.objects.values_list("what", "student", "viewer")) == sorted(
        [
            ("document", document.student_id, success.pk),
            ("student_record", enrolment.student_id, success.pk),
            ("candidate_record", candidacy.enrolment.student_id, member.user_id),
        ]
    )


def test_student_success_reads_the_access_log_in_the_admin_and_nobody_writes_it(make_user, client_as):
    success = make_user(Role.STUDENT_SUCCESS)
    CaseFactory()
    client = client_as(success)
    assert client.get(reverse("admin:core_accesslog_changelist")).status_code == 200
    assert client.get(reverse("admin:core_accesslog_add")).status_code == 403
    assert client_as(make_user(Role.MENTOR)).get(reverse("admin:core_accesslog_changelist")).status_code in (
        302,
        403,
    )
