from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openclassrooms.core"
    label = "core"
    verbose_name = "Core"
