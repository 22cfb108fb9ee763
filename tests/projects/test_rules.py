"""REC-2 on its boundary: day 365 after the training ended is kept, day 366 is not."""

from datetime import UTC, date, datetime, timedelta

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


# --- TRN-1 (a) and (b) ----

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
        "Build an API: to be approved by the mentor (TRN-1 a)"
    ]


def test_trn1_a_path_without_projects_is_never_complete():
    assert rules.trn1_missing([], own_mentor_id=OWN) == ["The path's list of projects is not set yet (TRN-1)"]


# --- Handing work in (IP-1) and the mentor's review (TRN-1 a) ----

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("size", "kind", "problem"),
    [
        (25 * MB, "application/pdf", None),
        (25 * MB + 1, "application/pdf", "work.pdf is larger than 25 MB."),
        (1, "application/zip", None),
        (0, "application/pdf", "work.pdf is empty."),
        (100, None, "work.pdf is not a PDF, a ZIP archive, a PNG or a JPEG image."),
    ],
)
def test_ip1_a_deliverable_is_a_pdf_zip_or_image_of_25_mb_at_most(size, kind, problem):
    assert (
        rules.deliverable_problem(name="work.pdf", size=size, content_type=kind, max_bytes=25 * MB) == problem
    )


def test_ip1_work_goes_to_the_mentor_only_with_the_statement_that_it_is_the_students_own():
    ok = {"may_submit": True, "files": 1, "link": "", "declared_own_work": True}
    assert rules.submission_problem(**ok) is None
    assert "(IP-1)" in rules.submission_problem(**ok | {"declared_own_work": False})


@pytest.mark.parametrize(
    ("files", "link", "problem"),
    [
        (0, "", "Hand in your deliverables: attach files, give a link, or both."),
        (0, "   ", "Hand in your deliverables: attach files, give a link, or both."),
        (0, "https://github.com/a/b", None),
        (0, "http://github.com/a/b", "Give the deliverables' https:// link."),
        (2, "https://github.com/a/b", None),
    ],
)
def test_trn1_a_work_is_handed_in_as_files_a_link_or_both(files, link, problem):
    assert (
        rules.submission_problem(may_submit=True, files=files, link=link, declared_own_work=True) == problem
    )


def test_trn1_a_work_waiting_for_the_mentor_or_approved_is_not_submitted_again():
    problem = rules.submission_problem(may_submit=False, files=1, link="", declared_own_work=True)
    assert problem.startswith("This project is with your mentor or already approved")


def test_trn1_a_only_the_students_own_mentor_reviews_and_a_return_says_what_to_change():
    review = {"reviewer_id": OWN, "own_mentor_id": OWN, "waiting": True, "approve": True, "comment": ""}
    assert rules.review_problem(**review) is None
    assert rules.review_problem(**review | {"reviewer_id": OTHER}) == (
        "Only the student's own mentor approves or returns their projects (TRN-1 a)."
    )
    assert (
        rules.review_problem(**review | {"waiting": False}) == "This project is not waiting for your review."
    )
    assert rules.review_problem(**review | {"approve": False, "comment": "  "}).startswith(
        "Say what to change"
    )
    assert rules.review_problem(**review | {"approve": False, "comment": "Add tests."}) is None


# --- Booking the final presentation (TRN-1 b, ACC-1) ----

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
BOOKING = {
    "in_depth": True,
    "may_book": True,
    "validating_mentor_id": OTHER,
    "own_mentor_id": OWN,
    "audio_only": False,
    "audio_accommodation": False,
    "consented": True,
    "start": NOW + timedelta(hours=24),
    "now": NOW,
}


@pytest.mark.parametrize(
    ("ahead", "ok"),
    [(timedelta(hours=24), True), (timedelta(hours=23, minutes=59), False), (timedelta(days=3), True)],
)
def test_trn1_b_a_presentation_is_booked_24_hours_ahead_at_least(ahead, ok):
    problem = rules.booking_problem(**BOOKING | {"start": NOW + ahead})
    assert (problem is None) is ok
    if not ok:
        assert problem.startswith("Book the presentation at least 24 hours ahead")


def test_trn1_b_the_students_own_mentor_cannot_validate_their_project():
    assert rules.booking_problem(**BOOKING) is None
    assert rules.booking_problem(**BOOKING | {"validating_mentor_id": OWN}) == (
        "Your own mentor cannot validate your project: choose another validating mentor (TRN-1 b)."
    )


def test_acc1_a_presentation_is_by_audio_only_under_an_accepted_accommodation_and_by_video_otherwise():
    assert rules.booking_problem(**BOOKING | {"audio_only": True, "audio_accommodation": True}) is None
    assert rules.booking_problem(**BOOKING | {"audio_only": True}) == (
        "Presentations are by video; audio only needs an accepted accommodation (ACC-1)."
    )
    assert rules.booking_problem(**BOOKING | {"audio_accommodation": True}) is None  # video stays possible


def test_trn1_b_only_an_approved_in_depth_project_is_presented():
    assert rules.booking_problem(**BOOKING | {"in_depth": False}).startswith("Only in-depth projects")
    assert rules.booking_problem(**BOOKING | {"may_book": False}).startswith("Book the presentation once")


# --- REC-1 and the conclusion (TRN-1 b) ----


def test_rec1_trn1_b_a_presentation_is_booked_only_with_the_students_consent_to_being_recorded():
    assert rules.booking_problem(**BOOKING | {"consented": False}).startswith(
        "Your consent to being recorded is not on file: a project is validated only at a recorded"
    )


def test_rec1_a_presentation_is_marked_recorded_only_with_the_students_consent_once_it_has_started():
    link = "https://video.example.org/r/1"
    assert rules.recording_problem(consented=True, link=link, started=True) is None
    assert "has not consented to being recorded (REC-1)" in rules.recording_problem(
        consented=False, link=link, started=True
    )
    assert rules.recording_problem(consented=True, link="ftp://x", started=True) == (
        "Give the recording's https:// link."
    )
    assert rules.recording_problem(consented=True, link=link, started=False) == (
        "Save the recording's link once the presentation has started."
    )


CONCLUDE = {
    "skill_ids": SKILLS,
    "acquired": {10: True, 11: True},
    "recorded": True,
    "consented": True,
    "started": True,
}


def test_trn1_b_every_skill_acquired_at_a_recorded_presentation_validates_the_project():
    assert rules.conclusion(**CONCLUDE) == (True, None)


def test_trn1_b_one_skill_not_acquired_and_the_project_is_not_validated():
    assert rules.conclusion(**CONCLUDE | {"acquired": {10: True, 11: False}}) == (False, None)


def test_trn1_b_rec1_the_recording_is_saved_before_concluding_unless_consent_was_withdrawn():
    problem = rules.conclusion(**CONCLUDE | {"recorded": False})[1]
    assert problem.startswith("Save the recording's link first")
    # Consent withdrawn after the booking: the presentation concludes unrecorded, and cannot validate.
    assert rules.conclusion(**CONCLUDE | {"recorded": False, "consented": False}) == (False, None)


def test_trn1_b_every_skill_is_assessed_and_only_once_the_presentation_has_started():
    assert rules.conclusion(**CONCLUDE | {"acquired": {10: True}})[1] == (
        "Assess every skill of the project, acquired or not."
    )
    assert rules.conclusion(**CONCLUDE | {"started": False})[1].startswith(
        "The presentation has not started yet"
    )
    assert rules.conclusion(**CONCLUDE | {"skill_ids": frozenset(), "acquired": {}})[1].startswith(
        "This project lists no skills yet"
    )
