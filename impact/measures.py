"""IMP-2: the catalogue of measures a criterion can be computed from, each with its documented formula.

Every measure reads the school's own data for one period and returns a ``Figure``: a total and a breakdown
into cells, each with the number of students it describes. Only aggregated figures leave this module, and
the cells that could identify a student are suppressed here, before anyone sees them (IMP-4: fewer than 10
students, or found by subtraction from the total; ``rules.suppressed``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from discipline.models import Case, Decision
from juries.models import Verdict
from mentoring.models import MentoringSession
from students.models import (
    Accommodation,
    Enrolment,
    EnrolmentFunding,
    EnrolmentPause,
    PathChangeRequest,
    SuspensionRequest,
)
from students.rules import PATH_CHANGE_BUSINESS_DAYS, is_business_day

from . import rules

PARIS = ZoneInfo("Europe/Paris")
ENDED = (Enrolment.Status.COMPLETED, Enrolment.Status.TERMINATED, Enrolment.Status.EXCLUDED)
Outcome = MentoringSession.Outcome
# The sessions a student was due to attend: not the public holidays, suspensions or the mentor's doing.
DUE_OUTCOMES = (Outcome.ATTENDED, Outcome.POSTPONED, Outcome.EXCUSED, Outcome.UNAUTHORISED)
ALL = gettext_lazy("All students")


@dataclass(frozen=True)
class Cell:
    """One published number: ``value`` is None when the cell is suppressed (IMP-4)."""

    label: str
    students: int
    value: Decimal | None

    @property
    def shown(self) -> str:
        return str(rules.SUPPRESSED_LABEL) if self.value is None else str(self.value)


@dataclass(frozen=True)
class Figure:
    code: str
    period_start: date
    period_end: date
    total: Cell
    cells: tuple[Cell, ...] = field(default_factory=tuple)

    def as_json(self) -> dict:
        """What is stored and published: already suppressed, so a snapshot never holds a small cell."""

        def cell(c: Cell) -> dict:
            return {
                "label": str(c.label),
                "value": None if c.value is None else str(c.value),
                "students": None if c.value is None else c.students,
            }

        return {
            "code": self.code,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "total": cell(self.total),
            "cells": [cell(c) for c in self.cells],
        }


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    unit: str
    formula: str
    compute: Callable[[date, date], Figure]


# --- Building figures from rows -----------------------------------------------------------------------


def _publish(
    code, start, end, total: tuple[int, Decimal | None], cells: dict[str, tuple[int, Decimal | None]]
):
    """Apply IMP-4's suppression to a total and its cells, each given as (students, value)."""
    if rules.total_suppressed(total[0]):
        return Figure(
            code,
            start,
            end,
            Cell(ALL, total[0], None),
            tuple(Cell(label, n, None) for label, (n, _) in sorted(cells.items())),
        )
    hidden = rules.suppressed({label: n for label, (n, _) in cells.items()})
    return Figure(
        code,
        start,
        end,
        Cell(ALL, total[0], total[1]),
        tuple(
            Cell(label, n, None if label in hidden else value) for label, (n, value) in sorted(cells.items())
        ),
    )


def _rate(code, start, end, rows: Iterable[tuple[str, int, bool]]) -> Figure:
    """Rows of (cell, student, counted?): the share of rows counted, in per cent, by cell and in all."""
    students, rows_in, counted = defaultdict(set), defaultdict(int), defaultdict(int)
    all_students, all_rows, all_counted = set(), 0, 0
    for label, student, hit in rows:
        students[label].add(student)
        rows_in[label] += 1
        counted[label] += hit
        all_students.add(student)
        all_rows += 1
        all_counted += hit
    cells = {
        label: (len(students[label]), rules.percentage(counted[label], rows_in[label])) for label in students
    }
    return _publish(code, start, end, (len(all_students), rules.percentage(all_counted, all_rows)), cells)


