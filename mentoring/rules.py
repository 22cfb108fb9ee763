"""The attendance clauses of the Student Policy (clauses 3.1, 3.2) as pure functions.

No ORM, no I/O: plain datetimes (timezone-aware, compared as real elapsed time, i.e. in UTC) and small
dataclasses. Each function cites the SPEC rule it implements; ``tests/mentoring/test_rules.py`` tests each
on both sides of its boundary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openclassrooms.core.periods import longer_than, public_holiday

# ATT-2: notice at least 24 hours before the start is in time. Real hours: across a daylight-saving
# change the wall clock moves, elapsed time does not.
NOTICE_PERIOD = timedelta(hours=24)
# ATT-4: more than 15 minutes late is an unauthorised absence; exactly 15 is not.
LATE_TOLERANCE = timedelta(minutes=15)
# ATT-5: reasons and a new booking within 48 hours of the missed session's start.
FOLLOW_UP_WINDOW = timedelta(hours=48)
# A session not logged two hours after its end is "to log"; Student Success sees it after 48 hours.
LOG_REMINDER_AFTER = timedelta(hours=2)
LOG_ESCALATION_AFTER = timedelta(hours=48)
# Bad input: a join time must fall between the start and the end of the session's day of grace.
JOIN_LATEST_AFTER_START = timedelta(hours=12)
# ATT-6: three consecutive unauthorised absences refer the student to the Disciplinary Board.
REFERRAL_RUN_LENGTH = 3
# A monitoring report covers six months at most (a sensible maximum; the policy sets none).
MAX_REPORT_MONTHS = 6
# My week shows a week within five years of today (a training lasts four at most).
MAX_WEEK_DISTANCE_YEARS = 5
# A planned session lasts from a minute to four hours (sensible bounds; the policy sets none).
MIN_SESSION = timedelta(minutes=1)
MAX_SESSION = timedelta(hours=4)


class Outcome(StrEnum):
    """Mirrors ``MentoringSession.Outcome``; kept here so the rules need no model (only Django's translation
    of the sentences they explain themselves in)."""

    PENDING = "pending"
    ATTENDED = "attended"
    POSTPONED = "postponed"
    EXCUSED = "excused"
    UNAUTHORISED = "unauthorised"
    MENTOR_CANCELLED = "mentor_cancelled"
    MENTOR_ABSENT = "mentor_absent"
    ADMINISTRATIVE = "administrative"
    HOLIDAY = "holiday"


class Reason(StrEnum):
    NONE = ""
    NO_NOTICE = "no_notice"
    LATE_NOTICE = "late_notice"
    LATE_CANCELLATION = "late_cancellation"
    LATE_ARRIVAL = "late_arrival"


class Attendance(StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    MENTOR_CANCELLED = "mentor_cancelled"
    MENTOR_ABSENT = "mentor_absent"


class NoticeKind(StrEnum):
    ABSENCE = "absence"
    CANCELLATION = "cancellation"


@dataclass(frozen=True)
class SessionFacts:
    """Everything the attendance rules look at for one session."""

    scheduled_start: datetime
    attendance: Attendance | None = None
    joined_at: datetime | None = None
    notice_given_at: datetime | None = None
    notice_kind: NoticeKind | None = None
    exceptional: bool = False
    administratively_cancelled: bool = False
    holiday: bool = False


@dataclass(frozen=True)
class Classification:
    outcome: Outcome
    reason: Reason
    rule: str
    explanation: str

    @property
    def counts_against_student(self) -> bool:
        return self.outcome == Outcome.UNAUTHORISED


def elapsed(earlier: datetime, later: datetime) -> timedelta:
    """Real time between two instants, computed in UTC.

    Python subtracts two datetimes sharing one ``tzinfo`` on their wall clocks, which is an hour off across
    a daylight-saving change; converting both to UTC first gives the real hours the policy means.
    """
    if earlier.tzinfo is None or later.tzinfo is None:
        raise ValueError("The attendance rules need timezone-aware datetimes.")
    return later.astimezone(UTC) - earlier.astimezone(UTC)


def notice_in_time(*, given_at: datetime, scheduled_start: datetime) -> bool:
    """ATT-2: notice given at least 24 hours before the start. Exactly 24 hours counts as in time."""
    return elapsed(given_at, scheduled_start) >= NOTICE_PERIOD


def late_by(*, joined_at: datetime, scheduled_start: datetime) -> timedelta:
    return max(elapsed(scheduled_start, joined_at), timedelta(0))


def is_late_arrival(*, joined_at: datetime, scheduled_start: datetime) -> bool:
    """ATT-4: joining more than 15 minutes late. Exactly 15 minutes is not more than 15."""
    return late_by(joined_at=joined_at, scheduled_start=scheduled_start) > LATE_TOLERANCE


def _minutes(delta: timedelta) -> str:
    total = int(delta.total_seconds())
    minutes, seconds = divmod(total, 60)
    text = ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes}
    return _("%(minutes)s %(seconds)d s") % {"minutes": text, "seconds": seconds} if seconds else text


def _hours_before(delta: timedelta) -> str:
    hours, rest = divmod(int(delta.total_seconds()), 3600)
    minutes = rest // 60
    return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"


def classify(facts: SessionFacts) -> Classification:
    """Decide a session's outcome from what happened (ATT-1 to ATT-4, ATT-7), with a plain explanation.

    Order: what the mentor did (ATT-7), then a logged attendance (the student came, whatever notice they
    gave), then the notice (ATT-2, ATT-3, ATT-4), then a no-show.
    """
    start = facts.scheduled_start
    if facts.holiday:
        return Classification(
            Outcome.HOLIDAY,
            Reason.NONE,
            "",
            _("No session: a public holiday. Book another time this week or the next (ATT-2)"),
        )
    if facts.administratively_cancelled:
        return Classification(
            Outcome.ADMINISTRATIVE,
            Reason.NONE,
            "SUS-4",
            _("Cancelled during a suspension or after the training ended: not counted"),
        )
    # ATT-7: what the mentor does never counts against the student.
    if facts.attendance == Attendance.MENTOR_CANCELLED:
        return Classification(
            Outcome.MENTOR_CANCELLED,
            Reason.NONE,
            "ATT-7",
            _("Cancelled by the mentor — never counts against you (ATT-7)"),
        )
    if facts.attendance == Attendance.MENTOR_ABSENT:
        return Classification(
            Outcome.MENTOR_ABSENT,
            Reason.NONE,
            "ATT-7",
            _("The mentor did not attend — never counts against you (ATT-7)"),
        )
    if facts.attendance == Attendance.ATTENDED:
        if facts.joined_at is not None and is_late_arrival(joined_at=facts.joined_at, scheduled_start=start):
            late = late_by(joined_at=facts.joined_at, scheduled_start=start)
            if facts.exceptional:
                return Classification(
                    Outcome.EXCUSED,
                    Reason.NONE,
                    "ATT-3",
                    _("Excused — joined %(late)s late, exceptional circumstances (ATT-3)")
                    % {"late": _minutes(late)},
                )
            return Classification(
                Outcome.UNAUTHORISED,
                Reason.LATE_ARRIVAL,
                "ATT-4",
                _("Unauthorised absence — joined %(late)s after the start (ATT-4)")
                % {"late": _minutes(late)},
            )
        return Classification(Outcome.ATTENDED, Reason.NONE, "ATT-1", _("Attended (ATT-1)"))
    if facts.notice_given_at is not None:
        before = elapsed(facts.notice_given_at, start)
        if notice_in_time(given_at=facts.notice_given_at, scheduled_start=start):
            return Classification(
                Outcome.POSTPONED,
                Reason.NONE,
                "ATT-2",
                _("Postponed — notice given %(before)s before the start (ATT-2)")
                % {"before": _hours_before(before)},
            )
        if facts.exceptional:
            return Classification(
                Outcome.EXCUSED,
                Reason.NONE,
                "ATT-3",
                _("Excused — exceptional circumstances authorised by Student Success (ATT-3)"),
            )
        if facts.notice_kind == NoticeKind.CANCELLATION:
            return Classification(
                Outcome.UNAUTHORISED,
                Reason.LATE_CANCELLATION,
                "ATT-4",
                _(
                    "Unauthorised absence — cancelled only %(before)s before the start, "
                    "less than 24 hours (ATT-4)"
                )
                % {"before": _hours_before(max(before, timedelta(0)))},
            )
        return Classification(
            Outcome.UNAUTHORISED,
            Reason.LATE_NOTICE,
            "ATT-3",
            _(
                "Unauthorised absence — notice given only %(before)s before the start, "
                "less than 24 hours (ATT-3)"
            )
            % {"before": _hours_before(max(before, timedelta(0)))},
        )
    if facts.exceptional:
        return Classification(
            Outcome.EXCUSED,
            Reason.NONE,
            "ATT-3",
            _("Excused — exceptional circumstances authorised by Student Success (ATT-3)"),
        )
    if facts.attendance == Attendance.NO_SHOW:
        return Classification(
            Outcome.UNAUTHORISED,
            Reason.NO_NOTICE,
            "ATT-3",
            _("Unauthorised absence — did not attend and gave no notice (ATT-3)"),
        )
    return Classification(Outcome.PENDING, Reason.NONE, "", _("Not logged yet"))


def can_give_notice(*, now: datetime, scheduled_start: datetime) -> bool:
    """A notice is for a session that has not started yet."""
    return now < scheduled_start


def join_time_problem(*, joined_at: datetime, scheduled_start: datetime) -> str | None:
    """Bad input: a join time before the session or long after it is refused with a reason."""
    offset = elapsed(scheduled_start, joined_at)
    if offset < -timedelta(minutes=30):
        return _("The join time is before the session was scheduled.")
    if offset > JOIN_LATEST_AFTER_START:
        return _("The join time is more than 12 hours after the start; correct the date.")
    return None


def follow_up_due_at(scheduled_start: datetime) -> datetime:
    """ATT-5: reasons and a new booking are due 48 hours after the missed session's start."""
    return scheduled_start.astimezone(UTC) + FOLLOW_UP_WINDOW


