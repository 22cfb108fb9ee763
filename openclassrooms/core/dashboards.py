"""Which dashboard each role lands on. The home page sends every user to theirs."""

from dataclasses import dataclass

import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Dashboard:
    permission: str
    url_name: str
    title: str
    description: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard(
        "students.view_student_dashboard",
        "students:dashboard",
        _("My training"),
        _("Your sessions, absences and deadlines, projects, decisions and letters."),
    ),
    Dashboard(
        "mentoring.view_mentor_dashboard",
        "mentoring:dashboard",
        _("My week"),
        _("Your students and this week's mentoring sessions."),
    ),
    Dashboard(
        "students.view_success_dashboard",
        "students:success_dashboard",
        _("Student Success"),
        _("Requests, unlogged sessions and accommodations waiting for you."),
    ),
    Dashboard(
        "discipline.view_board_dashboard",
        "discipline:dashboard",
        _("Disciplinary Board"),
        _("Cases, their next deadline and hearings."),
    ),
    Dashboard(
        "juries.view_jury_dashboard",
        "juries:dashboard",
        _("Jury"),
        _("Jury sessions and the candidates you review."),
    ),
    Dashboard(
        "impact.view_committee_dashboard",
        "impact:dashboard",
        _("Impact Committee"),
        _("Criteria, measurements, requests to the Board and annual reports."),
    ),
    Dashboard(
        "impact.view_company_board_dashboard",
        "impact:board_dashboard",
        _("Company Board"),
        _("The Impact Committee's requests you must answer."),
    ),
)


def dashboards_for(user) -> list[Dashboard]:
    """The dashboards ``user`` may open, asked of the permission rules alone (django-rules: one rule per
    dashboard, by role, in ``accounts/permissions.py``), which answer from the roles the request has already
    read. These permissions exist only as rules, no permission row grants them; ``user.has_perm`` gives the
    same answer but goes on to Django's model backend for each dashboard the person may not open: two more
    queries on every page, for rows that cannot be there."""
    if not user.is_active:
        return []
    if user.is_superuser:
        return list(DASHBOARDS)
    return [d for d in DASHBOARDS if rules.has_perm(d.permission, user)]
