"""Student Success's admin: every write goes through ``students.services`` (CONVENTIONS "The admin")."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Case, Q, Value, When
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openclassrooms.accounts import selectors as account_selectors
from openclassrooms.core.admin import ReadOnlyInline, ServiceAdmin, ServiceInline, ServicePage
from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.models import AccessLog
from openclassrooms.core.services import access_record
from projects import selectors as project_selectors

from . import rules, selectors, services, views
from .forms import CorrectionDecideForm, DecideForm, DocumentField
from .models import (
    Accommodation,
    Document,
    Enrolment,
    EnrolmentFunding,
    EnrolmentPause,
    FundingBody,
    PathChangeRequest,
    Placement,
    ProfileCorrection,
    RequestStatus,
    SuspensionRequest,
    TerminationRequest,
)

ENROLMENT_SEARCH = [
    "enrolment__student__email",
    "enrolment__student__first_name",
    "enrolment__student__last_name",
]
ENROLMENT_RELATED = ["enrolment__student", "enrolment__path", "enrolment__mentor"]


class StudentColumnMixin:
    @admin.display(description=gettext_lazy("student"), ordering="enrolment__student__last_name")
    def student(self, obj):
        return obj.enrolment.student

    @admin.display(description=gettext_lazy("path"), ordering="enrolment__path__name")
    def path(self, obj):
        return obj.enrolment.path


@admin.register(FundingBody)
class FundingBodyAdmin(ServiceAdmin):
    list_display = ["name", "kind", "contact_email"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_email"]
    add_fields = editable_fields = ("name", "kind", "contact_email", "postal_address")

    def save_via_service(self, request, obj, form, change):
        services.funding_body_save(body=obj, by=request.user)


class DocumentAddForm(forms.ModelForm):
    file = DocumentField(label=gettext_lazy("File (PDF, PNG or JPEG, 10 MB at most)"))

    class Meta:
        model = Document
        fields = ["student", "kind", "file"]


@admin.register(Document)
class DocumentAdmin(ServiceAdmin):
    """Proofs and approvals: recorded once through ``document_store``; never changed or deleted."""

    list_display = ["original_name", "kind", "student", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "student__email", "student__last_name"]
    list_select_related = ["student", "uploaded_by"]
    autocomplete_fields = ["student"]
    add_fields = ("student", "kind", "file")
    add_form = DocumentAddForm

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return list(self.add_fields)
        return [
            "original_name",
            "kind",
            "student",
            "content_type",
            "size",
            "uploaded_by",
            "uploaded_at",
            "download",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: Document) -> str:
        return format_html('<a href="{}">{}</a>', reverse("students:document", args=[obj.pk]), _("Download"))

    def save_via_service(self, request, obj, form, change):
        document = services.document_store(
            upload=form.cleaned_data["file"], student=obj.student, by=request.user, kind=obj.kind
        )
        obj.pk = document.pk


class EnrolmentFundingInline(ServiceInline):
    model = EnrolmentFunding
    autocomplete_fields = ["body"]
    editable_fields = ("kind", "body", "share_percent", "reference")

    def save_via_service(self, request, obj, *, parent):
        obj.enrolment = parent
        services.funding_save(funding=obj, by=request.user)


class AccommodationInline(ReadOnlyInline):
    """Recorded and decided from the accommodation's own page, where the rule (ACC-1) is checked."""

    model = Accommodation
    fields = ["audio_only", "proof", "status", "decided_by", "decided_at"]


class PauseInline(ReadOnlyInline):
    """Periods without sessions, recorded by the suspensions, stops and Board suspensions themselves."""

    model = EnrolmentPause
    fields = ["starts_on", "until", "rule", "reason", "recorded_at"]
    verbose_name_plural = gettext_lazy("periods without sessions")


class PlacementInline(ReadOnlyInline):
    model = Placement
    fields = ["host_name", "host_kind", "starts_on", "ends_on", "safety_rules_acknowledged_at"]


class EnrolmentForm(forms.ModelForm):
    class Meta:
        model = Enrolment
        fields = ["student", "path", "mentor", "start_date", "planned_end_date", "recording_consent"]

    def clean(self):
        data = super().clean()
        student, start = data.get("student"), data.get("start_date")
        if self.instance.pk is None and student and start:
            problem = services.enrolment_ban_problem(student_id=student.pk, on=start)
            if problem:
                raise forms.ValidationError(problem)
        return data


