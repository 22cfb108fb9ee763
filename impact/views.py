from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.mixins import RoleRequiredMixin

from . import documents, selectors, services
from .forms import (
    AnswerForm,
    BoardRequestForm,
    ComputeForm,
    CorrectionForm,
    CriterionForm,
    FigureForm,
    ReportForm,
    SectionFormSet,
)
from .measures import CATALOGUE
from .models import AnnualReport, BoardRequest, Criterion, Measurement


class CommitteeDashboardView(RoleRequiredMixin, TemplateView):
    """Impact Committee: criteria with their latest figure, requests to the Board, reports."""

    permission_required = "impact.view_committee_dashboard"
    template_name = "impact/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            criteria=list(selectors.criteria_with_latest_measurement()),
            requests=list(selectors.board_requests()[:50]),
            reports=list(selectors.annual_reports()),
        )
        return ctx


class CompanyBoardDashboardView(RoleRequiredMixin, TemplateView):
    """The company Board: the Committee's requests it must answer (IMP-3)."""

    permission_required = "impact.view_company_board_dashboard"
    template_name = "impact/board_dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        waiting = [BoardRequest.Status.OPEN, BoardRequest.Status.OVERDUE]
        ctx.update(
            waiting=list(selectors.board_requests(status=waiting)),
            answered=list(selectors.board_requests(status=[BoardRequest.Status.ANSWERED])[:20]),
        )
        return ctx


# --- The Committee's criteria, in its own pages (IMP-2) ---------------------------------------------------


def _committee_only(request: HttpRequest) -> None:
    if not request.user.has_perm("impact.view_committee_dashboard"):
        raise PermissionDenied


def _criterion(pk: int) -> Criterion:
    criterion = Criterion.objects.filter(pk=pk).first()
    if criterion is None:
        raise Http404("No such criterion.")
    return criterion


@login_required
def criterion_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """IMP-2: the Committee defines a criterion, or changes one (history kept)."""
    _committee_only(request)
    criterion = _criterion(pk) if pk else Criterion(adopted_on=timezone.localdate())
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            criterion = services.criterion_define(criterion=form.save(commit=False), by=request.user)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Criterion saved (IMP-2)."))
            return redirect("impact:criterion", pk=criterion.pk)
    return render(
        request,
        "impact/criterion_form.html",
        {"form": form, "criterion": criterion, "catalogue": CATALOGUE.values()},
    )


@login_required
def criterion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """IMP-2: a criterion, its formula and its figures with their breakdowns (small cells suppressed)."""
    _committee_only(request)
    criterion = _criterion(pk)
    return render(
        request,
        "impact/criterion_detail.html",
        {
            "criterion": criterion,
            "measure": CATALOGUE.get(criterion.measure),
            "figures": selectors.figures_of(criterion=criterion),
            "compute_form": ComputeForm(),
            "figure_form": FigureForm(),
        },
    )


@login_required
@require_POST
def criterion_compute(request: HttpRequest, pk: int) -> HttpResponse:
    """IMP-2: compute a criterion's figure for a period from the school's data."""
    _committee_only(request)
    criterion = _criterion(pk)
    form = ComputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the period's first and last days."))
    else:
        try:
            services.measurement_compute(
                criterion_id=criterion.pk,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                by=request.user,
            )
        except PolicyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Figure computed; cells of fewer than 10 students are not shown (IMP-4).")
            )
    return redirect("impact:criterion", pk=criterion.pk)


@login_required
@require_POST
def criterion_record(request: HttpRequest, pk: int) -> HttpResponse:
    """IMP-2: enter a figure by hand, from the criterion's source."""
    _committee_only(request)
    criterion = _criterion(pk)
    form = FigureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the period and the figure."))
    else:
        try:
            services.figure_record(
                measurement=Measurement(criterion=criterion, **form.cleaned_data), by=request.user
            )
        except PolicyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Figure recorded (IMP-2)."))
    return redirect("impact:criterion", pk=criterion.pk)


# --- Requests to the Board (IMP-3) --------------------------------------------------------------------------


def _board_request(pk: int) -> BoardRequest:
    request = BoardRequest.objects.select_related("sent_by__user", "answered_by").filter(pk=pk).first()
    if request is None:
        raise Http404("No such request.")
    return request


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    """IMP-3: a Committee member sends a request to the company Board, who are e-mailed."""
    _committee_only(request)
    form = BoardRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.board_request_send(by=request.user, **form.cleaned_data)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Request sent: the Board's members are e-mailed (IMP-3)."))
            return redirect("impact:request", pk=sent.pk)
    return render(request, "impact/request_form.html", {"form": form})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """IMP-3: the Committee reads a request and the Board's answer; it cannot answer on the Board's
    behalf."""
    _committee_only(request)
    return render(request, "impact/request_detail.html", {"board_request": _board_request(pk)})


