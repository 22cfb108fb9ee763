from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo school (``make run``, the tests); never installed in production."""

    name = "openclassrooms.demo"
    label = "demo"
    verbose_name = "Demo data"
