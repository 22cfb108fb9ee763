"""Each person's private calendar feed: every app's dated events (core.calendars), behind a secret link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from openclassrooms.core import calendars

from . import services
from .models import User


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A private iCalendar feed: the secret token in the URL is the only key (calendar apps don't sign in)."""
    user = get_object_or_404(User, calendar_token=token, is_active=True)
    body = calendars.render(user=user, now=timezone.now())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    services.user_regenerate_calendar_token(user=request.user)
    messages.success(request, "Your calendar link was renewed: the old one no longer works.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "home"
    return redirect(target)
