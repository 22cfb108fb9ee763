"""Juries in the admin, through ``juries.services``. Verdicts and remedial projects are read here only:
a verdict is final once recorded (TRN-4)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openclassrooms.core.admin import LogAdmin, ReadOnlyInline, ServiceAdmin, ServiceInline

from . import services
from .models import (
    Candidacy,
    CandidateRecordOpening,
    DeclaredConflict,
    Diploma,
    Jury,
    JuryMember,
    JurySession,
    Panel,
    PortfolioFile,
    RemedialDeliverable,
    RemedialProject,
    SittingMinutes,
    Verdict,
)


class JuryMemberInline(ServiceInline):
    model = JuryMember
    autocomplete_fields = ["user"]
    editable_fields = ("user", "kind")

    def save_via_service(self, request, obj, *, parent):
        obj.jury = parent
        services.jury_member_save(member=obj, by=request.user)


@admin.register(Jury)
class JuryAdmin(ServiceAdmin):
    list_display = ["name", "path"]
    list_filter = ["path"]
    search_fields = ["name"]
    list_select_related = ["path"]
    autocomplete_fields = ["path"]
    inlines = [JuryMemberInline]
    add_fields = editable_fields = ("name", "path")

    def save_via_service(self, request, obj, form, change):
        services.jury_save(jury=obj, by=request.user)


@admin.register(JuryMember)
class JuryMemberAdmin(ServiceAdmin):
    list_display = ["user", "jury", "kind"]
    list_filter = ["kind", "jury"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["user", "jury"]
    autocomplete_fields = ["user", "jury"]
    add_fields = ("jury", "user", "kind")
    editable_fields = ("kind",)

    def save_via_service(self, request, obj, form, change):
        services.jury_member_save(member=obj, by=request.user)


class PanelInline(ReadOnlyInline):
    model = Panel
    fields = ["name"]


@admin.register(JurySession)
class JurySessionAdmin(ServiceAdmin):
    list_display = ["jury", "starts_at", "mode", "format", "status"]
    list_filter = ["status", "mode", "format", "jury__path"]
    search_fields = ["jury__name", "location"]
    list_select_related = ["jury"]
    autocomplete_fields = ["jury", "chair"]
    date_hierarchy = "starts_at"
    inlines = [PanelInline]
    editable_fields = ("starts_at", "mode", "format", "location", "chair")
    add_fields = ("jury", *editable_fields)

    def may_change(self, request, obj) -> bool:
        return obj.status == JurySession.Status.PLANNED

    def save_via_service(self, request, obj, form, change):
        services.jury_session_save(session=obj, by=request.user)


@admin.register(Panel)
class PanelAdmin(ServiceAdmin):
    list_display = ["name", "session"]
    search_fields = ["name", "session__jury__name"]
    list_select_related = ["session__jury"]
    autocomplete_fields = ["session"]
    filter_horizontal = ["members"]
    editable_fields = ("name", "members")
    add_fields = ("session", *editable_fields)

    def save_via_service(self, request, obj, form, change):
        services.panel_save(panel=obj, members=form.cleaned_data["members"], by=request.user)


class PortfolioFileInline(ReadOnlyInline):
    model = PortfolioFile
    fields = ["file_link", "content_type", "size", "uploaded_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("File"))
    def file_link(self, obj: PortfolioFile):
        return format_html(
            '<a href="{}">{}</a>', reverse("juries:portfolio_file", args=[obj.pk]), obj.original_name
        )


@admin.register(Candidacy)
class CandidacyAdmin(ServiceAdmin):
    list_display = ["student", "session", "panel", "status", "registered_at"]
    list_filter = ["status", "session__jury__path"]
    search_fields = ["enrolment__student__email", "enrolment__student__last_name"]
    list_select_related = ["enrolment__student", "session__jury", "panel"]
    autocomplete_fields = ["enrolment", "session", "panel"]
    add_fields = ("enrolment", "session", "portfolio_url")
    editable_fields = ("panel",)
    inlines = [PortfolioFileInline]

    def save_via_service(self, request, obj, form, change):
        if change:
            services.candidacy_assign_panel(candidacy=obj, panel=obj.panel, by=request.user)
        else:
            obj.pk = services.candidacy_register(
                enrolment=obj.enrolment, session=obj.session, portfolio_url=obj.portfolio_url, by=request.user
            ).pk

    @admin.display(description=_("Student"), ordering="enrolment__student__last_name")
    def student(self, obj: Candidacy):
        return obj.enrolment.student


@admin.register(Verdict)
class VerdictAdmin(ServiceAdmin):
    """TRN-4: final. Nothing here adds, changes or deletes a verdict."""

    list_display = ["candidacy", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
    search_fields = ["candidacy__enrolment__student__email", "candidacy__enrolment__student__last_name"]
    list_select_related = ["candidacy__enrolment__student", "candidacy__session__jury", "decided_by"]


class RemedialDeliverableInline(ReadOnlyInline):
    model = RemedialDeliverable
    fields = ["file_link", "content_type", "size", "uploaded_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("File"))
    def file_link(self, obj: RemedialDeliverable):
        return format_html(
            '<a href="{}">{}</a>', reverse("juries:remedial_file", args=[obj.pk]), obj.original_name
        )


@admin.register(RemedialProject)
class RemedialProjectAdmin(ServiceAdmin):
    list_display = ["title", "verdict", "status", "approved_by", "approved_at"]
    list_filter = ["status"]
    search_fields = ["title", "verdict__candidacy__enrolment__student__email"]
    list_select_related = [
        "verdict__candidacy__enrolment__student",
        "verdict__candidacy__session__jury",
        "approved_by",
    ]
    inlines = [RemedialDeliverableInline]


@admin.register(DeclaredConflict)
class DeclaredConflictAdmin(ServiceAdmin):
    """TRN-3: declared by jury members on the candidate's record; read here, never edited."""

    list_display = ["member", "enrolment", "reason", "declared_at"]
    search_fields = ["member__user__last_name", "enrolment__student__last_name", "enrolment__student__email"]
    list_select_related = ["member__user", "member__jury", "enrolment__student", "enrolment__path"]


