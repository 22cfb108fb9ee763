"""The Impact Committee: members, criteria, measurements, requests to the Board, annual reports (IMP-1..4)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openclassrooms.core.models import choices_constraint
from openclassrooms.core.storage import private_storage


def _private_storage():
    return private_storage


class CommitteeMemberConstituency(models.TextChoices):
    EMPLOYEE = "employee", _("School employee")
    STUDENT = "student", _("Student")
    ALUMNI = "alumni", _("Alumni")
    TEACHER = "teacher", _("Teacher")
    MENTOR = "mentor", _("Mentor")
    CORPORATE = "corporate", _("Independent — corporate")
    NGO = "ngo", _("Independent — NGO")
    ACADEMIC = "academic", _("Independent — academic")
    PUBLIC_EDUCATION = "public_education", _("Independent — public education")


class CommitteeMember(models.Model):
    """IMP-1: each member's constituency is recorded."""

    Constituency = CommitteeMemberConstituency

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_member",
        verbose_name=_("user"),
    )
    constituency = models.CharField(
        max_length=20, choices=Constituency.choices, verbose_name=_("constituency")
    )
    organisation = models.CharField(max_length=200, blank=True, verbose_name=_("organisation"))
    # IMP-1: the public page names a member only with their consent; the others are counted.
    public_consent = models.BooleanField(
        default=False,
        help_text=_("The member agrees to be named on the Committee's public page."),
        verbose_name=_("public consent"),
    )
    joined_on = models.DateField(verbose_name=_("joined on"))
    left_on = models.DateField(null=True, blank=True, verbose_name=_("left on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["user__last_name"]
        constraints = [
            choices_constraint(
                "constituency", CommitteeMemberConstituency, "committeemember_constituency_valid"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="committeemember_dates_ordered",
                violation_error_message=_("A member leaves the Committee after joining it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_constituency_display()})"


class Criterion(models.Model):
    """IMP-2: a criterion the Committee decided, with its definition and way to measure it."""

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    definition = models.TextField(max_length=5000, verbose_name=_("definition"))
    measurement_method = models.TextField(max_length=5000, verbose_name=_("measurement method"))
    unit = models.CharField(
        max_length=40, blank=True, help_text=_("e.g. %, students, €"), verbose_name=_("unit")
    )
    # Computed from the school's data by a measure of the catalogue (``impact.measures``), or, when empty,
    # entered by hand with its source.
    measure = models.CharField(max_length=40, blank=True, verbose_name=_("measure"))
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Where the figures entered by hand come from."),
        verbose_name=_("source"),
    )
    target = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("target")
    )
    adopted_on = models.DateField(verbose_name=_("adopted on"))
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        ordering = ["code"]
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """An aggregated, anonymised figure for one criterion over one period (IMP-4)."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("criterion")
    )
    period_start = models.DateField(verbose_name=_("period start"))
    period_end = models.DateField(verbose_name=_("period end"))
    # Empty when the figure describes fewer than 10 students (IMP-4): it is not published.
    value = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("value")
    )
    # The breakdown of a computed figure, already suppressed (``impact.measures.Figure.as_json``).
    breakdown = models.JSONField(default=dict, blank=True, verbose_name=_("breakdown"))
    note = models.TextField(max_length=2000, blank=True, verbose_name=_("note"))
    measured_at = models.DateTimeField(verbose_name=_("measured at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["criterion", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "period_start", "period_end"],
                name="measurement_once",
                violation_error_message=_("This criterion already has a figure for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="measurement_period_ordered",
                violation_error_message=_("The period ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value} ({self.period_start} – {self.period_end})"


class BoardRequestStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the Board's answer")
    ANSWERED = "answered", _("Answered")
    OVERDUE = "overdue", _("Overdue")


class BoardRequest(models.Model):
    """IMP-3: a request to the company Board, which must answer by the due date."""

    Status = BoardRequestStatus

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.OPEN: (Status.ANSWERED, Status.OVERDUE),
        Status.OVERDUE: (Status.ANSWERED,),
        Status.ANSWERED: (),
    }

    subject = models.CharField(max_length=200, verbose_name=_("subject"))
    body = models.TextField(max_length=10000, verbose_name=_("body"))
    sent_by = models.ForeignKey(
        CommitteeMember, on_delete=models.PROTECT, related_name="requests", verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(verbose_name=_("sent at"))
    due_on = models.DateField(verbose_name=_("due on"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )
    answer = models.TextField(max_length=10000, blank=True, verbose_name=_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("answered at"))
    reminded_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the Board was reminded that the answer is due (IMP-3)."),
        verbose_name=_("reminded at"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board request")
        verbose_name_plural = _("board requests")
        ordering = ["due_on"]
        constraints = [
            choices_constraint("status", BoardRequestStatus, "boardrequest_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="answered") | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="boardrequest_answered_has_answer",
                violation_error_message=_(
                    "An answered request needs the answer and when it was given (IMP-3)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class AnnualReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AnnualReport(models.Model):
    """IMP-4: published on a public page and as a PDF; aggregated, anonymised figures only."""

    Status = AnnualReportStatus

    TRANSITIONS: dict[str, tuple[str, ...]] = {Status.DRAFT: (Status.PUBLISHED,), Status.PUBLISHED: ()}

    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    # A published report never changes: a correction is a new, dated version; the old one stays readable.
    version = models.PositiveSmallIntegerField(default=1, verbose_name=_("version"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    correction_note = models.TextField(max_length=2000, blank=True, verbose_name=_("correction note"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    summary = models.TextField(max_length=20000, verbose_name=_("summary"))
    criteria = models.ManyToManyField(
        Criterion, blank=True, related_name="reports", verbose_name=_("criteria")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    # What the public reads, frozen when the report is published: later data never changes it.
    snapshot = models.JSONField(default=dict, blank=True, verbose_name=_("snapshot"))
    pdf = models.FileField(storage=_private_storage, upload_to="reports/", blank=True, verbose_name=_("pdf"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"],
                name="annualreport_one_version_number",
                violation_error_message=_("This year's report already has this version."),
            ),
            choices_constraint("status", AnnualReportStatus, "annualreport_status_valid"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="annualreport_published_dated",
                violation_error_message=_("A published report needs the day it was published (IMP-4)."),
            ),
        ]

    def __str__(self) -> str:
        if self.version > 1:
            return gettext("%(year)s: %(title)s (version %(version)s)") % {
                "year": self.year,
                "title": self.title,
                "version": self.version,
            }
        return f"{self.year}: {self.title}"


class ReportSection(models.Model):
    """A section of text of an annual report (IMP-4), in order."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="sections", verbose_name=_("report")
    )
    position = models.PositiveSmallIntegerField(default=1, verbose_name=_("position"))
    heading = models.CharField(max_length=200, verbose_name=_("heading"))
    body = models.TextField(max_length=20000, verbose_name=_("body"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return self.heading
