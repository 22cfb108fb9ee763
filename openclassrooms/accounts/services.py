"""Writes on accounts: role groups, user creation and invitations, corrections of a profile."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.services import email_enqueue
from openclassrooms.core.workflows import history_note

from . import rules
from .models import User, _new_calendar_token
from .roles import ROLE_PERMISSIONS, Role
from .selectors import PROFILE_FIELDS


class AccountError(PolicyError):
    pass


def roles_sync() -> None:
    """Create every role group and give it exactly the permissions ROLE_PERMISSIONS names (idempotent)."""
    for role, (_staff, perm_names) in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        wanted = []
        for name in perm_names:
            app_label, codename = name.split(".")
            wanted.append((app_label, codename))
        perms = Permission.objects.filter(
            content_type__app_label__in={a for a, _ in wanted}, codename__in={c for _, c in wanted}
        ).select_related("content_type")
        group.permissions.set([p for p in perms if (p.content_type.app_label, p.codename) in set(wanted)])


def roles_sync_after_migrate(sender, using="default", apps=None, **kwargs) -> None:
    """post_migrate: make sure every app's permissions exist first, then give the groups theirs."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()


def _is_staff_for(roles: set[str]) -> bool:
    return any(ROLE_PERMISSIONS[Role(r)][0] for r in roles)


@transaction.atomic
def user_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    roles: set[str],
    password: str | None = None,
    invite: bool = True,
    postal_address: str = "",
    language: str | None = None,
) -> User:
    """Staff create accounts (no public sign-up). Without a password the person gets an invitation, in
    ``language`` (the school's by default)."""
    language = language or settings.LANGUAGE_CODE
    if problem := rules.language_problem(language):
        raise AccountError(problem)
    user = User.objects.create_user(
        language=language,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_staff=_is_staff_for(roles),
        postal_address=postal_address.strip(),
    )
    user_set_roles(user=user, roles=roles)
    if invite and password is None:
        user_invite(user_id=user.pk)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: set[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown role(s): {', '.join(sorted(unknown))}")
    user.groups.set(Group.objects.filter(name__in=roles))
    staff = _is_staff_for(roles) or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_names", None)


@transaction.atomic
def user_update(
    *,
    user: User,
    by,
    first_name: str,
    last_name: str,
    phone: str,
    time_zone: str,
    is_active: bool,
    roles: set[str],
    postal_address: str | None = None,
    language: str | None = None,
) -> User:
    """Staff change a person's name, contact, time zone, language, roles, or close the account (never
    delete it: their records keep pointing at them)."""
    if user.pk == by.pk and not is_active:
        raise AccountError(_("You cannot close your own account."))
    if user.pk == by.pk and roles != user.role_names and not by.is_superuser:
        raise AccountError(_("You cannot change your own roles; ask another member of staff."))
    user.first_name, user.last_name, user.phone = first_name, last_name, phone
    user.time_zone, user.is_active = time_zone, is_active
    if postal_address is not None:
        user.postal_address = postal_address.strip()
    if language is not None:
        if problem := rules.language_problem(language):
            raise AccountError(problem)
        user.language = language
    history_note(user, by=by)
    user.save(
        update_fields=[
            "first_name",
            "last_name",
            "phone",
            "time_zone",
            "language",
            "is_active",
            "postal_address",
        ]
    )
    user_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """The person's own choice of language for their pages, e-mails and letters (issue 16), in their
    history."""
    if problem := rules.language_problem(language):
        raise AccountError(problem)
    if user.language != language:
        user.language = language
        history_note(user, by=user)
        user.save(update_fields=["language"])
    return user


class ProfileChanged(AccountError):
    """The detail no longer holds the value a correction was asked against."""

    def __init__(self, message: str, *, current: str):
        super().__init__(message)
        self.current = current


@transaction.atomic
def user_profile_update(
    *,
    user_id: int,
    field: str,
    value: str,
    by,
    reason: str,
    expected: str | None = None,
    now=None,
) -> User:
    """Change one detail of a person's profile (GDPR art. 16), recorded in their history with ``reason``.

    With ``expected``, the change is refused when the detail no longer holds that value (someone changed
    it meanwhile): the row is locked, so the check and the change are one."""
    if field not in PROFILE_FIELDS:
        raise AccountError(_("This detail of a profile cannot be corrected this way."))
    user = User.objects.select_for_update().get(pk=user_id)
    current = getattr(user, field)
    if expected is not None and current != expected:
        raise ProfileChanged(_("This detail changed since the correction was asked for."), current=current)
    setattr(user, field, value)
    history_note(user, by=by, at=now or timezone.now(), reason=reason)
    user.save(update_fields=[field])
    return user


def invitation_url(user: User) -> str:
    """The allauth password-reset-from-key link serves as the invitation to set a first password."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def user_invite(*, user_id: int) -> bool:
    """Send the invitation e-mail once. Returns False when it had already gone out."""
    user = User.objects.select_for_update().get(pk=user_id)
    if user.invited_at is not None:
        return False
    email_enqueue(
        key=f"invitation:{user.pk}",
        to=[user.email],
        template="accounts/email/invitation",
        context={"user": user, "url": invitation_url(user)},
        holds_link=True,
    )
    user.invited_at = timezone.now()
    user.save(update_fields=["invited_at"])
    return True


def users_invite_pending() -> int:
    """Invite every active user who has never been invited and has no password yet."""
    ids = list(
        User.objects.filter(is_active=True, invited_at__isnull=True, password__startswith="!").values_list(
            "pk", flat=True
        )
    )
    return sum(user_invite(user_id=pk) for pk in ids)


def user_regenerate_calendar_token(*, user: User) -> str:
    """A new secret for the private calendar feed; the old URL stops working at once."""
    user.calendar_token = _new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


@transaction.atomic
def user_totp_activate(*, user: User, secret: str) -> Authenticator:
    """Give a person an authenticator app on a known secret, with recovery codes, as allauth's own page does
    (the demo school's staff and the tests' users; people add theirs at /accounts/2fa/). Idempotent."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing
    authenticator = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    return authenticator
