"""Clause 4 of the Student Policy (discipline) as pure functions: no ORM, no I/O.

Each function cites the SPEC rule it implements; ``tests/discipline/test_rules.py`` tests both sides of
every boundary (72 hours; day 1, 2, 15 and 16 after the hearing; one calendar month; one year).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

# DIS-3: written notice at least three days (72 hours) before the hearing.
NOTICE_PERIOD = timedelta(hours=72)
# DIS-8: the registered letter is sent between day 2 and day 15 after the hearing.
LETTER_FIRST_DAY, LETTER_LAST_DAY = 2, 15
# A reminder goes to the chair on day 12 so the window is not missed.
LETTER_REMINDER_DAY = 12
# Sensible maximums (the policy sets none): a hearing within three months, a penalty taking effect
# within three months of the decision.
MAX_HEARING_AHEAD = timedelta(days=90)
MAX_PENALTY_DELAY = timedelta(days=90)
# How long a hearing is planned for in calendars (the policy sets no length).
HEARING_LENGTH = timedelta(hours=1)


class SeatRole(StrEnum):
    CHAIR = "chair"
    LEARNING_MANAGER = "learning_manager"
    STUDENT_REPRESENTATIVE = "student_representative"


class Penalty(StrEnum):
    NONE = "none"
    WARNING = "warning"
    SUSPENSION = "suspension"
    EXCLUSION = "exclusion"


class ExtenuatingKind(StrEnum):
    """DIS-5: the only circumstances that postpone a hearing the student misses."""

    ACCIDENT = "accident"
    ILLNESS = "illness"
    BEREAVEMENT = "bereavement"  # death of an immediate relative


# --- DIS-1: the Board -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    role: SeatRole
    user_id: int
    is_head_of_learning: bool = False
    is_paths_learning_manager: bool = False
    is_student_on_same_path: bool = False


def board_problems(seats: Iterable[Seat]) -> list[str]:
    """DIS-1: chaired by the Head of Learning, with the path's Learning Manager, and at most an advisory
    student representative. Returns what is wrong, in words; an empty list means the Board fits."""
    seats = list(seats)
    problems = []
    chairs = [s for s in seats if s.role == SeatRole.CHAIR]
    managers = [s for s in seats if s.role == SeatRole.LEARNING_MANAGER]
    reps = [s for s in seats if s.role == SeatRole.STUDENT_REPRESENTATIVE]
    if len(chairs) != 1:
        problems.append(_("The Board needs exactly one chair (DIS-1)."))
    elif not chairs[0].is_head_of_learning:
        problems.append(_("The chair must be the Head of Learning (DIS-1)."))
    if len(managers) != 1:
        problems.append(_("The Board needs the Learning Manager of the student's path (DIS-1)."))
    elif not managers[0].is_paths_learning_manager:
        problems.append(_("The Learning Manager must be the one of the student's path (DIS-1)."))
    if len(reps) > 1:
        problems.append(_("At most one student representative sits, in an advisory role (DIS-1)."))
    elif reps and not reps[0].is_student_on_same_path:
        problems.append(_("The student representative must be a student who follows the same path (DIS-1)."))
    if len({s.user_id for s in seats}) != len(seats):
        problems.append(_("One person cannot hold two seats (DIS-1)."))
    return problems


def can_vote(role: SeatRole) -> bool:
    """DIS-1: the student representative advises and does not vote."""
    return role != SeatRole.STUDENT_REPRESENTATIVE


# --- DIS-3: the notice of a hearing ------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeFacts:
    sent_at: datetime | None
    hearing_start: datetime
    stated_start: datetime | None
    purpose: str
    complaints: str
    video_link: str
    states_right_to_representative: bool
    hand_delivered: bool = False
    receipt_signed_at: datetime | None = None
    states_every_complaint: bool = True


def notice_in_time(*, sent_at: datetime, hearing_start: datetime) -> bool:
    """DIS-3: at least 72 real hours before the hearing (exactly 72 h is in time)."""
    return hearing_start.astimezone(UTC) - sent_at.astimezone(UTC) >= NOTICE_PERIOD


def latest_notice_time(hearing_start: datetime) -> datetime:
    return hearing_start.astimezone(UTC) - NOTICE_PERIOD


def earliest_hearing(now: datetime) -> datetime:
    """A hearing scheduled now can be held at the soonest 72 hours later (DIS-3)."""
    return now.astimezone(UTC) + NOTICE_PERIOD


def notice_problems(facts: NoticeFacts) -> list[str]:
    """DIS-3: what keeps a notice from being compliant; empty when the hearing can be confirmed."""
    problems = []
    if facts.sent_at is None:
        problems.append(_("The notice has not been sent (DIS-3)."))
    elif not notice_in_time(sent_at=facts.sent_at, hearing_start=facts.hearing_start):
        problems.append(_("The notice was sent less than 72 hours before the hearing (DIS-3)."))
    if facts.stated_start is None or facts.stated_start != facts.hearing_start:
        problems.append(_("The notice does not state the hearing's date and time (DIS-3)."))
    if not facts.purpose.strip():
        problems.append(_("The notice does not state the purpose of the meeting (DIS-3)."))
    if not facts.complaints.strip():
        problems.append(_("The notice does not state the complaints (DIS-3)."))
    elif not facts.states_every_complaint:
        problems.append(
            _(
                "A complaint was added after the notice: schedule the hearing again so that a new notice "
                "states every complaint (DIS-3, DIS-4)."
            )
        )
    if not facts.video_link.strip():
        problems.append(_("The notice does not give the video link (DIS-2, DIS-3)."))
    if not facts.states_right_to_representative:
        problems.append(
            _("The notice does not state the right to be accompanied by a student representative (DIS-3).")
        )
    if facts.hand_delivered and facts.receipt_signed_at is None:
        problems.append(_("A notice handed over needs the student's receipt (DIS-3)."))
    return problems


# --- DIS-4, DIS-5: before and at the hearing ---------------------------------------------------------


def can_decide(*, complaints_communicated: bool, hearing_held: bool) -> str | None:
    """DIS-4: no penalty unless the student was first told the complaints. Returns why not, or None."""
    if not complaints_communicated:
        return _("The student has not been told the complaints against them (DIS-4).")
    if not hearing_held:
        return _("The Board decides after the hearing (DIS-6).")
    return None


def absence_postpones(*, student_attended: bool, official_proof: ExtenuatingKind | None) -> bool:
    """DIS-5: a hearing the student misses goes ahead, unless an official proof of accident, illness or
    the death of an immediate relative is produced."""
    return not student_attended and official_proof is not None


# --- DIS-7: penalties --------------------------------------------------------------------------------


def suspension_period(effective_from: date) -> tuple[date, date]:
    """DIS-7: one calendar month away from the training: from the effective date to the same day next
    month (exclusive end), e.g. 31 January → 28 (or 29) February."""
    return effective_from, effective_from + relativedelta(months=1)


def exclusion_ban_until(effective_from: date) -> date:
    """DIS-7: no enrolment in any of the school's training for one year after a permanent exclusion."""
    return effective_from + relativedelta(years=1)


