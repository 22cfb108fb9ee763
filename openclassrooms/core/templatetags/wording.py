"""How records read: an outcome in words with its rule as a small reference; a figure as a number."""

import re
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
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


@register.filter
def figure(value) -> str:
    """66.70 reads "66.7" ("66,7" in French: the reader's decimal mark), 25.00 reads "25" and 5745.25 stays:
    no stored digits, no exponent."""
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return "" if value is None else str(value)
    text = f"{number:f}"
    return number_format(Decimal(text.rstrip("0").rstrip(".") if "." in text else text))
