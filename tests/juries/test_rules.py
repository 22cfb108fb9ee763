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
    assert rules.composition_problem(["industry"], what="A panel").startswith("A panel sits with")


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