@admin.register(Enrolment)
class EnrolmentAdmin(ServiceAdmin):
    """Enrol through ``enrolment_create`` (the DIS-7 ban is checked); the status, the dates the policy
    moves and the end are the services' (suspensions, stops, path changes, penalties)."""

    form = EnrolmentForm
    add_fields = ("student", "path", "mentor", "start_date", "planned_end_date", "recording_consent")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Student Success opening a student's record is logged (who, when, from which page)."""
        response = super().change_view(request, object_id, form_url, extra_context)
        enrolment = getattr(response, "context_data", {}).get("original") if request.method == "GET" else None
        if enrolment is not None:
            access_record(
                viewer=request.user, student_id=enrolment.student_id, what=AccessLog.What.STUDENT_RECORD,
                object_id=enrolment.pk, page=request.path,
            )  # fmt: skip
        return response

    editable_fields = ("mentor",)
    list_display = [
        "student",
        "path",
        "mentor",
        "status",
        "start_date",
        "planned_end_date",
        "recording_consent",
    ]
    list_filter = ["status", "path", "recording_consent", "fundings__kind"]
    search_fields = ["student__email", "student__first_name", "student__last_name", "mentor__last_name"]
    list_select_related = ["student", "path", "mentor"]
    autocomplete_fields = ["student", "mentor", "path"]
    date_hierarchy = "start_date"
    inlines = [EnrolmentFundingInline, AccommodationInline, PauseInline, PlacementInline]
    readonly_fields = ["towards_the_diploma"]
    actions = ["consent_given", "consent_withdrawn"]

    @admin.action(
        description=gettext_lazy("The student consents to being recorded (REC-1)"), permissions=["service"]
    )
    def consent_given(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda obj: services.enrolment_recording_consent(
                enrolment_id=obj.pk, consented=True, by=request.user
            ),
        )

    @admin.action(
        description=gettext_lazy("The student withdraws their consent to being recorded (REC-1)"),
        permissions=["service"],
    )
    def consent_withdrawn(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda obj: services.enrolment_recording_consent(
                enrolment_id=obj.pk, consented=False, by=request.user
            ),
        )

    def may_change(self, request, obj) -> bool:
        return obj.is_current

    @admin.display(description=gettext_lazy("Towards the diploma (TRN-1)"))
    def towards_the_diploma(self, obj: Enrolment) -> str:
        if obj.pk is None:
            return "—"
        missing = project_selectors.trn1_missing_by_enrolment(enrolments=[obj])[obj.pk]
        if not missing:
            return _(
                "Eligible for a jury: every project approved, every in-depth project validated (TRN-1 a, b)."
            )
        return format_html_join(mark_safe("<br>"), "{}", ((item,) for item in missing))

    def get_urls(self):
        queue = path(
            "queue/",
            self.admin_site.admin_view(lambda request: views.success_queue(request, self.admin_site)),
            name="students_queue",
        )
        return [queue, *super().get_urls()]

    def save_via_service(self, request, obj, form, change):
        if not change:
            enrolment = services.enrolment_create(by=request.user, **form.cleaned_data)
            obj.pk = enrolment.pk
        elif "mentor" in form.changed_data:
            services.enrolment_assign_mentor(enrolment_id=obj.pk, mentor=obj.mentor, by=request.user)


@admin.register(EnrolmentFunding)
class EnrolmentFundingAdmin(StudentColumnMixin, ServiceAdmin):
    list_display = ["student", "kind", "body", "share_percent", "reference"]
    list_filter = ["kind", "body"]
    search_fields = [*ENROLMENT_SEARCH, "body__name", "reference"]
    list_select_related = [*ENROLMENT_RELATED, "body"]
    autocomplete_fields = ["enrolment", "body"]
    add_fields = ("enrolment", "kind", "body", "share_percent", "reference")
    editable_fields = ("kind", "body", "share_percent", "reference")

    def save_via_service(self, request, obj, form, change):
        services.funding_save(funding=obj, by=request.user)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Reason (the student reads it)"),
        max_length=2000,
    )


class ConfirmForm(forms.Form):
    """A page whose only input is the decision to go ahead."""


