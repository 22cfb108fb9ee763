"""Issue 16: an e-mail is written in its recipients' language (``User.language``), the school's when they do
not share one; so is a student's copy of their data."""

import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from openclassrooms.core import exports
from openclassrooms.core.models import OutboundEmail
from openclassrooms.core.services import email_enqueue, email_enqueue_many, email_enqueue_to_people

TEMPLATE = "accounts/email/invitation"
ENGLISH_SUBJECT = "Your OpenClassrooms account is ready"
FRENCH_SUBJECT = "Votre compte OpenClassrooms est prêt"


def _context(email: str) -> dict:
    return {"user": {"first_name": "Ada", "email": email}, "url": "https://school.example.org/x"}


@pytest.mark.django_db
def test_a_french_recipient_gets_french_and_an_english_one_english(make_user):
    french, english = make_user(language="fr"), make_user(language="en")
    with translation.override("en"):  # whatever the language of the request or the task that sends it
        to_french = email_enqueue(
            key="fr", to=[french.email], template=TEMPLATE, context=_context(french.email)
        )
    with translation.override("fr"):
        to_english = email_enqueue(
            key="en", to=[english.email], template=TEMPLATE, context=_context(english.email)
        )
    assert to_french.subject == FRENCH_SUBJECT
    assert "Bonjour Ada," in to_french.body
    assert to_english.subject == ENGLISH_SUBJECT
    assert "Hello Ada," in to_english.body


@pytest.mark.django_db
def test_the_address_is_matched_whatever_its_case_and_strangers_take_the_known_recipients_language(make_user):
    french = make_user(language="fr")
    email = email_enqueue(
        key="case",
        to=[french.email.upper(), "stranger@example.org"],
        template=TEMPLATE,
        context=_context(french.email),
    )
    assert email.subject == FRENCH_SUBJECT


@pytest.mark.django_db
def test_recipients_of_different_languages_or_unknown_ones_get_the_schools_language(make_user, settings):
    french, english = make_user(language="fr"), make_user(language="en")
    mixed = email_enqueue(
        key="mixed", to=[french.email, english.email], template=TEMPLATE, context=_context(french.email)
    )
    assert mixed.subject == ENGLISH_SUBJECT  # the suite's LANGUAGE_CODE
    settings.LANGUAGE_CODE = "fr"
    unknown = email_enqueue(
        key="unknown", to=["nobody@example.org"], template=TEMPLATE, context=_context("nobody@example.org")
    )
    assert unknown.subject == FRENCH_SUBJECT


@pytest.mark.django_db
def test_many_emails_each_in_its_recipients_language_for_a_constant_number_of_queries(make_user):
    people = [make_user(language="fr" if i % 2 else "en") for i in range(12)]

    def batch(prefix: str, who) -> list:
        return [(f"{prefix}:{p.pk}", [p.email.upper()], TEMPLATE, _context(p.email)) for p in who]

    with CaptureQueriesContext(connection) as two:
        assert email_enqueue_many(batch("two", people[:2])) == 2
    with CaptureQueriesContext(connection) as twelve:
        assert email_enqueue_many(batch("twelve", people)) == 12
    assert len(twelve) == len(two)
    subjects = dict(OutboundEmail.objects.filter(key__startswith="twelve:").values_list("key", "subject"))
    for person in people:
        expected = FRENCH_SUBJECT if person.language == "fr" else ENGLISH_SUBJECT
        assert subjects[f"twelve:{person.pk}"] == expected


@pytest.mark.django_db
def test_a_students_copy_of_their_data_is_in_their_language(make_user, monkeypatch):
    student = make_user("student", language="fr")
    printed: list[str] = []
    monkeypatch.setattr(exports, "render_pdf", lambda html: printed.append(html) or b"%PDF-1.4")
    with translation.override("en"):
        out = exports.build_file(student=student, generated_at=timezone.now())
    with out, zipfile.ZipFile(out) as archive:
        data = json.loads(archive.read("data.json"))
    assert "Vos données" in printed[0] and 'lang="fr"' in printed[0]
    assert "E-mails que nous vous avons envoyés" in printed[0]  # a section's title
    assert "Prénom" in printed[0]  # a heading: the key first_name
    assert "first_name" in data["student"]  # data.json keeps its machine keys
    student.language = "en"
    printed.clear()
    with translation.override("fr"):
        exports.build_file(student=student, generated_at=timezone.now()).close()
    assert "Your data" in printed[0] and "First name" in printed[0]


@pytest.mark.django_db
def test_people_who_read_two_languages_each_get_theirs_and_people_who_share_one_keep_the_key(make_user):
    """One e-mail per language, its key suffixed only when the people read more than one (so that a message
    to people who share one is the same message however often it is asked for)."""
    french, english, other_french = (
        make_user(language="fr"),
        make_user(language="en"),
        make_user(language="fr"),
    )
    mixed = email_enqueue_to_people(
        key="mixed", people=[french, None, english], template=TEMPLATE, context=_context("x@example.org")
    )
    assert [(e.key, e.to, e.subject) for e in mixed] == [
        ("mixed:en", [english.email], ENGLISH_SUBJECT),
        ("mixed:fr", [french.email], FRENCH_SUBJECT),
    ]
    shared = email_enqueue_to_people(
        key="shared", people=[french, other_french], template=TEMPLATE, context=_context("x@example.org")
    )
    assert [(e.key, e.to, e.subject) for e in shared] == [
        ("shared", sorted([french.email, other_french.email]), FRENCH_SUBJECT)
    ]
    again = email_enqueue_to_people(
        key="shared", people=[french, other_french], template=TEMPLATE, context=_context("x@example.org")
    )
    assert [e.pk for e in again] == [e.pk for e in shared]
    assert OutboundEmail.objects.count() == 3
