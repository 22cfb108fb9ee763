from django.views.generic import TemplateView

from openclassrooms.core.mixins import RoleRequiredMixin

from . import selectors
from .models import BoardRequest


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
