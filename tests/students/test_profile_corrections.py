"""Corrections of a student's profile (GDPR art. 16): the services, the student's page, Student Success's
admin and dashboard, and the e-mail of the decision.

The student asks on their profile page (their training under way or over); Student Success accepts or
refuses with a reason on the *decide* page; accepting changes the user through ``accounts.services``, and
the user's history names the request and the reason. Services get an explicit ``now``.
"""

import html
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from openclassrooms.accounts import services as account_services
from openclassrooms.accounts.roles import Role
from openclassrooms.core.models import OutboundEmail
from openclassrooms.core.services import email_deliver
from students.models import Enrolment, ProfileCorrection
from students.rules import correction_answer_by
from students.services import RequestError, profile_correction_decide, profile_correction_request
from tests.students.factories import EnrolmentFactory, ProfileCorrectionFactory
from tests.utils import committed

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=3)
ADDRESS = "12 rue des Lilas\n69003 Lyon"
NOT_STUDENTS = [r for r in Role.values if r != Role.STUDENT]


@pytest.fixture
def student(make_user):
    return make_user(Role.STUDENT, first_name="Lea", last_name="Martin", phone="06 12 34 56 78")


@pytest.fixture
def success(make_user):
    return make_user(Role.STUDENT_SUCCESS)


def _ask(student, field="first_name", value="Léa", explanation="My name has an accent.", now=NOW):
    return profile_correction_request(
        student=student, field=field, value=value, explanation=explanation, now=now
    )


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Asking ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_keeps_the_value_of_the_moment_and_the_value_asked_for_cleaned(student):
    correction = _ask(student, field="postal_address", value="  12 rue des Lilas \r\n\r\n69003  Lyon ")

    assert correction.status == ProfileCorrection.Status.PENDING
    assert correction.value_before == student.postal_address
    assert correction.value_asked == ADDRESS
    assert correction.requested_at == NOW
    assert correction.explanation == "My name has an accent."
    first = correction.history.order_by("history_id").first()
    assert first.history_user == student and "GDPR art. 16" in first.history_change_reason


@pytest.mark.django_db
def test_student_success_is_told_of_a_request_with_the_day_to_answer_by(student):
    correction = _ask(student)
    email = OutboundEmail.objects.get(key=f"profile-correction-asked:{correction.pk}")
    assert email.to == [settings.STUDENT_SUCCESS_EMAIL]
    assert "Answer by Wednesday 2 December 2026" in email.body
    assert reverse("admin:students_profilecorrection_decide", args=[correction.pk]) in email.body
    assert "Léa" not in email.body  # the value asked for stays in the admin


@pytest.mark.django_db
def test_asking_for_the_value_the_profile_holds_is_refused(student):
    with pytest.raises(RequestError, match="Your profile already says this"):
        _ask(student, value="Lea")
    assert not ProfileCorrection.objects.exists()


@pytest.mark.django_db
def test_asking_for_a_blank_name_is_refused(student):
    with pytest.raises(RequestError, match="A name cannot be empty"):
        _ask(student, value="   ")
    assert not ProfileCorrection.objects.exists()


@pytest.mark.django_db
def test_a_request_without_an_explanation_is_refused(student):
    with pytest.raises(RequestError, match="Say in a few words what is wrong"):
        _ask(student, explanation="  ")
    assert not ProfileCorrection.objects.exists()


@pytest.mark.django_db
def test_an_explanation_of_2000_characters_is_kept_and_of_2001_refused(student):
    with pytest.raises(RequestError, match="An explanation is 2,000 characters at most."):
        _ask(student, explanation="x" * 2001)
    assert _ask(student, explanation="x" * 2000).explanation == "x" * 2000


@pytest.mark.django_db
def test_a_reason_of_2000_characters_is_kept_and_of_2001_refused(student, success):
    correction = _ask(student)
    with pytest.raises(RequestError, match="A reason is 2,000 characters at most."):
        profile_correction_decide(correction_id=correction.pk, by=success, accept=False, reason="x" * 2001)
    decided = profile_correction_decide(
        correction_id=correction.pk, by=success, accept=False, reason="x" * 2000
    )
    assert decided.reason == "x" * 2000


