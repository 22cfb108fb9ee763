from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo school (``make run``, the tests); never installed in production."""

    name = "openclassrooms.demo"
    label = "demo"
    verbose_name = _("Demo data")
