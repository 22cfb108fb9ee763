"""Clauses 2.4–2.8 and 5 of the Student Policy as pure functions (SUS, CHG, ACC, HS), and the corrections a
student asks of their profile (GDPR art. 16): no ORM, no I/O.

Each function cites its SPEC rule; ``tests/students/test_rules.py`` tests both sides of each boundary
(15 and 16 days; one week; the 7th business day across French public holidays).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from zoneinfo import available_timezones

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openclassrooms.core.periods import longer_than, public_holiday

# SUS-2: a suspension of more than 15 consecutive days is also notified to Student Success.
LONG_SUSPENSION_DAYS = 15
# SUS-3: one week at most (one mentoring session), asked before it starts, may be authorised by the mentor.
MENTOR_AUTHORISABLE_DAYS = 7
# CHG-1: no change of path takes effect before the seventh business day after submission.
PATH_CHANGE_BUSINESS_DAYS = 7
# Sensible maximums for the dates people type, in calendar years (the policy sets none; a typo must not pass).
MAX_SUSPENSION_YEARS = 1
MAX_TRAINING_YEARS = 4
MAX_PLACEMENT_YEARS = 1


def is_business_day(day: date) -> bool:
    """CHG-1: Monday to Friday, French public holidays excluded."""
    return day.weekday() < 5 and not public_holiday(day)


def add_business_days(start: date, count: int) -> date:
    """The ``count``-th business day after ``start`` (``start`` itself never counts)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    return day


def path_change_earliest_effective(submitted_on: date) -> date:
    """CHG-1: the seventh business day after submission is the first day a change can take effect."""
    return add_business_days(submitted_on, PATH_CHANGE_BUSINESS_DAYS)


def path_change_effective_problem(*, submitted_on: date, effective_on: date) -> str | None:
    earliest = path_change_earliest_effective(submitted_on)
    if effective_on < earliest:
        return _(
            "A change of path takes at least seven business days: it cannot take effect before "
            "%(day)s (CHG-1)."
        ) % {"day": _day(earliest)}
    return None


def suspension_days(starts_on: date, ends_on: date) -> int:
    """The number of calendar days of a suspension, both ends included."""
    return (ends_on - starts_on).days + 1


def student_success_must_be_told(*, starts_on: date, ends_on: date) -> bool:
    """SUS-2: more than 15 consecutive days (16 and more) is also notified to Student Success."""
    return suspension_days(starts_on, ends_on) > LONG_SUSPENSION_DAYS


def mentor_may_authorise(*, starts_on: date, ends_on: date, requested_on: date) -> bool:
    """SUS-3: one week at most, requested before it starts, may be authorised by the mentor alone."""
    return suspension_days(starts_on, ends_on) <= MENTOR_AUTHORISABLE_DAYS and requested_on < starts_on


def new_end_date(*, planned_end: date, starts_on: date, ends_on: date) -> date:
    """SUS-4: once validated, the training's end moves later by the length of the suspension."""
    return planned_end + timedelta(days=suspension_days(starts_on, ends_on))


@dataclass(frozen=True)
class RequestFacts:
    """What a validation looks at."""

    funded: bool  # a third-party body pays part or all of the training
    funder_approval_attached: bool
    deciding_as_mentor: bool = False
    starts_on: date | None = None
    ends_on: date | None = None
    requested_on: date | None = None


def suspension_validation_problems(facts: RequestFacts) -> list[str]:
    """SUS-3, SUS-4: what keeps a suspension from being validated; empty when it can be."""
    problems = []
    if facts.starts_on and facts.ends_on and facts.ends_on < facts.starts_on:
        problems.append(_("The suspension ends before it starts."))
    if facts.funded and not facts.funder_approval_attached:
        problems.append(_("The funding body's official written approval must be attached first (SUS-4)."))
    if facts.deciding_as_mentor and not (
        facts.starts_on
        and facts.ends_on
        and facts.requested_on
        and mentor_may_authorise(
            starts_on=facts.starts_on, ends_on=facts.ends_on, requested_on=facts.requested_on
        )
    ):
        problems.append(_("A mentor alone authorises one week at most, requested before it starts (SUS-3)."))
    return problems


def path_change_validation_problems(
    *,
    funded: bool,
    funder_approval_attached: bool,
    mentor_consulted: bool,
    submitted_on: date,
    effective_on: date,
) -> list[str]:
    """CHG-1, CHG-2: what keeps a change of path from being accepted."""
    problems = []
    if not mentor_consulted:
        problems.append(_("The student must consult their mentor first (CHG-1)."))
    if funded and not funder_approval_attached:
        problems.append(
            _("The funding body's official written approval of the change must be attached (CHG-2).")
        )
    problem = path_change_effective_problem(submitted_on=submitted_on, effective_on=effective_on)
    if problem:
        problems.append(problem)
    return problems


