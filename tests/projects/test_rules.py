"""REC-2 on its boundary: day 365 after the training ended is kept, day 366 is not."""

from datetime import date, timedelta

import pytest

from projects import rules

ENDED = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("days_after", "expired"),
    [(0, False), (364, False), (365, False), (366, True)],
)
def test_rec2_a_recording_is_kept_365_days_after_the_training_and_deleted_on_day_366(days_after, expired):
    today = ENDED + timedelta(days=days_after)
    assert rules.recording_expired(training_ended_on=ENDED, today=today, retention_days=365) is expired


def test_rec2_a_recording_of_a_training_still_running_is_kept():
    assert (
        rules.recording_expired(training_ended_on=None, today=date(2099, 1, 1), retention_days=365) is False
    )


# --- TRN-1 (a) and (b) ------------------------------------------------------------------------------------

OWN, OTHER = 1, 2
SKILLS = frozenset({10, 11})


def _presented(*, by=OTHER, acquired=SKILLS, held=True, recorded=True):
    return rules.PresentationFacts(
        held=held, recorded=recorded, validating_mentor_id=by, acquired_skill_ids=frozenset(acquired)
    )


def _in_depth(*presentations, approved=True):
    return rules.ProjectFacts(
        title="Build an API", in_depth=True, skill_ids=SKILLS, approved=approved, presentations=presentations
    )


def test_trn1_every_skill_validated_at_a_recorded_presentation_before_another_mentor_completes_it():
    assert rules.trn1_missing([_in_depth(_presented())], own_mentor_id=OWN) == []


@pytest.mark.parametrize(
    "presentation",
    [
        _presented(by=OWN),  # the student's own mentor cannot validate (TRN-1 b)
        _presented(acquired={10}),  # one skill missing
        _presented(recorded=False),  # not recorded
        _presented(held=False),  # not held yet
    ],
    ids=["own-mentor", "one-skill-missing", "not-recorded", "not-held"],
)
def test_trn1_b_an_in_depth_project_is_not_validated(presentation):
    (missing,) = rules.trn1_missing([_in_depth(presentation)], own_mentor_id=OWN)
    assert missing == (
        "Build an API: every skill to be validated at a recorded presentation before a validating mentor "
        "(TRN-1 b)"
    )


def test_trn1_b_a_second_presentation_validating_every_skill_completes_it():
    assert rules.trn1_missing([_in_depth(_presented(acquired={10}), _presented())], own_mentor_id=OWN) == []


def test_trn1_a_a_project_not_approved_by_the_mentor_is_missing_and_an_ordinary_one_needs_only_that():
    ordinary = rules.ProjectFacts(title="Set up", in_depth=False, skill_ids=SKILLS, approved=True)
    assert rules.trn1_missing([ordinary], own_mentor_id=OWN) == []
    assert rules.trn1_missing([_in_depth(_presented(), approved=False)], own_mentor_id=OWN) == [
        "Build an API: to be approved by the student's mentor (TRN-1 a)"
    ]


def test_trn1_a_path_without_projects_is_never_complete():
    assert rules.trn1_missing([], own_mentor_id=OWN) == ["The path's list of projects is not set yet (TRN-1)"]
