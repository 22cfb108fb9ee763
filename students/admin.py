from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from . import selectors, services
from .forms import DecideForm
from .models import (
    Accommodation,
    Document,
    Enrolment,
    EnrolmentFunding,
    FundingBody,
    PathChangeRequest,
    Placement,
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
    @admin.display(ordering="enrolment__student__last_name")
    def student(self, obj):
        return obj.enrolment.student

    @admin.display(ordering="enrolment__path__name")
    def path(self, obj):
        return obj.enrolment.path


@admin.register(FundingBody)
class FundingBodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "contact_email"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_email"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "kind", "student", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "student__email", "student__last_name"]
    list_select_related = ["student", "uploaded_by"]
    autocomplete_fields = ["student", "uploaded_by"]
    readonly_fields = ["content_type", "size", "uploaded_at"]


class EnrolmentFundingInline(admin.TabularInline):
    model = EnrolmentFunding
    extra = 0
    autocomplete_fields = ["body"]


class AccommodationInline(admin.TabularInline):
    """Recorded here; accepted from the accommodation's own page, where the rule (ACC-1) is checked."""

    model = Accommodation
    extra = 0
    fields = ["audio_only", "proof", "status", "decided_by", "decided_at"]
    readonly_fields = ["status", "decided_by", "decided_at"]
    autocomplete_fields = ["proof"]


class PlacementInline(admin.TabularInline):
    model = Placement
    extra = 0


class EnrolmentForm(forms.ModelForm):
    class Meta:
        model = Enrolment
        fields = [
            "student",
            "path",
            "mentor",
            "status",
            "start_date",
            "planned_end_date",
            "ended_on",
            "suspended_until",
            "recording_consent",
            "recording_consent_at",
            "previous",
        ]

    def clean(self):
        data = super().clean()
        student, start = data.get("student"), data.get("start_date")
        if student and start and (self.instance.pk is None or "start_date" in self.changed_data):
            problem = services.enrolment_ban_problem(student_id=student.pk, on=start)
            if problem:
                raise forms.ValidationError(problem)
        return data


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    form = EnrolmentForm

    def get_urls(self):
        queue = path("queue/", self.admin_site.admin_view(self.queue_view), name="students_queue")
        return [queue, *super().get_urls()]

    def queue_view(self, request):
        """ "What needs me today": every waiting request with its deadline and what is missing."""
        if not request.user.has_perm("students.view_suspensionrequest"):
            raise PermissionDenied
        from mentoring import selectors as mentoring_selectors
        from mentoring.rules import LOG_ESCALATION_AFTER

        today = timezone.localdate()
        context = {
            **self.admin_site.each_context(request),
            "title": "What needs me today",
            "items": selectors.queue_for_student_success(today=today),
            "today": today,
            "unlogged": mentoring_selectors.sessions_unlogged_count(
                cutoff=timezone.now() - LOG_ESCALATION_AFTER
            ),
        }
        return TemplateResponse(request, "admin/students/queue.html", context)

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
    autocomplete_fields = ["student", "mentor", "path", "previous"]
    date_hierarchy = "start_date"
    inlines = [EnrolmentFundingInline, AccommodationInline, PlacementInline]


@admin.register(EnrolmentFunding)
class EnrolmentFundingAdmin(StudentColumnMixin, SimpleHistoryAdmin):
    list_display = ["student", "kind", "body", "share_percent", "reference"]
    list_filter = ["kind", "body"]
    search_fields = [*ENROLMENT_SEARCH, "body__name", "reference"]
    list_select_related = [*ENROLMENT_RELATED, "body"]
    autocomplete_fields = ["enrolment", "body"]


class AccommodationForm(forms.ModelForm):
    class Meta:
        model = Accommodation
        fields = ["enrolment", "audio_only", "proof", "status", "notes"]

    def clean(self):
        data = super().clean()
        enrolment = data.get("enrolment")
        if data.get("status") == Accommodation.Status.ACCEPTED and not (
            enrolment and services.is_disability_proof(data.get("proof"), enrolment)
        ):
            raise forms.ValidationError(
                "Attach this student's disability proof before granting audio-only sessions (ACC-1)."
            )
        return data


@admin.register(Accommodation)
class AccommodationAdmin(StudentColumnMixin, SimpleHistoryAdmin):
    """ACC-1: record the proof, then accept: the student's sessions become audio-only, the mentor is told."""

    form = AccommodationForm
    list_display = ["student", "path", "audio_only", "status", "decided_by", "decided_at"]
    list_filter = ["status", "audio_only"]
    search_fields = ENROLMENT_SEARCH
    list_select_related = [*ENROLMENT_RELATED, "decided_by"]
    autocomplete_fields = ["enrolment", "proof"]

    def save_model(self, request, obj, form, change):
        accepting = obj.status == Accommodation.Status.ACCEPTED and "status" in form.changed_data
        if accepting:
            obj.status = Accommodation.Status.PENDING
        super().save_model(request, obj, form, change)
        if accepting:
            services.accommodation_accept(accommodation_id=obj.pk, by=request.user)
            obj.refresh_from_db()


@admin.register(Placement)
class PlacementAdmin(StudentColumnMixin, SimpleHistoryAdmin):
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


class RequestAdmin(StudentColumnMixin, SimpleHistoryAdmin):
    """Approve or refuse with a reason, never bypassing a rule: the services refuse and cite it."""

    list_filter = ["status", "enrolment__path"]
    readonly_fields = [
        "status",
        "decided_by",
        "decided_at",
        "decision_reason",
        "submitted_at",
        "mentor_notified_at",
    ]
    actions = ["approve_selected"]
    change_form_template = "admin/students/request_change_form.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        decide = path(
            "<int:pk>/decide/",
            self.admin_site.admin_view(self.decide_view),
            name="{}_{}_decide".format(*info),
        )
        return [decide, *super().get_urls()]

    def approve(self, request, obj, *, effective_on=None) -> str:
        """Validate one request through its service; returns the message for Student Success."""
        raise NotImplementedError

    @admin.action(description="Approve the selected requests (each checked against the rules)")
    def approve_selected(self, request, queryset):
        for obj in queryset:
            try:
                self.approve(request, obj)
            except services.RequestError as exc:
                self.message_user(request, f"{obj}: not approved — {exc}", messages.ERROR)
            else:
                self.message_user(request, f"{obj}: approved.", messages.SUCCESS)

    def decide_view(self, request, pk):
        obj = get_object_or_404(
            self.model.objects.select_related("enrolment__student", "enrolment__path"), pk=pk
        )
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = DecideForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data["approval"] is not None:
                    services.request_attach_approval(request=obj, by=request.user, upload=data["approval"])
                    obj.refresh_from_db()
                if data["decision"] == "approve":
                    message = self.approve(request, obj, effective_on=data["effective_on"])
                    self.message_user(request, message, messages.SUCCESS)
                else:
                    services.request_refuse(
                        model=self.model, request_id=obj.pk, by=request.user, reason=data["reason"]
                    )
                    self.message_user(request, "Refused; the student is told why.", messages.SUCCESS)
            except (services.RequestError, services.DocumentError) as exc:
                form.add_error(None, str(exc))
            else:
                info = self.model._meta.app_label, self.model._meta.model_name
                return redirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Decide: {obj}",
            "obj": obj,
            "form": form,
            "opts": self.model._meta,
            "funded": services._is_funded(obj.enrolment),
        }
        return TemplateResponse(request, "admin/students/decide.html", context)

    search_fields = ENROLMENT_SEARCH
    list_select_related = [*ENROLMENT_RELATED, "decided_by"]
    autocomplete_fields = ["enrolment", "decided_by"]
    date_hierarchy = "submitted_at"


