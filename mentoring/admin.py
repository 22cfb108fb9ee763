"""Mentoring in the admin: every write goes through ``mentoring.services`` (CONVENTIONS "The admin")."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from openclassrooms.core.admin import ServiceAdmin

from . import rules, selectors, services
from .models import (
    AbsenceFollowUp,
    AbsenceNotice,
    ExceptionalAuthorisation,
    MentorAbsence,
    MentorAvailability,
    MentoringSession,
    MonitoringReport,
    ToolEvent,
    WeeklySlot,
)

SESSION_SEARCH = ["session__enrolment__student__email", "session__enrolment__student__last_name"]
SESSION_RELATED = ["session__enrolment__student", "session__mentor"]


@admin.register(MentorAvailability)
class MentorAvailabilityAdmin(ServiceAdmin):
    list_display = ["mentor", "weekday", "starts_at", "ends_at"]
    list_filter = ["weekday"]
    search_fields = ["mentor__email", "mentor__last_name"]
    list_select_related = ["mentor"]
    autocomplete_fields = ["mentor"]
    editable_fields = ("weekday", "starts_at", "ends_at")
    add_fields = ("mentor", *editable_fields)
    deletable = True

    def save_via_service(self, request, obj, form, change):
        services.availability_save(availability=obj, by=request.user)

    def delete_via_service(self, request, obj):
        services.availability_delete(availability=obj, by=request.user)


@admin.register(MentorAbsence)
class MentorAbsenceAdmin(ServiceAdmin):
    """A mentor's planned absence: recording it cancels their sessions in it (ATT-7) and tells the students,
    through ``services.mentor_absence_record``; once recorded it is the record."""

    list_display = ["mentor", "starts_at", "ends_at", "reason", "recorded_at"]
    search_fields = ["mentor__email", "mentor__last_name"]
    list_select_related = ["mentor"]
    autocomplete_fields = ["mentor"]
    add_fields = ("mentor", "starts_at", "ends_at", "reason")
    date_hierarchy = "starts_at"

    def save_via_service(self, request, obj, form, change):
        absence, cancelled = services.mentor_absence_record(
            mentor=obj.mentor,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            reason=obj.reason,
            by=request.user,
        )
        obj.pk = absence.pk
        self.message_user(
            request,
            ngettext(
                "%(count)d session cancelled by the mentor (ATT-7).",
                "%(count)d sessions cancelled by the mentor (ATT-7).",
                cancelled,
            )
            % {"count": cancelled},
            messages.SUCCESS,
        )


@admin.register(ToolEvent)
class ToolEventAdmin(ServiceAdmin):
    """What the video tool reported (an uploaded file, a signed webhook): evidence, never edited here."""

    list_display = ["session", "participant_email", "joined_at", "left_at", "source", "recorded_at"]
    list_filter = ["source"]
    search_fields = ["participant_email", "session__enrolment__student__last_name"]
    list_select_related = ["session__enrolment__student"]
    date_hierarchy = "joined_at"


@admin.register(WeeklySlot)
class WeeklySlotAdmin(ServiceAdmin):
    """The weekly session of each student: setting it plans (or moves) every session to the end of the
    training, through ``services.slot_agree``."""

    list_display = ["enrolment", "weekday", "starts_at", "time_zone", "duration", "agreed_by", "agreed_at"]
    list_filter = ["weekday"]
    search_fields = ["enrolment__student__email", "enrolment__student__last_name"]
    list_select_related = ["enrolment__student", "enrolment__path", "agreed_by"]
    autocomplete_fields = ["enrolment"]
    editable_fields = ("weekday", "starts_at", "duration", "time_zone", "video_link")
    add_fields = ("enrolment", *editable_fields)

    def save_via_service(self, request, obj, form, change):
        report = services.slot_agree(
            enrolment_id=obj.enrolment_id,
            by=request.user,
            weekday=obj.weekday,
            starts_at=obj.starts_at,
            duration=obj.duration,
            time_zone=obj.time_zone,
            video_link=obj.video_link,
        )
        obj.pk = WeeklySlot.objects.get(enrolment_id=obj.enrolment_id).pk
        self.message_user(
            request,
            _("%(created)d sessions planned, %(moved)d moved, %(cancelled)d cancelled.")
            % {"created": report.created, "moved": report.moved, "cancelled": report.cancelled},
            messages.SUCCESS,
        )


class UnloggedFilter(admin.SimpleListFilter):
    """Sessions a mentor has not logged 48 hours after their end: Student Success follows them up."""

    title = gettext_lazy("logging")
    parameter_name = "unlogged"

    def lookups(self, request, model_admin):
        hours = int(rules.LOG_ESCALATION_AFTER.total_seconds() // 3600)
        return [("48h", _("Not logged %(hours)d h after the end") % {"hours": hours})]

    def queryset(self, request, queryset):
        if self.value() == "48h":
            return selectors.sessions_unlogged_escalated_filter(queryset, now=timezone.now())
        return queryset


class SessionCorrectionForm(forms.ModelForm):
    """Correcting a logged session needs a reason; the rules then run again (ATT-4, ATT-6)."""

    correction_reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=gettext_lazy("Correction reason"),
        help_text=gettext_lazy("Required when you change what was logged: kept in the session's history."),
    )

    class Meta:
        model = MentoringSession
        fields = ["attendance", "joined_at", "video_link", "recorded", "notes"]

    def clean(self):
        data = super().clean()
        if {"attendance", "joined_at"} & set(self.changed_data):
            if not data.get("correction_reason", "").strip():
                raise ValidationError(
                    _("Say why you correct this session: the reason is kept in its history.")
                )
            if not data.get("attendance"):
                raise ValidationError(_("Choose what happened at the session."))
            if data.get("joined_at"):
                problem = rules.join_time_problem(
                    joined_at=data["joined_at"], scheduled_start=self.instance.scheduled_start
                )
                if problem:
                    raise ValidationError(problem)
        return data


@admin.register(MentoringSession)
class MentoringSessionAdmin(ServiceAdmin):
    """Plan a session, correct what was logged (with a reason), change its link or notes — each through
    its service; the outcome, its rule and its status are the rules'."""

    add_fields = ("enrolment", "mentor", "scheduled_start", "duration", "video_link")
    editable_fields = ("attendance", "joined_at", "video_link", "recorded", "notes")
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
    autocomplete_fields = ["enrolment", "mentor"]
    date_hierarchy = "scheduled_start"

    def may_change(self, request, obj) -> bool:
        return obj.outcome != MentoringSession.Outcome.ADMINISTRATIVE

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            kwargs["form"] = SessionCorrectionForm
        return super().get_form(request, obj, **kwargs)

    def save_via_service(self, request, obj, form, change):
        if not change:
            obj.pk = services.session_schedule(
                enrolment=obj.enrolment,
                mentor=obj.mentor,
                start=obj.scheduled_start,
                duration=obj.duration,
                video_link=obj.video_link,
                by=request.user,
            ).pk
            return
        changed = set(form.changed_data)
        result = None
        if changed & {"attendance", "joined_at"}:
            result = services.session_correct(
                session_id=obj.pk,
                by=request.user,
                reason=form.cleaned_data["correction_reason"],
                attendance=obj.attendance,
                joined_at=obj.joined_at,
            )
        if changed & {"video_link", "notes", "recorded"}:
            services.session_update_details(
                session_id=obj.pk,
                by=request.user,
                video_link=obj.video_link,
                notes=obj.notes,
                recorded=obj.recorded,
            )
        if result is not None:  # both saved together, or neither (the admin's transaction)
            self.message_user(
                request,
                _("Corrected: %(explanation)s") % {"explanation": result.explanation},
                messages.SUCCESS,
            )

    @admin.display(description=gettext_lazy("student"), ordering="enrolment__student__last_name")
    def student(self, obj: MentoringSession):
        return obj.enrolment.student


