"""IMP-4: the annual report as a PDF/A, printed from its frozen snapshot by ``openclassrooms.core.pdf``."""

from __future__ import annotations

import copy
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone, translation

from openclassrooms.core.pdf import render_pdf

PARIS = ZoneInfo("Europe/Paris")


def for_reading(snapshot: dict) -> dict:
    """The snapshot with its ISO dates as dates, for the templates' date filters."""

    def day(value):
        return date.fromisoformat(value) if value else None

    report = copy.deepcopy(snapshot)
    report["published_at"] = datetime.fromisoformat(report["published_at"])
    if report.get("corrects"):
        report["corrects"]["published_at"] = datetime.fromisoformat(report["corrects"]["published_at"])
    for criterion in report["criteria"]:
        for figure in criterion["figures"]:
            figure["period_start"], figure["period_end"] = (
                day(figure["period_start"]),
                day(figure["period_end"]),
            )
    for request in report["requests"]:
        for key in ("sent_on", "due_on", "answered_on"):
            request[key] = day(request[key])
    return report


def report_html(*, snapshot: dict) -> str:
    """The report as printed: in the language it was published in (its frozen words are), English for a
    report published before the school spoke French."""
    context = {"report": for_reading(snapshot), "stylesheet": "css/certificate.css"}
    with translation.override(snapshot.get("language") or "en"), timezone.override(PARIS):
        return render_to_string("impact/report_print.html", context)


def render_report_pdf(*, snapshot: dict) -> bytes:
    """The published report, PDF/A-3b: the same text and figures as the public page, frozen."""
    return render_pdf(report_html(snapshot=snapshot))
