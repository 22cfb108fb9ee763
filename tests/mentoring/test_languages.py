"""Issue 16, when the student and the mentor read different languages: what each is sent, and what is kept.

A French student and an English-speaking mentor (the suite reads English). The explanation kept on a session
is the student's to read (their pages, their ATT-5 e-mail, the Board's letter quotes the case built on it):
it is in their language whoever logs the session. An e-mail is in its recipient's language, the rule's
explanation included. Expected words are the rules' own, worked out in each language, never spelled here.
"""

from datetime import timedelta

import pytest
from django.utils import translation

from discipline.models import Case
from mentoring.rules import classify
from mentoring.services import notice_give, session_facts
from openclassrooms.core.models import OutboundEmail
from tests.core.test_french import english_left
from tests.mentoring.test_services import START, log, weekly_sessions
from tests.students.factories import EnrolmentFactory


def explanation(session, language: str) -> str:
    session.refresh_from_db()
    with translation.override(language):
        return classify(session_facts(session)).explanation


@pytest.fixture
def enrolment(db):
    return EnrolmentFactory(student__language="fr", mentor__language="en")


def test_att2_a_french_students_notice_is_explained_to_them_in_french_and_to_their_mentor_in_english(
    enrolment, django_capture_on_commit_callbacks
):
    (session,) = weekly_sessions(enrolment, 1)
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        result = notice_give(
            session_id=session.pk, student=enrolment.student, reason="Examen", now=START - timedelta(days=2)
        )
    french, english = explanation(session, "fr"), explanation(session, "en")
    assert french != english and "(ATT-2)" in french
    assert result.explanation == french  # what the student is told on the page
    assert session.explanation == french  # what their pages show
    to_mentor = OutboundEmail.objects.get(key=f"notice:{session.pk}")
    assert english in to_mentor.body and french not in to_mentor.body


def test_att3_att5_an_english_mentor_logs_a_no_show_the_french_student_is_asked_in_french(enrolment):
    (session,) = weekly_sessions(enrolment, 1)
    with translation.override("en"):
        result = log(session, "no_show", now=START + timedelta(hours=2))
    french, english = explanation(session, "fr"), explanation(session, "en")
    assert french != english and "(ATT-3)" in french
    assert result.explanation == english  # what the mentor is told, in their language
    assert session.explanation == french  # kept for the student
    asked = OutboundEmail.objects.get(key=f"att5-ask:{session.pk}")
    assert french in asked.body and not english_left(f"{asked.subject} {asked.body}")


def test_att6_a_case_opened_while_an_english_mentor_logs_is_written_for_the_french_student(enrolment):
    sessions = weekly_sessions(enrolment, 3)
    with translation.override("en"):
        for s in sessions:
            log(s, "no_show", now=START + timedelta(weeks=3))
    case = Case.objects.get(enrolment=enrolment)
    texts = [case.summary, *case.grounds.values_list("statement", flat=True)]
    texts += list(case.evidence.values_list("description", flat=True))
    assert len(texts) == 5
    assert [english_left(text) for text in texts] == [[]] * 5
