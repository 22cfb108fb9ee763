"""Reads for the sign-in policy (issue 14): who must use two-step sign-in, and who has an authenticator."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils.module_loading import import_string

from . import rules

# The authenticators the sign-in asks a code or a key of (recovery codes only back them up).
SECOND_STEPS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def mfa_required(user) -> bool:
    """Issue 14: staff, superusers, the roles of ``rules.MFA_REQUIRED_ROLES``, and whoever one of
    ``settings.MFA_REQUIRED_IF`` names (a seat on a Disciplinary Board: discipline answers, accounts asks)."""
    if not user.is_authenticated:
        return False
    if rules.role_requires_mfa(roles=user.role_names, is_staff=user.is_staff, is_superuser=user.is_superuser):
        return True
    return any(import_string(path)(user) for path in settings.MFA_REQUIRED_IF)


def mfa_enrolled(user) -> bool:
    """The person has an authenticator app (or a security key) the sign-in asks for."""
    return is_mfa_enabled(user, SECOND_STEPS)
