"""The disciplinary services (SPEC DIS-1..DIS-11, COM-1, IP-2, CON-1, ATT-6) in ``discipline.services``.

Every service gets an explicit ``now``/``today`` so each boundary is exact: 72 hours for a notice (DIS-3),
day 1, 2, 15 and 16 after the hearing for the registered letter (DIS-8), one calendar month of suspension
(DIS-7). The hearing sits at 22:30 UTC on 11 May 2026, which is already 00:30 on 12 May in Paris: the DIS-8
days count from the hearing's Paris date, so a service that took the UTC date would be one day off.

Tests that look at delivered e-mail (``django.core.mail.outbox``) or at the generated PDF run the calls
that send them in ``django_capture_on_commit_callbacks(execute=True)`` (``decide`` does the same for the
decision): e-mails and letters go out from ``transaction.on_commit`` (Celery runs eagerly in tests), which
the block runs when it ends, as a real commit would. Other tests call ``letter_generate`` themselves, as the
task does, where a letter must exist.
"""

import contextlib
import html
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from discipline.models import (
    BoardSeat,
    Case,
    CaseEvent,
    CaseEvidence,
    CaseGround,
    Decision,
    DecisionCopy,
    Hearing,
    Letter,
    Notice,
    StudentAnswer,
)
from discipline.services import (
    CaseTransitionError,
    DisciplineError,
    board_compose,
    case_ground_add,
    case_open,
    case_transition,
    case_withdraw,
    complaints_communicate,
    decision_record,
    hearing_confirm,
    hearing_postpone_for_proof,
    hearing_record,
    hearing_schedule,
    letter_acknowledge,
    letter_dispatch,
    letter_generate,
    letters_watch,
    notice_record_receipt,
    penalties_sync,
    student_answer_submit,
)
from mentoring.models import MentoringSession
from mentoring.services import AttendanceError, notice_give, session_log_attendance
from openclassrooms.core.models import OutboundEmail
from students.models import Document, Enrolment, EnrolmentFunding
from tests.discipline.factories import DocumentFactory
from tests.mentoring.factories import SessionFactory
from tests.projects.factories import PathFactory, SubmissionFactory
from tests.students.factories import EnrolmentFactory, EnrolmentFundingFactory, FundingBodyFactory
from tests.utils import committed

# Monday 4 May 2026, 08:00 UTC (10:00 in Paris, summer time).
NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
# Monday 11 May 2026, 22:30 UTC = Tuesday 12 May, 00:30 in Paris.
HEARING = datetime(2026, 5, 11, 22, 30, tzinfo=UTC)
HEARING_DATE = date(2026, 5, 12)  # the hearing's local date in Paris (DIS-8 counts from it)
AFTER_HEARING = HEARING + timedelta(hours=2)  # 12 May, 02:30 in Paris
NOTICE_PERIOD = timedelta(hours=72)
ONE_SECOND = timedelta(seconds=1)
LINK = "https://meet.example.org/board-42"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
FACTS = "Threatening messages to another student on the project forum, 28 April 2026."
GROUNDS = "Threats against another student (CON-1)."


# --- Fixtures and helpers ----------------------------------------------------------------------------


@pytest.fixture
def learning_manager(make_user):
    return make_user("learning_manager")


@pytest.fixture
def enrolment(learning_manager):
    """A student on a path whose Learning Manager is ``learning_manager`` (DIS-1)."""
    return EnrolmentFactory(path__learning_manager=learning_manager)


@pytest.fixture
def head(make_user):
    return make_user("head_of_learning")


@pytest.fixture
def student_success(make_user):
    return make_user("student_success")


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def events(case: Case) -> list[tuple[str, str]]:
    """The timeline in the order it was written (some services stamp ``at`` with the wall clock)."""
    return list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("from_status", "to_status"))


def last_event(case: Case) -> CaseEvent:
    return CaseEvent.objects.filter(case=case).order_by("pk").last()


def mails_to(address: str, subject_start: str = "") -> list:
    return [m for m in mail.outbox if address in m.to and m.subject.startswith(subject_start)]


def open_case(enrolment, *, by=None, source=Case.Source.CONDUCT, summary=FACTS, now=NOW, **kwargs) -> Case:
    return case_open(
        enrolment=enrolment, source=source, summary=summary, by=by or enrolment.mentor, now=now, **kwargs
    )


def communicate(case: Case, *, by, now=NOW) -> Case:
    return complaints_communicate(case_id=case.pk, by=by, now=now)


def compose(case: Case, head, *, representative=None) -> list[BoardSeat]:
    return board_compose(
        case_id=case.pk,
        by=head,
        chair=head,
        learning_manager=case.enrolment.path.learning_manager,
        representative=representative,
    )


def prepare(case: Case, head) -> Case:
    """Complaints communicated (DIS-4) and the Board composed (DIS-1): a hearing can be scheduled."""
    communicate(case, by=head)
    compose(case, head)
    return fresh(case)


def schedule(case: Case, head, *, start=HEARING, now=NOW, channel="email", link=LINK) -> Hearing:
    return hearing_schedule(case_id=case.pk, by=head, start=start, video_link=link, channel=channel, now=now)


def record(hearing: Hearing, head, *, now=None, attended=False, grounds="The Board stated the threats."):
    return hearing_record(
        hearing_id=hearing.pk,
        by=head,
        student_attended=attended,
        representative_attended=None,
        minutes_grounds=grounds,
        minutes_explanations="The student apologised." if attended else "",
        now=now or hearing.scheduled_start + timedelta(hours=1),
    )


def confirmed_hearing(case: Case, head, *, start=HEARING) -> Hearing:
    case = prepare(case, head)
    hearing = schedule(case, head, start=start)
    return hearing_confirm(hearing_id=hearing.pk, by=head)


def walk_to_hearing_held(case: Case, head, *, start=HEARING) -> Hearing:
    """Complaints communicated, Board composed, notice sent in time, hearing confirmed and held (DIS-3..6)."""
    hearing = confirmed_hearing(case, head, start=start)
    record(hearing, head)
    return fresh(hearing)


def decide(
    case: Case, by, penalty=Decision.Penalty.WARNING, *, effective_from=None, now=AFTER_HEARING, commit=True
):
    """The Board decides; with ``commit`` what follows the commit runs too (the enrolment's sessions are
    cancelled, the letter is generated)."""
    with committed() if commit else contextlib.nullcontext():
        return decision_record(
            case_id=case.pk, by=by, penalty=penalty, grounds=GROUNDS, effective_from=effective_from, now=now
        )


