from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.forms import HandInForm
from openclassrooms.core.mixins import RoleRequiredMixin
from openclassrooms.core.models import AccessLog
from openclassrooms.core.services import access_record

from . import permissions, rules, selectors, services
from .forms import ConflictForm, RemedialReviewForm, VerdictForm, VerifyForm


class JuryDashboardView(RoleRequiredMixin, TemplateView):
    """A jury member's sessions and the candidates to review."""

    permission_required = "juries.view_jury_dashboard"
    template_name = "juries/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            jury_sessions=list(selectors.jury_sessions_for_member(user=user)[:20]),
            candidacies=selectors.candidacies_for_member(user=user),
        )
        return ctx


@login_required
def candidate_record(request: HttpRequest, pk: int) -> HttpResponse:
    """TRN-2, read-only: the candidate's profile, monitoring reports, projects and penalties (DIS-10); a
    member of the candidate's panel records the verdict there (TRN-4)."""
    if not request.user.has_perm("juries.view_jury_dashboard"):
        raise PermissionDenied
    candidacy = permissions.access_candidacy(request.user, pk)
    if request.method == "GET":
        services.candidate_record_opened(candidacy_id=candidacy.pk, by=request.user)
        access_record(
            viewer=request.user, student_id=candidacy.enrolment.student_id,
            what=AccessLog.What.CANDIDATE_RECORD, object_id=candidacy.pk, page=request.path,
        )  # fmt: skip
    verdict = selectors.verdict_for(candidacy=candidacy)
    form = VerdictForm(
        request.POST or None, skills=selectors.skills_for_verdict(path_id=candidacy.enrolment.path_id)
    )
    if request.method == "POST" and verdict is None and form.is_valid():
        data = form.cleaned_data
        try:
            services.verdict_record(
                candidacy_id=candidacy.pk,
                by=request.user,
                decision=data["decision"],
                reasons=data["reasons"],
                skill_ids=[skill.pk for skill in data["skills"]],
                remedial=[services.Remedial(data["remedial_title"], data["remedial_brief"])],
            )
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The verdict is recorded; it is final (TRN-4). The student is told."))
            return redirect("juries:candidate_record", pk=candidacy.pk)
    return render(
        request,
        "juries/candidate_record.html",
        {
            "candidacy": candidacy,
            "enrolment": candidacy.enrolment,
            "verdict": verdict,
            "verdict_form": form,
            "conflict_form": ConflictForm(),
            "review_form": RemedialReviewForm(),
            "openings": selectors.record_openings(candidacy=candidacy),
            "portfolio_files": selectors.portfolio_files(candidacy=candidacy),
            **selectors.candidate_record(candidacy=candidacy),
        },
    )


@login_required
@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    """TRN-3: a jury member declares a conflict of interest about a candidate."""
    if not request.user.has_perm("juries.view_jury_dashboard"):
        raise PermissionDenied
    candidacy = permissions.access_candidacy(request.user, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what ties you to the candidate."))
    else:
        try:
            services.conflict_declare(
                candidacy_id=candidacy.pk, by=request.user, reason=form.cleaned_data["reason"]
            )
        except PolicyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Conflict of interest declared: you will not sit on this candidate's panel.")
            )
    return redirect("juries:candidate_record", pk=candidacy.pk)


@login_required
def remedial_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """TRN-4: the student reads a remedial project the jury set and hands it in (IP-1's statement)."""
    if not request.user.has_perm("students.view_student_dashboard"):
        raise PermissionDenied
    remedial = permissions.access_remedial_for_student(request.user, pk)
    form = HandInForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remedial_submit(
                remedial_id=remedial.pk,
                student=request.user,
                link=form.cleaned_data["link"],
                files=form.cleaned_data["files"],
                declared_own_work=form.cleaned_data["declared_own_work"],
            )
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Handed in: the jury's members review it (TRN-4)."))
            return redirect("juries:remedial_detail", pk=remedial.pk)
    return render(
        request,
        "juries/remedial_detail.html",
        {"remedial": remedial, "form": form, "files": selectors.remedial_files(remedial=remedial)},
    )


