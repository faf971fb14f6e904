"""The product list, under /settings/products/. The root URL conf adds a product's card
(inventory.product_urls: it shows the stock) to this "products" namespace."""

from django.urls import path

from salonbook.catalog import product_views

app_name = "products"

urlpatterns = [
    path("", product_views.product_list, name="list"),
]
