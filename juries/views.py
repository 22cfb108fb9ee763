from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.mixins import RoleRequiredMixin

from . import permissions, selectors, services
from .forms import ConflictForm, VerdictForm


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
            messages.success(request, "The verdict is recorded; it is final (TRN-4). The student is told.")
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
        messages.error(request, "Say what ties you to the candidate.")
    else:
        try:
            services.conflict_declare(
                candidacy_id=candidacy.pk, by=request.user, reason=form.cleaned_data["reason"]
            )
        except PolicyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, "Conflict of interest declared: you will not sit on this candidate's panel."
            )
    return redirect("juries:candidate_record", pk=candidacy.pk)