def decided_letter(enrolment, head, penalty=Decision.Penalty.WARNING) -> Letter:
    """A decided case whose letter PDF was generated (what the Celery task does after the commit)."""
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    decision = decide(case, head, penalty)
    letter_generate(letter_id=decision.letter.pk)
    return fresh(decision.letter)


def dispatch(letter: Letter, head, on: date):
    """Recorded on the evening of the day it was posted (a posting is never recorded in advance)."""
    return letter_dispatch(
        letter_id=letter.pk,
        by=head,
        dispatched_on=on,
        registered_number="1A 234 567 8901 2",
        now=datetime.combine(on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=17),
    )


def attendance_case(enrolment) -> Case:
    """ATT-6: the mentor logs three consecutive no-shows; the attendance rules open the case."""
    for weeks_ago in (3, 2, 1):
        session = SessionFactory(enrolment=enrolment, scheduled_start=NOW - timedelta(weeks=weeks_ago))
        with committed():
            session_log_attendance(
                session_id=session.pk,
                mentor=enrolment.mentor,
                attendance=MentoringSession.Attendance.NO_SHOW,
                now=session.scheduled_start + timedelta(hours=1),
            )
    return Case.objects.get(enrolment=enrolment, source=Case.Source.ATTENDANCE)


# --- Opening a case (COM-1, CON-1, IP-2, DIS-11) -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "rule"),
    [
        (Case.Source.COMMITMENT, "COM-1"),
        (Case.Source.CONDUCT, "CON-1"),
        (Case.Source.FRAUD, "DIS-11"),
        (Case.Source.OTHER, "DIS-11"),
    ],
)
@pytest.mark.parametrize("opener", ["mentor", "student_success"])
def test_com1_con1_dis11_case_open_creates_case_ground_citing_rule_and_event(
    enrolment, student_success, source, rule, opener
):
    by = enrolment.mentor if opener == "mentor" else student_success

    case = open_case(enrolment, by=by, source=source, summary=f"  {FACTS}  ")

    case = fresh(case)
    assert (case.enrolment_id, case.source, case.status) == (enrolment.pk, source, "opened")
    assert (case.opened_at, case.opened_by_id) == (NOW, by.pk)
    assert list(case.grounds.values_list("rule", "statement", "communicated_at")) == [(rule, FACTS, None)]
    event = CaseEvent.objects.get(case=case)
    assert (event.at, event.actor_id, event.from_status, event.to_status) == (NOW, by.pk, "", "opened")
    assert rule in event.note


@pytest.mark.django_db
def test_ip2_flagged_submission_is_attached_as_evidence_and_the_case_opens_at_once(enrolment):
    submission = SubmissionFactory(enrolment=enrolment)

    case = open_case(enrolment, source=Case.Source.INTELLECTUAL_PROPERTY, submission=submission)

    assert fresh(case).status == "opened"  # no triage step (IP-2)
    assert list(case.grounds.values_list("rule", flat=True)) == ["IP-2"]
    evidence = CaseEvidence.objects.get(case=case)
    assert evidence.submission_id == submission.pk
    assert (evidence.added_by_id, evidence.added_at) == (enrolment.mentor.pk, NOW)
    assert submission.project.title in evidence.description


@pytest.mark.django_db
def test_ip2_without_the_flagged_submission_is_refused(enrolment):
    with pytest.raises(DisciplineError, match="IP-2"):
        open_case(enrolment, source=Case.Source.INTELLECTUAL_PROPERTY)

    assert not Case.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("summary", ["", "   \n "])
def test_dis11_a_case_without_the_facts_is_refused(enrolment, summary):
    with pytest.raises(DisciplineError, match="facts"):
        open_case(enrolment, summary=summary)

    assert not Case.objects.exists()
    assert not CaseGround.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("source", [Case.Source.ATTENDANCE, "gossip"])
def test_att6_case_open_refuses_the_attendance_source_and_unknown_sources(enrolment, source):
    """ATT-6 cases are opened by the attendance rules only, never by hand."""
    with pytest.raises(DisciplineError):
        open_case(enrolment, source=source)

    assert not Case.objects.exists()


# --- DIS-4: the complaints come first ----------------------------------------------------------------


@pytest.mark.django_db
def test_dis4_complaints_communicate_dates_grounds_moves_case_and_emails_the_student(
    enrolment, head, django_capture_on_commit_callbacks
):
    case = open_case(enrolment)

    with django_capture_on_commit_callbacks(execute=True):
        communicate(case, by=head, now=NOW + timedelta(hours=1))

    case = fresh(case)
    assert case.status == "complaints_communicated"
    assert list(case.grounds.values_list("communicated_at", flat=True)) == [NOW + timedelta(hours=1)]
    assert events(case)[-1] == ("opened", "complaints_communicated")
    assert last_event(case).actor_id == head.pk
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [enrolment.student.email]
    assert FACTS in mail.outbox[0].body


@pytest.mark.django_db
def test_dis4_a_second_communication_changes_nothing_and_sends_nothing_more(
    enrolment, head, django_capture_on_commit_callbacks
):
    case = open_case(enrolment)
    with django_capture_on_commit_callbacks(execute=True):
        communicate(case, by=head)
    events_before = events(case)

    with (
        django_capture_on_commit_callbacks(execute=True),
        contextlib.suppress(CaseTransitionError, DisciplineError),  # refused or a no-op: both are fine here
    ):
        communicate(case, by=head, now=NOW + timedelta(days=1))

    assert list(fresh(case).grounds.values_list("communicated_at", flat=True)) == [NOW]
    assert events(case) == events_before
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_dis4_a_second_communication_is_refused(enrolment, head, django_capture_on_commit_callbacks):
    """DIS-4: the complaints are communicated once; a second call is refused. Fails today: the second
    call returns quietly (``case_transition`` treats complaints_communicated → complaints_communicated
    as a no-op)."""
    case = open_case(enrolment)
    with django_capture_on_commit_callbacks(execute=True):
        communicate(case, by=head)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises((CaseTransitionError, DisciplineError)),
    ):
        communicate(case, by=head, now=NOW + timedelta(days=1))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_dis4_the_student_answers_in_writing_once_the_complaints_were_communicated(enrolment, head):
    case = open_case(enrolment)
    communicate(case, by=head)

    answer = student_answer_submit(
        case_id=case.pk, student=enrolment.student, text="  I was provoked.  ", now=NOW + timedelta(hours=5)
    )

    assert (answer.case_id, answer.text, answer.submitted_at) == (
        case.pk,
        "I was provoked.",
        NOW + timedelta(hours=5),
    )
    event = last_event(case)
    assert (event.actor_id, event.from_status, event.to_status) == (
        enrolment.student.pk,
        "complaints_communicated",
        "complaints_communicated",
    )