def enrolment_refused_until(*, bans: Iterable[date], on: date) -> date | None:
    """DIS-7: the day until which a new enrolment is refused after a permanent exclusion (each ban ends
    one year after its exclusion, ``discipline.rules.exclusion_ban_until``), or None when it is allowed."""
    current = [ban for ban in bans if ban > on]
    return max(current) if current else None


def enrolment_ban_problem(*, bans: Iterable[date], on: date) -> str | None:
    until = enrolment_refused_until(bans=bans, on=on)
    if until is None:
        return None
    return _("This person was permanently excluded and cannot enrol on any path before %(day)s (DIS-7).") % {
        "day": date_format(until, "DATE_FORMAT")
    }


def accommodation_grantable(*, proof_attached: bool) -> str | None:
    """ACC-1: audio-only sessions and presentations need a disability proof on file."""
    return (
        None
        if proof_attached
        else _("Attach this student's disability proof before granting audio-only sessions (ACC-1).")
    )


def placement_may_start(*, safety_rules_acknowledged: bool) -> str | None:
    """HS-1: the student acknowledges the host's health and safety rules."""
    return (
        None
        if safety_rules_acknowledged
        else _("The student must acknowledge the host's health and safety rules first (HS-1).")
    )


# --- Dates a person types, checked against the facts they depend on -----------------------------------


def _day(d: date) -> str:
    """A day as people read it, in the active language: "Wednesday 25 November 2026"."""
    return date_format(d, "WEEKDAY_DATE_FORMAT")


def suspension_dates_problem(
    *, starts_on: date, ends_on: date, today: date, training_ends_on: date
) -> str | None:
    """A suspension starts today or later, inside the training, ends after it starts, and lasts one year
    at most (SUS-1)."""
    if ends_on < starts_on:
        return _("The suspension ends before it starts.")
    if starts_on < today:
        return _("A suspension cannot start in the past.")
    if starts_on > training_ends_on:
        return _("The training ends on %(day)s: a suspension starts before that.") % {
            "day": _day(training_ends_on)
        }
    if longer_than(starts_on, ends_on, years=MAX_SUSPENSION_YEARS):
        days = suspension_days(starts_on, ends_on)
        return ngettext(
            "A suspension lasts one year at most; this one lasts %(days)s day.",
            "A suspension lasts one year at most; this one lasts %(days)s days.",
            days,
        ) % {"days": days}
    return None


def stop_date_problem(*, effective_on: date, today: date, training_ends_on: date) -> str | None:
    """SUS-1: a stop takes effect today or later, before the training ends by itself."""
    if effective_on < today:
        return _("The training cannot stop in the past.")
    if effective_on > training_ends_on:
        return _("The training ends by itself on %(day)s: stop it before that, or let it end.") % {
            "day": _day(training_ends_on)
        }
    return None


def consultation_date_problem(*, consulted_on: date, today: date, training_starts_on: date) -> str | None:
    """CHG-1: the mentor was consulted on a day that has passed, during the training."""
    if consulted_on > today:
        return _("The day you consulted your mentor cannot be in the future.")
    if consulted_on < training_starts_on:
        return _("Your training started on %(day)s: you consulted your mentor after that.") % {
            "day": _day(training_starts_on)
        }
    return None


def path_change_date_problem(*, effective_on: date, training_ends_on: date) -> str | None:
    """A change of path takes effect before the current training ends."""
    if effective_on > training_ends_on:
        return _("The training ends on %(day)s: a change of path takes effect before that.") % {
            "day": _day(training_ends_on)
        }
    return None


def enrolment_dates_problem(*, start_date: date, planned_end_date: date) -> str | None:
    """An enrolment ends after it starts, within four years."""
    if planned_end_date <= start_date:
        return _("The planned end of the training must come after its start.")
    if longer_than(start_date, planned_end_date, years=MAX_TRAINING_YEARS):
        return _("A training lasts four years at most: check the planned end.")
    return None


def placement_dates_problem(
    *, starts_on: date, ends_on: date, training_starts_on: date, training_ends_on: date
) -> str | None:
    """HS-1: a placement lies inside the training and lasts one year at most."""
    if ends_on < starts_on:
        return _("The placement ends before it starts.")
    if starts_on < training_starts_on or ends_on > training_ends_on:
        return _("A placement lies inside the training, from %(start)s to %(end)s.") % {
            "start": _day(training_starts_on),
            "end": _day(training_ends_on),
        }
    if longer_than(starts_on, ends_on, years=MAX_PLACEMENT_YEARS):
        return _("A placement lasts one year at most.")
    return None


