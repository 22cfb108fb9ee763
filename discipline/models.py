"""Disciplinary cases from complaint to registered letter (DIS-1..DIS-11, COM-1, IP-2, CON-1, ATT-6)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openclassrooms.core.models import choices_constraint
from openclassrooms.core.storage import private_storage


def _private_storage():
    return private_storage


class CaseSource(models.TextChoices):
    ATTENDANCE = "attendance", _("Three consecutive unauthorised absences (ATT-6)")
    INTELLECTUAL_PROPERTY = "ip", _("Plagiarism, cheating or copied work (IP-2)")
    COMMITMENT = "commitment", _("Lack of regular work (COM-1)")
    CONDUCT = "conduct", _("Conduct (CON-1)")
    FRAUD = "fraud", _("Fraud or attempted fraud at a presentation (DIS-11)")
    OTHER = "other", _("Other breach of the rules (DIS-11)")


class CaseStatus(models.TextChoices):
    OPENED = "opened", pgettext_lazy("case status", "Opened")
    COMPLAINTS_COMMUNICATED = "complaints_communicated", _("Complaints communicated (DIS-4)")
    HEARING_SCHEDULED = "hearing_scheduled", _("Hearing scheduled")
    HEARING_HELD = "hearing_held", _("Hearing held")
    DECIDED = "decided", pgettext_lazy("case status", "Decided")
    LETTER_SENT = "letter_sent", _("Letter sent (DIS-8)")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("case status", "Withdrawn")


class Case(models.Model):
    Source = CaseSource

    Status = CaseStatus

    # Allowed moves, declared once (CONVENTIONS "Status workflows"); services.case_transition enforces them.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.OPENED: (Status.COMPLAINTS_COMMUNICATED, Status.WITHDRAWN),
        Status.COMPLAINTS_COMMUNICATED: (Status.HEARING_SCHEDULED, Status.WITHDRAWN),
        Status.HEARING_SCHEDULED: (Status.HEARING_HELD, Status.HEARING_SCHEDULED, Status.WITHDRAWN),
        Status.HEARING_HELD: (Status.DECIDED,),
        Status.DECIDED: (Status.LETTER_SENT,),
        Status.LETTER_SENT: (Status.CLOSED,),
        Status.CLOSED: (),
        Status.WITHDRAWN: (),
    }
    # A case is over in a state nothing follows: closed or withdrawn.
    OVER = tuple(status for status, following in TRANSITIONS.items() if not following)
    # Once the hearing is held, no complaint is added: the student must be heard on every one (DIS-4, DIS-6).
    COMPLAINTS_CLOSED = (
        Status.HEARING_HELD,
        Status.DECIDED,
        Status.LETTER_SENT,
        Status.CLOSED,
        Status.WITHDRAWN,
    )

    enrolment = models.ForeignKey(
        "students.Enrolment", on_delete=models.PROTECT, related_name="cases", verbose_name=_("enrolment")
    )
    source = models.CharField(max_length=12, choices=Source.choices, verbose_name=_("source"))
    status = models.CharField(
        max_length=24, choices=Status.choices, default=Status.OPENED, verbose_name=_("status")
    )
    summary = models.TextField(
        max_length=5000,
        help_text=_("The facts, as stated by whoever opened the case."),
        verbose_name=_("summary"),
    )
    opened_at = models.DateTimeField(verbose_name=_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system opened the case (ATT-6, IP-2)."),
        verbose_name=_("opened by"),
    )
    withdrawn_reason = models.TextField(max_length=2000, blank=True, verbose_name=_("withdrawn reason"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        constraints = [
            choices_constraint("source", CaseSource, "case_source_valid"),
            choices_constraint("status", CaseStatus, "case_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                name="case_withdrawal_has_reason",
                violation_error_message=_("Say why the case is withdrawn."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Case #%(id)s — %(student)s (%(source)s)") % {
            "id": self.pk,
            "student": self.enrolment.student,
            "source": self.get_source_display(),
        }


class CaseEvent(models.Model):
    """The timeline: every transition with who and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    at = models.DateTimeField(verbose_name=_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    from_status = models.CharField(max_length=24, blank=True, verbose_name=_("from status"))
    to_status = models.CharField(max_length=24, verbose_name=_("to status"))
    note = models.TextField(max_length=2000, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.from_status or '∅'} → {self.to_status}"


class CaseGround(models.Model):
    """A complaint against the student; communicated before anything else (DIS-4)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grounds", verbose_name=_("case"))
    rule = models.CharField(
        max_length=12, help_text=_("The SPEC rule breached, e.g. ATT-6."), verbose_name=_("rule")
    )
    statement = models.TextField(max_length=5000, verbose_name=_("statement"))
    communicated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("communicated at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case ground")
        verbose_name_plural = _("case grounds")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.rule}: {self.statement[:60]}"


class CaseEvidence(models.Model):
    """Evidence: sessions (ATT-6), flagged work (IP-2), a presentation (DIS-11), a document."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("case"))
    description = models.CharField(max_length=255, verbose_name=_("description"))
    session = models.ForeignKey(
        "mentoring.MentoringSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    submission = models.ForeignKey(
        "projects.Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submission"),
    )
    # DIS-11: fraud or attempted fraud at a final presentation, flagged by its validating mentor.
    presentation = models.ForeignKey(
        "projects.Presentation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presentation"),
    )
    document = models.ForeignKey(
        "students.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(verbose_name=_("added at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case evidence")
        ordering = ["case", "added_at"]
        verbose_name_plural = _("case evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "session"],
                condition=Q(session__isnull=False),
                name="caseevidence_session_once",
                violation_error_message=_("This session is already evidence in this case."),
            ),
        ]

    def __str__(self) -> str:
        return self.description


