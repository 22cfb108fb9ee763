"""Texts for students say the outcome once, in words, with the rule as a small reference."""

import pytest

from openclassrooms.core.templatetags.wording import in_words


@pytest.mark.parametrize(
    ("explanation", "reads"),
    [
        (
            "Unauthorised absence — joined 16 minutes after the start (ATT-4)",
            'Joined 16 minutes after the start <small class="rule">ATT-4</small>',
        ),
        (
            "Cancelled by the mentor — never counts against you (ATT-7)",
            'Never counts against you <small class="rule">ATT-7</small>',
        ),
        ("Attended (ATT-1)", 'Attended <small class="rule">ATT-1</small>'),
        ("Not logged yet", "Not logged yet"),
        ("", ""),
    ],
)
def test_an_explanation_reads_in_words_without_repeating_the_outcome(explanation, reads):
    assert str(in_words(explanation)) == reads


def test_the_words_are_escaped():
    assert "&lt;b&gt;" in str(in_words("Unauthorised absence — <b>bold</b> (ATT-4)"))
