from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: staff create accounts and the person sets a password from an invitation."""

    def is_open_for_signup(self, request) -> bool:
        return False
