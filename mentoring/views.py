from django.utils import timezone
from django.views.generic import TemplateView

from openclassrooms.core.mixins import RoleRequiredMixin
from projects import selectors as project_selectors
from students import selectors as student_selectors

from . import selectors


class MentorDashboardView(RoleRequiredMixin, TemplateView):
    """ "My week": this week's sessions, sessions to log, students and projects to review."""

    permission_required = "mentoring.view_mentor_dashboard"
    template_name = "mentoring/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        mentor = self.request.user
        now = timezone.now()
        start, end = selectors.week_bounds(timezone.localdate(now))
        mentees = list(student_selectors.mentees_for_mentor(mentor=mentor))
        progress = project_selectors.project_progress_by_enrolment(enrolment_ids=[e.pk for e in mentees])
        for enrolment in mentees:
            enrolment.projects_done = progress.get(enrolment.pk, 0)
        ctx.update(
            now=now,
            week_start=start,
            week_end=end,
            sessions=list(selectors.sessions_for_mentor_between(mentor=mentor, start=start, end=end)),
            to_log=list(selectors.sessions_to_log_for_mentor(mentor=mentor, now=now)[:20]),
            mentees=mentees,
            submissions=project_selectors.submissions_waiting_for_mentor(mentor=mentor),
        )
        return ctx
