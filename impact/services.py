"""Writes for the Impact Committee (IMP-1..IMP-4)."""

from collections.abc import Sequence
from datetime import date, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openclassrooms.accounts.models import User
from openclassrooms.accounts.roles import Role
from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.queue import send_task_on_commit
from openclassrooms.core.services import email_enqueue, pending_do
from openclassrooms.core.workflows import history_note, transition

from . import documents, measures, rules, selectors
from .models import AnnualReport, BoardRequest, CommitteeMember, Criterion, Measurement, ReportSection


class ImpactError(PolicyError):
    pass


@transaction.atomic
def committee_member_save(*, member: CommitteeMember, by=None) -> CommitteeMember:
    """IMP-1: a member and the constituency they come from."""
    problem = rules.membership_dates_problem(
        joined_on=member.joined_on, left_on=member.left_on, today=timezone.localdate()
    )
    if problem:
        raise ImpactError(problem)
    history_note(member, by=by)
    member.save()
    return member


@transaction.atomic
def criterion_save(*, criterion: Criterion, by=None) -> Criterion:
    """IMP-2: a criterion the Committee decided, with its definition and way to measure it: computed by a
    measure of the catalogue, or entered by hand from a named source."""
    problem = rules.criterion_problem(
        definition=criterion.definition,
        method=criterion.measurement_method,
        measure=criterion.measure,
        known_measures=measures.CATALOGUE,
        source=criterion.source,
    )
    if problem:
        raise ImpactError(problem)
    if criterion.measure and not criterion.unit:
        criterion.unit = measures.CATALOGUE[criterion.measure].unit
    history_note(criterion, by=by)
    criterion.save()
    return criterion


@transaction.atomic
def measurement_save(*, measurement: Measurement, by=None, now: datetime | None = None) -> Measurement:
    """IMP-2, IMP-4: an aggregated figure entered by hand for one criterion over one period, from the
    criterion's named source; a computed criterion's figures come from the data only."""
    now = now or timezone.now()
    if measurement.criterion.measure:
        raise ImpactError(_("This criterion is computed from the school's data: compute its figure instead."))
    if measurement.value is None:
        raise ImpactError(_("Give the figure."))
    problem = rules.measurement_period_problem(
        period_start=measurement.period_start,
        period_end=measurement.period_end,
        today=timezone.localdate(now),
    )
    if problem:
        raise ImpactError(problem)
    if measurement.measured_at is None:
        measurement.measured_at = now
    history_note(measurement, by=by)
    measurement.save()
    return measurement


def _current_member(user) -> CommitteeMember:
    member = CommitteeMember.objects.filter(user=user, left_on__isnull=True).first()
    if member is None:
        raise ImpactError(_("Only a current member of the Impact Committee does this (IMP-1)."))
    return member


@transaction.atomic
def criterion_define(*, criterion: Criterion, by) -> Criterion:
    """IMP-2: the Committee itself decides its criteria, in its own pages: a current member defines or
    changes one (history kept)."""
    _current_member(by)
    return criterion_save(criterion=criterion, by=by)


@transaction.atomic
def figure_record(*, measurement: Measurement, by, now: datetime | None = None) -> Measurement:
    """IMP-2: a current Committee member enters a figure by hand, from the criterion's source."""
    _current_member(by)
    if Measurement.objects.filter(
        criterion=measurement.criterion,
        period_start=measurement.period_start,
        period_end=measurement.period_end,
    ).exists():
        raise ImpactError(_("This criterion already has a figure for this period."))
    return measurement_save(measurement=measurement, by=by, now=now)


@transaction.atomic
def measurement_compute(
    *, criterion_id: int, period_start: date, period_end: date, by, now: datetime | None = None
) -> Measurement:
    """IMP-2, IMP-4: a computed criterion's figure for a period that has passed, from the school's own data,
    with its breakdown; cells that could identify a student are suppressed before they are stored. Computing
    the same period again replaces the figure (history kept); a published report keeps its own snapshot."""
    now = now or timezone.now()
    _current_member(by)
    criterion = Criterion.objects.select_for_update().get(pk=criterion_id)
    if not criterion.measure:
        raise ImpactError(_("This criterion's figures are entered by hand, with their source."))
    problem = rules.measurement_period_problem(
        period_start=period_start, period_end=period_end, today=timezone.localdate(now)
    )
    if problem:
        raise ImpactError(problem)
    figure = measures.CATALOGUE[criterion.measure].compute(period_start, period_end)
    measurement = Measurement.objects.filter(
        criterion=criterion, period_start=period_start, period_end=period_end
    ).first() or Measurement(criterion=criterion, period_start=period_start, period_end=period_end)
    measurement.value = figure.total.value
    measurement.breakdown = figure.as_json()
    measurement.note = (
        "" if figure.total.value is not None else _("Fewer than 10 students: not published (IMP-4).")
    )
    measurement.measured_at = now
    history_note(
        measurement,
        by=by,
        at=now,
        reason=_("Computed by the measure %(measure)s (IMP-2).") % {"measure": criterion.measure},
    )
    measurement.save()
    return measurement


