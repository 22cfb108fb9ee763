"""How the admin's history pages name people, rules and empty values."""

from django import template
from simple_history.models import DeletedObject

register = template.Library()


@register.filter
def history_value(value):
    """An empty link is "—", not simple-history's "Deleted user (pk=None)"."""
    if isinstance(value, DeletedObject) and value.pk is None:
        return "—"
    return "—" if value in (None, "") else value
