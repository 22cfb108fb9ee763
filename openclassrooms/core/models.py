from django.conf import settings
from django.db import models
from django.db.models import Q


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
