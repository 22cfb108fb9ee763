from django.conf import settings
from django.db import models
from django.db.models import Q

from .storage import private_storage


def choices_constraint(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    """A CHECK constraint keeping a status column inside its declared choices."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=name,
        violation_error_message=f"Choose one of the listed values for the {field.replace('_', ' ')}.",
    )


class OutboundEmail(models.Model):
    """One e-mail the school sends, keyed so that it is sent exactly once.

    ``key`` names the event ("invitation:42", "att5-request:1234"); a second attempt to create
    the same key finds the existing row, and delivery locks the row and skips a sent one.
    """

    key = models.CharField(max_length=200, unique=True)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outbound e-mail"

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class DomainEvent(models.Model):
    """Something a lower app tells the higher ones happened (CONVENTIONS "Layers"): recorded in the same
    transaction as the change, dispatched to the receivers once it commits, and re-dispatched by a beat
    task if the process died in between. Receivers are idempotent; the row is marked when they all ran."""

    name = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(dispatched_at__isnull=True), name="event_undispatched"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class AccessLogWhat(models.TextChoices):
    CASE = "case", "Disciplinary case file"
    LETTER = "letter", "Registered letter"
    DOCUMENT = "document", "Proof document"
    CANDIDATE_RECORD = "candidate_record", "Candidate record"
    STUDENT_RECORD = "student_record", "Student record"


class AccessLog(models.Model):
    """Who opened what about a student, when and from which page — anyone but the student themself.
    Append-only: written by ``core.services.access_record``, read in the admin and, for their case file, by
    the student."""

    What = AccessLogWhat

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=20, choices=What.choices)
    object_id = models.PositiveIntegerField()
    page = models.CharField(max_length=255)
    viewed_at = models.DateTimeField()

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = "access to a student's record"
        verbose_name_plural = "accesses to students' records"
        constraints = [choices_constraint("what", AccessLogWhat, "accesslog_what_valid")]
        indexes = [models.Index(fields=["student", "viewed_at"], name="accesslog_student_at")]

    def __str__(self) -> str:
        return f"{self.viewer} opened the {self.get_what_display().lower()} of {self.student}"


def _private_storage():
    return private_storage


class DataExport(models.Model):
    """A student's whole record as a ZIP (GDPR arts. 15 and 20): asked for on their page, built by a task,
    linked by e-mail, and deleted once ``expires_at`` has passed (the row stays as the trace)."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(storage=_private_storage, upload_to="exports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    deleted_at = models.DateTimeField(null=True, blank=True, help_text="When the expired ZIP was deleted.")

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "export of a student's data"
        verbose_name_plural = "exports of students' data"
        indexes = [models.Index(fields=["student", "requested_at"], name="dataexport_student_at")]

    def __str__(self) -> str:
        return f"Export of {self.student} asked on {self.requested_at:%Y-%m-%d %H:%M}"


class RetentionAction(models.TextChoices):
    DELETED = "deleted", "Deleted"
    ANONYMISED = "anonymised", "Anonymised"


class RetentionTrace(models.Model):
    """What the retention task removed on one run, for one record type: how many, how old, which ids —
    never the content. Written by ``core.services.retention_apply``; read-only in the admin."""

    Action = RetentionAction

    record_type = models.CharField(max_length=40)
    action = models.CharField(max_length=12, choices=Action.choices)
    count = models.PositiveIntegerField()
    cutoff = models.DateTimeField(help_text="Records that ended before this moment had expired.")
    oldest = models.DateTimeField(null=True, blank=True)
    newest = models.DateTimeField(null=True, blank=True)
    object_ids = models.JSONField(default=list)
    held = models.PositiveIntegerField(
        default=0, help_text="Expired but kept: an open case or a pending jury."
    )
    ran_at = models.DateTimeField()

    class Meta:
        ordering = ["-ran_at", "record_type"]
        verbose_name = "retention trace"
        constraints = [choices_constraint("action", RetentionAction, "retentiontrace_action_valid")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.count} {self.record_type} on {self.ran_at:%Y-%m-%d}"
