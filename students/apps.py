from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Students and enrolments")

    def ready(self) -> None:
        # AppConfig.ready: the domain events are registered once the apps are loaded.
        from . import signals  # noqa: F401, PLC0415
