"""Mentoring pages: logging in one click, notices, the follow-up page, reports, the admin."""

import html
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ExceptionalAuthorisation, MentorAvailability, MentoringSession, MonitoringReport
from mentoring.selectors import week_bounds
from mentoring.services import session_log_attendance
from openclassrooms.accounts.roles import Role
from tests.mentoring.factories import MonitoringReportFactory, SessionFactory
from tests.students.factories import EnrolmentFactory


def _past(enrolment, hours_ago=1, **kwargs):
    return SessionFactory(
        enrolment=enrolment, scheduled_start=timezone.now() - timedelta(hours=hours_ago), **kwargs
    )


@pytest.mark.django_db
def test_att4_logging_a_late_arrival_answers_with_the_outcome_and_its_rule(client_as):
    enrolment = EnrolmentFactory()
    session = _past(enrolment)
    response = client_as(enrolment.mentor).post(
        reverse("mentoring:session_log", args=[session.pk]),
        {"attendance": "attended", "minutes_late": "16"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Unauthorised absence — joined 16 minutes after the start (ATT-4)" in response.content.decode()
    assert f'id="session-{session.pk}"' in response.content.decode()


@pytest.mark.django_db
def test_att4_fifteen_minutes_late_is_attended_in_the_page(client_as):
    enrolment = EnrolmentFactory()
    session = _past(enrolment)
    response = client_as(enrolment.mentor).post(
        reverse("mentoring:session_log", args=[session.pk]),
        {"attendance": "attended", "minutes_late": "15"},
        HTTP_HX_REQUEST="true",
    )
    assert "Attended (ATT-1)" in response.content.decode()


@pytest.mark.django_db
def test_bad_log_input_gets_a_clear_message_and_changes_nothing(client_as):
    enrolment = EnrolmentFactory()
    session = _past(enrolment)
    client = client_as(enrolment.mentor)
    url = reverse("mentoring:session_log", args=[session.pk])
    response = client.post(url, {"attendance": "no_show", "minutes_late": "5"}, HTTP_HX_REQUEST="true")
    assert "A join time only goes with" in response.content.decode()
    response = client.post(url, {"attendance": "attended", "minutes_late": "-3"}, HTTP_HX_REQUEST="true")
    assert "cannot be negative" in response.content.decode()
    session.refresh_from_db()
    assert session.status == MentoringSession.Status.SCHEDULED and session.attendance == ""


@pytest.mark.django_db
def test_only_the_students_mentor_can_log_their_session(make_user, client_as):
    session = _past(EnrolmentFactory())
    url = reverse("mentoring:session_log", args=[session.pk])
    assert client_as(make_user(Role.MENTOR)).post(url, {"attendance": "attended"}).status_code == 404
    assert client_as(session.enrolment.student).post(url, {"attendance": "attended"}).status_code == 403


@pytest.mark.django_db
def test_my_week_with_40_students_issues_constant_queries(
    make_user, client_as, count_queries, django_assert_max_num_queries
):
    mentor = make_user(Role.MENTOR)
    now = timezone.now()
    monday = now - timedelta(days=timezone.localdate(now).weekday())

    def add(n):
        for _ in range(n):
            enrolment = EnrolmentFactory(mentor=mentor)
            SessionFactory(enrolment=enrolment, scheduled_start=max(monday, now - timedelta(hours=3)))
            SessionFactory(enrolment=enrolment, scheduled_start=now - timedelta(days=9))

    client = client_as(mentor)
    add(2)
    small = count_queries(client, reverse("mentoring:dashboard"))
    add(38)
    with django_assert_max_num_queries(16):
        large = count_queries(client, reverse("mentoring:dashboard"))
    assert large == small


@pytest.mark.django_db
def test_att2_a_student_gives_notice_in_the_page_and_sees_replacement_slots(client_as):
    enrolment = EnrolmentFactory()
    MentorAvailability.objects.create(
        mentor=enrolment.mentor,
        weekday=timezone.localdate().weekday(),
        starts_at=time(0, 0),
        ends_at=time(23, 59),
    )
    session = SessionFactory(enrolment=enrolment, scheduled_start=timezone.now() + timedelta(days=2))
    client = client_as(enrolment.student)
    response = client.post(
        reverse("mentoring:session_notice", args=[session.pk]), {"kind": "absence", "reason": "Job interview"}
    )
    assert response.status_code == 302
    page = client.get(reverse("mentoring:session_detail", args=[session.pk])).content.decode()
    assert "Postponed — notice given" in page
    assert "Choose a replacement session" in page


@pytest.mark.django_db
def test_a_notice_without_reason_is_refused_with_a_message(client_as):
    enrolment = EnrolmentFactory()
    session = SessionFactory(enrolment=enrolment, scheduled_start=timezone.now() + timedelta(days=2))
    response = client_as(enrolment.student).post(
        reverse("mentoring:session_notice", args=[session.pk]), {"kind": "absence", "reason": ""}
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    session.refresh_from_db()
    assert session.status == MentoringSession.Status.SCHEDULED


@pytest.mark.django_db
def test_a_student_cannot_open_another_students_session(make_user, client_as):
    session = SessionFactory(scheduled_start=timezone.now() + timedelta(days=2))
    other = EnrolmentFactory().student
    assert client_as(other).get(reverse("mentoring:session_notice", args=[session.pk])).status_code == 404
    assert client_as(other).get(reverse("mentoring:session_detail", args=[session.pk])).status_code == 404


@pytest.mark.django_db
def test_att5_the_follow_up_page_shows_the_deadline_and_takes_the_reasons(client_as):
    enrolment = EnrolmentFactory()
    session = _past(enrolment, hours_ago=3)
    session_log_attendance(session_id=session.pk, mentor=enrolment.mentor, attendance="no_show")
    client = client_as(enrolment.student)
    page = client.get(reverse("mentoring:session_detail", args=[session.pk])).content.decode()
    assert "What the policy asks of you (ATT-5)" in page and "left" in page
    client.post(reverse("mentoring:session_reasons", args=[session.pk]), {"reasons": "I was ill."})
    page = client.get(reverse("mentoring:session_detail", args=[session.pk])).content.decode()
    assert "I was ill." in page


@pytest.mark.django_db
def test_student_page_queries_are_constant(client_as, count_queries, django_assert_max_num_queries):
    enrolment = EnrolmentFactory()
    client = client_as(enrolment.student)

    def add(n):
        for i in range(n):
            s = _past(enrolment, hours_ago=24 * 7 * (i + 1) + len(MentoringSession.objects.all()))
            session_log_attendance(
                session_id=s.pk,
                mentor=enrolment.mentor,
                attendance="no_show",
                now=s.scheduled_start + timedelta(hours=1),
            )
            SessionFactory(enrolment=enrolment, scheduled_start=timezone.now() + timedelta(days=i + 2))

    add(1)
    small = count_queries(client, reverse("students:dashboard"))
    add(6)
    with django_assert_max_num_queries(21):
        large = count_queries(client, reverse("students:dashboard"))
    assert large == small


@pytest.mark.django_db
def test_a_monitoring_report_takes_its_attendance_figures_from_the_sessions(client_as):
    enrolment = EnrolmentFactory(start_date=date(2026, 8, 1))
    start = datetime(2026, 9, 7, 9, tzinfo=UTC)
    for i, attendance in enumerate(["attended", "attended", "no_show"]):
        s = SessionFactory(enrolment=enrolment, scheduled_start=start + timedelta(weeks=i))
        session_log_attendance(
            session_id=s.pk,
            mentor=enrolment.mentor,
            attendance=attendance,
            now=s.scheduled_start + timedelta(hours=1),
        )
    response = client_as(enrolment.mentor).post(
        reverse("mentoring:report_create", args=[enrolment.pk]),
        {"period_start": "2026-09-01", "period_end": "2026-09-30", "progress": "Steady progress."},
    )
    assert response.status_code == 302
    report = MonitoringReport.objects.get(enrolment=enrolment)
    assert (report.sessions_attended, report.sessions_unauthorised) == (2, 1)


@pytest.mark.django_db
def test_att3_student_success_authorises_exceptional_circumstances_in_the_admin(make_user, client_as):
    enrolment = EnrolmentFactory()
    session = _past(enrolment, hours_ago=3)
    session_log_attendance(session_id=session.pk, mentor=enrolment.mentor, attendance="no_show")
    staff = make_user(Role.STUDENT_SUCCESS)
    response = client_as(staff).post(
        reverse("admin:mentoring_exceptionalauthorisation_add"),
        {"session": session.pk, "reason": "Hospitalised (certificate on file)."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session.refresh_from_db()
    assert session.outcome == MentoringSession.Outcome.EXCUSED
    assert ExceptionalAuthorisation.objects.get(session=session).authorised_by == staff


@pytest.mark.django_db
def test_a_correction_in_the_admin_needs_a_reason_and_reruns_the_rules(make_user, client_as):
    enrolment = EnrolmentFactory()
    session = _past(enrolment, hours_ago=3)
    session_log_attendance(session_id=session.pk, mentor=enrolment.mentor, attendance="no_show")
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    url = reverse("admin:mentoring_mentoringsession_change", args=[session.pk])
    form = {
        "enrolment": enrolment.pk,
        "mentor": enrolment.mentor.pk,
        "scheduled_start_0": timezone.localtime(session.scheduled_start).strftime("%d/%m/%Y"),
        "scheduled_start_1": timezone.localtime(session.scheduled_start).strftime("%H:%M:%S"),
        "duration": "00:45:00",
        "mode": "video",
        "video_link": session.video_link,
        "attendance": "attended",
        "notes": "",
    }
    response = client.post(url, {**form, "correction_reason": ""})
    assert response.status_code == 200
    assert "Say why you correct this session" in response.content.decode()
    session.refresh_from_db()
    assert session.outcome == MentoringSession.Outcome.UNAUTHORISED
    response = client.post(url, {**form, "correction_reason": "The mentor clicked the wrong button."})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.outcome == MentoringSession.Outcome.ATTENDED
    assert "wrong button" in session.history.first().history_change_reason


@pytest.mark.django_db
def test_date_fields_are_prefilled_in_the_iso_form_the_browsers_date_picker_shows(client_as):
    """`<input type="date">` shows 26/10/2026 as empty: a form that looks ready then fails."""
    enrolment = EnrolmentFactory()
    page = client_as(enrolment.mentor).get(reverse("mentoring:report_create", args=[enrolment.pk]))
    today = timezone.localdate()
    assert f'type="date" name="period_end" value="{today:%Y-%m-%d}"' in page.content.decode()
    page = client_as(enrolment.student).get(reverse("students:requests"))
    assert f'type="date" name="stop-effective_on" value="{today:%Y-%m-%d}"' in page.content.decode()


@pytest.mark.django_db
def test_trn2_a_mentor_opens_a_report_again_and_nobody_else_does(make_user, client_as):
    report = MonitoringReportFactory(progress="Steady progress on the API project.")
    url = reverse("mentoring:report_detail", args=[report.pk])

    assert "Steady progress on the API project." in client_as(report.mentor).get(url).content.decode()
    assert client_as(make_user(Role.MENTOR)).get(url).status_code == 404
    dashboard = client_as(report.mentor).get(reverse("mentoring:dashboard")).content.decode()
    assert url in dashboard


@pytest.mark.django_db
def test_my_week_moves_between_weeks_and_to_any_date(client_as):
    enrolment = EnrolmentFactory()
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    next_week = SessionFactory(
        enrolment=enrolment,
        scheduled_start=timezone.make_aware(datetime.combine(monday + timedelta(days=8), time(10))),
    )
    client = client_as(enrolment.mentor)

    this = client.get(reverse("mentoring:dashboard"))
    assert next_week not in this.context["sessions"]
    assert f"?week={monday + timedelta(days=7):%Y-%m-%d}" in this.content.decode()

    moved = client.get(reverse("mentoring:dashboard"), {"week": f"{monday + timedelta(days=10):%Y-%m-%d}"})
    assert next_week in moved.context["sessions"] and not moved.context["is_this_week"]
    assert client.get(reverse("mentoring:dashboard"), {"week": "not a date"}).context["is_this_week"]


@pytest.mark.django_db
def test_my_week_has_a_short_title(client_as):
    """Seen on the first day: the browser tab of My week held the report list and the calendar form."""
    report = MonitoringReportFactory()

    page = client_as(report.mentor).get(reverse("mentoring:dashboard")).content.decode()

    [title] = re.findall(r"<title>(.*?)</title>", page, flags=re.S)
    assert "<" not in title and ">" not in title
    assert " ".join(title.split()) == "My week · OpenClassrooms"
    assert reverse("mentoring:report_detail", args=[report.pk]) in page.split("</title>", 1)[1]


def _log_forms(page: str, session) -> dict[str, str]:
    """The logging forms of one session's row in My week: the attendance each sends → its <form> tag."""
    [row] = re.findall(rf'<tr id="session-{session.pk}">(.*?)</tr>', page, flags=re.S)
    forms = {}
    for tag, body in re.findall(r"(<form\b[^>]*>)(.*?)</form>", row, flags=re.S):
        attendance = re.search(r'name="attendance" value="([a-z_]+)"', body)
        if attendance and attendance.group(1) != "attended":
            forms[attendance.group(1)] = tag
    return forms


@pytest.mark.django_db
def test_att3_att7_no_show_and_i_was_absent_ask_for_confirmation_like_i_cancel(client_as):
    """Seen on the first day: "Student no-show" and "I was absent" logged at one tap, with no confirmation."""
    enrolment = EnrolmentFactory()
    now = timezone.now()
    this_week_start, _ = week_bounds(timezone.localdate(now))
    began = SessionFactory(
        enrolment=enrolment, scheduled_start=max(this_week_start, now - timedelta(hours=1))
    )
    to_come = SessionFactory(enrolment=enrolment, scheduled_start=now + timedelta(hours=1))
    client = client_as(enrolment.mentor)

    def row_forms(session):
        week = f"{timezone.localdate(session.scheduled_start):%Y-%m-%d}"
        return _log_forms(
            client.get(reverse("mentoring:dashboard"), {"week": week}).content.decode(), session
        )

    after_start, before_start = row_forms(began), row_forms(to_come)

    assert set(after_start) == {"no_show", "mentor_absent"} and set(before_start) == {"mentor_cancelled"}
    for attendance, tag in {**after_start, **before_start}.items():
        assert re.search(r'hx-confirm="[^"]+"', tag), f"{attendance}: {tag}"
    assert str(enrolment.student) in html.unescape(after_start["no_show"])


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01"])
def test_my_week_answers_a_far_away_week_in_words_and_shows_this_week(typed, make_user, client_as):
    """A week typed as 31 December 9999 once raised a server error."""
    response = client_as(make_user(Role.MENTOR)).get(reverse("mentoring:dashboard"), {"week": typed})
    assert response.status_code == 200
    assert response.context["is_this_week"]
    assert "Choose a week within five years of today." in response.content.decode()


# --- The weekly session (ATT-1) -------------------------------------------------------------------------


def _slot_post(**overrides):
    return {"weekday": "3", "starts_at": "18:00", "minutes": "45", "time_zone": "Europe/Paris", **overrides}


@pytest.mark.django_db
def test_att1_a_mentor_sets_the_weekly_session_and_the_training_is_planned(make_user, client_as):
    enrolment = EnrolmentFactory()
    url = reverse("mentoring:slot_edit", args=[enrolment.pk])
    client = client_as(enrolment.mentor)

    assert 'name="starts_at"' in client.get(url).content.decode()
    response = client.post(url, _slot_post(), follow=True)

    planned = MentoringSession.objects.filter(enrolment=enrolment, week__isnull=False)
    assert planned.count() > 0
    assert {timezone.localtime(s.scheduled_start).weekday() for s in planned} == {3}
    assert f"{planned.count()} sessions planned" in response.content.decode()
    assert "Thursdays 18:00" in client.get(reverse("mentoring:dashboard")).content.decode()
    student_page = client_as(enrolment.student).get(reverse("students:dashboard")).content.decode()
    assert "Weekly session: <strong>Thursdays at 18:00</strong>" in student_page
    assert client_as(make_user(Role.MENTOR)).get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("minutes", "0", "greater than or equal to 1"),
        ("minutes", "241", "less than or equal to 240"),
        ("time_zone", "Mars/Olympus", "Select a valid choice"),
        ("starts_at", "25:00", "Enter a valid time"),
        ("video_link", "http://meet.example.org/ann", "https:// link"),
        ("video_link", "not a link", "Enter a valid URL"),
    ],
)
def test_att1_a_weekly_session_typed_wrong_is_refused_beside_the_field_and_nothing_is_planned(
    client_as, field, value, message
):
    enrolment = EnrolmentFactory()
    response = client_as(enrolment.mentor).post(
        reverse("mentoring:slot_edit", args=[enrolment.pk]), _slot_post(**{field: value})
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not MentoringSession.objects.exists()


@pytest.mark.django_db
def test_att2_a_mentor_keeps_their_windows_and_absences_on_their_own_page(make_user, client_as):
    mentor = make_user(Role.MENTOR)
    client = client_as(mentor)
    url = reverse("mentoring:availability")

    added = client.post(
        url, {"form": "window", "window-weekday": "1", "window-starts_at": "09:00", "window-ends_at": "12:00"}
    )
    overlapping = client.post(
        url, {"form": "window", "window-weekday": "1", "window-starts_at": "11:00", "window-ends_at": "13:00"}
    )
    start = timezone.localtime() + timedelta(days=3)
    away = client.post(
        url,
        {
            "form": "absence",
            "absence-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "absence-ends_at": (start + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "absence-reason": "Training course.",
        },
    )

    assert added.status_code == 302 and away.status_code == 302
    assert overlapping.status_code == 200 and "overlaps your other one" in overlapping.content.decode()
    page = client.get(url).content.decode()
    assert "Tuesday" in page and "09:00" in page and "Training course." in page
    assert client_as(make_user(Role.STUDENT)).get(url).status_code == 403
    other = client_as(make_user(Role.MENTOR))
    window = MentorAvailability.objects.get(mentor=mentor)
    assert other.post(url, {"form": "delete-window", "pk": window.pk}).status_code == 404
    assert other.post(url, {"form": "delete-window", "pk": "x"}).status_code == 404
    assert MentorAvailability.objects.filter(mentor=mentor).count() == 1
