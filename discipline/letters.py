"""DIS-8: the registered letter that carries the Board's decision, as a PDF/A document.

The letter is rendered with Django's template engine (so every text that comes from the database is
auto-escaped) and printed by ``openclassrooms.core.pdf``, whose URL fetcher serves only the project's own
static files: nothing in a letter can make the server fetch a URL or read a file.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from openclassrooms.core.pdf import render_pdf
from students.models import EnrolmentFunding

from .models import Decision
from .rules import exclusion_ban_until, letter_window

TEMPLATE = "discipline/letter.html"
STYLESHEET = "css/letter.css"
# DIS-8: the dispatch window counts calendar days from the hearing's local date in Paris.
PARIS = ZoneInfo("Europe/Paris")
SCHOOL = {
    "name": "OpenClassrooms",
    "address_lines": ["10 quai de la Charente", "75019 Paris", "France"],
}


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
    """Everything the letter says (DIS-7, DIS-8, DIS-9), as plain values for the template; its labels in the
    active language."""
    return _context(_decision_for_letter(decision), today=today)


def _context(decision: Decision, *, today: date | None) -> dict:
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


def letter_language(student) -> str:
    """DIS-8: the letter speaks the student's language (``User.language``), whoever records the decision."""
    return student.language or settings.LANGUAGE_CODE


def letter_html(*, decision: Decision, today: date | None = None) -> str:
    """The letter as HTML, in the student's language: database text is auto-escaped, so it is shown and
    never fetched."""
    decision = _decision_for_letter(decision)
    with translation.override(letter_language(decision.case.enrolment.student)), timezone.override(PARIS):
        return render_to_string(TEMPLATE, _context(decision, today=today))


def render_letter_pdf(*, decision: Decision, today: date | None = None) -> bytes:
    """DIS-8: the registered letter as a PDF/A-3b document."""
    return render_pdf(letter_html(decision=decision, today=today))