# --- DIS-8: the registered letter --------------------------------------------------------------------


def letter_window(hearing_date: date) -> tuple[date, date]:
    """DIS-8: the letter is sent between day 2 and day 15 after the hearing (both included)."""
    return hearing_date + timedelta(days=LETTER_FIRST_DAY), hearing_date + timedelta(days=LETTER_LAST_DAY)


def dispatch_problem(*, hearing_date: date, dispatch_date: date, today: date | None = None) -> str | None:
    """DIS-8: posted between day 2 and day 15 after the hearing — and, being a fact, not in the future."""
    if today is not None and dispatch_date > today:
        return _("The letter cannot be recorded as posted on a day still to come.")
    first, last = letter_window(hearing_date)
    if dispatch_date < first:
        return _("The letter cannot be sent before %(date)s, day 2 after the hearing (DIS-8).") % {
            "date": _day(first)
        }
    if dispatch_date > last:
        return _("The letter had to be sent by %(date)s, day 15 after the hearing (DIS-8).") % {
            "date": _day(last)
        }
    return None


def letter_reminder_due(*, hearing_date: date, today: date) -> bool:
    """Day 12 after the hearing: remind the chair if the letter is not sent yet."""
    return today >= hearing_date + timedelta(days=LETTER_REMINDER_DAY)


def letter_window_missed(*, hearing_date: date, today: date) -> bool:
    return today > letter_window(hearing_date)[1]


# --- What each case waits for: the deadline shown to the Board ----------------------------------------


@dataclass(frozen=True)
class NextStep:
    label: str
    due: datetime | date | None = None
    overdue: bool = False