@admin.register(SuspensionRequest)
class SuspensionRequestAdmin(RequestAdmin):
    list_display = ["student", "path", "starts_on", "ends_on", "status", "submitted_at", "funder_approval"]
    list_select_related = [*RequestAdmin.list_select_related, "funder_approval"]
    autocomplete_fields = [*RequestAdmin.autocomplete_fields, "funder_approval"]
    readonly_fields = [*RequestAdmin.readonly_fields, "student_success_notified_at", "applied_at"]

    def approve(self, request, obj, *, effective_on=None) -> str:
        approved = services.suspension_approve(request_id=obj.pk, by=request.user)
        end = approved.enrolment.planned_end_date
        return f"Approved. The training now ends on {end:%-d %B %Y} (SUS-4)."


@admin.register(TerminationRequest)
class TerminationRequestAdmin(StudentColumnMixin, SimpleHistoryAdmin):
    """Stops take effect when the student gives them (SUS-1); the admin shows them."""

    list_display = ["student", "path", "effective_on", "status", "submitted_at", "applied_at"]
    list_filter = ["status", "enrolment__path"]
    search_fields = ENROLMENT_SEARCH
    list_select_related = ENROLMENT_RELATED
    autocomplete_fields = ["enrolment", "decided_by"]


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
    autocomplete_fields = [*RequestAdmin.autocomplete_fields, "to_path", "funder_approval"]
    readonly_fields = [*RequestAdmin.readonly_fields, "earliest_effective_on", "applied_at"]

    def approve(self, request, obj, *, effective_on=None) -> str:
        accepted = services.path_change_accept(
            request_id=obj.pk, by=request.user, effective_on=effective_on or obj.earliest_effective_on
        )
        return (
            f"Accepted: the change to {accepted.to_path} takes effect on {accepted.effective_on:%-d %B %Y}."
        )
