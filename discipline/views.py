from django.views.generic import TemplateView

from openclassrooms.core.mixins import RoleRequiredMixin

from . import selectors


class BoardDashboardView(RoleRequiredMixin, TemplateView):
    """The Disciplinary Board's open cases with their next hearing."""

    permission_required = "discipline.view_board_dashboard"
    template_name = "discipline/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cases"] = selectors.cases_open_for_board(user=self.request.user)
        return ctx