@pytest.mark.django_db
def test_dis4_the_student_cannot_answer_before_the_complaints_are_communicated(enrolment):
    case = open_case(enrolment)

    with pytest.raises(DisciplineError, match="complaints were communicated"):
        student_answer_submit(case_id=case.pk, student=enrolment.student, text="I was provoked.", now=NOW)

    assert not StudentAnswer.objects.exists()


@pytest.mark.django_db
def test_dis4_another_student_cannot_answer(enrolment, head):
    case = open_case(enrolment)
    communicate(case, by=head)
    other = EnrolmentFactory(path=enrolment.path).student

    with pytest.raises(DisciplineError, match="not your case"):
        student_answer_submit(case_id=case.pk, student=other, text="He was provoked.", now=NOW)

    assert not StudentAnswer.objects.exists()


# --- DIS-1: the Board --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dis1_head_of_learning_chairs_with_the_paths_learning_manager_and_an_advisory_representative(
    enrolment, head, learning_manager
):
    case = open_case(enrolment)
    representative = EnrolmentFactory(path=enrolment.path).student

    seats = compose(case, head, representative=representative)

    assert {(s.role, s.user_id, s.votes) for s in seats} == {
        ("chair", head.pk, True),
        ("learning_manager", learning_manager.pk, True),
        ("student_representative", representative.pk, False),
    }
    assert BoardSeat.objects.filter(case=case).count() == 3
    assert "Board" in last_event(case).note


@pytest.mark.django_db
def test_dis1_the_board_may_sit_without_a_student_representative(enrolment, head):
    case = open_case(enrolment)

    compose(case, head)

    assert set(BoardSeat.objects.filter(case=case).values_list("role", flat=True)) == {
        "chair",
        "learning_manager",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("chair_role", ["learning_manager", "student_success", "mentor"])
def test_dis1_a_chair_who_is_not_the_head_of_learning_is_refused(enrolment, make_user, chair_role):
    case = open_case(enrolment)
    chair = make_user(chair_role)

    with pytest.raises(DisciplineError, match="Head of Learning"):
        board_compose(
            case_id=case.pk, by=chair, chair=chair, learning_manager=enrolment.path.learning_manager
        )

    assert not BoardSeat.objects.exists()


@pytest.mark.django_db
def test_dis1_the_learning_manager_of_another_path_is_refused(enrolment, head, make_user):
    case = open_case(enrolment)
    other_manager = make_user("learning_manager")
    PathFactory(learning_manager=other_manager)

    with pytest.raises(DisciplineError, match="student's path"):
        board_compose(case_id=case.pk, by=head, chair=head, learning_manager=other_manager)

    assert not BoardSeat.objects.exists()


@pytest.mark.django_db
def test_dis1_a_representative_from_another_path_is_refused(enrolment, head):
    case = open_case(enrolment)
    outsider = EnrolmentFactory().student  # a student, on another path

    with pytest.raises(DisciplineError, match="same path"):
        compose(case, head, representative=outsider)

    assert not BoardSeat.objects.exists()


@pytest.mark.django_db
def test_dis1_the_student_under_proceedings_cannot_sit_as_the_student_representative(enrolment, head):
    """DIS-1: the representative is another student of the path. Fails today: the accused student has an
    active enrolment on the path, so ``board_compose`` seats them on their own Board."""
    case = open_case(enrolment)

    with pytest.raises(DisciplineError):
        compose(case, head, representative=enrolment.student)

    assert not BoardSeat.objects.exists()


# --- DIS-3: the notice of a hearing ------------------------------------------------------------------


@pytest.mark.django_db
def test_dis3_a_hearing_72_hours_minus_1_second_after_now_is_refused_with_the_soonest_date(enrolment, head):
    case = prepare(open_case(enrolment), head)

    # NOW + 72 h = Thursday 7 May 2026, 08:00 UTC = 10:00 in Paris.
    with pytest.raises(DisciplineError, match=r"7 May 2026 at 10:00 at the soonest \(DIS-3\)"):
        schedule(case, head, start=NOW + NOTICE_PERIOD - ONE_SECOND)

    assert not Hearing.objects.exists()
    assert not Notice.objects.exists()
    assert fresh(case).status == "complaints_communicated"


@pytest.mark.django_db
def test_dis3_a_hearing_exactly_72_hours_after_now_is_accepted(enrolment, head):
    case = prepare(open_case(enrolment), head)

    hearing = schedule(case, head, start=NOW + NOTICE_PERIOD)

    assert (hearing.status, hearing.scheduled_start) == ("proposed", NOW + NOTICE_PERIOD)
    assert fresh(case).status == "hearing_scheduled"
    assert hearing_confirm(hearing_id=hearing.pk, by=head).status == "confirmed"


@pytest.mark.django_db
def test_dis3_dis4_no_hearing_before_the_complaints_are_communicated(enrolment, head):
    case = open_case(enrolment)
    compose(case, head)

    with pytest.raises(DisciplineError, match="DIS-4"):
        schedule(case, head)

    assert not Hearing.objects.exists()


@pytest.mark.django_db
def test_dis1_dis3_no_hearing_before_the_board_is_composed(enrolment, head):
    case = open_case(enrolment)
    communicate(case, by=head)

    with pytest.raises(DisciplineError, match="DIS-1"):
        schedule(case, head)

    assert not Hearing.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("link", ["http://meet.example.org/board-42", "meet.example.org/board-42", "  "])
def test_dis2_dis3_a_video_link_that_is_not_https_is_refused(enrolment, head, link):
    case = prepare(open_case(enrolment), head)

    with pytest.raises(DisciplineError, match="https"):
        schedule(case, head, link=link)

    assert not Hearing.objects.exists()


@pytest.mark.django_db
def test_dis3_the_notice_states_purpose_complaints_date_and_link_is_emailed_and_allows_confirmation(
    enrolment, head, django_capture_on_commit_callbacks
):
    case = prepare(open_case(enrolment), head)
    mail.outbox.clear()  # the complaints (DIS-4)

    with django_capture_on_commit_callbacks(execute=True):
        hearing = schedule(case, head)

    notice = Notice.objects.get(hearing=hearing)
    assert (notice.channel, notice.sent_at, notice.hearing_start) == ("email", NOW, HEARING)
    assert notice.video_link == LINK
    assert "Disciplinary Board" in notice.purpose
    assert FACTS in notice.complaints and "CON-1" in notice.complaints
    assert notice.states_right_to_representative
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [enrolment.student.email]
    assert "12 May 2026, 00:30" in message.body  # the Paris time of the hearing
    assert LINK in message.body and FACTS in message.body
    assert "student representative" in message.body

    assert hearing_confirm(hearing_id=hearing.pk, by=head).status == "confirmed"
    assert fresh(case).status == "hearing_scheduled"


@pytest.mark.django_db
def test_dis3_moving_the_hearing_cancels_the_first_sends_a_new_notice_and_restarts_the_72_hours(
    enrolment, head, django_capture_on_commit_callbacks
):
    case = prepare(open_case(enrolment), head)
    with django_capture_on_commit_callbacks(execute=True):
        first = schedule(case, head)
    hearing_confirm(hearing_id=first.pk, by=head)
    moved_at = NOW + timedelta(days=2)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DisciplineError, match="DIS-3"):
        schedule(case, head, start=moved_at + NOTICE_PERIOD - ONE_SECOND, now=moved_at)
    assert fresh(first).status == "confirmed"

    with django_capture_on_commit_callbacks(execute=True):
        second = schedule(case, head, start=moved_at + NOTICE_PERIOD, now=moved_at)

    assert fresh(first).status == "cancelled"
    assert fresh(second).status == "proposed"
    assert Notice.objects.get(hearing=second).sent_at == moved_at
    assert len(mails_to(enrolment.student.email, "Notice of a Disciplinary Board meeting")) == 2
    assert events(case)[-1] == ("hearing_scheduled", "hearing_scheduled")
    with pytest.raises(DisciplineError):
        hearing_confirm(hearing_id=first.pk, by=head)
    assert hearing_confirm(hearing_id=second.pk, by=head).status == "confirmed"


