from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "salonbook.web"
    label = "web"
    verbose_name = "Pages"