@admin.register(CandidateRecordOpening)
class CandidateRecordOpeningAdmin(LogAdmin):
    """TRN-2: who opened which candidate's record, and when; append-only."""

    list_display = ["candidacy", "opened_by", "opened_at"]
    search_fields = ["candidacy__enrolment__student__last_name", "opened_by__last_name", "opened_by__email"]
    list_select_related = ["candidacy__enrolment__student", "candidacy__session__jury", "opened_by"]
    date_hierarchy = "opened_at"


@admin.register(Diploma)
class DiplomaAdmin(ServiceAdmin):
    """TRN-4: issued with an award, printed by a task; read here, never edited."""

    list_display = ["holder_name", "path_name", "awarded_on", "code", "certificate"]
    search_fields = ["holder_name", "code", "verdict__candidacy__enrolment__student__email"]
    list_filter = ["awarded_on"]
    exclude = ["pdf"]

    @admin.display(description=_("Certificate"))
    def certificate(self, obj: Diploma):
        if not obj.pdf:
            return gettext("being printed")
        return format_html('<a href="{}">PDF</a>', reverse("juries:diploma_certificate", args=[obj.pk]))


@admin.register(SittingMinutes)
class SittingMinutesAdmin(ServiceAdmin):
    """TRN-4: signed by the chair on the jury's page, printed by a task; read here, never edited."""

    list_display = ["session", "signed_by", "signed_at", "document"]
    search_fields = ["session__jury__name"]
    list_select_related = ["session__jury", "signed_by"]
    exclude = ["pdf"]

    @admin.display(description=_("Minutes"))
    def document(self, obj: SittingMinutes):
        if not obj.pdf:
            return gettext("being printed")
        return format_html('<a href="{}">PDF</a>', reverse("juries:minutes_download", args=[obj.pk]))