def _median(code, start, end, rows: Iterable[tuple[str, int, float]]) -> Figure:
    """Rows of (cell, student, value): the median value by cell and in all."""
    students, values = defaultdict(set), defaultdict(list)
    for label, student, value in rows:
        students[label].add(student)
        values[label].append(value)
    every = [v for vs in values.values() for v in vs]
    all_students = set().union(*students.values()) if students else set()
    cells = {label: (len(students[label]), rules.median(values[label])) for label in students}
    return _publish(code, start, end, (len(all_students), rules.median(every)), cells)


def _per_hundred(code, start, end, events: Iterable[tuple[str, int]], population: int) -> Figure:
    """Events of (cell, student) per 100 students of the population; a cell describes the students it
    counts, the total describes the whole population."""
    count, students = defaultdict(int), defaultdict(set)
    for label, student in events:
        count[label] += 1
        students[label].add(student)
    cells = {label: (len(students[label]), rules.per_hundred(count[label], population)) for label in count}
    return _publish(code, start, end, (population, rules.per_hundred(sum(count.values()), population)), cells)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period's first and last instants, in Paris."""
    return datetime.combine(start, time.min, PARIS), datetime.combine(end, time.max, PARIS)


# --- The data ---------------------------------------------------------------------------------------------


def _ended(start: date, end: date):
    """Trainings that ended in the period as completed, stopped or excluded (a path change continues the
    training on another path: it is not an end)."""
    return Enrolment.objects.filter(ended_on__range=(start, end), status__in=ENDED)


def _active(start: date, end: date):
    """Trainings under way at some point of the period."""
    return Enrolment.objects.filter(start_date__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )


def _funding_kind_by_enrolment(enrolment_ids) -> dict[int, str]:
    """The main funding of each enrolment (the largest share; self-funded when none is recorded)."""
    main: dict[int, str] = {}
    for row in (
        EnrolmentFunding.objects.filter(enrolment_id__in=enrolment_ids)
        .order_by("enrolment_id", "-share_percent", "pk")
        .values("enrolment_id", "kind")
    ):
        main.setdefault(row["enrolment_id"], row["kind"])
    return main


def completion_by_path(start: date, end: date) -> Figure:
    rows = _ended(start, end).values_list("path__name", "student_id", "status")
    return _rate("completion_by_path", start, end, ((p, s, st == "completed") for p, s, st in rows))


def completion_by_funding(start: date, end: date) -> Figure:
    ended = list(_ended(start, end).values_list("pk", "student_id", "status"))
    kinds = _funding_kind_by_enrolment([pk for pk, _, _ in ended])
    label = {kind: str(name) for kind, name in EnrolmentFunding.Kind.choices}
    return _rate(
        "completion_by_funding",
        start,
        end,
        ((label[kinds.get(pk, "self")], s, st == "completed") for pk, s, st in ended),
    )


def completion_by_accommodation(start: date, end: date) -> Figure:
    accepted = Accommodation.objects.filter(enrolment=OuterRef("pk"), status=Accommodation.Status.ACCEPTED)
    rows = _ended(start, end).annotate(acc=Exists(accepted)).values_list("acc", "student_id", "status")
    with_words, without_words = _("With an accommodation (ACC-1)"), _("Without an accommodation")
    return _rate(
        "completion_by_accommodation",
        start,
        end,
        ((with_words if acc else without_words, s, st == "completed") for acc, s, st in rows),
    )


def dropout_rate(start: date, end: date) -> Figure:
    rows = _active(start, end).values_list("path__name", "student_id", "status", "ended_on")
    return _rate(
        "dropout_rate",
        start,
        end,
        ((p, s, st == "terminated" and on is not None and start <= on <= end) for p, s, st, on in rows),
    )


def suspension_rate(start: date, end: date) -> Figure:
    paused = EnrolmentPause.objects.filter(
        enrolment=OuterRef("pk"), until__isnull=False, starts_on__lte=end, until__gt=start
    )
    rows = (
        _active(start, end).annotate(paused=Exists(paused)).values_list("path__name", "student_id", "paused")
    )
    return _rate("suspension_rate", start, end, rows)


def time_to_diploma(start: date, end: date) -> Figure:
    rows = (
        _ended(start, end)
        .filter(status=Enrolment.Status.COMPLETED)
        .values_list("path__name", "student_id", "start_date", "ended_on")
    )
    return _median("time_to_diploma", start, end, ((p, s, (e - b).days) for p, s, b, e in rows))


