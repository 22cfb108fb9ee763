from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openclassrooms.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import permissions, services  # noqa: F401  (registers the role permissions)

        post_migrate.connect(services.roles_sync_after_migrate, sender=self)
