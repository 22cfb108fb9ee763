from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Candidacy, Jury, JuryMember, JurySession, Panel, RemedialProject, Verdict


class JuryMemberInline(admin.TabularInline):
    model = JuryMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Jury)
class JuryAdmin(admin.ModelAdmin):
    list_display = ["name", "path"]
    list_filter = ["path"]
    search_fields = ["name"]
    list_select_related = ["path"]
    inlines = [JuryMemberInline]


@admin.register(JuryMember)
class JuryMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "jury", "kind"]
    list_filter = ["kind", "jury"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["user", "jury"]
    autocomplete_fields = ["user", "jury"]


class PanelInline(admin.TabularInline):
    model = Panel
    extra = 0


@admin.register(JurySession)
class JurySessionAdmin(SimpleHistoryAdmin):
    list_display = ["jury", "starts_at", "mode", "format", "status"]
    list_filter = ["status", "mode", "format", "jury__path"]
    search_fields = ["jury__name", "location"]
    list_select_related = ["jury"]
    date_hierarchy = "starts_at"
    inlines = [PanelInline]


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["name", "session"]
    search_fields = ["name", "session__jury__name"]
    list_select_related = ["session__jury"]
    filter_horizontal = ["members"]


@admin.register(Candidacy)
class CandidacyAdmin(SimpleHistoryAdmin):
    list_display = ["student", "session", "panel", "status", "registered_at"]
    list_filter = ["status", "session__jury__path"]
    search_fields = ["enrolment__student__email", "enrolment__student__last_name"]
    list_select_related = ["enrolment__student", "session__jury", "panel"]
    autocomplete_fields = ["enrolment", "session", "panel"]

    @admin.display(ordering="enrolment__student__last_name")
    def student(self, obj: Candidacy):
        return obj.enrolment.student


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ["candidacy", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
    search_fields = ["candidacy__enrolment__student__email", "candidacy__enrolment__student__last_name"]
    list_select_related = ["candidacy__enrolment__student", "candidacy__session__jury", "decided_by"]
    autocomplete_fields = ["candidacy", "decided_by"]
    filter_horizontal = ["skills_to_improve"]


@admin.register(RemedialProject)
class RemedialProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "verdict", "status", "approved_by", "approved_at"]
    list_filter = ["status"]
    search_fields = ["title", "verdict__candidacy__enrolment__student__email"]
    list_select_related = [
        "verdict__candidacy__enrolment__student",
        "verdict__candidacy__session__jury",
        "approved_by",
    ]
    autocomplete_fields = ["verdict", "approved_by"]
    filter_horizontal = ["skills"]
