"""The retention schedule (``settings.RETENTION_SCHEDULE``, ``core.services.retention_apply``, REC-2 and the
issue's "Retention"): for every record type, the run one second before the expiry keeps the record and the
run at the expiry deletes or anonymises it, in its history too, with its files; a trace says which ids went,
never what they held; a second run changes nothing more; what belongs to a student with an open case or a
pending jury is held; one type that fails undoes nothing of the others; the beat task does it all outside
a wrapping transaction."""

import importlib.util
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.module_loading import import_string

from discipline.models import (
    Case,
    CaseEvent,
    CaseEvidence,
    CaseGround,
    Decision,
    Hearing,
    Letter,
    Notice,
    StudentAnswer,
)
from impact import measures
from juries.models import (
    Candidacy,
    CandidateRecordOpening,
    DeclaredConflict,
    Diploma,
    PortfolioFile,
    RemedialDeliverable,
    RemedialProject,
    Verdict,
)
from juries.selectors import diploma_by_code
from mentoring.models import (
    AbsenceFollowUp,
    AbsenceNotice,
    ExceptionalAuthorisation,
    MentoringSession,
    MonitoringReport,
    ToolEvent,
)
from openclassrooms.accounts.roles import Role
from openclassrooms.core import retention
from openclassrooms.core.models import AccessLog, DataExport, OutboundEmail, RetentionTrace
from openclassrooms.core.services import RetentionFailed, email_enqueue, retention_apply
from openclassrooms.core.storage import private_storage
from openclassrooms.core.tasks import apply_retention
from projects.models import Presentation
from students.models import Document
from tests.accounts.factories import UserFactory
from tests.discipline.factories import CaseFactory
from tests.juries.factories import (
    CandidacyFactory,
    CandidateRecordOpeningFactory,
    DeclaredConflictFactory,
    DiplomaFactory,
    JurySessionFactory,
    RemedialProjectFactory,
    VerdictFactory,
)
from tests.mentoring.factories import (
    AbsenceFollowUpFactory,
    AbsenceNoticeFactory,
    ExceptionalAuthorisationFactory,
    MonitoringReportFactory,
    SessionFactory,
    ToolEventFactory,
)
from tests.projects.factories import PresentationFactory, SubmissionFactory
from tests.students.factories import DocumentFactory, EnrolmentFactory

PARIS = ZoneInfo("Europe/Paris")
SECOND = timedelta(seconds=1)
END = date(2024, 6, 28)  # the last day of the trainings below
DURING = datetime(2024, 3, 5, 10, 0, tzinfo=PARIS)  # a moment of those trainings
ROOT = Path(__file__).resolve().parents[2]


def days(record_type: str) -> int:
    return settings.RETENTION_SCHEDULE[record_type]["days"]


def after_training(record_type: str) -> datetime:
    """The expiry of a record counted from the end of the training: the midnight that ends its last day,
    plus the type's days, on the school's clock."""
    return datetime.combine(END + timedelta(days=1 + days(record_type)), time.min, tzinfo=PARIS)


def after(moment: datetime, record_type: str) -> datetime:
    return moment + timedelta(days=days(record_type))


def ended_enrolment(end: date = END, **kwargs):
    return EnrolmentFactory(
        start_date=end - timedelta(days=300), planned_end_date=end, status="completed", ended_on=end, **kwargs
    )


