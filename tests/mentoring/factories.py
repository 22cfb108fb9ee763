from datetime import timedelta

import factory
from django.utils import timezone

from mentoring.models import MentoringSession
from tests.students.factories import EnrolmentFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringSession

    enrolment = factory.SubFactory(EnrolmentFactory)
    mentor = factory.LazyAttribute(lambda o: o.enrolment.mentor)
    scheduled_start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    video_link = "https://meet.example.org/session"