@pytest.mark.django_db
def test_dis3_a_hand_delivered_notice_needs_the_receipt_before_the_hearing_is_confirmed(enrolment, head):
    """DIS-3: handed over against a receipt. Fails today: ``hearing_schedule`` stores every notice with
    ``sent_at=now`` and no receipt, which the ``notice_hand_has_receipt`` constraint rejects
    (IntegrityError)."""
    case = prepare(open_case(enrolment), head)
    emails_before = OutboundEmail.objects.count()

    hearing = schedule(case, head, channel=Notice.Channel.HAND_DELIVERED)

    assert OutboundEmail.objects.count() == emails_before  # handed over, not e-mailed
    with pytest.raises(DisciplineError, match="receipt"):
        hearing_confirm(hearing_id=hearing.pk, by=head)
    notice = Notice.objects.get(hearing=hearing)
    notice_record_receipt(notice_id=notice.pk, signed_at=HEARING - NOTICE_PERIOD, by=head)
    assert fresh(notice).receipt_signed_at == HEARING - NOTICE_PERIOD
    assert hearing_confirm(hearing_id=hearing.pk, by=head).status == "confirmed"


@pytest.mark.django_db
def test_dis3_a_receipt_signed_71_hours_before_the_hearing_is_too_late(enrolment, head):
    """DIS-3: a handed-over notice counts from the receipt. Fails today for the same IntegrityError."""
    case = prepare(open_case(enrolment), head)
    hearing = schedule(case, head, channel=Notice.Channel.HAND_DELIVERED)
    notice = Notice.objects.get(hearing=hearing)

    notice_record_receipt(notice_id=notice.pk, signed_at=HEARING - timedelta(hours=71), by=head)

    with pytest.raises(DisciplineError, match="72 hours"):
        hearing_confirm(hearing_id=hearing.pk, by=head)
    assert fresh(hearing).status == "proposed"


# --- DIS-5, DIS-6: the hearing -----------------------------------------------------------------------


@pytest.mark.django_db
def test_dis6_the_hearing_cannot_be_recorded_before_it_starts(enrolment, head):
    hearing = confirmed_hearing(open_case(enrolment), head)

    with pytest.raises(DisciplineError, match="not started"):
        record(hearing, head, now=HEARING - ONE_SECOND)

    assert fresh(hearing).status == "confirmed"
    assert fresh(hearing.case).status == "hearing_scheduled"


@pytest.mark.django_db
@pytest.mark.parametrize("grounds", ["", "  \n"])
def test_dis6_minutes_without_the_grounds_are_refused(enrolment, head, grounds):
    hearing = confirmed_hearing(open_case(enrolment), head)

    with pytest.raises(DisciplineError, match="DIS-6"):
        record(hearing, head, now=HEARING, grounds=grounds)

    assert fresh(hearing).status == "confirmed"


@pytest.mark.django_db
def test_dis5_the_student_absent_without_proof_the_hearing_goes_ahead(enrolment, head):
    case = open_case(enrolment)
    hearing = confirmed_hearing(case, head)

    record(hearing, head, now=HEARING, attended=False)

    hearing = fresh(hearing)
    assert (hearing.status, hearing.student_attended) == ("held", False)
    assert hearing.minutes_grounds == "The Board stated the threats."
    assert "DIS-5" in hearing.minutes_explanations
    assert fresh(case).status == "hearing_held"
    assert events(case)[-1] == ("hearing_scheduled", "hearing_held")


