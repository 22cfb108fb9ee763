"""The catalogue (paths, projects, skills) through ``projects.services``; the students' work (submissions,
presentations, assessments) is read here and written by the services of the training itself."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openclassrooms.core.admin import ReadOnlyInline, ServiceAdmin, ServiceInline, ServicePage

from . import services
from .models import Deliverable, Path, PathProject, Presentation, Project, Skill, SkillAssessment, Submission


class PathProjectInline(ServiceInline):
    model = PathProject
    autocomplete_fields = ["project"]
    editable_fields = ("project", "position")

    def save_via_service(self, request, obj, *, parent):
        obj.path = parent
        services.path_project_save(path_project=obj, by=request.user)


class SkillInline(ServiceInline):
    model = Skill
    editable_fields = ("name", "position")

    def save_via_service(self, request, obj, *, parent):
        obj.project = parent
        services.skill_save(skill=obj, by=request.user)


@admin.register(Path)
class PathAdmin(ServiceAdmin):
    list_display = ["name", "code", "level", "learning_manager", "is_active"]
    list_filter = ["is_active", "level"]
    search_fields = ["name", "code"]
    list_select_related = ["learning_manager"]
    autocomplete_fields = ["learning_manager"]
    inlines = [PathProjectInline]
    add_fields = editable_fields = (
        "code",
        "name",
        "description",
        "level",
        "duration_months",
        "learning_manager",
        "is_active",
    )

    def save_via_service(self, request, obj, form, change):
        services.path_save(path=obj, by=request.user)


@admin.register(Project)
class ProjectAdmin(ServiceAdmin):
    list_display = ["code", "title", "in_depth"]
    list_filter = ["in_depth", "paths"]
    search_fields = ["code", "title"]
    inlines = [SkillInline]
    add_fields = editable_fields = ("code", "title", "brief", "in_depth")

    def save_via_service(self, request, obj, form, change):
        services.project_save(project=obj, by=request.user)


@admin.register(PathProject)
class PathProjectAdmin(ServiceAdmin):
    list_display = ["path", "position", "project"]
    list_filter = ["path"]
    list_select_related = ["path", "project"]
    search_fields = ["project__title", "path__name"]
    autocomplete_fields = ["path", "project"]
    add_fields = ("path", "project", "position")
    editable_fields = ("position",)

    def save_via_service(self, request, obj, form, change):
        services.path_project_save(path_project=obj, by=request.user)


@admin.register(Skill)
class SkillAdmin(ServiceAdmin):
    list_display = ["name", "project", "position"]
    list_filter = ["project__paths"]
    list_select_related = ["project"]
    search_fields = ["name", "project__title"]
    autocomplete_fields = ["project"]
    add_fields = ("project", "name", "position")
    editable_fields = ("name", "position")

    def save_via_service(self, request, obj, form, change):
        services.skill_save(skill=obj, by=request.user)


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        label=_("Why it is cancelled"),
        help_text=_("The student and the validating mentor read it."),
    )


class DeliverableInline(ReadOnlyInline):
    model = Deliverable
    fields = ["round", "file_link", "content_type", "size", "uploaded_by", "uploaded_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("File"))
    def file_link(self, obj: Deliverable):
        return format_html(
            '<a href="{}">{}</a>', reverse("students:deliverable_download", args=[obj.pk]), obj.original_name
        )


class PresentationInline(ReadOnlyInline):
    model = Presentation
    fields = ["scheduled_start", "validating_mentor", "mode", "status", "validated", "recording_url"]


@admin.register(Submission)
class SubmissionAdmin(ServiceAdmin):
    """Submitted, reviewed and presented in the pages (``services.submission_*``, ``presentation_*``):
    read-only here, with its deliverables, presentations and history."""

    inlines = [DeliverableInline, PresentationInline]
    list_display = ["project", "student", "status", "submitted_at", "approved_by", "approved_at"]
    list_filter = ["status", "project__in_depth", "enrolment__path"]
    search_fields = ["enrolment__student__email", "enrolment__student__last_name", "project__title"]
    list_select_related = ["project", "enrolment__student", "approved_by"]
    date_hierarchy = "submitted_at"

    @admin.display(description=_("Student"), ordering="enrolment__student__last_name")
    def student(self, obj: Submission):
        return obj.enrolment.student


class SkillAssessmentInline(ReadOnlyInline):
    model = SkillAssessment
    fields = ["skill", "result", "comment", "assessed_at"]


@admin.register(Presentation)
class PresentationAdmin(ServiceAdmin):
    list_display = ["submission", "validating_mentor", "scheduled_start", "mode", "status"]
    list_filter = ["status", "mode"]
    search_fields = ["submission__enrolment__student__email", "submission__project__title"]
    list_select_related = ["submission__project", "submission__enrolment__student", "validating_mentor"]
    date_hierarchy = "scheduled_start"
    inlines = [SkillAssessmentInline]
    service_pages = (ServicePage("cancel", _("Cancel"), CancelForm, submit=_("Cancel the presentation")),)

    def page_cancel_available(self, obj) -> bool:
        return obj.status == Presentation.Status.SCHEDULED

    def page_cancel(self, request, obj, data) -> str:
        services.presentation_cancel(
            presentation_id=obj.pk, by=request.user, reason=data["reason"], for_school=True
        )
        return gettext(
            "Cancelled; the student and the validating mentor are told. The project stays approved."
        )


@admin.register(SkillAssessment)
class SkillAssessmentAdmin(ServiceAdmin):
    list_display = ["skill", "presentation", "result", "assessed_at"]
    list_filter = ["result"]
    search_fields = ["skill__name", "presentation__submission__enrolment__student__email"]
    list_select_related = [
        "skill",
        "presentation__submission__project",
        "presentation__submission__enrolment__student",
    ]
