from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring and attendance")

    def ready(self) -> None:
        # AppConfig.ready: connecting the receivers needs the apps loaded.
        from . import receivers, signals  # noqa: F401, PLC0415