@pytest.mark.django_db
def test_dis5_an_official_proof_of_illness_postpones_with_a_new_hearing_and_notice(enrolment, head):
    case = open_case(enrolment)
    hearing = confirmed_hearing(case, head)
    proof = DocumentFactory(student=enrolment.student)
    asked_at = HEARING + timedelta(minutes=10)

    new = hearing_postpone_for_proof(
        hearing_id=hearing.pk,
        by=head,
        kind="illness",
        proof=proof,
        new_start=asked_at + NOTICE_PERIOD,
        video_link=LINK,
        now=asked_at,
    )

    old = fresh(hearing)
    assert (old.status, old.extenuating_kind, old.extenuating_proof_id) == ("postponed", "illness", proof.pk)
    assert "illness" in old.postponement_reason
    assert new.pk != old.pk
    assert (new.status, new.scheduled_start) == ("proposed", asked_at + NOTICE_PERIOD)
    notice = Notice.objects.get(hearing=new)
    assert (notice.sent_at, notice.hearing_start) == (asked_at, asked_at + NOTICE_PERIOD)
    assert fresh(case).status == "hearing_scheduled"
    assert hearing_confirm(hearing_id=new.pk, by=head).status == "confirmed"


@pytest.mark.django_db
def test_dis3_dis5_the_postponed_hearing_still_needs_72_hours_of_notice(enrolment, head):
    hearing = confirmed_hearing(open_case(enrolment), head)
    asked_at = HEARING + timedelta(minutes=10)

    with pytest.raises(DisciplineError, match="DIS-3"):
        hearing_postpone_for_proof(
            hearing_id=hearing.pk,
            by=head,
            kind="illness",
            proof=DocumentFactory(student=enrolment.student),
            new_start=asked_at + NOTICE_PERIOD - ONE_SECOND,
            video_link=LINK,
            now=asked_at,
        )

    assert fresh(hearing).status == "confirmed"
    assert Hearing.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["holiday", "", "ILLNESS"])
def test_dis5_only_accident_illness_or_bereavement_postpone(enrolment, head, kind):
    hearing = confirmed_hearing(open_case(enrolment), head)

    with pytest.raises(DisciplineError, match="DIS-5"):
        hearing_postpone_for_proof(
            hearing_id=hearing.pk,
            by=head,
            kind=kind,
            proof=DocumentFactory(student=enrolment.student),
            new_start=HEARING + timedelta(days=7),
            video_link=LINK,
            now=HEARING,
        )

    assert fresh(hearing).status == "confirmed"


@pytest.mark.django_db
def test_dis5_a_postponement_without_the_official_document_is_refused(enrolment, head):
    hearing = confirmed_hearing(open_case(enrolment), head)

    with pytest.raises(DisciplineError, match="official document"):
        hearing_postpone_for_proof(
            hearing_id=hearing.pk,
            by=head,
            kind="accident",
            proof=None,
            new_start=HEARING + timedelta(days=7),
            video_link=LINK,
            now=HEARING,
        )

    assert fresh(hearing).status == "confirmed"


# --- DIS-7: the decision and the penalties -----------------------------------------------------------


@pytest.mark.django_db
def test_dis7_the_student_representative_has_no_vote(enrolment, head):
    case = open_case(enrolment)
    representative = EnrolmentFactory(path=enrolment.path).student
    communicate(case, by=head)
    compose(case, head, representative=representative)
    hearing = schedule(case, head)
    hearing_confirm(hearing_id=hearing.pk, by=head)
    record(hearing, head)

    with pytest.raises(DisciplineError, match="voting members"):
        decide(case, representative)

    assert not Decision.objects.exists()
    assert fresh(case).status == "hearing_held"


@pytest.mark.django_db
def test_dis7_someone_without_a_seat_cannot_decide(enrolment, head, student_success):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)

    for outsider in (student_success, enrolment.mentor):
        with pytest.raises(DisciplineError, match="voting members"):
            decide(case, outsider)

    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_dis7_the_learning_manager_votes(enrolment, head, learning_manager):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)

    decision = decide(case, learning_manager, Decision.Penalty.NONE)

    assert (decision.penalty, decision.decided_by_id) == ("none", learning_manager.pk)
    assert fresh(case).status == "decided"


@pytest.mark.django_db
def test_dis4_dis7_no_decision_before_the_hearing_is_held(enrolment, head):
    case = open_case(enrolment)
    compose(case, head)

    with pytest.raises(DisciplineError, match="DIS-4"):
        decide(case, head)

    communicate(case, by=head)
    hearing = schedule(case, head)
    hearing_confirm(hearing_id=hearing.pk, by=head)
    with pytest.raises(DisciplineError, match="after the hearing"):
        decide(case, head)

    assert not Decision.objects.exists()
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_dis7_a_warning_is_emailed_to_the_student(enrolment, head):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    mail.outbox.clear()

    decision = decide(case, head, Decision.Penalty.WARNING)

    assert (decision.penalty, decision.effective_from, decision.effective_until) == (
        "warning",
        HEARING_DATE,
        None,
    )
    warnings = mails_to(enrolment.student.email, "Disciplinary decision: a warning")
    assert len(warnings) == 1
    assert GROUNDS in warnings[0].body
    assert fresh(enrolment).status == "active"


@pytest.mark.django_db
def test_dis7_a_suspension_lasts_one_calendar_month_cancels_its_sessions_and_blocks_attendance(
    enrolment, head
):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    # Midnight in Paris is 22:00 UTC the day before (summer time).
    before = SessionFactory(enrolment=enrolment, scheduled_start=datetime(2026, 5, 11, 21, 59, tzinfo=UTC))
    first_day = SessionFactory(enrolment=enrolment, scheduled_start=datetime(2026, 5, 11, 22, 0, tzinfo=UTC))
    inside = SessionFactory(enrolment=enrolment, scheduled_start=datetime(2026, 6, 2, 8, 0, tzinfo=UTC))
    last_day = SessionFactory(enrolment=enrolment, scheduled_start=datetime(2026, 6, 11, 21, 59, tzinfo=UTC))
    after = SessionFactory(enrolment=enrolment, scheduled_start=datetime(2026, 6, 11, 22, 0, tzinfo=UTC))

    decision = decide(case, head, Decision.Penalty.SUSPENSION, effective_from=HEARING_DATE)

    assert (decision.effective_from, decision.effective_until) == (HEARING_DATE, date(2026, 6, 12))
    enrolment = fresh(enrolment)
    assert (enrolment.status, enrolment.suspended_until) == ("suspended", date(2026, 6, 12))
    for session in (first_day, inside, last_day):
        session = fresh(session)
        assert (session.status, session.outcome, session.rule) == ("cancelled", "administrative", "DIS-7")
    for session in (before, after):
        assert fresh(session).status == "scheduled"

    with pytest.raises(AttendanceError, match="suspended"):
        session_log_attendance(
            session_id=after.pk,
            mentor=enrolment.mentor,
            attendance="attended",
            now=after.scheduled_start + timedelta(hours=1),
        )
    with pytest.raises(AttendanceError, match="suspended"):
        notice_give(session_id=after.pk, student=enrolment.student, reason="Dentist.", now=AFTER_HEARING)

    assert penalties_sync(today=date(2026, 6, 11)) == (0, 0)
    assert fresh(enrolment).status == "suspended"
    assert penalties_sync(today=date(2026, 6, 12)) == (0, 1)
    enrolment = fresh(enrolment)
    assert (enrolment.status, enrolment.suspended_until) == ("active", None)


