import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group

from openclassrooms.accounts.models import User
from openclassrooms.accounts.roles import ROLE_PERMISSIONS, Role
from openclassrooms.accounts.security import mfa_required
from openclassrooms.accounts.services import user_totp_activate

PASSWORD = "correct-horse-battery-staple"
# The authenticator app the factory gives to whoever must use two-step sign-in (base32, as apps read it).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, *, at: float | None = None) -> str:
    """The code an authenticator app on ``secret`` shows at ``at``. Now by default, or in a moment when the
    code is about to change, so that it is still the code when the server checks it."""
    period = mfa_settings.TOTP_PERIOD
    if at is None:
        left = period - time.time() % period
        if left < 3:
            time.sleep(left + 0.1)
        at = time.time()
    return format_hotp_value(hotp_value(secret, int(at) // period))


def totp_code_of(user) -> str:
    """The current code of the person's authenticator app, read from their stored secret."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code(decrypt(authenticator.data["secret"]))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    postal_address = factory.Sequence(lambda n: f"{n} rue des Écoles\n75005 Paris")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))

            if any(ROLE_PERMISSIONS[Role(r)][0] for r in extracted):
                self.is_staff = True
                self.save(update_fields=["is_staff"])

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        """Whoever must use two-step sign-in (issue 14) gets an authenticator app on TOTP_SECRET, as if they
        had added it at their first sign-in; ``mfa=False`` leaves them without (to test the enrolment),
        ``mfa=True`` gives one to anyone (a student who opted in)."""
        if not create or extracted is False:
            return
        required = mfa_required(self)
        self.__dict__.pop("_role_names", None)  # asked again when the test changes the roles
        if extracted or required:
            user_totp_activate(user=self, secret=TOTP_SECRET)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """allauth requires a verified e-mail address to sign in."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