@login_required
def portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    """TRN-2: the candidate hands their portfolio in before the sitting (IP-1's statement)."""
    if not request.user.has_perm("students.view_student_dashboard"):
        raise PermissionDenied
    candidacy = permissions.access_candidacy_for_student(request.user, pk)
    form = HandInForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.portfolio_submit(
                candidacy_id=candidacy.pk,
                student=request.user,
                link=form.cleaned_data["link"],
                files=form.cleaned_data["files"],
                declared_own_work=form.cleaned_data["declared_own_work"],
            )
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Portfolio handed in: the jury reads it at the sitting (TRN-2)."))
            return redirect("juries:portfolio", pk=candidacy.pk)
    return render(
        request,
        "juries/portfolio.html",
        {
            "candidacy": candidacy,
            "form": form,
            "files": selectors.portfolio_files(candidacy=candidacy),
            "open": candidacy.status == candidacy.Status.REGISTERED
            and candidacy.session.starts_at > timezone.now(),
        },
    )


@login_required
@require_GET
def portfolio_file(request: HttpRequest, pk: int) -> FileResponse:
    """A portfolio's file: for the candidate, the jury's members, and Student Success."""
    row = permissions.access_portfolio_file(request.user, pk)
    return _private_file(row.file, content_type=row.content_type, filename=row.original_name)


@login_required
@require_POST
def remedial_review(request: HttpRequest, pk: int) -> HttpResponse:
    """TRN-4: a jury member approves a remedial project or sends it back (never the mentor)."""
    if not request.user.has_perm("juries.view_jury_dashboard"):
        raise PermissionDenied
    remedial = permissions.access_remedial_for_member(request.user, pk)
    form = RemedialReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Approve the remedial project or send it back."))
    else:
        try:
            services.remedial_review(
                remedial_id=remedial.pk,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except PolicyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Review recorded; the student is told."))
    return redirect("juries:candidate_record", pk=remedial.verdict.candidacy_id)


def _private_file(field, *, content_type: str, filename: str) -> FileResponse:
    return FileResponse(field.open("rb"), content_type=content_type, as_attachment=True, filename=filename)


@login_required
@require_GET
def remedial_file(request: HttpRequest, pk: int) -> FileResponse:
    """A remedial project's file: for the student, the jury that set it, and Student Success."""
    deliverable = permissions.access_remedial_deliverable(request.user, pk)
    return _private_file(
        deliverable.file, content_type=deliverable.content_type, filename=deliverable.original_name
    )


@login_required
@require_GET
def candidate_file(request: HttpRequest, pk: int) -> FileResponse:
    """TRN-2: a file the candidate handed in with a project, for the jury members who judge them."""
    deliverable = permissions.access_candidate_deliverable(request.user, pk)
    return _private_file(
        deliverable.file, content_type=deliverable.content_type, filename=deliverable.original_name
    )


@login_required
@require_GET
def diploma_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """TRN-4: the diploma certificate (PDF/A) for its holder and Student Success."""
    diploma = permissions.access_diploma(request.user, pk)
    if not diploma.pdf:
        messages.info(request, _("Your certificate is being printed: try again in a minute."))
        return redirect("students:dashboard")
    return _private_file(diploma.pdf, content_type="application/pdf", filename=f"diploma-{diploma.code}.pdf")


@login_required
@require_POST
def minutes_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """TRN-4: the chair signs the sitting's minutes once every candidate has a verdict."""
    if not request.user.has_perm("juries.view_jury_dashboard"):
        raise PermissionDenied
    sitting = permissions.access_sitting(request.user, pk)
    try:
        services.minutes_sign(session_id=sitting.pk, by=request.user)
    except PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Minutes signed: they are printed in a moment and are final (TRN-4)."))
    return redirect("juries:dashboard")


@login_required
@require_GET
def minutes_download(request: HttpRequest, pk: int) -> HttpResponse:
    """TRN-4: the signed minutes (PDF/A), for the jury's members and Student Success."""
    minutes = permissions.access_minutes(request.user, pk)
    if not minutes.pdf:
        messages.info(request, _("The minutes are being printed: try again in a minute."))
        return redirect("juries:dashboard")
    return _private_file(
        minutes.pdf, content_type="application/pdf", filename=f"minutes-sitting-{minutes.session_id}.pdf"
    )


@login_not_required
@require_GET
def diploma_verify(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """TRN-4, public: anyone checks a diploma by its verification code. The page shows the holder's name,
    the path, the date and whether it is valid — nothing else."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if code is None and form.is_valid():
        return redirect("diplomas:verify", code=form.cleaned_data["code"])
    diploma = None
    if code is not None:
        normalised = rules.normalise_code(code)
        if normalised and normalised != code:
            return redirect("diplomas:verify", code=normalised)
        diploma = selectors.diploma_by_code(code=normalised) if normalised else None
    response = render(
        request,
        "juries/verify.html",
        {"form": form if code is None else VerifyForm(), "code": code, "diploma": diploma},
    )
    if code is not None and diploma is None:
        response.status_code = 404
    return response
