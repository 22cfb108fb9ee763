from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AnnualReport, BoardRequest, CommitteeMember, Criterion, Measurement


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(SimpleHistoryAdmin):
    list_display = ["user", "constituency", "organisation", "joined_on", "left_on"]
    list_filter = ["constituency"]
    search_fields = ["user__email", "user__last_name", "organisation"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "adopted_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "definition"]
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["criterion", "period_start", "period_end", "value", "measured_at"]
    list_filter = ["criterion"]
    search_fields = ["criterion__name"]
    list_select_related = ["criterion"]
    date_hierarchy = "period_end"


@admin.register(BoardRequest)
class BoardRequestAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "sent_by", "sent_at", "due_on", "status", "answered_at"]
    list_filter = ["status"]
    search_fields = ["subject", "body", "answer"]
    list_select_related = ["sent_by__user", "answered_by"]
    autocomplete_fields = ["sent_by", "answered_by"]
    date_hierarchy = "due_on"


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
