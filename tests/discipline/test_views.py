"""The Board's pages and the student's case page: who may see what, clear refusals, constant queries."""

import html
import re
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from discipline import services
from discipline.models import Case, Decision, Hearing, Letter
from discipline.rules import exclusion_ban_until
from openclassrooms.accounts.roles import Role
from students.services import EnrolmentError, enrolment_create, enrolment_exclude
from tests.discipline.factories import DecisionFactory
from tests.projects.factories import SubmissionFactory
from tests.students.factories import EnrolmentFactory


@pytest.fixture
def board(make_user):
    return make_user(Role.HEAD_OF_LEARNING), make_user(Role.LEARNING_MANAGER)


def _case(board, make_user, *, communicated=True, composed=True):
    chair, manager = board
    enrolment = EnrolmentFactory()
    enrolment.path.learning_manager = manager
    enrolment.path.save()
    case = services.case_open(
        enrolment=enrolment,
        source=Case.Source.CONDUCT,
        by=make_user(Role.STUDENT_SUCCESS),
        summary="Threatening messages to a mentor.",
    )
    if communicated:
        services.complaints_communicate(case_id=case.pk, by=chair)
    if composed:
        services.board_compose(case_id=case.pk, by=chair, chair=chair, learning_manager=manager)
    return case


@pytest.mark.django_db
def test_dis1_the_chair_and_the_paths_learning_manager_open_the_case_file_and_others_do_not(
    board, make_user, client_as
):
    case = _case(board, make_user)
    url = reverse("discipline:case_detail", args=[case.pk])
    chair, manager = board
    assert client_as(chair).get(url).status_code == 200
    assert client_as(manager).get(url).status_code == 200
    assert client_as(make_user(Role.LEARNING_MANAGER)).get(url).status_code == 404
    for role in (Role.MENTOR, Role.STUDENT, Role.STUDENT_SUCCESS, Role.JURY_MEMBER, Role.IMPACT_COMMITTEE):
        assert client_as(make_user(role)).get(url).status_code == 403


@pytest.mark.django_db
def test_dis3_a_hearing_less_than_72_hours_ahead_is_refused_with_the_soonest_date(
    board, make_user, client_as
):
    case = _case(board, make_user)
    start = timezone.localtime(timezone.now() + timedelta(hours=71))
    response = client_as(board[0]).post(
        reverse("discipline:case_action", args=[case.pk, "schedule"]),
        {
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "video_link": "https://meet.example.org/x",
            "channel": "email",
        },
        follow=True,
    )
    assert "at the soonest (DIS-3)" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLAINTS_COMMUNICATED


@pytest.mark.django_db
def test_only_the_actions_of_the_current_state_are_offered(board, make_user, client_as):
    case = _case(board, make_user, communicated=False, composed=False)
    page = client_as(board[0]).get(reverse("discipline:case_detail", args=[case.pk])).content.decode()
    assert "Send the complaints to the student" in page
    assert "Send the notice" not in page and "Record the decision" not in page
    response = client_as(board[0]).post(
        reverse("discipline:case_action", args=[case.pk, "decide"]),
        {"penalty": "warning", "grounds": "x", "effective_from": "2026-11-22"},
        follow=True,
    )
    assert "told the complaints" in response.content.decode()


@pytest.mark.django_db
def test_board_dashboard_shows_each_cases_next_step_with_constant_queries(
    board, make_user, client_as, count_queries, django_assert_max_num_queries
):
    client = client_as(board[0])
    _case(board, make_user)
    small = count_queries(client, reverse("discipline:dashboard"))
    for _ in range(6):
        case = _case(board, make_user)
        services.hearing_schedule(
            case_id=case.pk,
            by=board[0],
            start=timezone.now() + timedelta(hours=80),
            video_link="https://meet.example.org/h",
        )
    with django_assert_max_num_queries(16):
        large = count_queries(client, reverse("discipline:dashboard"))
    assert large == small
    page = client.get(reverse("discipline:dashboard")).content.decode()
    assert "Confirm the hearing once its notice is compliant (DIS-3)" in page


