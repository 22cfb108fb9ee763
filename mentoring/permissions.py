"""Fetch-and-authorise: a session someone may not see looks exactly like one that does not exist (404)."""

from django.db.models import Q
from django.http import Http404

from students import permissions as student_permissions
from students import selectors as student_selectors

from .models import MentorAvailability, MentoringSession, MonitoringReport


def access_session_as_mentor(user, pk: int) -> MentoringSession:
    try:
        return MentoringSession.objects.select_related("enrolment__student", "enrolment__path").get(
            Q(mentor=user) | Q(enrolment__mentor=user), pk=pk
        )
    except MentoringSession.DoesNotExist as exc:
        raise Http404("No such session.") from exc


def access_session_as_student(user, pk: int) -> MentoringSession:
    try:
        return MentoringSession.objects.select_related("enrolment__student", "mentor").get(
            enrolment__student=user, pk=pk
        )
    except MentoringSession.DoesNotExist as exc:
        raise Http404("No such session.") from exc


def access_mentee_enrolment(user, pk: int):
    """A mentor's own student's enrolment (404 for any other)."""
    return student_permissions.access_enrolment(user, pk, as_mentor=True)


def access_report(user, pk: int) -> MonitoringReport:
    try:
        return MonitoringReport.objects.select_related("enrolment__student").get(mentor=user, pk=pk)
    except MonitoringReport.DoesNotExist as exc:
        raise Http404("No such report.") from exc


def access_availability(user, pk) -> MentorAvailability:
    """One of the mentor's own weekly windows (404 for any other, or for a pk that is not a number)."""
    if not str(pk or "").isdigit():
        raise Http404("No such window.")
    try:
        return MentorAvailability.objects.get(mentor=user, pk=int(pk))
    except MentorAvailability.DoesNotExist as exc:
        raise Http404("No such window.") from exc


def access_mentee_suspension(user, pk: int):
    """A suspension request of one of the mentor's own students (404 for any other)."""
    suspension = student_selectors.suspension_of_mentee(mentor=user, pk=pk)
    if suspension is None:
        raise Http404("No such request.")
    return suspension


def access_session_for_report(user, pk: int) -> MentoringSession:
    """A session whose video-tool report this person may upload: its mentor's, or any for Student Success
    (404 for anyone else)."""
    sessions = MentoringSession.objects.select_related("enrolment__student", "enrolment__path", "mentor")
    if not user.has_perm("mentoring.change_mentoringsession"):
        sessions = sessions.filter(Q(mentor=user) | Q(enrolment__mentor=user))
    try:
        return sessions.get(pk=pk)
    except MentoringSession.DoesNotExist as exc:
        raise Http404("No such session.") from exc
