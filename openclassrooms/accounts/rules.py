"""Accounts as pure functions: who must use two-step sign-in and when a session ends (issue 14), which
languages a person may read (issue 16)."""

from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .roles import Role

# Issue 14: whoever judges students or reads their records signs in with a second step (MFA): staff, the
# Disciplinary Board, jury members, the Impact Committee and the company Board. Students and mentors opt in.
MFA_REQUIRED_ROLES = frozenset(str(role) for role in Role if role not in (Role.STUDENT, Role.MENTOR))


def role_requires_mfa(*, roles: set[str], is_staff: bool, is_superuser: bool) -> bool:
    """Issue 14: staff and superusers, and anyone holding one of MFA_REQUIRED_ROLES."""
    return is_staff or is_superuser or bool(MFA_REQUIRED_ROLES & set(roles))


class SessionEnd(StrEnum):
    IDLE = "idle"
    ABSOLUTE = "absolute"


def session_end(
    *, signed_in_at: datetime, last_seen_at: datetime, now: datetime, idle: timedelta, absolute: timedelta
) -> SessionEnd | None:
    """OWASP ASVS V3.3.2: a session ends ``absolute`` after signing in, whatever the person does, or ``idle``
    after their last request, whichever comes first; exactly at the limit it has ended."""
    if now - signed_in_at >= absolute:
        return SessionEnd.ABSOLUTE
    if now - last_seen_at >= idle:
        return SessionEnd.IDLE
    return None


def duration_in_words(delta: timedelta) -> str:
    """30 minutes, 12 hours, 1 hour 30 minutes, 45 seconds: for messages to people, in the active language."""
    seconds = int(delta.total_seconds())
    units = (
        (3600, lambda n: ngettext("%(count)s hour", "%(count)s hours", n)),
        (60, lambda n: ngettext("%(count)s minute", "%(count)s minutes", n)),
        (1, lambda n: ngettext("%(count)s second", "%(count)s seconds", n)),
    )
    parts = []
    for size, unit in units:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(unit(count) % {"count": count})
    return " ".join(parts) or _("0 seconds")


def language_problem(language: str) -> str | None:
    """Issue 16: a person reads one of the languages the school offers (``LANGUAGES``)."""
    return None if language in dict(settings.LANGUAGES) else _("Choose one of the languages offered.")
