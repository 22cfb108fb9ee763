"""Enrolments and everything Student Success manages around them (SUS, CHG, ACC, REC-1, HS, funding), and the
corrections students ask of their profile (GDPR art. 16)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openclassrooms.core.models import choices_constraint
from openclassrooms.core.storage import private_storage


def _private_storage():
    return private_storage


class FundingBodyKind(models.TextChoices):
    JOB_CENTRE = "job_centre", _("Job centre (France Travail)")
    TRAINING_FUND = "training_fund", _("Training fund (OPCO, Transitions Pro/FONGECIF)")
    EMPLOYER = "employer", _("Employer (company training plan)")
    OTHER = "other", _("Other funding body")


class FundingBody(models.Model):
    """A body paying for training: decision copies go to its contact address (DIS-9)."""

    Kind = FundingBodyKind

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    contact_email = models.EmailField(blank=True, verbose_name=_("contact email"))
    postal_address = models.TextField(
        max_length=500,
        blank=True,
        help_text=_("Where copies of disciplinary decisions are sent."),
        verbose_name=_("postal address"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding body")
        ordering = ["name"]
        verbose_name_plural = _("funding bodies")
        constraints = [choices_constraint("kind", FundingBodyKind, "fundingbody_kind_valid")]

    def __str__(self) -> str:
        return self.name


class DocumentKind(models.TextChoices):
    DISABILITY_PROOF = "disability_proof", _("Disability proof (ACC-1)")
    FUNDER_APPROVAL = "funder_approval", _("Funding body's written approval (SUS-4, CHG-2)")
    EXCEPTIONAL_PROOF = "exceptional_proof", _("Proof of exceptional circumstances (ATT-3)")
    EXTENUATING_PROOF = "extenuating_proof", _("Official proof of extenuating circumstances (DIS-5)")
    EVIDENCE = "evidence", _("Evidence")
    OTHER = "other", _("Other")


class Document(models.Model):
    """An uploaded proof or approval, kept in private storage and served only after an access check."""

    Kind = DocumentKind

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("student"),
    )
    kind = models.CharField(max_length=24, choices=Kind.choices, verbose_name=_("kind"))
    file = models.FileField(storage=_private_storage, upload_to="documents/%Y/%m/", verbose_name=_("file"))
    original_name = models.CharField(max_length=255, verbose_name=_("original name"))
    content_type = models.CharField(max_length=64, verbose_name=_("content type"))
    size = models.PositiveIntegerField(verbose_name=_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]
        constraints = [
            choices_constraint("kind", DocumentKind, "document_kind_valid"),
            models.CheckConstraint(
                condition=Q(content_type__in=["application/pdf", "image/png", "image/jpeg"]),
                name="document_content_type_allowed",
                violation_error_message=_("Only PDF, PNG or JPEG files are accepted."),
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=10 * 1024 * 1024),
                name="document_size_range",
                violation_error_message=_("The file is empty or larger than 10 MB."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed (diploma awarded)")
    TERMINATED = "terminated", _("Stopped by the student")
    EXCLUDED = "excluded", _("Permanently excluded (DIS-7)")
    TRANSFERRED = "transferred", _("Moved to another path (CHG-1)")


class Enrolment(models.Model):
    """A student on a path with a mentor. Only ``students.services`` moves its status (``TRANSITIONS``)."""

    Status = EnrolmentStatus

    CURRENT_STATUSES = (Status.ACTIVE, Status.SUSPENDED)
    ENDED = (Status.TERMINATED, Status.EXCLUDED, Status.TRANSFERRED, Status.COMPLETED)

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.ACTIVE: (Status.SUSPENDED, *ENDED),
        Status.SUSPENDED: (Status.ACTIVE, *ENDED),
        Status.COMPLETED: (),
        Status.TERMINATED: (),
        Status.EXCLUDED: (),
        Status.TRANSFERRED: (),
    }

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("student"),
    )
    path = models.ForeignKey(
        "projects.Path", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("path")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor"),
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.ACTIVE, verbose_name=_("status")
    )
    start_date = models.DateField(verbose_name=_("start date"))
    planned_end_date = models.DateField(
        help_text=_("Moves later by the length of a validated suspension (SUS-4)."),
        verbose_name=_("planned end date"),
    )
    ended_on = models.DateField(null=True, blank=True, verbose_name=_("ended on"))
    # While suspended (SUS-4 or a DIS-7 penalty): the day the training resumes by itself (Celery beat).
    suspended_until = models.DateField(null=True, blank=True, verbose_name=_("suspended until"))
    # DIS-7: after a permanent exclusion, no enrolment on any path before this day.
    ban_until = models.DateField(null=True, blank=True, verbose_name=_("ban until"))
    # REC-1: consent to internal-quality recording of mentoring sessions, recorded at enrolment.
    recording_consent = models.BooleanField(default=False, verbose_name=_("recording consent"))
    recording_consent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("recording consent at"))
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next",
        help_text=_("The enrolment this one replaced after a path change (CHG-1)."),
        verbose_name=_("previous"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["student__last_name", "student__first_name"]
        constraints = [
            choices_constraint("status", EnrolmentStatus, "enrolment_status_valid"),
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(status__in=["active", "suspended"]),
                name="enrolment_one_current_per_student",
                violation_error_message=_("This student already has a current enrolment."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_date__gt=F("start_date")),
                name="enrolment_end_after_start",
                violation_error_message=_("The planned end of the training must come after its start."),
            ),
            models.CheckConstraint(
                condition=Q(recording_consent=False) | Q(recording_consent_at__isnull=False),
                name="enrolment_consent_dated",
                violation_error_message=_("Consent to recordings needs the day it was given (REC-1)."),
            ),
            models.CheckConstraint(
                condition=Q(ban_until__isnull=True) | Q(status="excluded"),
                name="enrolment_ban_only_when_excluded",
                violation_error_message=_("Only a permanent exclusion bars enrolment (DIS-7)."),
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status"])]

    def __str__(self) -> str:
        return f"{self.student} — {self.path}"

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT_STATUSES


class EnrolmentPause(models.Model):
    """A period without sessions: a suspension (SUS-4) or a Board suspension (DIS-7) until ``until``, or a
    stop (SUS-1) with no return (``until`` empty). Recorded once by ``students.services``; the weekly
    schedule plans no session in it."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("enrolment")
    )
    starts_on = models.DateField(verbose_name=_("starts on"))
    until = models.DateField(
        null=True,
        blank=True,
        help_text=_("The day the training resumes; empty: it stops."),
        verbose_name=_("until"),
    )
    rule = models.CharField(max_length=12, verbose_name=_("rule"))
    reason = models.CharField(max_length=255, verbose_name=_("reason"))
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"))

    class Meta:
        verbose_name = _("enrolment pause")
        verbose_name_plural = _("enrolment pauses")
        ordering = ["enrolment", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gt=F("starts_on")),
                name="pause_ends_after_it_starts",
                violation_error_message=_("A suspension ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        values = {"enrolment": self.enrolment, "start": f"{self.starts_on:%Y-%m-%d}", "rule": self.rule}
        if self.until:
            return gettext("%(enrolment)s: from %(start)s until %(until)s (%(rule)s)") % {
                **values,
                "until": f"{self.until:%Y-%m-%d}",
            }
        return gettext("%(enrolment)s: from %(start)s with no return (%(rule)s)") % values


class EnrolmentFundingKind(models.TextChoices):
    SELF = "self", _("Self-funded")
    JOB_CENTRE = "job_centre", _("Job centre")
    TRAINING_FUND = "training_fund", _("Training fund (OPCO, Transitions Pro/FONGECIF)")
    EMPLOYER = "employer", _("Employer company training plan")
    OTHER = "other", _("Other funding body")


class EnrolmentFundingQuerySet(models.QuerySet):
    def third_party(self):
        """SUS-4, CHG-2, DIS-9: the lines paid by a job centre, training fund, employer or other body —
        the one definition of "funded by a third party"."""
        return self.exclude(kind=EnrolmentFundingKind.SELF)


class EnrolmentFunding(models.Model):
    """Who pays for an enrolment. Self-funded has no body; every other kind names one."""

    Kind = EnrolmentFundingKind

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("enrolment")
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    body = models.ForeignKey(
        FundingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fundings",
        verbose_name=_("funding body"),
    )
    share_percent = models.PositiveSmallIntegerField(default=100, verbose_name=_("share percent"))
    reference = models.CharField(
        max_length=100, blank=True, help_text=_("The funder's file number."), verbose_name=_("reference")
    )

    objects = EnrolmentFundingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment funding")
        verbose_name_plural = _("enrolment fundings")
        ordering = ["enrolment", "-share_percent"]
        constraints = [
            choices_constraint("kind", EnrolmentFundingKind, "enrolmentfunding_kind_valid"),
            models.CheckConstraint(
                condition=(Q(kind="self") & Q(body__isnull=True)) | (~Q(kind="self") & Q(body__isnull=False)),
                name="enrolmentfunding_body_unless_self",
                violation_error_message=(
                    _("A self-funded line names no body; any other names the body that pays.")
                ),
            ),
            models.CheckConstraint(
                condition=Q(share_percent__gte=1, share_percent__lte=100),
                name="enrolmentfunding_share_range",
                violation_error_message=_("The share is between 1 and 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return self.body.name if self.body_id else self.get_kind_display()


class AccommodationStatus(models.TextChoices):
    PENDING = "pending", _("Proof under review")
    ACCEPTED = "accepted", pgettext_lazy("accommodation", "Accepted")
    REFUSED = "refused", pgettext_lazy("accommodation", "Refused")


class Accommodation(models.Model):
    """ACC-1: audio-only sessions and presentations for a student with a proven disability."""

    Status = AccommodationStatus

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.PENDING: (Status.ACCEPTED, Status.REFUSED),
        Status.ACCEPTED: (),
        Status.REFUSED: (),
    }

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="accommodations", verbose_name=_("enrolment")
    )
    audio_only = models.BooleanField(default=True, verbose_name=_("audio only"))
    proof = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("proof")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    notes = models.TextField(max_length=2000, blank=True, verbose_name=_("notes"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            choices_constraint("status", AccommodationStatus, "accommodation_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(proof__isnull=False),
                name="accommodation_accepted_has_proof",
                violation_error_message=(
                    _("Attach this student's disability proof before granting audio-only sessions (ACC-1).")
                ),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Audio-only accommodation for %(student)s") % {"student": self.enrolment.student}


class PlacementHostKind(models.TextChoices):
    INSTITUTION = "institution", _("Institution")
    COMPANY = "company", _("Company")


class Placement(models.Model):
    """HS-1: part of the training at a physical institution or company, and the student's acknowledgement."""

    HostKind = PlacementHostKind

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="placements", verbose_name=_("enrolment")
    )
    host_kind = models.CharField(max_length=12, choices=HostKind.choices, verbose_name=_("host kind"))
    host_name = models.CharField(max_length=200, verbose_name=_("host name"))
    host_address = models.TextField(max_length=500, verbose_name=_("host address"))
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"))
    safety_rules_acknowledged_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("safety rules acknowledged at")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on"]
        constraints = [
            choices_constraint("host_kind", PlacementHostKind, "placement_host_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="placement_dates_ordered",
                violation_error_message=_("The placement ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.host_name} ({self.starts_on} – {self.ends_on})"


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn by the student")


class StudentRequest(models.Model):
    """What every student request shares: who asked, when, and who decided."""

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        RequestStatus.SUBMITTED: (RequestStatus.APPROVED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN),
        # An approved change of path is withdrawn when the training ended before its day (CHG-1).
        RequestStatus.APPROVED: (RequestStatus.WITHDRAWN,),
        RequestStatus.REFUSED: (),
        RequestStatus.WITHDRAWN: (),
    }

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("enrolment")
    )
    reason = models.TextField(max_length=2000, verbose_name=_("reason"))
    status = models.CharField(
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.SUBMITTED,
        verbose_name=_("status"),
    )
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"))
    # SUS-1: who was told, and when.
    mentor_notified_at = models.DateTimeField(null=True, blank=True, verbose_name=_("mentor notified at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    decision_reason = models.TextField(max_length=2000, blank=True, verbose_name=_("decision reason"))

    class Meta:
        abstract = True
        ordering = ["-submitted_at"]


class SuspensionRequest(StudentRequest):
    """SUS-1..SUS-4: a period away from the training."""

    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"))
    student_success_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("SUS-2: over 15 days."),
        verbose_name=_("student success notified at"),
    )
    applied_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the enrolment was suspended."), verbose_name=_("applied at")
    )
    funder_approval = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funder approval"),
    )

    history = HistoricalRecords()

    class Meta(StudentRequest.Meta):
        verbose_name = _("suspension request")
        verbose_name_plural = _("suspension requests")
        constraints = [
            choices_constraint("status", RequestStatus, "suspensionrequest_status_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="suspensionrequest_dates_ordered",
                violation_error_message=_("The suspension ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Suspension %(start)s – %(end)s for %(student)s") % {
            "start": self.starts_on,
            "end": self.ends_on,
            "student": self.enrolment.student,
        }


class TerminationRequest(StudentRequest):
    """SUS-1: the student stops the training early."""

    effective_on = models.DateField(verbose_name=_("effective on"))
    applied_at = models.DateTimeField(null=True, blank=True, verbose_name=_("applied at"))

    history = HistoricalRecords()

    class Meta(StudentRequest.Meta):
        verbose_name = _("termination request")
        verbose_name_plural = _("termination requests")
        constraints = [choices_constraint("status", RequestStatus, "terminationrequest_status_valid")]

    def __str__(self) -> str:
        return gettext("Stop on %(day)s for %(student)s") % {
            "day": self.effective_on,
            "student": self.enrolment.student,
        }


class PathChangeRequest(StudentRequest):
    """CHG-1, CHG-2: move to another path after consulting the mentor."""

    to_path = models.ForeignKey(
        "projects.Path", on_delete=models.PROTECT, related_name="+", verbose_name=_("to path")
    )
    mentor_consulted_at = models.DateTimeField(verbose_name=_("mentor consulted at"))
    earliest_effective_on = models.DateField(
        help_text=_("The seventh business day after submission (CHG-1)."),
        verbose_name=_("earliest effective on"),
    )
    effective_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("When the accepted change takes effect."),
        verbose_name=_("effective on"),
    )
    applied_at = models.DateTimeField(null=True, blank=True, verbose_name=_("applied at"))
    funder_approval = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funder approval"),
    )

    history = HistoricalRecords()

    class Meta(StudentRequest.Meta):
        verbose_name = _("path change request")
        verbose_name_plural = _("path change requests")
        constraints = [
            choices_constraint("status", RequestStatus, "pathchangerequest_status_valid"),
            models.CheckConstraint(
                condition=Q(mentor_consulted_at__lte=F("submitted_at")),
                name="pathchangerequest_consulted_first",
                violation_error_message=_("The mentor is consulted before the request is sent (CHG-1)."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Change to %(path)s for %(student)s") % {
            "path": self.to_path,
            "student": self.enrolment.student,
        }


class ProfileField(models.TextChoices):
    """The details of a student's profile they may ask to correct (``rules.PROFILE_FIELDS``)."""

    FIRST_NAME = "first_name", _("First name")
    LAST_NAME = "last_name", _("Last name")
    PHONE = "phone", _("Phone number")
    POSTAL_ADDRESS = "postal_address", _("Postal address")
    TIME_ZONE = "time_zone", _("Time zone")


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for Student Success")
    ACCEPTED = "accepted", _("Accepted: corrected")
    REFUSED = "refused", _("Refused")


class ProfileCorrection(models.Model):
    """GDPR art. 16: a student asks for a detail of their profile to be corrected; Student Success accepts
    (the profile changes, its history names this request) or refuses, with a reason the student reads."""

    Field = ProfileField
    Status = CorrectionStatus

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.PENDING: (Status.ACCEPTED, Status.REFUSED),
        Status.ACCEPTED: (),
        Status.REFUSED: (),
    }

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="profile_corrections",
        verbose_name=_("student"),
    )
    field = models.CharField(_("detail"), max_length=16, choices=Field.choices)
    value_before = models.TextField(_("value when asked"), max_length=500, blank=True)
    value_asked = models.TextField(_("value asked for"), max_length=500, blank=True)
    explanation = models.TextField(_("the student's explanation"), max_length=2000)
    requested_at = models.DateTimeField(verbose_name=_("requested at"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("profile correction")
        verbose_name_plural = _("profile corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(field__in=ProfileField.values),
                name="profilecorrection_field_valid",
                violation_error_message=_("Choose which detail of the profile to correct."),
            ),
            choices_constraint("status", CorrectionStatus, "profilecorrection_status_valid"),
            models.UniqueConstraint(
                fields=["student", "field"],
                condition=Q(status="pending"),
                name="profilecorrection_one_pending_per_field",
                violation_error_message=_(
                    "You already asked for a correction of this detail: Student Success answers it before "
                    "you ask again."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(value_asked=F("value_before")),
                name="profilecorrection_value_changes",
                violation_error_message=(
                    _("Your profile already says this: write the value it should say instead.")
                ),
            ),
            models.CheckConstraint(
                condition=~Q(explanation=""),
                name="profilecorrection_explained",
                violation_error_message=_("Say in a few words what is wrong with the current value."),
            ),
            models.CheckConstraint(
                condition=(Q(status="pending") & Q(decided_at__isnull=True) & Q(reason=""))
                | (~Q(status="pending") & Q(decided_at__isnull=False) & ~Q(reason="")),
                name="profilecorrection_decided_with_reason",
                violation_error_message=(
                    _("A correction is accepted or refused with a reason, and the day it was.")
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return gettext("%(detail)s of %(student)s") % {
            "detail": self.get_field_display(),
            "student": self.student,
        }
