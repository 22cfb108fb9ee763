"""Issue 16 in a real browser: a French student gives notice of an absence in French (their mentor is told
in English); an English-speaking mentor logs a late arrival in English although their browser asks for
French; a visitor switches language.

The words clicked are the catalogue's (``gettext`` in the reader's language), so the test follows the
translation; each check also asserts that the French words are not the English ones, and reads a French
date and time as French writes them ("à 14 h 00")."""

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from mentoring.models import MentorAvailability, MentoringSession
from mentoring.rules import classify
from mentoring.selectors import week_bounds
from mentoring.services import session_facts
from openclassrooms.core.models import OutboundEmail
from tests.core.test_french import english_left, page_text
from tests.e2e.conftest import sign_in
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def words(language: str, *english: str) -> list[str]:
    with translation.override(language):
        return [gettext(text) for text in english]


def test_att2_a_french_student_gives_notice_of_an_absence_in_french(browser, live_server):
    enrolment = EnrolmentFactory(student__language="fr")
    for weekday in range(7):
        MentorAvailability.objects.create(
            mentor=enrolment.mentor, weekday=weekday, starts_at=time(9), ends_at=time(18)
        )
    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=14, minute=0, second=0)
    session = SessionFactory(enrolment=enrolment, scheduled_start=start)
    give_notice, reason, send = words(
        "fr", "Give notice", "Reason (sent to your mentor)", "Send to my mentor"
    )
    assert (give_notice, send) != ("Give notice", "Send to my mentor")
    context = browser.new_context(locale="en-GB")  # the browser asks for English: the profile says French
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server.url, enrolment.student.email)
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.get_by_text(re.compile(r"à 14 h 00")).first).to_be_visible()
        page.get_by_role("link", name=give_notice).first.click()
        page.get_by_label(reason).fill("Un rendez-vous médical que je ne peux pas déplacer.")
        with page.expect_navigation():
            page.get_by_role("button", name=send).click()
        session.refresh_from_db()
        assert session.outcome == MentoringSession.Outcome.POSTPONED
        # The rule's explanation (ATT-2), written in the student's language and shown to them.
        expect(page.get_by_role("status").get_by_text(session.explanation)).to_be_visible()
        assert "(ATT-2)" in session.explanation and not english_left(session.explanation)
        assert not english_left(page_text(page.content().encode()))
    finally:
        context.close()
    # Their mentor reads English: the e-mail about the notice, the rule's explanation included, is English.
    with translation.override("en"):
        english = classify(session_facts(session)).explanation
    assert english != session.explanation
    assert english in OutboundEmail.objects.get(key=f"notice:{session.pk}").body


def test_att4_an_english_speaking_mentor_logs_a_late_arrival_in_english(browser, live_server):
    enrolment = EnrolmentFactory(mentor__language="en")
    now = timezone.now()
    start = max(now - timedelta(hours=1), week_bounds(timezone.localdate(now))[0])
    session = SessionFactory(enrolment=enrolment, scheduled_start=start)
    context = browser.new_context(locale="fr-FR")  # the browser asks for French: the profile says English
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server.url, enrolment.mentor.email)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        row = page.locator(f"#session-{session.pk}")
        row.get_by_label("Joined").fill("16")
        row.get_by_role("button", name="Log late").click()
        expect(
            page.locator(f"#session-{session.pk}").get_by_text(
                "Unauthorised absence — joined 16 minutes after the start (ATT-4)"
            )
        ).to_be_visible()
    finally:
        context.close()
    session.refresh_from_db()
    assert session.outcome == MentoringSession.Outcome.UNAUTHORISED


def test_a_visitor_reads_their_browsers_language_and_switches_to_the_other(browser, live_server):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + reverse("account_login"))
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert page.url.endswith(reverse("account_login"))
        page.goto(live_server.url + reverse("account_login"))  # the choice is remembered
        expect(page.locator("html")).to_have_attribute("lang", "en")
        with page.expect_navigation():
            page.get_by_role("button", name="Français").click()
        expect(page.locator("html")).to_have_attribute("lang", "fr")
    finally:
        context.close()
