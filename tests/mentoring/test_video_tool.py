"""Join times from the video tool (ATT-4 with evidence): the rules, the file reader, the import, the
mentor's confirmation or correction, the two-hour sweep and the signed webhook, each at its boundary."""

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from mentoring import rules, services, video_reports
from mentoring.models import MentoringSession, ToolEvent
from openclassrooms.accounts.roles import Role
from tests.mentoring.factories import SessionFactory
from tests.students.factories import EnrolmentFactory

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2026, 11, 9, 10, 0, tzinfo=PARIS)  # a Monday, 10:00 in Paris
END = START + timedelta(minutes=45)
SECRET = "a-school-secret-for-the-tests"
Outcome = MentoringSession.Outcome


# --- Rules ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after_start", "words"),
    [
        (timedelta(minutes=15), "joined on time"),
        (timedelta(minutes=15, seconds=1), "joined 15 minutes 1 s late"),
    ],
)
def test_att4_the_students_first_join_decides_at_15_minutes_and_15_minutes_1_second(after_start, words):
    later = START + timedelta(minutes=30)
    evidence = rules.tool_evidence(
        student_joins=[later, START + after_start],
        reported=True,
        scheduled_start=START,
        scheduled_end=END,
        now=END,
    )
    assert evidence == rules.ToolEvidence(rules.Attendance.ATTENDED, START + after_start)
    assert rules.tool_evidence_in_words(evidence, START) == words


def test_att4_a_student_who_joined_early_is_there_from_the_start():
    evidence = rules.tool_evidence(
        student_joins=[START - timedelta(minutes=40)],
        reported=True,
        scheduled_start=START,
        scheduled_end=END,
        now=END,
    )
    assert evidence == rules.ToolEvidence(rules.Attendance.ATTENDED, START)
    assert rules.tool_evidence_in_words(evidence, START) == "joined on time"


def test_att4_a_student_the_tool_never_saw_is_a_no_show_only_once_the_session_has_ended():
    def evidence(now, reported=True):
        return rules.tool_evidence(
            student_joins=[], reported=reported, scheduled_start=START, scheduled_end=END, now=now
        )

    assert evidence(END - timedelta(seconds=1)) == rules.ToolEvidence()
    assert evidence(END) == rules.ToolEvidence(rules.Attendance.NO_SHOW, None)
    assert evidence(END, reported=False) == rules.ToolEvidence()  # no report, no evidence


def test_att4_the_tools_evidence_is_logged_by_itself_two_hours_after_the_end():
    assert not rules.tool_applies_by_itself(
        scheduled_end=END, now=END + timedelta(hours=1, minutes=59, seconds=59)
    )
    assert rules.tool_applies_by_itself(scheduled_end=END, now=END + timedelta(hours=2))


def test_att4_a_join_on_another_day_is_refused():
    assert (
        rules.tool_join_problem(joined_at=START.replace(hour=23, minute=59), scheduled_start=START, tz=PARIS)
        is None
    )
    assert "not on the session's day" in rules.tool_join_problem(
        joined_at=datetime(2026, 11, 10, 0, 0, tzinfo=PARIS), scheduled_start=START, tz=PARIS
    )


@pytest.mark.parametrize(
    ("drift", "accepted"),
    [
        (timedelta(minutes=5), True),
        (timedelta(minutes=5, seconds=1), False),
        (-timedelta(minutes=5), True),
        (-timedelta(minutes=5, seconds=1), False),
    ],
)
def test_a_webhook_event_is_accepted_within_five_minutes_either_way(drift, accepted):
    assert (rules.webhook_time_problem(sent_at=START, now=START + drift) is None) is accepted


