"""A product's card, under /settings/products/: the root URL conf adds these patterns to the
"products" namespace beside the catalogue's product list (templates keep `products:edit`)."""

from django.urls import path

from salonbook.inventory import product_views

urlpatterns = [
    path("new/", product_views.product_new, name="new"),
    path("<int:product_id>/", product_views.product_edit, name="edit"),
]