@pytest.mark.django_db
def test_a_second_request_on_a_detail_waiting_for_an_answer_is_refused_another_detail_is_not(student):
    _ask(student)
    with pytest.raises(RequestError, match="You already asked for a correction of this detail"):
        _ask(student, value="Léa-Rose")
    _ask(student, field="phone", value="+33 6 98 76 54 32")
    assert ProfileCorrection.objects.filter(student=student).count() == 2


@pytest.mark.django_db
def test_once_answered_the_same_detail_can_be_asked_again(student, success):
    first = _ask(student)
    profile_correction_decide(
        correction_id=first.pk, by=success, accept=False, reason="Show an ID.", now=LATER
    )
    second = _ask(student, now=LATER)
    assert second.status == ProfileCorrection.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Enrolment.Status.TERMINATED, Enrolment.Status.COMPLETED])
def test_a_student_whose_training_ended_may_ask(status):
    enrolment = EnrolmentFactory(status=status, ended_on=timezone.localdate())
    correction = _ask(enrolment.student)
    assert correction.student == enrolment.student


@pytest.mark.django_db
def test_the_database_keeps_one_waiting_request_per_detail_a_changed_value_and_a_reasoned_decision(student):
    ProfileCorrectionFactory(student=student)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileCorrectionFactory(student=student)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileCorrectionFactory(student=student, field="last_name", value_asked="Martin")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileCorrection.objects.filter(student=student).update(decided_at=NOW)  # decided without a reason


# --- Deciding -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_accepting_corrects_the_profile_and_its_history_names_the_request_and_the_reason(student, success):
    correction = _ask(student, field="phone", value="+33 6 98 76 54 32")

    decided = profile_correction_decide(
        correction_id=correction.pk, by=success, accept=True, reason="Checked with the student.", now=LATER
    )

    student.refresh_from_db()
    assert student.phone == "+33 6 98 76 54 32"
    assert decided.status == ProfileCorrection.Status.ACCEPTED
    assert (decided.decided_by, decided.decided_at, decided.reason) == (
        success,
        LATER,
        "Checked with the student.",
    )
    *_, before, change = student.history.order_by("history_id")
    assert change.history_user == success
    assert change.history_date == LATER
    assert f"profile correction #{correction.pk}" in change.history_change_reason
    assert "GDPR art. 16" in change.history_change_reason
    assert change.history_change_reason.endswith("Checked with the student.")
    assert (before.phone, change.phone) == ("06 12 34 56 78", "+33 6 98 76 54 32")
    assert (
        correction.history.order_by("history_id").last().history_change_reason == "Accepted (GDPR art. 16)."
    )


@pytest.mark.django_db
def test_refusing_keeps_the_profile_as_it_was(student, success):
    correction = _ask(student, field="last_name", value="Martins")
    history = student.history.count()

    profile_correction_decide(
        correction_id=correction.pk, by=success, accept=False, reason="Your ID says Martin.", now=LATER
    )

    student.refresh_from_db()
    assert student.last_name == "Martin"
    assert student.history.count() == history
    correction.refresh_from_db()
    assert correction.status == ProfileCorrection.Status.REFUSED
    assert correction.reason == "Your ID says Martin." and correction.decided_by == success


@pytest.mark.django_db
@pytest.mark.parametrize("accept", [True, False], ids=["accept", "refuse"])
def test_a_decision_needs_a_reason(student, success, accept):
    correction = _ask(student)
    with pytest.raises(RequestError, match="Give the reason for the decision"):
        profile_correction_decide(
            correction_id=correction.pk, by=success, accept=accept, reason=" \n ", now=LATER
        )
    correction.refresh_from_db()
    student.refresh_from_db()
    assert correction.status == ProfileCorrection.Status.PENDING and correction.decided_at is None
    assert student.first_name == "Lea"


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second"), [(True, False), (False, True), (True, True)])
def test_a_decided_request_is_not_decided_again(student, success, first, second):
    correction = _ask(student)
    profile_correction_decide(
        correction_id=correction.pk, by=success, accept=first, reason="Done.", now=LATER
    )
    with pytest.raises(RequestError, match="This correction is already decided."):
        profile_correction_decide(correction_id=correction.pk, by=success, accept=second, reason="Again.")
    correction.refresh_from_db()
    assert correction.reason == "Done." and correction.decided_at == LATER


