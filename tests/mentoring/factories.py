from datetime import time, timedelta

import factory
from django.utils import timezone

from mentoring.models import MentorAvailability, MentoringSession
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
