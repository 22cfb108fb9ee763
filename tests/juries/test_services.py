"""TRN-3 and TRN-1 (c)'s gate through the juries' services, against the database: who a jury and its
panels are made of, who may be registered, and who may not sit on a candidate's panel."""

from datetime import timedelta

import pytest
from django.utils import timezone

from juries import services
from juries.models import Candidacy, DeclaredConflict, JuryMember, JurySession, Panel, Verdict
from openclassrooms.core.models import OutboundEmail
from projects import services as project_services
from projects.models import Skill
from tests.accounts.factories import UserFactory
from tests.discipline.factories import BoardSeatFactory, CaseFactory
from tests.juries.factories import JuryFactory, JuryMemberFactory
from tests.projects.factories import PathProjectFactory, PresentationFactory, SkillFactory
from tests.students.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def _session(jury, *, format_=JurySession.Format.PANELS):
    return services.jury_session_save(
        session=JurySession(
            jury=jury,
            starts_at=timezone.now() + timedelta(days=20),
            mode=JurySession.Mode.REMOTE,
            format=format_,
            location="https://meet.example.org/jury",
        )
    )


@pytest.fixture
def jury():
    jury = JuryFactory()
    JuryMemberFactory(jury=jury, kind=JuryMember.Kind.INDUSTRY)
    JuryMemberFactory(jury=jury, kind=JuryMember.Kind.SCHOOL)
    return jury


def _eligible(jury, **kwargs):
    """A student of the jury's path whose only project the mentor approved (TRN-1 a and b hold)."""
    enrolment = EnrolmentFactory(path=jury.path, **kwargs)
    project = PathProjectFactory(path=jury.path).project
    submission = project_services.submission_submit(
        enrolment=enrolment, project_id=project.pk, by=enrolment.student, link="https://git.example.org/a",
        declared_own_work=True,
    )  # fmt: skip
    project_services.submission_review(submission_id=submission.pk, by=enrolment.mentor, approve=True)
    return enrolment


def test_trn3_a_sitting_is_planned_only_for_a_jury_with_an_industry_member_and_a_school_representative():
    jury = JuryFactory()
    JuryMemberFactory(jury=jury, kind=JuryMember.Kind.INDUSTRY)
    with pytest.raises(services.JuryError, match=r"add a school representative\.$"):
        _session(jury)
    assert not JurySession.objects.exists()
    JuryMemberFactory(jury=jury, kind=JuryMember.Kind.SCHOOL)
    assert _session(jury).pk


def test_trn3_a_panel_has_one_of_each_too(jury):
    session = _session(jury)
    industry, school = jury.members.order_by("kind")
    with pytest.raises(services.JuryError, match=r"A panel sits with .* add a school representative"):
        services.panel_save(panel=Panel(session=session, name="A"), members=[industry])
    assert not Panel.objects.exists()
    panel = services.panel_save(panel=Panel(session=session, name="A"), members=[industry, school])
    assert set(panel.members.all()) == {industry, school}


def test_trn1_a_student_is_registered_only_once_every_project_is_approved(jury):
    session = _session(jury)
    enrolment = EnrolmentFactory(path=jury.path)
    project = PathProjectFactory(path=jury.path).project
    with pytest.raises(services.JuryError, match=r"^Not eligible for a jury yet \(TRN-1\): .*\(TRN-1 a\)\.$"):
        services.candidacy_register(enrolment=enrolment, session=session)
    submission = project_services.submission_submit(
        enrolment=enrolment, project_id=project.pk, by=enrolment.student, link="https://git.example.org/a",
        declared_own_work=True,
    )  # fmt: skip
    with pytest.raises(services.JuryError, match="Not eligible"):
        services.candidacy_register(enrolment=enrolment, session=session)
    project_services.submission_review(submission_id=submission.pk, by=enrolment.mentor, approve=True)
    assert (
        services.candidacy_register(enrolment=enrolment, session=session).status
        == Candidacy.Status.REGISTERED
    )


