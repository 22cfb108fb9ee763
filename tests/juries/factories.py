from datetime import timedelta

import factory
from django.utils import timezone

from juries.models import (
    Candidacy,
    CandidateRecordOpening,
    DeclaredConflict,
    Diploma,
    Jury,
    JuryMember,
    JurySession,
    Panel,
    RemedialProject,
    SittingMinutes,
    Verdict,
)
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


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    session = factory.SubFactory(JurySessionFactory)
    name = factory.Sequence(lambda n: f"Panel {n}")


class VerdictFactory(factory.django.DjangoModelFactory):
    """TRN-4: a refusal naming what to improve."""

    class Meta:
        model = Verdict

    candidacy = factory.SubFactory(CandidacyFactory, status=Candidacy.Status.DECIDED)
    decision = Verdict.Decision.REFUSED
    reasons = "Testing and deployment are not demonstrated."
    decided_by = factory.SubFactory(UserFactory, roles=["jury_member"])
    decided_at = factory.LazyFunction(timezone.now)


class RemedialProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RemedialProject

    verdict = factory.SubFactory(VerdictFactory)
    title = "Test and deploy the application"
    brief = "Write the tests and deploy."


class DeclaredConflictFactory(factory.django.DjangoModelFactory):
    """TRN-3: a jury member's declared conflict of interest about a student."""

    class Meta:
        model = DeclaredConflict

    member = factory.SubFactory(JuryMemberFactory)
    enrolment = factory.SubFactory(EnrolmentFactory)
    reason = "A former colleague."
    declared_at = factory.LazyFunction(timezone.now)


class CandidateRecordOpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateRecordOpening

    candidacy = factory.SubFactory(CandidacyFactory)
    opened_by = factory.SubFactory(UserFactory, roles=["jury_member"])
    opened_at = factory.LazyFunction(timezone.now)


class DiplomaFactory(factory.django.DjangoModelFactory):
    """TRN-4: the certificate of an awarded diploma."""

    class Meta:
        model = Diploma

    verdict = factory.SubFactory(VerdictFactory, decision=Verdict.Decision.AWARDED, reasons="")
    code = factory.Sequence(lambda n: f"TEST-0000-{n:04d}")
    holder_name = "Ada Lovelace"
    path_name = "Web developer"
    awarded_on = factory.LazyFunction(timezone.localdate)


class SittingMinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SittingMinutes

    session = factory.SubFactory(JurySessionFactory, status=JurySession.Status.HELD)
    signed_by = factory.SubFactory(UserFactory, roles=["jury_member"])
    signed_at = factory.LazyFunction(timezone.now)
