"""The weekly schedule in ``mentoring.rules`` (ATT-1, ATT-2): pure functions, no database."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from mentoring import rules
from mentoring.models import MentoringSession

PARIS = ZoneInfo("Europe/Paris")
MONTREAL = ZoneInfo("America/Montreal")


def _plan(first_day, last_day, *, weekday=0, at=time(18), tz=PARIS, pauses=()):
    return rules.plan_weeks(
        weekday=weekday, starts_at=at, tz=tz, first_day=first_day, last_day=last_day, pauses=pauses
    )


def test_att1_one_session_a_week_on_the_slots_day_from_the_first_to_the_last_day_included():
    weeks = _plan(date(2026, 9, 7), date(2026, 9, 28))  # four Mondays, both ends included
    assert [w.week for w in weeks] == [
        date(2026, 9, 7),
        date(2026, 9, 14),
        date(2026, 9, 21),
        date(2026, 9, 28),
    ]
    assert [w.week for w in _plan(date(2026, 9, 8), date(2026, 9, 27))] == [
        date(2026, 9, 14),
        date(2026, 9, 21),
    ]


def test_att1_18_00_in_paris_stays_18_00_across_both_clock_changes():
    """Clocks go forward on 29 March 2026 and back on 25 October 2026: UTC moves, the local time does not."""
    spring = _plan(date(2026, 3, 23), date(2026, 3, 30))
    assert [w.start for w in spring] == [
        datetime(2026, 3, 23, 17, tzinfo=UTC),
        datetime(2026, 3, 30, 16, tzinfo=UTC),
    ]
    autumn = _plan(date(2026, 10, 19), date(2026, 10, 26))
    assert [w.start for w in autumn] == [
        datetime(2026, 10, 19, 16, tzinfo=UTC),
        datetime(2026, 10, 26, 17, tzinfo=UTC),
    ]
    assert {w.start.astimezone(PARIS).time() for w in spring + autumn} == {time(18)}


def test_att1_the_slot_is_in_the_students_time_zone():
    [week] = _plan(date(2026, 11, 2), date(2026, 11, 2), tz=MONTREAL)
    assert week.start == datetime(2026, 11, 2, 23, tzinfo=UTC)  # 18:00 in Montreal (UTC-5)


def test_att2_a_public_holiday_is_marked_and_the_next_week_is_ordinary():
    weeks = _plan(date(2026, 12, 21), date(2027, 1, 1), weekday=4)  # Fridays: 25 December, 1 January
    assert [(w.week, w.holiday) for w in weeks] == [
        (date(2026, 12, 21), "Christmas Day"),
        (date(2026, 12, 28), "New Year's Day"),
    ]
    assert [w.holiday for w in _plan(date(2027, 1, 4), date(2027, 1, 10), weekday=4)] == [""]


def test_sus4_no_session_from_the_first_day_of_a_suspension_to_the_day_before_it_resumes():
    pause = (date(2026, 9, 14), date(2026, 9, 28))  # 14 September to 27 September, resumes on the 28th
    weeks = _plan(date(2026, 9, 7), date(2026, 10, 5), pauses=[pause])
    assert [w.week for w in weeks] == [date(2026, 9, 7), date(2026, 9, 28), date(2026, 10, 5)]


def test_sus1_a_stop_ends_the_plan_from_its_first_day():
    weeks = _plan(date(2026, 9, 7), date(2026, 12, 31), pauses=[(date(2026, 9, 21), None)])
    assert [w.week for w in weeks] == [date(2026, 9, 7), date(2026, 9, 14)]


def test_the_rules_outcomes_mirror_the_sessions_outcomes():
    """Discipline reads a session's outcome as ``rules.Outcome``: every stored value must be one."""
    assert {o.value for o in rules.Outcome} == set(MentoringSession.Outcome.values)


def test_att2_att7_which_sessions_are_replaced():
    assert {o for o in rules.Outcome if rules.replaceable(o)} == {
        rules.Outcome.POSTPONED,
        rules.Outcome.EXCUSED,
        rules.Outcome.UNAUTHORISED,
        rules.Outcome.MENTOR_CANCELLED,
        rules.Outcome.HOLIDAY,
    }


def test_a_time_zone_is_one_the_worlds_clocks_know():
    assert rules.time_zone_problem("Europe/Paris") is None
    assert "not a time zone" in rules.time_zone_problem("Europe/Atlantis")
    assert "not a time zone" in rules.time_zone_problem("")


# --- Mentors' availability and absences ------------------------------------------------------------


NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def test_att7_a_mentors_absence_is_planned_ahead_and_lasts_three_months_at_most():
    def problem(start, end):
        return rules.mentor_absence_problem(starts_at=start, ends_at=end, now=NOW)

    assert problem(NOW, NOW.replace(month=5, day=31)) is None  # starting now; 1 March – 31 May: three months
    assert problem(NOW, NOW.replace(month=6, day=1, hour=0)) is None  # back on 1 June: away until 31 May
    assert "three months at most" in problem(NOW, NOW.replace(month=6, day=1, hour=0, microsecond=1))
    assert "three months at most" in problem(NOW, NOW.replace(month=6, day=1))
    assert "cannot start in the past" in problem(NOW.replace(second=0, minute=59, hour=8), NOW.replace(day=2))
    assert "ends before it starts" in problem(NOW.replace(day=2), NOW.replace(day=2))


def test_att2_weekly_windows_may_touch_but_never_overlap():
    tuesday_morning = rules.Window(1, time(9), time(12))
    assert rules.availability_problem(rules.Window(1, time(12), time(14)), [tuesday_morning]) is None
    assert rules.availability_problem(rules.Window(2, time(9), time(12)), [tuesday_morning]) is None
    assert "overlaps your other one" in rules.availability_problem(
        rules.Window(1, time(11, 59), time(14)), [tuesday_morning]
    )
    assert "ends before it starts" in rules.availability_problem(rules.Window(1, time(14), time(14)), [])


def test_the_mentors_load_counts_each_day_of_the_week():
    monday = date(2027, 3, 1)
    load = rules.load_per_day(
        monday, [date(2027, 3, 2), date(2027, 3, 2), date(2027, 3, 7), date(2027, 3, 8)]
    )
    assert load == [
        (date(2027, 3, 1), 0),
        (date(2027, 3, 2), 2),
        (date(2027, 3, 3), 0),
        (date(2027, 3, 4), 0),
        (date(2027, 3, 5), 0),
        (date(2027, 3, 6), 0),
        (date(2027, 3, 7), 1),
    ]


def test_att2_a_public_holidays_session_stays_one_whatever_else_is_known():
    result = rules.classify(rules.SessionFacts(scheduled_start=NOW, holiday=True))
    assert result.outcome == rules.Outcome.HOLIDAY and not result.counts_against_student
