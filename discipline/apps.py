from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    name = "discipline"
    verbose_name = _("Disciplinary Board")

    def ready(self) -> None:
        # AppConfig.ready: connecting the receivers needs the apps loaded.
        from . import receivers  # noqa: F401, PLC0415
