"""The admin is one more client of the services (CONVENTIONS "The admin"; issue: records nobody can forge).

For every registered ModelAdmin and every role (and a superuser, who holds every permission), a POST to
the history page, the change form, the add form and the delete page never bypasses a service:

- a history page never saves, whoever asks;
- a change form changes nothing but the fields its admin declares editable (and those go through
  ``save_via_service``) — a status, a decision's penalty, a letter's dispatch date stay as they are;
- a row only a service creates cannot be added, and a row that can be added takes its status from its
  workflow, never from the form;
- a row is deleted only where its admin deletes it through a service.

The structure is checked too: every admin and inline derives from the project's bases and none overrides
the methods through which the Django admin would write.
"""

from datetime import date, time
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.db import models
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from openclassrooms.accounts.roles import ROLE_PERMISSIONS, Role
from openclassrooms.core.admin import LogAdmin, ReadOnlyInline, ServiceAdmin, ServiceInline
from openclassrooms.core.models import AccessLog, DataExport, DomainEvent, OutboundEmail, RetentionTrace
from tests.accounts.factories import UserFactory
from tests.discipline import factories as discipline
from tests.impact import factories as impact
from tests.juries import factories as juries
from tests.mentoring import factories as mentoring
from tests.projects import factories as projects
from tests.students import factories as students

OURS = {"accounts", "core", "projects", "students", "mentoring", "discipline", "juries", "impact"}
ADMINS = sorted(
    ((m, a) for m, a in admin.site._registry.items() if m._meta.app_label in OURS),
    key=lambda item: item[0]._meta.label,
)
ROLES = [*Role.values, "superuser"]

FACTORIES = {
    "accounts.User": lambda: UserFactory(roles=["student"]),
    "core.OutboundEmail": lambda: OutboundEmail.objects.create(
        key="k:1", to=["a@example.org"], subject="S", body="B"
    ),
    "core.DomainEvent": lambda: DomainEvent.objects.create(name="students.enrolment_paused", payload={}),
    "core.AccessLog": lambda: AccessLog.objects.create(
        student=UserFactory(roles=["student"]),
        viewer=UserFactory(roles=["student_success"]),
        what="case",
        object_id=1,
        page="/discipline/cases/1/",
        viewed_at=timezone.now(),
    ),
    "core.DataExport": lambda: DataExport.objects.create(
        student=UserFactory(roles=["student"]), requested_at=timezone.now()
    ),
    "core.RetentionTrace": lambda: RetentionTrace.objects.create(
        record_type="access_logs",
        action="deleted",
        count=2,
        cutoff=timezone.now(),
        object_ids=[1, 2],
        ran_at=timezone.now(),
    ),
    "students.FundingBody": students.FundingBodyFactory,
    "students.Document": students.DocumentFactory,
    "students.Enrolment": students.EnrolmentFactory,
    "students.EnrolmentFunding": students.EnrolmentFundingFactory,
    "students.Accommodation": students.AccommodationFactory,
    "students.Placement": students.PlacementFactory,
    "students.SuspensionRequest": students.SuspensionRequestFactory,
    "students.TerminationRequest": students.TerminationRequestFactory,
    "students.PathChangeRequest": students.PathChangeRequestFactory,
    "students.ProfileCorrection": students.ProfileCorrectionFactory,
    "mentoring.MentorAvailability": mentoring.MentorAvailabilityFactory,
    "mentoring.WeeklySlot": mentoring.WeeklySlotFactory,
    "mentoring.MentorAbsence": mentoring.MentorAbsenceFactory,
    "mentoring.ToolEvent": mentoring.ToolEventFactory,
    "mentoring.MentoringSession": mentoring.SessionFactory,
    "mentoring.AbsenceNotice": mentoring.AbsenceNoticeFactory,
    "mentoring.ExceptionalAuthorisation": mentoring.ExceptionalAuthorisationFactory,
    "mentoring.AbsenceFollowUp": mentoring.AbsenceFollowUpFactory,
    "mentoring.MonitoringReport": mentoring.MonitoringReportFactory,
    "projects.Path": projects.PathFactory,
    "projects.Project": projects.ProjectFactory,
    "projects.PathProject": projects.PathProjectFactory,
    "projects.Skill": projects.SkillFactory,
    "projects.Submission": projects.SubmissionFactory,
    "projects.Presentation": projects.PresentationFactory,
    "projects.SkillAssessment": projects.SkillAssessmentFactory,
    "juries.Jury": juries.JuryFactory,
    "juries.JuryMember": juries.JuryMemberFactory,
    "juries.JurySession": juries.JurySessionFactory,
    "juries.Panel": juries.PanelFactory,
    "juries.Candidacy": juries.CandidacyFactory,
    "juries.Verdict": juries.VerdictFactory,
    "juries.RemedialProject": juries.RemedialProjectFactory,
    "juries.DeclaredConflict": juries.DeclaredConflictFactory,
    "juries.CandidateRecordOpening": juries.CandidateRecordOpeningFactory,
    "juries.Diploma": juries.DiplomaFactory,
    "juries.SittingMinutes": juries.SittingMinutesFactory,
    "discipline.Case": discipline.CaseFactory,
    "discipline.CaseEvent": discipline.CaseEventFactory,
    "discipline.CaseGround": discipline.CaseGroundFactory,
    "discipline.CaseEvidence": discipline.CaseEvidenceFactory,
    "discipline.StudentAnswer": discipline.StudentAnswerFactory,
    "discipline.BoardSeat": discipline.BoardSeatFactory,
    "discipline.Hearing": discipline.HearingFactory,
    "discipline.Notice": discipline.NoticeFactory,
    "discipline.Decision": discipline.DecisionFactory,
    "discipline.Letter": discipline.LetterFactory,
    "discipline.DecisionCopy": discipline.DecisionCopyFactory,
    "impact.CommitteeMember": impact.CommitteeMemberFactory,
    "impact.Criterion": impact.CriterionFactory,
    "impact.Measurement": impact.MeasurementFactory,
    "impact.BoardRequest": impact.BoardRequestFactory,
    "impact.AnnualReport": impact.AnnualReportFactory,
}

