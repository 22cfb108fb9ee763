"""IMP-2, IMP-4: every measure of the catalogue on a small data set whose figures are counted by hand in
each test's docstring, and the suppression of small cells at 9 and 10 students and by subtraction."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from discipline.models import Case, Decision
from impact import measures, rules
from juries.models import Verdict
from mentoring.models import MentoringSession
from students.models import Accommodation, Enrolment, EnrolmentFunding, EnrolmentPause
from students.rules import is_business_day
from tests.accounts.factories import UserFactory
from tests.discipline.factories import CaseFactory, DecisionFactory
from tests.juries.factories import CandidacyFactory, VerdictFactory
from tests.mentoring.factories import SessionFactory
from tests.projects.factories import PathFactory
from tests.students.factories import (
    AccommodationFactory,
    EnrolmentFactory,
    EnrolmentFundingFactory,
    PathChangeRequestFactory,
    SuspensionRequestFactory,
)

PARIS = ZoneInfo("Europe/Paris")
START, END = date(2025, 1, 1), date(2025, 12, 31)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), PARIS)


def _cells(figure) -> dict[str, Decimal | None]:
    return {c.label: c.value for c in figure.cells}


# --- Suppression (IMP-4) ----------------------------------------------------------------------------------


def test_imp4_a_cell_of_9_students_is_hidden_and_one_of_10_is_shown():
    assert rules.suppressed({"A": 10, "B": 40, "C": 30}) == frozenset()
    assert rules.suppressed({"A": 9, "B": 9, "C": 40}) == {"A", "B"}
    assert rules.total_suppressed(9) and not rules.total_suppressed(10)


def test_imp4_a_single_hidden_cell_hides_the_smallest_other_so_the_total_does_not_reveal_it():
    """50 + 7 + 30 = 87: with 87 and two cells shown, 7 would be found by subtraction."""
    assert rules.suppressed({"A": 50, "B": 7, "C": 30}) == {"B", "C"}
    assert rules.suppressed({"A": 50, "B": 7, "C": 30}, total_shown=False) == {"B"}


def test_imp4_rates_and_medians_are_rounded_half_up_to_one_decimal():
    assert rules.percentage(2, 3) == Decimal("66.7")
    assert rules.percentage(1, 16) == Decimal("6.3")  # 6.25
    assert rules.percentage(0, 0) is None
    assert rules.median([300, 301, 302, 309]) == Decimal("301.5")


def test_chg1_business_days_between_skip_weekends_and_public_holidays():
    # Friday 11 July 2025 → Friday 18 July: Monday 14 July is Bastille Day, so four business days.
    assert (
        rules.business_days_between(date(2025, 7, 11), date(2025, 7, 18), is_business_day=is_business_day)
        == 4
    )
    assert (
        rules.business_days_between(date(2025, 3, 3), date(2025, 3, 12), is_business_day=is_business_day) == 7
    )
    assert (
        rules.business_days_between(date(2025, 3, 3), date(2025, 3, 3), is_business_day=is_business_day) == 0
    )


# --- Completion -----------------------------------------------------------------------------------------


def _ended(path, status, *, on=date(2025, 6, 30), start=date(2024, 6, 1), **kwargs):
    return EnrolmentFactory(path=path, status=status, start_date=start, ended_on=on, **kwargs)


@pytest.mark.django_db
def test_imp2_completion_rate_by_path():
    """Web: 12 ended (9 completed, 2 stopped, 1 excluded) → 75.0. Design: 10 ended, 5 completed → 50.0.
    Data: 3 ended, 1 completed → hidden (3 < 10), and Design, the smallest other cell, with it (else 25 − 12
    − 10 would give Data). All: 15 completed of 25 → 60.0. Not counted: a path change (it continues), a
    training that ended in 2024, one still under way."""
    web, design, data = PathFactory(name="Web"), PathFactory(name="Design"), PathFactory(name="Data")
    Completed, Stopped, Excluded = (
        Enrolment.Status.COMPLETED,
        Enrolment.Status.TERMINATED,
        Enrolment.Status.EXCLUDED,
    )
    for status in [Completed] * 9 + [Stopped] * 2 + [Excluded]:
        _ended(web, status)
    for status in [Completed] * 5 + [Stopped] * 5:
        _ended(design, status)
    for status in [Completed, Stopped, Stopped]:
        _ended(data, status)
    _ended(web, Enrolment.Status.TRANSFERRED)
    _ended(web, Stopped, on=date(2024, 12, 31))
    EnrolmentFactory(path=web)
    figure = measures.completion_by_path(START, END)
    assert (figure.total.students, figure.total.value) == (25, Decimal("60.0"))
    assert _cells(figure) == {"Web": Decimal("75.0"), "Design": None, "Data": None}
    assert figure.as_json()["cells"][0] == {"label": "Data", "value": None, "students": None}


@pytest.mark.django_db
def test_imp2_completion_rate_by_funding():
    """Self-funded (no funding recorded): 10 ended, 8 completed → 80.0. Job centre: 10 ended, 6 completed
    → 60.0. Employer: 1 (60 % employer, 40 % job centre: the largest share is the main funding), completed →
    hidden, and Job centre with it (10 = 10; the first label). All: 15 of 21 → 71.4."""
    path = PathFactory()
    for i in range(10):
        _ended(path, Enrolment.Status.COMPLETED if i < 8 else Enrolment.Status.TERMINATED)
    for i in range(10):
        funded = _ended(path, Enrolment.Status.COMPLETED if i < 6 else Enrolment.Status.TERMINATED)
        EnrolmentFundingFactory(enrolment=funded, kind=EnrolmentFunding.Kind.JOB_CENTRE)
    mixed = _ended(path, Enrolment.Status.COMPLETED)
    EnrolmentFundingFactory(enrolment=mixed, kind=EnrolmentFunding.Kind.JOB_CENTRE, share_percent=40)
    EnrolmentFundingFactory(enrolment=mixed, kind=EnrolmentFunding.Kind.EMPLOYER, share_percent=60)
    figure = measures.completion_by_funding(START, END)
    assert (figure.total.students, figure.total.value) == (21, Decimal("71.4"))
    assert _cells(figure) == {
        "Self-funded": Decimal("80.0"),
        "Job centre": None,
        "Employer company training plan": None,
    }


@pytest.mark.django_db
def test_imp2_acc1_completion_rate_with_and_without_an_accommodation():
    """With an accepted accommodation: 10 ended, 7 completed → 70.0. Without: 10 ended (one with an
    accommodation still pending), 9 completed → 90.0. All: 16 of 20 → 80.0."""
    path = PathFactory()
    for i in range(10):
        with_acc = _ended(path, Enrolment.Status.COMPLETED if i < 7 else Enrolment.Status.TERMINATED)
        AccommodationFactory(enrolment=with_acc, status=Accommodation.Status.ACCEPTED)
    for i in range(10):
        without = _ended(path, Enrolment.Status.COMPLETED if i < 9 else Enrolment.Status.TERMINATED)
    AccommodationFactory(enrolment=without)
    figure = measures.completion_by_accommodation(START, END)
    assert figure.total.value == Decimal("80.0")
    assert _cells(figure) == {
        "With an accommodation (ACC-1)": Decimal("70.0"),
        "Without an accommodation": Decimal("90.0"),
    }


# --- Dropout, suspension, time to diploma -----------------------------------------------------------------


@pytest.mark.django_db
def test_imp2_dropout_and_suspension_rates():
    """20 trainings under way in 2025 (one stopped on 31 December 2024 is not): 4 stopped in 2025 →
    dropout 20.0. Suspensions overlapping 2025: two, and one back on 2 January 2025; one back on 1 January
    2025 ended the day before, and a stop (no return) is not a suspension → 3 of 20 = 15.0."""
    path = PathFactory(name="Web")
    under_way = [EnrolmentFactory(path=path, start_date=date(2024, 9, 1)) for _ in range(16)]
    for _ in range(4):
        _ended(path, Enrolment.Status.TERMINATED, start=date(2024, 9, 1))
    _ended(path, Enrolment.Status.TERMINATED, on=date(2024, 12, 31), start=date(2024, 9, 1))

    def pause(enrolment, starts_on, until):
        EnrolmentPause.objects.create(
            enrolment=enrolment, starts_on=starts_on, until=until, rule="SUS-4", reason="Test",
            recorded_at=_at(starts_on),
        )  # fmt: skip

    pause(under_way[0], date(2025, 3, 1), date(2025, 3, 20))
    pause(under_way[1], date(2025, 12, 31), date(2026, 1, 15))
    pause(under_way[2], date(2024, 12, 20), date(2025, 1, 2))
    pause(under_way[3], date(2024, 12, 1), date(2025, 1, 1))
    pause(under_way[4], date(2025, 5, 1), None)
    dropout = measures.dropout_rate(START, END)
    assert (dropout.total.students, dropout.total.value) == (20, Decimal("20.0"))
    assert measures.suspension_rate(START, END).total.value == Decimal("15.0")


@pytest.mark.django_db
def test_imp2_median_time_to_diploma():
    """Ten diplomas in 2025 after 300 … 309 days → median 304.5 days; one in 2024 and a stop are not
    counted."""
    path = PathFactory(name="Web")
    for days in range(300, 310):
        _ended(
            path,
            Enrolment.Status.COMPLETED,
            start=date(2025, 12, 1) - timedelta(days=days),
            on=date(2025, 12, 1),
        )
    _ended(path, Enrolment.Status.COMPLETED, on=date(2024, 12, 1), start=date(2023, 1, 1))
    _ended(path, Enrolment.Status.TERMINATED, start=date(2020, 1, 1))
    figure = measures.time_to_diploma(START, END)
    assert (figure.total.students, figure.total.value) == (10, Decimal("304.5"))
    assert _cells(figure) == {"Web": Decimal("304.5")}


# --- Sessions -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_imp2_share_of_sessions_held_and_unauthorised_absence_rate():
    """Ten students, four sessions due each in 2025 (40): five students attended 3 and missed 1 without
    authorisation; five attended 2, were excused once and postponed once. Held: 25 of 40 → 62.5;
    unauthorised: 5 of 40 → 12.5. Not due: a public holiday, a session the mentor cancelled, a session at
    23:30 on 31 December 2024 (Paris); due: one at midnight on 1 January 2025 is the first of the four."""
    path = PathFactory(name="Web")
    mentor = UserFactory(roles=["mentor"])
    Outcome = MentoringSession.Outcome
    for i in range(10):
        enrolment = EnrolmentFactory(path=path, mentor=mentor, start_date=date(2024, 9, 1))
        missed = [Outcome.UNAUTHORISED] if i < 5 else [Outcome.EXCUSED, Outcome.POSTPONED]
        outcomes = [Outcome.ATTENDED] * (4 - len(missed)) + missed
        starts = [datetime(2025, 1, 1, 0, 0, tzinfo=PARIS), _at(date(2025, 2, 3)), _at(date(2025, 3, 3)),
                  _at(date(2025, 4, 7))]  # fmt: skip
        for start, outcome in zip(starts, outcomes, strict=True):
            SessionFactory(enrolment=enrolment, scheduled_start=start, outcome=outcome, status="logged")
        SessionFactory(enrolment=enrolment, scheduled_start=_at(date(2025, 5, 1)), outcome=Outcome.HOLIDAY)
        SessionFactory(
            enrolment=enrolment, scheduled_start=_at(date(2025, 5, 5)), outcome=Outcome.MENTOR_CANCELLED
        )
        SessionFactory(
            enrolment=enrolment, scheduled_start=datetime(2024, 12, 31, 23, 30, tzinfo=PARIS),
            outcome=Outcome.UNAUTHORISED, status="logged",
        )  # fmt: skip
    held = measures.sessions_held(START, END)
    assert (held.total.students, held.total.value) == (10, Decimal("62.5"))
    assert measures.unauthorised_absence_rate(START, END).total.value == Decimal("12.5")


# --- Discipline -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_imp2_disciplinary_cases_and_penalties_per_100_students():
    """20 students in training in 2025. Cases opened in 2025: 10 for absences (ATT-6), on 10 students →
    50.0 per 100; 2 for conduct → hidden (2 students), and the absences' cell with it; all 12 → 60.0. A case
    opened in 2024 is not counted. Penalties decided in 2025: 10 warnings on 10 students → 50.0; a 'no
    penalty' decision is not a penalty; all → 50.0."""
    path = PathFactory()
    students = [EnrolmentFactory(path=path, start_date=date(2024, 9, 1)) for _ in range(20)]
    for enrolment in students[:10]:
        CaseFactory(enrolment=enrolment, source=Case.Source.ATTENDANCE, opened_at=_at(date(2025, 4, 1)))
    for enrolment in students[10:12]:
        CaseFactory(enrolment=enrolment, source=Case.Source.CONDUCT, opened_at=_at(date(2025, 4, 1)))
    CaseFactory(enrolment=students[12], opened_at=_at(date(2024, 12, 1)))
    cases = measures.cases_per_hundred(START, END)
    assert (cases.total.students, cases.total.value) == (20, Decimal("60.0"))
    assert set(_cells(cases).values()) == {None}
    for enrolment in students[:10]:
        DecisionFactory(case__enrolment=enrolment, decided_at=_at(date(2025, 5, 1)))
    DecisionFactory(
        case__enrolment=students[10], penalty=Decision.Penalty.NONE, decided_at=_at(date(2025, 5, 1))
    )
    penalties = measures.penalties_per_hundred(START, END)
    assert penalties.total.value == Decimal("50.0")
    assert _cells(penalties) == {"Warning": Decimal("50.0")}