@pytest.mark.django_db
def test_the_case_file_issues_constant_queries(
    board, make_user, client_as, count_queries, django_assert_max_num_queries
):
    case = _case(board, make_user)
    client = client_as(board[0])
    url = reverse("discipline:case_detail", args=[case.pk])
    services.hearing_schedule(
        case_id=case.pk,
        by=board[0],
        start=timezone.now() + timedelta(hours=79),
        video_link="https://meet.example.org/h",
    )
    small = count_queries(client, url)
    for i in range(5):
        services.student_answer_submit(case_id=case.pk, student=case.enrolment.student, text=f"Answer {i}")
        services.hearing_schedule(
            case_id=case.pk,
            by=board[0],
            start=timezone.now() + timedelta(hours=80 + i),
            video_link="https://meet.example.org/h",
        )
    with django_assert_max_num_queries(30):
        large = count_queries(client, url)
    assert large == small


@pytest.mark.django_db
def test_dis4_the_student_sees_the_complaints_and_answers_in_writing(board, make_user, client_as):
    case = _case(board, make_user)
    client = client_as(case.enrolment.student)
    url = reverse("discipline:my_case", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Threatening messages to a mentor." in page and "at least 72 hours before" in page
    response = client.post(url, {"text": "I did not write those messages."})
    assert response.status_code == 302
    assert "I did not write those messages." in client.get(url).content.decode()
    other = EnrolmentFactory().student
    assert client_as(other).get(url).status_code == 404


@pytest.mark.django_db
def test_dis4_complaints_not_yet_communicated_are_not_shown_to_the_student(board, make_user, client_as):
    case = _case(board, make_user, communicated=False, composed=False)
    page = (
        client_as(case.enrolment.student).get(reverse("discipline:my_case", args=[case.pk])).content.decode()
    )
    assert "have not been communicated to you yet" in page
    assert "Send my answer" not in page


@pytest.mark.django_db
def test_com1_a_mentor_refers_their_student_and_not_another(make_user, client_as):
    enrolment = EnrolmentFactory()
    url = reverse("discipline:case_open", args=[enrolment.pk])
    response = client_as(enrolment.mentor).post(
        url, {"source": "commitment", "summary": "No project submitted for 3 months."}
    )
    assert response.status_code == 302
    assert Case.objects.get(enrolment=enrolment).grounds.get().rule == "COM-1"
    assert client_as(make_user(Role.MENTOR)).get(url).status_code == 404


@pytest.mark.django_db
def test_ip2_a_mentor_flags_copied_work_and_the_case_opens_with_it(client_as):

    submission = SubmissionFactory(status="submitted")
    response = client_as(submission.enrolment.mentor).post(
        reverse("discipline:flag_work", args=[submission.pk]), {"summary": "Copied from a public repository."}
    )
    assert response.status_code == 302
    case = Case.objects.get(enrolment=submission.enrolment)
    assert case.source == Case.Source.INTELLECTUAL_PROPERTY and case.status == Case.Status.OPENED
    assert case.evidence.get().submission == submission


@pytest.mark.django_db
def test_dis7_an_excluded_person_cannot_be_enrolled_for_one_year(board, make_user, client_as):

    case = _case(board, make_user)
    hearing = Hearing.objects.create(
        case=case,
        scheduled_start=timezone.now() - timedelta(days=3),
        video_link="https://meet.example.org/h",
        status=Hearing.Status.HELD,
    )
    excluded_on = timezone.localdate() - timedelta(days=1)
    Decision.objects.create(
        case=case,
        hearing=hearing,
        penalty=Decision.Penalty.EXCLUSION,
        grounds="Threats.",
        decided_at=timezone.now(),
        decided_by=board[0],
        effective_from=excluded_on,
        effective_until=excluded_on + relativedelta(years=1),
    )
    student = case.enrolment.student
    enrolment_exclude(
        enrolment_id=case.enrolment_id,
        on=excluded_on,
        ban_until=exclusion_ban_until(excluded_on),
        reason="Threats.",
    )
    path, mentor = case.enrolment.path, case.enrolment.mentor
    last_refused = excluded_on + relativedelta(years=1) - timedelta(days=1)
    with pytest.raises(EnrolmentError, match="cannot enrol on any path before"):
        enrolment_create(
            student=student,
            path=path,
            mentor=mentor,
            start_date=last_refused,
            planned_end_date=last_refused + timedelta(days=300),
        )
    allowed = enrolment_create(
        student=student,
        path=path,
        mentor=mentor,
        start_date=excluded_on + relativedelta(years=1),
        planned_end_date=excluded_on + relativedelta(years=2),
    )
    assert allowed.pk
    allowed.delete()
    response = client_as(make_user(Role.STUDENT_SUCCESS)).post(
        reverse("admin:students_enrolment_add"),
        {
            "student": student.pk,
            "path": path.pk,
            "mentor": mentor.pk,
            "status": "active",
            "start_date": last_refused.strftime("%d/%m/%Y"),
            "planned_end_date": (last_refused + timedelta(days=300)).strftime("%d/%m/%Y"),
            "fundings-TOTAL_FORMS": "0",
            "fundings-INITIAL_FORMS": "0",
            "accommodations-TOTAL_FORMS": "0",
            "accommodations-INITIAL_FORMS": "0",
            "placements-TOTAL_FORMS": "0",
            "placements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "cannot enrol on any path before" in response.content.decode()


@pytest.mark.django_db
def test_dis11_a_case_opened_by_student_success_carries_its_evidence_and_refuses_a_fake_pdf(
    make_user, client_as
):

    enrolment = EnrolmentFactory()
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    url = reverse("discipline:case_open", args=[enrolment.pk])
    fake = SimpleUploadedFile("screenshot.pdf", b"just text", content_type="application/pdf")
    response = client.post(url, {"source": "fraud", "summary": "Someone else presented.", "evidence": fake})
    assert "Only PDF, PNG or JPEG files are accepted." in response.content.decode()
    assert not Case.objects.filter(enrolment=enrolment).exists()
    png = SimpleUploadedFile("screenshot.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    response = client.post(url, {"source": "fraud", "summary": "Someone else presented.", "evidence": png})
    assert response.status_code == 302
    case = Case.objects.get(enrolment=enrolment)
    assert case.grounds.get().rule == "DIS-11"
    assert case.evidence.get().document.content_type == "image/png"


@pytest.mark.django_db
def test_dis7_the_students_case_page_gives_the_suspensions_dates(client_as):
    decision = DecisionFactory(
        penalty=Decision.Penalty.SUSPENSION,
        effective_from=date(2026, 5, 12),
        effective_until=date(2026, 6, 12),
    )
    student = decision.case.enrolment.student
    student.groups.add(Group.objects.get(name=Role.STUDENT))

    page = client_as(student).get(reverse("discipline:my_case", args=[decision.case.pk])).content.decode()

    assert "Tuesday 12 May 2026" in page and "resumes on <strong>Friday 12 June 2026" in page


@pytest.mark.django_db
def test_dis7_the_board_reads_the_suspensions_dates_in_the_students_words(make_user, client_as):
    """The Board read "until 12 June" where the student read "resumes on 12 June": one wording for both."""
    decision = DecisionFactory(
        penalty=Decision.Penalty.SUSPENSION,
        effective_from=date(2026, 5, 12),
        effective_until=date(2026, 6, 12),
    )
    chair = make_user(Role.HEAD_OF_LEARNING)

    page = client_as(chair).get(reverse("discipline:case_detail", args=[decision.case.pk])).content.decode()

    assert "Tuesday 12 May 2026" in page and "resumes on <strong>Friday 12 June 2026" in page


# --- First-day faults of the Board's pages ---------------------------------------------------------------


def _section(page: str, start: str, end: str) -> str:
    """The part of the page between two markers (both must be there)."""
    assert start in page and end in page, (start, end)
    return page.split(start, 1)[1].split(end, 1)[0]


def _seen(markup: str) -> str:
    """What a person reads in a piece of the page: the words, without tags or extra spaces."""
    return " ".join(html.unescape(strip_tags(markup)).split())


def _letter_sent(board, make_user) -> tuple[Case, Letter]:
    """A case walked through every step in the past, with the real services, up to the registered letter
    sent: complaints communicated, Board composed, notice, hearing held, warning decided, letter generated
    (what the Celery task does after the commit) and posted on day 2 after the hearing (DIS-8)."""
    chair, manager = board
    start = timezone.now() - timedelta(days=30)
    hearing_start = start + timedelta(days=4)
    enrolment = EnrolmentFactory(path__learning_manager=manager)
    case = services.case_open(
        enrolment=enrolment,
        source=Case.Source.CONDUCT,
        by=make_user(Role.STUDENT_SUCCESS),
        summary="Threatening messages to a mentor.",
        now=start,
    )
    services.complaints_communicate(case_id=case.pk, by=chair, now=start)
    services.board_compose(case_id=case.pk, by=chair, chair=chair, learning_manager=manager, now=start)
    hearing = services.hearing_schedule(
        case_id=case.pk, by=chair, start=hearing_start, video_link="https://meet.example.org/h", now=start
    )
    services.hearing_confirm(hearing_id=hearing.pk, by=chair, now=start + timedelta(hours=1))
    services.hearing_record(
        hearing_id=hearing.pk,
        by=chair,
        student_attended=True,
        representative_attended=None,
        minutes_grounds="The Board stated the threats.",
        minutes_explanations="The student apologised.",
        now=hearing_start + timedelta(hours=1),
    )
    decision = services.decision_record(
        case_id=case.pk,
        by=chair,
        penalty=Decision.Penalty.WARNING,
        grounds="First breach; the student apologised.",
        now=hearing_start + timedelta(hours=2),
    )
    services.letter_generate(letter_id=decision.letter.pk)
    hearing_date = timezone.localtime(hearing_start).date()
    letter = services.letter_dispatch(
        letter_id=decision.letter.pk,
        by=chair,
        dispatched_on=hearing_date + timedelta(days=2),
        registered_number="1A 234 567 8901 2",
        now=hearing_start + timedelta(days=3),
    )
    case.refresh_from_db()
    assert case.status == Case.Status.LETTER_SENT
    return case, letter


def _acknowledge(letter: Letter, by) -> None:
    services.letter_acknowledge(
        letter_id=letter.pk,
        acknowledged_on=letter.dispatched_on + timedelta(days=2),
        by=by,
        now=timezone.now() - timedelta(days=10),
    )


@pytest.mark.django_db
def test_closed_and_withdrawn_cases_stay_reachable_from_the_boards_dashboard(board, make_user, client_as):
    """Seen on the first day: closed and withdrawn cases vanished from the dashboard, no way to open them."""
    chair = board[0]
    still_open = _case(board, make_user)
    withdrawn = _case(board, make_user)
    services.case_withdraw(case=withdrawn, reason="The absences were corrected (ATT-6).", by=chair)
    closed, letter = _letter_sent(board, make_user)
    _acknowledge(letter, chair)

    page = client_as(chair).get(reverse("discipline:dashboard")).content.decode()

    table = _section(page, "<table", "</table>")
    over = _section(page, "<h2>Closed and withdrawn cases</h2>", "</ul>")
    link = '<a href="{}">#{}</a>'
    for case, status in ((closed, "Closed"), (withdrawn, "Withdrawn")):
        url = reverse("discipline:case_detail", args=[case.pk])
        assert link.format(url, case.pk) in over
        assert link.format(url, case.pk) not in table
        item = _seen(_section(over, link.format(url, case.pk), "</li>"))
        assert f"· {status}" in item
    assert "Warning" in _seen(_section(over, f">#{closed.pk}</a>", "</li>"))
    open_url = reverse("discipline:case_detail", args=[still_open.pk])
    assert link.format(open_url, still_open.pk) in table
    assert link.format(open_url, still_open.pk) not in over
    assert "None yet." not in over


@pytest.mark.django_db
def test_a_closed_cases_page_says_nothing_is_left_to_do_instead_of_an_empty_list_of_actions(
    board, make_user, client_as
):
    """Seen on the first day: a closed case's page showed "What you can do now" above nothing at all."""
    case, letter = _letter_sent(board, make_user)
    _acknowledge(letter, board[0])
    url = reverse("discipline:case_detail", args=[case.pk])

    page = client_as(board[0]).get(url).content.decode()

    actions = _section(page, "<h2>What you can do now</h2>", "<h2>Timeline</h2>")
    assert _seen(actions) == "Nothing left to do: the case is closed."
    assert "<form" not in actions
    assert reverse("discipline:case_action", args=[case.pk, "acknowledge"]) not in page


@pytest.mark.django_db
def test_att6_a_case_withdrawn_before_its_complaints_were_sent_offers_nothing_more(
    board, make_user, client_as
):
    """Seen on the first day: a withdrawn ATT-6 case still offered to send its complaints (then refused)."""
    case = _case(board, make_user, communicated=False, composed=False)
    services.case_withdraw(case=case, reason="The absences were corrected (ATT-6).", by=board[0])

    page = client_as(board[0]).get(reverse("discipline:case_detail", args=[case.pk])).content.decode()

    actions = _section(page, "<h2>What you can do now</h2>", "<h2>Timeline</h2>")
    assert _seen(actions) == "Nothing left to do: the case is withdrawn."
    assert "<form" not in actions and "Send the complaints" not in page


@pytest.mark.django_db
def test_dis8_once_the_acknowledgement_is_recorded_the_dashboard_no_longer_asks_for_it(
    board, make_user, client_as
):
    """Seen on the first day: the dashboard still asked for an acknowledgement of receipt already recorded."""
    chair = board[0]
    case, letter = _letter_sent(board, make_user)
    client = client_as(chair)
    url = reverse("discipline:case_detail", args=[case.pk])
    before = _section(client.get(reverse("discipline:dashboard")).content.decode(), "<table", "</table>")
    assert f'<a href="{url}">#{case.pk}</a>' in before
    assert "Record the acknowledgement of receipt" in before

    _acknowledge(letter, chair)

    page = client.get(reverse("discipline:dashboard")).content.decode()
    table = _section(page, "<table", "</table>")
    assert "Record the acknowledgement of receipt" not in page
    assert f'<a href="{url}">#{case.pk}</a>' not in table
    assert f'<a href="{url}">#{case.pk}</a>' in _section(page, "<h2>Closed and withdrawn cases</h2>", "</ul>")


@pytest.mark.django_db
def test_dis1_the_boards_compose_form_shows_who_sits_now(board, make_user, client_as):
    """Seen on the first day: once the Board was composed, its form showed blank choices, not who sits."""
    chair, manager = board
    make_user(Role.HEAD_OF_LEARNING)  # another Head of Learning the form could offer as chair
    case = _case(board, make_user, composed=False)
    representative = EnrolmentFactory(path=case.enrolment.path).student
    EnrolmentFactory(path=case.enrolment.path)  # another student who could represent
    url = reverse("discipline:case_detail", args=[case.pk])
    client = client_as(chair)
    form_action = reverse("discipline:case_action", args=[case.pk, "board"])

    def selected() -> dict[str, list[str]]:
        form = _section(client.get(url).content.decode(), f'action="{form_action}"', "</form>")
        choices = {}
        for name in ("chair", "learning_manager", "representative"):
            select = _section(form, f'<select name="{name}"', "</select>")
            choices[name] = re.findall(r'<option value="(\d+)" selected>', select)
        return choices

    assert selected() == {"chair": [], "learning_manager": [], "representative": []}

    services.board_compose(
        case_id=case.pk, by=chair, chair=chair, learning_manager=manager, representative=representative
    )

    assert selected() == {
        "chair": [str(chair.pk)],
        "learning_manager": [str(manager.pk)],
        "representative": [str(representative.pk)],
    }
