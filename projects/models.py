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

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    level = models.CharField(max_length=60, blank=True, help_text=_("e.g. Bachelor's degree level (RNCP 6)"))
    duration_months = models.PositiveSmallIntegerField(default=12)
    # DIS-1: the Learning Manager of the path sits on its students' Disciplinary Board.
    learning_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_paths",
    )
    is_active = models.BooleanField(default=True)
    projects = models.ManyToManyField("Project", through="PathProject", related_name="paths")

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A project; one project may belong to several paths (kept on a path change)."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    brief = models.TextField(max_length=10000, blank=True)
    # TRN-1(b): in-depth projects need a validating mentor's approval of every skill at a presentation.
    in_depth = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class PathProject(models.Model):
    path = models.ForeignKey(Path, on_delete=models.CASCADE, related_name="path_projects")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="path_projects")
    position = models.PositiveSmallIntegerField()

    history = HistoricalRecords()

    class Meta:
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
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=255)
    position = models.PositiveSmallIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
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

    enrolment = models.ForeignKey("students.Enrolment", on_delete=models.CASCADE, related_name="submissions")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.IN_PROGRESS)
    deliverables_url = models.URLField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    mentor_comment = models.TextField(max_length=5000, blank=True)
    # Each submission to the mentor is one round; a return and a resubmission start the next one.
    round = models.PositiveSmallIntegerField(default=0)
    # IP-1: the student states the work is their own and cites every source they used.
    own_work_declared_at = models.DateTimeField(null=True, blank=True)
    sources = models.TextField(max_length=5000, blank=True, help_text=_("The sources the work cites (IP-1)."))
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
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

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="deliverables")
    round = models.PositiveSmallIntegerField(help_text=_("The submission round it was handed in with."))
    file = models.FileField(storage=_private_storage, upload_to="deliverables/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
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

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="presentations")
    validating_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="presentations_validated"
    )
    scheduled_start = models.DateTimeField()
    duration = models.DurationField(default=timedelta(minutes=45))
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.VIDEO)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    # The mentor's conclusion (TRN-1 b): every skill acquired at a recorded presentation, or not.
    validated = models.BooleanField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    recording_url = models.URLField(blank=True)
    # REC-2: recordings are deleted after the training; the trace stays: when, by whom and which.
    recording_deleted_at = models.DateTimeField(null=True, blank=True)
    recording_trace = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("REC-2: which recording was deleted, when and by whom (the retention schedule)."),
    )
    comments = models.TextField(max_length=5000, blank=True)

    history = HistoricalRecords()

    class Meta:
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

    presentation = models.ForeignKey(Presentation, on_delete=models.CASCADE, related_name="assessments")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="assessments")
    result = models.CharField(max_length=16, choices=Result.choices)
    comment = models.TextField(max_length=2000, blank=True)
    assessed_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
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