# --- Juries ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_imp2_trn4_jury_award_rate_at_the_first_sitting():
    """Ten students' first verdicts in 2025, seven awards → 70.0. Two students refused in 2024 and awarded
    in 2025 come back: their 2025 verdict is not a first one, so it is not counted."""
    path = PathFactory(name="Web")
    for i in range(10):
        VerdictFactory(
            candidacy__enrolment__path=path, decided_at=_at(date(2025, 6, 1)), reasons="" if i < 7 else "No.",
            decision=Verdict.Decision.AWARDED if i < 7 else Verdict.Decision.REFUSED,
        )  # fmt: skip
    for _ in range(2):
        enrolment = EnrolmentFactory(path=path)
        VerdictFactory(candidacy__enrolment=enrolment, decided_at=_at(date(2024, 6, 1)))
        VerdictFactory(
            candidacy=CandidacyFactory(enrolment=enrolment, status="decided"),
            decision=Verdict.Decision.AWARDED, reasons="", decided_at=_at(date(2025, 6, 1)),
        )  # fmt: skip
    figure = measures.jury_award_first_sitting(START, END)
    assert (figure.total.students, figure.total.value) == (10, Decimal("70.0"))


# --- Processing times (CHG-1) ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "measure"),
    [
        (PathChangeRequestFactory, measures.path_changes_within_seven_business_days),
        (SuspensionRequestFactory, measures.suspensions_within_seven_business_days),
    ],
)
def test_imp2_chg1_requests_decided_within_seven_business_days(factory, measure):
    """Ten requests sent on Monday 3 March 2025: eight decided on Wednesday 12 March (the seventh business
    day: in time), two on Thursday 13 March (the eighth: late) → 80.0. Still waiting: not counted."""
    path = PathFactory()
    for i in range(10):
        factory(
            enrolment=EnrolmentFactory(path=path), submitted_at=_at(date(2025, 3, 3)), status="approved",
            decided_at=_at(date(2025, 3, 12) if i < 8 else date(2025, 3, 13), 17),
        )  # fmt: skip
    factory(enrolment=EnrolmentFactory(path=path), submitted_at=_at(date(2025, 3, 3)))
    figure = measure(START, END)
    assert (figure.total.students, figure.total.value) == (10, Decimal("80.0"))


def test_imp2_every_measure_of_the_catalogue_documents_its_formula():
    assert len(measures.CATALOGUE) == 13
    for measure in measures.CATALOGUE.values():
        assert measure.formula.strip() and measure.unit and measure.name