def follow_up_overdue(*, due_at: datetime, now: datetime, reasons_given: bool, rebooked: bool) -> bool:
    """ATT-5: flagged once the 48 hours have passed without both the reasons and a new booking."""
    return elapsed(due_at, now) > timedelta(0) and not (reasons_given and rebooked)


def notice_deadline(scheduled_start: datetime) -> datetime:
    """ATT-2: the last moment a notice of absence is in time — 24 real hours before the start."""
    return scheduled_start.astimezone(UTC) - NOTICE_PERIOD


def needs_log_reminder(*, scheduled_end: datetime, now: datetime) -> bool:
    """Not logged two hours after its end: "to log", and the mentor is reminded (once)."""
    return elapsed(scheduled_end, now) >= LOG_REMINDER_AFTER


def log_reminder_cutoff(now: datetime) -> datetime:
    """The same point for a query: sessions that ended at or before this instant are "to log"."""
    return now.astimezone(UTC) - LOG_REMINDER_AFTER


def log_escalation_cutoff(now: datetime) -> datetime:
    """Sessions that ended at or before this instant, still not logged, are Student Success's (48 h)."""
    return now.astimezone(UTC) - LOG_ESCALATION_AFTER


# --- The weekly schedule -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedWeek:
    week: date  # the Monday of the week
    start: datetime  # aware, in UTC
    holiday: str  # the public holiday on that day ("" on an ordinary week)


