from django.core.management.base import BaseCommand

from openclassrooms.accounts.roles import Role
from openclassrooms.accounts.rules import MFA_REQUIRED_ROLES

from ...data import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the application's URL and the demo login of every role."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url: str, **options):
        width = max(len(role) for role, _ in DEMO_LOGINS)
        by_label = {role.label: str(role) for role in Role}
        lines = [
            "",
            f"  The application is at {url}",
            f"  Sign in with any of these demo logins; the password of each is: {DEMO_PASSWORD}",
            "",
            *(
                f"    {role:<{width}}  {email}"
                + ("  (then a code)" if by_label[role] in MFA_REQUIRED_ROLES else "")
                for role, email in DEMO_LOGINS
            ),
            "",
            "  Those marked 'then a code' sign in in two steps: get the current code with",
            "  `.venv/bin/python manage.py demo_code`, or add this secret to an authenticator app:",
            f"  {DEMO_TOTP_SECRET}",
            "",
            "  E-mails the application sends are written as files under var/mail/. Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write("\n".join(lines))
