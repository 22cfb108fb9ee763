"""Juries, their sessions and panels, candidacies, verdicts and remedial projects (TRN-2..TRN-4)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openclassrooms.core.models import choices_constraint
from openclassrooms.core.storage import private_storage
from projects.models import DELIVERABLE_MAX_BYTES, DELIVERABLE_TYPES


def _private_storage():
    return private_storage


class Jury(models.Model):
    """TRN-3: industry professionals and school representatives, for one path."""

    name = models.CharField(max_length=200, verbose_name=_("name"))
    path = models.ForeignKey(
        "projects.Path", on_delete=models.PROTECT, related_name="juries", verbose_name=_("path")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jury")
        ordering = ["name"]
        verbose_name_plural = _("juries")

    def __str__(self) -> str:
        return self.name


class JuryMemberKind(models.TextChoices):
    INDUSTRY = "industry", _("Industry professional")
    SCHOOL = "school", _("School representative")


class JuryMember(models.Model):
    Kind = JuryMemberKind

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="members", verbose_name=_("jury"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="jury_memberships",
        verbose_name=_("user"),
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["jury", "user__last_name"]
        constraints = [
            choices_constraint("kind", JuryMemberKind, "jurymember_kind_valid"),
            models.UniqueConstraint(
                fields=["jury", "user"],
                name="jurymember_unique",
                violation_error_message=_("This person already sits on this jury."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()})"


class JurySessionMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote")


class JurySessionFormat(models.TextChoices):
    FULL = "full", _("Full jury")
    PANELS = "panels", _("Smaller panels")


class JurySessionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("jury sitting", "Planned")
    HELD = "held", pgettext_lazy("jury sitting", "Held")
    CANCELLED = "cancelled", pgettext_lazy("jury sitting", "Cancelled")


class JurySession(models.Model):
    """TRN-3: a sitting, in person or remote, full or in panels."""

    Mode = JurySessionMode

    Format = JurySessionFormat

    Status = JurySessionStatus

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.PLANNED: (Status.HELD, Status.CANCELLED),
        Status.HELD: (),
        Status.CANCELLED: (),
    }

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("jury"))
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    mode = models.CharField(max_length=10, choices=Mode.choices, verbose_name=_("mode"))
    format = models.CharField(
        max_length=8, choices=Format.choices, default=Format.FULL, verbose_name=_("format")
    )
    location = models.CharField(
        max_length=255, blank=True, help_text=_("Address or video link."), verbose_name=_("location")
    )
    chair = models.ForeignKey(
        JuryMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The member of the jury who chairs the sitting and signs its minutes."),
        verbose_name=_("chair"),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PLANNED, verbose_name=_("status")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jury session")
        verbose_name_plural = _("jury sessions")
        ordering = ["-starts_at"]
        constraints = [
            choices_constraint("mode", JurySessionMode, "jurysession_mode_valid"),
            choices_constraint("format", JurySessionFormat, "jurysession_format_valid"),
            choices_constraint("status", JurySessionStatus, "jurysession_status_valid"),
        ]

    def __str__(self) -> str:
        return gettext("%(jury)s on %(start)s") % {
            "jury": self.jury,
            "start": f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}",
        }


class Panel(models.Model):
    session = models.ForeignKey(
        JurySession, on_delete=models.CASCADE, related_name="panels", verbose_name=_("session")
    )
    name = models.CharField(max_length=100, verbose_name=_("name"))
    members = models.ManyToManyField(JuryMember, related_name="panels", verbose_name=_("members"))

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["session", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "name"],
                name="panel_unique_name",
                violation_error_message=_("This sitting already has a panel of that name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.name}"


class DeclaredConflict(models.Model):
    """A jury member's own declaration of a conflict of interest about a student: they do not sit on that
    student's panel (TRN-3)."""

    member = models.ForeignKey(
        JuryMember, on_delete=models.CASCADE, related_name="declared_conflicts", verbose_name=_("member")
    )
    enrolment = models.ForeignKey(
        "students.Enrolment",
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
        verbose_name=_("enrolment"),
    )
    reason = models.CharField(max_length=500, verbose_name=_("reason"))
    declared_at = models.DateTimeField(verbose_name=_("declared at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "enrolment"],
                name="declaredconflict_once",
                violation_error_message=_("This conflict of interest is already declared."),
            )
        ]

    def __str__(self) -> str:
        return gettext("%(member)s about %(student)s: %(reason)s") % {
            "member": self.member.user,
            "student": self.enrolment.student,
            "reason": self.reason,
        }


class CandidacyStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("candidacy", "Registered")
    UNDER_REVIEW = "under_review", pgettext_lazy("candidacy", "Under review")
    DECIDED = "decided", pgettext_lazy("candidacy", "Decided")
    WITHDRAWN = "withdrawn", pgettext_lazy("candidacy", "Withdrawn")


