"""Sign-in policy as pure functions (issue 14): who must use two-step sign-in, when a session ends."""

from datetime import datetime, timedelta
from enum import StrEnum

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
    """30 minutes, 12 hours, 1 hour 30 minutes, 45 seconds: for messages to people."""
    seconds = int(delta.total_seconds())
    parts = []
    for size, unit in ((3600, "hour"), (60, "minute"), (1, "second")):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {unit}{'' if count == 1 else 's'}")
    return " ".join(parts) or "0 seconds"
