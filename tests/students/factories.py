from datetime import date, timedelta

import factory
from django.utils import timezone

from students.models import (
    Accommodation,
    Document,
    Enrolment,
    EnrolmentFunding,
    FundingBody,
    PathChangeRequest,
    Placement,
    ProfileCorrection,
    SuspensionRequest,
    TerminationRequest,
)
from students.rules import path_change_earliest_effective
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


class SuspensionRequestFactory(factory.django.DjangoModelFactory):
    """A waiting suspension (SUS-1..SUS-4), sent now, starting in two weeks, for ten days."""

    class Meta:
        model = SuspensionRequest

    enrolment = factory.SubFactory(EnrolmentFactory)
    reason = "Surgery and two weeks of recovery."
    submitted_at = factory.LazyFunction(timezone.now)
    mentor_notified_at = factory.LazyAttribute(lambda o: o.submitted_at)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=9))


class PathChangeRequestFactory(factory.django.DjangoModelFactory):
    """A waiting change of path (CHG-1), the mentor consulted two days before it was sent."""

    class Meta:
        model = PathChangeRequest

    enrolment = factory.SubFactory(EnrolmentFactory)
    reason = "I would rather work on data than on front-end code."
    submitted_at = factory.LazyFunction(timezone.now)
    mentor_notified_at = factory.LazyAttribute(lambda o: o.submitted_at)
    mentor_consulted_at = factory.LazyAttribute(lambda o: o.submitted_at - timedelta(days=2))
    to_path = factory.SubFactory(PathFactory)
    earliest_effective_on = factory.LazyAttribute(
        lambda o: path_change_earliest_effective(timezone.localdate(o.submitted_at))
    )


class PlacementFactory(factory.django.DjangoModelFactory):
    """HS-1: part of the training at a company, not acknowledged yet."""

    class Meta:
        model = Placement

    enrolment = factory.SubFactory(EnrolmentFactory)
    host_kind = Placement.HostKind.COMPANY
    host_name = "Atelier Numérique SARL"
    host_address = "12 rue des Lilas\n69003 Lyon"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=60))


class DocumentFactory(factory.django.DjangoModelFactory):
    """A proof or approval in the private storage (a one-line PDF)."""

    class Meta:
        model = Document

    student = factory.SubFactory(UserFactory, roles=["student"])
    kind = Document.Kind.OTHER
    file = factory.django.FileField(filename="proof.pdf", data=b"%PDF-1.4\n% proof\n")
    original_name = "proof.pdf"
    content_type = "application/pdf"
    size = 17
    uploaded_by = factory.LazyAttribute(lambda o: o.student)


class AccommodationFactory(factory.django.DjangoModelFactory):
    """ACC-1: asked for, the proof under review."""

    class Meta:
        model = Accommodation

    enrolment = factory.SubFactory(EnrolmentFactory)
    proof = factory.SubFactory(
        DocumentFactory,
        student=factory.SelfAttribute("..enrolment.student"),
        kind=Document.Kind.DISABILITY_PROOF,
    )


class TerminationRequestFactory(factory.django.DjangoModelFactory):
    """SUS-1: a stop given a month ahead."""

    class Meta:
        model = TerminationRequest

    enrolment = factory.SubFactory(EnrolmentFactory)
    reason = "I found a job."
    submitted_at = factory.LazyFunction(timezone.now)
    mentor_notified_at = factory.LazyAttribute(lambda o: o.submitted_at)
    effective_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class ProfileCorrectionFactory(factory.django.DjangoModelFactory):
    """GDPR art. 16: a student asks, now, for their phone number to be corrected; nobody has answered."""

    class Meta:
        model = ProfileCorrection

    student = factory.SubFactory(UserFactory, roles=["student"], phone="06 12 34 56 78")
    field = ProfileCorrection.Field.PHONE
    value_before = factory.LazyAttribute(lambda o: getattr(o.student, o.field))
    value_asked = "+33 6 98 76 54 32"
    explanation = "I changed my number last month."
    requested_at = factory.LazyFunction(timezone.now)
