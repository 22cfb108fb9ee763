"""Corrections of a student's profile (GDPR art. 16) in ``students.rules``: pure functions, no database.

Each test sits on one side of a boundary: a name of 150 characters and one of 151, a phone number of 7 and
8 digits, of 15 and 16, an address of 500 characters and one of 501, the same value and one letter apart,
a correction waiting on this detail and one waiting on another.
"""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openclassrooms.accounts.selectors import PROFILE_FIELDS as ACCOUNT_PROFILE_FIELDS
from students.models import ProfileField
from students.rules import (
    ADDRESS_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PROFILE_FIELDS,
    correction_answer_by,
    profile_correction_problem,
    profile_value_clean,
    profile_value_problem,
)

ADDRESS = "12 rue des Lilas\n69003 Lyon"


def test_the_details_a_student_may_correct_are_the_same_everywhere():
    assert list(PROFILE_FIELDS) == list(ACCOUNT_PROFILE_FIELDS) == ProfileField.values


# --- Cleaning what was typed ---------------------------------------------------------------------------


def test_a_name_loses_the_spaces_around_and_inside_it():
    assert profile_value_clean("last_name", "  Le   Goff \n") == "Le Goff"


def test_an_address_keeps_its_lines_each_trimmed_blank_ones_dropped():
    typed = "  12  rue des Lilas \r\n\r\n 69003   Lyon  \r\n"
    assert profile_value_clean("postal_address", typed) == ADDRESS


# --- Names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_blank_name_is_refused(field):
    assert profile_value_problem(field, profile_value_clean(field, "   ")) == (
        "A name cannot be empty: write it as it should read."
    )


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_one_letter_name_is_accepted(field):
    assert profile_value_problem(field, "Ö") is None


def test_a_name_of_150_characters_is_accepted():
    assert profile_value_problem("last_name", "a" * NAME_MAX_LENGTH) is None


def test_a_name_of_151_characters_is_refused():
    assert (
        profile_value_problem("last_name", "a" * (NAME_MAX_LENGTH + 1)) == "A name is 150 characters at most."
    )


def test_a_name_without_a_letter_is_refused():
    assert profile_value_problem("first_name", "123 -") == "A name is written in letters."


def test_a_name_with_a_hyphen_and_an_apostrophe_is_accepted():
    assert profile_value_problem("last_name", "N'Diaye-Ørsted") is None


# --- Phone numbers ------------------------------------------------------------------------------------


def test_a_phone_number_of_7_digits_is_refused():
    assert profile_value_problem("phone", "612 34 56") == (
        "A phone number has 8 to 15 digits, such as +33 6 12 34 56 78; this one has 7."
    )


def test_a_phone_number_of_8_digits_is_accepted():
    assert profile_value_problem("phone", "6123 4567") is None


def test_a_phone_number_of_15_digits_is_accepted():
    assert profile_value_problem("phone", "+" + "1" * 15) is None


def test_a_phone_number_of_16_digits_is_refused():
    assert "this one has 16" in profile_value_problem("phone", "+" + "1" * 16)


@pytest.mark.parametrize(
    "typed", ["06 12 34 56 78", "+33 6.12.34.56.78", "(020) 7946-0958", "+1 212/555-0100"]
)
def test_a_phone_number_as_people_write_it_is_accepted(typed):
    assert profile_value_problem("phone", typed) is None


@pytest.mark.parametrize("typed", ["06 12 34 56 7B", "call 0612345678", "06+12345678"])
def test_a_phone_number_with_letters_or_a_misplaced_plus_is_refused(typed):
    assert profile_value_problem("phone", typed) == (
        "Write the phone number with digits, spaces, dots or dashes, starting with + if it is abroad."
    )


def test_a_phone_number_of_32_characters_is_accepted_and_of_33_refused():
    assert profile_value_problem("phone", "06 . 12 . 34 . 56 . 78 . . . . .") is None  # 32
    assert profile_value_problem("phone", "06 . 12 . 34 . 56 . 78 . . . . .-") == (  # 33
        "Write the phone number with digits, spaces, dots or dashes, starting with + if it is abroad."
    )


def test_an_empty_phone_number_removes_it():
    assert profile_value_problem("phone", "") is None


# --- Postal addresses ---------------------------------------------------------------------------------


def test_a_blank_address_is_refused():
    assert profile_value_problem("postal_address", profile_value_clean("postal_address", " \n ")) == (
        "Give your postal address: registered letters are sent there."
    )


