import factory
from django.utils import timezone

from discipline.models import Case
from students.models import Document
from tests.students.factories import EnrolmentFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    enrolment = factory.SubFactory(EnrolmentFactory)
    source = Case.Source.CONDUCT
    summary = "Insulting messages in the forum."
    opened_at = factory.LazyFunction(timezone.now)


class DocumentFactory(factory.django.DjangoModelFactory):
    """An official proof uploaded for the student (DIS-5), stored in the private storage."""

    class Meta:
        model = Document

    student = factory.SubFactory("tests.accounts.factories.UserFactory", roles=["student"])
    kind = Document.Kind.EXTENUATING_PROOF
    file = factory.django.FileField(filename="sick-leave.pdf", data=b"%PDF-1.4\n% sick leave\n")
    original_name = "sick-leave.pdf"
    content_type = "application/pdf"
    size = 22
    uploaded_by = factory.LazyAttribute(lambda o: o.student)
