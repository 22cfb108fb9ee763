"""REC-1 after enrolment: Student Success records the student's consent to being recorded, or its
withdrawal, through the service — from the enrolment's admin page — with the day and the history."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from students.services import EnrolmentError, enrolment_recording_consent
from tests.students.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_rec1_a_consent_given_after_enrolment_is_dated_and_kept_in_the_history(make_user):
    success = make_user("student_success")
    enrolment = EnrolmentFactory(recording_consent=False)
    now = timezone.now()
    given = enrolment_recording_consent(enrolment_id=enrolment.pk, consented=True, by=success, now=now)
    assert (given.recording_consent, given.recording_consent_at) == (True, now)
    last = given.history.first()
    assert (last.history_user, last.history_change_reason) == (
        success,
        "Consent to being recorded given (REC-1).",
    )
    # Given again: nothing changes, no new history row.
    enrolment_recording_consent(enrolment_id=enrolment.pk, consented=True, by=success)
    assert given.history.count() == 2
    withdrawn = enrolment_recording_consent(enrolment_id=enrolment.pk, consented=False, by=success)
    assert (withdrawn.recording_consent, withdrawn.recording_consent_at) == (False, None)


def test_rec1_the_consent_of_a_training_that_ended_no_longer_changes(make_user):
    enrolment = EnrolmentFactory(status="completed", ended_on=date.today())
    with pytest.raises(EnrolmentError, match="has ended"):
        enrolment_recording_consent(
            enrolment_id=enrolment.pk, consented=True, by=make_user("student_success")
        )


def test_rec1_student_success_records_the_consent_from_the_admin(make_user, client_as):
    success = make_user("student_success")
    enrolment = EnrolmentFactory(recording_consent=False)
    response = client_as(success).post(
        reverse("admin:students_enrolment_changelist"),
        {"action": "consent_given", ACTION_CHECKBOX_NAME: [enrolment.pk]},
        follow=True,
    )
    assert response.status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.recording_consent is True and enrolment.recording_consent_at is not None
    assert enrolment.history.first().history_user == success
