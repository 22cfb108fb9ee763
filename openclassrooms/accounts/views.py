"""Each person's private calendar feed: every app's dated events (core.calendars), behind a secret link;
adding an authenticator app when two-step sign-in is required (issue 14)."""

from allauth.mfa.totp.views import ActivateTOTPView
from allauth.mfa.webauthn.views import AddWebAuthnView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openclassrooms.core import calendars

from . import services
from .forms import LanguageForm
from .middleware import ENROL_NEXT
from .models import User


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's own login page never takes a password (issue 14): whoever signs in goes through allauth's
    form, with its rate limits and two-step sign-in. Signed out: sent there; staff: on to the admin; anyone
    else signed in: 403 (a student must not reach a form that would sign in as someone else)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
    if not request.user.is_staff:
        raise PermissionDenied
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    return redirect(target)


@login_not_required  # calendar apps don't sign in: the secret in the URL is the key
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A private iCalendar feed: the secret token in the URL is the only key (calendar apps don't sign in)."""
    user = get_object_or_404(User, calendar_token=token, is_active=True)
    # Calendar apps send no language: the feed is in the person's own (issue 16).
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = calendars.render(user=user, now=timezone.now())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    services.user_regenerate_calendar_token(user=request.user)
    messages.success(request, _("Your calendar link was renewed: the old one no longer works."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "home"
    return redirect(target)


class _LandWhereGoing:
    """On allauth's pages that add an app or a key: someone the sign-in policy sent there lands, once it is
    added, on the page they were going to, with their recovery codes offered; others see them at once."""

    def get_success_url(self) -> str:
        target = self.request.session.pop(ENROL_NEXT, None)
        if target is None:
            return super().get_success_url()
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            target = reverse("home")
        if self.did_generate_recovery_codes:
            messages.success(
                self.request,
                format_html(
                    _(
                        "Two-step sign-in is on. Keep your recovery codes somewhere safe: each lets you sign "
                        'in once without your phone or key. <a href="{url}">See and download your recovery '
                        "codes</a>."
                    ),
                    url=reverse("mfa_view_recovery_codes"),
                ),
            )
        return target


class TOTPActivateView(_LandWhereGoing, ActivateTOTPView):
    """Adding an authenticator app (allauth's page)."""


class WebAuthnAddView(_LandWhereGoing, AddWebAuthnView):
    """Adding a security key or a passkey (allauth's page)."""


totp_activate = TOTPActivateView.as_view()
webauthn_add = WebAuthnAddView.as_view()


@require_POST
@login_not_required
def language_choose(request: HttpRequest) -> HttpResponse:
    """The language switch on every page (issue 16): a signed-in person's choice goes into their profile, so
    their e-mails and letters follow it too; anyone's is kept in a cookie for the pages read signed out."""
    form = LanguageForm(request.POST)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("home")
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages offered."))
        return redirect(back)
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    translation.activate(language)
    response = redirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
