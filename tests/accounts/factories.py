import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from openclassrooms.accounts.models import User
from openclassrooms.accounts.roles import ROLE_PERMISSIONS, Role

PASSWORD = "correct-horse-battery-staple"


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
    def verified(self, create, extracted, **kwargs):
        """allauth requires a verified e-mail address to sign in."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
