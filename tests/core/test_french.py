"""Issue 16: the school works in French, with English second.

- The French catalogue is complete: no message left untranslated or fuzzy.
- Every page of every role, every e-mail the demo school sends and every PDF, read in French, holds no English
  word of ours (``ENGLISH``: words that are not also French, after the proper names and the team names the
  school keeps in English).
- Who reads which language: a visitor by the switch's cookie, else the browser's Accept-Language, else
  French; a signed-in person by their profile, which the switch changes (in their history).
- Dates and numbers in the active language: "25 novembre 2026 à 18 h 30", "66,7".
"""

import io
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.template import Context, engines
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from pypdf import PdfReader

from openclassrooms.core.models import OutboundEmail
from openclassrooms.formats.en import formats as english
from openclassrooms.formats.fr import formats as french
from openclassrooms.settings import base as base_settings
from tests.core.test_url_access import ENTRIES, PDF, World

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
TEMPLATES = Path(settings.BASE_DIR) / "templates"

# English words that French does not use: one of them on a French page is a string of ours left in English.
# ("on", "an", "a", "as", "or", "me", "sent", "report", "minutes", "date", "page", "note", "session",
# "absence", "suspension", "mentor", "jury", "portfolio"… are French words too, so they are not here.)
_ENGLISH_WORDS = """
the and of to your you with this that is are was were be been being has have had will would from by at it its
which who whom what when where their they them we our my not yes if then than all any each after before only
more none here there how why can cannot may must should could do does did done for into out about over under
between until since while again also still yet just these those his her him she he am sign log save submit
back next previous week weeks day days today tomorrow yesterday student students open close closed new add
edit delete remove show view download upload send received request requests approved refused pending waiting
status letter letters board committee hearing decision warning path paths project projects skill skills
enrolment enrolments nothing please choose changed cancel cancelled confirm confirmed attended late
unauthorised authorised reason reasons given asked ask answer answered without within hours hour month months
year years training diploma certificate members member review reviews reviewed submitted deadline deadlines
schedule scheduled logged
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())
# What the school writes in English in French too: its name, its team's, the courses' licence.
KEPT = ("OpenClassrooms", "Student Success", "CC BY-NC-SA")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")  # a code ("project-manager"), not words
WORD = re.compile(r"[^\W\d_][\w']*")  # letters of any alphabet: "même" is one word, not "me" and "me"


class _Text(HTMLParser):
    """What a person reads of a page: its text, and the words of its labels, titles and confirmations."""

    READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "hx-confirm")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "img" and "/admin/img/icon-" in dict(attrs).get("src", ""):
            return  # the admin's yes/no icons, whose alt is Python's True, False or None: Django's, not ours
        self.parts += [value for name, value in attrs if name in self.READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_left(text: str) -> list[str]:
    """The English words of ``text``, after what is kept in English and addresses."""
    for kept in KEPT:
        text = text.replace(kept, " ")
    tokens = [
        t
        for t in text.split()
        if "@" not in t and "/" not in t and "." not in t.strip(".,;:!?»«()") and not SLUG.match(t)
    ]
    return sorted({w for t in tokens for w in WORD.findall(t) if w.lower().strip("'") in ENGLISH})


def page_text(content: bytes) -> str:
    parser = _Text()
    parser.feed(content.decode())
    return " ".join(parser.parts)


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def test_the_french_catalogue_has_no_untranslated_or_fuzzy_message():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:10]}"
    assert len(catalogue) > 500  # the whole interface, not a sample


# What `make messages` reads and leaves out (Makefile's MESSAGES_IGNORE).
MESSAGES_IGNORE = ["tests", "benchmarks", "var", "docs", "staticfiles", "static", "media", "bin"]


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gathering the strings needs GNU gettext's xgettext")
def test_every_string_marked_in_the_code_is_in_the_catalogue_and_translated(tmp_path):
    """``make messages`` on a copy of the project changes nothing: no string marked in the code is missing
    from locale/fr, nor left there untranslated once gathered again."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".*", "var", "media", "staticfiles", "node_modules", "__pycache__", "*.mo"
        ),
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--add-location=file", "--no-obsolete"]
        + [f"--ignore={name}" for name in MESSAGES_IGNORE],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.test"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    gathered = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in gathered if not e.translated() or "fuzzy" in e.flags]
    assert not missing, f"{len(missing)} strings to translate (make messages), e.g. {missing[:10]}"
    assert {(e.msgctxt, e.msgid) for e in gathered} == {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE))
    }


