"""Paths, their projects and skills; submissions, presentations and per-skill assessments (TRN-1)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openclassrooms.core.models import choices_constraint
from openclassrooms.core.storage import private_storage

# IP-1: deliverables are PDFs, ZIP archives of code or images, recognised by their first bytes.
DELIVERABLE_TYPES = ("application/pdf", "application/zip", "image/png", "image/jpeg")
DELIVERABLE_MAX_BYTES = 25 * 1024 * 1024


def _private_storage():
    return private_storage


class Path(models.Model):
    """A training course with a fixed list of projects (TRN-1)."""

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    description = models.TextField(max_length=5000, blank=True, verbose_name=_("description"))
    level = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("e.g. Bachelor's degree level (RNCP 6)"),
        verbose_name=_("level"),
    )
    duration_months = models.PositiveSmallIntegerField(default=12, verbose_name=_("duration months"))
    # DIS-1: the Learning Manager of the path sits on its students' Disciplinary Board.
    learning_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_paths",
        verbose_name=_("learning manager"),
    )
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))
    projects = models.ManyToManyField(
        "Project", through="PathProject", related_name="paths", verbose_name=_("projects")
    )

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("path")
        verbose_name_plural = _("paths")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A project; one project may belong to several paths (kept on a path change)."""

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    brief = models.TextField(max_length=10000, blank=True, verbose_name=_("brief"))
    # TRN-1(b): in-depth projects need a validating mentor's approval of every skill at a presentation.
    in_depth = models.BooleanField(default=False, verbose_name=_("in depth"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class PathProject(models.Model):
    path = models.ForeignKey(
        Path, on_delete=models.CASCADE, related_name="path_projects", verbose_name=_("path")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="path_projects", verbose_name=_("project")
    )
    position = models.PositiveSmallIntegerField(verbose_name=_("position"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("path project")
        verbose_name_plural = _("path projects")
        ordering = ["path", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["path", "project"],
                name="pathproject_unique_project",
                violation_error_message=_("This project is already on this path."),
            ),
            models.UniqueConstraint(
                fields=["path", "position"],
                name="pathproject_unique_position",
                violation_error_message=_("This position on the path is already taken."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path} #{self.position}: {self.project}"


class Skill(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="skills", verbose_name=_("project")
    )
    name = models.CharField(max_length=255, verbose_name=_("name"))
    position = models.PositiveSmallIntegerField(default=1, verbose_name=_("position"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"],
                name="skill_unique_name",
                violation_error_message=_("This project already has a skill of that name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class SubmissionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted to the mentor")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved by the mentor")
    PRESENTATION_SCHEDULED = "presentation_scheduled", _("Presentation scheduled")
    VALIDATED = "validated", pgettext_lazy("project", "Validated")
    NOT_VALIDATED = "not_validated", pgettext_lazy("project", "Not validated")


class Submission(models.Model):
    """A student's work on one project of their path, and the mentor's approval (TRN-1(a))."""

    Status = SubmissionStatus

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.IN_PROGRESS: (Status.SUBMITTED,),
        Status.SUBMITTED: (Status.APPROVED, Status.CHANGES_REQUESTED),
        Status.CHANGES_REQUESTED: (Status.SUBMITTED,),
        Status.APPROVED: (Status.PRESENTATION_SCHEDULED, Status.VALIDATED),
        Status.PRESENTATION_SCHEDULED: (Status.VALIDATED, Status.NOT_VALIDATED, Status.APPROVED),
        Status.NOT_VALIDATED: (Status.PRESENTATION_SCHEDULED,),
        Status.VALIDATED: (),
    }

    enrolment = models.ForeignKey(
        "students.Enrolment",
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("enrolment"),
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("project")
    )
    status = models.CharField(
        max_length=32, choices=Status.choices, default=Status.IN_PROGRESS, verbose_name=_("status")
    )
    deliverables_url = models.URLField(blank=True, verbose_name=_("deliverables url"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("approved at"))
    mentor_comment = models.TextField(max_length=5000, blank=True, verbose_name=_("mentor comment"))
    # Each submission to the mentor is one round; a return and a resubmission start the next one.
    round = models.PositiveSmallIntegerField(default=0, verbose_name=_("round"))
    # IP-1: the student states the work is their own and cites every source they used.
    own_work_declared_at = models.DateTimeField(null=True, blank=True, verbose_name=_("own work declared at"))
    sources = models.TextField(
        max_length=5000,
        blank=True,
        help_text=_("The sources the work cites (IP-1)."),
        verbose_name=_("sources"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["enrolment", "project__code"]
        constraints = [
            choices_constraint("status", SubmissionStatus, "submission_status_valid"),
            models.UniqueConstraint(
                fields=["enrolment", "project"],
                name="submission_unique_per_project",
                violation_error_message=_("This student already has work on this project."),
            ),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(approved_by__isnull=False),
                name="submission_approval_has_approver",
                violation_error_message=_("An approved project names the mentor who approved it (TRN-1)."),
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(own_work_declared_at__isnull=False) | Q(round=0),
                name="submission_declared_own_work",
                violation_error_message=_("Work is submitted with the statement that it is your own (IP-1)."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(project)s by %(student)s") % {
            "project": self.project.code,
            "student": self.enrolment.student,
        }


class Deliverable(models.Model):
    """A file handed in with a submission, kept in private storage and served after an access check."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("submission")
    )
    round = models.PositiveSmallIntegerField(
        help_text=_("The submission round it was handed in with."), verbose_name=_("round")
    )
    file = models.FileField(storage=_private_storage, upload_to="deliverables/%Y/%m/", verbose_name=_("file"))
    original_name = models.CharField(max_length=255, verbose_name=_("original name"))
    content_type = models.CharField(max_length=64, verbose_name=_("content type"))
    size = models.PositiveIntegerField(verbose_name=_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(verbose_name=_("uploaded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["submission", "-round", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=DELIVERABLE_TYPES),
                name="deliverable_content_type_allowed",
                violation_error_message=_("Only PDF, ZIP, PNG or JPEG files are accepted."),
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=DELIVERABLE_MAX_BYTES),
                name="deliverable_size_range",
                violation_error_message=_("The file is empty or larger than 25 MB."),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class PresentationStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("presentation", "Scheduled")
    HELD = "held", pgettext_lazy("presentation", "Held")
    CANCELLED = "cancelled", pgettext_lazy("presentation", "Cancelled")


class PresentationMode(models.TextChoices):
    VIDEO = "video", _("Video conference")
    AUDIO = "audio", _("Audio only (accommodation)")


class Presentation(models.Model):
    """A recorded final presentation by video (or audio under ACC-1) before a validating mentor."""

    Status = PresentationStatus

    Mode = PresentationMode

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.SCHEDULED: (Status.HELD, Status.CANCELLED),
        Status.HELD: (),
        Status.CANCELLED: (),
    }

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="presentations", verbose_name=_("submission")
    )
    validating_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="presentations_validated",
        verbose_name=_("validating mentor"),
    )
    scheduled_start = models.DateTimeField(verbose_name=_("scheduled start"))
    duration = models.DurationField(default=timedelta(minutes=45), verbose_name=_("duration"))
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.VIDEO, verbose_name=_("mode"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked by"),
    )
    booked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("booked at"))
    concluded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("concluded at"))
    # The mentor's conclusion (TRN-1 b): every skill acquired at a recorded presentation, or not.
    validated = models.BooleanField(null=True, blank=True, verbose_name=_("validated"))
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.SCHEDULED, verbose_name=_("status")
    )
    recording_url = models.URLField(blank=True, verbose_name=_("recording url"))
    # REC-2: recordings are deleted after the training; the trace stays: when, by whom and which.
    recording_deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("recording deleted at"))
    recording_trace = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("REC-2: which recording was deleted, when and by whom (the retention schedule)."),
        verbose_name=_("recording trace"),
    )
    comments = models.TextField(max_length=5000, blank=True, verbose_name=_("comments"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        ordering = ["-scheduled_start"]
        indexes = [
            models.Index(fields=["validating_mentor", "scheduled_start"], name="presentation_mentor_start")
        ]
        constraints = [
            choices_constraint("status", PresentationStatus, "presentation_status_valid"),
            choices_constraint("mode", PresentationMode, "presentation_mode_valid"),
        ]

    def __str__(self) -> str:
        return gettext("Presentation of %(submission)s on %(start)s") % {
            "submission": self.submission,
            "start": f"{timezone.localtime(self.scheduled_start):%Y-%m-%d %H:%M}",
        }

    @property
    def scheduled_end(self):
        return self.scheduled_start + self.duration


class SkillAssessmentResult(models.TextChoices):
    ACQUIRED = "acquired", pgettext_lazy("skill", "Acquired")
    NOT_ACQUIRED = "not_acquired", pgettext_lazy("skill", "Not acquired")


class SkillAssessment(models.Model):
    """A validating mentor's verdict on one skill at one presentation (TRN-1(b))."""

    Result = SkillAssessmentResult

    presentation = models.ForeignKey(
        Presentation, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("presentation")
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("skill")
    )
    result = models.CharField(max_length=16, choices=Result.choices, verbose_name=_("result"))
    comment = models.TextField(max_length=2000, blank=True, verbose_name=_("comment"))
    assessed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("assessed at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skill assessment")
        verbose_name_plural = _("skill assessments")
        ordering = ["presentation", "skill__position"]
        constraints = [
            choices_constraint("result", SkillAssessmentResult, "skillassessment_result_valid"),
            models.UniqueConstraint(
                fields=["presentation", "skill"],
                name="skillassessment_unique_skill",
                violation_error_message=_("This skill is already assessed at this presentation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.get_result_display()}"