@pytest.mark.django_db
def test_dis7_a_suspension_from_a_future_date_starts_on_that_day_with_penalties_sync(enrolment, head):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    start = date(2026, 5, 20)
    session = SessionFactory(enrolment=enrolment, scheduled_start=datetime(2026, 5, 21, 8, 0, tzinfo=UTC))

    decision = decide(case, head, Decision.Penalty.SUSPENSION, effective_from=start)

    assert decision.effective_until == date(2026, 6, 20)
    assert fresh(enrolment).status == "active"
    assert penalties_sync(today=start - timedelta(days=1)) == (0, 0)
    assert fresh(enrolment).status == "active"
    assert fresh(session).status == "scheduled"

    with committed():
        assert penalties_sync(today=start) == (1, 0)

    enrolment = fresh(enrolment)
    assert (enrolment.status, enrolment.suspended_until) == ("suspended", date(2026, 6, 20))
    assert (fresh(session).status, fresh(session).outcome) == ("cancelled", "administrative")
    assert penalties_sync(today=start) == (0, 0)
    assert penalties_sync(today=date(2026, 6, 20)) == (0, 1)
    assert fresh(enrolment).status == "active"


@pytest.mark.django_db
def test_dis7_exclusion_ends_the_training_and_cancels_every_later_session(enrolment, head):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    before = SessionFactory(enrolment=enrolment, scheduled_start=datetime(2026, 5, 11, 21, 59, tzinfo=UTC))
    later = [
        SessionFactory(enrolment=enrolment, scheduled_start=start)
        for start in (
            datetime(2026, 5, 11, 22, 0, tzinfo=UTC),
            datetime(2026, 5, 19, 8, 0, tzinfo=UTC),
            datetime(2027, 1, 5, 9, 0, tzinfo=UTC),
        )
    ]

    decision = decide(case, head, Decision.Penalty.EXCLUSION)

    assert (decision.effective_from, decision.effective_until) == (HEARING_DATE, date(2027, 5, 12))
    enrolment = fresh(enrolment)
    assert (enrolment.status, enrolment.ended_on, enrolment.suspended_until) == (
        Enrolment.Status.EXCLUDED,
        HEARING_DATE,
        None,
    )
    for session in later:
        session = fresh(session)
        assert (session.status, session.outcome, session.rule) == ("cancelled", "administrative", "DIS-7")
    assert fresh(before).status == "scheduled"
    with pytest.raises(AttendanceError, match="ended"):
        session_log_attendance(
            session_id=before.pk,
            mentor=enrolment.mentor,
            attendance="attended",
            now=before.scheduled_start + timedelta(hours=1),
        )


@pytest.mark.django_db
def test_dis7_no_penalty_leaves_the_training_alone(enrolment, head):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    session = SessionFactory(enrolment=enrolment, scheduled_start=datetime(2026, 5, 19, 8, 0, tzinfo=UTC))

    decision = decide(case, head, Decision.Penalty.NONE)

    assert (decision.effective_from, decision.effective_until) == (None, None)
    assert fresh(enrolment).status == "active"
    assert fresh(session).status == "scheduled"
    assert Letter.objects.filter(decision=decision).exists()  # DIS-8: every decision reaches the student


# --- DIS-8: the registered letter --------------------------------------------------------------------


@pytest.mark.django_db
def test_dis8_the_decision_creates_its_letter_and_the_pdf_is_generated_after_the_commit(enrolment, head):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)

    decision = decide(case, head, Decision.Penalty.SUSPENSION, effective_from=HEARING_DATE)

    letter = Letter.objects.get(decision=decision)
    assert letter.pdf.name.endswith(".pdf")
    assert letter.generated_at is not None
    with letter.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert letter.dispatched_on is None
    assert letter_generate(letter_id=letter.pk) is False  # rendered once


@pytest.mark.django_db
def test_dis8_a_letter_still_being_generated_cannot_be_dispatched(enrolment, head):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    decision = decide(case, head, commit=False)  # no commit here: the PDF task has not run

    with pytest.raises(DisciplineError, match="generated"):
        dispatch(decision.letter, head, HEARING_DATE + timedelta(days=2))

    assert fresh(decision.letter).dispatched_on is None


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "accepted"), [(1, False), (2, True), (15, True), (16, False)])
def test_dis8_the_letter_is_sent_between_day_2_and_day_15_after_the_hearings_paris_date(
    enrolment, head, day, accepted
):
    letter = decided_letter(enrolment, head)
    on = HEARING_DATE + timedelta(days=day)

    if accepted:
        dispatch(letter, head, on)
        letter = fresh(letter)
        assert (letter.dispatched_on, letter.registered_number) == (on, "1A 234 567 8901 2")
        assert letter.decision.case.status == "letter_sent"
    else:
        with pytest.raises(DisciplineError, match="DIS-8"):
            dispatch(letter, head, on)
        letter = fresh(letter)
        assert letter.dispatched_on is None
        assert letter.decision.case.status == "decided"


@pytest.mark.django_db
def test_dis8_a_sent_letter_cannot_be_sent_again(enrolment, head):
    letter = decided_letter(enrolment, head)
    dispatch(letter, head, HEARING_DATE + timedelta(days=2))

    with pytest.raises(DisciplineError, match="already sent"):
        dispatch(letter, head, HEARING_DATE + timedelta(days=3))

    assert fresh(letter).dispatched_on == HEARING_DATE + timedelta(days=2)


@pytest.mark.django_db
def test_dis8_once_decided_the_decision_cannot_be_recorded_again(enrolment, head):
    letter = decided_letter(enrolment, head)
    dispatch(letter, head, HEARING_DATE + timedelta(days=2))

    with pytest.raises(DisciplineError):
        decide(letter.decision.case, head, Decision.Penalty.EXCLUSION)

    assert Decision.objects.get().penalty == "warning"


