from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "discipline"
    verbose_name = "Disciplinary Board"

    def ready(self) -> None:
        # AppConfig.ready: connecting the receivers needs the apps loaded.
        from . import receivers  # noqa: F401, PLC0415
