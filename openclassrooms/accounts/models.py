import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import Role


def _new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


def _default_language() -> str:
    """The school's language (``LANGUAGE_CODE``) until the person chooses theirs."""
    return settings.LANGUAGE_CODE


class AccountManager(UserManager):
    """E-mail is the login: no username anywhere."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    phone = models.CharField(max_length=32, blank=True, verbose_name=_("phone"))
    postal_address = models.TextField(
        max_length=500,
        blank=True,
        help_text=_("Where registered letters are sent (DIS-8): street, postcode, town."),
        verbose_name=_("postal address"),
    )
    time_zone = models.CharField(max_length=64, default="Europe/Paris", verbose_name=_("time zone"))
    # Issue 16: their pages, e-mails and letters are in this language.
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=_default_language, verbose_name=_("language")
    )
    # Private iCalendar feed: a secret in the URL, regenerated on demand (mentoring, issue 3).
    calendar_token = models.CharField(
        max_length=64,
        unique=True,
        default=_new_calendar_token,
        editable=False,
        verbose_name=_("calendar token"),
    )
    invited_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the invitation e-mail went out."),
        verbose_name=_("invited at"),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login", "calendar_token"])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = AccountManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def role_names(self) -> set[str]:
        """Names of the role groups this user holds (cached per instance)."""
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.role_names
