from datetime import time, timedelta

import factory
from django.utils import timezone

from mentoring.models import (
    AbsenceFollowUp,
    AbsenceNotice,
    ExceptionalAuthorisation,
    MentorAbsence,
    MentorAvailability,
    MentoringSession,
    MonitoringReport,
    ToolEvent,
    WeeklySlot,
)
from tests.accounts.factories import UserFactory
from tests.students.factories import EnrolmentFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringSession

    enrolment = factory.SubFactory(EnrolmentFactory)
    mentor = factory.LazyAttribute(lambda o: o.enrolment.mentor)
    scheduled_start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    video_link = "https://meet.example.org/session"


class MentorAvailabilityFactory(factory.django.DjangoModelFactory):
    """A weekly slot in the mentor's calendar; times are wall-clock times in the school's time zone."""

    class Meta:
        model = MentorAvailability

    mentor = factory.SubFactory(UserFactory, roles=["mentor"])
    weekday = MentorAvailability.Weekday.TUESDAY
    starts_at = time(9, 0)
    ends_at = time(12, 0)


class AbsenceNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AbsenceNotice

    session = factory.SubFactory(SessionFactory)
    reason = "Medical appointment."
    given_at = factory.LazyAttribute(lambda o: o.session.scheduled_start - timedelta(days=2))
    given_by = factory.LazyAttribute(lambda o: o.session.enrolment.student)


class ExceptionalAuthorisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExceptionalAuthorisation

    session = factory.SubFactory(SessionFactory)
    reason = "Hospitalised."
    authorised_by = factory.SubFactory(UserFactory, roles=["student_success"])
    authorised_at = factory.LazyFunction(timezone.now)


class AbsenceFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AbsenceFollowUp

    session = factory.SubFactory(SessionFactory)
    due_at = factory.LazyAttribute(lambda o: o.session.scheduled_start + timedelta(hours=48))


class MonitoringReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringReport

    enrolment = factory.SubFactory(EnrolmentFactory)
    mentor = factory.LazyAttribute(lambda o: o.enrolment.mentor)
    period_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=27))
    period_end = factory.LazyFunction(timezone.localdate)
    progress = "Steady progress on the current project."


class WeeklySlotFactory(factory.django.DjangoModelFactory):
    """An agreed weekly session (ATT-1): Thursdays at 18:00 in Paris, 45 minutes."""

    class Meta:
        model = WeeklySlot

    enrolment = factory.SubFactory(EnrolmentFactory)
    weekday = 3
    starts_at = time(18)
    time_zone = "Europe/Paris"
    agreed_by = factory.LazyAttribute(lambda o: o.enrolment.mentor)
    agreed_at = factory.LazyFunction(timezone.now)


class MentorAbsenceFactory(factory.django.DjangoModelFactory):
    """A week away, starting in a month."""

    class Meta:
        model = MentorAbsence

    mentor = factory.SubFactory(UserFactory, roles=["mentor"])
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=7))
    reason = "Training course."
    recorded_at = factory.LazyFunction(timezone.now)


class ToolEventFactory(factory.django.DjangoModelFactory):
    """The student joined, as the video tool reported in a file."""

    class Meta:
        model = ToolEvent

    session = factory.SubFactory(SessionFactory)
    participant_email = factory.LazyAttribute(lambda o: o.session.enrolment.student.email)
    joined_at = factory.LazyAttribute(lambda o: o.session.scheduled_start + timedelta(minutes=3))
    source = ToolEvent.Source.FILE
    recorded_at = factory.LazyFunction(timezone.now)
