import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...data import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the code the demo's authenticator app shows now: the second step of signing in as a demo "
        "member of staff, jury, Committee or Board (they all share the published demo secret)."
    )

    def handle(self, *args, **options):
        now = time.time()
        period = mfa_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now) // period))
        left = period - int(now) % period
        self.stdout.write(code)
        valid = ngettext(
            "Valid for %(left)s more second; each code signs a person in once.",
            "Valid for %(left)s more seconds; each code signs a person in once.",
            left,
        ) % {"left": left}
        secret = _("Or add the secret %(secret)s to an authenticator app.") % {"secret": DEMO_TOTP_SECRET}
        self.stderr.write(f"{valid} {secret}")
