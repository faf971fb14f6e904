from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "salonbook.accounts"