@pytest.mark.django_db
def test_a_detail_changed_since_the_request_is_not_overwritten(student, success, make_user):
    correction = _ask(student, field="phone", value="+33 6 98 76 54 32")
    account_services.user_profile_update(
        user_id=student.pk,
        field="phone",
        value="07 00 00 00 01",
        by=make_user(Role.STUDENT_SUCCESS),
        reason="Phoned.",
    )

    with pytest.raises(RequestError) as refusal:
        profile_correction_decide(
            correction_id=correction.pk, by=success, accept=True, reason="OK.", now=LATER
        )

    assert str(refusal.value) == (
        "The student's phone number changed since they asked (it now reads “07 00 00 00 01”): nothing was "
        "overwritten. Refuse this request, saying so, and the student can ask again."
    )
    student.refresh_from_db()
    correction.refresh_from_db()
    assert student.phone == "07 00 00 00 01"
    assert correction.status == ProfileCorrection.Status.PENDING
    profile_correction_decide(
        correction_id=correction.pk,
        by=success,
        accept=False,
        reason="Your number changed meanwhile.",
        now=LATER,
    )
    correction.refresh_from_db()
    assert correction.status == ProfileCorrection.Status.REFUSED


@pytest.mark.django_db
def test_the_accounts_service_changes_only_profile_details(student, success):
    with pytest.raises(account_services.AccountError, match="cannot be corrected this way"):
        account_services.user_profile_update(
            user_id=student.pk, field="is_superuser", value=True, by=success, reason="No."
        )
    student.refresh_from_db()
    assert not student.is_superuser


# --- The e-mail of the decision, exactly once -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "subject", "sentence"),
    [
        (True, "Your profile is corrected", "was accepted: your profile now reads what you asked for."),
        (False, "Your correction request was refused", "was refused: your profile is unchanged."),
    ],
)
def test_the_student_is_emailed_the_decision_with_its_reason_once(
    student, success, accept, subject, sentence
):
    correction = _ask(student)
    mail.outbox.clear()

    with committed():
        profile_correction_decide(
            correction_id=correction.pk, by=success, accept=accept, reason="Seen your ID card.", now=LATER
        )
    with pytest.raises(RequestError), committed():
        profile_correction_decide(correction_id=correction.pk, by=success, accept=accept, reason="Twice.")

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [student.email] and sent.subject == subject
    assert f"Your request of 2 November 2026 to correct your first name {sentence}" in sent.body
    assert "Reason: Seen your ID card." in sent.body
    assert reverse("students:profile") in sent.body
    email = OutboundEmail.objects.get(key=f"profile-correction-decided:{correction.pk}")
    assert email_deliver(email_id=email.pk) is False  # a task run again sends nothing
    assert len(mail.outbox) == 1


# --- The student's profile page -------------------------------------------------------------------------

PROFILE = "students:profile"


@pytest.mark.django_db
def test_the_profile_page_shows_the_details_the_form_and_the_requests_with_their_answers(
    student, success, client_as
):
    refused = _ask(student, field="last_name", value="Martins", now=NOW - timedelta(days=40))
    profile_correction_decide(
        correction_id=refused.pk, by=success, accept=False, reason="Your ID says Martin."
    )
    _ask(student, field="phone", value="+33 6 98 76 54 32")

    response = client_as(student).get(reverse(PROFILE))

    assert response.status_code == 200
    page = _text(response)
    assert "06 12 34 56 78" in page and student.email in page
    assert student.postal_address.replace("\n", "<br>") in page
    assert 'name="field"' in page and 'name="value"' in page and 'name="explanation"' in page
    assert "Your ID says Martin." in page
    assert "Refused" in page and "Waiting for Student Success" in page
    assert reverse("students:profile_correction", args=[refused.pk]) in page
    assert success.get_full_name() not in page  # the student reads "Student Success", not who


