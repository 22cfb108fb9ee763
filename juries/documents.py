"""TRN-4: the diploma certificate and the sitting's minutes, as PDF/A documents.

Both are rendered with Django's template engine (database text is auto-escaped) and printed by
``openclassrooms.core.pdf``, whose URL fetcher serves only our static files. The certificate is in its
holder's language (``User.language``, issue 16); the minutes, an official record of the school, in the
school's (``settings.LANGUAGE_CODE``).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from openclassrooms.core.pdf import render_pdf

from .models import Candidacy, Diploma, SittingMinutes

PARIS = ZoneInfo("Europe/Paris")
SCHOOL = "OpenClassrooms"
STYLESHEET = "css/certificate.css"


def verification_url(code: str) -> str:
    """The public page that checks a diploma's code (name, path, date and validity only)."""
    return settings.SITE_URL.rstrip("/") + reverse("diplomas:verify", kwargs={"code": code})


def _name(user) -> str:
    return (user.get_full_name() or "").strip() or user.email


def _holder_language(diploma: Diploma) -> str:
    """The graduate's language: the certificate is theirs."""
    student = diploma.verdict.candidacy.enrolment.student
    return student.language or settings.LANGUAGE_CODE


def diploma_html(*, diploma: Diploma) -> str:
    context = {
        "school": SCHOOL,
        "diploma": diploma,
        "verify_url": verification_url(diploma.code),
        "stylesheet": STYLESHEET,
    }
    with translation.override(_holder_language(diploma)), timezone.override(PARIS):
        return render_to_string("juries/diploma.html", context)


def render_diploma_pdf(*, diploma: Diploma) -> bytes:
    """TRN-4: the diploma certificate, PDF/A-3b, with its verification code and where to check it."""
    return render_pdf(diploma_html(diploma=diploma))


def minutes_html(*, minutes: SittingMinutes) -> str:
    with translation.override(settings.LANGUAGE_CODE), timezone.override(PARIS):
        return render_to_string("juries/minutes.html", _minutes_context(minutes))


def _minutes_context(minutes: SittingMinutes) -> dict:
    session = minutes.session
    candidacies = list(
        Candidacy.objects.filter(session=session)
        .select_related("enrolment__student", "enrolment__path", "panel", "verdict__decided_by")
        .prefetch_related("verdict__skills_to_improve", "verdict__remedial_projects", "panel__members__user")
        .order_by("panel__name", "enrolment__student__last_name", "enrolment__student__first_name")
    )
    panels: dict[str, list[str]] = {}
    for candidacy in candidacies:
        if candidacy.panel_id and candidacy.panel.name not in panels:
            panels[candidacy.panel.name] = [_name(m.user) for m in candidacy.panel.members.all()]
    return {
        "school": SCHOOL,
        "session": session,
        "jury": session.jury,
        "members": [
            (_name(m.user), m.get_kind_display()) for m in session.jury.members.select_related("user")
        ],
        "panels": panels,
        "candidacies": [(c, _name(c.enrolment.student)) for c in candidacies],
        "chair_name": _name(minutes.signed_by),
        "signed_at": minutes.signed_at,
        "stylesheet": STYLESHEET,
    }


def render_minutes_pdf(*, minutes: SittingMinutes) -> bytes:
    """TRN-4: the sitting's minutes, PDF/A-3b, signed by the chair."""
    return render_pdf(minutes_html(minutes=minutes))
