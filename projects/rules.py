"""The training's rules on projects as pure functions: no ORM, no I/O. Each cites its SPEC rule; the tests
sit on both sides of every boundary (``tests/projects/test_rules.py``)."""

from dataclasses import dataclass
from datetime import date, timedelta

# REC-2 (SPEC's decision): presentation recordings are kept for the training, then 12 months after the path
# ends; settings.RECORDING_RETENTION_DAYS sets the days (365 by default).


def recording_expired(*, training_ended_on: date | None, today: date, retention_days: int) -> bool:
    """REC-2: a recording is kept while the training runs and for ``retention_days`` after the day it
    ended (day 365 is kept), and deleted from the day after (day 366)."""
    return training_ended_on is not None and today > training_ended_on + timedelta(days=retention_days)


# --- TRN-1: when a path is complete (a) and (b); (c), the jury, is the juries' business ---------------


@dataclass(frozen=True)
class PresentationFacts:
    """What one final presentation shows (TRN-1 b)."""

    held: bool
    recorded: bool  # a recording was made (REC-2 may have deleted it since: the trace says it existed)
    validating_mentor_id: int
    acquired_skill_ids: frozenset[int]


@dataclass(frozen=True)
class ProjectFacts:
    """One project of the student's path, with what the student did on it."""

    title: str
    in_depth: bool
    skill_ids: frozenset[int]
    approved: bool  # TRN-1 a: approved by the student's mentor
    presentations: tuple[PresentationFacts, ...] = ()


def presentation_validates(facts: PresentationFacts, *, skill_ids: frozenset[int], own_mentor_id) -> bool:
    """TRN-1 b: held and recorded, before a validating mentor who is not the student's own mentor, with
    every skill of the project acquired — one skill missing and the project is not validated."""
    return (
        facts.held
        and facts.recorded
        and facts.validating_mentor_id != own_mentor_id
        and skill_ids <= facts.acquired_skill_ids
    )


def trn1_missing(projects: list[ProjectFacts], *, own_mentor_id) -> list[str]:
    """TRN-1 (a) and (b): what the student still needs before a jury, in words; empty when both hold."""
    if not projects:
        return ["The path's list of projects is not set yet (TRN-1)"]
    missing = []
    for project in projects:
        if not project.approved:
            missing.append(f"{project.title}: to be approved by your mentor (TRN-1 a)")
        elif project.in_depth and not any(
            presentation_validates(p, skill_ids=project.skill_ids, own_mentor_id=own_mentor_id)
            for p in project.presentations
        ):
            missing.append(
                f"{project.title}: every skill to be validated at a recorded presentation before a "
                "validating mentor (TRN-1 b)"
            )
    return missing
