from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import selectors
from .models import (
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

CASE_SEARCH = ["case__enrolment__student__email", "case__enrolment__student__last_name"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CaseGroundInline(admin.TabularInline):
    model = CaseGround
    extra = 0


class BoardSeatInline(admin.TabularInline):
    model = BoardSeat
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "student", "source", "status", "opened_at", "opened_by"]
    list_filter = ["status", "source", "enrolment__path"]
    search_fields = ["enrolment__student__email", "enrolment__student__last_name", "summary"]
    list_select_related = ["enrolment__student", "opened_by"]
    autocomplete_fields = ["enrolment", "opened_by"]
    readonly_fields = ["status"]
    date_hierarchy = "opened_at"
    inlines = [CaseGroundInline, BoardSeatInline, CaseEventInline]

    @admin.display(ordering="enrolment__student__last_name")
    def student(self, obj: Case):
        return obj.enrolment.student


class CaseColumnMixin:
    @admin.display(ordering="case__enrolment__student__last_name")
    def student(self, obj):
        return obj.case.enrolment.student


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "at", "actor", "from_status", "to_status"]
    list_filter = ["to_status"]
    search_fields = CASE_SEARCH
    list_select_related = ["case__enrolment__student", "actor"]
    readonly_fields = ["case", "at", "actor", "from_status", "to_status", "note"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CaseGround)
class CaseGroundAdmin(CaseColumnMixin, SimpleHistoryAdmin):
    list_display = ["case", "student", "rule", "communicated_at"]
    list_filter = ["rule"]
    search_fields = [*CASE_SEARCH, "statement"]
    list_select_related = ["case__enrolment__student"]
    autocomplete_fields = ["case"]


@admin.register(CaseEvidence)
class CaseEvidenceAdmin(CaseColumnMixin, SimpleHistoryAdmin):
    list_display = ["case", "student", "description", "added_at"]
    search_fields = [*CASE_SEARCH, "description"]
    list_select_related = ["case__enrolment__student"]
    autocomplete_fields = ["case", "session", "submission", "document", "added_by"]


@admin.register(StudentAnswer)
class StudentAnswerAdmin(CaseColumnMixin, SimpleHistoryAdmin):
    list_display = ["case", "student", "submitted_at"]
    search_fields = CASE_SEARCH
    list_select_related = ["case__enrolment__student"]
    autocomplete_fields = ["case"]


@admin.register(BoardSeat)
class BoardSeatAdmin(SimpleHistoryAdmin):
    list_display = ["case", "role", "user"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["case__enrolment__student", "user"]
    autocomplete_fields = ["case", "user"]


@admin.register(Hearing)
class HearingAdmin(CaseColumnMixin, SimpleHistoryAdmin):
    list_display = ["case", "student", "scheduled_start", "status", "student_attended"]
    list_filter = ["status", "student_attended"]
    search_fields = CASE_SEARCH
    list_select_related = ["case__enrolment__student"]
    autocomplete_fields = ["case", "representative", "extenuating_proof"]
    date_hierarchy = "scheduled_start"


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["hearing", "channel", "hearing_start", "sent_at", "receipt_signed_at"]
    list_filter = ["channel"]
    search_fields = [
        "hearing__case__enrolment__student__email",
        "hearing__case__enrolment__student__last_name",
    ]
    list_select_related = ["hearing"]
    autocomplete_fields = ["hearing"]


class FinalOnceSentMixin:
    """DIS-8: once the registered letter is sent, the decision and the letter are read-only for everyone."""

    def _decision(self, obj):
        return obj if isinstance(obj, Decision) else obj.decision

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and selectors.decision_is_final(self._decision(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(FinalOnceSentMixin, CaseColumnMixin, SimpleHistoryAdmin):
    list_display = ["case", "student", "penalty", "decided_at", "effective_from", "effective_until"]
    list_filter = ["penalty"]
    search_fields = CASE_SEARCH
    list_select_related = ["case__enrolment__student", "decided_by"]
    autocomplete_fields = ["case", "hearing", "decided_by"]
    date_hierarchy = "decided_at"


@admin.register(Letter)
class LetterAdmin(FinalOnceSentMixin, SimpleHistoryAdmin):
    list_display = ["decision", "generated_at", "dispatched_on", "registered_number", "acknowledged_on"]
    list_filter = [
        ("dispatched_on", admin.EmptyFieldListFilter),
        ("acknowledged_on", admin.EmptyFieldListFilter),
    ]
    search_fields = ["registered_number", "decision__case__enrolment__student__email"]
    list_select_related = ["decision"]
    autocomplete_fields = ["decision"]


@admin.register(DecisionCopy)
class DecisionCopyAdmin(SimpleHistoryAdmin):
    list_display = ["decision", "funding_body", "sent_on"]
    list_filter = [("sent_on", admin.EmptyFieldListFilter)]
    search_fields = ["funding_body__name", "decision__case__enrolment__student__email"]
    list_select_related = ["decision", "funding_body"]
    autocomplete_fields = ["decision", "funding_body"]
