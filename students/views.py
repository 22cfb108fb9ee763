from datetime import timedelta

from django.utils import timezone
from django.views.generic import TemplateView

from discipline import selectors as discipline_selectors
from mentoring import selectors as mentoring_selectors
from openclassrooms.core.mixins import RoleRequiredMixin
from projects import selectors as project_selectors

from . import selectors


class StudentDashboardView(RoleRequiredMixin, TemplateView):
    """The student's own record: enrolment, sessions, deadlines, projects, decisions."""

    permission_required = "students.view_student_dashboard"
    template_name = "students/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        student = self.request.user
        now = timezone.now()
        enrolment = selectors.enrolment_current_for_student(student=student)
        ctx.update(
            enrolment=enrolment,
            now=now,
            follow_ups=mentoring_selectors.follow_ups_open_for_student(student=student),
            cases=discipline_selectors.cases_for_student(student=student),
            penalties=discipline_selectors.penalties_for_student(student=student),
            calendar_url=self.request.build_absolute_uri(f"/mentoring/calendar/{student.calendar_token}.ics"),
        )
        if enrolment is not None:
            ctx.update(
                upcoming=mentoring_selectors.sessions_for_enrolment(
                    enrolment=enrolment, upcoming=True, now=now, limit=5
                ),
                recent=mentoring_selectors.sessions_for_enrolment(
                    enrolment=enrolment, upcoming=False, now=now, limit=10
                ),
                submissions=project_selectors.submissions_for_enrolment(enrolment=enrolment),
            )
        return ctx


class SuccessDashboardView(RoleRequiredMixin, TemplateView):
    """Student Success: what is waiting, with links into the admin where the work is done."""

    permission_required = "students.view_success_dashboard"
    template_name = "students/success_dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cutoff = timezone.now() - timedelta(hours=48)
        ctx.update(
            status_counts=selectors.enrolment_status_counts(),
            waiting=selectors.requests_waiting(),
            unlogged=mentoring_selectors.sessions_unlogged_before(cutoff=cutoff),
            unlogged_count=mentoring_selectors.sessions_unlogged_count(cutoff=cutoff),
            recent_cases=discipline_selectors.cases_recent(),
        )
        return ctx
