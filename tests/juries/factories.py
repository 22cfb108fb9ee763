from datetime import timedelta

import factory
from django.utils import timezone

from juries.models import Candidacy, Jury, JuryMember, JurySession
from tests.accounts.factories import UserFactory
from tests.projects.factories import PathFactory
from tests.students.factories import EnrolmentFactory


class JuryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jury

    name = factory.Sequence(lambda n: f"Jury {n}")
    path = factory.SubFactory(PathFactory)


class JuryMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryMember

    jury = factory.SubFactory(JuryFactory)
    user = factory.SubFactory(UserFactory, roles=["jury_member"])
    kind = JuryMember.Kind.INDUSTRY


class JurySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JurySession

    jury = factory.SubFactory(JuryFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    mode = JurySession.Mode.REMOTE


class CandidacyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidacy

    enrolment = factory.SubFactory(EnrolmentFactory)
    session = factory.SubFactory(JurySessionFactory)
