import textwrap

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from openclassrooms.accounts.roles import Role
from openclassrooms.accounts.rules import MFA_REQUIRED_ROLES

from ...data import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_SECRET

COMMAND = "`.venv/bin/python manage.py demo_code`"


def _paragraph(text: str) -> list[str]:
    """A translated sentence, wrapped and indented; the command in it is never cut in two."""
    kept = text.replace(COMMAND, COMMAND.replace(" ", "\0"))
    lines = textwrap.wrap(kept, width=100, break_long_words=False, break_on_hyphens=False)
    return [f"  {line.replace(chr(0), ' ')}" for line in lines]


class Command(BaseCommand):
    help = "Print the application's URL and the demo login of every role."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url: str, **options):
        logins = [(str(role), email) for role, email in DEMO_LOGINS]
        width = max(len(role) for role, _email in logins)
        by_label = {str(role.label): str(role) for role in Role}
        then_a_code = _("(then a code)")
        lines = [
            "",
            "  " + _("The application is at %(url)s") % {"url": url},
            *_paragraph(
                _("Sign in with any of these demo logins; the password of each is: %(password)s")
                % {"password": DEMO_PASSWORD}
            ),
            "",
            *(
                f"    {role:<{width}}  {email}"
                + (f"  {then_a_code}" if by_label[role] in MFA_REQUIRED_ROLES else "")
                for role, email in logins
            ),
            "",
            *_paragraph(
                _(
                    "Those marked 'then a code' sign in in two steps: get the current code with %(command)s, "
                    "or add this secret to an authenticator app:"
                )
                % {"command": COMMAND}
            ),
            f"  {DEMO_TOTP_SECRET}",
            "",
            *_paragraph(
                _("E-mails the application sends are written as files under var/mail/. Press Ctrl-C to stop.")
            ),
            "",
        ]
        self.stdout.write("\n".join(lines))
