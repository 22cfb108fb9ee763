"""Reads on enrolments and Student Success's work."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import rules
from .models import (
    Accommodation,
    Document,
    Enrolment,
    EnrolmentFunding,
    EnrolmentPause,
    PathChangeRequest,
    Placement,
    ProfileCorrection,
    RequestStatus,
    SuspensionRequest,
    TerminationRequest,
)


def enrolment_is_funded(*, enrolment_id: int) -> bool:
    """SUS-4, CHG-2: a job centre, training fund, employer or other body pays part or all of the training."""
    return EnrolmentFunding.objects.filter(enrolment_id=enrolment_id).third_party().exists()


def third_party_fundings(*, enrolment_id: int) -> list[EnrolmentFunding]:
    """DIS-9: the funding lines paid by a body, with the body (a copy of a decision goes to each)."""
    return list(
        EnrolmentFunding.objects.filter(enrolment_id=enrolment_id).third_party().select_related("body")
    )


def is_active_student_on_path(*, student_id: int, path_id: int) -> bool:
    """DIS-1: a student representative follows the same path."""
    return Enrolment.objects.filter(
        student_id=student_id, path_id=path_id, status=Enrolment.Status.ACTIVE
    ).exists()


def enrolment_audio_only(*, enrolment_id: int) -> bool:
    """ACC-1: an accepted accommodation holds this student's sessions and presentations by audio only."""
    return Accommodation.objects.filter(
        enrolment_id=enrolment_id, status=Accommodation.Status.ACCEPTED, audio_only=True
    ).exists()


def enrolments_for_schedule(*, enrolment_ids: Iterable[int], for_update: bool = False) -> list[Enrolment]:
    """What the weekly schedule plans from, for any number of enrolments in two queries: the dates, the
    mentor, the student's time zone, ``audio_only`` (ACC-1) and the periods without sessions
    (``pauses``: SUS-1, SUS-4, DIS-7). ``for_update`` locks the enrolment rows until the caller's
    transaction ends, so two plans of one student never run together."""
    accepted_audio = Accommodation.objects.filter(
        enrolment=OuterRef("pk"), status=Accommodation.Status.ACCEPTED, audio_only=True
    )
    qs = Enrolment.objects.filter(pk__in=list(enrolment_ids))
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return list(
        qs.select_related("student")
        .prefetch_related("pauses")
        .annotate(audio_only=Exists(accepted_audio))
        .order_by("pk")
    )


def enrolment_bans(*, student_id: int) -> list[date]:
    """DIS-7: the days until which this person's permanent exclusions bar a new enrolment."""
    return list(
        Enrolment.objects.filter(student_id=student_id, ban_until__isnull=False).values_list(
            "ban_until", flat=True
        )
    )


def enrolment_for_update(*, enrolment_id: int) -> Enrolment:
    """The enrolment row, locked until the end of the caller's transaction: the apps above serialise their
    work on one student (e.g. ATT-6 referrals) on it."""
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("student", "mentor", "path")
        .get(pk=enrolment_id)
    )


def enrolment_current_for_student(*, student) -> Enrolment | None:
    return (
        Enrolment.objects.filter(student=student, status__in=Enrolment.CURRENT_STATUSES)
        .select_related("path", "mentor")
        .prefetch_related("fundings__body", "accommodations", "placements")
        .first()
    )


def enrolment_for_student_page(*, student) -> Enrolment | None:
    """The current enrolment as the student's page shows it: its path's name, its mentor's name, its dates
    and status (``path_id`` and ``mentor_id`` for TRN-1), with its fundings and their bodies, its
    accommodations and its placements — each read only when the enrolment has some (most have none of the
    last two): one query, and one more for each that it has."""
    enrolment = (
        Enrolment.objects.filter(student=student, status__in=Enrolment.CURRENT_STATUSES)
        .select_related("path", "mentor")
        .only(
            "student",
            "status",
            "start_date",
            "planned_end_date",
            "suspended_until",
            "path__name",
            "mentor__first_name",
            "mentor__last_name",
            "mentor__email",
        )
        .annotate(
            has_fundings=Exists(EnrolmentFunding.objects.filter(enrolment=OuterRef("pk"))),
            has_accommodations=Exists(Accommodation.objects.filter(enrolment=OuterRef("pk"))),
            has_placements=Exists(Placement.objects.filter(enrolment=OuterRef("pk"))),
        )
        .first()
    )
    if enrolment is not None:
        prefetch_related_objects(
            [enrolment],
            Prefetch("fundings", queryset=_rows_if(enrolment.has_fundings, EnrolmentFunding, "body")),
            Prefetch("accommodations", queryset=_rows_if(enrolment.has_accommodations, Accommodation)),
            Prefetch("placements", queryset=_rows_if(enrolment.has_placements, Placement)),
        )
    return enrolment


