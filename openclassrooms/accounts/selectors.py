"""Reads on accounts."""

from .models import User

# The details of a person's profile that a correction may change (GDPR art. 16), as the user table keeps them.
PROFILE_FIELDS = ("first_name", "last_name", "phone", "postal_address", "time_zone")


def user_profile(*, user_id: int) -> dict[str, str]:
    """The profile as it is now in the database (not as a signed-in request's copy of the user says)."""
    return User.objects.values(*PROFILE_FIELDS).get(pk=user_id)
