import factory
from django.utils import timezone

from discipline.models import Case
from tests.students.factories import EnrolmentFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    enrolment = factory.SubFactory(EnrolmentFactory)
    source = Case.Source.CONDUCT
    summary = "Insulting messages in the forum."
    opened_at = factory.LazyFunction(timezone.now)
