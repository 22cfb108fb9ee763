"""ATT-6's set-based query (``discipline.selectors.enrolments_with_unreferred_runs``) against the one it
replaced, on random histories, and the sweep that reads only what changed since the last one.

The old query (kept here as the reference) numbered streaks over every attended and unauthorised session;
the new one reads the unauthorised absences alone and looks for an attended session only between the first
and the last absence of a possible run. Both must name exactly the same enrolments, whatever the outcomes,
ties in time, referrals (withdrawn or not, attendance cases or others) and enrolment statuses.
"""

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from simple_history.utils import bulk_create_with_history

from discipline.models import Case, CaseEvidence
from discipline.selectors import enrolments_with_unreferred_runs
from discipline.services import (
    REFERRAL_FULL_PASS_EVERY,
    REFERRAL_SWEEP_MARK,
    REFERRAL_SWEEP_OVERLAP,
    attendance_referrals_sweep,
)
from mentoring.models import MentoringSession
from students.models import Enrolment
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory

Outcome = MentoringSession.Outcome

# The query ATT-6's sweep ran until the unauthorised absences had their own index: the reference.
OLD_UNREFERRED_RUNS_SQL = """
WITH marked AS (
    SELECT s.id, s.enrolment_id, s.scheduled_start, s.outcome,
           CASE WHEN EXISTS (
               SELECT 1 FROM discipline_caseevidence ev
               JOIN discipline_case c ON c.id = ev.case_id
               WHERE ev.session_id = s.id AND c.source = 'attendance' AND c.status <> 'withdrawn'
           ) THEN 1 ELSE 0 END AS referred
    FROM mentoring_mentoringsession s
    JOIN students_enrolment e ON e.id = s.enrolment_id
    WHERE s.outcome IN ('attended', 'unauthorised') AND e.status IN ('active', 'suspended')
), streaks AS (
    SELECT enrolment_id, outcome, referred,
           SUM(CASE WHEN outcome = 'attended' OR referred = 1 THEN 1 ELSE 0 END)
               OVER (PARTITION BY enrolment_id ORDER BY scheduled_start, id
                     ROWS UNBOUNDED PRECEDING) AS streak
    FROM marked
)
SELECT DISTINCT enrolment_id FROM streaks
WHERE outcome = 'unauthorised' AND referred = 0
GROUP BY enrolment_id, streak
HAVING COUNT(*) >= %s
"""


