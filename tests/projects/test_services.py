"""TRN-1 from the data; REC-2 through the service: expired recordings go, each leaving a trace and a
history row; the others stay; running it again deletes nothing more."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from projects.models import Presentation
from projects.selectors import trn1_missing_by_enrolment
from students.services import recordings_delete_expired
from tests.projects.factories import (
    PathProjectFactory,
    PresentationFactory,
    SkillAssessmentFactory,
    SkillFactory,
    SubmissionFactory,
)
from tests.students.factories import EnrolmentFactory

ENDED = date(2026, 6, 30)


def _presentation(ended_on, url="https://video.example.org/rec/1"):
    enrolment = EnrolmentFactory(
        start_date=date(2025, 9, 1), planned_end_date=date(2026, 8, 31), status="completed", ended_on=ended_on
    )
    submission = SubmissionFactory(enrolment=enrolment, status="validated")
    return PresentationFactory(submission=submission, status="held", recording_url=url)


@pytest.mark.django_db
def test_rec2_recordings_go_on_day_366_with_a_trace_and_stay_on_day_365():
    gone = _presentation(ENDED - timedelta(days=1))
    kept = _presentation(ENDED)
    running = _presentation(None)
    now = timezone.now()

    assert recordings_delete_expired(today=ENDED + timedelta(days=365), now=now) == 1
    assert recordings_delete_expired(today=ENDED + timedelta(days=365), now=now) == 0

    gone.refresh_from_db()
    assert (gone.recording_url, gone.recording_deleted_at) == ("", now)
    assert gone.recording_trace.startswith("Recording https://video.example.org/rec/1 deleted on 2027-06-30")
    assert "kept 365 days after the training ended on 2026-06-29 (REC-2)" in gone.recording_trace
    last = gone.history.first()
    assert last.history_user is None  # the retention schedule, not a person
    assert last.history_change_reason == "Recording deleted: kept 365 days after the training ended (REC-2)."
    assert gone.history.last().recording_url == "https://video.example.org/rec/1"
    for other in (kept, running):
        other.refresh_from_db()
        assert other.recording_url and other.recording_deleted_at is None


@pytest.mark.django_db
def test_rec2_a_change_of_path_continues_the_training_so_its_first_recordings_stay():
    """Found in review: the first enrolment ended over a year ago, but the student trains on another path."""
    first = _presentation(ENDED - timedelta(days=400))
    EnrolmentFactory(student=first.submission.enrolment.student, start_date=ENDED - timedelta(days=400))
    assert recordings_delete_expired(today=ENDED + timedelta(days=365)) == 0
    first.refresh_from_db()
    assert first.recording_url and first.recording_deleted_at is None


@pytest.mark.django_db
@override_settings(RECORDING_RETENTION_DAYS=30)
def test_rec2_the_retention_period_is_a_setting():
    presentation = _presentation(ENDED)
    assert recordings_delete_expired(today=ENDED + timedelta(days=30)) == 0
    assert recordings_delete_expired(today=ENDED + timedelta(days=31)) == 1
    assert Presentation.objects.get(pk=presentation.pk).recording_url == ""


@pytest.mark.django_db
def test_trn1_the_student_becomes_eligible_once_every_skill_is_validated_and_reads_it_on_their_page(
    client_as,
):
    """TRN-1 from the data: approved by the mentor, then every skill acquired at a recorded presentation
    before another mentor; the student's page says what is missing, then that they are eligible."""
    enrolment = EnrolmentFactory()
    project = PathProjectFactory(
        path=enrolment.path, project__in_depth=True, project__title="Build an API"
    ).project
    first, second = SkillFactory(project=project), SkillFactory(project=project)
    submission = SubmissionFactory(
        enrolment=enrolment,
        project=project,
        status="presentation_scheduled",
        approved_by=enrolment.mentor,
        approved_at=timezone.now(),
    )
    presentation = PresentationFactory(
        submission=submission, status="held", recording_url="https://video.example.org/rec/2"
    )
    SkillAssessmentFactory(presentation=presentation, skill=first)
    assert trn1_missing_by_enrolment(enrolments=[enrolment])[enrolment.pk] == [
        "Build an API: every skill to be validated at a recorded presentation before a validating mentor "
        "(TRN-1 b)"
    ]
    page = client_as(enrolment.student).get(reverse("students:dashboard")).content.decode()
    assert "Build an API: every skill to be validated" in page

    SkillAssessmentFactory(presentation=presentation, skill=second)
    assert trn1_missing_by_enrolment(enrolments=[enrolment])[enrolment.pk] == []
    page = client_as(enrolment.student).get(reverse("students:dashboard")).content.decode()
    assert "you are eligible for a jury" in page