@login_required
def board_request(request: HttpRequest, pk: int) -> HttpResponse:
    """IMP-3: a member of the company Board reads a request and answers it in their own page."""
    if not request.user.has_perm("impact.view_company_board_dashboard"):
        raise PermissionDenied
    board_request = _board_request(pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.board_request_answer(
                request_id=board_request.pk, by=request.user, answer=form.cleaned_data["answer"]
            )
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Answer recorded; the Committee is told (IMP-3)."))
            return redirect("impact:board_request", pk=board_request.pk)
    return render(
        request, "impact/request_detail.html", {"board_request": board_request, "answer_form": form}
    )


# --- The public annual report (IMP-4): anyone reads it, without signing in ---------------------------------


@login_not_required
@require_GET
def reports_public(request: HttpRequest) -> HttpResponse:
    """IMP-4, IMP-1: the published reports, and who sits on the Committee today (named with consent)."""
    today = timezone.localdate()
    return render(
        request,
        "impact/reports_public.html",
        {
            "reports": selectors.published_reports(),
            "members": selectors.members_by_constituency(first=today, last=today),
        },
    )


@login_not_required
@require_GET
def report_public(request: HttpRequest, year: int, version: int | None = None) -> HttpResponse:
    """IMP-4: a published report as it was frozen; a corrected one stays readable and says so."""
    report = selectors.published_report(year=year, version=version)
    if report is None:
        raise Http404("No published report for this year.")
    versions = selectors.report_versions(year=year)
    newer = versions[0] if versions and versions[0].version > report.version else None
    return render(
        request,
        "impact/report_public.html",
        {"report": documents.for_reading(report.snapshot), "versions": versions, "newer": newer},
    )


@login_not_required
@require_GET
def report_pdf(request: HttpRequest, year: int, version: int) -> HttpResponse:
    report = selectors.published_report(year=year, version=version)
    if report is None or not report.pdf:
        raise Http404("No such report, or its PDF is still being printed.")
    return FileResponse(
        report.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"impact-report-{year}-v{version}.pdf",
    )


# --- Drafting and publishing the report (IMP-4), in the Committee's pages --------------------------------


@login_required
def report_draft(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """IMP-4: the Committee drafts the year's report (text, sections, criteria), publishes it, or corrects a
    published one in a new, dated version."""
    _committee_only(request)
    report = (
        AnnualReport.objects.filter(pk=pk).first() if pk else AnnualReport(year=timezone.localdate().year - 1)
    )
    if report is None:
        raise Http404("No such report.")
    if report.status == AnnualReport.Status.PUBLISHED:
        return render(
            request,
            "impact/report_draft.html",
            {"report": report, "correction_form": CorrectionForm()},
        )
    initial = [{"heading": s.heading, "body": s.body} for s in report.sections.all()] if report.pk else []
    form = ReportForm(request.POST or None, instance=report)
    sections = SectionFormSet(request.POST or None, initial=initial, prefix="sections")
    if request.method == "POST" and form.is_valid() and sections.is_valid():
        try:
            report = services.annual_report_save(
                report=form.save(commit=False),
                by=request.user,
                sections=[
                    (f.cleaned_data.get("heading", ""), f.cleaned_data.get("body", "")) for f in sections
                ],
                criteria=form.cleaned_data["criteria"],
            )
            if "publish" in request.POST:
                services.annual_report_publish(report_id=report.pk, by=request.user)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            if "publish" in request.POST:
                messages.success(request, _("Published: anyone can read it; its figures are frozen (IMP-4)."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("impact:report_draft", pk=report.pk)
    return render(request, "impact/report_draft.html", {"report": report, "form": form, "sections": sections})


@login_required
@require_POST
def report_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """IMP-4: a correction of a published report starts as a new draft version."""
    _committee_only(request)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the new version corrects: readers see it."))
        return redirect("impact:report_draft", pk=pk)
    try:
        draft = services.annual_report_correct(report_id=pk, by=request.user, note=form.cleaned_data["note"])
    except PolicyError as exc:
        messages.error(request, str(exc))
        return redirect("impact:report_draft", pk=pk)
    messages.success(
        request, _("Version %(version)s drafted: change it, then publish it.") % {"version": draft.version}
    )
    return redirect("impact:report_draft", pk=draft.pk)
