from datetime import date, timedelta

import factory
from django.utils import timezone

from impact.models import AnnualReport, BoardRequest, CommitteeMember, Criterion, Measurement
from tests.accounts.factories import UserFactory


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    user = factory.SubFactory(UserFactory, roles=["impact_committee"])
    constituency = CommitteeMember.Constituency.NGO
    joined_on = factory.LazyFunction(lambda: date.today() - timedelta(days=300))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    code = factory.Sequence(lambda n: f"criterion-{n}")
    name = factory.Sequence(lambda n: f"Criterion {n}")
    definition = "Share of students funded by a job centre."
    measurement_method = "Enrolments with job-centre funding / all enrolments, per quarter."
    adopted_on = factory.LazyFunction(lambda: date.today() - timedelta(days=200))


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    criterion = factory.SubFactory(CriterionFactory)
    period_start = factory.Sequence(lambda n: date(2020, 1, 1) + timedelta(days=90 * n))
    period_end = factory.LazyAttribute(lambda o: o.period_start + timedelta(days=89))
    value = 42
    measured_at = factory.LazyFunction(timezone.now)


class BoardRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardRequest

    subject = factory.Sequence(lambda n: f"Request {n}")
    body = "Please share the completion rate of funded students."
    sent_by = factory.SubFactory(CommitteeMemberFactory)
    sent_at = factory.LazyFunction(timezone.now)
    due_on = factory.LazyFunction(lambda: date.today() + timedelta(days=30))


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    year = factory.Sequence(lambda n: 2000 + n)
    title = factory.LazyAttribute(lambda o: f"Impact report {o.year}")
    summary = "Completion stays above 68% on every path (IMP-4)."
