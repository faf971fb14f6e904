from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "salonbook.sync"