# The methods through which Django's admin writes; only the project's bases define them.
WRITERS = [
    "save_model",
    "save_related",
    "save_formset",
    "delete_model",
    "delete_queryset",
    "history_form_view",
]


def test_every_registered_model_has_a_factory_here():
    assert sorted(m._meta.label for m, _ in ADMINS) == sorted(FACTORIES)


def test_the_other_admins_belong_to_superusers_alone():
    """Django's groups and sites, allauth's e-mail addresses and authenticators: no role holds a
    permission on them, so only a superuser reaches those admin pages."""
    others = {m._meta.app_label for m in admin.site._registry} - OURS
    assert others
    for role, (_staff, permissions) in ROLE_PERMISSIONS.items():
        assert not {p.split(".")[0] for p in permissions} & others, role


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_every_admin_writes_only_through_its_services(model, model_admin):
    assert isinstance(model_admin, ServiceAdmin | LogAdmin)
    for name in WRITERS:
        defined_in = next((k for k in type(model_admin).__mro__ if name in vars(k)), None)
        assert defined_in in (None, ServiceAdmin, LogAdmin) or defined_in.__module__.startswith("django"), (
            f"{type(model_admin).__name__}.{name} writes outside the services"
        )
    open_fields = set(getattr(model_admin, "editable_fields", ())) | set(
        getattr(model_admin, "add_fields", ()) or ()
    )
    if open_fields:
        assert "save_via_service" in {
            n for k in type(model_admin).__mro__[:-1] if k is not ServiceAdmin for n in vars(k)
        }
    workflow = {"status"} if hasattr(model, "TRANSITIONS") else set()
    assert not open_fields & workflow, f"{model._meta.label}: a workflow field is open in the admin"
    for inline in model_admin.inlines:
        assert issubclass(inline, ReadOnlyInline | ServiceInline)
        if issubclass(inline, ServiceInline) and inline.editable_fields:
            assert "save_via_service" in vars(inline)


# --- POSTs, for every admin and every role --------------------------------------------------------------


