from django.apps import AppConfig


class ClientbaseConfig(AppConfig):
    name = "salonbook.clientbase"
