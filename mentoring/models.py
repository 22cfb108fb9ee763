"""Weekly 1:1 mentoring sessions, absence notices and their follow-up, monitoring reports (ATT-1..ATT-7)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openclassrooms.core.models import choices_constraint


class MentorAvailabilityWeekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class MentorAvailability(models.Model):
    """A weekly slot in which a mentor can take sessions (replacement slots, ATT-2)."""

    Weekday = MentorAvailabilityWeekday

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="availabilities",
        verbose_name=_("mentor"),
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, verbose_name=_("weekday"))
    starts_at = models.TimeField(verbose_name=_("starts at"))
    ends_at = models.TimeField(verbose_name=_("ends at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentor availability")
        ordering = ["mentor", "weekday", "starts_at"]
        verbose_name_plural = _("mentor availabilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="availability_times_ordered",
                violation_error_message=_("The window ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="availability_weekday_valid",
                violation_error_message=_("Choose a day of the week."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(mentor)s: %(weekday)s %(start)s–%(end)s") % {
            "mentor": self.mentor,
            "weekday": self.get_weekday_display(),
            "start": time_format(self.starts_at, "TIME_FORMAT"),
            "end": time_format(self.ends_at, "TIME_FORMAT"),
        }


class MentorAbsence(models.Model):
    """A period the mentor is away (leave, training, illness known in advance): their sessions in it are
    cancelled by the mentor (ATT-7) and the students offered replacements from the mentor's availability."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences", verbose_name=_("mentor")
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    reason = models.CharField(max_length=255, verbose_name=_("reason"))
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentor absence")
        verbose_name_plural = _("mentor absences")
        ordering = ["mentor", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="mentor_absence_ordered",
                violation_error_message=_("The absence ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return gettext("%(mentor)s: away %(start)s – %(end)s") % {
            "mentor": self.mentor,
            "start": f"{start:%Y-%m-%d %H:%M}",
            "end": f"{end:%Y-%m-%d %H:%M}",
        }


class WeeklySlot(models.Model):
    """The weekly session the student and their mentor agreed: day, local time in the student's time zone
    and length. Every session of the training is planned from it (``services.schedules_plan``)."""

    Weekday = MentorAvailabilityWeekday

    enrolment = models.OneToOneField(
        "students.Enrolment",
        on_delete=models.CASCADE,
        related_name="weekly_slot",
        verbose_name=_("enrolment"),
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, verbose_name=_("weekday"))
    starts_at = models.TimeField(
        help_text=_("The local time in the time zone below."), verbose_name=_("starts at")
    )
    time_zone = models.CharField(
        max_length=64, help_text=_("The student's, e.g. Europe/Paris."), verbose_name=_("time zone")
    )
    duration = models.DurationField(default=timedelta(minutes=45), verbose_name=_("duration"))
    video_link = models.URLField(
        blank=True,
        help_text=_(
            "The recurring video meeting: each planned session takes it, and the video tool's events "
            "are matched to the session by it."
        ),
        verbose_name=_("video link"),
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("agreed by")
    )
    agreed_at = models.DateTimeField(verbose_name=_("agreed at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weekly slot")
        verbose_name_plural = _("weekly slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="slot_weekday_valid",
                violation_error_message=_("Choose a day of the week."),
            ),
            models.CheckConstraint(
                condition=Q(duration__gte=timedelta(minutes=1), duration__lte=timedelta(hours=4)),
                name="slot_duration_sensible",
                violation_error_message=_("A session lasts between a minute and four hours."),
            ),
        ]

    def __str__(self) -> str:
        # Translators: "Mondays at 18:00": the day's name takes an s.
        return gettext("%(enrolment)s: %(weekday)ss at %(time)s (%(zone)s)") % {
            "enrolment": self.enrolment,
            "weekday": self.get_weekday_display(),
            "time": time_format(self.starts_at, "TIME_FORMAT"),
            "zone": self.time_zone,
        }

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)


class MentoringSessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("mentoring session", "Scheduled")
    LOGGED = "logged", pgettext_lazy("mentoring session", "Logged")
    CANCELLED = "cancelled", pgettext_lazy("mentoring session", "Cancelled")


class MentoringSessionMode(models.TextChoices):
    VIDEO = "video", _("Video conference")
    AUDIO = "audio", _("Audio only (ACC-1)")


class MentoringSessionAttendance(models.TextChoices):
    """What the mentor logs."""

    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Student no-show")
    MENTOR_CANCELLED = "mentor_cancelled", _("Mentor cancelled")
    MENTOR_ABSENT = "mentor_absent", _("Mentor absent")