@pytest.mark.django_db
def test_the_student_asks_for_a_correction_from_the_page(student, client_as):
    client = client_as(student)
    response = client.post(
        reverse(PROFILE), {"field": "postal_address", "value": ADDRESS, "explanation": "I moved."}
    )
    assert response.status_code == 302 and response["Location"] == reverse(PROFILE)
    correction = ProfileCorrection.objects.get(student=student)
    assert correction.value_asked == ADDRESS and correction.value_before == student.postal_address
    assert _messages(response) == [
        "Your request is sent to Student Success, who answer within a month (GDPR art. 12)."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("posted", "error"),
    [
        ({"field": "first_name", "value": " Lea ", "explanation": "x"}, "Your profile already says this"),
        ({"field": "first_name", "value": "", "explanation": "x"}, "A name cannot be empty"),
        ({"field": "phone", "value": "123", "explanation": "x"}, "A phone number has 8 to 15 digits"),
        ({"field": "postal_address", "value": "Lyon", "explanation": "x"}, "Write the street on one line"),
        ({"field": "first_name", "value": "Léa", "explanation": ""}, "Say in a few words what is wrong"),
        ({"field": "email", "value": "a@example.org", "explanation": "x"}, "Select a valid choice"),
    ],
    ids=["same", "blank-name", "short-phone", "one-line-address", "no-explanation", "not-a-detail"],
)
def test_a_wrong_request_is_answered_beside_the_field_in_words_and_nothing_is_sent(
    student, client_as, posted, error
):
    response = client_as(student).post(reverse(PROFILE), posted)
    assert response.status_code == 200
    page = _text(response)
    assert error in page
    assert page.count('class="errorlist') == 1
    assert "profilecorrection_" not in page
    assert not ProfileCorrection.objects.exists()


@pytest.mark.django_db
def test_a_second_request_on_a_waiting_detail_is_refused_on_the_page(student, client_as):
    _ask(student)
    response = client_as(student).post(
        reverse(PROFILE), {"field": "first_name", "value": "Léana", "explanation": "Typo."}
    )
    assert response.status_code == 200
    assert "You already asked for a correction of this detail" in _text(response)
    assert ProfileCorrection.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Enrolment.Status.TERMINATED, Enrolment.Status.EXCLUDED])
def test_a_student_whose_training_ended_finds_the_page_from_the_dashboard_and_asks(client_as, status):
    enrolment = EnrolmentFactory(status=status, ended_on=timezone.localdate())
    client = client_as(enrolment.student)
    assert reverse(PROFILE) in _text(client.get(reverse("students:dashboard")))
    response = client.post(
        reverse(PROFILE), {"field": "last_name", "value": "Nouveau", "explanation": "Married."}
    )
    assert response.status_code == 302
    assert ProfileCorrection.objects.filter(student=enrolment.student).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_STUDENTS)
def test_the_profile_page_belongs_to_students(make_user, client_as, role):
    assert client_as(make_user(role)).get(reverse(PROFILE)).status_code == 403


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(reverse(PROFILE))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_the_student_reads_their_own_request(student, success, client_as):
    correction = _ask(student, field="postal_address", value=ADDRESS)
    profile_correction_decide(correction_id=correction.pk, by=success, accept=True, reason="Proof seen.")
    response = client_as(student).get(reverse("students:profile_correction", args=[correction.pk]))
    assert response.status_code == 200
    page = _text(response)
    assert (
        "12 rue des Lilas<br>69003 Lyon" in page
        and "Proof seen." in page
        and "My name has an accent." in page
    )
    assert "Accepted: corrected, by Student Success on" in page


