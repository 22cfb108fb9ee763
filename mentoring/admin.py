from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AbsenceFollowUp,
    AbsenceNotice,
    ExceptionalAuthorisation,
    MentorAvailability,
    MentoringSession,
    MonitoringReport,
)

SESSION_SEARCH = ["session__enrolment__student__email", "session__enrolment__student__last_name"]
SESSION_RELATED = ["session__enrolment__student", "session__mentor"]


@admin.register(MentorAvailability)
class MentorAvailabilityAdmin(admin.ModelAdmin):
    list_display = ["mentor", "weekday", "starts_at", "ends_at"]
    list_filter = ["weekday"]
    search_fields = ["mentor__email", "mentor__last_name"]
    list_select_related = ["mentor"]
    autocomplete_fields = ["mentor"]


@admin.register(MentoringSession)
class MentoringSessionAdmin(SimpleHistoryAdmin):
    list_display = [
        "scheduled_start",
        "student",
        "mentor",
        "mode",
        "status",
        "attendance",
        "outcome",
        "absence_reason",
        "rule",
    ]
    list_filter = ["status", "outcome", "absence_reason", "mode", "enrolment__path"]
    search_fields = ["enrolment__student__email", "enrolment__student__last_name", "mentor__last_name"]
    list_select_related = ["enrolment__student", "mentor"]
    autocomplete_fields = ["enrolment", "mentor", "replaces", "logged_by"]
    date_hierarchy = "scheduled_start"

    @admin.display(ordering="enrolment__student__last_name")
    def student(self, obj: MentoringSession):
        return obj.enrolment.student


class SessionColumnMixin:
    @admin.display(ordering="session__scheduled_start")
    def session_start(self, obj):
        return obj.session.scheduled_start

    @admin.display(ordering="session__enrolment__student__last_name")
    def student(self, obj):
        return obj.session.enrolment.student


@admin.register(AbsenceNotice)
class AbsenceNoticeAdmin(SessionColumnMixin, SimpleHistoryAdmin):
    list_display = ["student", "session_start", "kind", "given_at"]
    list_filter = ["kind"]
    search_fields = SESSION_SEARCH
    list_select_related = SESSION_RELATED
    autocomplete_fields = ["session", "given_by"]
    readonly_fields = ["given_at"]


@admin.register(ExceptionalAuthorisation)
class ExceptionalAuthorisationAdmin(SessionColumnMixin, SimpleHistoryAdmin):
    list_display = ["student", "session_start", "authorised_by", "authorised_at"]
    search_fields = SESSION_SEARCH
    list_select_related = [*SESSION_RELATED, "authorised_by"]
    autocomplete_fields = ["session", "proof", "authorised_by"]


@admin.register(AbsenceFollowUp)
class AbsenceFollowUpAdmin(SessionColumnMixin, SimpleHistoryAdmin):
    list_display = [
        "student",
        "session_start",
        "due_at",
        "reasons_given_at",
        "rebooked_session",
        "flagged_at",
    ]
    list_filter = [
        ("flagged_at", admin.EmptyFieldListFilter),
        ("reasons_given_at", admin.EmptyFieldListFilter),
    ]
    search_fields = SESSION_SEARCH
    list_select_related = [*SESSION_RELATED, "rebooked_session"]
    autocomplete_fields = ["session", "rebooked_session"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(SimpleHistoryAdmin):
    list_display = [
        "student",
        "mentor",
        "period_start",
        "period_end",
        "status",
        "sessions_attended",
        "sessions_unauthorised",
    ]
    list_filter = ["status", "enrolment__path"]
    search_fields = ["enrolment__student__email", "enrolment__student__last_name", "mentor__last_name"]
    list_select_related = ["enrolment__student", "mentor"]
    autocomplete_fields = ["enrolment", "mentor"]
    date_hierarchy = "period_end"

    @admin.display(ordering="enrolment__student__last_name")
    def student(self, obj: MonitoringReport):
        return obj.enrolment.student
