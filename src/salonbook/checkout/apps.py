from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "salonbook.checkout"
    label = "checkout"
    verbose_name = "Checkout"