@transaction.atomic
def board_request_send(
    *, subject: str, body: str, due_on: date, by, now: datetime | None = None
) -> BoardRequest:
    """IMP-3: a Committee member asks the company Board, which must answer by the due date."""
    now = now or timezone.now()
    member = CommitteeMember.objects.filter(user=by, left_on__isnull=True).first()
    if member is None:
        raise ImpactError(
            _("Only a current member of the Impact Committee sends requests to the Board (IMP-3).")
        )
    if not subject.strip() or not body.strip():
        raise ImpactError(_("Give the request a subject and a body."))
    problem = rules.request_due_problem(due_on=due_on, today=timezone.localdate(now))
    if problem:
        raise ImpactError(problem)
    request = BoardRequest(
        subject=subject.strip(), body=body.strip(), sent_by=member, sent_at=now, due_on=due_on
    )
    history_note(request, by=by, at=now, reason=_("Sent to the Board (IMP-3)."))
    request.save()
    _tell(f"imp3-request:{request.pk}", _board_emails(), "request_sent", request)
    return request


def _board_emails() -> list[str]:
    return list(
        User.objects.filter(groups__name=Role.BOARD_MEMBER, is_active=True).values_list("email", flat=True)
    )


def _committee_emails() -> list[str]:
    return list(
        CommitteeMember.objects.filter(left_on__isnull=True, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def _tell(key: str, to: list[str], template: str, request: BoardRequest) -> None:
    if to:
        email_enqueue(
            key=key,
            to=to,
            template=f"impact/email/{template}",
            context={"request": request, "site_url": settings.SITE_URL},
        )


@transaction.atomic
def board_request_answer(*, request_id: int, by, answer: str, now: datetime | None = None) -> BoardRequest:
    """IMP-3: a member of the company Board answers; the answer is on record with who and when."""
    now = now or timezone.now()
    request = BoardRequest.objects.select_for_update().get(pk=request_id)
    if not by.has_perm("impact.view_company_board_dashboard"):
        raise ImpactError(_("Only a member of the company Board answers the Committee's requests (IMP-3)."))
    if request.status == BoardRequest.Status.ANSWERED:
        raise ImpactError(_("The Board already answered this request: the answer is on record."))
    if not answer.strip():
        raise ImpactError(_("Write the answer."))
    request.answer, request.answered_by, request.answered_at = answer.strip(), by, now
    transition(
        request,
        BoardRequest.Status.ANSWERED,
        by=by,
        at=now,
        reason=_("Answered by the Board (IMP-3)."),
        also=["answer", "answered_by", "answered_at"],
    )
    _tell(f"imp3-answer:{request.pk}", _committee_emails(), "request_answered", request)
    return request


@transaction.atomic
def board_requests_flag_overdue(*, today: date) -> int:
    """IMP-3: a request past its due date without an answer becomes overdue (each with its history); the
    Committee and the Board are told once."""
    overdue = BoardRequest.objects.select_for_update().filter(
        status=BoardRequest.Status.OPEN, due_on__lt=today
    )
    flagged = 0
    for request in overdue:
        if transition(
            request, BoardRequest.Status.OVERDUE, reason=_("Not answered by its due date (IMP-3).")
        ):
            _tell(
                f"imp3-overdue:{request.pk}",
                _committee_emails() + _board_emails(),
                "request_overdue",
                request,
            )
            flagged += 1
    return flagged


@transaction.atomic
def board_requests_remind(*, today: date, now: datetime | None = None) -> int:
    """IMP-3: three days before its due date, an unanswered request is reminded to the Board, once."""
    now = now or timezone.now()
    waiting = BoardRequest.objects.select_for_update().filter(
        status=BoardRequest.Status.OPEN, reminded_at__isnull=True, due_on__gte=today
    )
    reminded = 0
    for request in waiting:
        if not rules.request_reminder_due(due_on=request.due_on, today=today):
            continue
        request.reminded_at = now
        history_note(request, at=now, reason=_("Reminded to the Board (IMP-3)."))
        request.save(update_fields=["reminded_at"])
        _tell(f"imp3-reminder:{request.pk}", _board_emails(), "request_reminder", request)
        reminded += 1
    return reminded


@transaction.atomic
def annual_report_save(
    *, report: AnnualReport, by=None, sections: Sequence[tuple[str, str]] | None = None, criteria=None
) -> AnnualReport:
    """IMP-4: a draft annual report — its text, its sections (heading, body) in order and the criteria whose
    figures of the year it publishes. A published report never changes: a correction is a new version."""
    if report.pk and AnnualReport.objects.filter(pk=report.pk, status=AnnualReport.Status.PUBLISHED).exists():
        raise ImpactError(
            _("This report is published: it no longer changes (IMP-4). Correct it in a new version.")
        )
    first = CommitteeMember.objects.order_by("joined_on").values_list("joined_on", flat=True).first()
    problem = rules.report_year_problem(
        year=report.year, first_year=first.year if first else None, this_year=timezone.localdate().year
    )
    if problem:
        raise ImpactError(problem)
    if (
        report.corrects_id is None
        and AnnualReport.objects.filter(year=report.year).exclude(pk=report.pk).exists()
    ):
        raise ImpactError(
            _("%(year)s already has a report: change it, or correct the published one.")
            % {"year": report.year}
        )
    history_note(report, by=by)
    report.save()
    if sections is not None:
        report.sections.all().delete()
        for position, (heading, body) in enumerate(sections, start=1):
            if heading.strip() or body.strip():
                row = ReportSection(
                    report=report, position=position, heading=heading.strip(), body=body.strip()
                )
                history_note(row, by=by)
                row.save()
    if criteria is not None:
        report.criteria.set(criteria)
    return report


@transaction.atomic
def annual_report_publish(*, report_id: int, by, now: datetime | None = None) -> AnnualReport:
    """IMP-4: the report becomes public on the website — a page anyone reads and a PDF/A. Its figures, the
    year's requests to the Board with their answers and the Committee's members are frozen into a snapshot
    that later data never changes; the PDF is printed from it after commit."""
    now = now or timezone.now()
    _current_member(by)
    report = AnnualReport.objects.select_for_update().get(pk=report_id)
    if report.status != AnnualReport.Status.DRAFT:
        raise ImpactError(_("This report is already published: it no longer changes (IMP-4)."))
    if not report.summary.strip():
        raise ImpactError(_("Write the report's summary before publishing it."))
    report.published_at = now
    report.snapshot = selectors.report_snapshot(report=report, published_at=now)
    transition(
        report,
        AnnualReport.Status.PUBLISHED,
        by=by,
        at=now,
        reason=_("Published (IMP-4)."),
        also=["published_at", "snapshot"],
    )
    # tasks import this module (three-line tasks calling services): imported when first needed.
    from .tasks import print_report  # noqa: PLC0415

    send_task_on_commit(print_report, report.pk)
    return report


def annual_report_print(*, report_id: int) -> bool:
    """Print a published report's PDF/A from its snapshot, once; a second run does nothing."""
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report_id)
        if report.pdf or report.status != AnnualReport.Status.PUBLISHED:
            return False
        pdf = documents.render_report_pdf(snapshot=report.snapshot)
        report.pdf.save(f"impact-report-{report.year}-v{report.version}.pdf", ContentFile(pdf), save=False)
        history_note(report, reason=_("PDF printed (IMP-4)."))
        report.save(update_fields=["pdf"])
        return True


def annual_reports_print_pending(*, limit: int) -> int:
    """Issue 17: published reports whose PDF no task printed, for the documents sweep."""
    ids = (
        AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED, pdf="")
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return pending_do(lambda pk: annual_report_print(report_id=pk), ids, what="Annual report")


@transaction.atomic
def annual_report_correct(*, report_id: int, by, note: str, now: datetime | None = None) -> AnnualReport:
    """IMP-4: a published report is corrected by a new, dated version — a draft holding the same text,
    sections and criteria, saying what it corrects. The old version stays readable."""
    _current_member(by)
    report = AnnualReport.objects.select_for_update().get(pk=report_id)
    if report.status != AnnualReport.Status.PUBLISHED:
        raise ImpactError(_("Only a published report is corrected; change the draft itself."))
    latest = AnnualReport.objects.filter(year=report.year).order_by("-version").first()
    if latest.pk != report.pk:
        raise ImpactError(
            _("Version %(version)s is the latest of %(year)s: correct that one.")
            % {"version": latest.version, "year": report.year}
        )
    if not note.strip():
        raise ImpactError(_("Say what the new version corrects: readers see it."))
    draft = AnnualReport(
        year=report.year,
        version=report.version + 1,
        corrects=report,
        correction_note=note.strip(),
        title=report.title,
        summary=report.summary,
    )
    return annual_report_save(
        report=draft,
        by=by,
        sections=[(s.heading, s.body) for s in report.sections.all()],
        criteria=list(report.criteria.all()),
    )
