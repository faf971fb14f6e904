"""The demo as an installed app: no models, only the `load_demo` command."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "salonbook.demo"
    label = "demo"
    verbose_name = "Demo salon"