def test_english_words_are_found_and_french_ones_are_not():
    assert english_left("Vous avez donné votre préavis le 25 novembre.") == []
    assert english_left("Student Success a reçu la demande de lea@example.org.") == []
    assert english_left("Séance : The student was late") == ["The", "late", "student", "was"]
    assert english_left("Même l'aménagement des séances reportées") == []


@pytest.fixture
def french_school(db, settings):
    """The demo school seeded in French, as ``make run`` does: its people read French, and what the services
    wrote while seeding (explanations, e-mails) is French."""
    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        call_command("seed_demo", verbosity=0)
        world = World()
    return world


# The library's pages that show our templates (templates/account/, templates/mfa/): who opens them.
LIBRARY_PAGES = {"account_login": None, "account_reset_password": None, "mfa_index": "success"}


def _read(response) -> str | None:
    """What a person reads of an answer: a page's text, a PDF's; None for what the school does not write
    (calendars, archives, the files people uploaded)."""
    kind = response.get("Content-Type", "")
    if kind.startswith("text/html"):
        return page_text(response.content)
    if kind.startswith("application/pdf"):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return None if content == PDF else pdf_text(content)
    return None


@pytest.mark.django_db
def test_every_page_email_and_pdf_of_every_role_reads_in_french(french_school):
    """Each URL of ours, opened by everyone who may open it (and a visitor for a public one), in French;
    then every e-mail the demo school sent while it was built."""
    world = french_school
    problems, read = [], set()
    clients: dict[int | None, Client] = {}

    def open_as(who: str | None, user, url: str) -> None:
        key = user.pk if user else None
        if key not in clients:
            clients[key] = Client(HTTP_ACCEPT_LANGUAGE="fr")
            if user is not None:
                assert user.language == "fr"
                clients[key].force_login(user)
        response = clients[key].get(url, follow=True)
        if response.status_code >= 400:
            problems.append(f"{url} as {who or 'a visitor'}: {response.status_code}")
            return
        text = _read(response)
        if text is None:
            return
        read.add(url)
        if (
            response.get("Content-Type", "").startswith("text/html")
            and b'<html lang="fr"' not in response.content
        ):
            problems.append(f"{url} as {who or 'a visitor'}: not marked as French")
        if words := english_left(text):
            problems.append(f"{url} as {who or 'a visitor'}: {', '.join(words)}")

    for name, entry in sorted(ENTRIES.items()):
        if entry.post_only or name == "favicon.ico":
            continue
        url = entry.url(name, world)
        actors = world.actors(entry.owner(world))
        if entry.public:
            open_as(None, None, url)
        for who in sorted(entry.get & set(actors)):
            open_as(who, actors[who], url)
    for name, who in LIBRARY_PAGES.items():
        open_as(who, world.people[who] if who else None, reverse(name))
    emails = list(OutboundEmail.objects.all())
    for email in emails:
        if words := english_left(f"{email.subject} {email.body}"):
            problems.append(f"e-mail {email.key!r}: {', '.join(words)}")
    assert not problems, "\n".join(problems)
    assert len(read) > 50 and len(emails) > 10, (len(read), len(emails))


@pytest.mark.django_db
def test_every_admin_page_student_success_opens_reads_in_french(french_school):
    """Student Success's admin, in French: the index, every list, the first row's form and its history. The
    admin's own words are Django's French; the names of our models and fields, our columns, filters, actions
    and pages are ours."""
    client = Client()
    client.force_login(french_school.people["success"])
    problems, read = [], 0
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls = [reverse(f"{prefix}_changelist")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls += [
                reverse(f"{prefix}_change", args=[first.pk]),
                reverse(f"{prefix}_history", args=[first.pk]),
            ]
        for url in urls:
            response = client.get(url)
            if response.status_code == 403:
                continue  # not Student Success's (tests/core/test_admin.py says whose)
            read += 1
            if response.status_code != 200:
                problems.append(f"{url}: {response.status_code}")
            elif words := english_left(page_text(response.content)):
                problems.append(f"{url}: {', '.join(words)}")
    assert not problems, "\n".join(problems)
    assert read > 60, read


class _Anything(int):
    """Whatever an e-mail template asks of its context: any attribute, item or name is one, it counts as
    a number (plurals), it is iterated once, and it reads "2" (a pk in a URL)."""

    def __new__(cls, value: int = 2):
        return super().__new__(cls, value)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key):
        return self

    def __iter__(self):
        return iter([self])

    def __len__(self):
        return 1

    def split(self, separator=None):  # as the argument of |yesno
        return [str(self)] * 3

    def __str__(self):
        return super().__repr__()