def _rows_if(there: bool, model, *related: str) -> QuerySet:
    """The rows to prefetch, or none without a query when the enrolment has none."""
    return model.objects.select_related(*related) if there else model.objects.none()


def enrolments_for_student(*, student) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(student=student).select_related("path", "mentor").order_by("-start_date")


def mentees_for_mentor(*, mentor) -> QuerySet[Enrolment]:
    """The mentor's current students for *My week*: with only what its table shows (their name, path and
    status; ``path_id`` and ``mentor_id`` for TRN-1) and ``audio_only`` (an accepted accommodation, ACC-1)."""
    return (
        Enrolment.objects.filter(mentor=mentor, status__in=Enrolment.CURRENT_STATUSES)
        .select_related("student", "path")
        .only("status", "mentor", "student__first_name", "student__last_name", "student__email", "path__name")
        .annotate(
            audio_only=Exists(
                Accommodation.objects.filter(enrolment=OuterRef("pk"), status=Accommodation.Status.ACCEPTED)
            )
        )
        .order_by("student__last_name", "student__first_name")
    )


def enrolment_status_counts() -> dict[str, int]:
    rows = Enrolment.objects.values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def waiting_counts() -> dict[str, int]:
    """How many requests wait for a decision, and accommodations for a review (counted here, in one
    place; templates only show the numbers). A stop waits for nobody: it takes effect when given."""
    return {
        "requests": SuspensionRequest.objects.filter(status=RequestStatus.SUBMITTED).count()
        + PathChangeRequest.objects.filter(status=RequestStatus.SUBMITTED).count(),
        "accommodations": Accommodation.objects.filter(status=Accommodation.Status.PENDING).count(),
        "corrections": ProfileCorrection.objects.filter(status=ProfileCorrection.Status.PENDING).count(),
    }


def requests_waiting(*, limit: int = 20) -> dict[str, list]:
    """Student requests still waiting for a decision, oldest first."""
    waiting = Q(status=RequestStatus.SUBMITTED)
    related = ("enrolment__student", "enrolment__path", "enrolment__mentor")
    return {
        "suspensions": list(
            SuspensionRequest.objects.filter(waiting)
            .select_related(*related)
            .order_by("submitted_at")[:limit]
        ),
        "path_changes": list(
            PathChangeRequest.objects.filter(waiting)
            .select_related(*related, "to_path")
            .order_by("submitted_at")[:limit]
        ),
        "accommodations": list(
            Accommodation.objects.filter(status=Accommodation.Status.PENDING)
            .select_related(*related)
            .order_by("pk")[:limit]
        ),
        "corrections": list(
            ProfileCorrection.objects.filter(status=ProfileCorrection.Status.PENDING)
            .select_related("student")
            .order_by("requested_at")[:limit]
        ),
    }


def _funded_annotation():
    return Exists(EnrolmentFunding.objects.filter(enrolment=OuterRef("enrolment")).third_party())