def week_of(day: date) -> date:
    """The Monday of ``day``'s week: the key of a planned session (one per enrolment and week)."""
    return day - timedelta(days=day.weekday())


def plan_weeks(
    *,
    weekday: int,
    starts_at: time,
    tz: tzinfo,
    first_day: date,
    last_day: date,
    pauses: Iterable[tuple[date, date | None]] = (),
) -> list[PlannedWeek]:
    """ATT-1: one session a week, on the slot's day at its local time in the student's time zone — 18:00
    stays 18:00 across both clock changes — from ``first_day`` to ``last_day`` included, none in a pause
    (a suspension until the day it resumes, excluded; a stop, ``None``, for good). A week whose day is a
    public holiday is marked: no session that day, a replacement the same week or the next (ATT-2)."""
    pauses = list(pauses)
    day = first_day + timedelta(days=(weekday - first_day.weekday()) % 7)
    planned = []
    while day <= last_day:
        if not any(first <= day and (until is None or day < until) for first, until in pauses):
            start = datetime.combine(day, starts_at, tzinfo=tz).astimezone(UTC)
            planned.append(PlannedWeek(week=week_of(day), start=start, holiday=public_holiday(day)))
        day += timedelta(days=7)
    return planned


REPLACEABLE_OUTCOMES = frozenset(
    {Outcome.POSTPONED, Outcome.EXCUSED, Outcome.UNAUTHORISED, Outcome.MENTOR_CANCELLED, Outcome.HOLIDAY}
)


