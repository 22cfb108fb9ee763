from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Path, PathProject, Presentation, Project, Skill, SkillAssessment, Submission


class PathProjectInline(admin.TabularInline):
    model = PathProject
    extra = 0
    autocomplete_fields = ["project"]


class SkillInline(admin.TabularInline):
    model = Skill
    extra = 0


@admin.register(Path)
class PathAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "level", "learning_manager", "is_active"]
    list_filter = ["is_active", "level"]
    search_fields = ["name", "code"]
    list_select_related = ["learning_manager"]
    autocomplete_fields = ["learning_manager"]
    inlines = [PathProjectInline]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "in_depth"]
    list_filter = ["in_depth", "paths"]
    search_fields = ["code", "title"]
    inlines = [SkillInline]


@admin.register(PathProject)
class PathProjectAdmin(admin.ModelAdmin):
    list_display = ["path", "position", "project"]
    list_filter = ["path"]
    list_select_related = ["path", "project"]
    search_fields = ["project__title", "path__name"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "position"]
    list_filter = ["project__paths"]
    list_select_related = ["project"]
    search_fields = ["name", "project__title"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["project", "student", "status", "submitted_at", "approved_by", "approved_at"]
    list_filter = ["status", "project__in_depth", "enrolment__path"]
    search_fields = ["enrolment__student__email", "enrolment__student__last_name", "project__title"]
    list_select_related = ["project", "enrolment__student", "approved_by"]
    autocomplete_fields = ["enrolment", "project", "approved_by"]
    date_hierarchy = "submitted_at"

    @admin.display(ordering="enrolment__student__last_name")
    def student(self, obj: Submission):
        return obj.enrolment.student


class SkillAssessmentInline(admin.TabularInline):
    model = SkillAssessment
    extra = 0
    autocomplete_fields = ["skill"]


@admin.register(Presentation)
class PresentationAdmin(SimpleHistoryAdmin):
    list_display = ["submission", "validating_mentor", "scheduled_start", "mode", "status"]
    list_filter = ["status", "mode"]
    search_fields = ["submission__enrolment__student__email", "submission__project__title"]
    list_select_related = ["submission__project", "submission__enrolment__student", "validating_mentor"]
    autocomplete_fields = ["submission", "validating_mentor"]
    date_hierarchy = "scheduled_start"
    inlines = [SkillAssessmentInline]


@admin.register(SkillAssessment)
class SkillAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["skill", "presentation", "result", "assessed_at"]
    list_filter = ["result"]
    search_fields = ["skill__name", "presentation__submission__enrolment__student__email"]
    list_select_related = [
        "skill",
        "presentation__submission__project",
        "presentation__submission__enrolment__student",
    ]
    autocomplete_fields = ["presentation", "skill"]