class SessionColumnMixin:
    @admin.display(description=gettext_lazy("session start"), ordering="session__scheduled_start")
    def session_start(self, obj):
        return obj.session.scheduled_start

    @admin.display(description=gettext_lazy("student"), ordering="session__enrolment__student__last_name")
    def student(self, obj):
        return obj.session.enrolment.student


@admin.register(AbsenceNotice)
class AbsenceNoticeAdmin(SessionColumnMixin, ServiceAdmin):
    """Students give notice from their page (ATT-2..ATT-4); the admin shows it."""

    list_display = ["student", "session_start", "kind", "given_at"]
    list_filter = ["kind"]
    search_fields = SESSION_SEARCH
    list_select_related = SESSION_RELATED


class ExceptionalAuthorisationForm(forms.ModelForm):
    class Meta:
        model = ExceptionalAuthorisation
        fields = ["session", "reason", "proof"]

    def clean_session(self):
        session = self.cleaned_data["session"]
        if ExceptionalAuthorisation.objects.filter(session=session).exists():
            raise ValidationError(_("Exceptional circumstances are already authorised for this session."))
        return session


@admin.register(ExceptionalAuthorisation)
class ExceptionalAuthorisationAdmin(SessionColumnMixin, ServiceAdmin):
    """ATT-3: Student Success authorises exceptional circumstances; the absence becomes excused."""

    list_display = ["student", "session_start", "authorised_by", "authorised_at"]
    search_fields = SESSION_SEARCH
    list_select_related = [*SESSION_RELATED, "authorised_by"]
    autocomplete_fields = ["session", "proof"]
    form = ExceptionalAuthorisationForm
    add_fields = ("session", "reason", "proof")

    def save_via_service(self, request, obj, form, change):
        result = services.exceptional_authorise(
            session_id=obj.session_id, by=request.user, reason=obj.reason, proof=obj.proof
        )
        obj.pk = ExceptionalAuthorisation.objects.get(session_id=obj.session_id).pk
        self.message_user(request, result.explanation, messages.SUCCESS)


@admin.register(AbsenceFollowUp)
class AbsenceFollowUpAdmin(SessionColumnMixin, ServiceAdmin):
    """ATT-5: the student's reasons and new booking, and the flag when 48 hours passed without them."""

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


@admin.register(MonitoringReport)
class MonitoringReportAdmin(ServiceAdmin):
    """Mentors write their reports from *My week*; the figures come from the sessions (TRN-2)."""

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
    date_hierarchy = "period_end"

    @admin.display(description=gettext_lazy("student"), ordering="enrolment__student__last_name")
    def student(self, obj: MonitoringReport):
        return obj.enrolment.student