def sessions_held(start: date, end: date) -> Figure:
    rows = MentoringSession.objects.filter(
        scheduled_start__range=_bounds(start, end), outcome__in=DUE_OUTCOMES
    ).values_list("enrolment__path__name", "enrolment__student_id", "outcome")
    return _rate("sessions_held", start, end, ((p, s, o == Outcome.ATTENDED) for p, s, o in rows))


def unauthorised_absence_rate(start: date, end: date) -> Figure:
    rows = MentoringSession.objects.filter(
        scheduled_start__range=_bounds(start, end), outcome__in=DUE_OUTCOMES
    ).values_list("enrolment__path__name", "enrolment__student_id", "outcome")
    return _rate(
        "unauthorised_absence_rate", start, end, ((p, s, o == Outcome.UNAUTHORISED) for p, s, o in rows)
    )


def cases_per_hundred(start: date, end: date) -> Figure:
    population = _active(start, end).values("student_id").distinct().count()
    label = {source: str(name) for source, name in Case.Source.choices}
    events = Case.objects.filter(opened_at__range=_bounds(start, end)).values_list(
        "source", "enrolment__student_id"
    )
    return _per_hundred("cases_per_hundred", start, end, ((label[k], s) for k, s in events), population)


def penalties_per_hundred(start: date, end: date) -> Figure:
    population = _active(start, end).values("student_id").distinct().count()
    label = {penalty: str(name) for penalty, name in Decision.Penalty.choices}
    events = (
        Decision.objects.filter(decided_at__range=_bounds(start, end))
        .exclude(penalty=Decision.Penalty.NONE)
        .values_list("penalty", "case__enrolment__student_id")
    )
    return _per_hundred("penalties_per_hundred", start, end, ((label[k], s) for k, s in events), population)


def jury_award_first_sitting(start: date, end: date) -> Figure:
    earlier = Verdict.objects.filter(
        candidacy__enrolment__student=OuterRef("candidacy__enrolment__student"),
        decided_at__lt=OuterRef("decided_at"),
    )
    rows = (
        Verdict.objects.filter(decided_at__range=_bounds(start, end))
        .annotate(earlier=Exists(earlier))
        .filter(earlier=False)
        .values_list("candidacy__enrolment__path__name", "candidacy__enrolment__student_id", "decision")
    )
    return _rate(
        "jury_award_first_sitting", start, end, ((p, s, d == Verdict.Decision.AWARDED) for p, s, d in rows)
    )


def _within_business_days(code, model, start: date, end: date) -> Figure:
    rows = model.objects.filter(decided_at__range=_bounds(start, end)).values_list(
        "enrolment__path__name", "enrolment__student_id", "submitted_at", "decided_at"
    )
    return _rate(
        code,
        start,
        end,
        (
            (
                p,
                s,
                rules.business_days_between(
                    submitted.astimezone(PARIS).date(),
                    decided.astimezone(PARIS).date(),
                    is_business_day=is_business_day,
                )
                <= PATH_CHANGE_BUSINESS_DAYS,
            )
            for p, s, submitted, decided in rows
        ),
    )


def path_changes_within_seven_business_days(start: date, end: date) -> Figure:
    return _within_business_days("path_changes_within_7bd", PathChangeRequest, start, end)


def suspensions_within_seven_business_days(start: date, end: date) -> Figure:
    return _within_business_days("suspensions_within_7bd", SuspensionRequest, start, end)


# The units of the catalogue are stored as they are written here (a criterion's unit is free text); they read
# in the reader's language.
UNITS = {
    "%": "%",
    "days": gettext_lazy("days"),
    "per 100 students": gettext_lazy("per 100 students"),
}


def unit_label(unit: str) -> str:
    """A criterion's unit in the reader's language, when it is one of the catalogue's."""
    return str(UNITS.get(unit, unit))