@admin.register(Accommodation)
class AccommodationAdmin(StudentColumnMixin, ServiceAdmin):
    """ACC-1: record the proof, then accept: the student's sessions become audio-only, the mentor is told."""

    list_display = ["student", "path", "audio_only", "status", "decided_by", "decided_at"]
    list_filter = ["status", "audio_only"]
    search_fields = ENROLMENT_SEARCH
    list_select_related = [*ENROLMENT_RELATED, "decided_by"]
    autocomplete_fields = ["enrolment", "proof"]
    add_fields = ("enrolment", "proof", "notes")
    editable_fields = ("proof", "notes")
    actions = ["accept_selected"]
    service_pages = (
        ServicePage(
            "accept",
            gettext_lazy("Accept (ACC-1)"),
            ConfirmForm,
            submit=gettext_lazy("Accept: sessions become audio only"),
        ),
        ServicePage("refuse", gettext_lazy("Refuse"), RefuseForm, submit=gettext_lazy("Refuse")),
    )

    def may_change(self, request, obj) -> bool:
        return obj.status == Accommodation.Status.PENDING

    def page_accept_available(self, obj) -> bool:
        return obj.status == Accommodation.Status.PENDING

    page_refuse_available = page_accept_available

    def page_accept(self, request, obj, data) -> str:
        services.accommodation_accept(accommodation_id=obj.pk, by=request.user)
        return _("Accepted: the student's sessions are audio only and the mentor is told (ACC-1).")

    def page_refuse(self, request, obj, data) -> str:
        services.accommodation_refuse(accommodation_id=obj.pk, by=request.user, reason=data["reason"])
        return _("Refused.")

    def save_via_service(self, request, obj, form, change):
        if change:
            services.accommodation_update(
                accommodation_id=obj.pk, by=request.user, proof=obj.proof, notes=obj.notes
            )
        else:
            obj.pk = services.accommodation_record(
                enrolment=obj.enrolment, by=request.user, proof=obj.proof, notes=obj.notes
            ).pk

    @admin.action(
        description=gettext_lazy("Accept the selected accommodations (ACC-1)"), permissions=["service"]
    )
    def accept_selected(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda obj: services.accommodation_accept(accommodation_id=obj.pk, by=request.user),
        )


@admin.register(Placement)
class PlacementAdmin(StudentColumnMixin, ServiceAdmin):
    """HS-1: the placement is recorded here; the student acknowledges the host's rules on their page."""

    list_display = [
        "student",
        "host_name",
        "host_kind",
        "starts_on",
        "ends_on",
        "safety_rules_acknowledged_at",
    ]
    list_filter = ["host_kind", ("safety_rules_acknowledged_at", admin.EmptyFieldListFilter)]
    search_fields = [*ENROLMENT_SEARCH, "host_name"]
    list_select_related = ENROLMENT_RELATED
    autocomplete_fields = ["enrolment"]
    editable_fields = ("host_kind", "host_name", "host_address", "starts_on", "ends_on")
    add_fields = ("enrolment", *editable_fields)

    def may_change(self, request, obj) -> bool:
        return obj.safety_rules_acknowledged_at is None

    def save_via_service(self, request, obj, form, change):
        services.placement_record(placement=obj, by=request.user)


def _each(model_admin, request, queryset, call) -> None:
    """Run one service per selected row; say what each did or why it was refused."""
    for obj in queryset:
        try:
            call(obj)
        except PolicyError as exc:
            model_admin.message_user(
                request,
                _("%(object)s: not done — %(problem)s") % {"object": obj, "problem": exc},
                messages.ERROR,
            )
        else:
            model_admin.message_user(request, _("%(object)s: done.") % {"object": obj}, messages.SUCCESS)


class RequestAdmin(StudentColumnMixin, ServiceAdmin):
    """Approve or refuse with a reason on the *decide* page, never bypassing a rule: the services refuse
    and cite it. Nothing of a request is edited here."""

    list_filter = ["status", "enrolment__path"]
    actions = ["approve_selected"]
    service_pages = (
        ServicePage(
            "decide",
            gettext_lazy("Approve or refuse"),
            DecideForm,
            template="admin/students/decide.html",
            submit=gettext_lazy("Save the decision"),
        ),
    )
    search_fields = ENROLMENT_SEARCH
    list_select_related = [*ENROLMENT_RELATED, "decided_by"]
    date_hierarchy = "submitted_at"

    def approve(self, request, obj, *, effective_on=None) -> str:
        """Validate one request through its service; returns the message for Student Success."""
        raise NotImplementedError

    @admin.action(
        description=gettext_lazy("Approve the selected requests (each checked against the rules)"),
        permissions=["service"],
    )
    def approve_selected(self, request, queryset):
        for obj in queryset:
            try:
                self.approve(request, obj)
            except PolicyError as exc:
                self.message_user(
                    request,
                    _("%(object)s: not approved — %(problem)s") % {"object": obj, "problem": exc},
                    messages.ERROR,
                )
            else:
                self.message_user(request, _("%(object)s: approved.") % {"object": obj}, messages.SUCCESS)

    def page_decide_available(self, obj) -> bool:
        return obj.status == RequestStatus.SUBMITTED

    def page_decide_context(self, obj) -> dict:
        return {"funded": selectors.enrolment_is_funded(enrolment_id=obj.enrolment_id)}

    def page_decide(self, request, obj, data) -> str:
        if data["approval"] is not None:
            services.request_attach_approval(request=obj, by=request.user, upload=data["approval"])
            obj.refresh_from_db()
        if data["decision"] == "approve":
            return self.approve(request, obj, effective_on=data["effective_on"])
        services.request_refuse(model=self.model, request_id=obj.pk, by=request.user, reason=data["reason"])
        return _("Refused; the student is told why.")