def test_att4_a_mentors_log_that_contradicts_the_tool_is_named():
    late = rules.ToolEvidence(rules.Attendance.ATTENDED, START + timedelta(minutes=16))
    assert "joined 16 minutes late" in rules.tool_contradiction(
        late, attendance="attended", joined_at=None, scheduled_start=START
    )
    assert (
        rules.tool_contradiction(
            late, attendance="attended", joined_at=START + timedelta(minutes=17), scheduled_start=START
        )
        is None
    )  # late either way
    assert "never joined" in rules.tool_contradiction(
        rules.ToolEvidence(rules.Attendance.NO_SHOW),
        attendance="attended",
        joined_at=None,
        scheduled_start=START,
    )
    assert (
        rules.tool_contradiction(late, attendance="mentor_absent", joined_at=None, scheduled_start=START)
        is None
    )


# --- Reading the file ---------------------------------------------------------------------------------


def _read(text: str, order="dmy"):
    return video_reports.parse_attendance_file(text.encode(), order=order, day=START.date(), tz=PARIS)


def test_the_exports_of_the_common_tools_are_read():
    zoom = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        "Ann,ann@example.org,11/09/2026 10:16:00 AM,11/09/2026 10:45:00 AM,29\n"
    )
    teams = (
        "Full Name;Join Time;Leave Time;Email\nAnn;09/11/2026 10:16:00;09/11/2026 10:45:00;ann@example.org\n"
    )
    meet = (
        "First name,Last name,Email,Duration,Time joined,Time exited\n"
        "Ann,B,ann@example.org,29 min,10:16 AM,10:45 AM\n"
    )
    iso = "email,joined_at,left_at\nann@example.org,2026-11-09T09:16:00+00:00,\n"
    for text, order in [(zoom, "mdy"), (teams, "dmy"), (meet, "dmy"), (iso, "dmy")]:
        [row] = _read(text, order)
        assert (row.email, row.joined_at) == ("ann@example.org", START + timedelta(minutes=16))
    assert _read(iso)[0].left_at is None and _read(zoom, "mdy")[0].left_at == START + timedelta(minutes=45)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("name,when\nAnn,10:16\n", "no e-mail or join time column"),
        ("email,join time\nnot-an-address,10:16\n", "Line 2: “not-an-address” is not an e-mail address."),
        ("email,join time\nann@example.org,yesterday\n", "Line 2: “yesterday” is not a time"),
        ("email,join time,leave time\nann@example.org\n", "Line 2: fewer columns than the header."),
    ],
)
def test_a_file_that_cannot_be_read_says_which_line_and_why(text, message):
    with pytest.raises(video_reports.ReportFileError) as refused:
        _read(text)
    assert message in " ".join(refused.value.problems)


def test_a_file_that_is_not_text_is_refused():
    with pytest.raises(video_reports.ReportFileError, match="not UTF-8"):
        video_reports.parse_attendance_file(
            b"\xff\xd8\xff\xe0binary", order="dmy", day=START.date(), tz=PARIS
        )


# --- Import, confirmation, correction, sweep ---------------------------------------------------------------


@pytest.fixture
def session(db):
    enrolment = EnrolmentFactory(start_date=date(2026, 9, 1), planned_end_date=date(2027, 6, 30))
    return SessionFactory(
        enrolment=enrolment, scheduled_start=START, video_link="https://meet.example.org/ann"
    )


