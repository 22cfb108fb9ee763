from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def add_hours(value, hours):
    """A deadline shown to the person who must meet it, e.g. 24 hours before a session (ATT-2)."""
    if value is None:
        return None
    return value + timedelta(hours=int(hours))