class MentoringSessionOutcome(models.TextChoices):
    """What the attendance rules decided (ATT-2..ATT-7)."""

    PENDING = "pending", _("Not decided yet")
    ATTENDED = "attended", _("Attended")
    POSTPONED = "postponed", _("Postponed (notice in time)")
    EXCUSED = "excused", _("Excused (exceptional circumstances)")
    UNAUTHORISED = "unauthorised", _("Unauthorised absence")
    MENTOR_CANCELLED = "mentor_cancelled", _("Cancelled by the mentor")
    MENTOR_ABSENT = "mentor_absent", _("Mentor absent")
    ADMINISTRATIVE = "administrative", _("Cancelled (suspension or end of training)")
    HOLIDAY = "holiday", _("No session (public holiday)")


class MentoringSessionAbsenceReason(models.TextChoices):
    """ATT-4: one status, unauthorised, with its reason."""

    NONE = "", "—"
    NO_NOTICE = "no_notice", _("No notice")
    LATE_NOTICE = "late_notice", _("Late notice")
    LATE_CANCELLATION = "late_cancellation", _("Late cancellation")
    LATE_ARRIVAL = "late_arrival", _("Late arrival")


class MentoringSession(models.Model):
    """One weekly session. ``status`` is where it is in its life; ``outcome`` is what the rules decided."""

    Status = MentoringSessionStatus

    Mode = MentoringSessionMode

    Attendance = MentoringSessionAttendance

    Outcome = MentoringSessionOutcome

    AbsenceReason = MentoringSessionAbsenceReason

    # A session is logged or cancelled once; a correction by Student Success may move it between the two.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.SCHEDULED: (Status.LOGGED, Status.CANCELLED),
        Status.LOGGED: (Status.CANCELLED,),
        Status.CANCELLED: (Status.LOGGED,),
    }

    enrolment = models.ForeignKey(
        "students.Enrolment", on_delete=models.CASCADE, related_name="sessions", verbose_name=_("enrolment")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentored_sessions",
        verbose_name=_("mentor"),
    )
    scheduled_start = models.DateTimeField(verbose_name=_("scheduled start"))
    # The Monday of the week this session was planned for by the weekly slot (empty: booked by hand or a
    # replacement). One planned session per enrolment and week: planning twice creates nothing twice.
    week = models.DateField(null=True, blank=True, verbose_name=_("week"))
    duration = models.DurationField(default=timedelta(minutes=45), verbose_name=_("duration"))
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.VIDEO, verbose_name=_("mode"))
    video_link = models.URLField(blank=True, verbose_name=_("video link"))
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.SCHEDULED, verbose_name=_("status")
    )
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, blank=True, verbose_name=_("attendance")
    )
    joined_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the student joined (ATT-4)."), verbose_name=_("joined at")
    )
    outcome = models.CharField(
        max_length=16, choices=Outcome.choices, default=Outcome.PENDING, verbose_name=_("outcome")
    )
    absence_reason = models.CharField(
        max_length=20, choices=AbsenceReason.choices, blank=True, default="", verbose_name=_("absence reason")
    )
    rule = models.CharField(
        max_length=12,
        blank=True,
        help_text=_("The SPEC rule that produced the outcome."),
        verbose_name=_("rule"),
    )
    explanation = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("The outcome in words a student understands."),
        verbose_name=_("explanation"),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replacements",
        help_text=_("The postponed or missed session this one replaces."),
        verbose_name=_("replaces"),
    )
    recorded = models.BooleanField(
        default=False,
        help_text=_("Recorded for internal quality review (REC-1)."),
        verbose_name=_("recorded"),
    )
    notes = models.TextField(max_length=4000, blank=True, verbose_name=_("notes"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    logged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("logged at"))
    mentor_reminded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("mentor reminded at"))
    # When the video tool first reported on this session (an attendance file or a webhook event).
    tool_reported_at = models.DateTimeField(null=True, blank=True, verbose_name=_("tool reported at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["scheduled_start"]
        constraints = [
            choices_constraint("status", MentoringSessionStatus, "session_status_valid"),
            choices_constraint("mode", MentoringSessionMode, "session_mode_valid"),
            choices_constraint("outcome", MentoringSessionOutcome, "session_outcome_valid"),
            models.CheckConstraint(
                condition=Q(attendance="")
                | Q(attendance__in=["attended", "no_show", "mentor_cancelled", "mentor_absent"]),
                name="session_attendance_valid",
                violation_error_message=_(
                    "Choose what happened: attended, student no-show, mentor cancelled or mentor absent."
                ),
            ),
            models.CheckConstraint(
                condition=Q(absence_reason="") | Q(outcome="unauthorised"),
                name="session_reason_only_when_unauthorised",
                violation_error_message=_("Only an unauthorised absence has a reason (ATT-4)."),
            ),
            models.CheckConstraint(
                condition=Q(duration__gt=timedelta(0)),
                name="session_duration_positive",
                violation_error_message=_("A session lasts some time."),
            ),
            models.CheckConstraint(
                condition=Q(joined_at__isnull=True) | Q(attendance="attended"),
                name="session_join_only_when_attended",
                violation_error_message=_("A join time only goes with “attended”."),
            ),
            models.UniqueConstraint(
                fields=["enrolment", "week"],
                condition=Q(week__isnull=False),
                name="session_one_planned_per_week",
                violation_error_message=_("This week's session is already planned."),
            ),
        ]
        indexes = [
            models.Index(fields=["enrolment", "scheduled_start"]),
            models.Index(fields=["mentor", "scheduled_start"]),
            models.Index(fields=["status", "scheduled_start"]),
            # Partial indexes, so that what the sweeps and My week read follows the work, not the history.
            # ATT-6: each enrolment's unauthorised absences in the order runs are read (the sweep reads only
            # these, discipline.selectors.enrolments_with_unreferred_runs).
            models.Index(
                fields=["enrolment", "scheduled_start", "id"],
                condition=Q(outcome="unauthorised"),
                name="session_unauthorised_run_idx",
            ),
            # ATT-5: the recent unauthorised absences (a follow-up an event missed).
            models.Index(
                fields=["scheduled_start"],
                condition=Q(outcome="unauthorised"),
                name="session_unauthorised_idx",
            ),
            # ATT-4 with evidence: the sessions the video tool reported on and nobody logged yet (few at any
            # time; with its own index the planner knows it, where "scheduled" and "started before" tell it
            # nothing about each other).
            models.Index(
                fields=["scheduled_start"],
                condition=Q(status="scheduled", tool_reported_at__isnull=False),
                name="session_tool_unlogged_idx",
            ),
            # "To log" on a mentor's My week: their sessions still scheduled, oldest first.
            models.Index(
                fields=["mentor", "scheduled_start"],
                condition=Q(status="scheduled"),
                name="session_to_log_idx",
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.scheduled_start)
        return gettext("Session of %(student)s on %(start)s") % {
            "student": self.enrolment.student,
            "start": f"{start:%Y-%m-%d %H:%M}",
        }

    @property
    def scheduled_end(self):
        return self.scheduled_start + self.duration


class ToolEventSource(models.TextChoices):
    FILE = "file", _("Attendance file")
    WEBHOOK = "webhook", _("Webhook")


class ToolEvent(models.Model):
    """A participant's join (and leave) the video tool reported for a session: the evidence ATT-4 reads.
    Written by ``services.tool_report_import`` and ``services.tool_event_record`` only."""

    Source = ToolEventSource

    session = models.ForeignKey(
        MentoringSession, on_delete=models.CASCADE, related_name="tool_events", verbose_name=_("session")
    )
    participant_email = models.EmailField(verbose_name=_("participant email"))
    joined_at = models.DateTimeField(verbose_name=_("joined at"))
    left_at = models.DateTimeField(null=True, blank=True, verbose_name=_("left at"))
    source = models.CharField(max_length=8, choices=Source.choices, verbose_name=_("source"))
    external_id = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The tool's event id (webhook)."),
        verbose_name=_("external id"),
    )
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("tool event")
        verbose_name_plural = _("tool events")
        ordering = ["session", "joined_at"]
        constraints = [
            choices_constraint("source", ToolEventSource, "tool_event_source_valid"),
            models.UniqueConstraint(
                fields=["session", "participant_email", "joined_at"],
                name="tool_event_once",
                violation_error_message=_("This join is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="tool_event_external_once",
                violation_error_message=_("This event is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=F("joined_at")),
                name="tool_event_left_after_joining",
                violation_error_message=_("A participant leaves after joining."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(email)s joined %(at)s") % {
            "email": self.participant_email,
            "at": f"{timezone.localtime(self.joined_at):%Y-%m-%d %H:%M}",
        }


class AbsenceNoticeKind(models.TextChoices):
    ABSENCE = "absence", _("Notice of absence")
    CANCELLATION = "cancellation", _("Cancellation")


class AbsenceNotice(models.Model):
    """The student tells the mentor they will miss a session (ATT-2, ATT-3) or cancels it (ATT-4)."""

    Kind = AbsenceNoticeKind

    session = models.OneToOneField(
        MentoringSession, on_delete=models.CASCADE, related_name="notice", verbose_name=_("session")
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ABSENCE, verbose_name=_("kind"))
    reason = models.TextField(max_length=2000, verbose_name=_("reason"))
    given_at = models.DateTimeField(
        help_text=_("Server time: it decides whether the notice was in time."), verbose_name=_("given at")
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("given by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence notice")
        verbose_name_plural = _("absence notices")
        ordering = ["-given_at"]
        constraints = [choices_constraint("kind", AbsenceNoticeKind, "absencenotice_kind_valid")]

    def __str__(self) -> str:
        return gettext("%(kind)s for %(session)s") % {
            "kind": self.get_kind_display(),
            "session": self.session,
        }


class ExceptionalAuthorisation(models.Model):
    """ATT-3: Student Success authorises exceptional circumstances; the absence becomes excused."""

    session = models.OneToOneField(
        MentoringSession, on_delete=models.CASCADE, related_name="exceptional", verbose_name=_("session")
    )
    reason = models.TextField(max_length=2000, verbose_name=_("reason"))
    proof = models.ForeignKey(
        "students.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proof"),
    )
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("authorised by")
    )
    authorised_at = models.DateTimeField(verbose_name=_("authorised at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exceptional authorisation")
        verbose_name_plural = _("exceptional authorisations")
        ordering = ["-authorised_at"]

    def __str__(self) -> str:
        return gettext("Exceptional circumstances for %(session)s") % {"session": self.session}


class AbsenceFollowUp(models.Model):
    """ATT-5: after an unauthorised absence, reasons and a new booking within 48 hours of the start."""

    session = models.OneToOneField(
        MentoringSession, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("session")
    )
    due_at = models.DateTimeField(verbose_name=_("due at"))
    reasons = models.TextField(max_length=4000, blank=True, verbose_name=_("reasons"))
    reasons_given_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reasons given at"))
    rebooked_session = models.ForeignKey(
        MentoringSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rebooked session"),
    )
    student_asked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("student asked at"))
    flagged_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Deadline passed without both."), verbose_name=_("flagged at")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence follow up")
        verbose_name_plural = _("absence follow ups")
        ordering = ["due_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reasons_given_at__isnull=True) | ~Q(reasons=""),
                name="followup_reasons_when_given",
                violation_error_message=_("Write the reasons."),
            )
        ]
        # ATT-5: the follow-ups still open (neither flagged nor complete), by deadline. The sweep looks for
        # overdue ones among these only, not among every absence's follow-up since the school opened.
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(flagged_at__isnull=True)
                & (Q(reasons_given_at__isnull=True) | Q(rebooked_session__isnull=True)),
                name="followup_open_idx",
            )
        ]

    def __str__(self) -> str:
        return gettext("Follow-up of %(session)s") % {"session": self.session}


class MonitoringReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("monitoring report", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("monitoring report", "Submitted")


class MonitoringReport(models.Model):
    """A mentor's report on progress and attendance; part of the candidate record (TRN-2)."""

    Status = MonitoringReportStatus

    TRANSITIONS: dict[str, tuple[str, ...]] = {Status.DRAFT: (Status.SUBMITTED,), Status.SUBMITTED: ()}

    enrolment = models.ForeignKey(
        "students.Enrolment",
        on_delete=models.CASCADE,
        related_name="monitoring_reports",
        verbose_name=_("enrolment"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("mentor")
    )
    period_start = models.DateField(verbose_name=_("period start"))
    period_end = models.DateField(verbose_name=_("period end"))
    progress = models.TextField(max_length=5000, verbose_name=_("progress"))
    attendance_comment = models.TextField(max_length=2000, blank=True, verbose_name=_("attendance comment"))
    sessions_attended = models.PositiveSmallIntegerField(default=0, verbose_name=_("sessions attended"))
    sessions_postponed = models.PositiveSmallIntegerField(default=0, verbose_name=_("sessions postponed"))
    sessions_excused = models.PositiveSmallIntegerField(default=0, verbose_name=_("sessions excused"))
    sessions_unauthorised = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("sessions unauthorised")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-period_end"]
        constraints = [
            choices_constraint("status", MonitoringReportStatus, "monitoringreport_status_valid"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="report_period_ordered",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="report_submitted_dated",
                violation_error_message=_("A submitted report needs the day it was submitted."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Report on %(student)s, %(start)s – %(end)s") % {
            "student": self.enrolment.student,
            "start": self.period_start,
            "end": self.period_end,
        }