def _rows(session, *joins):
    return [
        services.ToolRow(line=i + 2, email=email, joined_at=at, left_at=None)
        for i, (email, at) in enumerate(joins)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("after_start", "outcome"),
    [(timedelta(minutes=15), Outcome.ATTENDED), (timedelta(minutes=15, seconds=1), Outcome.UNAUTHORISED)],
)
def test_att4_the_mentor_confirms_the_join_from_the_file_and_the_rule_decides(session, after_start, outcome):
    student, mentor = session.enrolment.student.email, session.mentor.email
    rows = _rows(session, (mentor.upper(), START - timedelta(minutes=2)), (student, START + after_start))

    assert services.tool_report_import(session_id=session.pk, rows=rows, by=session.mentor, now=END) == 2
    result = services.session_confirm_from_tool(session_id=session.pk, mentor=session.mentor, now=END)

    session.refresh_from_db()
    assert result.outcome == outcome and session.outcome == outcome
    assert session.joined_at == START + after_start and session.tool_reported_at == END
    assert session.history.filter(history_change_reason__contains="video tool").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (("someone@else.org", START), "Line 3: someone@else.org is neither the student nor the mentor"),
        (
            ("STUDENT", datetime(2026, 11, 10, 10, 0, tzinfo=PARIS)),
            "Line 3: the join time 2026-11-10 10:00 is not on",
        ),
    ],
)
def test_att4_a_file_with_a_bad_row_is_refused_whole_with_the_line_and_the_reason(session, row, problem):
    student = session.enrolment.student.email
    email, at = row
    rows = _rows(
        session, (student, START + timedelta(minutes=1)), (student if email == "STUDENT" else email, at)
    )

    with pytest.raises(services.ToolReportError) as refused:
        services.tool_report_import(session_id=session.pk, rows=rows, by=session.mentor, now=END)

    assert any(p.startswith(problem) for p in refused.value.problems)
    assert not ToolEvent.objects.exists()
    session.refresh_from_db()
    assert session.tool_reported_at is None


@pytest.mark.django_db
def test_att4_the_same_file_twice_is_refused_as_already_recorded(session):
    rows = _rows(session, (session.enrolment.student.email, START + timedelta(minutes=3)))
    services.tool_report_import(session_id=session.pk, rows=rows, by=session.mentor, now=END)
    with pytest.raises(services.ToolReportError, match="already recorded"):
        services.tool_report_import(session_id=session.pk, rows=rows, by=session.mentor, now=END)
    assert ToolEvent.objects.count() == 1


@pytest.mark.django_db
def test_att4_a_mentor_who_logs_otherwise_than_the_tool_gives_a_reason_kept_in_the_history(session):
    rows = _rows(session, (session.enrolment.student.email, START + timedelta(minutes=16)))
    services.tool_report_import(session_id=session.pk, rows=rows, by=session.mentor, now=END)

    with pytest.raises(
        services.AttendanceError, match="joined 16 minutes late: confirm it, or give the reason"
    ):
        services.session_log_attendance(
            session_id=session.pk, mentor=session.mentor, attendance="attended", now=END
        )
    services.session_log_attendance(
        session_id=session.pk,
        mentor=session.mentor,
        attendance="attended",
        reason="We started late together: the link failed on my side.",
        now=END,
    )

    session.refresh_from_db()
    assert session.outcome == Outcome.ATTENDED
    assert session.history.filter(history_change_reason__contains="the link failed on my side").exists()


@pytest.mark.django_db
def test_att4_unconfirmed_the_tools_evidence_is_logged_two_hours_after_the_end_and_not_before(session):
    services.tool_report_import(
        session_id=session.pk, rows=_rows(session, (session.mentor.email, START)), by=session.mentor, now=END
    )  # the mentor was there; the student never joined

    assert (
        services.attendance_sweep(now=END + timedelta(hours=1, minutes=59, seconds=59)).logged_from_tool == 0
    )
    report = services.attendance_sweep(now=END + timedelta(hours=2))

    session.refresh_from_db()
    assert report.logged_from_tool == 1
    assert (session.attendance, session.outcome) == ("no_show", Outcome.UNAUTHORISED)
    assert session.logged_by is None
    assert services.attendance_sweep(now=END + timedelta(hours=3)).logged_from_tool == 0


# --- The signed webhook -----------------------------------------------------------------------------------


def _post(
    client, session, *, event_id="evt-1", email=None, at=None, sent_at=None, kind="joined", secret=SECRET
):
    body = json.dumps(
        {
            "id": event_id,
            "meeting": session.video_link,
            "email": email or session.enrolment.student.email,
            "event": kind,
            "at": (at or START + timedelta(minutes=16)).isoformat(),
            "sent_at": (sent_at or datetime.now(UTC)).isoformat(),
        }
    ).encode()
    return client.post(
        reverse("mentoring:video_webhook"),
        body,
        content_type="application/json",
        headers={"X-Signature": "sha256=" + video_reports.signature(body, secret)},
    )


