from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring and attendance"

    def ready(self) -> None:
        # AppConfig.ready: connecting the receivers needs the apps loaded.
        from . import receivers, signals  # noqa: F401, PLC0415