CATALOGUE: dict[str, Measure] = {
    m.code: m
    for m in (
        Measure(
            "completion_by_path",
            gettext_lazy("Completion rate by path"),
            "%",
            gettext_lazy(
                "Diplomas awarded ÷ trainings that ended in the period as completed, stopped by the student "
                "or excluded, by path (a path change is not an end)."
            ),
            completion_by_path,
        ),
        Measure(
            "completion_by_funding",
            gettext_lazy("Completion rate by funding"),
            "%",
            gettext_lazy(
                "Diplomas awarded ÷ trainings that ended in the period as completed, stopped by the student "
                "or excluded, by the main funding of the training (the largest share: self-funded, job "
                "centre, training fund, employer, other; self-funded when none is recorded)."
            ),
            completion_by_funding,
        ),
        Measure(
            "completion_by_accommodation",
            gettext_lazy("Completion rate with and without an accommodation (ACC-1)"),
            "%",
            gettext_lazy(
                "Diplomas awarded ÷ trainings that ended in the period as completed, stopped by the student "
                "or excluded, for trainings with an accepted ACC-1 accommodation and without."
            ),
            completion_by_accommodation,
        ),
        Measure(
            "dropout_rate",
            gettext_lazy("Dropout rate"),
            "%",
            gettext_lazy(
                "Trainings stopped by the student in the period ÷ trainings under way at some point of the "
                "period, by path."
            ),
            dropout_rate,
        ),
        Measure(
            "suspension_rate",
            gettext_lazy("Suspension rate"),
            "%",
            gettext_lazy(
                "Trainings with a suspension (the student's or the Board's) overlapping the period ÷ "
                "trainings under way at some point of the period, by path."
            ),
            suspension_rate,
        ),
        Measure(
            "time_to_diploma",
            gettext_lazy("Median time to diploma"),
            "days",
            gettext_lazy(
                "Median of the days from the start of the training to the award, for diplomas awarded in the "
                "period, by path."
            ),
            time_to_diploma,
        ),
        Measure(
            "sessions_held",
            gettext_lazy("Share of sessions held"),
            "%",
            gettext_lazy(
                "Sessions attended ÷ sessions the student was due to attend in the period (attended, "
                "postponed, excused or unauthorised; not public holidays, suspensions, nor sessions the "
                "mentor cancelled or missed), by path."
            ),
            sessions_held,
        ),
        Measure(
            "unauthorised_absence_rate",
            gettext_lazy("Unauthorised-absence rate"),
            "%",
            gettext_lazy(
                "Unauthorised absences (ATT-4) ÷ sessions the student was due to attend in the period, by "
                "path."
            ),
            unauthorised_absence_rate,
        ),
        Measure(
            "cases_per_hundred",
            gettext_lazy("Disciplinary cases per 100 students"),
            "per 100 students",
            gettext_lazy(
                "Cases opened in the period ÷ students in training at some point of the period × 100, by the "
                "case's ground."
            ),
            cases_per_hundred,
        ),
        Measure(
            "penalties_per_hundred",
            gettext_lazy("Penalties per 100 students"),
            "per 100 students",
            gettext_lazy(
                "Penalties decided in the period (warning, suspension, exclusion) ÷ students in training at "
                "some point of the period × 100, by penalty."
            ),
            penalties_per_hundred,
        ),
        Measure(
            "jury_award_first_sitting",
            gettext_lazy("Jury award rate at the first sitting"),
            "%",
            gettext_lazy(
                "Diplomas awarded at the student's first verdict ÷ first verdicts recorded in the period, by "
                "path."
            ),
            jury_award_first_sitting,
        ),
        Measure(
            "path_changes_within_7bd",
            gettext_lazy("Path changes decided within 7 business days"),
            "%",
            gettext_lazy(
                "Path-change requests decided within seven business days of submission (CHG-1's count) ÷ "
                "requests decided in the period, by the path left."
            ),
            path_changes_within_seven_business_days,
        ),
        Measure(
            "suspensions_within_7bd",
            gettext_lazy("Suspension requests decided within 7 business days"),
            "%",
            gettext_lazy(
                "Suspension requests decided within seven business days of submission ÷ requests decided in "
                "the period, by path."
            ),
            suspensions_within_seven_business_days,
        ),
    )
}


def measure_choices() -> list[tuple[str, str]]:
    return [(m.code, m.name) for m in CATALOGUE.values()]