@pytest.mark.parametrize("tie", ["mentor", "former_mentor", "validator", "board", "declared"])
def test_trn3_a_member_tied_to_the_candidate_does_not_sit_on_their_panel(jury, tie):
    session = _session(jury)
    industry, school = jury.members.order_by("kind")
    enrolment = _eligible(jury)
    candidacy = services.candidacy_register(enrolment=enrolment, session=session)
    panel = services.panel_save(panel=Panel(session=session, name="A"), members=[industry, school])
    person = school.user
    if tie == "mentor":
        type(enrolment).objects.filter(pk=enrolment.pk).update(mentor=person)
    elif tie == "former_mentor":  # the enrolment's history remembers an earlier mentor
        enrolment.mentor = person
        enrolment.save()
        enrolment.mentor = UserFactory(roles=["mentor"])
        enrolment.save()
    elif tie == "validator":
        PresentationFactory(submission=enrolment.submissions.get(), validating_mentor=person)
    elif tie == "board":
        BoardSeatFactory(case=CaseFactory(enrolment=enrolment), user=person)
    else:
        DeclaredConflict.objects.create(
            member=school, enrolment=enrolment, reason="My nephew.", declared_at=timezone.now()
        )
    reason = {
        "mentor": "mentored the candidate",
        "former_mentor": "mentored the candidate",
        "validator": "validated one of the candidate's presentations",
        "board": "sat on the candidate's Disciplinary Board",
        "declared": "declared a conflict of interest",
    }[tie]
    with pytest.raises(services.JuryError, match=f"Conflict of interest: {person.get_full_name()} {reason}"):
        services.candidacy_assign_panel(candidacy=candidacy, panel=panel)
    assert Candidacy.objects.get(pk=candidacy.pk).panel is None


def test_trn3_a_member_without_ties_sits_and_a_panel_cannot_take_in_a_conflicted_member_later(jury):
    session = _session(jury)
    industry, school = jury.members.order_by("kind")
    enrolment = _eligible(jury)
    candidacy = services.candidacy_register(enrolment=enrolment, session=session)
    panel = services.panel_save(panel=Panel(session=session, name="A"), members=[industry, school])
    assert services.candidacy_assign_panel(candidacy=candidacy, panel=panel).panel == panel
    mentor_on_jury = JuryMemberFactory(jury=jury, user=enrolment.mentor, kind=JuryMember.Kind.SCHOOL)
    with pytest.raises(services.JuryError, match="mentored the candidate"):
        services.panel_save(panel=panel, members=[industry, school, mentor_on_jury])


def test_trn3_before_a_full_jury_no_member_may_be_tied_to_the_candidate(jury):
    session = _session(jury, format_=JurySession.Format.FULL)
    enrolment = _eligible(jury)
    JuryMemberFactory(jury=jury, user=enrolment.mentor, kind=JuryMember.Kind.SCHOOL)
    with pytest.raises(services.JuryError, match="mentored the candidate"):
        services.candidacy_register(enrolment=enrolment, session=session)
    assert not Candidacy.objects.exists()


def test_trn3_a_jury_member_declares_a_conflict_and_leaves_the_candidates_panel(jury):
    session = _session(jury)
    industry, school = jury.members.order_by("kind")
    candidacy = services.candidacy_register(enrolment=_eligible(jury), session=session)
    panel = services.panel_save(panel=Panel(session=session, name="A"), members=[industry, school])
    services.candidacy_assign_panel(candidacy=candidacy, panel=panel)
    with pytest.raises(services.JuryError, match="Only a member of this jury"):
        services.conflict_declare(
            candidacy_id=candidacy.pk, by=UserFactory(roles=["jury_member"]), reason="x"
        )
    with pytest.raises(services.JuryError, match="Say what ties you"):
        services.conflict_declare(candidacy_id=candidacy.pk, by=school.user, reason=" ")
    conflict = services.conflict_declare(
        candidacy_id=candidacy.pk, by=school.user, reason="Former colleague."
    )
    assert services.conflict_declare(candidacy_id=candidacy.pk, by=school.user, reason="Again.") == conflict
    candidacy.refresh_from_db()
    assert candidacy.panel is None
    assert candidacy.history.first().history_change_reason.startswith("Panel left: a member declared")
    assert conflict.history.first().history_user == school.user


# --- The verdict (TRN-4) --------------------------------------------------------------------------------


@pytest.fixture
def sitting(jury):
    """A sitting that started an hour ago, in panels, with an eligible candidate on panel A."""
    session = _session(jury)
    industry, school = jury.members.order_by("kind")
    panel = services.panel_save(panel=Panel(session=session, name="A"), members=[industry, school])
    enrolment = _eligible(jury)
    SkillFactory(project=enrolment.submissions.get().project, name="Secure an API")
    candidacy = services.candidacy_register(enrolment=enrolment, session=session)
    services.candidacy_assign_panel(candidacy=candidacy, panel=panel)
    JurySession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    return {"candidacy": candidacy, "industry": industry, "school": school, "enrolment": enrolment}


