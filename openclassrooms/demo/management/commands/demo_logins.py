from django.core.management.base import BaseCommand

from ...data import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the application's URL and the demo login of every role."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url: str, **options):
        width = max(len(role) for role, _ in DEMO_LOGINS)
        lines = [
            "",
            f"  The application is at {url}",
            f"  Sign in with any of these demo logins; the password of each is: {DEMO_PASSWORD}",
            "",
            *(f"    {role:<{width}}  {email}" for role, email in DEMO_LOGINS),
            "",
            "  E-mails the application sends are written as files under var/mail/. Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write("\n".join(lines))
