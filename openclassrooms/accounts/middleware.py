"""The signed-in person's language (issue 16), and issue 14, sign-in: sessions that end for those who judge
students, and two-step sign-in they cannot skip.

``SessionTimeoutMiddleware`` signs out whoever must use two-step sign-in after ``SESSION_IDLE_TIMEOUT``
without a request or ``SESSION_ABSOLUTE_TIMEOUT`` after signing in (OWASP ASVS V3.3.2), and says why.
``MFAEnrolmentMiddleware`` sends such a person who has no authenticator yet to add one, from every page but
the few they need to do it (or to leave), and the pages anyone may read without signing in.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from . import rules, security

SIGNED_IN_AT = "signin.signed_in_at"
LAST_SEEN_AT = "signin.last_seen_at"
# What the policy says of the signed-in person: {"user": pk, "required": bool, "enrolled": bool, "at": ts}.
POLICY = "signin.policy"
# Where the person was going when they were sent to add an authenticator: they land there once it is done.
ENROL_NEXT = "signin.enrol_next"
# The session notes the last request, and asks the policy again, at most this often: a burst of requests
# writes the session once, and a page issues no query for the policy. So a session may end up to this much
# before SESSION_IDLE_TIMEOUT after the last request, never after; a new role, or a Board seat, takes effect
# within this time (or at the next sign-in).
NOTE_EVERY = timedelta(seconds=60)

# The pages someone who must add an authenticator may still open: adding one (an app or a security key,
# with the password asked again first), their recovery codes, the two-step sign-in overview, signing out.
ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_index",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
    }
)


class PersonLanguageMiddleware:
    """A signed-in person reads every page in the language of their profile (``User.language``), whatever the
    browser asks; LocaleMiddleware, before it, chose for everyone else (the switch's cookie, then the
    browser's Accept-Language, then French)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and request.user.language:
            translation.activate(request.user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def _policy_now(user, now: datetime) -> dict:
    required = security.mfa_required(user)
    enrolled = required and security.mfa_enrolled(user)
    return {"user": user.pk, "required": required, "enrolled": enrolled, "at": now.timestamp()}


def session_mark_signed_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """user_logged_in: the timeouts count from here, and the policy is asked for this person."""
    now = timezone.now()
    request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = now.timestamp()
    request.session[POLICY] = _policy_now(user, now)
    user.__dict__.pop("_role_names", None)  # the caller's object: its roles are read afresh when asked


def _policy(request: HttpRequest) -> dict:
    """The session's note of the policy, asked again when older than NOTE_EVERY, and at every request of
    someone who must add an authenticator until they have (so that they go on at once)."""
    if getattr(request, "_signin_policy", None) is None:
        user, now = request.user, timezone.now()
        policy = request.session.get(POLICY)
        if (
            not isinstance(policy, dict)
            or policy.get("user") != user.pk
            or now - _moment(policy.get("at", 0)) >= NOTE_EVERY
            or (policy.get("required") and not policy.get("enrolled"))
        ):
            policy = request.session[POLICY] = _policy_now(user, now)
        request._signin_policy = policy
    return request._signin_policy


def _moment(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and _policy(request)["required"]:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session, now = request.session, timezone.now()
        # A session opened before these rules existed counts from the first request they see.
        signed_in_at = session.setdefault(SIGNED_IN_AT, now.timestamp())
        last_seen_at = session.setdefault(LAST_SEEN_AT, now.timestamp())
        idle = timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)
        absolute = timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT)
        ended = rules.session_end(
            signed_in_at=_moment(signed_in_at),
            last_seen_at=_moment(last_seen_at),
            now=now,
            idle=idle,
            absolute=absolute,
        )
        if ended is None:
            if now - _moment(last_seen_at) >= NOTE_EVERY:
                session[LAST_SEEN_AT] = now.timestamp()
            return
        logout(request)
        if ended == rules.SessionEnd.IDLE:
            text = _(
                "You were signed out after %(duration)s without activity, to protect students' records. Sign "
                "in again to continue."
            ) % {"duration": rules.duration_in_words(idle)}
        else:
            text = _(
                "You were signed out: for your role a session lasts at most %(duration)s, to protect "
                "students' records. Sign in again to continue."
            ) % {"duration": rules.duration_in_words(absolute)}
        messages.info(request, text)


class MFAEnrolmentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not request.user.is_authenticated or self._exempt(request, view_func):
            return None
        policy = _policy(request)
        if not policy["required"] or policy["enrolled"]:
            return None
        target = reverse("mfa_activate_totp")
        is_htmx = request.headers.get("HX-Request") == "true"
        if request.method == "GET" and not is_htmx:
            request.session[ENROL_NEXT] = request.get_full_path()
        else:
            request.session.setdefault(ENROL_NEXT, reverse("home"))
        messages.warning(
            request,
            _(
                "Your role gives you access to students' records, so signing in takes two steps: your "
                "password and a code from an authenticator app on your phone. Add the app now (you first "
                "confirm your password): it takes a minute, then you go on to the page you asked for."
            ),
        )
        if is_htmx:
            return HttpResponseClientRedirect(target)
        return redirect(target)

    @staticmethod
    def _exempt(request: HttpRequest, view_func) -> bool:
        """The enrolment pages, and every page that needs no sign-in: Django's ``login_not_required`` marks
        them (allauth's sign-in and password-reset pages, the public reports, diploma checks, /healthz)."""
        if getattr(view_func, "login_required", True) is False:
            return True
        match = request.resolver_match
        if match is not None and match.view_name in ENROLMENT_URL_NAMES:
            return True
        return request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL))
