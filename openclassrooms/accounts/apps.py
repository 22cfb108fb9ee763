from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "openclassrooms.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        # AppConfig.ready: the services and the role permissions need the apps loaded.
        from . import permissions, services  # noqa: F401, PLC0415  (registers the role permissions)

        post_migrate.connect(services.roles_sync_after_migrate, sender=self)