def pdf(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% retention\n", name=name)


@pytest.fixture(autouse=True)
def _schedule(settings):
    """Every line of the schedule, but the exports' while its module does not exist yet."""
    if importlib.util.find_spec("openclassrooms.core.exports") is None:
        settings.RETENTION_SCHEDULE = {k: v for k, v in settings.RETENTION_SCHEDULE.items() if k != "exports"}


def traces_of(traces, record_type: str) -> list[RetentionTrace]:
    return [t for t in traces if t.record_type == record_type]


def apply_at(now: datetime, capture) -> list[RetentionTrace]:
    with capture(execute=True):
        return retention_apply(now=now)


def check_boundary(record_type: str, expiry: datetime, capture, *, kept, gone) -> RetentionTrace:
    """One second before the expiry nothing of the type goes; at the expiry it goes, with one trace; a
    second run at the same moment finds nothing more."""
    assert traces_of(apply_at(expiry - SECOND, capture), record_type) == []
    assert kept()
    [trace] = traces_of(apply_at(expiry, capture), record_type)
    assert gone()
    line = settings.RETENTION_SCHEDULE[record_type]
    assert (trace.action, trace.count, trace.held) == (line["action"], len(trace.object_ids), 0)
    assert trace.cutoff == expiry - timedelta(days=line["days"]) and trace.ran_at == expiry
    assert all(isinstance(pk, int) for pk in trace.object_ids)
    again = traces_of(apply_at(expiry, capture), record_type)
    assert again == [] and gone()
    return trace


def no_content(trace: RetentionTrace, *texts: str) -> None:
    written = json.dumps(model_to_dict(trace), default=str)
    assert not [text for text in texts if text in written]


# --- The schedule itself ------------------------------------------------------------------------------------


def test_every_record_type_of_the_issue_has_a_line_with_its_days_reason_and_purge_function():
    schedule = settings.RETENTION_SCHEDULE
    assert set(schedule) >= {
        "sessions",
        "notices",
        "monitoring_reports",
        "documents",
        "recordings",
        "cases_and_letters",
        "jury_records",
        "emails",
        "access_logs",
    }
    for record_type, line in schedule.items():
        assert isinstance(line["days"], int) and line["days"] > 0, record_type
        assert line["counted_from"] and line["reason"] and len(record_type) <= 40
        assert line["action"] in RetentionTrace.Action.values
        assert callable(import_string(line["purge"]))
    for path in settings.RETENTION_HOLDS:
        assert callable(import_string(path))


def test_the_exports_line_is_the_export_modules_purge():
    if importlib.util.find_spec("openclassrooms.core.exports") is None:
        pytest.skip("the export module is not there yet")
    line = settings.RETENTION_SCHEDULE["exports"]
    assert line["purge"] == "openclassrooms.core.exports.purge_expired" and line["days"] == 7
    assert callable(import_string(line["purge"]))


def test_rec2_recordings_keep_their_own_setting_and_the_others_defend_five_years_or_one():
    schedule = settings.RETENTION_SCHEDULE
    assert schedule["recordings"]["days"] == settings.RECORDING_RETENTION_DAYS == 365
    five_years = (date(2029, 3, 1) - date(2024, 3, 1)).days  # two leap days: the longest five years
    for record_type in ("sessions", "monitoring_reports", "cases_and_letters", "jury_records"):
        assert schedule[record_type]["days"] >= five_years
    for record_type in ("notices", "documents", "emails", "access_logs"):
        assert schedule[record_type]["days"] == 365


def test_each_line_reads_its_days_from_the_environment():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RETENTION_", "RECORDING_"))}
    script = (
        "from django.conf import settings; "
        "print(*(settings.RETENTION_SCHEDULE[k]['days'] for k in ('sessions', 'access_logs', 'recordings')))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.test",
            "RETENTION_SESSIONS_DAYS": "2000",
            "RETENTION_ACCESS_LOGS_DAYS": "180",
            "RECORDING_RETENTION_DAYS": "400",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["2000", "180", "400"]


# --- The clock, as pure functions ---------------------------------------------------------------------------


def test_the_cutoff_counts_calendar_days_on_the_schools_clock_across_a_change_of_time():
    now = datetime(2025, 3, 30, 12, 0, tzinfo=PARIS)  # the clocks went forward at 2:00 that morning
    cutoff = retention.cutoff_at(now=now, days=1, tz=PARIS)
    assert cutoff == datetime(2025, 3, 29, 12, 0, tzinfo=PARIS)
    assert now.astimezone(UTC) - cutoff.astimezone(UTC) == timedelta(hours=23)


def test_a_moment_expires_at_the_cutoff_and_not_a_second_after_it():
    cutoff = datetime(2025, 6, 30, 3, 30, tzinfo=PARIS)
    assert retention.expired(ended=cutoff, cutoff=cutoff, tz=PARIS) is True
    assert retention.expired(ended=cutoff + SECOND, cutoff=cutoff, tz=PARIS) is False
    assert retention.expired(ended=None, cutoff=cutoff, tz=PARIS) is False


def test_a_day_expires_once_the_midnight_that_ends_it_is_at_or_before_the_cutoff():
    midnight = datetime(2025, 7, 1, 0, 0, tzinfo=PARIS)
    assert retention.expired(ended=date(2025, 6, 30), cutoff=midnight, tz=PARIS) is True
    assert retention.expired(ended=date(2025, 6, 30), cutoff=midnight - SECOND, tz=PARIS) is False
    assert retention.first_day_kept(midnight - SECOND, tz=PARIS) == date(2025, 6, 30)


# --- Each record type, on both sides of its expiry --------------------------------------------------------


@pytest.mark.django_db
def test_sessions_are_anonymised_the_day_they_expire_and_the_committees_figures_do_not_move(
    django_capture_on_commit_callbacks,
):
    enrolment = ended_enrolment()
    session = SessionFactory(
        enrolment=enrolment,
        scheduled_start=DURING,
        status="logged",
        attendance="attended",
        joined_at=DURING + timedelta(minutes=3),
        outcome="attended",
        rule="ATT-1",
        explanation="Joined 3 minutes after the start.",
        notes="Worried about her father's health; we talked about it.",
    )
    ToolEventFactory(session=session)
    running = SessionFactory(scheduled_start=DURING, notes="Still training.")
    figure = measures.sessions_held(date(2024, 3, 1), date(2024, 3, 31)).as_json()

    def kept():
        return MentoringSession.objects.get(pk=session.pk).notes.startswith("Worried")

    def gone():
        s = MentoringSession.objects.get(pk=session.pk)
        return (s.notes, s.explanation, s.video_link, s.joined_at) == ("", "", "", None)

    trace = check_boundary(
        "sessions", after_training("sessions"), django_capture_on_commit_callbacks, kept=kept, gone=gone
    )

    assert trace.object_ids == [session.pk] and trace.oldest == trace.newest == DURING
    s = MentoringSession.objects.get(pk=session.pk)
    assert (s.status, s.attendance, s.outcome, s.rule, s.scheduled_start) == (
        "logged",
        "attended",
        "attended",
        "ATT-1",
        DURING,
    )
    assert not ToolEvent.objects.filter(session=session).exists()
    assert [h.notes for h in session.history.all()] == [""] * session.history.count()
    assert not session.history.exclude(joined_at=None).exists()
    assert MentoringSession.objects.get(pk=running.pk).notes == "Still training."
    assert measures.sessions_held(date(2024, 3, 1), date(2024, 3, 31)).as_json() == figure
    no_content(trace, "Worried", "Joined 3")


@pytest.mark.django_db
def test_notices_and_the_reasons_after_an_absence_are_deleted_with_their_history(
    django_capture_on_commit_callbacks,
):
    enrolment = ended_enrolment()
    noticed = SessionFactory(enrolment=enrolment, scheduled_start=DURING, outcome="postponed", rule="ATT-2")
    notice = AbsenceNoticeFactory(session=noticed, reason="Chemotherapy on Tuesdays.")
    missed = SessionFactory(
        enrolment=enrolment,
        scheduled_start=DURING + timedelta(days=7),
        status="logged",
        attendance="no_show",
        outcome="unauthorised",
        absence_reason="no_notice",
        rule="ATT-3",
    )
    follow_up = AbsenceFollowUpFactory(
        session=missed, reasons="My child was ill.", reasons_given_at=DURING + timedelta(days=8)
    )
    excused = SessionFactory(enrolment=enrolment, scheduled_start=DURING + timedelta(days=14))
    authorisation = ExceptionalAuthorisationFactory(
        session=excused, authorised_at=DURING + timedelta(days=15)
    )

    def kept():
        return AbsenceNotice.objects.filter(pk=notice.pk).exists()

    def gone():
        return not (
            AbsenceNotice.objects.exists()
            or AbsenceFollowUp.objects.exists()
            or ExceptionalAuthorisation.objects.exists()
        )

    trace = check_boundary(
        "notices", after_training("notices"), django_capture_on_commit_callbacks, kept=kept, gone=gone
    )

    assert trace.object_ids == sorted([noticed.pk, missed.pk, excused.pk])
    assert (trace.oldest, trace.newest) == (DURING, DURING + timedelta(days=14))
    for model, pk in (
        (AbsenceNotice, notice.pk),
        (AbsenceFollowUp, follow_up.pk),
        (ExceptionalAuthorisation, authorisation.pk),
    ):
        assert not model.history.filter(id=pk).exists()
    assert MentoringSession.objects.get(pk=noticed.pk).outcome == "postponed"
    assert MentoringSession.objects.get(pk=missed.pk).outcome == "unauthorised"
    no_content(trace, "Chemotherapy", "child")


@pytest.mark.django_db
def test_monitoring_reports_are_deleted_with_their_history(django_capture_on_commit_callbacks):
    report = MonitoringReportFactory(
        enrolment=ended_enrolment(),
        period_start=END - timedelta(days=40),
        period_end=END - timedelta(days=10),
        progress="Struggles with SQL joins.",
    )
    trace = check_boundary(
        "monitoring_reports",
        after_training("monitoring_reports"),
        django_capture_on_commit_callbacks,
        kept=lambda: MonitoringReport.objects.filter(pk=report.pk).exists(),
        gone=lambda: not MonitoringReport.objects.filter(pk=report.pk).exists(),
    )
    assert trace.object_ids == [report.pk]
    assert trace.oldest == datetime(2024, 6, 18, tzinfo=PARIS)
    assert not MonitoringReport.history.filter(id=report.pk).exists()
    no_content(trace, "SQL")


@pytest.mark.django_db
def test_documents_leave_the_storage_and_their_history_the_row_stays_empty(
    django_capture_on_commit_callbacks, client_as
):
    enrolment = ended_enrolment()
    proof = DocumentFactory(student=enrolment.student, kind="disability_proof", original_name="mdph-ada.pdf")
    evidence = DocumentFactory(student=enrolment.student, kind="evidence", original_name="screenshot.pdf")
    Document.objects.filter(pk__in=[proof.pk, evidence.pk]).update(uploaded_at=DURING)
    name = proof.file.name
    assert private_storage.exists(name)

    trace = check_boundary(
        "documents",
        after_training("documents"),
        django_capture_on_commit_callbacks,
        kept=lambda: private_storage.exists(name),
        gone=lambda: not private_storage.exists(name),
    )

    assert trace.object_ids == [proof.pk] and trace.oldest == DURING
    row = Document.objects.get(pk=proof.pk)
    assert (row.file.name, row.original_name, row.kind) == ("", "", "disability_proof")
    assert set(Document.history.filter(id=proof.pk).values_list("file", "original_name")) == {("", "")}
    assert client_as(enrolment.student).get(reverse("students:document", args=[proof.pk])).status_code == 404
    # A case file's document goes with its case, not with the proofs.
    assert Document.objects.get(pk=evidence.pk).file and private_storage.exists(evidence.file.name)
    no_content(trace, "mdph", name)


@pytest.mark.django_db
def test_rec2_recordings_are_deleted_by_the_schedule_with_the_presentations_trace(
    django_capture_on_commit_callbacks,
):
    presentation = PresentationFactory(
        submission=SubmissionFactory(enrolment=ended_enrolment(), status="validated"),
        status="held",
        scheduled_start=DURING,
        recording_url="https://video.example.org/rec/ada",
    )
    expiry = after_training("recordings")
    trace = check_boundary(
        "recordings",
        expiry,
        django_capture_on_commit_callbacks,
        kept=lambda: Presentation.objects.get(pk=presentation.pk).recording_url != "",
        gone=lambda: Presentation.objects.get(pk=presentation.pk).recording_url == "",
    )
    assert trace.object_ids == [presentation.pk] and trace.oldest == DURING
    gone = Presentation.objects.get(pk=presentation.pk)
    assert gone.recording_deleted_at == expiry
    assert "kept 365 days after the training ended on 2024-06-28 (REC-2)" in gone.recording_trace
    no_content(trace, "video.example.org")


def _case_file(enrolment, *, last_step: datetime, during: datetime = DURING):
    """A closed case with everything a case file holds, opened ``during`` the training, its last step at
    ``last_step``."""
    case = CaseFactory(
        enrolment=enrolment, status="closed", opened_at=during, summary="Threatening messages to a mentor."
    )
    CaseEvent.objects.create(case=case, at=during, to_status="opened", note="Opened by Student Success.")
    CaseEvent.objects.create(case=case, at=last_step, from_status="letter_sent", to_status="closed")
    ground = CaseGround.objects.create(case=case, rule="CON-1", statement="Threats on 4 March.")
    evidence_document = DocumentFactory(
        student=enrolment.student, kind="evidence", original_name="threats.pdf"
    )
    Document.objects.filter(pk=evidence_document.pk).update(uploaded_at=during)
    CaseEvidence.objects.create(
        case=case, description="Screenshots of the threats.", document=evidence_document, added_at=during
    )
    StudentAnswer.objects.create(case=case, text="I was angry, I apologise.", submitted_at=during)
    hearing = Hearing.objects.create(
        case=case,
        scheduled_start=during + timedelta(days=10),
        video_link="https://meet.example.org/board-ada",
        status="held",
        student_attended=True,
        minutes_grounds="Threats are a breach of CON-1.",
        minutes_explanations="She says she was under pressure.",
    )
    Notice.objects.create(
        hearing=hearing,
        purpose="Meeting of the Disciplinary Board.",
        complaints="Threats on 4 March (CON-1).",
        hearing_start=hearing.scheduled_start,
        video_link=hearing.video_link,
        sent_at=during + timedelta(days=5),
    )
    decision = Decision.objects.create(
        case=case,
        hearing=hearing,
        penalty="warning",
        grounds="First breach; she apologised.",
        decided_at=during + timedelta(days=10),
        decided_by=UserFactory(roles=["head_of_learning"]),
        effective_from=during.date() + timedelta(days=10),
    )
    letter = Letter.objects.create(
        decision=decision, pdf=pdf("letter-ada.pdf"), dispatched_on=during.date() + timedelta(days=11)
    )
    return case, ground, evidence_document, hearing, decision, letter


@pytest.mark.django_db
def test_cases_and_letters_are_anonymised_the_letter_and_the_evidence_leave_the_storage(
    django_capture_on_commit_callbacks,
):
    enrolment = ended_enrolment()
    case, ground, evidence_document, hearing, decision, letter = _case_file(enrolment, last_step=DURING)
    letter_name, evidence_name = letter.pdf.name, evidence_document.file.name
    figures = [
        f(date(2024, 1, 1), date(2024, 12, 31)).as_json()
        for f in (measures.cases_per_hundred, measures.penalties_per_hundred)
    ]

    trace = check_boundary(
        "cases_and_letters",
        after_training("cases_and_letters"),
        django_capture_on_commit_callbacks,
        kept=lambda: Case.objects.get(pk=case.pk).summary.startswith("Threatening"),
        gone=lambda: Case.objects.get(pk=case.pk).summary == retention.ERASED,
    )

    assert trace.object_ids == [case.pk] and trace.oldest == DURING
    erased = retention.ERASED
    assert CaseGround.objects.get(pk=ground.pk).statement == erased
    assert CaseGround.objects.get(pk=ground.pk).rule == "CON-1"
    assert set(CaseEvidence.objects.values_list("description", flat=True)) == {erased}
    assert set(StudentAnswer.objects.values_list("text", flat=True)) == {erased}
    assert set(CaseEvent.objects.values_list("note", flat=True)) == {""}
    h = Hearing.objects.get(pk=hearing.pk)
    assert (h.video_link, h.minutes_grounds, h.minutes_explanations, h.student_attended) == ("", "", "", True)
    assert set(Notice.objects.values_list("purpose", "complaints", "video_link")) == {(erased, erased, "")}
    d = Decision.objects.get(pk=decision.pk)
    assert (d.grounds, d.penalty, d.decided_at) == (erased, "warning", DURING + timedelta(days=10))
    assert Letter.objects.get(pk=letter.pk).pdf.name == "" and not private_storage.exists(letter_name)
    assert Letter.objects.get(pk=letter.pk).dispatched_on == date(2024, 3, 16)
    assert Document.objects.get(pk=evidence_document.pk).file.name == "" and not private_storage.exists(
        evidence_name
    )
    # Their history too.
    assert set(Case.history.filter(id=case.pk).values_list("summary", flat=True)) == {erased}
    assert set(Hearing.history.filter(id=hearing.pk).values_list("minutes_explanations", flat=True)) == {""}
    assert set(Decision.history.filter(id=decision.pk).values_list("grounds", flat=True)) == {erased}
    assert set(Letter.history.filter(id=letter.pk).values_list("pdf", flat=True)) == {""}
    assert set(StudentAnswer.history.values_list("text", flat=True)) == {erased}
    # The Committee's figures count the same cases and penalties.
    assert [
        f(date(2024, 1, 1), date(2024, 12, 31)).as_json()
        for f in (measures.cases_per_hundred, measures.penalties_per_hundred)
    ] == figures
    no_content(trace, "Threat", "angry", letter_name)


@pytest.mark.django_db
def test_a_case_whose_last_step_came_after_the_training_counts_from_that_step(
    django_capture_on_commit_callbacks,
):
    last_step = datetime(2024, 9, 20, 15, 0, tzinfo=PARIS)
    case = _case_file(ended_enrolment(), last_step=last_step)[0]
    apply_at(after_training("cases_and_letters"), django_capture_on_commit_callbacks)
    assert Case.objects.get(pk=case.pk).summary.startswith("Threatening")
    check_boundary(
        "cases_and_letters",
        after(last_step, "cases_and_letters"),
        django_capture_on_commit_callbacks,
        kept=lambda: Case.objects.get(pk=case.pk).summary.startswith("Threatening"),
        gone=lambda: Case.objects.get(pk=case.pk).summary == retention.ERASED,
    )


@pytest.mark.django_db
def test_jury_records_are_anonymised_and_the_diploma_is_verified_for_ever(django_capture_on_commit_callbacks):
    enrolment = ended_enrolment()
    student = enrolment.student
    sitting = JurySessionFactory(status="held", starts_at=DURING)
    refused = CandidacyFactory(
        enrolment=enrolment,
        session=sitting,
        status="decided",
        portfolio_url="https://portfolio.example.org/ada",
    )
    PortfolioFile.objects.create(
        candidacy=refused,
        file=pdf("portfolio-ada.pdf"),
        original_name="portfolio-ada.pdf",
        content_type="application/pdf",
        size=20,
        uploaded_by=student,
        uploaded_at=DURING,
    )
    verdict = VerdictFactory(candidacy=refused, reasons="Testing is not demonstrated.", decided_at=DURING)
    remedial = RemedialProjectFactory(
        verdict=verdict,
        brief="Write the tests of Ada's API.",
        status="approved",
        approved_by=UserFactory(roles=["jury_member"]),
        approved_at=DURING + timedelta(days=30),
        review_comment="Good tests.",
    )
    RemedialDeliverable.objects.create(
        remedial=remedial,
        file=pdf("remedial-ada.pdf"),
        original_name="remedial-ada.pdf",
        content_type="application/pdf",
        size=20,
        uploaded_by=student,
        uploaded_at=DURING + timedelta(days=20),
    )
    CandidateRecordOpeningFactory(candidacy=refused, opened_at=DURING)
    DeclaredConflictFactory(enrolment=enrolment, declared_at=DURING, reason="Her former manager.")
    awarded = CandidacyFactory(
        enrolment=enrolment, session=JurySessionFactory(status="held", starts_at=DURING), status="decided"
    )
    diploma = DiplomaFactory(
        verdict=VerdictFactory(
            candidacy=awarded, decision="awarded", reasons="", decided_at=DURING + timedelta(days=60)
        ),
        holder_name="Ada Lovelace",
        code="TEST-RET-0001",
    )
    Candidacy.objects.update(registered_at=DURING - timedelta(days=30))
    files = [
        *PortfolioFile.objects.values_list("file", flat=True),
        *RemedialDeliverable.objects.values_list("file", flat=True),
    ]
    figure = measures.jury_award_first_sitting(date(2024, 1, 1), date(2024, 12, 31)).as_json()

    trace = check_boundary(
        "jury_records",
        after_training("jury_records"),
        django_capture_on_commit_callbacks,
        kept=lambda: Candidacy.objects.get(pk=refused.pk).portfolio_url != "",
        gone=lambda: Candidacy.objects.get(pk=refused.pk).portfolio_url == "",
    )

    assert trace.object_ids == sorted([refused.pk, awarded.pk])
    assert not PortfolioFile.objects.exists() and not PortfolioFile.history.exists()
    assert not RemedialDeliverable.objects.exists() and not RemedialDeliverable.history.exists()
    assert not [name for name in files if private_storage.exists(name)]
    assert not CandidateRecordOpening.objects.exists()
    assert not DeclaredConflict.objects.exists() and not DeclaredConflict.history.exists()
    v = Verdict.objects.get(pk=verdict.pk)
    assert (v.decision, v.reasons, v.decided_at) == ("refused", retention.ERASED, DURING)
    assert set(Verdict.history.filter(id=verdict.pk).values_list("reasons", flat=True)) == {retention.ERASED}
    r = RemedialProject.objects.get(pk=remedial.pk)
    assert (r.brief, r.review_comment, r.status) == (retention.ERASED, "", "approved")
    # The diploma is never touched: it is verified for ever.
    assert diploma_by_code(code="TEST-RET-0001") == Diploma.objects.get(pk=diploma.pk)
    assert Diploma.objects.get(pk=diploma.pk).holder_name == "Ada Lovelace"
    assert measures.jury_award_first_sitting(date(2024, 1, 1), date(2024, 12, 31)).as_json() == figure
    no_content(trace, "Testing", "portfolio", "manager")


@pytest.mark.django_db
def test_emails_are_anonymised_and_their_key_still_stops_a_second_sending(django_capture_on_commit_callbacks):
    email = OutboundEmail.objects.create(
        key="notice:ada:1", to=["ada@example.org"], subject="Your hearing", body="Dear Ada, …"
    )
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=DURING - timedelta(minutes=1), sent_at=DURING)
    unsent = OutboundEmail.objects.create(key="lost:ada", to=["ada@example.org"], subject="Lost", body="…")
    OutboundEmail.objects.filter(pk=unsent.pk).update(created_at=DURING + timedelta(hours=1), attempts=8)

    trace = check_boundary(
        "emails",
        after(DURING, "emails"),
        django_capture_on_commit_callbacks,
        kept=lambda: OutboundEmail.objects.get(pk=email.pk).to == ["ada@example.org"],
        gone=lambda: OutboundEmail.objects.get(pk=email.pk).to == [],
    )

    assert trace.object_ids == [email.pk]
    gone = OutboundEmail.objects.get(pk=email.pk)
    assert (gone.key, gone.subject, gone.body, gone.sent_at) == ("notice:ada:1", retention.ERASED, "", DURING)
    assert OutboundEmail.objects.get(pk=unsent.pk).subject == "Lost"  # recorded an hour later: not yet
    with django_capture_on_commit_callbacks(execute=True):
        again = email_enqueue(
            key="notice:ada:1",
            to=["ada@example.org"],
            template="accounts/email/invitation",
            context={
                "user": {"first_name": "Ada", "email": "ada@example.org"},
                "url": "https://school.test/",
            },
        )
    assert again.pk == email.pk and mail.outbox == []
    no_content(trace, "ada@", "hearing")


@pytest.mark.django_db
def test_access_logs_are_deleted_a_year_after_the_opening(django_capture_on_commit_callbacks):
    log = AccessLog.objects.create(
        student=UserFactory(roles=["student"]),
        viewer=UserFactory(roles=["student_success"]),
        what="case",
        object_id=1,
        page="/discipline/cases/1/",
        viewed_at=DURING,
    )
    trace = check_boundary(
        "access_logs",
        after(DURING, "access_logs"),
        django_capture_on_commit_callbacks,
        kept=lambda: AccessLog.objects.filter(pk=log.pk).exists(),
        gone=lambda: not AccessLog.objects.filter(pk=log.pk).exists(),
    )
    assert trace.object_ids == [log.pk] and trace.oldest == trace.newest == DURING
    no_content(trace, "/discipline/")


@pytest.mark.django_db
def test_exports_are_purged_by_the_export_modules_function_when_their_link_expires(
    django_capture_on_commit_callbacks,
):
    if "exports" not in settings.RETENTION_SCHEDULE:
        pytest.skip("the export module is not there yet")
    export = DataExport.objects.create(
        student=UserFactory(roles=["student"]),
        requested_at=DURING,
        built_at=DURING,
        expires_at=DURING + timedelta(days=7),
        file=ContentFile(b"PK\x05\x06" + bytes(18), name="data-export.zip"),
    )
    name = export.file.name
    trace = check_boundary(
        "exports",
        DURING + timedelta(days=7),
        django_capture_on_commit_callbacks,
        kept=lambda: private_storage.exists(name),
        gone=lambda: not private_storage.exists(name),
    )
    assert trace.object_ids == [export.pk]


# --- Holds, failures, the beat task ---------------------------------------------------------------------


def _expired_records_of(enrolment, during: datetime = DURING) -> tuple[MentoringSession, Document, AccessLog]:
    session = SessionFactory(enrolment=enrolment, scheduled_start=during, notes="Private notes.")
    document = DocumentFactory(student=enrolment.student)
    Document.objects.filter(pk=document.pk).update(uploaded_at=during)
    log = AccessLog.objects.create(
        student=enrolment.student,
        viewer=UserFactory(roles=["student_success"]),
        what="student_record",
        object_id=enrolment.pk,
        page="/admin/",
        viewed_at=during,
    )
    return session, document, log


@pytest.mark.django_db
def test_nothing_of_a_student_with_an_open_case_or_a_pending_jury_is_touched_and_it_is_counted_as_held(
    django_capture_on_commit_callbacks,
):
    free, in_case, before_jury = ended_enrolment(), ended_enrolment(), ended_enrolment()
    CaseFactory(enrolment=in_case, status="hearing_scheduled", opened_at=DURING)
    CandidacyFactory(enrolment=before_jury, status="registered")
    records = {e.pk: _expired_records_of(e) for e in (free, in_case, before_jury)}

    traces = apply_at(
        max(after_training("sessions"), after_training("documents")), django_capture_on_commit_callbacks
    )

    for record_type in ("sessions", "documents", "access_logs"):
        [trace] = traces_of(traces, record_type)
        assert (trace.count, trace.held) == (1, 2), record_type
    for enrolment in (in_case, before_jury):
        session, document, log = records[enrolment.pk]
        assert MentoringSession.objects.get(pk=session.pk).notes == "Private notes."
        assert Document.objects.get(pk=document.pk).file and private_storage.exists(document.file.name)
        assert AccessLog.objects.filter(pk=log.pk).exists()
    session, document, log = records[free.pk]
    assert MentoringSession.objects.get(pk=session.pk).notes == ""
    assert not AccessLog.objects.filter(pk=log.pk).exists()


@pytest.mark.django_db
def test_a_case_still_open_is_never_anonymised_even_without_holds(
    settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_HOLDS = []
    case = CaseFactory(enrolment=ended_enrolment(), status="hearing_held", opened_at=DURING, summary="Facts.")
    apply_at(after_training("cases_and_letters") + timedelta(days=365), django_capture_on_commit_callbacks)
    assert Case.objects.get(pk=case.pk).summary == "Facts."


@pytest.mark.django_db
def test_a_training_that_runs_again_keeps_everything_of_the_earlier_one(django_capture_on_commit_callbacks):
    enrolment = ended_enrolment()
    session, document, _ = _expired_records_of(enrolment)
    EnrolmentFactory(student=enrolment.student, path=enrolment.path)  # enrolled again: training
    apply_at(after_training("sessions"), django_capture_on_commit_callbacks)
    assert MentoringSession.objects.get(pk=session.pk).notes == "Private notes."
    assert Document.objects.get(pk=document.pk).file


def broken_purge(*, cutoff, held, now):
    """A purge that wrote something, then failed: what it wrote is undone."""
    AccessLog.objects.all().delete()
    raise RuntimeError("storage down")


@pytest.mark.django_db
def test_one_record_type_that_fails_undoes_nothing_of_the_others(
    settings, django_capture_on_commit_callbacks
):
    schedule = settings.RETENTION_SCHEDULE
    settings.RETENTION_SCHEDULE = {
        "sessions": schedule["sessions"],
        "broken": {**schedule["access_logs"], "purge": "tests.core.test_retention.broken_purge"},
        "documents": schedule["documents"],
    }
    session, document, log = _expired_records_of(ended_enrolment())

    with pytest.raises(RetentionFailed, match="broken"):
        apply_at(after_training("sessions"), django_capture_on_commit_callbacks)

    assert MentoringSession.objects.get(pk=session.pk).notes == ""
    assert Document.objects.get(pk=document.pk).file.name == ""
    assert AccessLog.objects.filter(pk=log.pk).exists()
    assert sorted(RetentionTrace.objects.values_list("record_type", flat=True)) == ["documents", "sessions"]


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_applies_every_line_once_outside_a_wrapping_transaction():
    """As beat runs it, today: no transaction around the task, so every purge's ``select_for_update`` runs in
    its own, and the files go once each line commits. The training ended long enough ago for every line."""
    end, during = date(2020, 6, 30), datetime(2020, 3, 5, 10, 0, tzinfo=PARIS)
    enrolment = ended_enrolment(end)
    session, document, log = _expired_records_of(enrolment, during)
    AbsenceNoticeFactory(session=session, reason="Ill.")
    MonitoringReportFactory(enrolment=enrolment, period_start=end - timedelta(days=30), period_end=end)
    PresentationFactory(
        submission=SubmissionFactory(enrolment=enrolment, status="validated"),
        status="held",
        recording_url="https://video.example.org/rec/beat",
    )
    case, *_, letter = _case_file(enrolment, last_step=during, during=during)
    CandidacyFactory(enrolment=enrolment, status="withdrawn", portfolio_url="https://portfolio.example.org/b")
    Candidacy.objects.update(registered_at=during)
    email = OutboundEmail.objects.create(key="beat:1", to=["x@example.org"], subject="S", body="B")
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=during, sent_at=during)
    files = [document.file.name, letter.pdf.name]

    apply_retention.apply(throw=True)

    assert set(RetentionTrace.objects.values_list("record_type", flat=True)) == {
        "sessions",
        "notices",
        "monitoring_reports",
        "documents",
        "recordings",
        "cases_and_letters",
        "jury_records",
        "emails",
        "access_logs",
    }
    assert not [name for name in files if private_storage.exists(name)]
    assert MentoringSession.objects.get(pk=session.pk).notes == ""
    assert Case.objects.get(pk=case.pk).summary == retention.ERASED
    apply_retention.apply(throw=True)  # again: nothing more
    assert RetentionTrace.objects.count() == 9


@pytest.mark.django_db
def test_student_success_reads_the_traces_in_the_admin_and_nobody_writes_them(make_user, client_as):
    trace = RetentionTrace.objects.create(
        record_type="access_logs", action="deleted", count=1, cutoff=DURING, object_ids=[7], ran_at=DURING
    )
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    assert client.get(reverse("admin:core_retentiontrace_changelist")).status_code == 200
    assert client.get(reverse("admin:core_retentiontrace_change", args=[trace.pk])).status_code == 200
    assert client.get(reverse("admin:core_retentiontrace_add")).status_code == 403
    delete = reverse("admin:core_retentiontrace_delete", args=[trace.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert RetentionTrace.objects.filter(pk=trace.pk).exists()
    mentor = client_as(make_user(Role.MENTOR))
    assert mentor.get(reverse("admin:core_retentiontrace_changelist")).status_code in (302, 403)