@pytest.mark.django_db
@override_settings(VIDEO_WEBHOOK_SECRET=SECRET)
def test_att4_a_session_planned_from_the_weekly_slot_is_found_by_its_recurring_meeting(client):
    enrolment = EnrolmentFactory(start_date=date(2026, 9, 1), planned_end_date=date(2027, 6, 30))
    services.slot_agree(
        enrolment_id=enrolment.pk,
        by=enrolment.mentor,
        weekday=START.weekday(),
        starts_at=START.time(),
        time_zone="Europe/Paris",
        video_link="https://meet.example.org/weekly-ann",
        now=START - timedelta(days=3),
    )
    planned = MentoringSession.objects.get(enrolment=enrolment, scheduled_start=START)
    response = _post(client, planned)
    assert response.status_code == 200
    assert response.json()["session"] == planned.pk
    assert ToolEvent.objects.get().session == planned


@pytest.mark.django_db
@override_settings(VIDEO_WEBHOOK_SECRET=SECRET)
def test_att4_a_signed_join_is_recorded_once_and_a_replay_is_refused(client, session):
    first = _post(client, session)
    replay = _post(client, session)
    left = _post(client, session, event_id="evt-2", kind="left", at=START + timedelta(minutes=40))

    assert first.status_code == 200 and first.json()["session"] == session.pk
    assert replay.status_code == 409
    assert left.status_code == 200
    event = ToolEvent.objects.get()
    assert (event.joined_at, event.left_at, event.source) == (
        START + timedelta(minutes=16),
        START + timedelta(minutes=40),
        "webhook",
    )


@pytest.mark.django_db
@override_settings(VIDEO_WEBHOOK_SECRET=SECRET)
def test_att4_a_wrong_signature_a_stale_event_or_a_stranger_is_refused_and_nothing_recorded(client, session):
    assert _post(client, session, secret="another secret").status_code == 401
    stale = datetime.now(UTC) - timedelta(minutes=5, seconds=1)
    assert _post(client, session, event_id="evt-3", sent_at=stale).status_code == 400
    assert _post(client, session, event_id="evt-4", email="stranger@example.org").status_code == 422
    assert _post(client, session, event_id="evt-5", at=START + timedelta(days=1)).status_code == 422
    assert not ToolEvent.objects.exists()


@pytest.mark.django_db
@override_settings(VIDEO_WEBHOOK_SECRET="")
def test_the_webhook_is_closed_without_a_secret(client, session):
    assert _post(client, session, secret="").status_code == 401


# --- The upload page and My week --------------------------------------------------------------------------


def _form(report, time_zone="Europe/Paris") -> dict:
    return {"report": report, "date_order": "dmy", "time_zone": time_zone}


def _csv(session, minutes_late: int, seconds: int = 0) -> SimpleUploadedFile:
    joined = (START + timedelta(minutes=minutes_late, seconds=seconds)).strftime("%d/%m/%Y %H:%M:%S")
    text = f"User Email,Join Time,Leave Time\n{session.enrolment.student.email},{joined},\n"
    return SimpleUploadedFile("participants.csv", text.encode(), content_type="text/csv")


@pytest.mark.django_db
def test_att4_the_mentor_uploads_the_report_and_confirms_it_from_my_week(session, client_as, make_user):
    url = reverse("mentoring:session_report_upload", args=[session.pk])
    client = client_as(session.mentor)

    response = client.post(url, _form(_csv(session, 16)), follow=True)

    assert (
        "1 row recorded from the video tool. The student joined 16 minutes late." in response.content.decode()
    )
    week = client.get(reverse("mentoring:dashboard"), {"week": START.date().isoformat()}).content.decode()
    assert "The student joined 16 minutes late (from the video tool)." in week
    assert "Confirm: joined 16 minutes late" in week
    confirmed = client.post(reverse("mentoring:session_log", args=[session.pk]), {"confirm": "tool"})
    assert confirmed.status_code == 302
    session.refresh_from_db()
    assert session.outcome == Outcome.UNAUTHORISED and session.absence_reason == "late_arrival"
    assert client_as(make_user(Role.MENTOR)).get(url).status_code == 404