@pytest.mark.django_db
def test_dis8_the_acknowledgement_cannot_precede_the_dispatch_and_closes_the_case(enrolment, head):
    letter = decided_letter(enrolment, head)
    sent_on = HEARING_DATE + timedelta(days=3)

    with pytest.raises(DisciplineError, match="not been sent"):
        letter_acknowledge(letter_id=letter.pk, acknowledged_on=sent_on, by=head)
    dispatch(letter, head, sent_on)
    with pytest.raises(DisciplineError, match="before the letter was sent"):
        letter_acknowledge(letter_id=letter.pk, acknowledged_on=sent_on - timedelta(days=1), by=head)
    assert fresh(letter).acknowledged_on is None

    letter_acknowledge(letter_id=letter.pk, acknowledged_on=sent_on + timedelta(days=2), by=head)

    letter = fresh(letter)
    assert letter.acknowledged_on == sent_on + timedelta(days=2)
    assert letter.decision.case.status == "closed"
    assert events(letter.decision.case)[-1] == ("letter_sent", "closed")


@pytest.mark.django_db
def test_dis8_letters_watch_reminds_the_chair_on_day_12_and_flags_a_missed_window_after_day_15(
    enrolment, head, django_capture_on_commit_callbacks
):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    decision = decide(case, head)
    letter = Letter.objects.get(decision=decision)
    mail.outbox.clear()

    def watch(day: int) -> tuple[int, int]:
        """The daily beat task on day ``day`` after the hearing, and what follows its commit."""
        with django_capture_on_commit_callbacks(execute=True):
            return letters_watch(today=HEARING_DATE + timedelta(days=day), now=NOW)

    assert watch(11) == (0, 0)
    assert mail.outbox == []

    assert watch(12) == (1, 0)
    assert watch(12) == (0, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [head.email]
    assert fresh(letter).reminded_at == NOW
    assert fresh(letter).window_missed_at is None

    assert watch(15) == (0, 0)
    assert watch(16) == (0, 1)
    assert watch(17) == (0, 0)

    assert fresh(letter).window_missed_at == NOW
    assert len(mails_to(settings.STUDENT_SUCCESS_EMAIL)) == 1
    assert len(mail.outbox) == 2


# --- DIS-9: copies to the funding bodies -------------------------------------------------------------


@pytest.mark.django_db
def test_dis9_a_copy_goes_to_every_third_party_funding_body_and_none_for_a_self_funded_line(
    enrolment, head, django_capture_on_commit_callbacks
):
    job_centre = EnrolmentFundingFactory(enrolment=enrolment, share_percent=50).body
    employer = EnrolmentFundingFactory(
        enrolment=enrolment,
        kind=EnrolmentFunding.Kind.EMPLOYER,
        body=FundingBodyFactory(kind="employer", contact_email="", postal_address="2 avenue de Lyon"),
        share_percent=30,
    ).body
    EnrolmentFundingFactory(enrolment=enrolment, kind=EnrolmentFunding.Kind.SELF, body=None, share_percent=20)
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    decision = decide(case, head, Decision.Penalty.SUSPENSION, effective_from=HEARING_DATE)
    sent_on = HEARING_DATE + timedelta(days=2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        dispatch(Letter.objects.get(decision=decision), head, sent_on)

    copies = {
        c.funding_body_id: (c.address, c.sent_on) for c in DecisionCopy.objects.filter(decision=decision)
    }
    assert copies == {
        job_centre.pk: (job_centre.postal_address, sent_on),
        employer.pk: ("2 avenue de Lyon", sent_on),
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [job_centre.contact_email]
    assert GROUNDS in mail.outbox[0].body


# --- ATT-6: a referral for absences goes through the same proceedings --------------------------------


def _walk_to(case: Case, head, stage: str) -> None:
    if stage in ("complaints_communicated", "hearing_scheduled"):
        communicate(case, by=head)
    if stage == "hearing_scheduled":
        compose(case, head)
        schedule(case, head)


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["opened", "complaints_communicated", "hearing_scheduled"])
def test_att6_a_case_can_be_withdrawn_before_the_hearing(enrolment, head, student_success, stage):
    case = attendance_case(enrolment)
    _walk_to(case, head, stage)
    case = fresh(case)
    assert case.status == stage

    assert case_withdraw(case=case, reason="The first absence was corrected.", by=student_success, at=NOW)

    case = fresh(case)
    assert (case.status, case.withdrawn_reason) == ("withdrawn", "The first absence was corrected.")
    event = last_event(case)
    assert (event.from_status, event.to_status, event.actor_id, event.at) == (
        stage,
        "withdrawn",
        student_success.pk,
        NOW,
    )


@pytest.mark.django_db
def test_att6_a_case_cannot_be_withdrawn_once_the_hearing_was_held(enrolment, head, student_success):
    case = attendance_case(enrolment)
    walk_to_hearing_held(case, head)
    case = fresh(case)

    with pytest.raises(CaseTransitionError):
        case_withdraw(case=case, reason="The first absence was corrected.", by=student_success, at=NOW)

    case = fresh(case)
    assert (case.status, case.withdrawn_reason) == ("hearing_held", "")


@pytest.mark.django_db
def test_att6_case_transition_records_the_actor_and_both_statuses(enrolment, student_success):
    case = attendance_case(enrolment)

    moved = case_transition(
        case=case, to=Case.Status.COMPLAINTS_COMMUNICATED, by=student_success, note="Told.", at=NOW
    )

    assert moved is True
    assert fresh(case).status == "complaints_communicated"
    event = last_event(case)
    assert (event.actor_id, event.from_status, event.to_status, event.note, event.at) == (
        student_success.pk,
        "opened",
        "complaints_communicated",
        "Told.",
        NOW,
    )


@pytest.mark.django_db
def test_att6_case_transition_to_the_same_undeclared_status_is_a_no_op(enrolment, student_success):
    case = attendance_case(enrolment)
    count = CaseEvent.objects.filter(case=case).count()

    assert case_transition(case=case, to=Case.Status.OPENED, by=student_success, at=NOW) is False

    assert fresh(case).status == "opened"
    assert CaseEvent.objects.filter(case=case).count() == count


@pytest.mark.django_db
def test_att6_case_transition_refuses_an_undeclared_move(enrolment, student_success):
    case = attendance_case(enrolment)
    count = CaseEvent.objects.filter(case=case).count()

    with pytest.raises(CaseTransitionError, match="cannot become"):
        case_transition(case=case, to=Case.Status.DECIDED, by=student_success, at=NOW)

    assert fresh(case).status == "opened"
    assert CaseEvent.objects.filter(case=case).count() == count


# --- DIS-4: every complaint, even one added later ------------------------------------------------------


@pytest.mark.django_db
def test_dis4_a_complaint_added_after_the_communication_is_sent_to_the_student_before_anything_else(
    enrolment, head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the first complaint is e-mailed and counted
        case = prepare(open_case(enrolment), head)
    ground = case_ground_add(
        case_id=case.pk, by=head, rule="con-1", statement="Insults in the chat, 30 April."
    )

    assert (ground.rule, ground.communicated_at) == ("CON-1", None)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DisciplineError, match="DIS-4"):
        schedule(case, head)

    with django_capture_on_commit_callbacks(execute=True):
        communicate(case, by=head, now=NOW + timedelta(hours=2))

    assert fresh(ground).communicated_at == NOW + timedelta(hours=2)
    assert fresh(case).status == "complaints_communicated"
    assert events(case)[-1] == ("complaints_communicated", "complaints_communicated")
    told = mails_to(enrolment.student.email)
    assert len(told) == 2 and "Insults in the chat, 30 April." in told[1].body
    assert FACTS not in told[1].body  # the first complaint was already told
    with pytest.raises(DisciplineError, match="already communicated"):
        communicate(case, by=head, now=NOW + timedelta(hours=3))


@pytest.mark.django_db
def test_dis3_dis4_a_complaint_added_after_the_notice_needs_a_new_notice_before_the_hearing(enrolment, head):
    case = prepare(open_case(enrolment), head)
    hearing = schedule(case, head)
    case_ground_add(case_id=case.pk, by=head, rule="CON-1", statement="Insults in the chat, 30 April.")
    communicate(case, by=head, now=NOW + timedelta(hours=1))

    with pytest.raises(DisciplineError, match="new notice states every complaint"):
        hearing_confirm(hearing_id=hearing.pk, by=head)

    moved = schedule(case, head, start=HEARING + timedelta(hours=1), now=NOW + timedelta(hours=1))
    assert "Insults in the chat, 30 April. (CON-1)" in Notice.objects.get(hearing=moved).complaints
    assert hearing_confirm(hearing_id=moved.pk, by=head).status == "confirmed"


@pytest.mark.django_db
def test_dis4_dis6_no_complaint_is_added_once_the_hearing_was_held(enrolment, head):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)

    with pytest.raises(DisciplineError, match="new case"):
        case_ground_add(case_id=case.pk, by=head, rule="CON-1", statement="Something else.")

    assert fresh(case).grounds.count() == 1


@pytest.mark.django_db
def test_dis4_a_decision_waits_for_every_complaint_to_be_communicated(enrolment, head):
    """A complaint slipped in after the hearing by hand (not through the service) still blocks a decision."""
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    CaseGround.objects.create(case=case, rule="CON-1", statement="Never told to the student.")

    with pytest.raises(DisciplineError, match="DIS-4"):
        decide(case, head)

    assert not Decision.objects.filter(case=case).exists()


# --- Uploads are kept only when the step is accepted ---------------------------------------------------


@pytest.mark.django_db
def test_dis11_a_refused_case_keeps_no_uploaded_evidence(enrolment, student_success):
    with pytest.raises(DisciplineError, match="State the facts"):
        case_open(
            enrolment=enrolment,
            source=Case.Source.CONDUCT,
            summary="  ",
            by=student_success,
            evidence_upload=SimpleUploadedFile("screenshot.png", PNG, content_type="image/png"),
        )

    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_dis5_a_refused_postponement_keeps_no_uploaded_proof(enrolment, head):
    hearing = confirmed_hearing(open_case(enrolment), head)
    documents = Document.objects.count()

    with pytest.raises(DisciplineError, match="DIS-5"):
        hearing_postpone_for_proof(
            hearing_id=hearing.pk,
            by=head,
            kind="holiday",
            proof_upload=SimpleUploadedFile(
                "proof.pdf", b"%PDF-1.4\n% proof\n", content_type="application/pdf"
            ),
            new_start=HEARING + timedelta(days=7),
            video_link=LINK,
            now=HEARING,
        )

    assert Document.objects.count() == documents
    assert fresh(hearing).status == "confirmed"


# --- Dates a person types (the first day's wrong legal documents) ---------------------------------------


@pytest.mark.django_db
def test_dis7_a_penalty_dated_before_its_decision_is_refused_and_nothing_is_decided(enrolment, head):
    """Seen on the first day: a suspension effective on 1 January 2020 was printed on the letter."""
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)

    with pytest.raises(DisciplineError, match="before it is decided"):
        decide(case, head, Decision.Penalty.SUSPENSION, effective_from=date(2020, 1, 1))

    assert not Decision.objects.filter(case=case).exists()
    assert fresh(case).status == "hearing_held"


