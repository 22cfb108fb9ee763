"""The demo data loads, is idempotent, and gives every role a login that reaches its dashboard."""

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from discipline.models import Case
from impact.models import AnnualReport, CommitteeMember
from juries.models import Diploma, SittingMinutes
from openclassrooms.accounts.models import User
from openclassrooms.accounts.roles import Role
from openclassrooms.accounts.rules import MFA_REQUIRED_ROLES
from openclassrooms.accounts.security import mfa_enrolled, mfa_required
from openclassrooms.demo.data import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from students.models import Enrolment
from tests.accounts.factories import totp_code
from tests.core.test_dashboards import DASHBOARD_OF_ROLE


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label
        in {"accounts", "mfa", "projects", "students", "mentoring", "juries", "discipline", "impact"}
    }


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing_and_every_role_signs_in(client):
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    assert first["students.Enrolment"] == 60
    assert first["mentoring.MentoringSession"] >= 600
    # Issue 14: every demo account that must sign in in two steps has its app (and recovery codes), once.
    staff = [u for u in User.objects.all() if mfa_required(u)]
    assert staff and all(mfa_enrolled(u) for u in staff)
    assert first["mfa.Authenticator"] == 2 * len(staff)
    by_label = {r.label: r for r in Role}
    for label, email in DEMO_LOGINS:
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": email, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.status_code == 200
        # Issue 14: staff, jury, Committee and Board answer the demo's code (`manage.py demo_code`).
        asked = response.redirect_chain[-1][0] == reverse("mfa_authenticate")
        assert asked == (by_label[label] in MFA_REQUIRED_ROLES), email
        if asked:
            response = client.post(
                reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)}, follow=True
            )
        assert response.redirect_chain[-1][0] == reverse(DASHBOARD_OF_ROLE[by_label[label]]), email
    assert not User.objects.filter(is_superuser=True).exists()  # no published password opens everything


@pytest.mark.django_db
def test_the_demo_cases_letters_download_as_pdf_for_the_board_and_the_student(client):
    """DIS-8: the demo's decided case went through the services, so its registered letter exists."""
    call_command("seed_demo", verbosity=0)
    decided = Case.objects.filter(decision__letter__isnull=False)
    assert decided.exists()
    head = User.objects.get(email=dict(DEMO_LOGINS)[Role.HEAD_OF_LEARNING.label])
    for case in decided:
        for person in (head, case.enrolment.student):
            client.force_login(person)
            response = client.get(reverse("discipline:letter_download", args=[case.pk]))
            assert response.status_code == 200
            assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_the_demo_schedule_is_planned_from_weekly_slots_to_the_end_of_each_training(
    client, django_capture_on_commit_callbacks
):
    """ATT-1: every current student has a weekly slot and one planned session a week to their training's end
    (moved by a suspension, SUS-4); the demo mentor has a SUS-3 request to decide and a session with the
    video tool's join times."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    current = [e for e in Enrolment.objects.select_related("weekly_slot") if e.is_current and e.mentor_id]
    assert current
    for enrolment in current:
        assert enrolment.weekly_slot.time_zone == enrolment.student.time_zone
        last = enrolment.sessions.filter(week__isnull=False).order_by("-week").first()
        assert enrolment.planned_end_date - timedelta(days=7) < last.scheduled_start.date(), enrolment
        assert last.scheduled_start.date() <= enrolment.planned_end_date, enrolment
    mentor = User.objects.get(email=dict(DEMO_LOGINS)[Role.MENTOR.label])
    client.force_login(mentor)
    page = client.get(reverse("mentoring:dashboard")).content.decode()
    assert "Authorise (SUS-3)" in page
    assert "joined 16 minutes late" in page.lower()


@pytest.mark.django_db
def test_the_demo_diploma_and_minutes_download_and_the_code_checks_out(client):
    """TRN-4: the demo's awarded candidate went through the services: certificate, code and minutes exist."""
    call_command("seed_demo", verbosity=0)
    diploma = Diploma.objects.get()
    client.force_login(diploma.verdict.candidacy.enrolment.student)
    response = client.get(reverse("juries:diploma_certificate", args=[diploma.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    jury = User.objects.get(email=dict(DEMO_LOGINS)[Role.JURY_MEMBER.label])
    client.force_login(jury)
    minutes = SittingMinutes.objects.get(signed_by=jury)
    response = client.get(reverse("juries:minutes_download", args=[minutes.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.logout()
    page = client.get(reverse("diplomas:verify", args=[diploma.code])).content.decode()
    assert "Valid" in page and diploma.holder_name in page


@pytest.mark.django_db
def test_the_demo_annual_report_is_public_with_its_pdf_and_names_only_consenting_members(client):
    """IMP-4, IMP-1: the demo's report went through the services: frozen, public, printed."""
    call_command("seed_demo", verbosity=0)
    report = AnnualReport.objects.get(status="published")
    page = client.get(reverse("impact:report", args=[report.year])).content.decode()
    assert escape(report.title) in page and "Part des sessions de mentorat tenues" in page
    named = CommitteeMember.objects.filter(public_consent=True).select_related("user")
    hidden = CommitteeMember.objects.filter(public_consent=False).select_related("user")
    assert named.exists() and hidden.exists()
    assert all(m.user.get_full_name() in page for m in named)
    assert not any(m.user.get_full_name() in page for m in hidden)
    response = client.get(reverse("impact:report_pdf", args=[report.year, report.version]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_demo_code_prints_the_code_of_the_demo_authenticator_and_demo_logins_says_so():
    expected = totp_code(DEMO_TOTP_SECRET)
    out, err = StringIO(), StringIO()
    call_command("demo_code", stdout=out, stderr=err)
    assert out.getvalue().strip() == expected
    assert DEMO_TOTP_SECRET in err.getvalue()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    lines = out.getvalue().splitlines()
    assert "demo_code" in out.getvalue() and DEMO_TOTP_SECRET in out.getvalue()
    for label, email in DEMO_LOGINS:
        line = next(line for line in lines if line.endswith(email) or f"{email} " in line)
        assert line.endswith("(then a code)") == (by_label(label) in MFA_REQUIRED_ROLES), line


def by_label(label: str) -> Role:
    return next(r for r in Role if r.label == label)