@pytest.mark.django_db
def test_another_students_request_is_404_like_a_missing_one(student, client_as):
    theirs = ProfileCorrectionFactory()
    client = client_as(student)
    assert client.get(reverse("students:profile_correction", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("students:profile_correction", args=[theirs.pk + 1000])).status_code == 404


@pytest.mark.django_db
def test_the_profile_page_query_count_is_constant(
    student, success, client_as, count_queries, django_assert_max_num_queries
):
    client = client_as(student)
    fields = ["first_name", "last_name", "phone", "postal_address", "time_zone"]
    values = ["Léa", "Martins", "+33 6 98 76 54 32", ADDRESS, "Europe/Brussels"]

    def add(n):
        for i in range(n):
            field = fields[i % len(fields)]
            correction = ProfileCorrectionFactory(
                student=student, field=field, value_asked=values[i % len(fields)], requested_at=NOW
            )
            profile_correction_decide(
                correction_id=correction.pk, by=success, accept=False, reason=f"No {i}."
            )

    add(1)
    one = count_queries(client, reverse(PROFILE))
    add(8)
    nine = count_queries(client, reverse(PROFILE))
    assert nine == one
    with django_assert_max_num_queries(one):
        response = client.get(reverse(PROFILE))
    assert len(response.context["corrections"]) == 9


# --- Student Success: the admin, the decide page, the dashboard and the queue ------------------------------


def _decide_url(correction) -> str:
    return reverse("admin:students_profilecorrection_decide", args=[correction.pk])


@pytest.mark.django_db
def test_student_success_accepts_on_the_decide_page(student, success, client_as):
    correction = _ask(student, field="postal_address", value=ADDRESS)
    client = client_as(success)
    page = _text(client.get(_decide_url(correction)))
    assert "12 rue des Lilas<br>69003 Lyon" in page and "My name has an accent." in page
    assert "Changed since the request" not in page

    response = client.post(
        _decide_url(correction), {"decision": "accept", "reason": "Proof of address seen."}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:students_profilecorrection_change", args=[correction.pk])
    assert _messages(response) == ["Accepted: the student's postal address is corrected; they are told why."]
    student.refresh_from_db()
    assert student.postal_address == ADDRESS
    assert student.history.order_by("history_id").last().history_user == success


@pytest.mark.django_db
def test_the_decide_page_asks_for_the_reason_in_words(student, success, client_as):
    correction = _ask(student)
    response = client_as(success).post(_decide_url(correction), {"decision": "refuse", "reason": ""})
    assert response.status_code == 200
    assert "Give the reason for the decision: the student reads it." in _text(response)
    correction.refresh_from_db()
    assert correction.status == ProfileCorrection.Status.PENDING


@pytest.mark.django_db
def test_the_decide_page_shows_the_services_refusal_of_a_stale_value(student, success, client_as):
    correction = _ask(student, field="phone", value="+33 6 98 76 54 32")
    account_services.user_profile_update(
        user_id=student.pk, field="phone", value="", by=success, reason="Removed."
    )
    client = client_as(success)
    assert "Changed since the request" in _text(client.get(_decide_url(correction)))

    response = client.post(_decide_url(correction), {"decision": "accept", "reason": "OK."})

    assert response.status_code == 200
    assert "changed since they asked (it now reads “—”): nothing was overwritten" in _text(response)
    student.refresh_from_db()
    correction.refresh_from_db()
    assert student.phone == "" and correction.status == ProfileCorrection.Status.PENDING


@pytest.mark.django_db
def test_a_decided_request_has_no_decide_page(student, success, client_as):
    correction = _ask(student)
    profile_correction_decide(correction_id=correction.pk, by=success, accept=False, reason="No.")
    assert client_as(success).get(_decide_url(correction)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.STUDENT, Role.MENTOR, Role.JURY_MEMBER, Role.BOARD_MEMBER])
def test_people_outside_the_admin_cannot_decide(student, make_user, client_as, role):
    correction = _ask(student)
    response = client_as(make_user(role)).post(
        _decide_url(correction), {"decision": "accept", "reason": "Me."}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    correction.refresh_from_db()
    assert correction.status == ProfileCorrection.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LEARNING_MANAGER, Role.HEAD_OF_LEARNING, Role.IMPACT_COMMITTEE])