def _refuse(sitting, by, **kwargs):
    skill = Skill.objects.get(name="Secure an API")
    kwargs = {
        "decision": "refused",
        "reasons": "The API does not authenticate users.",
        "skill_ids": [skill.pk],
        "remedial": [services.Remedial("Secure the review API", "Add JWT authentication.")],
    } | kwargs
    return services.verdict_record(candidacy_id=sitting["candidacy"].pk, by=by, **kwargs)


def test_trn4_a_refusal_names_the_skills_and_sets_remedial_projects_and_is_final(sitting):
    verdict = _refuse(sitting, sitting["industry"].user)
    assert verdict.decision == "refused"
    assert list(verdict.skills_to_improve.values_list("name", flat=True)) == ["Secure an API"]
    project = verdict.remedial_projects.get()
    assert (project.title, project.status, list(project.skills.values_list("name", flat=True))) == (
        "Secure the review API",
        "assigned",
        ["Secure an API"],
    )
    assert Candidacy.objects.get(pk=sitting["candidacy"].pk).status == Candidacy.Status.DECIDED
    assert OutboundEmail.objects.filter(key=f"jury-verdict:{verdict.pk}").count() == 1
    with pytest.raises(services.JuryError, match=r"verdict is final \(TRN-4\)"):
        _refuse(sitting, sitting["school"].user, decision="awarded")
    assert Verdict.objects.count() == 1


def test_trn4_a_refusal_without_a_remedial_project_or_a_skill_is_refused(sitting):
    with pytest.raises(services.JuryError, match="Set one remedial project"):
        _refuse(sitting, sitting["industry"].user, remedial=[])
    with pytest.raises(services.JuryError, match="Name the skills to improve"):
        _refuse(sitting, sitting["industry"].user, skill_ids=[])
    assert not Verdict.objects.exists()


def test_trn4_an_award_completes_the_training(sitting):
    verdict = services.verdict_record(
        candidacy_id=sitting["candidacy"].pk, by=sitting["school"].user, decision="awarded"
    )
    enrolment = type(sitting["enrolment"]).objects.get(pk=sitting["enrolment"].pk)
    assert (verdict.decision, enrolment.status, enrolment.ended_on) == (
        "awarded",
        "completed",
        timezone.localdate(),
    )


def test_trn3_trn4_only_the_candidates_panel_decides_once_the_sitting_started(sitting, jury):
    outsider = JuryMemberFactory(jury=jury, kind=JuryMember.Kind.INDUSTRY).user
    with pytest.raises(services.JuryError, match="Only a member of the candidate's panel"):
        _refuse(sitting, outsider)
    JurySession.objects.filter(pk=sitting["candidacy"].session_id).update(
        starts_at=timezone.now() + timedelta(minutes=1)
    )
    with pytest.raises(services.JuryError, match="once it has started"):
        _refuse(sitting, sitting["industry"].user)
    assert not Verdict.objects.exists()


# --- Remedial projects (TRN-4) ----------------------------------------------------------------------------


def test_trn4_the_student_hands_in_the_remedial_project_a_jury_member_approves_it_and_not_the_mentor(
    sitting,
    jury,
):
    verdict = _refuse(sitting, sitting["industry"].user)
    remedial = verdict.remedial_projects.get()
    enrolment = sitting["enrolment"]
    session = _session(jury)
    with pytest.raises(services.JuryError, match=r"1 remedial project of the last refusal"):
        services.candidacy_register(enrolment=enrolment, session=session)
    with pytest.raises(services.JuryError, match=r"\(IP-1\)"):
        services.remedial_submit(
            remedial_id=remedial.pk,
            student=enrolment.student,
            link="https://git.example.org/r",
            declared_own_work=False,
        )
    services.remedial_submit(
        remedial_id=remedial.pk,
        student=enrolment.student,
        link="https://git.example.org/r",
        declared_own_work=True,
    )
    assert OutboundEmail.objects.filter(key__startswith=f"remedial-submitted:{remedial.pk}:").count() == 1
    with pytest.raises(services.JuryError, match=r"approved by jury members, not by the mentor \(TRN-4\)"):
        services.remedial_review(remedial_id=remedial.pk, by=enrolment.mentor, approve=True)
    services.remedial_review(remedial_id=remedial.pk, by=sitting["school"].user, approve=True)
    remedial.refresh_from_db()
    assert (remedial.status, remedial.approved_by) == ("approved", sitting["school"].user)
    # Every remedial project approved: registered before the next planned sitting of the path's jury.
    again = Candidacy.objects.get(enrolment=enrolment, session=session)
    assert again.status == Candidacy.Status.REGISTERED
    email = OutboundEmail.objects.get(key__startswith=f"remedial-reviewed:{remedial.pk}:")
    assert "you are registered before the jury again" in email.body