@pytest.mark.django_db
def test_att4_a_bad_file_is_answered_line_by_line_and_student_success_may_upload(
    session, client_as, make_user
):
    bad = SimpleUploadedFile("p.csv", b"User Email,Join Time\nstranger@example.org,09/11/2026 10:03:00\n")
    url = reverse("mentoring:session_report_upload", args=[session.pk])

    response = client_as(make_user(Role.STUDENT_SUCCESS)).post(url, _form(bad))

    page = response.content.decode()
    assert response.status_code == 200 and "Nothing was recorded" in page
    assert "Line 2: stranger@example.org is neither the student nor the mentor of this session." in page
    assert not ToolEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seconds", "outcome"), [(0, Outcome.ATTENDED), (1, Outcome.UNAUTHORISED)], ids=["15min", "15min1s"]
)
def test_att4_a_file_with_a_join_at_15_minutes_or_15_minutes_1_second(session, client_as, seconds, outcome):
    client = client_as(session.mentor)
    url = reverse("mentoring:session_report_upload", args=[session.pk])
    client.post(url, _form(_csv(session, 15, seconds)))
    client.post(reverse("mentoring:session_log", args=[session.pk]), {"confirm": "tool"})
    session.refresh_from_db()
    assert session.outcome == outcome
    assert session.joined_at == START + timedelta(minutes=15, seconds=seconds)


@pytest.mark.django_db
@override_settings(VIDEO_WEBHOOK_SECRET=SECRET)
@pytest.mark.parametrize(
    ("seconds", "outcome"), [(0, Outcome.ATTENDED), (1, Outcome.UNAUTHORISED)], ids=["15min", "15min1s"]
)
def test_att4_a_webhook_join_at_15_minutes_or_15_minutes_1_second(
    client, client_as, session, seconds, outcome
):
    response = _post(client, session, at=START + timedelta(minutes=15, seconds=seconds))
    assert response.status_code == 200
    client_as(session.mentor).post(reverse("mentoring:session_log", args=[session.pk]), {"confirm": "tool"})
    session.refresh_from_db()
    assert session.outcome == outcome


# --- What the review found ------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(VIDEO_WEBHOOK_SECRET=SECRET)
def test_att4_in_a_room_the_mentor_shares_a_late_join_goes_to_the_students_own_session(client):
    """Two students one after the other in the mentor's one room: Ann joins her 10:00 session 25 minutes
    late, nearer Bob's 10:45; her join is hers. A cancelled session on the link is never chosen."""
    ann = EnrolmentFactory(start_date=date(2026, 9, 1), planned_end_date=date(2027, 6, 30))
    bob = EnrolmentFactory(mentor=ann.mentor, start_date=date(2026, 9, 1), planned_end_date=date(2027, 6, 30))
    room = "https://meet.example.org/mentor-room"
    hers = SessionFactory(enrolment=ann, scheduled_start=START, video_link=room)
    SessionFactory(enrolment=bob, scheduled_start=START + timedelta(minutes=45), video_link=room)
    SessionFactory(
        enrolment=ann, scheduled_start=START + timedelta(minutes=30), video_link=room, status="cancelled"
    )
    response = _post(client, hers, at=START + timedelta(minutes=25))
    assert response.status_code == 200
    assert response.json()["session"] == hers.pk


