"""The registered letter (DIS-8): how long one PDF takes, and whether memory keeps growing over many.

Call ``measure_letters(count=200)`` after ``django.setup()`` with ``benchmarks.settings``. It uses the
first Decision in the database, or builds one (idempotently, under ``bench-letter-…@bench.test``).
"""

import logging
import resource
import statistics
import sys
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from discipline.letters import render_letter_pdf
from discipline.models import Case, CaseGround, Decision, Hearing
from discipline.rules import suspension_period
from openclassrooms.accounts.models import User
from projects.models import Path
from students.models import Enrolment, EnrolmentFunding, FundingBody

TIMED_RENDERS = 20
TARGET_MEDIAN_S = 0.5
CHECKPOINT_EVERY = 50


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def ensure_decision():
    """A Decision to print: the first one there is, or one built with natural keys (safe to run twice)."""

    decision = Decision.objects.order_by("pk").first()
    if decision is not None:
        return decision

    with transaction.atomic():
        now = timezone.now()
        today = timezone.localdate()
        path, _ = Path.objects.get_or_create(code="bench-letter", defaults={"name": "Benchmark letter path"})
        student, _ = User.objects.get_or_create(
            email="bench-letter-student@bench.test",
            defaults={"first_name": "Camille", "last_name": "Durand", "password": "!"},
        )
        chair, _ = User.objects.get_or_create(
            email="bench-letter-chair@bench.test",
            defaults={"first_name": "Hélène", "last_name": "Martin", "password": "!"},
        )
        enrolment, _ = Enrolment.objects.get_or_create(
            student=student,
            path=path,
            defaults={
                "start_date": today - timedelta(days=120),
                "planned_end_date": today + timedelta(days=245),
            },
        )
        funder, _ = FundingBody.objects.get_or_create(
            name="Bench letter funding body", defaults={"kind": FundingBody.Kind.TRAINING_FUND}
        )
        EnrolmentFunding.objects.get_or_create(
            enrolment=enrolment, body=funder, defaults={"kind": EnrolmentFunding.Kind.TRAINING_FUND}
        )
        case, _ = Case.objects.get_or_create(
            enrolment=enrolment,
            source=Case.Source.CONDUCT,
            defaults={
                "summary": "Insulting messages in the forum, on three occasions.",
                "opened_at": now - timedelta(days=20),
                "status": Case.Status.DECIDED,
            },
        )
        CaseGround.objects.get_or_create(
            case=case,
            rule="CON-1",
            defaults={"statement": "Abusive messages to another student.", "communicated_at": now},
        )
        hearing, _ = Hearing.objects.get_or_create(
            case=case,
            status=Hearing.Status.HELD,
            defaults={
                "scheduled_start": now - timedelta(days=3),
                "video_link": "https://meet.example.org/bench-letter",
                "student_attended": True,
            },
        )
        start, until = suspension_period(today + timedelta(days=7))  # DIS-7: one calendar month
        decision, _ = Decision.objects.get_or_create(
            case=case,
            defaults={
                "hearing": hearing,
                "penalty": Decision.Penalty.SUSPENSION,
                "grounds": "Repeated insults towards another student in the forum.",
                "decided_at": now - timedelta(days=3),
                "decided_by": chair,
                "effective_from": start,
                "effective_until": until,
            },
        )
    return decision


def measure_letters(count: int = 200) -> dict:
    """Print the median and maximum time of one letter, then peak memory every 50 letters of `count`."""

    decision = ensure_decision()
    # WeasyPrint logs eight INFO lines per document on "weasyprint.progress": keep them out of the figures.
    progress = logging.getLogger("weasyprint.progress")
    saved_level = progress.level
    progress.setLevel(logging.WARNING)
    try:
        return _measure(render_letter_pdf, decision, count)
    finally:
        progress.setLevel(saved_level)


def _measure(render_letter_pdf, decision, count: int) -> dict:
    render_letter_pdf(decision=decision)  # warm-up: imports, fonts, template loading

    times = []
    for _ in range(TIMED_RENDERS):
        started = time.perf_counter()
        render_letter_pdf(decision=decision)
        times.append(time.perf_counter() - started)
    median, longest = statistics.median(times), max(times)
    print(
        f"Registered letter: median {median:.2f} s, max {longest:.2f} s over {TIMED_RENDERS} renders "
        f"(target ≤ {TARGET_MEDIAN_S} s median)",
        flush=True,
    )

    checkpoints = list(range(CHECKPOINT_EVERY, count + 1, CHECKPOINT_EVERY))
    if count and count not in checkpoints:
        checkpoints.append(count)
    peaks: dict[int, float] = {}
    started = time.perf_counter()
    for n in range(1, count + 1):
        render_letter_pdf(decision=decision)
        if n in checkpoints:
            peaks[n] = _peak_rss_mb()
    elapsed = time.perf_counter() - started
    if peaks:
        print(
            f"Peak memory after {'/'.join(str(n) for n in peaks)} letters: "
            f"{' / '.join(f'{mb:.0f}' for mb in peaks.values())} MB "
            f"({count} letters in {elapsed:.1f} s)",
            flush=True,
        )
    return {"median_s": median, "max_s": longest, "peak_rss_mb": peaks}
