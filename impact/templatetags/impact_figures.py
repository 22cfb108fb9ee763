"""A figure of the Impact Committee as a person reads it: "66.7 %" in English, "66,7 %" in French."""

from django import template
from django.utils.translation import gettext as _

from openclassrooms.core.templatetags.wording import figure

from ..measures import unit_label

register = template.Library()


@register.filter
def with_unit(value, unit) -> str:
    """A figure and its unit: "66.7 %", "66,7 %" (a no-break space before % in French), "12 days"."""
    number = figure(value)
    if not unit:
        return number
    if unit == "%":
        return _("%(figure)s %%") % {"figure": number}
    return _("%(figure)s %(unit)s") % {"figure": number, "unit": unit_label(unit)}


@register.filter
def unit_words(unit) -> str:
    """A unit of the catalogue in the reader's language; a unit the Committee typed, as typed."""
    return unit_label(unit or "")