class Candidacy(models.Model):
    """A student's portfolio before a jury session; the record the jury reads (TRN-2)."""

    Status = CandidacyStatus

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.REGISTERED: (Status.UNDER_REVIEW, Status.WITHDRAWN),
        Status.UNDER_REVIEW: (Status.DECIDED, Status.WITHDRAWN),
        # TRN-4: the verdict is final.
        Status.DECIDED: (),
        Status.WITHDRAWN: (),
    }

    enrolment = models.ForeignKey(
        "students.Enrolment",
        on_delete=models.CASCADE,
        related_name="candidacies",
        verbose_name=_("enrolment"),
    )
    session = models.ForeignKey(
        JurySession, on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("session")
    )
    panel = models.ForeignKey(
        Panel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("panel"),
    )
    status = models.CharField(
        max_length=14, choices=Status.choices, default=Status.REGISTERED, verbose_name=_("status")
    )
    portfolio_url = models.URLField(blank=True, verbose_name=_("portfolio url"))
    # TRN-2: the student hands their portfolio in (a link, files or both) before the sitting, stating it is
    # their own work (IP-1).
    portfolio_submitted_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("portfolio submitted at")
    )
    registered_at = models.DateTimeField(auto_now_add=True, verbose_name=_("registered at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidacy")
        ordering = ["session", "enrolment__student__last_name"]
        verbose_name_plural = _("candidacies")
        constraints = [
            choices_constraint("status", CandidacyStatus, "candidacy_status_valid"),
            models.UniqueConstraint(
                fields=["enrolment", "session"],
                name="candidacy_unique_per_session",
                violation_error_message=_("This student is already registered for this sitting."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(student)s at %(sitting)s") % {
            "student": self.enrolment.student,
            "sitting": self.session,
        }


class VerdictDecision(models.TextChoices):
    AWARDED = "awarded", _("Diploma awarded")
    REFUSED = "refused", _("Diploma refused")


class Verdict(models.Model):
    """TRN-4: final. A refusal names the skills to improve and sets remedial projects."""

    Decision = VerdictDecision

    candidacy = models.OneToOneField(
        Candidacy, on_delete=models.PROTECT, related_name="verdict", verbose_name=_("candidacy")
    )
    decision = models.CharField(max_length=8, choices=Decision.choices, verbose_name=_("decision"))
    reasons = models.TextField(max_length=5000, blank=True, verbose_name=_("reasons"))
    skills_to_improve = models.ManyToManyField(
        "projects.Skill", blank=True, related_name="+", verbose_name=_("skills to improve")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(verbose_name=_("decided at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        ordering = ["-decided_at"]
        constraints = [
            choices_constraint("decision", VerdictDecision, "verdict_decision_valid"),
            models.CheckConstraint(
                condition=Q(decision="awarded") | ~Q(reasons=""),
                name="verdict_refusal_has_reasons",
                violation_error_message=_("A refusal names the skills to improve and why (TRN-4)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} — {self.candidacy}"


class RemedialProjectStatus(models.TextChoices):
    ASSIGNED = "assigned", pgettext_lazy("remedial project", "Assigned")
    SUBMITTED = "submitted", pgettext_lazy("remedial project", "Submitted")
    APPROVED = "approved", _("Approved by the jury")
    REJECTED = "rejected", _("Not approved")


class RemedialProject(models.Model):
    """TRN-4: a new project on the skills to improve, approved by jury members, not the mentor."""

    Status = RemedialProjectStatus

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.ASSIGNED: (Status.SUBMITTED,),
        Status.SUBMITTED: (Status.APPROVED, Status.REJECTED),
        Status.REJECTED: (Status.SUBMITTED,),
        Status.APPROVED: (),
    }

    verdict = models.ForeignKey(
        Verdict, on_delete=models.CASCADE, related_name="remedial_projects", verbose_name=_("verdict")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    brief = models.TextField(max_length=10000, verbose_name=_("brief"))
    skills = models.ManyToManyField("projects.Skill", related_name="+", verbose_name=_("skills"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ASSIGNED, verbose_name=_("status")
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
    # IP-1: the student states the work is their own, as for every project.
    own_work_declared_at = models.DateTimeField(null=True, blank=True, verbose_name=_("own work declared at"))
    review_comment = models.TextField(max_length=5000, blank=True, verbose_name=_("review comment"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remedial project")
        verbose_name_plural = _("remedial projects")
        ordering = ["verdict", "title"]
        constraints = [
            choices_constraint("status", RemedialProjectStatus, "remedialproject_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_by__isnull=False),
                name="remedial_approved_has_approver",
                violation_error_message=_(
                    "An approved remedial project names the jury member who approved it (TRN-4)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CandidateRecordOpening(models.Model):
    """Who opened a candidate's record, and when (TRN-2): append-only, written by the record's page."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="openings", verbose_name=_("candidacy")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(verbose_name=_("opened at"))

    class Meta:
        verbose_name = _("candidate record opening")
        verbose_name_plural = _("candidate record openings")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["candidacy", "opened_at"], name="recordopening_candidacy_at")]

    def __str__(self) -> str:
        return gettext("%(person)s opened %(candidacy)s on %(at)s") % {
            "person": self.opened_by,
            "candidacy": self.candidacy,
            "at": f"{timezone.localtime(self.opened_at):%Y-%m-%d %H:%M}",
        }


class HandedInFile(models.Model):
    """A file a student hands in to a jury — a portfolio's or a remedial project's — checked as a project's
    deliverables are, kept in private storage and served after an access check."""

    original_name = models.CharField(max_length=255, verbose_name=_("original name"))
    content_type = models.CharField(max_length=64, verbose_name=_("content type"))
    size = models.PositiveIntegerField(verbose_name=_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(verbose_name=_("uploaded at"))

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=DELIVERABLE_TYPES),
                name="%(class)s_type_allowed",
                violation_error_message=_("Only PDF, ZIP, PNG or JPEG files are accepted."),
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=DELIVERABLE_MAX_BYTES),
                name="%(class)s_size_range",
                violation_error_message=_("The file is empty or larger than 25 MB."),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class RemedialDeliverable(HandedInFile):
    """A file handed in with a remedial project (TRN-4)."""

    remedial = models.ForeignKey(
        RemedialProject, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("remedial")
    )
    file = models.FileField(storage=_private_storage, upload_to="remedial/%Y/%m/", verbose_name=_("file"))

    history = HistoricalRecords()

    class Meta(HandedInFile.Meta):
        verbose_name = _("remedial deliverable")
        verbose_name_plural = _("remedial deliverables")
        ordering = ["remedial", "-uploaded_at", "pk"]


class Diploma(models.Model):
    """TRN-4: the certificate of an awarded diploma. Anyone holding its verification code can check it on
    the public verification page, which shows the holder's name, the path, the date and whether it is
    valid — nothing else. Name and path are kept as they were on the day of the award."""

    verdict = models.OneToOneField(
        Verdict, on_delete=models.PROTECT, related_name="diploma", verbose_name=_("verdict")
    )
    code = models.CharField(max_length=20, unique=True, verbose_name=_("code"))
    holder_name = models.CharField(max_length=300, verbose_name=_("holder name"))
    path_name = models.CharField(max_length=200, verbose_name=_("path name"))
    path_level = models.CharField(max_length=60, blank=True, verbose_name=_("path level"))
    awarded_on = models.DateField(verbose_name=_("awarded on"))
    pdf = models.FileField(
        storage=_private_storage, upload_to="diplomas/%Y/", blank=True, verbose_name=_("pdf")
    )
    generated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("generated at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diploma")
        verbose_name_plural = _("diplomas")
        ordering = ["-awarded_on"]

    def __str__(self) -> str:
        return f"{self.holder_name} — {self.path_name} ({self.awarded_on:%Y-%m-%d})"


class SittingMinutes(models.Model):
    """TRN-4: the minutes of a sitting — its candidates, panels and verdicts — signed by its chair once
    every candidate has a verdict or withdrew. Printed as a PDF/A when signed; final."""

    session = models.OneToOneField(
        JurySession, on_delete=models.PROTECT, related_name="minutes", verbose_name=_("session")
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("signed by")
    )
    signed_at = models.DateTimeField(verbose_name=_("signed at"))
    pdf = models.FileField(
        storage=_private_storage, upload_to="minutes/%Y/", blank=True, verbose_name=_("pdf")
    )
    generated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("generated at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sitting minutes")
        ordering = ["-signed_at"]
        verbose_name_plural = _("sitting minutes")

    def __str__(self) -> str:
        return gettext("Minutes of %(sitting)s") % {"sitting": self.session}


class PortfolioFile(HandedInFile):
    """A file of a candidate's portfolio (TRN-2), handed in by the student before the sitting and read by
    the jury."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="portfolio_files", verbose_name=_("candidacy")
    )
    file = models.FileField(storage=_private_storage, upload_to="portfolios/%Y/%m/", verbose_name=_("file"))

    history = HistoricalRecords()

    class Meta(HandedInFile.Meta):
        verbose_name = _("portfolio file")
        verbose_name_plural = _("portfolio files")
        ordering = ["candidacy", "-uploaded_at", "pk"]
