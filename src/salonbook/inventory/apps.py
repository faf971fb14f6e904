from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "salonbook.inventory"
    label = "inventory"
    verbose_name = "Inventory"
