"""DIS-8: the registered letter that carries the Board's decision, as a PDF/A document.

The letter is rendered with Django's template engine (so every text that comes from the database is
auto-escaped) and printed by WeasyPrint with a URL fetcher that serves only the project's own static files
(CONVENTIONS, "Libraries we chose"): nothing in a letter can make the server fetch a URL or read a file.

WeasyPrint 70 expects ``url_fetcher`` to be an instance of ``weasyprint.urls.URLFetcher`` (its ``fetch``
helper reads ``url_fetcher._fail_on_errors`` and only accepts a ``URLFetcherResponse``), not a function
returning a dict as in earlier versions. ``safe_url_fetcher`` holds the policy; ``SafeURLFetcher`` adapts it
to that class API.
"""

from __future__ import annotations

import functools
import mimetypes
import re
import threading
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from students.models import EnrolmentFunding

from .models import Decision
from .rules import exclusion_ban_until, letter_window

TEMPLATE = "discipline/letter.html"
STYLESHEET = "css/letter.css"
# DIS-8: the dispatch window counts calendar days from the hearing's local date in Paris.
PARIS = ZoneInfo("Europe/Paris")
PDF_VARIANT = "pdf/a-3b"  # one of weasyprint.pdf.pdfa.VARIANTS in version 70

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9.+-]*):")  # RFC 3986, as WeasyPrint reads it

SCHOOL = {
    "name": "OpenClassrooms",
    "address_lines": ["10 quai de la Charente", "75019 Paris", "France"],
}


# --- The URL fetcher: our static files, nothing else -------------------------------------------------


def _static_roots() -> list[Path]:
    """The folders of STATICFILES_DIRS, resolved (an entry may be a (prefix, path) pair)."""
    roots = []
    for entry in settings.STATICFILES_DIRS:
        path = entry[1] if isinstance(entry, list | tuple) else entry
        roots.append(Path(path).resolve())
    return roots


def static_base_url() -> str:
    """The base URL the letter's relative links (``css/letter.css``) resolve against."""
    return _static_roots()[0].as_uri() + "/"


def _found_by_finders(relative: str, url: str) -> Path:
    """A path below STATIC_URL, looked up with the staticfiles finders (no ``..``, no absolute path)."""
    relative = unquote(relative).lstrip("/")
    parts = relative.split("/")
    if not relative or ".." in parts or "\\" in relative or "\x00" in relative:
        raise ValueError(f"Refused static path: {url!r}")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as exc:
        raise ValueError(f"Refused static path: {url!r}") from exc
    if not found:
        raise ValueError(f"No such static file: {url!r}")
    path = Path(found).resolve()
    if not path.is_file():
        raise ValueError(f"Not a static file: {url!r}")
    return path


def _static_url_path() -> str | None:
    """STATIC_URL when it is a path on this site (``/static/``), else None."""
    static_url = settings.STATIC_URL or ""
    return static_url if static_url.startswith("/") else None


def _resolve(url: str) -> Path:
    """The static file ``url`` names, or ValueError."""
    if not isinstance(url, str):
        raise ValueError(f"Refused URL: {url!r}")
    match = _SCHEME.match(url)
    scheme = match[1].lower() if match else ""

    if scheme == "static":
        return _found_by_finders(url.partition(":")[2].split("?")[0].split("#")[0], url)

    static_url = _static_url_path()
    if scheme == "" and static_url and url.startswith(static_url):
        # A bare "/static/css/letter.css", as {% static %} writes it.
        return _found_by_finders(urlsplit(url).path[len(static_url) :], url)

    if scheme != "file":
        raise ValueError(f"Refused URL (only our static files are served): {url!r}")

    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"Refused file URL on another host: {url!r}")
    raw_path = url2pathname(parts.path)  # unquotes %2e%2e and friends
    if "\x00" in raw_path:
        raise ValueError(f"Refused URL: {url!r}")
    path = Path(raw_path).resolve()  # follows symlinks and "..", so nothing escapes the check below
    for root in _static_roots():
        if path.is_relative_to(root):
            if not path.is_file():
                raise ValueError(f"Not a static file: {url!r}")
            return path
    if static_url and parts.path.startswith(static_url):
        # "/static/…" joined onto a file:// base URL: look it up like {% static %} would.
        return _found_by_finders(parts.path[len(static_url) :], url)
    raise ValueError(f"Refused file URL outside the static files: {url!r}")


def safe_url_fetcher(url: str, *args, **kwargs):
    """Serve a file of the project's static files, and refuse (ValueError) every other URL.

    Accepted: ``static:css/letter.css``; ``/static/css/letter.css`` (looked up with the staticfiles
    finders); a ``file://`` URL that, once resolved, lies inside one of STATICFILES_DIRS. Refused: http,
    https, ftp, data:, any file elsewhere (``..`` included), another host's file URL.

    Returns a ``weasyprint.urls.URLFetcherResponse``, the only thing WeasyPrint 70 accepts.
    """
    path = _resolve(url)
    mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    headers = {"Content-Type": f"{mime_type}; charset=utf-8" if mime_type == "text/css" else mime_type}
    # The response URL is the real file, so relative URLs inside a stylesheet resolve against it (and
    # come back here to be checked again).
    return _weasyprint().urls.URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers=headers)