@pytest.mark.django_db
@override_settings(VIDEO_WEBHOOK_SECRET=SECRET)
def test_a_webhook_with_a_long_id_or_a_strange_signature_is_answered_not_crashed(client, session):
    body = json.dumps(
        {
            "id": "x" * 101,
            "meeting": session.video_link,
            "email": session.enrolment.student.email,
            "event": "joined",
            "at": START.isoformat(),
            "sent_at": datetime.now(UTC).isoformat(),
        }
    ).encode()
    url = reverse("mentoring:video_webhook")
    signed = {"X-Signature": "sha256=" + video_reports.signature(body, SECRET)}
    long_id = client.post(url, body, content_type="application/json", headers=signed)
    strange = client.post(url, body, content_type="application/json", headers={"X-Signature": "sha256=é"})
    assert (long_id.status_code, strange.status_code) == (400, 401)
    assert not ToolEvent.objects.exists()


@pytest.mark.django_db
@override_settings(VIDEO_WEBHOOK_SECRET=SECRET)
def test_att4_a_join_received_by_file_then_by_webhook_is_refused_as_already_recorded(client, session):
    joined = START + timedelta(minutes=16)
    services.tool_report_import(
        session_id=session.pk,
        rows=_rows(session, (session.enrolment.student.email, joined)),
        by=session.mentor,
    )
    assert _post(client, session, at=joined).status_code == 409
    assert ToolEvent.objects.count() == 1


@pytest.mark.django_db
def test_att4_a_file_written_in_the_mentors_time_zone_is_read_in_it(session, client_as):
    """A mentor in Montreal: the tool wrote 04:16 there, which is 10:16 in Paris — 16 minutes late."""
    joined = (START + timedelta(minutes=16)).astimezone(ZoneInfo("America/Montreal"))
    text = f"User Email,Join Time\n{session.enrolment.student.email},{joined:%d/%m/%Y %H:%M:%S}\n"
    report = SimpleUploadedFile("participants.csv", text.encode(), content_type="text/csv")
    url = reverse("mentoring:session_report_upload", args=[session.pk])
    client_as(session.mentor).post(url, _form(report, time_zone="America/Montreal"))
    assert ToolEvent.objects.get().joined_at == START + timedelta(minutes=16)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"User Email,Join Time\n" + b"x" * (1024 * 1024), "larger than 1 MB"),
        (b"User Email,Join Time\n" + b"a" * 131_073 + b",10:00\n", "not a CSV file the school can read"),
    ],
    ids=["too-large", "field-too-long"],
)
def test_a_file_too_large_or_unreadable_is_answered_in_words(session, client_as, content, message):
    url = reverse("mentoring:session_report_upload", args=[session.pk])
    report = SimpleUploadedFile("participants.csv", content, content_type="text/csv")
    response = client_as(session.mentor).post(url, _form(report))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ToolEvent.objects.exists()


@pytest.mark.django_db
def test_att4_the_mentor_confirms_a_student_who_joined_early_as_on_time(session, client_as):
    rows = _rows(session, (session.enrolment.student.email, START - timedelta(minutes=40)))
    services.tool_report_import(session_id=session.pk, rows=rows, by=session.mentor, now=START)
    client_as(session.mentor).post(reverse("mentoring:session_log", args=[session.pk]), {"confirm": "tool"})
    session.refresh_from_db()
    assert (session.outcome, session.joined_at) == (Outcome.ATTENDED, START)


@pytest.mark.django_db
def test_acc1_an_audio_only_session_the_tool_never_saw_the_student_in_is_left_to_the_mentor(session):
    session.mode = MentoringSession.Mode.AUDIO
    session.save(update_fields=["mode"])
    rows = _rows(session, (session.mentor.email, START))
    services.tool_report_import(session_id=session.pk, rows=rows, by=session.mentor, now=START)
    services.attendance_sweep(now=END + timedelta(hours=3))
    session.refresh_from_db()
    assert session.status == MentoringSession.Status.SCHEDULED


def test_att4_a_leave_at_the_join_time_is_accepted_and_one_second_before_is_not():
    assert rules.tool_leave_problem(joined_at=START, left_at=START) is None
    assert rules.tool_leave_problem(joined_at=START, left_at=None) is None
    assert rules.tool_leave_problem(joined_at=START, left_at=START - timedelta(seconds=1)) == (
        "the leave time comes before the join time"
    )
