from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from . import security


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: staff create accounts and the person sets a password from an invitation."""

    def is_open_for_signup(self, request) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):
    """Issue 14: who must use two-step sign-in cannot remove their last app or key (students and mentors who
    opted in can); with an app and a key, or two keys, one of them may go."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your role requires two-step sign-in, so it cannot be turned off. To move it to a new phone, ask "
            "the site's administrators to reset it: you will then add the new phone."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type in security.SECOND_STEPS and security.mfa_required(authenticator.user):
            others = Authenticator.objects.filter(
                user_id=authenticator.user_id, type__in=security.SECOND_STEPS
            ).exclude(pk=authenticator.pk)
            if not others.exists():
                return False
        return super().can_delete_authenticator(authenticator)