def old_query(run_length: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(OLD_UNREFERRED_RUNS_SQL, [run_length])
        return sorted(row[0] for row in cursor.fetchall())


START = datetime(2026, 3, 2, 9, tzinfo=UTC)
ENROLMENTS, MAX_SESSIONS = 3, 60
COUNTED = (Outcome.UNAUTHORISED, Outcome.ATTENDED)
# Unauthorised and attended sessions are the ones that count, the others neither break nor extend a run: most
# drawn sessions are absences, so that runs are common.
OTHERS = [o for o in Outcome.values if o not in COUNTED]
OUTCOMES = [Outcome.UNAUTHORISED] * 6 + [Outcome.ATTENDED] * 3 + OTHERS
LIVE = (Enrolment.Status.ACTIVE, Enrolment.Status.SUSPENDED)
ENROLMENT_STATUSES = [*LIVE, *LIVE, *LIVE] + [s for s in Enrolment.Status.values if s not in LIVE]
CASE_STATUSES = [Case.Status.OPENED, Case.Status.WITHDRAWN, Case.Status.WITHDRAWN, Case.Status.HEARING_HELD]

# A session: its enrolment, its slot (few slots, so that several sessions share a start and only the id
# orders them), its outcome.
sessions_st = st.lists(
    st.tuples(st.integers(0, ENROLMENTS - 1), st.integers(0, 11), st.sampled_from(OUTCOMES)),
    min_size=6,
    max_size=MAX_SESSIONS,
)
# A case: its source, its status and the positions (in the list above) of the sessions it holds as evidence.
cases_st = st.lists(
    st.tuples(
        st.sampled_from([Case.Source.ATTENDANCE] * 3 + [Case.Source.CONDUCT]),
        st.sampled_from(CASE_STATUSES),
        st.sets(st.integers(0, MAX_SESSIONS - 1), max_size=4),
    ),
    max_size=5,
)


def _session(enrolment: Enrolment, slot: int, outcome: str) -> MentoringSession:
    counted = outcome in (Outcome.ATTENDED, Outcome.UNAUTHORISED)
    return MentoringSession(
        enrolment=enrolment,
        mentor_id=enrolment.mentor_id,
        # Two sessions a week at most, and some at the very same time.
        scheduled_start=START + timedelta(days=3 * (slot // 2)),
        status=MentoringSession.Status.LOGGED if counted else MentoringSession.Status.CANCELLED,
        attendance={Outcome.ATTENDED: "attended", Outcome.UNAUTHORISED: "no_show"}.get(outcome, ""),
        outcome=outcome,
        absence_reason="no_notice" if outcome == Outcome.UNAUTHORISED else "",
    )


def _history(enrolments, statuses, sessions, cases, *, with_history_since=None):
    """Write one random history; with ``with_history_since``, the sessions of the even enrolments are written
    with their history dated then (changed), the others without (untouched)."""
    for enrolment, status in zip(enrolments, statuses, strict=True):
        enrolment.status = status
    Enrolment.objects.bulk_update(enrolments, ["status"])
    rows = [_session(enrolments[e], slot, outcome) for e, slot, outcome in sessions]
    if with_history_since is None:
        rows = MentoringSession.objects.bulk_create(rows)
    else:
        changed = [r for r in rows if enrolments.index(r.enrolment) % 2 == 0]
        untouched = [r for r in rows if enrolments.index(r.enrolment) % 2 == 1]
        MentoringSession.objects.bulk_create(untouched)
        bulk_create_with_history(changed, MentoringSession, default_date=with_history_since)
        rows = list(MentoringSession.objects.filter(enrolment__in=enrolments).order_by("pk"))
    for source, status, positions in cases:
        held = [rows[p] for p in sorted(positions) if p < len(rows)]
        if not held:
            continue
        case = Case.objects.bulk_create(
            [
                Case(
                    enrolment=held[0].enrolment,
                    source=source,
                    status=status,
                    summary="Random history.",
                    opened_at=START,
                    withdrawn_reason="Random." if status == Case.Status.WITHDRAWN else "",
                )
            ]
        )[0]
        CaseEvidence.objects.bulk_create(
            [CaseEvidence(case=case, session=s, description="Evidence", added_at=START) for s in held]
        )


# Hypothesis draws histories into the test's database, rolled back after each example; nothing is kept.
PROPERTY = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def enrolments(db):
    return [EnrolmentFactory() for _ in range(ENROLMENTS)]


@pytest.mark.django_db
@settings(PROPERTY, max_examples=300)
@given(
    statuses=st.lists(st.sampled_from(ENROLMENT_STATUSES), min_size=ENROLMENTS, max_size=ENROLMENTS),
    sessions=sessions_st,
    cases=cases_st,
    run_length=st.integers(1, 4),
)
def test_att6_property_the_runs_query_names_the_enrolments_the_old_one_named(
    enrolments, statuses, sessions, cases, run_length
):
    """ATT-6: on any history, the new query equals the old (the run length from 1 to 4 as well as 3)."""
    with transaction.atomic():
        _history(enrolments, statuses, sessions, cases)
        assert enrolments_with_unreferred_runs(run_length=run_length) == old_query(run_length)
        transaction.set_rollback(True)


def _random_history(rng: random.Random) -> tuple[list, list, list]:
    """Denser histories than hypothesis draws: up to 25 sessions per enrolment, nearly half of them absences,
    created in a shuffled order (ids do not follow time), and cases holding mostly absences."""
    statuses = [rng.choice(ENROLMENT_STATUSES) for _ in range(ENROLMENTS)]
    sessions = []
    for e in range(ENROLMENTS):
        for slot in range(rng.randint(0, 25)):
            outcome = rng.choices([Outcome.UNAUTHORISED, Outcome.ATTENDED, rng.choice(OTHERS)], [9, 5, 6])[0]
            sessions.append((e, slot if rng.random() < 0.8 else max(slot - 1, 0), outcome))
    rng.shuffle(sessions)
    absences = [i for i, (_, _, outcome) in enumerate(sessions) if outcome == Outcome.UNAUTHORISED]
    cases = [
        (
            rng.choice([Case.Source.ATTENDANCE] * 3 + [Case.Source.CONDUCT]),
            rng.choice(CASE_STATUSES),
            set(rng.sample(absences, min(len(absences), 3)) + rng.sample(range(len(sessions)), 1)),
        )
        for _ in range(rng.randint(0, 3) if sessions else 0)
    ]
    return statuses, sessions, cases


@pytest.mark.django_db
def test_att6_the_runs_query_names_the_enrolments_the_old_one_named_on_seeded_random_histories(enrolments):
    """ATT-6: the same on 300 seeded random histories, many of them holding runs (about half name someone)."""
    named = 0
    for seed in range(300):
        rng = random.Random(seed)
        statuses, sessions, cases = _random_history(rng)
        run_length = rng.choice([3, 3, 2, 4])
        with transaction.atomic():
            _history(enrolments, statuses, sessions, cases)
            expected = old_query(run_length)
            assert enrolments_with_unreferred_runs(run_length=run_length) == expected, f"seed {seed}"
            named += bool(expected)
            transaction.set_rollback(True)
    assert named > 100  # the histories do hold runs


@pytest.mark.django_db
@settings(PROPERTY, max_examples=100)
@given(
    statuses=st.lists(st.sampled_from(ENROLMENT_STATUSES), min_size=ENROLMENTS, max_size=ENROLMENTS),
    sessions=sessions_st,
    cases=cases_st,
)
def test_att6_property_between_full_passes_the_query_reads_only_the_enrolments_that_changed(
    enrolments, statuses, sessions, cases
):
    """ATT-6: narrowed to what changed since a moment, the query names the enrolments the whole query names
    among those whose sessions have history since then — and none of the others."""
    since = START + timedelta(days=100)
    with transaction.atomic():
        Enrolment.history.filter(id__in=[e.pk for e in enrolments]).update(history_date=START)
        _history(enrolments, statuses, sessions, cases, with_history_since=since)
        changed = {e.pk for i, e in enumerate(enrolments) if i % 2 == 0}
        everyone = enrolments_with_unreferred_runs(run_length=3)
        assert everyone == old_query(3)
        assert enrolments_with_unreferred_runs(run_length=3, changed_since=since) == sorted(
            set(everyone) & changed
        )
        assert enrolments_with_unreferred_runs(run_length=3, changed_since=since + timedelta(seconds=1)) == []
        transaction.set_rollback(True)


# --- Examples at the edges --------------------------------------------------------------------------------


def _absence(enrolment, start, **extra) -> MentoringSession:
    return SessionFactory(
        enrolment=enrolment,
        scheduled_start=start,
        status="logged",
        attendance="no_show",
        outcome="unauthorised",
        absence_reason="no_notice",
        **extra,
    )


def _attended(enrolment, start) -> MentoringSession:
    return SessionFactory(
        enrolment=enrolment, scheduled_start=start, status="logged", attendance="attended", outcome="attended"
    )


@pytest.mark.django_db
def test_att6_three_absences_at_the_same_time_as_an_attended_session_are_ordered_by_id():
    """Sessions at one instant are read in the order they were created (the old query's order): U, A, U, U is
    no run; A, U, U, U is one."""
    broken, whole = EnrolmentFactory(), EnrolmentFactory()
    _absence(broken, START)
    SessionFactory(
        enrolment=broken, scheduled_start=START, status="logged", attendance="attended", outcome="attended"
    )
    _absence(broken, START)
    _absence(broken, START)
    SessionFactory(
        enrolment=whole, scheduled_start=START, status="logged", attendance="attended", outcome="attended"
    )
    for _ in range(3):
        _absence(whole, START)

    assert enrolments_with_unreferred_runs(run_length=3) == old_query(3) == [whole.pk]


@pytest.mark.django_db
def test_att6_a_referred_absence_between_ends_the_run_and_a_withdrawn_case_refers_nothing():
    enrolment = EnrolmentFactory()
    absences = [_absence(enrolment, START + timedelta(weeks=i)) for i in range(5)]
    case = Case.objects.create(
        enrolment=enrolment, source=Case.Source.ATTENDANCE, summary="Runs.", opened_at=START
    )
    CaseEvidence.objects.create(case=case, session=absences[2], description="Evidence", added_at=START)
    assert enrolments_with_unreferred_runs(run_length=3) == old_query(3) == []  # U U [R] U U

    case.status, case.withdrawn_reason = Case.Status.WITHDRAWN, "Mistaken."
    case.save()
    assert enrolments_with_unreferred_runs(run_length=3) == old_query(3) == [enrolment.pk]


# --- The sweep between two full passes ------------------------------------------------------------------

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _backdate(enrolment) -> None:
    """Date the whole recorded history of the enrolment (its record, sessions and cases) long before NOW."""
    Enrolment.history.filter(id=enrolment.pk).update(history_date=START)
    MentoringSession.history.filter(enrolment_id=enrolment.pk).update(history_date=START)
    Case.history.filter(enrolment_id=enrolment.pk).update(history_date=START)


@pytest.mark.django_db
def test_att6_sweep_after_the_first_reads_only_what_changed_and_every_enrolment_once_a_day():
    """A run written without history (a data fix in SQL) is found by the next full pass — the first sweep,
    then once a day — not by the sweeps between, which read the enrolments whose history moved."""
    hidden, seen = EnrolmentFactory(), EnrolmentFactory()
    first = attendance_referrals_sweep(now=NOW)
    assert first.full_pass and first.cases_opened == []

    MentoringSession.objects.bulk_create(
        [_session(hidden, 2 * week, Outcome.UNAUTHORISED) for week in range(3)]  # no history
    )
    for week in range(3):
        _absence(seen, START + timedelta(weeks=week))
    _backdate(hidden)
    MentoringSession.history.filter(enrolment_id=seen.pk).update(history_date=NOW + timedelta(minutes=10))

    later = attendance_referrals_sweep(now=NOW + timedelta(minutes=15))
    assert not later.full_pass
    assert [Case.objects.get(pk=pk).enrolment_id for pk in later.cases_opened] == [seen.pk]

    assert attendance_referrals_sweep(now=NOW + timedelta(minutes=30)).cases_opened == []
    nightly = attendance_referrals_sweep(now=NOW + REFERRAL_FULL_PASS_EVERY)
    assert nightly.full_pass
    assert [Case.objects.get(pk=pk).enrolment_id for pk in nightly.cases_opened] == [hidden.pk]
    assert attendance_referrals_sweep(now=NOW + REFERRAL_FULL_PASS_EVERY, full=True).cases_opened == []


@pytest.mark.django_db
def test_att6_sweep_looks_an_hour_before_the_last_one():
    """A change dated just before the last sweep (a transaction that began before it and committed after) is
    still read by the next one; a change older than the overlap is left to the full pass."""
    late, old = EnrolmentFactory(), EnrolmentFactory()
    attendance_referrals_sweep(now=NOW)
    for enrolment in (late, old):
        for week in range(3):
            _absence(enrolment, START + timedelta(weeks=week))
    _backdate(old)
    _backdate(late)
    MentoringSession.history.filter(enrolment_id=late.pk).update(
        history_date=NOW - REFERRAL_SWEEP_OVERLAP + timedelta(seconds=1)
    )

    opened = attendance_referrals_sweep(now=NOW + timedelta(minutes=15)).cases_opened
    assert [Case.objects.get(pk=pk).enrolment_id for pk in opened] == [late.pk]


@pytest.mark.django_db
def test_att6_a_case_withdrawn_since_the_last_sweep_puts_its_enrolment_back_in_view():
    """A withdrawn attendance case refers nothing: the enrolment is read again between full passes because
    the case's history moved, though its sessions did not."""
    enrolment = EnrolmentFactory()
    for week in range(3):
        _absence(enrolment, START + timedelta(weeks=week))
    opened = attendance_referrals_sweep(now=NOW).cases_opened
    assert len(opened) == 1
    _backdate(enrolment)
    since = NOW - REFERRAL_SWEEP_OVERLAP
    assert enrolments_with_unreferred_runs(run_length=3, changed_since=since) == []

    case = Case.objects.get(pk=opened[0])
    case.status, case.withdrawn_reason = Case.Status.WITHDRAWN, "Mistaken."
    case._history_date = NOW + timedelta(minutes=5)
    case.save()

    assert enrolments_with_unreferred_runs(run_length=3, changed_since=since) == [enrolment.pk]
    assert enrolments_with_unreferred_runs(run_length=3) == old_query(3) == [enrolment.pk]


@pytest.mark.django_db
def test_att6_sweep_with_a_lost_mark_or_a_clock_gone_back_reads_everything():
    hidden = EnrolmentFactory()
    attendance_referrals_sweep(now=NOW)
    MentoringSession.objects.bulk_create(
        [_session(hidden, 2 * week, Outcome.UNAUTHORISED) for week in range(3)]
    )
    _backdate(hidden)

    earlier = attendance_referrals_sweep(now=NOW - timedelta(minutes=15))
    assert earlier.full_pass and len(earlier.cases_opened) == 1
    cache.delete(REFERRAL_SWEEP_MARK)
    assert attendance_referrals_sweep(now=NOW).full_pass


@pytest.mark.django_db
def test_att6_sweep_with_the_cache_down_reads_everything_and_still_refers(settings):
    """ATT-6: the mark lives in the cache; with the cache unreachable the sweep neither fails nor narrows —
    it reads every enrolment and refers the run no history recorded."""
    hidden = EnrolmentFactory()
    attendance_referrals_sweep(now=NOW)
    MentoringSession.objects.bulk_create(
        [_session(hidden, 2 * week, Outcome.UNAUTHORISED) for week in range(3)]
    )
    _backdate(hidden)
    settings.CACHES = {  # a Redis that does not answer: nothing listens on port 9
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    report = attendance_referrals_sweep(now=NOW + timedelta(minutes=15))
    assert report.full_pass
    assert [Case.objects.get(pk=pk).enrolment_id for pk in report.cases_opened] == [hidden.pk]