def test_other_staff_cannot_decide(student, make_user, client_as, role):
    correction = _ask(student)
    response = client_as(make_user(role)).post(
        _decide_url(correction), {"decision": "accept", "reason": "Me."}
    )
    assert response.status_code == 403
    correction.refresh_from_db()
    student.refresh_from_db()
    assert correction.status == ProfileCorrection.Status.PENDING and student.first_name == "Lea"


@pytest.mark.django_db
def test_student_success_cannot_add_or_edit_a_request(student, success, client_as):
    correction = _ask(student)
    client = client_as(success)
    assert client.get(reverse("admin:students_profilecorrection_add")).status_code == 403
    page = _text(client.get(reverse("admin:students_profilecorrection_change", args=[correction.pk])))
    assert 'name="value_asked"' not in page and 'name="status"' not in page
    assert _decide_url(correction) in page


@pytest.mark.django_db
def test_the_list_shows_waiting_requests_first_the_oldest_at_the_top(success, client_as):
    decided_recent = ProfileCorrectionFactory(requested_at=NOW)
    profile_correction_decide(correction_id=decided_recent.pk, by=success, accept=False, reason="No.")
    decided_old = ProfileCorrectionFactory(requested_at=NOW - timedelta(days=9))
    profile_correction_decide(correction_id=decided_old.pk, by=success, accept=False, reason="No.")
    waiting_new = ProfileCorrectionFactory(requested_at=NOW - timedelta(days=1))
    waiting_old = ProfileCorrectionFactory(requested_at=NOW - timedelta(days=5))

    response = client_as(success).get(reverse("admin:students_profilecorrection_changelist"))

    assert [c.pk for c in response.context["cl"].result_list] == [
        waiting_old.pk,
        waiting_new.pk,
        decided_recent.pk,
        decided_old.pk,
    ]


@pytest.mark.django_db
def test_the_admin_list_query_count_is_constant(
    success, client_as, count_queries, django_assert_max_num_queries
):
    client = client_as(success)

    def add(n):
        for _ in range(n):
            correction = ProfileCorrectionFactory()
            profile_correction_decide(correction_id=correction.pk, by=success, accept=True, reason="Yes.")
            ProfileCorrectionFactory()

    add(1)
    one = count_queries(client, reverse("admin:students_profilecorrection_changelist"))
    add(5)
    six = count_queries(client, reverse("admin:students_profilecorrection_changelist"))
    assert six == one
    with django_assert_max_num_queries(one):
        response = client.get(reverse("admin:students_profilecorrection_changelist"))
    assert response.context["cl"].result_count == 12


@pytest.mark.django_db
def test_the_dashboard_and_the_queue_list_waiting_corrections_with_the_day_to_answer_by(
    student, success, client_as
):
    waiting = _ask(student, now=timezone.now() - timedelta(days=3))
    decided = _ask(student, field="phone", value="+33 6 98 76 54 32")
    profile_correction_decide(correction_id=decided.pk, by=success, accept=False, reason="No.")
    client = client_as(success)

    dashboard = client.get(reverse("students:success_dashboard"))
    assert dashboard.context["waiting_counts"]["corrections"] == 1
    assert _decide_url(waiting) in _text(dashboard) and _decide_url(decided) not in _text(dashboard)

    queue = _text(client.get(reverse("admin:students_queue")))
    answer_by = correction_answer_by(timezone.localdate(waiting.requested_at))
    assert _decide_url(waiting) in queue and _decide_url(decided) not in queue
    assert "Profile correction" in queue and str(student) in queue
    assert "First name (GDPR art. 16)" in queue
    assert f"answer by {answer_by:%a %-d %b %Y}" in queue
