from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
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
    model = Accommodation
    extra = 0
    fields = ["audio_only", "status", "proof", "decided_by", "decided_at"]
    autocomplete_fields = ["proof", "decided_by"]


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


@admin.register(Accommodation)
class AccommodationAdmin(StudentColumnMixin, SimpleHistoryAdmin):
    list_display = ["student", "path", "audio_only", "status", "decided_by", "decided_at"]
    list_filter = ["status", "audio_only"]
    search_fields = ENROLMENT_SEARCH
    list_select_related = [*ENROLMENT_RELATED, "decided_by"]
    autocomplete_fields = ["enrolment", "proof", "decided_by"]


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
    list_filter = ["status", "enrolment__path"]
    search_fields = ENROLMENT_SEARCH
    list_select_related = [*ENROLMENT_RELATED, "decided_by"]
    autocomplete_fields = ["enrolment", "decided_by"]
    date_hierarchy = "submitted_at"


@admin.register(SuspensionRequest)
class SuspensionRequestAdmin(RequestAdmin):
    list_display = ["student", "path", "starts_on", "ends_on", "status", "submitted_at", "funder_approval"]
    autocomplete_fields = [*RequestAdmin.autocomplete_fields, "funder_approval"]


@admin.register(TerminationRequest)
class TerminationRequestAdmin(RequestAdmin):
    list_display = ["student", "path", "effective_on", "status", "submitted_at"]


@admin.register(PathChangeRequest)
class PathChangeRequestAdmin(RequestAdmin):
    list_display = ["student", "path", "to_path", "status", "submitted_at", "earliest_effective_on"]
    list_select_related = [*RequestAdmin.list_select_related, "to_path"]
    autocomplete_fields = [*RequestAdmin.autocomplete_fields, "to_path", "funder_approval"]
