import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext_lazy as _

from openclassrooms.core.services import email_enqueue_written

from . import security


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: staff create accounts and the person sets a password from an invitation."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Issue 17: allauth's e-mails (a password reset link, "no account here") go through the outbox, as
        the school's own do: recorded, then sent by a worker after commit, so that a mail server or a broker
        that is down never holds a sign-in page. Their text is blanked once sent (it may hold a reset link).
        The context is allauth's own."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        email_enqueue_written(
            key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4().hex}",
            to=message.to,
            subject=message.subject,
            body=message.body,
            holds_link=True,
        )


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
