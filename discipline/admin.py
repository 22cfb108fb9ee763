"""The Disciplinary Board's records, read in the admin. Every step is taken on the Board's case file
(``discipline.views``), through ``discipline.services``: nothing here adds, changes or deletes a case, a
complaint, a seat, a hearing, a notice, a decision, a letter or a copy (DIS-1..DIS-9)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from openclassrooms.core.admin import LogAdmin, ReadOnlyInline, ServiceAdmin

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


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["at", "actor", "from_status", "to_status", "note"]


class CaseGroundInline(ReadOnlyInline):
    model = CaseGround
    fields = ["rule", "statement", "communicated_at"]


class BoardSeatInline(ReadOnlyInline):
    model = BoardSeat
    fields = ["role", "user"]


@admin.register(Case)
class CaseAdmin(ServiceAdmin):
    list_display = ["pk", "student", "source", "status", "opened_at", "opened_by"]
    list_filter = ["status", "source", "enrolment__path"]
    search_fields = ["enrolment__student__email", "enrolment__student__last_name", "summary"]
    list_select_related = ["enrolment__student", "opened_by"]
    date_hierarchy = "opened_at"
    inlines = [CaseGroundInline, BoardSeatInline, CaseEventInline]

    @admin.display(description=_("student"), ordering="enrolment__student__last_name")
    def student(self, obj: Case):
        return obj.enrolment.student


class CaseColumnMixin:
    @admin.display(description=_("student"), ordering="case__enrolment__student__last_name")
    def student(self, obj):
        return obj.case.enrolment.student


@admin.register(CaseEvent)
class CaseEventAdmin(LogAdmin):
    list_display = ["case", "at", "actor", "from_status", "to_status"]
    list_filter = ["to_status"]
    search_fields = CASE_SEARCH
    list_select_related = ["case__enrolment__student", "actor"]


@admin.register(CaseGround)
class CaseGroundAdmin(CaseColumnMixin, ServiceAdmin):
    list_display = ["case", "student", "rule", "communicated_at"]
    list_filter = ["rule"]
    search_fields = [*CASE_SEARCH, "statement"]
    list_select_related = ["case__enrolment__student"]


@admin.register(CaseEvidence)
class CaseEvidenceAdmin(CaseColumnMixin, ServiceAdmin):
    list_display = ["case", "student", "description", "added_at"]
    search_fields = [*CASE_SEARCH, "description"]
    list_select_related = ["case__enrolment__student"]


@admin.register(StudentAnswer)
class StudentAnswerAdmin(CaseColumnMixin, ServiceAdmin):
    list_display = ["case", "student", "submitted_at"]
    search_fields = CASE_SEARCH
    list_select_related = ["case__enrolment__student"]


@admin.register(BoardSeat)
class BoardSeatAdmin(ServiceAdmin):
    list_display = ["case", "role", "user"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["case__enrolment__student", "user"]


@admin.register(Hearing)
class HearingAdmin(CaseColumnMixin, ServiceAdmin):
    list_display = ["case", "student", "scheduled_start", "status", "student_attended"]
    list_filter = ["status", "student_attended"]
    search_fields = CASE_SEARCH
    list_select_related = ["case__enrolment__student"]
    date_hierarchy = "scheduled_start"


@admin.register(Notice)
class NoticeAdmin(ServiceAdmin):
    list_display = ["hearing", "channel", "hearing_start", "sent_at", "receipt_signed_at"]
    list_filter = ["channel"]
    search_fields = [
        "hearing__case__enrolment__student__email",
        "hearing__case__enrolment__student__last_name",
    ]
    list_select_related = ["hearing"]


@admin.register(Decision)
class DecisionAdmin(CaseColumnMixin, ServiceAdmin):
    """DIS-7, DIS-8: decided by the Board's voting members on the case file; final once the letter is sent."""

    list_display = ["case", "student", "penalty", "decided_at", "effective_from", "effective_until"]
    list_filter = ["penalty"]
    search_fields = CASE_SEARCH
    list_select_related = ["case__enrolment__student", "decided_by"]
    date_hierarchy = "decided_at"


@admin.register(Letter)
class LetterAdmin(ServiceAdmin):
    list_display = ["decision", "generated_at", "dispatched_on", "registered_number", "acknowledged_on"]
    list_filter = [
        ("dispatched_on", admin.EmptyFieldListFilter),
        ("acknowledged_on", admin.EmptyFieldListFilter),
    ]
    search_fields = ["registered_number", "decision__case__enrolment__student__email"]
    list_select_related = ["decision"]
    exclude = ["pdf"]


@admin.register(DecisionCopy)
class DecisionCopyAdmin(ServiceAdmin):
    list_display = ["decision", "funding_body", "sent_on"]
    list_filter = [("sent_on", admin.EmptyFieldListFilter)]
    search_fields = ["funding_body__name", "decision__case__enrolment__student__email"]
    list_select_related = ["decision", "funding_body"]
