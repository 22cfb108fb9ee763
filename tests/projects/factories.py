from datetime import timedelta

import factory
from django.utils import timezone

from projects.models import Path, PathProject, Presentation, Project, Skill, SkillAssessment, Submission


class PathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Path

    code = factory.Sequence(lambda n: f"path-{n}")
    name = factory.Sequence(lambda n: f"Path {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"p{n}")
    title = factory.Sequence(lambda n: f"Project {n}")


class PathProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathProject

    path = factory.SubFactory(PathFactory)
    project = factory.SubFactory(ProjectFactory)
    position = factory.Sequence(lambda n: n + 1)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    enrolment = factory.SubFactory("tests.students.factories.EnrolmentFactory")
    project = factory.SubFactory(ProjectFactory)


class PresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Presentation

    submission = factory.SubFactory(SubmissionFactory, status=Submission.Status.PRESENTATION_SCHEDULED)
    validating_mentor = factory.SubFactory("tests.accounts.factories.UserFactory", roles=["mentor"])
    scheduled_start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class SkillAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillAssessment

    presentation = factory.SubFactory(PresentationFactory)
    skill = factory.SubFactory(
        SkillFactory, project=factory.SelfAttribute("..presentation.submission.project")
    )
    result = SkillAssessment.Result.ACQUIRED
