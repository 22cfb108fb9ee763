"""Which dashboard each role lands on. The home page sends every user to theirs."""

from dataclasses import dataclass

from django.urls import reverse


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
        "My training",
        "Your sessions, absences and deadlines, projects, decisions and letters.",
    ),
    Dashboard(
        "mentoring.view_mentor_dashboard",
        "mentoring:dashboard",
        "My week",
        "Your students and this week's mentoring sessions.",
    ),
    Dashboard(
        "students.view_success_dashboard",
        "students:success_dashboard",
        "Student Success",
        "Requests, unlogged sessions and accommodations waiting for you.",
    ),
    Dashboard(
        "discipline.view_board_dashboard",
        "discipline:dashboard",
        "Disciplinary Board",
        "Cases, their next deadline and hearings.",
    ),
    Dashboard(
        "juries.view_jury_dashboard",
        "juries:dashboard",
        "Jury",
        "Jury sessions and the candidates you review.",
    ),
    Dashboard(
        "impact.view_committee_dashboard",
        "impact:dashboard",
        "Impact Committee",
        "Criteria, measurements, requests to the Board and annual reports.",
    ),
    Dashboard(
        "impact.view_company_board_dashboard",
        "impact:board_dashboard",
        "Company Board",
        "The Impact Committee's requests you must answer.",
    ),
)


def dashboards_for(user) -> list[Dashboard]:
    return [d for d in DASHBOARDS if user.has_perm(d.permission)]