@pytest.mark.django_db
def test_dis8_an_acknowledgement_of_receipt_dated_in_the_future_is_refused_and_the_case_stays_open(
    enrolment, head
):
    letter = decided_letter(enrolment, head)
    sent = HEARING_DATE + timedelta(days=2)
    dispatch(letter, head, sent)

    with pytest.raises(DisciplineError, match="future"):
        letter_acknowledge(
            letter_id=letter.pk,
            acknowledged_on=sent + timedelta(days=3),
            by=head,
            now=datetime.combine(sent + timedelta(days=2), datetime.min.time(), tzinfo=UTC),
        )

    assert fresh(letter).acknowledged_on is None
    assert fresh(letter.decision.case).status == "letter_sent"


@pytest.mark.django_db
def test_dis8_no_decision_before_student_success_records_the_students_postal_address(
    enrolment, head, client_as
):
    case = open_case(enrolment)
    walk_to_hearing_held(case, head)
    student = enrolment.student
    student.postal_address = ""
    student.save(update_fields=["postal_address"])

    page = html.unescape(
        client_as(head).get(reverse("discipline:case_detail", args=[case.pk])).content.decode()
    )
    assert "must first record the student's postal address" in page
    with pytest.raises(DisciplineError, match="postal address"):
        decide(case, head)
    assert not Decision.objects.filter(case=case).exists()
