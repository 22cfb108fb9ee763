"""The private calendar link of the person reading the page, on every dashboard that has dated events."""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("core/_calendar.html", takes_context=True)
def calendar_card(context, what: str):
    request = context["request"]
    url = request.build_absolute_uri(reverse("calendar_feed", args=[request.user.calendar_token]))
    return {"url": url, "what": what, "request": request, "csrf_token": context.get("csrf_token")}
