from datetime import timedelta

import factory
from django.utils import timezone

from discipline.models import (
    BoardSeat,
    Case,
    CaseEvent,
    CaseEvidence,
    CaseGround,
    Decision,
    DecisionCopy,
    Hearing,
    Letter,
    Notice,
    StudentAnswer,
)
from students.models import Document
from tests.accounts.factories import UserFactory
from tests.students.factories import DocumentFactory as StudentDocumentFactory
from tests.students.factories import EnrolmentFactory, FundingBodyFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    enrolment = factory.SubFactory(EnrolmentFactory)
    source = Case.Source.CONDUCT
    summary = "Insulting messages in the forum."
    opened_at = factory.LazyFunction(timezone.now)


class DocumentFactory(StudentDocumentFactory):
    """An official proof uploaded for the student (DIS-5), stored in the private storage."""

    kind = Document.Kind.EXTENUATING_PROOF
    file = factory.django.FileField(filename="sick-leave.pdf", data=b"%PDF-1.4\n% sick leave\n")
    original_name = "sick-leave.pdf"
    size = 22


class CaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory)
    at = factory.LazyFunction(timezone.now)
    to_status = Case.Status.OPENED


class CaseGroundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseGround

    case = factory.SubFactory(CaseFactory)
    rule = "CON-1"
    statement = "Insulting messages in the forum."


class CaseEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEvidence

    case = factory.SubFactory(CaseFactory)
    description = "Screenshots of the forum."
    added_at = factory.LazyFunction(timezone.now)


class StudentAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentAnswer

    case = factory.SubFactory(CaseFactory)
    text = "I apologise."
    submitted_at = factory.LazyFunction(timezone.now)


class BoardSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardSeat

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory, roles=["head_of_learning"])
    role = BoardSeat.Role.CHAIR


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    case = factory.SubFactory(CaseFactory)
    scheduled_start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=4))
    video_link = "https://meet.example.org/board"


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    hearing = factory.SubFactory(HearingFactory)
    purpose = "Meeting of the Disciplinary Board."
    complaints = "- Insulting messages (CON-1)"
    hearing_start = factory.LazyAttribute(lambda o: o.hearing.scheduled_start)
    video_link = factory.LazyAttribute(lambda o: o.hearing.video_link)
    sent_at = factory.LazyAttribute(lambda o: o.hearing.scheduled_start - timedelta(days=4))


class DecisionFactory(factory.django.DjangoModelFactory):
    """DIS-7: a warning after a hearing held three days ago."""

    class Meta:
        model = Decision

    case = factory.SubFactory(CaseFactory, status=Case.Status.DECIDED)
    hearing = factory.SubFactory(
        HearingFactory,
        case=factory.SelfAttribute("..case"),
        status=Hearing.Status.HELD,
        scheduled_start=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3)),
    )
    penalty = Decision.Penalty.WARNING
    grounds = "First breach; the student apologised."
    decided_at = factory.LazyFunction(timezone.now)
    decided_by = factory.SubFactory(UserFactory, roles=["head_of_learning"])
    effective_from = factory.LazyFunction(timezone.localdate)


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Letter

    decision = factory.SubFactory(DecisionFactory)


class DecisionCopyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionCopy

    decision = factory.SubFactory(DecisionFactory)
    funding_body = factory.SubFactory(FundingBodyFactory)
    address = factory.LazyAttribute(lambda o: o.funding_body.postal_address)