class _EveryName(dict):
    def __init__(self, value: _Anything):
        super().__init__()
        self.value = value

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return self.value


EMAIL_TEMPLATES = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.glob("**/email/*.txt"))


def test_every_email_template_reads_in_french():
    """Every e-mail template the code has, not only those the demo sends: each rendered in French with a
    context that answers any name, once with every condition true and once with every one false."""
    assert len(EMAIL_TEMPLATES) > 60
    problems = []
    with translation.override("fr"):
        for name in EMAIL_TEMPLATES:
            # Dates are checked elsewhere (test_dates_times_and_numbers_follow_the_language): here, the words.
            source = re.sub(r"\|(date|time):\"[^\"]*\"", "", (TEMPLATES / name).read_text())
            template = engines["django"].from_string(source)
            for value in (_Anything(2), _Anything(0)):
                context = Context(_EveryName(value), autoescape=False)
                if words := english_left(template.template.render(context)):
                    problems.append(f"{name}: {', '.join(words)}")
    assert not problems, "\n".join(sorted(set(problems)))


# --- Who reads which language -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_visitor_reads_the_browsers_language_then_the_switchs_and_french_by_default(client):
    sign_in = reverse("account_login")
    assert client.get(sign_in).headers["Content-Language"] == "en"  # the suite's LANGUAGE_CODE
    assert Client(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").get(sign_in).headers["Content-Language"] == "fr"
    browser = Client(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    response = browser.post(reverse("language"), {"language": "en", "next": sign_in})
    assert response.status_code == 302 and response["Location"] == sign_in
    assert browser.get(sign_in).headers["Content-Language"] == "en"


def test_the_default_language_of_the_school_is_french():
    assert settings.LANGUAGES[0][0] == "fr"
    assert base_settings.LANGUAGE_CODE == "fr"


@pytest.mark.django_db
def test_a_signed_in_person_reads_their_profiles_language_whatever_the_browser_and_the_switch_keeps_it(
    client_as, make_user
):
    person = make_user()
    assert person.language == "en"
    client = client_as(person)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    home = reverse("home")
    assert client.get(home, follow=True).headers["Content-Language"] == "en"
    client.post(reverse("language"), {"language": "fr", "next": home})
    person.refresh_from_db()
    assert person.language == "fr"
    assert person.history.latest().language == "fr"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.get(home, follow=True).headers["Content-Language"] == "fr"


@pytest.mark.django_db
def test_the_switch_refuses_an_unknown_language_and_a_foreign_address(client_as, make_user):
    person = make_user()
    client = client_as(person)
    response = client.post(reverse("language"), {"language": "de", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    person.refresh_from_db()
    assert person.language == "en"


# --- Dates and numbers --------------------------------------------------------------------------------------


def test_dates_times_and_numbers_follow_the_language():
    moment = datetime(2026, 11, 25, 18, 30)
    with translation.override("fr"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "25 novembre 2026 à 18 h 30"
        assert formats.date_format(moment, "SHORT_WEEKDAY_TIME_FORMAT") == "mer 25 nov. à 18 h 30"
        assert formats.time_format(moment, "TIME_FORMAT") == "18 h 30"
        assert formats.number_format(66.7, 1) == "66,7"
    with translation.override("en"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "25 November 2026, 18:30"
        assert formats.date_format(moment, "SHORT_WEEKDAY_TIME_FORMAT") == "Wed 25 Nov, 18:30"
        assert formats.number_format(66.7, 1) == "66.7"


def test_every_named_format_exists_in_every_language():
    """A name a language lacks would be printed as it is ("WEEKDAY_DATE_FORMAT") on its pages."""
    names = {n for n in dir(french) if n.endswith("_FORMAT")}
    assert names == {n for n in dir(english) if n.endswith("_FORMAT")}
    assert len(names) >= 18


def test_no_strftime_with_platform_only_directives():
    """``%-d`` exists on glibc only; day and month names from strftime are never translated."""
    offenders = [
        str(p.relative_to(settings.BASE_DIR))
        for app in ("openclassrooms", "students", "mentoring", "projects", "juries", "discipline", "impact")
        for p in (Path(settings.BASE_DIR) / app).rglob("*.py")
        if re.search(r"%-[dmHMIjy]|%[AaBb]\b", p.read_text())
    ]
    assert not offenders
