"""Each person's private calendar feed: sessions and replacements (mentor, student), hearings (Board members,
the student once noticed, their representative), presentations and jury sittings; one link, renewable."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentoring.models import MentoringSession
from mentoring.services import notice_give, replacement_slots, session_book_replacement
from tests.accounts.factories import UserFactory
from tests.discipline.factories import BoardSeatFactory, CaseFactory, HearingFactory, NoticeFactory
from tests.juries.factories import CandidacyFactory, JuryMemberFactory, JurySessionFactory
from tests.mentoring.factories import MentorAvailabilityFactory, SessionFactory
from tests.projects.factories import PresentationFactory
from tests.students.factories import EnrolmentFactory


def _events(client, user) -> dict[str, dict]:
    response = client.get(reverse("calendar_feed", args=[user.calendar_token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["uid"]).split("@")[0]: e for e in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.mark.django_db
def test_private_calendar_lists_sessions_and_shows_cancelled_ones(client):
    enrolment = EnrolmentFactory()
    now = timezone.now().replace(microsecond=0)
    kept = SessionFactory(enrolment=enrolment, scheduled_start=now + timedelta(days=3))
    postponed = SessionFactory(enrolment=enrolment, scheduled_start=now + timedelta(days=5))
    notice_give(session_id=postponed.pk, student=enrolment.student, reason="Exam")
    for user, other in ((enrolment.mentor, enrolment.student), (enrolment.student, enrolment.mentor)):
        events = _events(client, user)
        assert set(events) == {f"session-{kept.pk}", f"session-{postponed.pk}"}
        assert events[f"session-{kept.pk}"].decoded("dtstart") == kept.scheduled_start
        assert events[f"session-{kept.pk}"].decoded("dtend") == kept.scheduled_end
        assert str(events[f"session-{kept.pk}"]["status"]) == "CONFIRMED"
        assert str(events[f"session-{postponed.pk}"]["status"]) == "CANCELLED"
        assert str(events[f"session-{postponed.pk}"]["summary"]).startswith("Postponed")
        assert str(other) in str(events[f"session-{kept.pk}"]["summary"])


@pytest.mark.django_db
def test_att2_a_replacement_session_is_in_both_calendars_as_such(client):
    enrolment = EnrolmentFactory()
    now = timezone.now().replace(microsecond=0)
    start = timezone.localtime(now + timedelta(days=3)).replace(hour=9, minute=0, second=0)
    original = SessionFactory(enrolment=enrolment, scheduled_start=start)
    next_day = (start + timedelta(days=1)).weekday()
    MentorAvailabilityFactory(mentor=enrolment.mentor, weekday=next_day, starts_at=time(8), ends_at=time(20))
    notice_give(session_id=original.pk, student=enrolment.student, reason="Exam")
    slot = replacement_slots(session=MentoringSession.objects.get(pk=original.pk), now=now)[0]
    replacement = session_book_replacement(session_id=original.pk, student=enrolment.student, start=slot)
    for user in (enrolment.mentor, enrolment.student):
        event = _events(client, user)[f"session-{replacement.pk}"]
        assert str(event["summary"]).startswith("Replacement mentoring session with")
        assert event.decoded("dtstart") == slot
        assert str(event["status"]) == "CONFIRMED"


@pytest.mark.django_db
def test_att2_a_public_holiday_reads_as_no_session(client):
    enrolment = EnrolmentFactory()
    holiday = SessionFactory(
        enrolment=enrolment,
        scheduled_start=timezone.now() + timedelta(days=2),
        status=MentoringSession.Status.CANCELLED,
        outcome=MentoringSession.Outcome.HOLIDAY,
    )
    event = _events(client, enrolment.student)[f"session-{holiday.pk}"]
    assert str(event["summary"]).startswith("Public holiday, no session")
    assert str(event["status"]) == "CANCELLED"


@pytest.mark.django_db
def test_dis2_dis3_a_hearing_is_in_the_boards_calendar_and_the_students_once_noticed(client):
    case = CaseFactory()
    chair = BoardSeatFactory(case=case).user
    hearing = HearingFactory(case=case)
    representative = UserFactory(roles=["student"])
    hearing.representative = representative
    hearing.save()
    student = case.enrolment.student
    outsider = UserFactory(roles=["head_of_learning"])
    key = f"hearing-{hearing.pk}"

    board_event = _events(client, chair)[key]
    assert str(board_event["status"]) == "TENTATIVE"
    assert str(student) in str(board_event["summary"])
    assert str(board_event["location"]) == hearing.video_link
    assert board_event.decoded("dtend") - board_event.decoded("dtstart") == timedelta(hours=1)
    # Before the notice is sent (DIS-3) the student's calendar does not hold it.
    assert key not in _events(client, student)
    assert key not in _events(client, representative)
    assert key not in _events(client, outsider)

    NoticeFactory(hearing=hearing)
    hearing.status = hearing.Status.CONFIRMED
    hearing.save()
    student_event = _events(client, student)[key]
    assert str(student_event["summary"]) == "Your hearing before the Disciplinary Board"
    assert "student representative" in str(student_event["description"])
    assert str(student_event["status"]) == "CONFIRMED"
    assert "you accompany them" in str(_events(client, representative)[key]["summary"])
    assert key not in _events(client, outsider)


@pytest.mark.django_db
def test_dis5_a_postponed_hearing_shows_as_cancelled(client):
    hearing = HearingFactory(status="postponed", postponement_reason="Illness, certificate attached.")
    chair = BoardSeatFactory(case=hearing.case).user
    event = _events(client, chair)[f"hearing-{hearing.pk}"]
    assert str(event["status"]) == "CANCELLED"
    assert str(event["summary"]).startswith("Postponed:")


@pytest.mark.django_db
def test_trn1_a_final_presentation_is_in_the_students_and_the_validating_mentors_calendars(client):
    start = timezone.now().replace(microsecond=0) + timedelta(days=7)
    presentation = PresentationFactory(mode="audio", scheduled_start=start)
    student = presentation.submission.enrolment.student
    key = f"presentation-{presentation.pk}"
    mentor_event = _events(client, presentation.validating_mentor)[key]
    assert str(student) in str(mentor_event["summary"])
    assert str(mentor_event["summary"]).endswith("(audio only)")
    student_event = _events(client, student)[key]
    assert str(student_event["summary"]).startswith("Your final presentation")
    assert student_event.decoded("dtstart") == presentation.scheduled_start
    assert key not in _events(client, presentation.submission.enrolment.mentor)


@pytest.mark.django_db
def test_trn3_a_jury_sitting_is_in_its_members_and_candidates_calendars(client):
    sitting = JurySessionFactory(location="https://meet.example.org/jury")
    member = JuryMemberFactory(jury=sitting.jury).user
    candidate = CandidacyFactory(session=sitting).enrolment.student
    withdrawn = CandidacyFactory(session=sitting, status="withdrawn").enrolment.student
    key = f"sitting-{sitting.pk}"
    assert str(_events(client, member)[key]["summary"]).startswith("Jury sitting:")
    assert str(_events(client, candidate)[key]["summary"]).startswith("Your jury:")
    assert str(_events(client, candidate)[key]["location"]) == "https://meet.example.org/jury"
    assert key not in _events(client, withdrawn)
    assert key not in _events(client, JuryMemberFactory().user)


@pytest.mark.django_db
def test_the_feed_reads_in_a_constant_number_of_queries(client, django_assert_max_num_queries):
    enrolment = EnrolmentFactory()
    seat = BoardSeatFactory(user=enrolment.mentor, role="learning_manager")

    def grow(n):
        for i in range(n):
            SessionFactory(enrolment=enrolment, scheduled_start=timezone.now() + timedelta(days=i + 1))
        HearingFactory(case=seat.case, status="held", scheduled_start=timezone.now())
        PresentationFactory(validating_mentor=enrolment.mentor)
        JuryMemberFactory(user=enrolment.mentor, jury=JurySessionFactory().jury)

    grow(2)
    with django_assert_max_num_queries(5):
        small = len(_events(client, enrolment.mentor))
    grow(10)
    with django_assert_max_num_queries(5):
        large = len(_events(client, enrolment.mentor))
    assert (small, large) == (5, 18)


@pytest.mark.django_db
def test_the_first_feed_address_keeps_working(client):
    enrolment = EnrolmentFactory()
    SessionFactory(enrolment=enrolment, scheduled_start=timezone.now() + timedelta(days=1))
    response = client.get(f"/mentoring/calendar/{enrolment.student.calendar_token}.ics")
    assert response.status_code == 200
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1


@pytest.mark.django_db
def test_renewing_the_calendar_link_kills_the_old_one(client_as):
    enrolment = EnrolmentFactory()
    student = enrolment.student
    old = student.calendar_token
    client = client_as(student)
    client.post(reverse("calendar_regenerate"))
    student.refresh_from_db()
    assert student.calendar_token != old
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[student.calendar_token])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/students/", "/students/"),
        ("https://evil.example.org/phish", "/"),
        ("//evil.example.org/phish", "/"),
        ("", "/"),
    ],
)
def test_renewing_the_calendar_link_returns_only_to_a_page_of_this_site(client_as, next_url, lands_on):
    enrolment = EnrolmentFactory()
    response = client_as(enrolment.student).post(reverse("calendar_regenerate"), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == lands_on


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("mentor", "mentoring:dashboard"),
        ("student", "students:dashboard"),
        ("board", "discipline:dashboard"),
        ("jury", "juries:dashboard"),
    ],
)
def test_each_dashboard_with_dated_events_gives_its_reader_their_link(client_as, role, page):
    enrolment = EnrolmentFactory()
    user = {
        "mentor": enrolment.mentor,
        "student": enrolment.student,
        "board": UserFactory(roles=["head_of_learning"]),
        "jury": UserFactory(roles=["jury_member"]),
    }[role]
    response = client_as(user).get(reverse(page))
    assert response.status_code == 200
    assert f"/calendar/{user.calendar_token}.ics" in response.content.decode()
