from django.views.generic import TemplateView

from openclassrooms.core.mixins import RoleRequiredMixin

from . import selectors


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
