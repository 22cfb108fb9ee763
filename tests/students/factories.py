from datetime import date, timedelta

import factory

from students.models import Enrolment, EnrolmentFunding, FundingBody
from tests.accounts.factories import UserFactory
from tests.projects.factories import PathFactory


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    student = factory.SubFactory(UserFactory, roles=["student"])
    mentor = factory.SubFactory(UserFactory, roles=["mentor"])
    path = factory.SubFactory(PathFactory)
    start_date = factory.LazyFunction(lambda: date.today() - timedelta(days=90))
    planned_end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=365))


class FundingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingBody

    name = factory.Sequence(lambda n: f"Funder {n}")
    kind = FundingBody.Kind.JOB_CENTRE
    contact_email = factory.Sequence(lambda n: f"funder{n}@example.org")
    postal_address = "1 rue de la Paix\n75002 Paris"


class EnrolmentFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrolmentFunding

    enrolment = factory.SubFactory(EnrolmentFactory)
    kind = EnrolmentFunding.Kind.JOB_CENTRE
    body = factory.SubFactory(FundingBodyFactory)
