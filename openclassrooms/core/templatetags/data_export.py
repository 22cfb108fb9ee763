"""The "Your data" card of the student's page: ask for a copy of their whole record, and the state of the
last one (being prepared, ready to download until a date, expired). Core's, so any page may show it."""

from django import template
from django.conf import settings
from django.utils import timezone

from openclassrooms.core import exports, selectors

register = template.Library()


@register.inclusion_tag("core/_data_export.html", takes_context=True)
def data_export_card(context):
    request = context["request"]
    export = selectors.export_latest(student_id=request.user.pk)
    now = timezone.now()
    return {
        "export": export,
        "state": exports.state(export, now=now),
        "new_copy_from": exports.new_copy_from(export, now=now),
        "days": settings.EXPORT_LINK_DAYS,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
