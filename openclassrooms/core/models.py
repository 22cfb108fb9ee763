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
