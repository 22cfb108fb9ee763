from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from . import rules, services
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


class UnloggedFilter(admin.SimpleListFilter):
    """Sessions a mentor has not logged 48 hours after their end: Student Success follows them up."""

    title = "logging"
    parameter_name = "unlogged"

    def lookups(self, request, model_admin):
        return [("48h", "Not logged 48 h after the end")]

    def queryset(self, request, queryset):
        if self.value() == "48h":
            cutoff = timezone.now() - rules.LOG_ESCALATION_AFTER
            return queryset.filter(status=MentoringSession.Status.SCHEDULED, scheduled_start__lt=cutoff)
        return queryset


class SessionCorrectionForm(forms.ModelForm):
    """Correcting a logged session needs a reason; the rules then run again (ATT-4, ATT-6)."""

    correction_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you change what was logged: kept in the session's history.",
    )

    class Meta:
        model = MentoringSession
        fields = [
            "enrolment",
            "mentor",
            "scheduled_start",
            "duration",
            "mode",
            "video_link",
            "attendance",
            "joined_at",
            "replaces",
            "recorded",
            "notes",
        ]

    def clean(self):
        data = super().clean()
        if self.instance.pk and {"attendance", "joined_at"} & set(self.changed_data):
            if not data.get("correction_reason", "").strip():
                raise ValidationError("Say why you correct this session: the reason is kept in its history.")
            if not data.get("attendance"):
                raise ValidationError("Choose what happened at the session.")
        return data


@admin.register(MentoringSession)
class MentoringSessionAdmin(SimpleHistoryAdmin):
    form = SessionCorrectionForm
    readonly_fields = [
        "status",
        "outcome",
        "absence_reason",
        "rule",
        "explanation",
        "logged_by",
        "logged_at",
        "mentor_reminded_at",
    ]
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
    list_filter = [UnloggedFilter, "status", "outcome", "absence_reason", "mode", "enrolment__path"]
    search_fields = ["enrolment__student__email", "enrolment__student__last_name", "mentor__last_name"]
    list_select_related = ["enrolment__student", "mentor"]
    autocomplete_fields = ["enrolment", "mentor", "replaces"]
    date_hierarchy = "scheduled_start"

    def save_model(self, request, obj, form, change):
        if change and {"attendance", "joined_at"} & set(form.changed_data):
            other = [
                f for f in form.changed_data if f not in ("attendance", "joined_at", "correction_reason")
            ]
            if other:
                MentoringSession.objects.filter(pk=obj.pk).update(**{f: getattr(obj, f) for f in other})
            try:
                result = services.session_correct(
                    session_id=obj.pk,
                    by=request.user,
                    reason=form.cleaned_data["correction_reason"],
                    attendance=obj.attendance,
                    joined_at=obj.joined_at,
                )
            except services.AttendanceError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            self.message_user(request, f"Corrected: {result.explanation}", messages.SUCCESS)
            return
        super().save_model(request, obj, form, change)

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


class ExceptionalAuthorisationForm(forms.ModelForm):
    class Meta:
        model = ExceptionalAuthorisation
        fields = ["session", "reason", "proof"]

    def clean_session(self):
        session = self.cleaned_data["session"]
        if ExceptionalAuthorisation.objects.filter(session=session).exists():
            raise ValidationError("Exceptional circumstances are already authorised for this session.")
        return session


@admin.register(ExceptionalAuthorisation)
class ExceptionalAuthorisationAdmin(SessionColumnMixin, SimpleHistoryAdmin):
    """ATT-3: Student Success authorises exceptional circumstances; the absence becomes excused."""

    list_display = ["student", "session_start", "authorised_by", "authorised_at"]
    search_fields = SESSION_SEARCH
    list_select_related = [*SESSION_RELATED, "authorised_by"]
    autocomplete_fields = ["session", "proof"]
    form = ExceptionalAuthorisationForm
    fields = ["session", "reason", "proof"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            result = services.exceptional_authorise(
                session_id=obj.session_id, by=request.user, reason=obj.reason, proof=obj.proof
            )
        except services.AttendanceError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        saved = ExceptionalAuthorisation.objects.get(session_id=obj.session_id)
        obj.pk, obj.authorised_by, obj.authorised_at = saved.pk, saved.authorised_by, saved.authorised_at
        self.message_user(request, result.explanation, messages.SUCCESS)


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
