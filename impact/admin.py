"""The Impact Committee's records, through ``impact.services``."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openclassrooms.core.admin import ServiceAdmin, ServiceInline
from openclassrooms.core.exceptions import PolicyError

from . import services
from .models import AnnualReport, BoardRequest, CommitteeMember, Criterion, Measurement


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ServiceAdmin):
    list_display = ["user", "constituency", "organisation", "public_consent", "joined_on", "left_on"]
    list_filter = ["constituency"]
    search_fields = ["user__email", "user__last_name", "organisation"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    editable_fields = ("constituency", "organisation", "public_consent", "joined_on", "left_on")
    add_fields = ("user", *editable_fields)

    def save_via_service(self, request, obj, form, change):
        services.committee_member_save(member=obj, by=request.user)


class MeasurementInline(ServiceInline):
    model = Measurement
    editable_fields = ("period_start", "period_end", "value", "note")

    def save_via_service(self, request, obj, *, parent):
        obj.criterion = parent
        services.measurement_save(measurement=obj, by=request.user)


@admin.register(Criterion)
class CriterionAdmin(ServiceAdmin):
    list_display = ["code", "name", "unit", "adopted_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "definition"]
    inlines = [MeasurementInline]
    add_fields = editable_fields = (
        "code",
        "name",
        "definition",
        "measurement_method",
        "measure",
        "source",
        "unit",
        "target",
        "adopted_on",
        "is_active",
    )

    def save_via_service(self, request, obj, form, change):
        services.criterion_save(criterion=obj, by=request.user)


@admin.register(Measurement)
class MeasurementAdmin(ServiceAdmin):
    list_display = ["criterion", "period_start", "period_end", "value", "measured_at"]
    list_filter = ["criterion"]
    search_fields = ["criterion__name"]
    list_select_related = ["criterion"]
    autocomplete_fields = ["criterion"]
    date_hierarchy = "period_end"
    editable_fields = ("period_start", "period_end", "value", "note")
    add_fields = ("criterion", *editable_fields)

    def save_via_service(self, request, obj, form, change):
        services.measurement_save(measurement=obj, by=request.user)


@admin.register(BoardRequest)
class BoardRequestAdmin(ServiceAdmin):
    """IMP-3: sent by a Committee member; only the company Board answers, on its own page."""

    list_display = ["subject", "sent_by", "sent_at", "due_on", "status", "answered_at"]
    list_filter = ["status"]
    search_fields = ["subject", "body", "answer"]
    list_select_related = ["sent_by__user", "answered_by"]
    date_hierarchy = "due_on"
    add_fields = ("subject", "body", "due_on")

    def save_via_service(self, request, obj, form, change):
        obj.pk = services.board_request_send(
            subject=obj.subject, body=obj.body, due_on=obj.due_on, by=request.user
        ).pk


@admin.register(AnnualReport)
class AnnualReportAdmin(ServiceAdmin):
    list_display = ["year", "title", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    add_fields = editable_fields = ("year", "title", "summary")
    actions = ["publish_selected"]

    def may_change(self, request, obj) -> bool:
        return obj.status == AnnualReport.Status.DRAFT

    def save_via_service(self, request, obj, form, change):
        services.annual_report_save(report=obj, by=request.user)

    @admin.action(description=_("Publish the selected reports (IMP-4)"), permissions=["service"])
    def publish_selected(self, request, queryset):
        for report in queryset:
            try:
                services.annual_report_publish(report_id=report.pk, by=request.user)
            except PolicyError as exc:
                self.message_user(
                    request,
                    gettext("%(report)s: not published — %(problem)s") % {"report": report, "problem": exc},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request, gettext("%(report)s: published.") % {"report": report}, messages.SUCCESS
                )