class StudentAnswer(models.Model):
    """The student's written answer to the complaints."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answers", verbose_name=_("case"))
    text = models.TextField(max_length=10000, verbose_name=_("text"))
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("student answer")
        verbose_name_plural = _("student answers")
        ordering = ["case", "submitted_at"]

    def __str__(self) -> str:
        return gettext("Answer to case #%(id)s on %(date)s") % {
            "id": self.case_id,
            "date": f"{timezone.localtime(self.submitted_at):%Y-%m-%d}",
        }


class BoardSeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair (Head of Learning)")
    LEARNING_MANAGER = "learning_manager", _("Learning Manager of the path")
    STUDENT_REPRESENTATIVE = "student_representative", _("Student representative (advisory, no vote)")


class BoardSeat(models.Model):
    """DIS-1: chair (Head of Learning), the path's Learning Manager, an optional advisory student rep."""

    Role = BoardSeatRole

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="seats", verbose_name=_("case"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_seats", verbose_name=_("user")
    )
    role = models.CharField(max_length=24, choices=Role.choices, verbose_name=_("role"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board seat")
        verbose_name_plural = _("board seats")
        ordering = ["case", "role"]
        constraints = [
            choices_constraint("role", BoardSeatRole, "boardseat_role_valid"),
            models.UniqueConstraint(
                fields=["case", "role"],
                name="boardseat_one_per_role",
                violation_error_message=_("This seat of the Board is already taken."),
            ),
            models.UniqueConstraint(
                fields=["case", "user"],
                name="boardseat_one_per_user",
                violation_error_message=_("One person cannot hold two seats on the Board (DIS-1)."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(role)s: %(person)s") % {"role": self.get_role_display(), "person": self.user}

    @property
    def votes(self) -> bool:
        return self.role != self.Role.STUDENT_REPRESENTATIVE


class HearingStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("hearing status", "Proposed")
    CONFIRMED = "confirmed", pgettext_lazy("hearing status", "Confirmed")
    HELD = "held", pgettext_lazy("hearing status", "Held")
    POSTPONED = "postponed", _("Postponed (DIS-5)")
    CANCELLED = "cancelled", pgettext_lazy("hearing status", "Cancelled")


class Hearing(models.Model):
    """A Board meeting by video conference (DIS-2), with its attendance and minutes (DIS-6)."""

    Status = HearingStatus

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.PROPOSED: (Status.CONFIRMED, Status.POSTPONED, Status.CANCELLED),
        Status.CONFIRMED: (Status.HELD, Status.POSTPONED, Status.CANCELLED),
        Status.HELD: (),
        Status.POSTPONED: (),
        Status.CANCELLED: (),
    }

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("case"))
    scheduled_start = models.DateTimeField(verbose_name=_("scheduled start"))
    video_link = models.URLField(verbose_name=_("video link"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PROPOSED, verbose_name=_("status")
    )
    student_attended = models.BooleanField(null=True, blank=True, verbose_name=_("student attended"))
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("representative"),
    )
    representative_attended = models.BooleanField(
        null=True, blank=True, verbose_name=_("representative attended")
    )
    minutes_grounds = models.TextField(
        max_length=10000,
        blank=True,
        help_text=_("The grounds of the planned penalty (DIS-6)."),
        verbose_name=_("minutes grounds"),
    )
    minutes_explanations = models.TextField(
        max_length=10000,
        blank=True,
        help_text=_("The student's explanations (DIS-6)."),
        verbose_name=_("minutes explanations"),
    )
    postponement_reason = models.TextField(max_length=2000, blank=True, verbose_name=_("postponement reason"))
    extenuating_kind = models.CharField(
        max_length=12,
        blank=True,
        choices=[
            ("accident", _("Accident")),
            ("illness", _("Illness")),
            ("bereavement", _("Death of an immediate relative")),
        ],
        help_text=_("DIS-5: the circumstances the official proof shows."),
        verbose_name=_("extenuating kind"),
    )
    extenuating_proof = models.ForeignKey(
        "students.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("extenuating proof"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["case", "-scheduled_start"]
        constraints = [
            choices_constraint("status", HearingStatus, "hearing_status_valid"),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["proposed", "confirmed"]),
                name="hearing_one_upcoming_per_case",
                violation_error_message=_("This case already has an upcoming hearing."),
            ),
            models.CheckConstraint(
                condition=~Q(status="postponed")
                | Q(extenuating_proof__isnull=False)
                | ~Q(postponement_reason=""),
                name="hearing_postponement_justified",
                violation_error_message=(
                    _("A postponed hearing needs the official proof or the reason it was postponed (DIS-5).")
                ),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Hearing of case #%(id)s on %(when)s") % {
            "id": self.case_id,
            "when": f"{timezone.localtime(self.scheduled_start):%Y-%m-%d %H:%M}",
        }


class NoticeChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    HAND_DELIVERED = "hand", _("Handed over against a receipt")


class Notice(models.Model):
    """DIS-3: the written notice of a hearing, at least 72 hours before it."""

    Channel = NoticeChannel

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="notices", verbose_name=_("hearing")
    )
    channel = models.CharField(
        max_length=8, choices=Channel.choices, default=Channel.EMAIL, verbose_name=_("channel")
    )
    purpose = models.TextField(max_length=5000, verbose_name=_("purpose"))
    complaints = models.TextField(max_length=50000, verbose_name=_("complaints"))
    hearing_start = models.DateTimeField(
        help_text=_("The date and time the notice states."), verbose_name=_("hearing start")
    )
    video_link = models.URLField(verbose_name=_("video link"))
    states_right_to_representative = models.BooleanField(
        default=True, verbose_name=_("states right to representative")
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    receipt_signed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("receipt signed at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["hearing", "-sent_at"]
        constraints = [
            choices_constraint("channel", NoticeChannel, "notice_channel_valid"),
            models.CheckConstraint(
                condition=~Q(channel="hand") | Q(sent_at__isnull=True) | Q(receipt_signed_at__isnull=False),
                name="notice_hand_has_receipt",
                violation_error_message=_("A notice handed over needs the student's signed receipt (DIS-3)."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Notice for %(hearing)s") % {"hearing": self.hearing}


class DecisionPenalty(models.TextChoices):
    NONE = "none", _("No penalty")
    WARNING = "warning", _("Warning")
    SUSPENSION = "suspension", _("Suspension (one month)")
    EXCLUSION = "exclusion", _("Permanent exclusion")


class Decision(models.Model):
    """DIS-7: the Board's decision, by voting members only."""

    Penalty = DecisionPenalty

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="decision", verbose_name=_("case")
    )
    hearing = models.ForeignKey(
        Hearing, on_delete=models.PROTECT, related_name="+", verbose_name=_("hearing")
    )
    penalty = models.CharField(max_length=12, choices=Penalty.choices, verbose_name=_("penalty"))
    grounds = models.TextField(max_length=5000, verbose_name=_("grounds"))
    decided_at = models.DateTimeField(verbose_name=_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    effective_from = models.DateField(null=True, blank=True, verbose_name=_("effective from"))
    effective_until = models.DateField(
        null=True, blank=True, help_text=_("End of a suspension."), verbose_name=_("effective until")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at"]
        constraints = [
            choices_constraint("penalty", DecisionPenalty, "decision_penalty_valid"),
            models.CheckConstraint(
                condition=~Q(penalty="suspension")
                | Q(effective_from__isnull=False, effective_until__isnull=False),
                name="decision_suspension_dated",
                violation_error_message=_(
                    "A suspension needs the day it starts and the day it ends (DIS-7)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True) | Q(effective_until__gt=F("effective_from")),
                name="decision_dates_ordered",
                violation_error_message=_("A penalty ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(penalty)s — case #%(id)s") % {
            "penalty": self.get_penalty_display(),
            "id": self.case_id,
        }


class Letter(models.Model):
    """DIS-8: the registered letter with acknowledgement of receipt, 2 to 15 days after the hearing."""

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="letter", verbose_name=_("decision")
    )
    pdf = models.FileField(
        storage=_private_storage, upload_to="letters/%Y/", blank=True, verbose_name=_("pdf")
    )
    generated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("generated at"))
    dispatched_on = models.DateField(null=True, blank=True, verbose_name=_("dispatched on"))
    registered_number = models.CharField(max_length=40, blank=True, verbose_name=_("registered number"))
    acknowledged_on = models.DateField(null=True, blank=True, verbose_name=_("acknowledged on"))
    reminded_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Day-12 reminder sent to the chair."),
        verbose_name=_("reminded at"),
    )
    window_missed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Not sent by day 15 (DIS-8)."), verbose_name=_("window missed at")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-generated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True) | Q(dispatched_on__isnull=False),
                name="letter_ack_after_dispatch",
                violation_error_message=(
                    _("The acknowledgement of receipt comes after the letter was sent (DIS-8).")
                ),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Letter for %(decision)s") % {"decision": self.decision}


class DecisionCopy(models.Model):
    """DIS-9: a copy to a funding body or to the employer of a company training plan."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="copies", verbose_name=_("decision")
    )
    funding_body = models.ForeignKey(
        "students.FundingBody", on_delete=models.PROTECT, related_name="+", verbose_name=_("funding body")
    )
    address = models.TextField(max_length=500, verbose_name=_("address"))
    sent_on = models.DateField(null=True, blank=True, verbose_name=_("sent on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision copy")
        ordering = ["decision", "funding_body__name"]
        verbose_name_plural = _("decision copies")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "funding_body"],
                name="decisioncopy_once",
                violation_error_message=_(
                    "A copy of this decision already went to this funding body (DIS-9)."
                ),
            )
        ]

    def __str__(self) -> str:
        return gettext("Copy to %(body)s") % {"body": self.funding_body}