def replaceable(outcome: str) -> bool:
    """ATT-2, ATT-3, ATT-7: a postponed, excused or missed session is replaced, and so is one the mentor
    cancelled or a public holiday took."""
    return outcome in REPLACEABLE_OUTCOMES


def pause_postpones(rule: str) -> bool:
    """SUS-3: the session of a one-week suspension the mentor authorised is postponed to a time in the
    mentor's availability; other suspensions (SUS-4, DIS-7) and stops cancel their sessions."""
    return rule == "SUS-3"


def replacement_window(day_of_session: date) -> tuple[date, date]:
    """ATT-2: a replacement in the same week or the next one (Monday of this week to Sunday of the next)."""
    monday = day_of_session - timedelta(days=day_of_session.weekday())
    return monday, monday + timedelta(days=13)


@dataclass(frozen=True)
class RunItem:
    session_id: int
    outcome: Outcome


def att6_referrals(sessions: Sequence[RunItem], referred: Iterable[int] = ()) -> list[tuple[int, ...]]:
    """ATT-6: which runs of three consecutive unauthorised absences must be referred.

    ``sessions`` are one student's sessions in chronological order; ``referred`` the ids already in an
    attendance case. SPEC's reading: an attended session breaks the run; postponed, excused, cancelled and
    pending sessions neither break nor extend it. One referral per run: a session already referred ends the
    run it closed, and a new run starts after it — so the fourth absence opens nothing, the sixth does.
    """
    referred = set(referred)
    run: list[int] = []
    found: list[tuple[int, ...]] = []
    for item in sessions:
        if item.outcome == Outcome.ATTENDED:
            run = []
        elif item.outcome == Outcome.UNAUTHORISED:
            if item.session_id in referred:
                run = []
                continue
            run.append(item.session_id)
            if len(run) == REFERRAL_RUN_LENGTH:
                found.append(tuple(run))
                run = []
    return found


def att6_case_still_stands(sessions: Sequence[RunItem], case_sessions: Iterable[int]) -> bool:
    """ATT-6 after a correction: the case's sessions are still unauthorised and still consecutive."""
    wanted = set(case_sessions)
    inside = False
    seen = 0
    for item in sessions:
        if item.session_id in wanted:
            if item.outcome != Outcome.UNAUTHORISED:
                return False
            inside = True
            seen += 1
            if seen == len(wanted):
                return True
        elif inside and item.outcome == Outcome.ATTENDED:
            return False
    return False


# --- Dates a person types, checked against the facts they depend on -----------------------------------


