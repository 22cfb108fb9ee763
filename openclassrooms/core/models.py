from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .storage import private_storage


def _choices_message(field: str) -> str:
    return gettext("Choose one of the listed values for the %(field)s.") % {"field": field.replace("_", " ")}


def choices_constraint(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    """A CHECK constraint keeping a status column inside its declared choices; its message is translated
    when shown (lazily: the same English text as before for the migrations)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=name,
        violation_error_message=lazy(_choices_message, str)(field),
    )


class OutboundEmail(models.Model):
    """One e-mail the school sends, keyed so that it is sent exactly once.

    ``key`` names the event ("invitation:42", "att5-request:1234"); a second attempt to create
    the same key finds the existing row, and delivery locks the row and skips a sent one.
    """

    key = models.CharField(max_length=200, unique=True, verbose_name=_("key"))
    to = models.JSONField(default=list, verbose_name=_("to"))
    subject = models.CharField(max_length=255, verbose_name=_("subject"))
    body = models.TextField(verbose_name=_("body"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    # Issue 17: a link that signs someone in or sets their password (an invitation, a password reset) is
    # kept only until the e-mail is sent: the text is then blanked, and never shown in the admin.
    holds_link = models.BooleanField(
        default=False,
        verbose_name=_("holds a sign-in link"),
        help_text=_(
            "Its text is not kept once it is sent, and not shown here: the link would let someone in."
        ),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class DomainEvent(models.Model):
    """Something a lower app tells the higher ones happened (CONVENTIONS "Layers"): recorded in the same
    transaction as the change, dispatched to the receivers once it commits, and re-dispatched by a beat
    task if the process died in between. Receivers are idempotent; the row is marked when they all ran."""

    name = models.CharField(max_length=100, verbose_name=_("name"))
    payload = models.JSONField(default=dict, verbose_name=_("payload"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    dispatched_at = models.DateTimeField(null=True, blank=True, verbose_name=_("dispatched at"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))

    class Meta:
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(dispatched_at__isnull=True), name="event_undispatched"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class AccessLogWhat(models.TextChoices):
    CASE = "case", _("Disciplinary case file")
    LETTER = "letter", _("Registered letter")
    DOCUMENT = "document", _("Proof document")
    CANDIDATE_RECORD = "candidate_record", _("Candidate record")
    STUDENT_RECORD = "student_record", _("Student record")


class AccessLog(models.Model):
    """Who opened what about a student, when and from which page — anyone but the student themself.
    Append-only: written by ``core.services.access_record``, read in the admin and, for their case file, by
    the student."""

    What = AccessLogWhat

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("viewer")
    )
    what = models.CharField(max_length=20, choices=What.choices, verbose_name=_("what"))
    object_id = models.PositiveIntegerField(verbose_name=_("object id"))
    page = models.CharField(max_length=255, verbose_name=_("page"))
    viewed_at = models.DateTimeField(verbose_name=_("viewed at"))

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("access to a student's record")
        verbose_name_plural = _("accesses to students' records")
        constraints = [choices_constraint("what", AccessLogWhat, "accesslog_what_valid")]
        indexes = [models.Index(fields=["student", "viewed_at"], name="accesslog_student_at")]

    def __str__(self) -> str:
        return gettext("%(viewer)s opened the %(what)s of %(student)s") % {
            "viewer": self.viewer,
            "what": self.get_what_display().lower(),
            "student": self.student,
        }


def _private_storage():
    return private_storage


class DataExport(models.Model):
    """A student's whole record as a ZIP (GDPR arts. 15 and 20): asked for on their page, built by a task,
    linked by e-mail, and deleted once ``expires_at`` has passed (the row stays as the trace)."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    requested_at = models.DateTimeField(verbose_name=_("requested at"))
    built_at = models.DateTimeField(null=True, blank=True, verbose_name=_("built at"))
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("expires at"))
    file = models.FileField(
        storage=_private_storage, upload_to="exports/%Y/%m/", blank=True, verbose_name=_("file")
    )
    size = models.PositiveBigIntegerField(default=0, verbose_name=_("size"))
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the expired ZIP was deleted."), verbose_name=_("deleted at")
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("export of a student's data")
        verbose_name_plural = _("exports of students' data")
        indexes = [models.Index(fields=["student", "requested_at"], name="dataexport_student_at")]

    def __str__(self) -> str:
        return gettext("Export of %(student)s asked on %(date)s") % {
            "student": self.student,
            "date": f"{self.requested_at:%Y-%m-%d %H:%M}",
        }


class RetentionAction(models.TextChoices):
    DELETED = "deleted", _("Deleted")
    ANONYMISED = "anonymised", _("Anonymised")


class RetentionTrace(models.Model):
    """What the retention task removed on one run, for one record type: how many, how old, which ids —
    never the content. Written by ``core.services.retention_apply``; read-only in the admin."""

    Action = RetentionAction

    record_type = models.CharField(max_length=40, verbose_name=_("record type"))
    action = models.CharField(max_length=12, choices=Action.choices, verbose_name=_("action"))
    count = models.PositiveIntegerField(verbose_name=_("count"))
    cutoff = models.DateTimeField(
        help_text=_("Records that ended before this moment had expired."), verbose_name=_("cutoff")
    )
    oldest = models.DateTimeField(null=True, blank=True, verbose_name=_("oldest"))
    newest = models.DateTimeField(null=True, blank=True, verbose_name=_("newest"))
    object_ids = models.JSONField(default=list, verbose_name=_("object ids"))
    held = models.PositiveIntegerField(
        default=0, help_text=_("Expired but kept: an open case or a pending jury."), verbose_name=_("held")
    )
    ran_at = models.DateTimeField(verbose_name=_("ran at"))

    class Meta:
        ordering = ["-ran_at", "record_type"]
        verbose_name = _("retention trace")
        verbose_name_plural = _("retention traces")
        constraints = [choices_constraint("action", RetentionAction, "retentiontrace_action_valid")]

    def __str__(self) -> str:
        return gettext("%(action)s %(count)s %(record_type)s on %(date)s") % {
            "action": self.get_action_display(),
            "count": self.count,
            "record_type": self.record_type,
            "date": f"{self.ran_at:%Y-%m-%d}",
        }