@admin.register(SuspensionRequest)
class SuspensionRequestAdmin(RequestAdmin):
    list_display = ["student", "path", "starts_on", "ends_on", "status", "submitted_at", "funder_approval"]
    list_select_related = [*RequestAdmin.list_select_related, "funder_approval"]

    def approve(self, request, obj, *, effective_on=None) -> str:
        approved = services.suspension_approve(request_id=obj.pk, by=request.user)
        end = approved.enrolment.planned_end_date
        return _("Approved. The training now ends on %(day)s (SUS-4).") % {
            "day": date_format(end, "DATE_FORMAT")
        }


@admin.register(TerminationRequest)
class TerminationRequestAdmin(StudentColumnMixin, ServiceAdmin):
    """Stops take effect when the student gives them (SUS-1); the admin shows them."""

    list_display = ["student", "path", "effective_on", "status", "submitted_at", "applied_at"]
    list_filter = ["status", "enrolment__path"]
    search_fields = ENROLMENT_SEARCH
    list_select_related = ENROLMENT_RELATED


@admin.register(PathChangeRequest)
class PathChangeRequestAdmin(RequestAdmin):
    list_display = [
        "student",
        "path",
        "to_path",
        "status",
        "submitted_at",
        "earliest_effective_on",
        "effective_on",
    ]
    list_select_related = [*RequestAdmin.list_select_related, "to_path", "funder_approval"]

    def approve(self, request, obj, *, effective_on=None) -> str:
        accepted = services.path_change_accept(
            request_id=obj.pk, by=request.user, effective_on=effective_on or obj.earliest_effective_on
        )
        return _("Accepted: the change to %(path)s takes effect on %(day)s.") % {
            "path": accepted.to_path,
            "day": date_format(accepted.effective_on, "DATE_FORMAT"),
        }


@admin.register(ProfileCorrection)
class ProfileCorrectionAdmin(ServiceAdmin):
    """GDPR art. 16: students ask (on their profile page), Student Success accepts or refuses on the
    *decide* page, always with a reason; accepting changes the profile through ``accounts.services``. Nothing
    of a request is edited here, and none is added: the student asks."""

    list_display = ["student", "field", "status", "requested_at", "answer_by", "decided_by", "decided_at"]
    list_filter = ["status", "field"]
    search_fields = ["student__email", "student__first_name", "student__last_name"]
    list_select_related = ["student", "decided_by"]
    date_hierarchy = "requested_at"
    # Waiting ones first, the oldest at the top; then the decided ones, the latest first.
    ordering = [
        Case(When(Q(status=ProfileCorrection.Status.PENDING), then=Value(0)), default=Value(1)).asc(),
        Case(When(Q(status=ProfileCorrection.Status.PENDING), then="requested_at")).asc(),
        "-requested_at",
    ]
    service_pages = (
        ServicePage(
            "decide",
            gettext_lazy("Accept or refuse"),
            CorrectionDecideForm,
            template="admin/students/profile_correction_decide.html",
            submit=gettext_lazy("Save the decision"),
        ),
    )

    @admin.display(description=gettext_lazy("answer by (GDPR art. 12)"))
    def answer_by(self, obj: ProfileCorrection):
        if obj.status != ProfileCorrection.Status.PENDING:
            return "—"
        return rules.correction_answer_by(timezone.localdate(obj.requested_at))

    def page_decide_available(self, obj) -> bool:
        return obj.status == ProfileCorrection.Status.PENDING

    def page_decide_context(self, obj) -> dict:
        current = account_selectors.user_profile(user_id=obj.student_id)[obj.field]
        return {"current": current, "changed_since": current != obj.value_before}

    def page_decide(self, request, obj, data) -> str:
        accept = data["decision"] == "accept"
        services.profile_correction_decide(
            correction_id=obj.pk, by=request.user, accept=accept, reason=data["reason"]
        )
        if accept:
            label = obj.get_field_display().lower()
            return _("Accepted: the student's %(detail)s is corrected; they are told why.") % {
                "detail": label
            }
        return _("Refused; the student is told why.")