# --- Correcting one's profile (GDPR art. 16) ------------------------------------------------------------

# The details a student may ask Student Success to correct: the account's, as the user table keeps them.
PROFILE_FIELDS = ("first_name", "last_name", "phone", "postal_address", "time_zone")
# The user table's columns: a name of 150 characters, a phone of 32, an address of 500.
NAME_MAX_LENGTH = 150
PHONE_MAX_LENGTH = 32
ADDRESS_MAX_LENGTH = 500
# A phone number has 8 to 15 digits: the shortest national numbers in use, the international maximum (E.164).
PHONE_MIN_DIGITS = 8
PHONE_MAX_DIGITS = 15
# GDPR art. 12(3): a request is answered within one month of receipt.
CORRECTION_ANSWER_MONTHS = 1

_PHONE_CHARACTERS = re.compile(r"\+?[0-9 .()/-]+")


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def profile_value_clean(field: str, value: str) -> str:
    """The value as it would be kept: no spaces around it, single spaces inside; an address keeps its lines
    (each trimmed, blank ones dropped)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if field == "postal_address":
        return "\n".join(" ".join(line.split()) for line in value.split("\n") if line.strip())
    return " ".join(value.split())


def profile_value_problem(field: str, value: str) -> str | None:
    """GDPR art. 16: what keeps ``value`` (cleaned) from being kept as this detail; None when it can be.

    Names are not blank and hold a letter; a phone number has 8 to 15 digits (or is left empty to remove
    it); a postal address, where registered letters go (DIS-8), has the street on one line and the postcode
    and town on another; a time zone is one the world's clocks know (e.g. Europe/Paris)."""
    if field in ("first_name", "last_name"):
        if not value:
            return _("A name cannot be empty: write it as it should read.")
        if len(value) > NAME_MAX_LENGTH:
            return _("A name is %(max)s characters at most.") % {"max": NAME_MAX_LENGTH}
        if not any(c.isalpha() for c in value):
            return _("A name is written in letters.")
        return None
    if field == "phone":
        if not value:
            return None  # the number is removed
        digits = sum(c.isdigit() for c in value)
        if len(value) > PHONE_MAX_LENGTH or not _PHONE_CHARACTERS.fullmatch(value):
            return _(
                "Write the phone number with digits, spaces, dots or dashes, starting with + if it is abroad."
            )
        if not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
            return _(
                "A phone number has %(min)s to %(max)s digits, such as +33 6 12 34 56 78; "
                "this one has %(digits)s."
            ) % {"min": PHONE_MIN_DIGITS, "max": PHONE_MAX_DIGITS, "digits": digits}
        return None
    if field == "postal_address":
        if not value:
            return _("Give your postal address: registered letters are sent there.")
        if len(value) > ADDRESS_MAX_LENGTH:
            return _("A postal address is %(max)s characters at most.") % {"max": ADDRESS_MAX_LENGTH}
        if len(value.split("\n")) < 2:
            return _("Write the street on one line, and the postcode and town on the next.")
        if not any(c.isdigit() for c in value):
            return _("Give the postcode with the town.")
        return None
    if field == "time_zone":
        if value not in _time_zones():
            return _("“%(value)s” is not a time zone: choose one such as Europe/Paris.") % {"value": value}
        return None
    return _("Choose which detail of your profile to correct.")


def profile_correction_problem(
    *, field: str, current: str, asked: str, pending_fields: Iterable[str]
) -> str | None:
    """GDPR art. 16: a correction asks for a valid value that differs from the profile's (both cleaned), and
    only one correction of each detail waits for an answer at a time."""
    if field not in PROFILE_FIELDS:
        return _("Choose which detail of your profile to correct.")
    if field in set(pending_fields):
        return _(
            "You already asked for a correction of this detail: Student Success answers it before you ask "
            "again."
        )
    problem = profile_value_problem(field, asked)
    if problem:
        return problem
    if asked == profile_value_clean(field, current):
        return _("Your profile already says this: write the value it should say instead.")
    return None


def correction_answer_by(requested_on: date) -> date:
    """GDPR art. 12(3): the day by which a correction asked for on ``requested_on`` is answered (one month
    later; from 31 January, the last day of February)."""
    return requested_on + relativedelta(months=CORRECTION_ANSWER_MONTHS)
