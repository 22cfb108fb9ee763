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