def queue_for_student_success(*, today) -> list[dict]:
    """What needs Student Success today: waiting requests, their deadline and what is missing."""
    items = []
    related = ("enrolment__student", "enrolment__mentor", "enrolment__path")
    for r in (
        SuspensionRequest.objects.filter(status=RequestStatus.SUBMITTED)
        .select_related(*related)
        .annotate(funded=_funded_annotation())
        .order_by("starts_on")
    ):
        missing = []
        if r.funded and not r.funder_approval_id:
            missing.append(_("the funding body's written approval (SUS-4)"))
        days = rules.suspension_days(r.starts_on, r.ends_on)
        dates = {
            "start": date_format(r.starts_on, "SHORT_DAY_FORMAT"),
            "end": date_format(r.ends_on, "SHORT_DATE_FORMAT"),
            "days": days,
        }
        items.append(
            {
                "kind": _("Suspension"),
                "request": r,
                "deadline": r.starts_on,
                "deadline_label": _("decide before it starts"),
                "missing": missing,
                "detail": (
                    _("%(start)s – %(end)s, %(days)s days (over 15 days, SUS-2)") % dates
                    if days > rules.LONG_SUSPENSION_DAYS
                    else ngettext(
                        "%(start)s – %(end)s, %(days)s day", "%(start)s – %(end)s, %(days)s days", days
                    )
                    % dates
                ),
                "url_name": "admin:students_suspensionrequest_decide",
            }
        )
    for r in (
        PathChangeRequest.objects.filter(status=RequestStatus.SUBMITTED)
        .select_related(*related, "to_path")
        .annotate(funded=_funded_annotation())
        .order_by("earliest_effective_on")
    ):
        missing = []
        if r.funded and not r.funder_approval_id:
            missing.append(_("the funding body's written approval (CHG-2)"))
        if today < r.earliest_effective_on:
            missing.append(
                _("the 7 business days: effective from %(day)s (CHG-1)")
                % {"day": date_format(r.earliest_effective_on, "SHORT_DAY_FORMAT")}
            )
        items.append(
            {
                "kind": _("Change of path"),
                "request": r,
                "deadline": r.earliest_effective_on,
                "deadline_label": _("can take effect from"),
                "missing": missing,
                "detail": f"{r.enrolment.path} → {r.to_path}",
                "url_name": "admin:students_pathchangerequest_decide",
            }
        )
    for a in Accommodation.objects.filter(status=Accommodation.Status.PENDING).select_related(*related):
        items.append(
            {
                "kind": _("Accommodation"),
                "request": a,
                "deadline": None,
                "deadline_label": "",
                "missing": [] if a.proof_id else [_("the disability proof (ACC-1)")],
                "detail": _("audio-only sessions and presentations"),
                "url_name": "admin:students_accommodation_change",
            }
        )
    for p in (
        Placement.objects.filter(ends_on__gte=today, enrolment__status__in=Enrolment.CURRENT_STATUSES)
        .select_related(*related)
        .order_by("starts_on")
    ):
        problem = rules.placement_may_start(
            safety_rules_acknowledged=p.safety_rules_acknowledged_at is not None
        )
        if problem is None:
            continue
        items.append(
            {
                "kind": _("Placement"),
                "request": p,
                "deadline": p.starts_on,
                "deadline_label": _("starts on"),
                "missing": [problem],
                "detail": f"{p.host_name}, {date_format(p.starts_on, 'SHORT_DAY_FORMAT')} – "
                f"{date_format(p.ends_on, 'SHORT_DATE_FORMAT')}",
                "url_name": "admin:students_placement_change",
            }
        )
    for c in (
        ProfileCorrection.objects.filter(status=ProfileCorrection.Status.PENDING)
        .select_related("student")
        .order_by("requested_at")
    ):
        items.append(
            {
                "kind": _("Profile correction"),
                "request": c,
                "student": c.student,
                "deadline": rules.correction_answer_by(timezone.localdate(c.requested_at)),
                "deadline_label": _("answer by"),
                "missing": [],
                "detail": _("%(detail)s (GDPR art. 16)") % {"detail": c.get_field_display()},
                "url_name": "admin:students_profilecorrection_decide",
            }
        )
    return sorted(items, key=lambda i: (i["deadline"] is None, i["deadline"] or today))


def requests_for_student(*, student) -> list:
    related = ("enrolment__path",)
    rows = [
        *SuspensionRequest.objects.filter(enrolment__student=student).select_related(*related),
        *PathChangeRequest.objects.filter(enrolment__student=student).select_related(*related, "to_path"),
        *TerminationRequest.objects.filter(enrolment__student=student).select_related(*related),
    ]
    return sorted(rows, key=lambda r: r.submitted_at, reverse=True)