def report_period_problem(
    *, period_start: date, period_end: date, today: date, training_starts_on: date
) -> str | None:
    """A monitoring report counts sessions that took place (TRN-2): its period has passed, lies in the
    training, and covers six months at most."""
    if period_end < period_start:
        return _("The period ends before it starts.")
    if period_end > today:
        return _("A report covers a period that has passed: it cannot end after today.")
    if period_start < training_starts_on:
        return _("The training started on %(date)s: the period starts on that day or later.") % {
            "date": date_format(training_starts_on, "DATE_FORMAT")
        }
    if longer_than(period_start, period_end, months=MAX_REPORT_MONTHS):
        return _("A report covers six months at most.")
    return None


def session_date_problem(*, day: date, training_starts_on: date, training_ends_on: date) -> str | None:
    """A session is planned inside the training."""
    if not training_starts_on <= day <= training_ends_on:
        return _("A session is planned inside the training, from %(start)s to %(end)s.") % {
            "start": date_format(training_starts_on, "DATE_FORMAT"),
            "end": date_format(training_ends_on, "DATE_FORMAT"),
        }
    return None


def week_shown_problem(*, day: date, today: date) -> str | None:
    """My week goes to any week of a training: within five years of today, either way."""
    reach = relativedelta(years=MAX_WEEK_DISTANCE_YEARS)
    if not today - reach < day < today + reach:  # measured from today: a far-away day cannot overflow
        return _("Choose a week within five years of today.")
    return None


def meeting_link_problem(link: str) -> str | None:
    """A session's meeting link, when given, is a secure web address the student can open."""
    if link and not link.lower().startswith("https://"):
        return _("Give the meeting's https:// link, as the video tool shows it.")
    return None


def time_zone_problem(name: str) -> str | None:
    """A student's time zone is one the world's clocks know (IANA, e.g. Europe/Paris)."""
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return _("“%(name)s” is not a time zone: choose one such as Europe/Paris.") % {"name": name}
    return None


def session_duration_problem(duration: timedelta) -> str | None:
    """A planned session lasts from a minute to four hours, both included."""
    if not MIN_SESSION <= duration <= MAX_SESSION:
        return _("A session lasts between a minute and four hours.")
    return None


# --- Mentors' availability and absences ----------------------------------------------------------------

MAX_MENTOR_ABSENCE_MONTHS = 3


def mentor_absence_problem(*, starts_at: datetime, ends_at: datetime, now: datetime) -> str | None:
    """A mentor's absence is planned ahead (sessions already past stay as they were), ends after it
    starts, and lasts three months at most (longer: Student Success gives the students another mentor)."""
    if ends_at <= starts_at:
        return _("The absence ends before it starts.")
    if starts_at < now:
        return _("An absence is planned ahead: it cannot start in the past.")
    # "Back on" 1 June at midnight: the last day away is 31 May.
    last_day_away = (ends_at - timedelta(microseconds=1)).date()
    if longer_than(starts_at.date(), last_day_away, months=MAX_MENTOR_ABSENCE_MONTHS):
        return _(
            "An absence lasts three months at most; for longer, Student Success gives your students "
            "another mentor."
        )
    return None


@dataclass(frozen=True)
class Window:
    weekday: int
    starts_at: time
    ends_at: time


def availability_problem(new: Window, others: Iterable[Window]) -> str | None:
    """A weekly window ends after it starts and overlaps none of the mentor's other windows (a replacement
    is offered once, never twice at the same time)."""
    if new.ends_at <= new.starts_at:
        return _("The window ends before it starts.")
    for other in others:
        if other.weekday == new.weekday and other.starts_at < new.ends_at and new.starts_at < other.ends_at:
            return _(
                "This window overlaps your other one on the same day, %(start)s–%(end)s: change that one "
                "instead."
            ) % {
                "start": time_format(other.starts_at, "TIME_FORMAT"),
                "end": time_format(other.ends_at, "TIME_FORMAT"),
            }
    return None


def load_per_day(monday: date, days: Iterable[date]) -> list[tuple[date, int]]:
    """How many sessions fall on each day of the week starting on ``monday`` (the mentor's load)."""
    counts = Counter(days)
    return [(monday + timedelta(days=i), counts[monday + timedelta(days=i)]) for i in range(7)]


