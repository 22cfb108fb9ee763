from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import TemplateView

from openclassrooms.core.mixins import RoleRequiredMixin

from . import permissions, selectors


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
    """TRN-2, read-only: the candidate's profile, monitoring reports, projects and penalties (DIS-10)."""
    if not request.user.has_perm("juries.view_jury_dashboard"):
        raise PermissionDenied
    candidacy = permissions.access_candidacy(request.user, pk)
    return render(
        request,
        "juries/candidate_record.html",
        {
            "candidacy": candidacy,
            "enrolment": candidacy.enrolment,
            "verdict": selectors.verdict_for(candidacy=candidacy),
            **selectors.candidate_record(candidacy=candidacy),
        },
    )