def profile_corrections_for_student(*, student) -> list[ProfileCorrection]:
    """GDPR art. 16: the student's correction requests, the latest first."""
    return list(ProfileCorrection.objects.filter(student=student).order_by("-requested_at"))


def profile_corrections_pending_fields(*, student_id: int) -> set[str]:
    """GDPR art. 16: the details of which the student's correction waits for an answer."""
    return set(
        ProfileCorrection.objects.filter(
            student_id=student_id, status=ProfileCorrection.Status.PENDING
        ).values_list("field", flat=True)
    )


def suspensions_for_mentor(*, mentor) -> list[SuspensionRequest]:
    """Suspensions the mentor's students asked for and nobody decided yet, oldest first; ``mentor_may``
    says whether the mentor alone may decide it (SUS-3: one week at most, asked before it starts). With
    only what *My week* shows of them (the student's name, the dates and the reason)."""
    requests = list(
        SuspensionRequest.objects.filter(
            status=RequestStatus.SUBMITTED,
            enrolment__mentor=mentor,
            enrolment__status__in=Enrolment.CURRENT_STATUSES,
        )
        .select_related("enrolment__student")
        .only(
            "starts_on",
            "ends_on",
            "submitted_at",
            "reason",
            "enrolment__student__first_name",
            "enrolment__student__last_name",
            "enrolment__student__email",
        )
        .order_by("starts_on")
    )
    for request in requests:
        request.days = rules.suspension_days(request.starts_on, request.ends_on)
        request.mentor_may = rules.mentor_may_authorise(
            starts_on=request.starts_on,
            ends_on=request.ends_on,
            requested_on=timezone.localdate(request.submitted_at),
        )
    return requests


def pauses_between(*, enrolment_id: int, start: date, end: date) -> list[EnrolmentPause]:
    """The enrolment's periods without sessions that overlap ``start``–``end`` (both included)."""
    return list(
        EnrolmentPause.objects.filter(enrolment_id=enrolment_id, starts_on__lte=end).filter(
            Q(until__isnull=True) | Q(until__gt=start)
        )
    )


def suspension_of_mentee(*, mentor, pk: int) -> SuspensionRequest | None:
    return (
        SuspensionRequest.objects.select_related("enrolment__student")
        .filter(pk=pk, enrolment__mentor=mentor)
        .first()
    )


def mentor_ids_of_student(*, student_id: int) -> set[int]:
    """Everyone who is or was the student's mentor, on any enrolment (its history keeps mentor changes)."""
    ids = Enrolment.objects.filter(student_id=student_id, mentor_id__isnull=False).values("mentor_id")
    before = Enrolment.history.filter(student_id=student_id, mentor_id__isnull=False).values("mentor_id")
    return set(ids.order_by().union(before.order_by()).values_list("mentor_id", flat=True))


# --- The student's copy of their data (core.exports) -----------------------------------------------------


def enrolments_of_student(*, student) -> list[Enrolment]:
    """Every enrolment of the student, past and current, with its pauses, funding, accommodations and
    placements: five queries, however many rows."""
    return list(
        Enrolment.objects.filter(student=student)
        .select_related("path", "mentor")
        .prefetch_related(
            "pauses",
            Prefetch("fundings", queryset=EnrolmentFunding.objects.select_related("body")),
            "accommodations",
            "placements",
        )
        .order_by("start_date", "pk")
    )


def documents_of_student(*, student) -> list[Document]:
    """Every proof, approval or piece of evidence kept about the student, oldest first."""
    return list(Document.objects.filter(student=student).order_by("uploaded_at", "pk"))


def students_trained_before(*, day: date) -> QuerySet:
    """Retention (``settings.RETENTION_SCHEDULE``): the ids of the students whose training is over and
    ended before ``day`` — every enrolment of theirs has ended, the last one on a day before ``day``. A
    change of path continues the training (the new enrolment is current); a student enrolled again is
    training again. A subquery: filter with ``student_id__in=``."""
    return (
        Enrolment.objects.values("student_id")
        .annotate(
            last=Max("ended_on"),
            running=Count("pk", filter=Q(ended_on__isnull=True) | Q(status__in=Enrolment.CURRENT_STATUSES)),
        )
        .filter(running=0, last__lt=day)
        .values("student_id")
    )
