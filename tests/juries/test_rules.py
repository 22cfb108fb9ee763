"""TRN-3 and TRN-1 (c)'s gate on their boundaries, without the database."""

import pytest

from juries import rules

TIES = rules.CandidateTies(
    mentors=frozenset({1}), validators=frozenset({2}), board=frozenset({3}), declared=frozenset({4})
)


@pytest.mark.parametrize(
    ("kinds", "missing"),
    [
        ({"industry", "school"}, None),
        (["industry", "industry", "school"], None),
        ({"industry"}, "add a school representative."),
        ({"school"}, "add an industry professional."),
        (set(), "add an industry professional and a school representative."),
    ],
)
def test_trn3_a_jury_sits_with_an_industry_professional_and_a_school_representative(kinds, missing):
    problem = rules.composition_problem(kinds)
    if missing is None:
        assert problem is None
    else:
        assert problem.startswith("A jury sits with at least one industry professional and one school")
        assert problem.endswith(missing)


def test_trn3_a_panel_too():
    assert rules.composition_problem(["industry"], panel=True).startswith("A panel sits with")


def test_trn1_registration_waits_until_a_and_b_hold():
    assert rules.registration_problem(trn1_missing=[]) is None
    assert rules.registration_problem(trn1_missing=["API: to be approved by the mentor (TRN-1 a)"]) == (
        "Not eligible for a jury yet (TRN-1): API: to be approved by the mentor (TRN-1 a)."
    )


@pytest.mark.parametrize(
    ("user_id", "reason"),
    [
        (1, "mentored the candidate"),
        (2, "validated one of the candidate's presentations"),
        (3, "sat on the candidate's Disciplinary Board"),
        (4, "declared a conflict of interest"),
        (5, None),
    ],
)
def test_trn3_each_tie_to_the_candidate_is_a_conflict_of_interest(user_id, reason):
    assert rules.conflict_reason(user_id, TIES) == reason


def test_trn3_a_panel_with_a_conflicted_member_is_refused_with_each_reason():
    assert rules.panel_conflict_problem([(5, "Ana"), (6, "Bo")], TIES) is None
    assert rules.panel_conflict_problem([(5, "Ana"), (1, "Marc"), (3, "Lea")], TIES) == (
        "Conflict of interest: Marc mentored the candidate; Lea sat on the candidate's Disciplinary Board. "
        "Choose a panel without them."
    )


VERDICT = {
    "decided": False,
    "sits_on_panel": True,
    "conflict": None,
    "sitting_started": True,
    "decision": "refused",
    "reasons": "The API is not secured.",
    "skills_to_improve": 1,
    "remedial_projects": 1,
}


def test_trn4_a_refusal_names_a_skill_to_improve_and_sets_one_remedial_project_at_least():
    assert rules.verdict_problem(**VERDICT) is None
    assert (
        rules.verdict_problem(**VERDICT | {"skills_to_improve": 0}) == "Name the skills to improve (TRN-4)."
    )
    assert rules.verdict_problem(**VERDICT | {"remedial_projects": 0}).startswith("Set one remedial project")
    assert rules.verdict_problem(**VERDICT | {"reasons": " "}).startswith("Say why the diploma is refused")
    award = VERDICT | {"decision": "awarded", "reasons": "", "skills_to_improve": 0, "remedial_projects": 0}
    assert rules.verdict_problem(**award) is None


def test_trn4_the_verdict_is_final():
    assert rules.verdict_problem(**VERDICT | {"decided": True}) == (
        "The jury's verdict is final (TRN-4): it is not recorded twice, nor changed."
    )


def test_trn3_trn4_only_an_unconflicted_member_of_the_panel_decides_once_the_sitting_started():
    assert rules.verdict_problem(**VERDICT | {"sits_on_panel": False}).startswith("Only a member")
    assert rules.verdict_problem(**VERDICT | {"conflict": "mentored the candidate"}) == (
        "You mentored the candidate: you do not decide on this candidate (TRN-3)."
    )
    assert rules.verdict_problem(**VERDICT | {"sitting_started": False}).startswith("Record the verdict at")


def test_trn4_registration_after_a_refusal_waits_for_every_remedial_project():
    assert rules.registration_problem(trn1_missing=[], remedial_open=1) == (
        "1 remedial project of the last refusal still to be approved by jury members (TRN-4)."
    )
    assert rules.registration_problem(trn1_missing=[], remedial_open=2).startswith("2 remedial projects")
    assert rules.registration_problem(trn1_missing=[], remedial_open=0) is None


REVIEW = {"jury_member": True, "conflict": None, "submitted": True, "approve": True, "comment": ""}


def test_trn4_a_jury_member_approves_a_remedial_project_and_the_mentor_cannot():
    assert rules.remedial_review_problem(**REVIEW) is None
    assert rules.remedial_review_problem(**REVIEW | {"jury_member": False}) == (
        "Remedial projects are approved by jury members, not by the mentor (TRN-4)."
    )
    assert rules.remedial_review_problem(**REVIEW | {"conflict": "mentored the candidate"}).startswith(
        "You mentored the candidate"
    )
    assert rules.remedial_review_problem(**REVIEW | {"submitted": False}).startswith("This remedial project")
    assert rules.remedial_review_problem(**REVIEW | {"approve": False}).startswith("Say what to change")