def test_trn4_with_no_sitting_planned_the_approved_student_waits_for_student_success(sitting):
    remedial = _refuse(sitting, sitting["industry"].user).remedial_projects.get()
    enrolment = sitting["enrolment"]
    services.remedial_submit(
        remedial_id=remedial.pk, student=enrolment.student, link="https://git.example.org/r",
        declared_own_work=True,
    )  # fmt: skip
    services.remedial_review(remedial_id=remedial.pk, by=sitting["school"].user, approve=True)
    assert Candidacy.objects.filter(enrolment=enrolment).count() == 1  # the refused one only
    email = OutboundEmail.objects.get(key__startswith=f"remedial-reviewed:{remedial.pk}:")
    assert "Student Success registers you before a jury again as soon as a sitting is planned" in email.body


def test_trn3_trn4_registered_again_at_the_first_sitting_free_of_conflicts(sitting, jury):
    """The next sitting sits as a full jury with a member who declared a conflict about the student: the
    student is registered before the one after."""
    remedial = _refuse(sitting, sitting["industry"].user).remedial_projects.get()
    enrolment = sitting["enrolment"]
    conflicted = JuryMemberFactory(jury=jury, kind=JuryMember.Kind.SCHOOL)
    DeclaredConflict.objects.create(
        member=conflicted, enrolment=enrolment, reason="My nephew.", declared_at=timezone.now()
    )
    full = _session(jury, format_=JurySession.Format.FULL)
    later = _session(jury)
    JurySession.objects.filter(pk=later.pk).update(starts_at=full.starts_at + timedelta(days=7))
    services.remedial_submit(
        remedial_id=remedial.pk, student=enrolment.student, link="https://git.example.org/r",
        declared_own_work=True,
    )  # fmt: skip
    services.remedial_review(remedial_id=remedial.pk, by=sitting["school"].user, approve=True)
    assert list(
        Candidacy.objects.filter(enrolment=enrolment, status="registered").values_list("session", flat=True)
    ) == [later.pk]


def test_trn4_a_remedial_project_sent_back_says_what_to_change_and_is_handed_in_again(sitting):
    remedial = _refuse(sitting, sitting["industry"].user).remedial_projects.get()
    student = sitting["enrolment"].student
    services.remedial_submit(
        remedial_id=remedial.pk, student=student, link="https://git.example.org/r", declared_own_work=True
    )
    with pytest.raises(services.JuryError, match="Say what to change"):
        services.remedial_review(remedial_id=remedial.pk, by=sitting["industry"].user, approve=False)
    services.remedial_review(
        remedial_id=remedial.pk, by=sitting["industry"].user, approve=False, comment="No tests."
    )
    assert (
        services.remedial_submit(
            remedial_id=remedial.pk,
            student=student,
            link="https://git.example.org/r2",
            declared_own_work=True,
        ).status
        == "submitted"
    )


def test_trn3_trn4_a_jury_member_tied_to_the_candidate_does_not_review_their_remedial_project(sitting, jury):
    remedial = _refuse(sitting, sitting["industry"].user).remedial_projects.get()
    enrolment = sitting["enrolment"]
    services.remedial_submit(
        remedial_id=remedial.pk,
        student=enrolment.student,
        link="https://git.example.org/r",
        declared_own_work=True,
    )
    JuryMemberFactory(jury=jury, user=enrolment.mentor, kind=JuryMember.Kind.SCHOOL)
    with pytest.raises(services.JuryError, match="You mentored the candidate"):
        services.remedial_review(remedial_id=remedial.pk, by=enrolment.mentor, approve=True)