# --- Join times from the video tool (ATT-4 with evidence) ----------------------------------------------

WEBHOOK_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class ToolEvidence:
    """What the video tool says of the student: attended (with the first join), no-show, or not known."""

    attendance: Attendance | None = None
    joined_at: datetime | None = None


def tool_evidence(
    *,
    student_joins: Iterable[datetime],
    reported: bool,
    scheduled_start: datetime,
    scheduled_end: datetime,
    now: datetime,
) -> ToolEvidence:
    """ATT-4 with evidence: the student's first join decides lateness (one who joined early is there from
    the start). A student the tool never saw is a no-show only once the session has ended, and only if
    the tool reported on the session at all."""
    joins = sorted(student_joins)
    if joins:
        return ToolEvidence(Attendance.ATTENDED, max(joins[0], scheduled_start))
    if reported and now >= scheduled_end:
        return ToolEvidence(Attendance.NO_SHOW, None)
    return ToolEvidence()


def tool_evidence_in_words(evidence: ToolEvidence, scheduled_start: datetime) -> str:
    """ "joined 16 min late", "joined on time", "never joined" — the video tool's word, for the mentor."""
    if evidence.attendance == Attendance.NO_SHOW:
        return _("never joined")
    if evidence.joined_at is None:
        return ""
    if is_late_arrival(joined_at=evidence.joined_at, scheduled_start=scheduled_start):
        late = late_by(joined_at=evidence.joined_at, scheduled_start=scheduled_start)
        return _("joined %(late)s late") % {"late": _minutes(late)}
    return _("joined on time")


def tool_contradiction(
    evidence: ToolEvidence, *, attendance: str, joined_at: datetime | None, scheduled_start: datetime
) -> str | None:
    """What a mentor's log would change in the tool's evidence (then they give a reason), or None."""
    if evidence.attendance is None or attendance in (Attendance.MENTOR_CANCELLED, Attendance.MENTOR_ABSENT):
        return None
    said = tool_evidence_in_words(evidence, scheduled_start)
    if attendance != evidence.attendance:
        return _("The video tool says the student %(said)s") % {"said": said}
    mine = joined_at is not None and is_late_arrival(joined_at=joined_at, scheduled_start=scheduled_start)
    theirs = is_late_arrival(joined_at=evidence.joined_at, scheduled_start=scheduled_start)
    if evidence.joined_at is not None and mine != theirs:
        return _("The video tool says the student %(said)s") % {"said": said}
    return None


def tool_applies_by_itself(*, scheduled_end: datetime, now: datetime) -> bool:
    """Not confirmed by the mentor two hours after the session's end, the tool's evidence is logged."""
    return elapsed(scheduled_end, now) >= LOG_REMINDER_AFTER


def tool_join_problem(*, joined_at: datetime, scheduled_start: datetime, tz: tzinfo) -> str | None:
    """A join the tool reports falls on the session's day, in the school's time zone."""
    day, joined = scheduled_start.astimezone(tz).date(), joined_at.astimezone(tz)
    if joined.date() != day:
        return _("the join time %(joined)s is not on the session's day (%(day)s)") % {
            "joined": f"{joined:%Y-%m-%d %H:%M}",
            "day": f"{day:%Y-%m-%d}",
        }
    return None


def tool_leave_problem(*, joined_at: datetime, left_at: datetime | None) -> str | None:
    """A participant the tool saw leave left after joining."""
    if left_at is not None and left_at < joined_at:
        return _("the leave time comes before the join time")
    return None


def webhook_time_problem(*, sent_at: datetime, now: datetime) -> str | None:
    """A signed event is accepted within five minutes of its sending time, either way (clocks drift); an
    older one could be a replay."""
    if abs(elapsed(sent_at, now)) > WEBHOOK_TOLERANCE:
        return "The event was sent more than five minutes from now: refused (a replay, or a clock to set)."
    return None