@functools.cache
def _weasyprint():
    """WeasyPrint, imported on first use: it loads Pango, too slow for every Django start and never needed
    but by the letter task."""
    import weasyprint  # noqa: PLC0415  (heavy: loads Pango; only letters need it)
    import weasyprint.text.fonts  # noqa: PLC0415  (same)
    import weasyprint.urls  # noqa: PLC0415  (same)

    return weasyprint


@functools.cache
def _safe_fetcher_class():
    """Built on first use, with WeasyPrint."""

    class SafeURLFetcher(_weasyprint().urls.URLFetcher):
        """WeasyPrint 70's fetcher API around ``safe_url_fetcher``: no network handler is ever used."""

        def __init__(self, **kwargs):
            kwargs.setdefault("allowed_protocols", ("file", "static"))
            kwargs.setdefault("allow_redirects", False)
            super().__init__(**kwargs)

        def fetch(self, url, headers=None):
            return safe_url_fetcher(url)

        def open(self, url, data=None, timeout=None):
            full_url = getattr(url, "full_url", url)
            return safe_url_fetcher(full_url)

    return SafeURLFetcher


_per_thread = threading.local()


def _font_config():
    """One WeasyPrint FontConfiguration per thread, reused for every letter.

    WeasyPrint 70 builds a new Fontconfig configuration for each document unless given one, and about
    200 KB of it is never freed: 200 letters grew a worker by 40 MB. Reusing it keeps memory flat (and
    saves loading the system fonts each time). Pango objects are not shared across threads.
    """
    font_config = getattr(_per_thread, "font_config", None)
    if font_config is None:
        font_config = _per_thread.font_config = _weasyprint().text.fonts.FontConfiguration()
    return font_config


def make_url_fetcher():
    """A fresh WeasyPrint fetcher that only serves static files (one per render: it is not shared)."""
    return _safe_fetcher_class()()


# --- The letter -------------------------------------------------------------------------------------


def _decision_for_letter(decision: Decision) -> Decision:
    third_party = EnrolmentFunding.objects.third_party().select_related("body")
    return (
        Decision.objects.select_related(
            "case__enrolment__student", "case__enrolment__path", "hearing", "decided_by"
        )
        .prefetch_related("case__grounds", Prefetch("case__enrolment__fundings", queryset=third_party))
        .get(pk=decision.pk)
    )


def _person_name(user) -> str:
    return (user.get_full_name() or "").strip() or user.email


def letter_context(*, decision: Decision, today: date | None = None) -> dict:
    """Everything the letter says (DIS-7, DIS-8, DIS-9), as plain values for the template."""
    decision = _decision_for_letter(decision)
    case = decision.case
    enrolment = case.enrolment
    hearing = decision.hearing
    hearing_start = timezone.localtime(hearing.scheduled_start, PARIS)
    dispatch_from, dispatch_until = letter_window(hearing_start.date())  # DIS-8: day 2 to day 15

    Penalty = Decision.Penalty
    effects: dict = {"penalty": decision.penalty}
    if decision.penalty == Penalty.SUSPENSION:
        # DIS-7: one calendar month away from the training.
        effects.update(starts_on=decision.effective_from, ends_on=decision.effective_until)
    elif decision.penalty == Penalty.EXCLUSION:
        # DIS-7: immediate end of the training; no enrolment in any of the school's training for a year.
        ends_on = decision.effective_from or timezone.localtime(decision.decided_at, PARIS).date()
        effects.update(training_ends_on=ends_on, no_enrolment_until=exclusion_ban_until(ends_on))
    elif decision.penalty == Penalty.WARNING:
        effects.update(starts_on=decision.effective_from)

    # DIS-9: a copy to every funding body paying part or all of the training, and to the employer of a
    # company training plan.
    copies, seen = [], set()
    for funding in enrolment.fundings.all():
        if funding.body_id in seen:
            continue
        seen.add(funding.body_id)
        copies.append(
            {
                "name": funding.body.name,
                "is_employer": funding.kind == EnrolmentFunding.Kind.EMPLOYER,
                "kind": funding.get_kind_display(),
            }
        )

    return {
        "school": SCHOOL,
        "letter_date": today or timezone.localdate(timezone=PARIS),
        "decision": decision,
        "case": case,
        "complaints": list(case.grounds.all()),
        "enrolment": enrolment,
        "student": enrolment.student,
        "student_name": _person_name(enrolment.student),
        "address_lines": [
            line.strip() for line in enrolment.student.postal_address.splitlines() if line.strip()
        ],
        "path": enrolment.path,
        "hearing": hearing,
        "hearing_date": hearing_start.date(),
        "hearing_time": hearing_start.time(),
        "grounds": decision.grounds,
        "penalty_label": decision.get_penalty_display(),
        "effects": effects,
        "dispatch_from": dispatch_from,
        "dispatch_until": dispatch_until,
        "copies": copies,
        "chair_name": _person_name(decision.decided_by),
        "stylesheet": STYLESHEET,
    }


def letter_html(*, decision: Decision, today: date | None = None) -> str:
    """The letter as HTML: database text is auto-escaped, so it is shown and never fetched."""
    context = letter_context(decision=decision, today=today)
    with translation.override("en-gb"), timezone.override(PARIS):
        return render_to_string(TEMPLATE, context)


def render_letter_pdf(*, decision: Decision, today: date | None = None) -> bytes:
    """DIS-8: the registered letter as a PDF/A-3b document."""
    html = letter_html(decision=decision, today=today)
    document = _weasyprint().HTML(string=html, base_url=static_base_url(), url_fetcher=make_url_fetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, font_config=_font_config())
