from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "salonbook.loyalty"
    label = "loyalty"
    verbose_name = "Loyalty"