class _FormData(HTMLParser):
    """The values a browser would post from the change form (``<form id="<model>_form">``)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[attrs["name"]] = attrs.get("value", "on")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def _tampered(model) -> dict:
    """A different value for every field of the model, as a form would post it."""
    data = {}
    for field in [*model._meta.fields, *model._meta.many_to_many]:
        name = field.name
        if field.primary_key or isinstance(field, models.FileField):
            continue
        if field.choices:
            data[name] = str(field.choices[-1][0])
        elif isinstance(field, models.BooleanField):
            data[name] = "on"
        elif isinstance(field, models.DateTimeField):
            data[f"{name}_0"], data[f"{name}_1"] = "01/01/2001", "07:07:07"
        elif isinstance(field, models.DateField):
            data[name] = date(2001, 1, 1).isoformat()
        elif isinstance(field, models.TimeField):
            data[name] = time(7, 7).isoformat()
        elif isinstance(field, models.DurationField):
            data[name] = "07:07:07"
        elif isinstance(field, models.DecimalField | models.IntegerField):
            data[name] = "77"
        elif isinstance(field, models.EmailField):
            data[name] = "tampered@example.org"
        elif isinstance(field, models.URLField):
            data[name] = "https://tampered.example.org/"
        elif isinstance(field, models.JSONField):
            data[name] = '["tampered@example.org"]'
        elif isinstance(field, models.ForeignKey | models.ManyToManyField):
            other = field.related_model.objects.order_by("-pk").values_list("pk", flat=True).first()
            if other is not None:
                data[name] = str(other)
        else:
            data[name] = "tampered"
    return data


def _row(obj) -> dict:
    fresh = type(obj).objects.get(pk=obj.pk)
    values = model_to_dict(fresh, fields=[f.name for f in type(obj)._meta.fields])
    values.update(
        {
            f.name: sorted(getattr(fresh, f.name).values_list("pk", flat=True))
            for f in type(obj)._meta.many_to_many
        }
    )
    return {k: (str(v) if isinstance(v, models.fields.files.FieldFile) else v) for k, v in values.items()}


def _history_count(obj) -> int:
    return obj.history.count() if hasattr(type(obj), "history") else 0


def _refused(response) -> bool:
    login = response.status_code == 302 and "/login/" in response["Location"]
    return response.status_code in (403, 404, 405) or login


@pytest.fixture
def person(make_user):
    def make(role: str):
        if role == "superuser":
            return make_user(is_superuser=True, is_staff=True)
        return make_user(role)

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_no_admin_post_bypasses_a_service(model, model_admin, role, person, client):
    obj = FACTORIES[model._meta.label]()
    client.force_login(person(role))
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    tampered = _tampered(model)
    before, history = _row(obj), _history_count(obj)

    # History pages show the past and never save, whatever the permissions.
    if history:
        version = obj.history.order_by("-history_id").first()
        url = reverse(f"{info}_simple_history", args=[obj.pk, version.history_id])
        assert _refused(client.post(url, tampered))
        assert (_row(obj), _history_count(obj)) == (before, history)

    # The change form: only the admin's editable fields may change (through its service).
    url = reverse(f"{info}_change", args=[obj.pk])
    page = client.get(url)
    data = {}
    if page.status_code == 200:
        parser = _FormData(f"{model._meta.model_name}_form")
        parser.feed(page.content.decode())
        data = parser.data
    client.post(url, {**data, **tampered})
    after = _row(obj)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= set(getattr(model_admin, "editable_fields", ())), (
        f"changed outside a service: {changed}"
    )

    # The add form: rows only a service creates cannot be added; a status never comes from the form.
    existing = set(model.objects.values_list("pk", flat=True))
    response = client.post(reverse(f"{info}_add"), tampered)
    added = model.objects.exclude(pk__in=existing)
    if getattr(model_admin, "add_fields", None) is None:
        assert _refused(response) and not added.exists()
    status = next((f for f in model._meta.fields if f.name == "status" and f.choices), None)
    for row in added:
        assert status is None or row.status == status.default

    # Deleting: only where the admin deletes through a service.
    client.post(reverse(f"{info}_delete", args=[obj.pk]), {"post": "yes"})
    if not getattr(model_admin, "deletable", False):
        assert model.objects.filter(pk=obj.pk).exists()
