from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openclassrooms.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        # AppConfig.ready: the services and the role permissions need the apps loaded.
        from . import middleware, permissions, services  # noqa: F401, PLC0415  (registers the role permissions)

        post_migrate.connect(services.roles_sync_after_migrate, sender=self)
        # Issue 14: the session timeouts of those who must use two-step sign-in count from the sign-in.
        user_logged_in.connect(
            middleware.session_mark_signed_in, dispatch_uid="accounts.session_mark_signed_in"
        )