def test_an_address_on_one_line_is_refused():
    assert profile_value_problem("postal_address", "12 rue des Lilas 69003 Lyon") == (
        "Write the street on one line, and the postcode and town on the next."
    )


def test_an_address_on_two_lines_with_a_postcode_is_accepted():
    assert profile_value_problem("postal_address", ADDRESS) is None


def test_an_address_without_a_postcode_is_refused():
    assert (
        profile_value_problem("postal_address", "rue des Lilas\nLyon") == "Give the postcode with the town."
    )


def test_an_address_of_500_characters_is_accepted():
    value = ADDRESS + "x" * (ADDRESS_MAX_LENGTH - len(ADDRESS))
    assert len(value) == 500
    assert profile_value_problem("postal_address", value) is None


def test_an_address_of_501_characters_is_refused():
    value = ADDRESS + "x" * (ADDRESS_MAX_LENGTH + 1 - len(ADDRESS))
    assert profile_value_problem("postal_address", value) == "A postal address is 500 characters at most."


# --- Time zones ---------------------------------------------------------------------------------------


def test_a_time_zone_the_clocks_know_is_accepted():
    assert profile_value_problem("time_zone", "America/Guadeloupe") is None


@pytest.mark.parametrize("typed", ["Europe/Pariss", "", "Paris"])
def test_a_time_zone_the_clocks_do_not_know_is_refused(typed):
    assert profile_value_problem("time_zone", typed) == (
        f"“{typed}” is not a time zone: choose one such as Europe/Paris."
    )


def test_a_detail_that_is_not_on_the_profile_is_refused():
    assert (
        profile_value_problem("email", "someone@example.org")
        == "Choose which detail of your profile to correct."
    )
    assert profile_correction_problem(field="password", current="", asked="x", pending_fields=()) == (
        "Choose which detail of your profile to correct."
    )


@given(field=st.sampled_from([*PROFILE_FIELDS, "email"]), typed=st.text(max_size=600))
def test_any_text_gets_an_answer_never_an_error(field, typed):
    problem = profile_value_problem(field, profile_value_clean(field, typed))
    assert problem is None or isinstance(problem, str) and problem


# --- The correction: a different value, one waiting per detail -------------------------------------------


def test_the_value_the_profile_already_holds_is_refused():
    assert profile_correction_problem(
        field="last_name", current="Dupont", asked="Dupont", pending_fields=()
    ) == ("Your profile already says this: write the value it should say instead.")


def test_the_same_value_with_other_spaces_is_the_same_value():
    assert profile_correction_problem(
        field="postal_address", current=" 12 rue des Lilas\r\n69003  Lyon", asked=ADDRESS, pending_fields=()
    ) == ("Your profile already says this: write the value it should say instead.")


def test_a_value_one_letter_apart_is_accepted():
    assert (
        profile_correction_problem(field="last_name", current="Dupont", asked="Dupond", pending_fields=())
        is None
    )


def test_a_change_of_capitals_only_is_a_correction():
    assert (
        profile_correction_problem(field="last_name", current="dupont", asked="Dupont", pending_fields=())
        is None
    )


def test_a_blank_name_is_refused_even_when_the_profile_has_one():
    assert profile_correction_problem(field="first_name", current="Léa", asked="", pending_fields=()) == (
        "A name cannot be empty: write it as it should read."
    )


def test_a_second_correction_of_a_detail_waiting_for_an_answer_is_refused():
    assert profile_correction_problem(
        field="phone", current="0612345678", asked="0698765432", pending_fields={"phone"}
    ) == (
        "You already asked for a correction of this detail: Student Success answers it before you ask again."
    )


def test_a_correction_of_another_detail_while_one_waits_is_accepted():
    assert (
        profile_correction_problem(
            field="phone", current="0612345678", asked="0698765432", pending_fields={"postal_address"}
        )
        is None
    )


# --- GDPR art. 12(3): answered within one month -----------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "answer_by"),
    [
        (date(2027, 3, 15), date(2027, 4, 15)),
        (date(2027, 1, 31), date(2027, 2, 28)),  # no 31 February: its last day
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2027, 12, 20), date(2028, 1, 20)),
    ],
)
def test_a_correction_is_answered_within_one_calendar_month(asked, answer_by):
    assert correction_answer_by(asked) == answer_by