def next_step(
    *,
    status: str,
    hearing_start: datetime | None,
    hearing_confirmed: bool,
    hearing_date: date | None,
    letter_generated: bool,
    today: date,
) -> NextStep:
    """The next thing the Board must do on a case, with its deadline when the policy sets one."""
    if status == "opened":
        return NextStep(_("Communicate the complaints to the student (DIS-4)"))
    if status == "complaints_communicated":
        return NextStep(
            _("Compose the Board and schedule the hearing, 72 hours' notice at least (DIS-1, DIS-3)")
        )
    if status == "hearing_scheduled" and hearing_start is not None:
        if not hearing_confirmed:
            return NextStep(_("Confirm the hearing once its notice is compliant (DIS-3)"), hearing_start)
        return NextStep(_("Hold the hearing by video conference (DIS-2)"), hearing_start)
    if status == "hearing_held":
        return NextStep(_("Record the Board's decision (DIS-7)"))
    if status == "decided" and hearing_date is not None:
        first, last = letter_window(hearing_date)
        window = {
            "first": date_format(first, "SHORT_DAY_FORMAT"),
            "last": date_format(last, "SHORT_DAY_FORMAT"),
        }
        if letter_generated:
            label = _("Send the registered letter, between %(first)s and %(last)s (DIS-8)") % window
        else:
            label = (
                _("Send the registered letter (being generated), between %(first)s and %(last)s (DIS-8)")
                % window
            )
        return NextStep(label, last, today > last)
    if status == "letter_sent":
        return NextStep(_("Record the acknowledgement of receipt"))
    return NextStep(_("Nothing left to do"))


# --- Dates a person types, checked against the facts they depend on -----------------------------------


def _day(d: date) -> str:
    """A day as people read it, in the active language: "7 May 2026", "7 mai 2026"."""
    return date_format(d, "DATE_FORMAT")


def hearing_start_problem(*, start: datetime, now: datetime, tz: tzinfo) -> str | None:
    """DIS-3: the notice goes out now, 72 hours at least before the hearing; and within three months.
    The soonest possible time is given in ``tz``, the time zone of the person scheduling."""
    if not notice_in_time(sent_at=now, hearing_start=start):
        soonest = earliest_hearing(now).astimezone(tz)
        return _(
            "The notice must reach the student 72 hours before: the hearing can be on %(date)s at %(time)s "
            "at the soonest (DIS-3)."
        ) % {"date": _day(soonest), "time": time_format(soonest, "TIME_FORMAT")}
    if start.astimezone(UTC) - now.astimezone(UTC) > MAX_HEARING_AHEAD:
        return _("A hearing is held within three months: check the date.")
    return None


def penalty_start_problem(*, effective_from: date, decided_on: date) -> str | None:
    """DIS-7: a penalty takes effect from the day it is decided (never before), within three months."""
    if effective_from < decided_on:
        return _("A penalty cannot take effect before it is decided (%(date)s).") % {"date": _day(decided_on)}
    if effective_from - decided_on > MAX_PENALTY_DELAY:
        return _("A penalty takes effect within three months of the decision: check the date.")
    return None


def receipt_problem(*, signed_at: datetime, now: datetime, hearing_start: datetime) -> str | None:
    """DIS-3: a receipt records a signature that happened, before the hearing."""
    if signed_at > now:
        return _("The receipt cannot be signed in the future.")
    if signed_at >= hearing_start:
        return _("The receipt of a notice is signed before the hearing (DIS-3).")
    return None


def acknowledgement_problem(*, acknowledged_on: date, dispatched_on: date, today: date) -> str | None:
    """DIS-8: the acknowledgement of receipt is dated between the dispatch and today."""
    if acknowledged_on < dispatched_on:
        return _("The acknowledgement of receipt cannot come before the letter was sent.")
    if acknowledged_on > today:
        return _("The acknowledgement of receipt cannot be dated in the future.")
    return None


def letter_address_problem(*, postal_address: str) -> str | None:
    """DIS-8: the decision goes out by registered letter, so the student's postal address must be known."""
    if not postal_address.strip():
        return _(
            "The decision goes out by registered letter: Student Success must first record the student's "
            "postal address in their profile (DIS-8)."
        )
    return None


def presentation_fraud_problem(*, started: bool, cancelled: bool, case_id: int | None) -> str | None:
    """DIS-11: fraud or attempted fraud *at a presentation* is flagged once it has started (a cancelled one
    was never held), and once: a second flag of the same presentation goes to the case already open."""
    if cancelled or not started:
        return _("Fraud at a presentation is flagged once it has started; this one has not taken place.")
    if case_id is not None:
        return _("Case #%(id)s already holds this presentation as evidence: the Board takes it up there.") % {
            "id": case_id
        }
    return None
