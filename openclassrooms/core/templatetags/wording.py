"""How an outcome's explanation reads to a student: in words, with the rule as a small reference."""

import re

from django import template
from django.utils.html import format_html

register = template.Library()

RULE_AT_END = re.compile(r"^(?P<words>.*?)\s*\((?P<rule>[A-Z]{2,3}-\d+(?:, [A-Z]{2,3}-\d+)*)\)\s*$")


@register.filter
def in_words(explanation: str):
    """ "Unauthorised absence — joined 16 minutes after the start (ATT-4)" beside the outcome's badge reads
    "Joined 16 minutes after the start" with a small "ATT-4": the outcome is not said twice."""
    if not explanation:
        return ""
    _outcome, dash, detail = explanation.partition(" — ")
    text = detail if dash else explanation
    match = RULE_AT_END.match(text)
    if match is None:
        return text[:1].upper() + text[1:]
    words = match["words"]
    return format_html('{} <small class="rule">{}</small>', words[:1].upper() + words[1:], match["rule"])
