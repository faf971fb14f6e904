from django.apps import AppConfig


class VisitsConfig(AppConfig):
    # No models: an app so that its templates and static files are found.
    name = "salonbook.visits"
